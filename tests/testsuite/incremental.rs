//! The dev server's incremental rebuilds, through the library: which outputs a
//! change re-renders, and that the result equals a full rebuild.

use crate::common::*;
use lumbar::serve::rebuild::{Change, Outcome, Project};
use std::collections::BTreeSet;
use std::fs;

fn changed(c: Change) -> BTreeSet<Change> {
    [c].into_iter().collect()
}

#[test]
fn editing_an_article_re_renders_only_the_pages_that_show_it() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let mut project = Project::new(root, false, "http://preview.test".into());
    let Outcome::Reload { rendered: all } = project.full().unwrap() else {
        panic!()
    };
    let article = root.join("content/back-pain/lifting/deadlift.md");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(
        &article,
        text.replace("Body of the deadlift article.", "Edited body."),
    )
    .unwrap();
    let outcome = project
        .apply(&changed(Change::Content(
            "back-pain/lifting/deadlift.md".into(),
        )))
        .unwrap();
    // A body edit changes nothing lists show: its page, and the feeds it is
    // an entry of (the site's and its two tags'); the search index follows later.
    assert_eq!(outcome, Outcome::Reload { rendered: 4 }, "out of {all}");
    assert!(String::from_utf8_lossy(
        &project.files["back-pain/lifting/deadlifts-and-your-back/index.html"]
    )
    .contains("Edited body."));
    assert_matches_full_build(&mut project, root);

    // Each edit re-renders exactly what shows what changed, and ends up
    // where a full rebuild would.
    let mut edit = |from: &str, to: &str, rendered: usize| {
        let text = fs::read_to_string(&article).unwrap();
        assert!(text.contains(from), "{from}");
        fs::write(&article, text.replace(from, to)).unwrap();
        let outcome = project
            .apply(&changed(Change::Content(
                "back-pain/lifting/deadlift.md".into(),
            )))
            .unwrap();
        assert_eq!(outcome, Outcome::Reload { rendered }, "{from} -> {to}");
        assert_matches_full_build(&mut project, root);
    };
    // A new title shows in lists: its page, /back-pain/lifting/, /back-pain/,
    // the home page, its two tag pages and their feeds, the feed, the 404 and
    // search pages that suggest the latest articles, and the article listing
    // it as related.
    edit("title: ", "title: Renamed ", 12);
    // A new date also moves it in the sitemap.
    edit("date: 2025-", "date: 2024-", 13);
    // A tag dropped (the FAQ keeps its page alive): the tag index's counts too.
    edit("tags: [back pain, Lifting]", "tags: [back pain]", 13);
}

#[test]
fn editing_a_template_re_renders_the_pages_that_use_it() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let mut project = Project::new(root, false, "http://preview.test".into());
    project.full().unwrap();
    let tpl = root.join("templates/special.html");
    let text = fs::read_to_string(&tpl).unwrap();
    fs::write(&tpl, text.replace("special-template", "very-special")).unwrap();
    let outcome = project
        .apply(&changed(Change::Template("special.html".into())))
        .unwrap();
    assert_eq!(outcome, Outcome::Reload { rendered: 1 });
    assert!(
        String::from_utf8_lossy(&project.files["back-pain/special/index.html"])
            .contains("very-special")
    );

    // term.html is used by the two tag pages... and base.html by every page.
    let outcome = project
        .apply(&changed(Change::Template("term.html".into())))
        .unwrap();
    assert_eq!(
        outcome,
        Outcome::Reload { rendered: 3 },
        "lifting, back-pain, core tags"
    );
    assert_matches_full_build(&mut project, root);
}

#[test]
fn structural_changes_fall_back_to_a_full_rebuild_and_match_it() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let mut project = Project::new(root, false, "http://preview.test".into());
    let Outcome::Reload { rendered: all } = project.full().unwrap() else {
        panic!()
    };
    fs::write(
        root.join("content/back-pain/new.md"),
        "---\ntitle: New\ntags: [Core]\n---\nNew.\n",
    )
    .unwrap();
    let outcome = project
        .apply(&changed(Change::Content("back-pain/new.md".into())))
        .unwrap();
    assert_eq!(outcome, Outcome::Reload { rendered: all + 1 });
    assert_matches_full_build(&mut project, root);

    // An error keeps the last good files; the next change rebuilds everything.
    fs::write(
        root.join("content/back-pain/new.md"),
        "---\ntitle: [\n---\n",
    )
    .unwrap();
    assert!(project
        .apply(&changed(Change::Content("back-pain/new.md".into())))
        .is_err());
    assert!(project.files.contains_key("back-pain/new/index.html"));
    fs::remove_file(root.join("content/back-pain/new.md")).unwrap();
    project
        .apply(&changed(Change::Content("back-pain/new.md".into())))
        .unwrap();
    assert!(!project.files.contains_key("back-pain/new/index.html"));
    assert_matches_full_build(&mut project, root);
}
