//! Taxonomies declared in site.toml: index and term pages, pagination, term
//! feeds, the menu, what articles show, the mistakes people make in
//! front matter and site.toml, and the dev server's in-place updates.

use crate::bad_input::fails_in;
use crate::common::*;
use lumbar::serve::rebuild::{Change, Outcome, Project};
use std::path::Path;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = copy_fixture("taxonomies");
    build(site.path(), &["--today", "2026-06-01"]);
    let out = site.path().join("public");
    (site, out)
}

/// The page titles a list page links to, in order (cards' headings).
fn listed(html: &str) -> Vec<String> {
    html.split("<h2 class=\"card-title\"><a href=\"")
        .skip(1)
        .chain(html.split("<h3 class=\"card-title\"><a href=\"").skip(1))
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn each_taxonomy_has_an_index_term_pages_and_feeds() {
    let (_site, out) = built();
    let index = read(&out, "body-region/index.html");
    assert!(index.contains("<h1>Body region</h1>"), "{index}");
    for (url, count) in [
        ("/body-region/hips/", 1),
        ("/body-region/lower-back/", 4),
        ("/body-region/neck/", 1),
    ] {
        assert!(
            index.contains(&format!("<a href=\"{url}\"")) && index.contains(&format!("({count})")),
            "{url} ({count}) in {index}"
        );
    }
    // Four pages in "lower back", two a page: newest first, the undated
    // article and the FAQ on page 2.
    let first = read(&out, "body-region/lower-back/index.html");
    let second = read(&out, "body-region/lower-back/page/2/index.html");
    assert!(
        first.contains("<h1 class=\"tag-title\">lower back</h1>"),
        "{first}"
    );
    assert!(
        first.contains("<p class=\"eyebrow\">Body region</p>"),
        "{first}"
    );
    assert_eq!(
        listed(&first),
        ["/advice/sitting/", "/advice/lifting/"],
        "{first}"
    );
    assert_eq!(listed(&second).len(), 2, "{second}");
    assert!(first.contains("<link rel=\"next\" href=\"/body-region/lower-back/page/2/\">"));
    assert!(second.contains("<link rel=\"prev\" href=\"/body-region/lower-back/\">"));
    let sitemap = read(&out, "sitemap.xml");
    for loc in [
        "/body-region/",
        "/body-region/lower-back/",
        "/body-region/lower-back/page/2/",
        "/condition/sciatica/",
        "/tags/strength/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://tax.test{loc}</loc>")),
            "{loc}"
        );
    }
    assert!(!sitemap.contains("atom.xml"), "feeds are not pages");

    // Term feeds: dated articles only, newest first, under the term's title;
    // `feed = false` writes none, and the term page's head links its own.
    let feed = read(&out, "body-region/lower-back/atom.xml");
    assert!(
        feed.contains("<title>Taxonomy Clinic: lower back</title>"),
        "{feed}"
    );
    assert!(feed.contains("href=\"https://tax.test/body-region/lower-back/atom.xml\""));
    let sitting = feed.find("/advice/sitting/").expect("sitting in the feed");
    let lifting = feed.find("/advice/lifting/").expect("lifting in the feed");
    assert!(sitting < lifting, "newest first: {feed}");
    assert!(!feed.contains("/advice/walking/"), "undated: {feed}");
    assert!(
        !feed.contains("/faq/"),
        "FAQ pages are not feed entries: {feed}"
    );
    assert!(feed.contains("<category term=\"sciatica\" scheme=\"https://tax.test/condition/\"/>"));
    assert!(first.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Taxonomy Clinic: lower back\" href=\"/body-region/lower-back/atom.xml\">"), "{first}");
    assert!(!out.join("condition/sciatica/atom.xml").exists());
    assert!(!read(&out, "condition/sciatica/index.html").contains("Taxonomy Clinic: sciatica"));
    let sciatica = read(&out, "condition/sciatica/index.html");
    assert_eq!(listed(&sciatica), ["/advice/lifting/", "/advice/walking/"]);
    // The trail leads back to the taxonomy's own title.
    assert!(
        sciatica.contains("<a href=\"/condition/\">Conditions we treat</a>"),
        "{sciatica}"
    );
}

