//! Care cards and callouts in articles and FAQ answers, with the site's
//! numbers, in the page and the search index; a misspelt tier is an error.

use crate::common::*;
use std::path::Path;

#[test]
fn care_cards_use_the_sites_numbers_in_pages_answers_and_search() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let toml = read(root, "site.toml");
    write(
        root,
        "site.toml",
        format!("{toml}\n[care]\nemergency = \"911\"\n"),
    );
    write(
        root,
        "content/back-pain/red-flags.md",
        "---\ntitle: Red flags\n---\n\n> [!EMERGENCY]\n> - zebracorn numbness\n\n> [!NONURGENT] Book when it suits you if:\n> it just aches\n\n> [!TIP]\n> Warm up first.\n",
    );
    write(
        root,
        "content/faq/cards.yaml",
        "title: Cards\nquestions:\n  - question: When do I get help?\n    answer: |\n      > [!URGENT]\n      > Fever with back pain.\n",
    );
    build(root, &[]);
    let page = read(root, "public/back-pain/red-flags/index.html");
    assert!(page.contains("<span class=\"care-card-tier\">Emergency</span> <strong>Call 911 or go to A&amp;E now if:</strong>"), "{page}");
    assert!(
        page.contains("<strong>Book when it suits you if:</strong>"),
        "{page}"
    );
    assert!(
        page.contains("<p class=\"callout-title\">Tip</p>"),
        "{page}"
    );
    // No urgent number set: the card says what to do without one.
    let faq = read(root, "public/faq/cards/index.html");
    assert!(
        faq.contains("<strong>Get urgent advice today if:</strong>"),
        "{faq}"
    );
    assert!(search_index_text(&root.join("public")).contains("zebracorn"));
    // A misspelt tier fails the build where it is written, output untouched.
    let before = snapshot(&root.join("public"));
    write(
        root,
        "content/back-pain/red-flags.md",
        "---\ntitle: Red flags\n---\n\n> [!EMERGENCE]\n> x\n",
    );
    let o = lumbar(root, &["build"]);
    let err = String::from_utf8_lossy(&o.stderr).replace(&format!("{}/", root.display()), "");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.starts_with("error: content/back-pain/red-flags.md:5:3: unknown card [!EMERGENCE]"),
        "{err}"
    );
    assert_eq!(snapshot(&root.join("public")), before);
}

#[test]
fn check_warns_about_red_flags_outside_urgent_cards() {
    let site = copy_fixture("clinic");
    let root = site.path();
    write(
        root,
        "content/back-pain/flags.md",
        "---\ntitle: Flags\nreviewed: 2026-11-01\n---\nSome text.\n\nIf you lose bladder control, see someone.\n\n> [!EMERGENCY]\n> Fever with back pain.\n",
    );
    let findings = |root: &Path| -> Vec<(String, u64)> {
        let o = lumbar(
            root,
            &["check", "--today", "2026-11-25", "--format", "json"],
        );
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["check"] == "care")
            .map(|f| {
                (
                    f["message"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let found = findings(root);
    // "bladder" is outside a card (line 5 is where the body starts); "fever"
    // is inside the emergency card and is fine.
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0]
        .0
        .starts_with("mentions \"bladder\" outside an emergency or urgent care card"));
    assert_eq!(found[0].1, 5);
    // A site can set its own words, or none.
    let toml = read(root, "site.toml");
    write(
        root,
        "site.toml",
        format!("{toml}\n[care]\nred_flags = [\"some text\"]\n"),
    );
    let found = findings(root);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].0.contains("\"some text\""));
    write(
        root,
        "site.toml",
        format!("{toml}\n[care]\nred_flags = []\n"),
    );
    assert!(findings(root).is_empty());
}
