//! What templates see of pages, terms, people and reviews: serde values
//! built from the site model, one function per thing shown.

use super::*;

/// What pages call taxonomy `tax`: the theme string `taxonomy_<name>` (how
/// a site names it in each language, `i18n/es.toml`), else its `title`,
/// else the theme's "Topics" for `tags`, else its name in words ("Body region").
pub fn taxonomy_title(tax: &Taxonomy, strings: &dyn Fn(&str) -> String) -> String {
    let key = format!("taxonomy_{}", tax.name());
    let translated = strings(&key);
    let title = tax.config.title.trim();
    if translated != key && !translated.trim().is_empty() {
        translated
    } else if !title.is_empty() {
        title.to_string()
    } else if tax.name() == "tags" {
        strings("tags_index_title")
    } else {
        crate::text::title_from_name(tax.name())
    }
}

/// A taxonomy as templates get it: `name`, `title`, `url`, whether it is
/// in the main navigation (`menu`) and how many terms it has.
pub(super) fn taxonomy_value(tax: &Taxonomy, templates: &Templates) -> Value {
    json!({
        "name": tax.name(),
        "title": taxonomy_title(tax, &|k| templates.string(k)),
        "url": tax.url(),
        "menu": tax.config.menu,
        "count": tax.terms.len(),
    })
}

pub(super) fn term_links<'a>(
    site: &Site,
    terms: impl Iterator<Item = (usize, &'a TagRef)>,
) -> Value {
    Value::Array(
        terms
            .map(|(t, term)| {
                json!({"name": term.name, "url": site.taxonomies[t].term_url(&term.slug)})
            })
            .collect(),
    )
}

/// Every term of page `p`, with its taxonomy's index.
pub(super) fn page_terms(p: &Page) -> impl Iterator<Item = (usize, &TagRef)> {
    p.terms
        .iter()
        .enumerate()
        .flat_map(|(t, terms)| terms.iter().map(move |term| (t, term)))
}

/// `page.terms` (`{taxonomy name: [{name, url}]}`) and `page.taxonomies`
/// (those the page has terms of, each with its `title` and `terms`).
pub(super) fn terms_values(site: &Site, templates: &Templates, p: &Page) -> (Value, Value) {
    let mut by_name = Map::new();
    let mut listed = Vec::new();
    for (t, tax) in site.taxonomies.iter().enumerate() {
        let terms = p.terms.get(t).map_or(&[][..], Vec::as_slice);
        let links = term_links(site, terms.iter().map(|term| (t, term)));
        if !terms.is_empty() {
            let mut v = taxonomy_value(tax, templates);
            v["terms"] = links.clone();
            listed.push(v);
        }
        by_name.insert(tax.name().to_string(), links);
    }
    (Value::Object(by_name), Value::Array(listed))
}

/// For a page listed in place of a missing translation: the language it
/// is written in (`tag`, `name`), so lists can mark it; null otherwise.
pub(super) fn fallback_language(site: &Site, p: &Page) -> Value {
    if !p.fallback {
        return Value::Null;
    }
    let lang = &site.translations.languages[0];
    json!({"tag": lang.tag, "name": lang.name})
}

/// What list pages show of a page.
pub(super) fn summary(site: &Site, i: usize) -> Value {
    let p = &site.pages[i];
    json!({
        "title": p.title,
        "url": p.url,
        "kind": kind_name(p.kind),
        "description": p.description,
        "date": date_value(p.date),
        "date_display": date_display(site, p.date),
        "modified_display": date_display(site, p.modified()),
        "language": fallback_language(site, p),
        "reading_minutes": p.reading_minutes,
        "question_count": p.questions.len(),
        "tags": term_links(site, page_terms(p).take(SUMMARY_TAGS)),
        "tag_count": p.terms.iter().map(Vec::len).sum::<usize>(),
    })
}

pub(super) fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Article => "article",
        Kind::Section => "section",
        Kind::Faq => "faq",
        Kind::Person => "person",
    }
}

/// A person as pages show them: from their profile when `who` is a
/// person's id, else just the name as written.
pub(super) fn person_value(site: &Site, who: &str) -> Value {
    match site.person(who) {
        Some(i) => profile_value(site, i),
        None => json!({"name": who, "url": Value::Null}),
    }
}

/// Person page `i`'s profile, as pages and the team list show it.
pub(super) fn profile_value(site: &Site, i: usize) -> Value {
    let p = &site.pages[i];
    let none = crate::content::Profile::default();
    let profile = p.person.as_deref().unwrap_or(&none);
    json!({
        "id": p.person_id(),
        "name": p.title,
        "url": p.url,
        "role": profile.role,
        "credentials": profile.credentials,
        "registration": profile.registration,
        "registration_url": profile.registration_url,
        "photo": profile.photo.as_ref().map(|a| &a.url),
        "bio": p.body.html,
    })
}

