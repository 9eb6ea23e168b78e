//! Long section and topic lists split into pages: `/section/page/2/`, with
//! previous/next links, titles of their own, sitemap entries, a per-section
//! size, and the dev server re-rendering every page of a list it changes.

use crate::common::*;
use std::fs;
use std::path::Path;

/// The clinic fixture with `paginate_by = 2` and five more dated articles
/// in back-pain/ (newest first: a5 … a1), all tagged "Rehab".
fn paged_site() -> tempfile::TempDir {
    let site = copy_fixture("clinic");
    let root = site.path();
    let toml = read(root, "site.toml");
    fs::write(root.join("site.toml"), format!("paginate_by = 2\n{toml}")).unwrap();
    for n in 1..=5 {
        fs::write(
            root.join(format!("content/back-pain/a{n}.md")),
            format!(
                "---\ntitle: Article {n}\ndate: 2025-03-0{n}\ntags: [Rehab]\n---\n\nText {n}.\n"
            ),
        )
        .unwrap();
    }
    site
}

fn titles(html: &str) -> Vec<String> {
    html.split(r#"<h3 class="card-title"><a href=""#)
        .skip(1)
        .filter_map(|c| c.split("\">").nth(1)?.split('<').next().map(str::to_string))
        .collect()
}

/// The entries of a list page (not its subsections, shown on every page).
fn cards(root: &Path, rel: &str) -> Vec<String> {
    titles(&read(root, rel))
        .into_iter()
        .filter(|t| t != "Lifting")
        .collect()
}

#[test]
fn long_lists_are_split_into_pages_with_previous_and_next() {
    let site = paged_site();
    let root = site.path();
    build(root, &[]);
    // Seven pages in back-pain/ (five new, core, the custom-template one), two a page.
    let first = read(root, "public/back-pain/index.html");
    assert_eq!(
        cards(root, "public/back-pain/index.html").len(),
        2,
        "{first}"
    );
    assert!(
        first.contains(r#"<link rel="next" href="/back-pain/page/2/">"#),
        "{first}"
    );
    assert!(!first.contains(r#"rel="prev""#));
    assert!(first.contains("Page 1 of 4"), "{first}");

    let second = read(root, "public/back-pain/page/2/index.html");
    assert!(second.contains("<title>Back pain, page 2"), "{second}");
    assert!(
        second.contains(r#"<link rel="canonical" href="https://clinic.test/back-pain/page/2/">"#)
            || second.contains(r#"/back-pain/page/2/">"#),
        "{second}"
    );
    assert!(
        second.contains(r#"<link rel="prev" href="/back-pain/">"#)
            && second.contains(r#"<link rel="next" href="/back-pain/page/3/">"#),
        "{second}"
    );
    let last = read(root, "public/back-pain/page/4/index.html");
    assert!(
        !last.contains(r#"rel="next""#)
            && last.contains(r#"<link rel="prev" href="/back-pain/page/3/">"#)
    );
    assert!(!root.join("public/back-pain/page/5").exists());
    // Every entry appears once across the pages, in the section's order.
    let all: Vec<String> = [
        "public/back-pain/index.html",
        "public/back-pain/page/2/index.html",
        "public/back-pain/page/3/index.html",
        "public/back-pain/page/4/index.html",
    ]
    .iter()
    .flat_map(|p| cards(root, p))
    .collect();
    assert_eq!(all.len(), 7, "{all:?}");
    assert_eq!(
        &all[..5],
        [
            "Article 5",
            "Article 4",
            "Article 3",
            "Article 2",
            "Article 1"
        ]
    );

    // Topic pages too: five "Rehab" pages make three pages.
    // (The fixture's own term.html lists pages as plain links.)
    let topic = read(root, "public/tags/rehab/index.html");
    assert_eq!(
        topic.matches(r#"<li><a href="/back-pain/a"#).count(),
        2,
        "{topic}"
    );
    assert!(topic.contains(r#"<link rel="next" href="/tags/rehab/page/2/">"#));
    assert!(read(root, "public/tags/rehab/page/3/index.html").contains("Article 1"));
    let sitemap = read(root, "public/sitemap.xml");
    for url in [
        "/back-pain/page/2/",
        "/back-pain/page/4/",
        "/tags/rehab/page/3/",
    ] {
        assert!(
            sitemap.contains(&format!("{url}</loc>")),
            "{url}: {sitemap}"
        );
    }
    // Nothing links to a page that is not there.
    let out = lumbar(root, &["check"]);
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("broken"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // A section's own paginate_by wins; 0 in site.toml (the default) keeps one page.
    let intro = read(root, "content/back-pain/_index.md");
    fs::write(
        root.join("content/back-pain/_index.md"),
        intro.replacen("---\n", "---\npaginate_by: 10\n", 1),
    )
    .unwrap();
    build(root, &[]);
    assert_eq!(cards(root, "public/back-pain/index.html").len(), 7);
    assert!(
        !root.join("public/back-pain/page").exists(),
        "the old pages are removed"
    );
    assert!(!read(root, "public/back-pain/index.html").contains("pager"));
}

#[test]
fn serve_re_renders_every_page_of_a_list_it_changes() {
    let site = paged_site();
    let root = site.path();
    let server = Server::start(root);
    let events = Events::connect(&server.addr);
    // Article 1, the oldest, is on page 3 of back-pain.
    assert!(server.get("/back-pain/page/3/").body.contains("Article 1"));
    let file = root.join("content/back-pain/a1.md");
    fs::write(
        &file,
        read(root, "content/back-pain/a1.md").replace("title: Article 1", "title: Article One"),
    )
    .unwrap();
    events.expect("reload", 20);
    let page = server.wait_for("/back-pain/page/3/", 10, |r| r.body.contains("Article One"));
    assert_eq!(page.status, 200);
    assert!(server
        .get("/tags/rehab/page/3/")
        .body
        .contains("Article One"));
}
