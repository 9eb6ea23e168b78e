//! Snapshots of what the fixture site builds to: an article's HTML, its
//! JSON-LD, a FAQ page's JSON-LD, the feed, the sitemap and the search index.
//! A change to any of them shows up as a diff to review (`cargo insta
//! review`, or set INSTA_UPDATE=always and read the .snap files' git diff),
//! so restructuring cannot change output unnoticed.

use crate::common::*;

fn built() -> tempfile::TempDir {
    let site = copy_fixture("clinic");
    // A fixed day: review status (and the overdue notice) depends on it.
    build(site.path(), &["--today", "2025-06-01"]);
    site
}

/// Fingerprinted names (`style.f0c0d3c60f.css`) as `style.[hash].css`: the
/// hash changes with every stylesheet edit, which the theme tests cover.
fn unhashed(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('.') {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        let hex = tail[1..]
            .chars()
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if hex == 10 && tail[1 + hex..].starts_with(['.']) {
            out.push_str(".[hash]");
            rest = &tail[1 + hex..];
        } else {
            out.push('.');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

#[test]
fn article_html_and_json_ld() {
    let site = built();
    let html = read(site.path(), "public/back-pain/core/index.html");
    insta::assert_snapshot!("article_html", unhashed(&html));
    insta::assert_snapshot!("article_json_ld", pretty(&json_ld(&html)));
}

#[test]
fn faq_page_and_home_json_ld() {
    let site = built();
    let faq = read(site.path(), "public/faq/lifting-faq/index.html");
    insta::assert_snapshot!("faq_json_ld", pretty(&json_ld(&faq)));
    let home = read(site.path(), "public/index.html");
    insta::assert_snapshot!("home_json_ld", pretty(&json_ld(&home)));
}

#[test]
fn feed_sitemap_and_search_index() {
    let site = built();
    insta::assert_snapshot!("atom", read(site.path(), "public/atom.xml"));
    insta::assert_snapshot!("sitemap", read(site.path(), "public/sitemap.xml"));
    // The index's JSON files, path by path (its stemmer is Snowball's own
    // script, tested in search_parity).
    let index: serde_json::Map<String, serde_json::Value> =
        snapshot(&site.path().join("public/search/index"))
            .into_iter()
            .filter(|(rel, _)| rel.ends_with(".json"))
            .map(|(rel, b)| (rel, serde_json::from_slice(&b).unwrap()))
            .collect();
    insta::assert_snapshot!("search_index", pretty(&index.into()));
}
