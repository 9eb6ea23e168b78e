//! What the build refuses before rendering: people who are not on the
//! team, and front matter the page's template cannot show.

use super::*;

/// Checks front-matter references (template, embedded FAQ) so a typo fails
/// the build at the line that made it.
pub fn validate(site: &Site, templates: &Templates) -> Result<()> {
    let mut errors = Vec::new();
    for i in 0..site.pages.len() {
        page_problems(site, templates, i, &mut errors);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::many(errors))
    }
}

/// [`validate`] for one page, after an edit.
pub fn validate_page(site: &Site, templates: &Templates, i: usize) -> Result<()> {
    let mut errors = Vec::new();
    page_problems(site, templates, i, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::many(errors))
    }
}

/// Whether `who` is written like a person's id (`priya-shah`) rather than a
/// name (`Priya Shah`): on a site with people, an id naming nobody is a typo.
pub(super) fn looks_like_id(who: &str) -> bool {
    !who.is_empty()
        && who
            .chars()
            .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// `author:` and `reviewed_by:` must name people the site has.
pub(super) fn people_problems(site: &Site, p: &Page, errors: &mut Vec<Error>) {
    // Who there is, for the message: worked out only when there is one.
    let known = || {
        let mut ids: Vec<&str> = site.people.keys().map(String::as_str).collect();
        ids.sort();
        if ids.is_empty() {
            "the site has no people yet: add content/people/<id>.yaml with `name:`, `role:` and `credentials:`".to_string()
        } else {
            format!("people: {} (content/people/<id>.yaml)", ids.join(", "))
        }
    };
    if let Some(a) = &p.author {
        if site.person(a).is_none() && !site.people.is_empty() && looks_like_id(a) {
            errors.push(Error::content(
                p.at("author"),
                format!(
                    "`author: {a}` is nobody's id; {}; or write the author's full name",
                    known()
                ),
            ));
        }
    }
    if let Some(r) = &p.reviewed_by {
        if site.person(r).is_none() {
            errors.push(Error::content(
                p.at("reviewed_by"),
                format!("`reviewed_by: {r}` is nobody's id: a reviewer needs a profile with their credentials; {}", known()),
            ));
        }
    }
}

pub(super) fn page_problems(site: &Site, templates: &Templates, i: usize, errors: &mut Vec<Error>) {
    let p = &site.pages[i];
    people_problems(site, p, errors);
    {
        if let Some((t, at)) = p.template.as_deref() {
            if !templates.has(t) {
                let mut known: Vec<&str> = templates
                    .sources
                    .keys()
                    .filter(|n| !n.contains('/'))
                    .map(String::as_str)
                    .collect();
                known.sort();
                errors.push(Error::content(
                    at.clone(),
                    format!(
                        "unknown template {t:?}; templates available: {}",
                        known.join(", ")
                    ),
                ));
            }
        }
        if let Some((name, at)) = p.faq.as_deref() {
            if site.embedded_faq(i).is_none() {
                let candidates = site.faq_candidates(name);
                let message = if candidates.len() > 1 {
                    let paths: Vec<String> = candidates
                        .iter()
                        .map(|&c| site.pages[c].path.display().to_string())
                        .collect();
                    let first = &site.pages[candidates[0]].rel;
                    let example = first.rsplit_once('.').map_or(first.as_str(), |(s, _)| s);
                    format!(
                        "`faq: {name}` is ambiguous: {} all match; name one by its folder, e.g. `faq: {example}`",
                        paths.join(" and ")
                    )
                } else {
                    format!("no FAQ file named {name:?} (looked for content/**/{name}.yaml)")
                };
                errors.push(Error::content(at.clone(), message));
            }
        }
    }
}