#[test]
fn pages_show_their_terms_and_the_menu_lists_taxonomies() {
    let (_site, out) = built();
    let home = read(&out, "index.html");
    let nav = home.split("<nav class=\"site-nav\"").nth(1).unwrap();
    let nav = nav.split("</nav>").next().unwrap();
    assert!(nav.contains("<a href=\"/tags/\">Topics</a>"), "{nav}");
    assert!(
        nav.contains("<a href=\"/body-region/\">Body region</a>"),
        "{nav}"
    );
    assert!(!nav.contains("/condition/"), "menu = false: {nav}");
    let term = read(&out, "body-region/neck/index.html");
    assert!(term.contains("<a href=\"/body-region/\" aria-current=\"page\">Body region</a>"));

    let lifting = read(&out, "advice/lifting/index.html");
    assert!(lifting.contains("<span class=\"terms-label\">Conditions we treat:</span> <ul class=\"tags\" aria-label=\"Conditions we treat\"><li><a href=\"/condition/sciatica/\">sciatica</a></li></ul>"), "{lifting}");
    assert!(lifting.contains("<li><a href=\"/body-region/lower-back/\">lower back</a></li><li><a href=\"/body-region/hips/\">hips</a></li>"));
    assert!(lifting.contains("<meta property=\"article:tag\" content=\"sciatica\">"));
    let ld = json_ld(&lifting);
    let article = ld["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|v| v.get("mainEntity").filter(|m| m["@type"] == "Article"))
        .expect("an Article");
    assert_eq!(article["keywords"], "strength, lower back, hips, sciatica");
    // A page with no terms of a taxonomy shows no empty label for it.
    let neck = read(&out, "advice/neck/index.html");
    assert!(neck.contains("Body region:</span>") && !neck.contains("Topics:</span>"));
    // A single term written without a list is one term, as a FAQ file's are.
    let faq = read(&out, "faq/back-questions/index.html");
    assert!(
        faq.contains("<a href=\"/body-region/lower-back/\">lower back</a>"),
        "{faq}"
    );
}

#[test]
fn front_matter_mistakes_name_the_line_and_the_key_meant() {
    let edit = |rel: &'static str, from: &'static str, to: &'static str| {
        move |r: &Path| {
            let text = read(r, rel);
            assert!(text.contains(from), "{from}");
            write(r, rel, text.replacen(from, to, 1));
        }
    };
    let lifting = "content/advice/lifting.md";
    for (breakage, at, says) in [
        (
            edit(lifting, "body_region:", "body_regoin:"),
            "content/advice/lifting.md:6:1: ",
            "unknown field `body_regoin`; did you mean `body_region`?",
        ),
        (
            edit(lifting, "tags:", "tag:"),
            "content/advice/lifting.md:5:1: ",
            "unknown field `tag`; did you mean `tags`?",
        ),
        (
            edit(lifting, "condition: sciatica", "joint: knee"),
            "content/advice/lifting.md:7:1: ",
            "unknown field `joint`: it is not a page setting, and the site's taxonomies are `tags`, `body_region`, `condition`; to group pages by it, add [[taxonomies]] with name = \"joint\" to site.toml",
        ),
        (
            edit(lifting, "condition: sciatica", "condition: {name: sciatica}"),
            "content/advice/lifting.md:7:12: ",
            "`condition` holds terms",
        ),
        (
            edit(lifting, "condition: sciatica", "condition: [\"???\"]"),
            "content/advice/lifting.md:7:12: ",
            "`condition` term \"???\" has no letter or digit",
        ),
        (
            edit(lifting, "[lower back, hips]", "[lower back, Lower-Back!]"),
            "content/advice/lifting.md:6:14: ",
            "`body_region` terms \"lower back\" and \"Lower-Back!\" would share the page /body-region/lower-back/",
        ),
        (
            edit("content/advice/sitting.md", "body_region: lower back", "body_region: lower back!"),
            "content/advice/sitting.md:5:14: ",
            "`body_region` term \"lower back!\" would share the page /body-region/lower-back/ with \"lower back\"",
        ),
        (
            edit("content/faq/back-questions.yaml", "body_region:", "body_regon:"),
            "content/faq/back-questions.yaml:3:1: ",
            "did you mean `body_region`?",
        ),
    ] {
        let line = fails_in("taxonomies", breakage, at);
        assert!(line.contains(says), "{line}\nshould say: {says}");
    }
    let line = fails_in(
        "taxonomies",
        |r| {
            write(
                r,
                "content/body-region/_index.md",
                "---\ntitle: Regions\n---\n",
            )
        },
        "content/body-region/_index.md",
    );
    assert!(
        line.contains("belongs to the `body_region` taxonomy's pages"),
        "{line}"
    );
}

