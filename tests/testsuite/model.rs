//! The site model and the plan of outputs, through the library: what build,
//! check and serve all start from, tested without rendering anything.

use crate::common::*;
use chrono::NaiveDate;
use lumbar::build::{self, Loaded};
use lumbar::content::Selection;
use lumbar::jobs::{self, Job};

fn load(root: &std::path::Path) -> Loaded {
    let today = NaiveDate::from_ymd_opt(2026, 6, 1);
    build::load(root, &Selection::on(false, false, today), None, true).unwrap()
}

#[test]
fn sections_nest_and_hold_their_pages() {
    let dir = copy_fixture("clinic");
    let site = load(dir.path()).site;
    let url = |u: &str| site.by_url[u];
    let (home, back, lifting) = (url("/"), url("/back-pain/"), url("/back-pain/lifting/"));
    let deadlift = url("/back-pain/lifting/deadlifts-and-your-back/");
    assert_eq!(site.parent[deadlift], Some(lifting));
    assert_eq!(site.ancestors(deadlift), vec![home, back, lifting]);
    assert_eq!(site.subsections[&back], vec![lifting]);
    assert!(site.members[&lifting].contains(&deadlift));
    assert_eq!(site.nav, vec![back]);
    // Drafts are left out unless asked for.
    assert!(!site.by_rel.contains_key("back-pain/draft.md"));
    // Articles newest first: the deadlift article (March) before core (January).
    let core = url("/back-pain/core/");
    let order: Vec<usize> = site
        .articles
        .iter()
        .copied()
        .filter(|i| [core, deadlift].contains(i))
        .collect();
    assert_eq!(order, vec![deadlift, core]);
    // The FAQ file is found by name, and the article that embeds it knows.
    let faq = site.find_faq("lifting-faq").expect("the FAQ");
    assert_eq!(site.embedded_faq(core), Some(faq));
}

#[test]
fn a_term_spelt_two_ways_is_one_term_with_a_name_and_a_slug() {
    let dir = copy_fixture("clinic");
    let site = load(dir.path()).site;
    let tags = &site.taxonomies[0];
    assert_eq!(tags.slug, "tags");
    // "Back Pain" (core) and "back pain" (deadlift) are the same tag.
    let back_pain = tags
        .terms
        .values()
        .find(|t| t.slug == "back-pain")
        .expect("the back-pain tag");
    assert_eq!(back_pain.url, "/tags/back-pain/");
    assert_eq!(back_pain.pages.len(), 2, "{:?}", back_pain.pages);
    let core = &site.pages[site.by_url["/back-pain/core/"]];
    let names: Vec<(&str, &str)> = core
        .all_terms()
        .map(|t| (t.name.as_str(), t.slug.as_str()))
        .collect();
    assert!(names.contains(&("Core", "core")), "{names:?}");
    assert!(
        names.iter().any(|(_, slug)| *slug == "back-pain"),
        "{names:?}"
    );
}

#[test]
fn every_output_has_one_job_and_one_path() {
    let dir = copy_fixture("clinic");
    let site = load(dir.path()).site;
    let all = jobs::jobs(&site);
    let mut paths: Vec<String> = all
        .iter()
        .map(|j| jobs::output_path(&jobs::job_url(&site, j)))
        .collect();
    let n = paths.len();
    paths.sort();
    paths.dedup();
    assert_eq!(paths.len(), n, "two jobs write one file");
    for want in [
        "index.html",
        "back-pain/core/index.html",
        "tags/back-pain/index.html",
        "tags/back-pain/atom.xml",
        "sitemap.xml",
        "404.html",
    ] {
        assert!(paths.iter().any(|p| p == want), "{want} in {paths:?}");
    }
    assert!(all.contains(&Job::Feed) && all.contains(&Job::Robots));
}

#[test]
fn an_edit_changes_only_the_outputs_that_show_what_changed() {
    let dir = copy_fixture("clinic");
    let site = load(dir.path()).site;
    let i = site.by_url["/back-pain/core/"];
    let old = site.pages[i].clone();
    let in_feed = jobs::in_feed(&site, i);
    // Nothing a list shows changed: the page itself, and the feeds it is
    // an entry of (the site's and its tags').
    let dirty = jobs::jobs_after_edit(&site, i, &old, in_feed);
    assert!(dirty.contains(&Job::Page(i)));
    assert!(!dirty.contains(&Job::Page(site.by_url["/back-pain/"])));
    assert!(!dirty.contains(&Job::Sitemap));
    // A new title shows in its section's list, the home page and its tags.
    let mut renamed = old.clone();
    renamed.meta.title = "Another title".into();
    let dirty = jobs::jobs_after_edit(&site, i, &renamed, in_feed);
    assert!(dirty.contains(&Job::Page(site.by_url["/back-pain/"])));
    assert!(dirty.contains(&Job::Page(site.by_url["/"])));
    assert!(dirty
        .iter()
        .any(|j| matches!(j, Job::Term(0, s) if s == "back-pain")));
    // A new date moves it in the sitemap.
    let mut redated = old;
    redated.meta.updated = NaiveDate::from_ymd_opt(2024, 1, 1);
    let dirty = jobs::jobs_after_edit(&site, i, &redated, in_feed);
    assert!(dirty.contains(&Job::Sitemap));
}
