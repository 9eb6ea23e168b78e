//! `lumbar build` on fixture sites: what the produced HTML and files contain.

use crate::common::*;
use std::fs;

#[test]
fn builds_pretty_urls_sections_tags_and_site_files() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let stdout = build(root, &[]);
    assert!(stdout.contains("built"), "{stdout}");
    for f in [
        "public/index.html",
        "public/back-pain/index.html",
        "public/back-pain/core/index.html",
        "public/back-pain/lifting/index.html",
        "public/back-pain/lifting/deadlifts-and-your-back/index.html",
        "public/faq/lifting-faq/index.html",
        "public/faq/index.html",
        "public/tags/index.html",
        "public/tags/back-pain/index.html",
        "public/404.html",
        "public/atom.xml",
        "public/sitemap.xml",
        "public/img/logo.svg",
        "public/css/style.css",
        "public/search/index/meta.json",
    ] {
        assert!(root.join(f).is_file(), "{f} missing");
    }
    // Drafts stay out unless asked for.
    assert!(!root.join("public/back-pain/draft").exists());

    let section = read(root, "public/back-pain/index.html");
    assert!(
        section.contains(r#"href="/back-pain/core/""#),
        "section lists its article"
    );
    assert!(
        section.contains(r#"href="/back-pain/lifting/""#),
        "section lists its subsection"
    );
    let nested = read(root, "public/back-pain/lifting/index.html");
    assert!(nested.contains("/back-pain/lifting/deadlifts-and-your-back/"));

    // "Back Pain" and "back pain" are one tag.
    let tag = read(root, "public/tags/back-pain/index.html");
    assert!(
        tag.contains("/back-pain/core/")
            && tag.contains("/back-pain/lifting/deadlifts-and-your-back/")
    );

    let sitemap = read(root, "public/sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://clinic.test/back-pain/core/</loc><lastmod>2025-02-01</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://clinic.test/tags/lifting/</loc>"));
    assert!(!sitemap.contains("404"));

    let feed = read(root, "public/atom.xml");
    assert!(feed.contains("<id>https://clinic.test/back-pain/core/</id>"));
    assert!(feed.contains("Deadlifts &lt;/script&gt;&lt;!-- and your back"));

    // The site's own static/robots.txt wins over the generated one.
    assert_eq!(
        read(root, "public/robots.txt"),
        "User-agent: *\nDisallow: /private/\n"
    );
}

