//! Links: internal links and anchors against the rendered pages' ids,
//! pages that moved without a redirect, and (with --external) other sites.

use super::*;

/// Every element id in a page, and those that occur more than once. Read
/// with an HTML parser, so any quoting of the attribute counts.
pub(super) fn html_ids(html: &str) -> (HashSet<String>, Vec<String>) {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let mut ids = HashSet::new();
    let mut dups = Vec::new();
    let settings = RewriteStrSettings {
        element_content_handlers: vec![element!("[id]", |el| {
            if let Some(id) = el.get_attribute("id") {
                if !ids.insert(id.clone()) && !dups.contains(&id) {
                    dups.push(id);
                }
            }
            Ok(())
        })],
        ..RewriteStrSettings::new()
    };
    // Reading never fails in non-strict mode; a page it could not read
    // would simply offer no ids, and links to them would be reported.
    let _ = rewrite_str(html, settings);
    (ids, dups)
}

/// Pages the last build published that this one would not: a page that
/// moved leaves its old address (in bookmarks, search engines, printed QR
/// codes) leading to the 404 page unless an alias keeps it. Said at the
/// page that most likely moved there (same last address part), if any.
pub(super) fn moved_pages(
    ctx: &mut Ctx,
    root: &std::path::Path,
    targets: &HashMap<String, HashSet<String>>,
) {
    let out = root.join(&ctx.site.config.output_dir);
    let gone: Vec<String> = crate::output::previous_files(&out)
        .into_iter()
        .filter(|rel| {
            (rel.ends_with("index.html") || rel.ends_with(".html"))
                && rel != "404.html"
                && !targets.contains_key(rel)
        })
        .collect();
    if gone.is_empty() {
        return;
    }
    fn last(url: &str) -> &str {
        url.trim_end_matches('/').rsplit('/').next().unwrap_or("")
    }
    // Pages by the last part of their address, first page first: built once,
    // not searched again for every address that went.
    let mut by_last: HashMap<&str, usize> = HashMap::new();
    for (i, p) in ctx.site.pages.iter().enumerate() {
        if !last(&p.url).is_empty() {
            by_last.entry(last(&p.url)).or_insert(i);
        }
    }
    let site = ctx.site;
    for rel in gone {
        let old = format!("/{}", rel.trim_end_matches("index.html"));
        let fix = format!("add `aliases: [{old}]` so old links and printed QR codes still work");
        match by_last.get(last(&old)) {
            Some(&i) => {
                let p = &site.pages[i];
                let message = format!("the last build had this page at {old}: if it moved, {fix}");
                ctx.add(Severity::Warning, "moved", p, p.at("title").line(), message);
            }
            None => ctx.add_at(
                Severity::Warning,
                "moved",
                &crate::content::site_path(root, std::path::Path::new(&site.config.output_dir)),
                0,
                format!("the last build had a page at {old} that no page has now: if it moved, {fix} to its file; if it is gone on purpose, ignore this (the next build forgets it)"),
            ),
        }
    }
}

/// Every link of a page with its line: body and FAQ answers.
pub(super) fn links_of(page: &Page) -> impl Iterator<Item = &LinkRef> {
    page.body
        .links
        .iter()
        .chain(page.questions.iter().flat_map(|q| q.answer.links.iter()))
}

/// Resolves `target` against the page URL `base` to an output path and fragment.
pub(super) fn resolve(base: &str, target: &str) -> (String, Option<String>) {
    let target = target.split('?').next().unwrap_or(target);
    let (path, frag) = match target.split_once('#') {
        Some((p, f)) => (
            p,
            Some(
                percent_encoding::percent_decode_str(f)
                    .decode_utf8_lossy()
                    .into_owned(),
            ),
        ),
        None => (target, None),
    };
    let joined = if path.is_empty() {
        base.to_string()
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{base}{path}")
    };
    let decoded = percent_encoding::percent_decode_str(&joined)
        .decode_utf8_lossy()
        .into_owned();
    let (parts, _) = crate::text::path_segments(&decoded);
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    (key, frag)
}

pub(super) fn internal_links(
    ctx: &mut Ctx,
    page: &Page,
    targets: &HashMap<String, HashSet<String>>,
) {
    for link in links_of(page) {
        if let Some(why) = &link.missing {
            ctx.add(Severity::Error, "links", page, link.line, why.clone());
            continue;
        }
        if let Some(content) = link.target.strip_prefix("@/") {
            let file = content.split('#').next().unwrap_or(content);
            ctx.add(
                Severity::Error,
                "links",
                page,
                link.line,
                format!("broken link @/{content}: no content file {file}"),
            );
            continue;
        }
        if !is_internal(&link.target) {
            continue;
        }
        // A link may already carry the base path (`/clinic/…`) it will be served under.
        let base = ctx.site.config.base_path();
        let target = match link.target.strip_prefix(base) {
            Some(t) if !base.is_empty() && t.starts_with('/') => t,
            _ => link.target.as_str(),
        };
        let (mut key, frag) = resolve(&page.url, target);
        // Links are written in the page's language's terms (see `LanguageUrls`).
        key = ctx.site.config.urls.output(&key);
        if !targets.contains_key(&key) && targets.contains_key(&format!("{key}/index.html")) {
            key = format!("{key}/index.html");
        }
        let mut broken = |why: String| {
            let what = if link.image { "image" } else { "link" };
            let message = format!("broken {what} {}: {why}", link.target);
            ctx.add(Severity::Error, "links", page, link.line, message);
        };
        let Some(ids) = targets.get(&key) else {
            broken("no page or file at that address".into());
            continue;
        };
        if let Some(f) = frag.filter(|f| !f.is_empty() && !ids.contains(f)) {
            broken(format!("the page has no heading or question with id #{f}"));
        }
    }
}

/// Fetches every distinct external address once: links in the text and
/// each reference's web address, DOI and PubMed ID (see [`linkcheck`] for
/// the limits per host and the waits after 429).
pub(super) fn external_links(ctx: &mut Ctx) {
    let mut uses: BTreeMap<String, Vec<(&Page, usize, &'static str)>> = BTreeMap::new();
    for page in &ctx.site.pages {
        for link in links_of(page) {
            if is_external(&link.target) {
                uses.entry(link.target.clone())
                    .or_default()
                    .push((page, link.line, "link"));
            }
        }
        for r in &page.references {
            for address in r.addresses() {
                uses.entry(address)
                    .or_default()
                    .push((page, r.line, "reference"));
            }
        }
    }
    let urls: Vec<String> = uses.keys().cloned().collect();
    let opts = linkcheck::Options {
        skip: ctx.site.config.check.skip.clone(),
        ..Default::default()
    };
    for (url, outcome) in linkcheck::check(&urls, &opts) {
        if let linkcheck::Outcome::Problem(problem) = outcome {
            for (page, line, what) in &uses[&url] {
                ctx.add(
                    Severity::Error,
                    "external",
                    page,
                    *line,
                    format!(
                        "{} {url}: {problem}",
                        if *what == "link" {
                            "external link"
                        } else {
                            "reference"
                        }
                    ),
                );
            }
        }
    }
}