/// The review block's facts: last review, next due, and how that stands today.
pub(super) fn review_value(site: &Site, p: &Page) -> Value {
    let months = site.config.review_interval_months;
    let due = p.review_due(months);
    let status = p.review_status(months, site.today);
    json!({
        "last": date_value(p.reviewed),
        "last_display": date_display(site, p.reviewed),
        "next": date_value(due),
        "next_display": date_display(site, due),
        "status": status,
        "overdue": status == crate::content::ReviewStatus::Overdue,
    })
}

pub(super) fn references_value(p: &Page) -> Value {
    Value::Array(
        p.references
            .iter()
            .map(|r| {
                let mut v = json!(r);
                v["link"] = json!(r.link());
                v
            })
            .collect(),
    )
}

/// The pages a person wrote and reviewed, newest first, for their profile.
pub(super) fn work_of(site: &Site, id: &str) -> (Vec<usize>, Vec<usize>) {
    let of = |pick: fn(&Page) -> Option<&String>| -> Vec<usize> {
        let mut list: Vec<usize> = site
            .articles
            .iter()
            .chain(&site.faqs)
            .copied()
            .filter(|&i| pick(&site.pages[i]).is_some_and(|a| a == id))
            .collect();
        crate::site::order_articles(&site.pages, &mut list);
        list
    };
    (of(|p| p.author.as_ref()), of(|p| p.reviewed_by.as_ref()))
}

pub(super) fn questions_value(p: &Page) -> Value {
    Value::Array(
        p.questions
            .iter()
            .map(|q| json!({"question": q.question, "id": q.id, "answer": q.answer.html}))
            .collect(),
    )
}

pub(super) fn page_value(site: &Site, i: usize, templates: &Templates) -> Value {
    let reserved_ids = &templates.reserved_ids;
    let p = &site.pages[i];
    let terms = terms_values(site, templates, p);
    let mut v = json!({
        "kind": kind_name(p.kind),
        "title": p.title,
        "description": p.description,
        "url": p.url,
        "permalink": site.config.permalink(&p.url),
        "date": date_value(p.date),
        "date_display": date_display(site, p.date),
        "updated": date_value(p.updated),
        "updated_display": date_display(site, p.updated),
        "reviewed": date_value(p.reviewed),
        "reviewed_display": date_display(site, p.reviewed),
        "expires": date_value(p.expires),
        "scheduled": p.scheduled,
        "author": p.author.as_deref().map(|a| person_value(site, a)),
        "reviewer": p.reviewed_by.as_deref().map(|r| person_value(site, r)),
        "review": if p.is_reviewable() { review_value(site, p) } else { Value::Null },
        "references": references_value(p),
        "image": p.image.as_ref().map(|a| &a.url),
        "image_alt": p.image_alt,
        "person": (p.kind == Kind::Person).then(|| profile_value(site, i)),
        "tags": term_links(site, page_terms(p)),
        "terms": terms.0,
        "taxonomies": terms.1,
        "content": p.body.html,
        "toc": p.body.toc(),
        "words": p.words,
        "reading_minutes": p.reading_minutes,
        "extra": p.extra,
        "collapsed": p.collapsed,
        "questions": questions_value(p),
    });
    if let Some(f) = site.embedded_faq(i) {
        let fp = &site.pages[f];
        // Ids are unique per output page: an embedded question whose id a
        // heading of the article (or the template) already has takes the
        // next free one here; on the FAQ's own page it keeps its own.
        let mut used: std::collections::HashSet<String> =
            p.body.headings.iter().map(|h| h.id.to_string()).collect();
        let questions: Vec<Value> = fp
            .questions
            .iter()
            .map(|q| {
                let id = crate::markdown::unique_id(&mut used, reserved_ids, q.id.clone());
                json!({"question": q.question, "id": id, "answer": q.answer.html})
            })
            .collect();
        v["faq"] = json!({"title": fp.title, "url": fp.url, "questions": questions, "collapsed": fp.collapsed});
    }
    v
}

/// The `page` of a generated listing (`/faq/`, `/people/`) that no
/// section file provides: its title and URL, nothing written.
pub(super) fn listing_page(title: &str, url: &str) -> Value {
    json!({"title": title, "content": "", "description": "", "url": url, "kind": "section"})
}

pub(super) fn team(site: &Site) -> Value {
    Value::Array(site.team.iter().map(|&i| profile_value(site, i)).collect())
}

pub(super) fn faq_list(site: &Site) -> Value {
    Value::Array(
        site.faqs
            .iter()
            .map(|&i| {
                let mut s = summary(site, i);
                s["questions"] = Value::Array(
                    site.pages[i]
                        .questions
                        .iter()
                        .map(|q| json!({"question": q.question, "id": q.id}))
                        .collect(),
                );
                s
            })
            .collect(),
    )
}
