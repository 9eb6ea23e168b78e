//! Care cards and callouts in articles and FAQ answers, with the site's
//! numbers, in the page and the search index; a misspelt tier is an error.

use crate::common::*;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    std::fs::write(root.join(rel), text).unwrap();
}

#[test]
fn care_cards_use_the_sites_numbers_in_pages_answers_and_search() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let toml = read(root, "site.toml");
    write(
        root,
        "site.toml",
        &format!("{toml}\n[care]\nemergency = \"911\"\n"),
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
    assert!(read(root, "public/search-index.json").contains("zebracorn"));
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