#[test]
fn site_toml_mistakes_point_at_the_taxonomy() {
    let toml = |from: &'static str, to: &'static str| {
        move |r: &Path| {
            let text = read(r, "site.toml");
            assert!(text.contains(from), "{from}");
            write(r, "site.toml", text.replacen(from, to, 1));
        }
    };
    for (breakage, at, says) in [
        (
            toml("name = \"condition\"", "name = \"Medical Condition\""),
            "site.toml:17:1: ",
            "must be a plain front-matter key",
        ),
        (
            toml("name = \"condition\"", "name = \"author\""),
            "site.toml:17:1: ",
            "is a page setting lumbar already uses",
        ),
        (
            toml("name = \"condition\"", "name = \"search\""),
            "site.toml:17:1: ",
            "would take the address /search/",
        ),
        (
            toml("name = \"condition\"", "name = \"body_region\""),
            "site.toml:17:1: ",
            "is declared twice",
        ),
        (
            toml("feed = false", "feeds = false"),
            "site.toml:19:1: ",
            "unknown field `feeds`",
        ),
    ] {
        let line = fails_in("taxonomies", breakage, at);
        assert!(line.contains(says), "{line}\nshould say: {says}");
    }
    // No taxonomies at all: `tags:` is then a mistake like any other key.
    let site = copy_fixture("taxonomies");
    let r = site.path();
    let text = read(r, "site.toml");
    let top = text.split("[clinic]").next().unwrap();
    write(r, "site.toml", format!("{top}taxonomies = []\n"));
    let out = lumbar(r, &["build"]);
    let err = String::from_utf8_lossy(&out.stderr).replace(&format!("{}/", r.display()), "");
    assert!(!out.status.success() && !err.contains("panicked"), "{err}");
    // Every such key of every file, each at its line.
    assert_eq!(err.lines().count(), 9, "{err}");
    assert!(err.starts_with("error: content/advice/lifting.md:5:1: unknown field `tags`: it is not a page setting, and the site declares no taxonomies"), "{err}");
}

#[test]
fn the_dev_server_updates_term_pages_in_place_and_matches_a_full_build() {
    let site = copy_fixture("taxonomies");
    let root = site.path();
    let mut project = Project::new(root, false, "http://preview.test".into());
    let Outcome::Reload { rendered: all } = project.full().unwrap() else {
        panic!()
    };
    let sitting = root.join("content/advice/sitting.md");
    let mut edit = |from: &str, to: &str| {
        let text = std::fs::read_to_string(&sitting).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&sitting, text.replacen(from, to, 1)).unwrap();
        let outcome = project
            .apply(
                &[Change::Content("advice/sitting.md".into())]
                    .into_iter()
                    .collect(),
            )
            .unwrap();
        assert_matches_full_build(&mut project, root);
        outcome
    };
    // A term another page has: re-rendered in place, not the whole site.
    let Outcome::Reload { rendered } =
        edit("body_region: lower back", "body_region: [lower back, hips]")
    else {
        panic!()
    };
    assert!(rendered < all, "{rendered} of {all}");
    assert!(
        String::from_utf8_lossy(&project_file(root, "body-region/hips/index.html"))
            .contains("/advice/sitting/")
    );
    // A new term needs pages that did not exist: a full rebuild, still equal.
    edit("[lower back, hips]", "[lower back, hips, knee]");
    // And a term only this page had, dropped: its pages go.
    edit("[lower back, hips, knee]", "[lower back]");
}

/// A file of a fresh full build of the site at `root`.
fn project_file(root: &Path, rel: &str) -> Vec<u8> {
    let mut fresh = Project::new(root, false, "http://preview.test".into());
    fresh.full().unwrap();
    fresh.files[rel].to_vec()
}

/// The related articles article `rel` (below public/) lists, in order.
fn related_of(html: &str) -> Vec<String> {
    let section = html
        .split("aria-labelledby=\"related-title\"")
        .nth(1)
        .expect("a related section");
    let section = section.split("</section>").next().unwrap();
    listed(section)
}

#[test]
fn related_articles_rank_by_shared_terms_then_shared_words() {
    let (_site, out) = built();
    // Lifting and walking share "lower back" with it; the desk guide shares
    // only words ("sitting", "desk") and, in another folder and older, still
    // ranks above the neck article of its own folder, which shares nothing.
    assert_eq!(
        related_of(&read(&out, "advice/sitting/index.html")),
        [
            "/advice/lifting/",
            "/advice/walking/",
            "/guides/desk-setup/"
        ]
    );
}

#[test]
fn the_dev_server_re_renders_articles_whose_related_list_an_edit_changes() {
    let site = copy_fixture("taxonomies");
    let root = site.path();
    let mut project = Project::new(root, false, "http://preview.test".into());
    project.full().unwrap();
    let guide = root.join("content/guides/desk-setup.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    // The guide no longer shares a word with the sitting article.
    std::fs::write(
        &guide,
        text.replace(
            "Setting up a desk for sitting all day",
            "Screen and chair height",
        )
        .replace("positions for desk work", "heights at work"),
    )
    .unwrap();
    project
        .apply(
            &[Change::Content("guides/desk-setup.md".into())]
                .into_iter()
                .collect(),
        )
        .unwrap();
    project.finish_deferred().unwrap();
    let sitting = String::from_utf8_lossy(&project.files["advice/sitting/index.html"]).into_owned();
    assert_eq!(
        related_of(&sitting),
        ["/advice/lifting/", "/advice/walking/", "/advice/neck/"]
    );
    assert_eq!(
        project.files["advice/sitting/index.html"].to_vec(),
        project_file(root, "advice/sitting/index.html")
    );
}