#[test]
fn article_has_toc_anchors_meta_and_embedded_faq() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    let html = read(root, "public/back-pain/core/index.html");
    // The section link sits beside the heading, so the heading's name is
    // just its text.
    assert!(html.contains(
        "<h2 id=\"why-bracing-helps\">Why bracing helps</h2>\n<a class=\"anchor\" href=\"#why-bracing-helps\" aria-label=\"Link to the section “Why bracing helps”\">#</a></div>"
    ));
    assert!(html.contains(r##"<li><a href="#why-bracing-helps">Why bracing helps</a><ol><li><a href="#breathing-first">"##), "nested TOC");
    assert!(html.contains(r#"<link rel="canonical" href="https://clinic.test/back-pain/core/">"#));
    assert!(html.contains(r#"<meta property="og:type" content="article">"#));
    assert!(html.contains(r#"<meta name="description" content="Why bracing matters.">"#));
    assert!(
        html.contains("<table>")
            && html.contains("<del>old advice</del>")
            && html.contains("footnote-definition")
    );
    // @/ links become URLs, including fragments.
    assert!(html.contains(r#"href="/faq/lifting-faq/#can-i-deadlift""#));
    // Embedded FAQ with its anchors, answers open.
    assert!(html.contains(
        r#"<section class="faq-item" id="can-i-deadlift" aria-labelledby="can-i-deadlift-q">"#
    ));
    let ld = json_ld(&html);
    // The embedded FAQ is FAQPage on its own page only; the clinic is one
    // node the page points at; the visible breadcrumbs are a BreadcrumbList.
    assert_eq!(
        types(&ld),
        ["MedicalWebPage", "MedicalClinic", "BreadcrumbList"]
    );
    assert_eq!(ld["@graph"][0]["publisher"]["@id"], ld["@graph"][1]["@id"]);
    assert_eq!(
        ld["@graph"][0]["mainEntity"]["publisher"]["@id"],
        ld["@graph"][1]["@id"]
    );
    let page = &ld["@graph"][0];
    assert_eq!(page["lastReviewed"], "2025-02-01");
    assert_eq!(page["dateModified"], "2025-02-01");
    assert_eq!(page["mainEntity"]["@type"], "Article");
    assert_eq!(page["mainEntity"]["author"]["name"], "Dr Test");
    // A reviewed date alone names no reviewer.
    assert!(page.get("reviewedBy").is_none());
}

#[test]
fn faq_page_has_stable_deep_linkable_anchors_and_faqpage_json_ld() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    let html = read(root, "public/faq/lifting-faq/index.html");
    // Answers are open: each question is a heading with its own link.
    assert!(html.contains(
        r#"<section class="faq-item" id="can-i-deadlift" aria-labelledby="can-i-deadlift-q">"#
    ));
    assert!(
        html.contains(r#"<section class="faq-item" id="can-i-deadlift-1" aria-labelledby="can-i-deadlift-1-q">"#),
        "duplicate question gets a distinct id"
    );
    assert!(html.contains(r##"<h2 class="faq-question" id="can-i-deadlift-q">Can I deadlift?</h2><a class="anchor" href="#can-i-deadlift""##));
    assert!(
        !html.contains("<details"),
        "no folded answers unless asked for"
    );
    assert!(
        html.contains("<strong>lighter</strong>"),
        "answers are Markdown"
    );
    assert!(!html.contains("<script>alert(1)"), "questions are escaped");
    assert!(html.contains("Is &lt;script&gt;alert(1)&lt;/script&gt; escaped?"));
    let ld = json_ld(&html);
    assert_eq!(types(&ld), ["FAQPage", "MedicalClinic", "BreadcrumbList"]);
    let q = &ld["@graph"][0]["mainEntity"][0];
    assert_eq!(q["@type"], "Question");
    assert_eq!(q["name"], "Can I deadlift?");
    assert_eq!(
        q["acceptedAnswer"]["text"],
        "Usually yes, with lighter loads."
    );
    assert_eq!(
        q["url"],
        "https://clinic.test/faq/lifting-faq/#can-i-deadlift"
    );

    let index = read(root, "public/faq/index.html");
    assert!(
        index.contains(r#"href="/faq/lifting-faq/#can-i-deadlift""#),
        "FAQ index deep-links questions"
    );
}

/// `collapsed: true` folds a long FAQ's answers under their questions, on
/// its own page and where an article embeds it; deep links still work.
#[test]
fn a_collapsed_faq_folds_its_answers() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let path = root.join("content/faq/lifting-faq.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("collapsed: true\n{text}")).unwrap();
    build(root, &[]);
    let html = read(root, "public/faq/lifting-faq/index.html");
    assert!(html.contains(r#"<details class="faq-item" id="can-i-deadlift">"#));
    assert!(html.contains(r#"<summary><h2 class="faq-question">Can I deadlift?</h2></summary>"#));
    assert!(!html.contains(r#"<section class="faq-item""#));
    let article = read(root, "public/back-pain/core/index.html");
    assert!(article.contains(r#"<details class="faq-item" id="can-i-deadlift">"#));
}

#[test]
fn json_ld_cannot_be_broken_out_of() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    let html = read(
        root,
        "public/back-pain/lifting/deadlifts-and-your-back/index.html",
    );
    let start = html.find("application/ld+json").unwrap();
    let script = &html[start..start + html[start..].find("</script>").unwrap()];
    assert!(
        !script.contains("</") && !script.contains("<!--"),
        "{script}"
    );
    let ld = json_ld(&html);
    assert_eq!(
        ld["@graph"][0]["name"],
        "Deadlifts </script><!-- and your back"
    );
    assert!(html.contains(
        "<title>Deadlifts &lt;/script&gt;&lt;!-- and your back · Fixture Clinic</title>"
    ));
}

#[test]
fn site_templates_override_theme_and_front_matter_picks_template() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    assert!(read(root, "public/tags/lifting/index.html")
        .contains(r#"<h1 class="site-override">Topic: Lifting</h1>"#));
    assert!(read(root, "public/back-pain/special/index.html")
        .contains(r#"<p class="special-template">Uses a custom template</p>"#));
    // The theme's templates still serve everything else.
    assert!(read(root, "public/back-pain/core/index.html").contains("class=\"article\""));
}

#[test]
fn drafts_flag_includes_drafts() {
    let site = copy_fixture("clinic");
    build(site.path(), &["--drafts"]);
    assert!(site
        .path()
        .join("public/back-pain/draft/index.html")
        .is_file());
}

#[test]
fn two_builds_are_byte_identical_and_a_rebuild_writes_nothing() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &["--output", root.join("one").to_str().unwrap()]);
    build(root, &["--output", root.join("two").to_str().unwrap()]);
    let one = snapshot(&root.join("one"));
    assert!(one.len() > 15);
    assert_eq!(one, snapshot(&root.join("two")));

    let first = build(root, &[]);
    assert!(first.contains(" 0 unchanged"), "{first}");
    // The count is of files, not of jobs: the search index is one job and
    // many files. Every file but lumbar's own manifest.
    let files = snapshot(&root.join("public")).len() - 1;
    assert!(
        first.contains(&format!("({files} files: {files} written, 0 unchanged")),
        "{first}"
    );
    let again = build(root, &[]);
    assert!(again.contains(&format!("({files} files)")), "{again}");
    let mtime = std::fs::metadata(root.join("public/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    // A full build again (not the build cache's answer) writes nothing.
    let second = build(root, &["--no-cache"]);
    assert!(second.contains(" 0 written"), "{second}");
    assert_eq!(
        std::fs::metadata(root.join("public/index.html"))
            .unwrap()
            .modified()
            .unwrap(),
        mtime
    );
}

#[test]
fn rebuild_removes_pages_whose_source_is_gone() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    std::fs::remove_file(root.join("content/back-pain/special.md")).unwrap();
    std::fs::write(
        root.join("content/back-pain/new.md"),
        "---\ntitle: New\n---\nhi\n",
    )
    .unwrap();
    build(root, &[]);
    assert!(!root.join("public/back-pain/special").exists());
    assert!(root.join("public/back-pain/new/index.html").is_file());
    assert!(
        !std::fs::read_dir(root).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".public")),
        "no staging left behind"
    );
}

#[test]
fn example_site_in_repo_builds() {
    let dir = copy_example_site();
    build(dir.path(), &[]);
    let html = read(
        dir.path(),
        "public/training/why-back-pain-slows-training/index.html",
    );
    assert_eq!(
        types(&json_ld(&html)),
        [
            "MedicalWebPage",
            "Person",
            "Person",
            "MedicalClinic",
            "BreadcrumbList"
        ]
    );
    assert!(
        read(dir.path(), "public/faq/index.html").contains("Can I keep training with back pain?")
    );
}

#[test]
fn search_can_be_turned_off() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    assert!(read(root, "public/index.html").contains(r#"role="search""#));
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        toml.replace("description =", "search = false\ndescription ="),
    )
    .unwrap();
    build(root, &[]);
    assert!(!root.join("public/search").exists(), "stale index removed");
    let home = read(root, "public/index.html");
    assert!(!home.contains(r#"role="search""#) && !home.contains("search.js"));
}

#[test]
fn a_base_url_with_a_path_prefixes_every_root_relative_link() {
    let site = copy_fixture("clinic");
    let root = site.path();
    std::fs::write(
        root.join("content/back-pain/prefixed.md"),
        "---\ntitle: Prefixed\n---\n\n[plain](/back-pain/core/) and [already](/sub/back-pain/core/) and ![logo](/img/logo.svg)\n",
    )
    .unwrap();
    build(root, &["--base-url", "https://clinic.test/sub/"]);
    let home = read(root, "public/index.html");
    for want in [
        r#"href="/sub/css/style."#,
        r#"href="/sub/favicon.svg""#,
        r#"href="/sub/back-pain/""#,
        r#"data-index="/sub/search/index/meta.json""#,
        r#"src="/sub/js/search."#,
        r#"<a class="brand" href="/sub/">"#,
    ] {
        assert!(home.contains(want), "{want}");
    }
    let core = read(root, "public/back-pain/core/index.html");
    assert!(
        core.contains(r#"href="/sub/faq/lifting-faq/#can-i-deadlift""#),
        "@/ links"
    );
    assert!(
        core.contains(r#"<link rel="canonical" href="https://clinic.test/sub/back-pain/core/">"#)
    );
    let prefixed = read(root, "public/back-pain/prefixed/index.html");
    let body = &prefixed[prefixed.find(r#"class="prose""#).unwrap()
        ..prefixed.find(r#"class="article-footer""#).unwrap()];
    assert_eq!(
        body.matches(r#"href="/sub/back-pain/core/""#).count(),
        2,
        "authors' links, never doubled"
    );
    assert!(prefixed.contains(r#"src="/sub/img/logo.svg""#));
    // No root-relative link anywhere escapes the base path.
    for (rel, bytes) in snapshot(&root.join("public")) {
        if rel.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            for attr in ["href=\"/", "src=\"/", "action=\"/"] {
                for (i, _) in html.match_indices(attr) {
                    let rest = &html[i + attr.len()..];
                    assert!(
                        rest.starts_with("sub/") || rest.starts_with('/'),
                        "{rel}: {}",
                        &html[i..i + 40]
                    );
                }
            }
        }
    }
    let index = search_index_text(&root.join("public"));
    assert!(
        index.contains(r#""/sub/back-pain/core/""#) && !index.contains(r#""/back-pain/core/""#)
    );
    assert!(read(root, "public/atom.xml").contains("https://clinic.test/sub/back-pain/core/"));
    // lumbar check understands both spellings of an internal link.
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        toml.replace("https://clinic.test/", "https://clinic.test/sub/"),
    )
    .unwrap();
    let out = lumbar(root, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"], 0, "{v}");
}

#[test]
fn generated_page_titles_come_from_the_theme_strings_and_a_site_can_change_them() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    assert!(read(root, "public/tags/index.html").contains("<title>Topics"));
    std::fs::create_dir_all(root.join("i18n")).unwrap();
    std::fs::write(
        root.join("i18n/en.toml"),
        "tags_index_title = \"Subjects\"\nfaq_nav = \"Questions\"\nclinic_hours = \"Mon–Fri\"\n",
    )
    .unwrap();
    build(root, &[]);
    let tags = read(root, "public/tags/index.html");
    assert!(tags.contains("<title>Subjects"), "{tags}");
    assert!(read(root, "public/index.html").contains(">Questions</a>"));
    // Keys left out keep the theme's words.
    assert!(read(root, "public/404.html").contains("Page not found"));
    // A mistake in the file is reported with its position.
    std::fs::write(root.join("i18n/en.toml"), "tags_index_title = Subjects\n").unwrap();
    let out = lumbar(root, &["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("i18n/en.toml:1:20:"), "{err}");
}

#[test]
fn the_disclaimer_is_the_sites_own_markdown_and_absent_when_not_given() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    let page = read(root, "public/back-pain/core/index.html");
    assert!(
        page.contains(r#"<div class="disclaimer"><p>General education, not a diagnosis. <b>Raw</b> HTML passes only with unsafe_html; <a href="https://clinic.test/book/">book a visit</a> if unsure.</p>"#),
        "{page}"
    );
    let toml = read(root, "site.toml");
    std::fs::write(
        root.join("site.toml"),
        format!("unsafe_html = false\n{toml}"),
    )
    .unwrap();
    build(root, &[]);
    assert!(read(root, "public/index.html").contains("&lt;b&gt;Raw&lt;/b&gt;"));
    let without: String = toml
        .lines()
        .filter(|l| !l.starts_with("disclaimer"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(root.join("site.toml"), without).unwrap();
    build(root, &[]);
    for page in [
        "public/index.html",
        "public/back-pain/core/index.html",
        "public/404.html",
    ] {
        assert!(!read(root, page).contains("class=\"disclaimer\""), "{page}");
    }
}

/// An image or file written beside its page, as authors write it, is found
/// there and linked where it is published; a missing one stops the build
/// at its line, and public/ stays as it was.
#[test]
fn images_and_files_beside_a_page_are_found_and_missing_ones_stop_the_build() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let dir = root.join("content/back-pain/Sitting Well");
    fs::create_dir_all(dir.join("forms")).unwrap();
    fs::write(dir.join("chair.jpg"), jpeg(640, 480)).unwrap();
    fs::write(dir.join("forms/intake.pdf"), b"%PDF-1.4").unwrap();
    fs::write(
        dir.join("desk.md"),
        "---\ntitle: Desk set-up\n---\n\n![A chair at a desk](chair.jpg)\n\n[Intake form](forms/intake.pdf) and [the core article](@/back-pain/core.md).\n",
    )
    .unwrap();
    build(root, &[]);
    let html = read(root, "public/back-pain/sitting-well/desk/index.html");
    // Shown resized; the first image of a page without a hero loads at once.
    assert!(
        html.contains(r#"<img src="/back-pain/sitting-well/chair.640w."#)
            && html.contains(r#"width="640" height="480" alt="A chair at a desk">"#),
        "{html}"
    );
    assert!(html.contains(r#"<a href="/back-pain/sitting-well/forms/intake.pdf">Intake form</a>"#));
    assert!(root
        .join("public/back-pain/sitting-well/chair.jpg")
        .is_file());
    assert!(root
        .join("public/back-pain/sitting-well/forms/intake.pdf")
        .is_file());

    let before = snapshot(&root.join("public"));
    fs::write(
        dir.join("desk.md"),
        "---\ntitle: Desk set-up\n---\n\nSit back.\n\n![A chair](Chair.JPG)\n",
    )
    .unwrap();
    let out = lumbar(root, &["build"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("content/back-pain/Sitting Well/desk.md:7:1: image Chair.JPG not found: no file content/back-pain/Sitting Well/Chair.JPG"),
        "{err}"
    );
    assert_eq!(before, snapshot(&root.join("public")));
}

/// A moved page keeps its old addresses working: `aliases:` writes a
/// redirect page at each (noindex, canonical, immediate refresh) and lists
/// them as 301s in `_redirects`; printed QR codes and old links still land.
#[test]
fn aliases_redirect_old_addresses_and_clashes_fail_at_their_line() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let core = root.join("content/back-pain/core.md");
    let text = fs::read_to_string(&core).unwrap();
    fs::write(
        &core,
        text.replacen(
            "---\n",
            "---\naliases:\n  - /core-strength/\n  - /old/core.html\n",
            1,
        ),
    )
    .unwrap();
    build(root, &[]);
    let old = read(root, "public/core-strength/index.html");
    for want in [
        r#"<meta name="robots" content="noindex">"#,
        r#"<link rel="canonical" href="https://clinic.test/back-pain/core/">"#,
        r#"<meta http-equiv="refresh" content="0; url=https://clinic.test/back-pain/core/">"#,
        r#"<a href="https://clinic.test/back-pain/core/">This page has moved. Continue to the new page.</a>"#,
    ] {
        assert!(old.contains(want), "{want} in {old}");
    }
    assert!(root.join("public/old/core.html").is_file());
    assert_eq!(
        read(root, "public/_redirects"),
        "# Written by lumbar from aliases: in front matter.\n/core-strength/ /back-pain/core/ 301\n/old/core.html /back-pain/core/ 301\n"
    );
    assert!(!read(root, "public/sitemap.xml").contains("core-strength"));

    // Clashes: another page's address, a generated listing, a web address.
    let before = snapshot(&root.join("public"));
    for (alias, message) in [
        ("/faq/lifting-faq/", "alias /faq/lifting-faq/ is the address of "),
        ("/tags/", "alias /tags/ is an address lumbar generates a page at; choose another"),
        ("https://old.example/core", "alias \"https://old.example/core\" must be an old address on this site, from its root: e.g. /old-page/"),
    ] {
        fs::write(&core, text.replacen("---\n", &format!("---\naliases:\n  - /fine/\n  - {alias}\n"), 1)).unwrap();
        let out = lumbar(root, &["build"]);
        assert!(!out.status.success(), "{alias}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("content/back-pain/core.md:4:3: {message}")), "{err}");
        assert_eq!(before, snapshot(&root.join("public")), "{alias}");
    }
}
