//! Sites in several languages: the `languages` fixture (English by default,
//! Spanish with most pages translated, Welsh with only its home page) built,
//! checked and served as a clinic would.

use crate::common::*;
use lumbar::serve::rebuild::{Change, Outcome, Project};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn built() -> tempfile::TempDir {
    let site = copy_fixture("languages");
    build(site.path(), &[]);
    site
}

fn page(site: &Path, rel: &str) -> String {
    read(site, &format!("public/{rel}"))
}

/// `hreflang` → `href` of a page's `<link rel="alternate">` elements.
fn alternates(html: &str) -> BTreeMap<String, String> {
    html.split("<link rel=\"alternate\" hreflang=\"")
        .skip(1)
        .map(|rest| {
            let (lang, rest) = rest.split_once('"').unwrap();
            let href = attr_after(rest, "href=\"");
            (lang.to_string(), href)
        })
        .collect()
}

/// The output file of a permalink on the fixture's host.
fn file_of(url: &str) -> String {
    let path = url.strip_prefix("https://riverside.test/").unwrap();
    format!("{path}index.html")
}

#[test]
fn each_language_has_its_own_pages_feeds_sitemap_404_and_search() {
    let site = built();
    let root = site.path();
    for rel in [
        "es/index.html",
        "es/guide/index.html",
        "es/guide/lifting/index.html",
        "es/faq/questions/index.html",
        "es/tags/levantar-peso/index.html",
        "es/404.html",
        "es/atom.xml",
        "es/sitemap.xml",
        "es/search/index.html",
        "es/search/index/meta.json",
        "cy/index.html",
    ] {
        assert!(root.join("public").join(rel).is_file(), "{rel}");
    }
    // A page with no translation has no page of its own in that language.
    for missing in [
        "es/guide/sleep",
        "cy/guide/lifting",
        "cy/guide",
        "es/tags/lifting",
    ] {
        assert!(!root.join("public").join(missing).exists(), "{missing}");
    }
    let robots = page(root, "robots.txt");
    for sitemap in ["/sitemap.xml", "/es/sitemap.xml", "/cy/sitemap.xml"] {
        assert!(
            robots.contains(&format!("Sitemap: https://riverside.test{sitemap}")),
            "{robots}"
        );
    }
    assert!(!root.join("public/es/robots.txt").exists());
    let es_sitemap = page(root, "es/sitemap.xml");
    assert!(es_sitemap.contains("<loc>https://riverside.test/es/guide/lifting/</loc>"));
    assert!(!es_sitemap.contains("/guide/sleep/"), "{es_sitemap}");
    let es_feed = page(root, "es/atom.xml");
    assert!(es_feed.contains("Levantar peso con dolor de espalda"));
    assert!(!es_feed.contains("Sleeping with a sore back"), "{es_feed}");
    assert!(
        es_feed.contains("xml:lang=\"es-ES\"") || es_feed.contains("<feed"),
        "{es_feed}"
    );
    // Links inside a language stay in it; shared files stay at the root.
    let lifting = page(root, "es/guide/lifting/index.html");
    assert!(
        lifting.contains("href=\"/es/guide/\""),
        "breadcrumb to the Spanish guide"
    );
    assert!(lifting.contains("href=\"/es/search/\""));
    assert!(lifting.contains("data-index=\"/es/search/index/meta.json\""));
    assert!(
        lifting.contains("href=\"/css/style."),
        "stylesheet at the root"
    );
    assert!(!lifting.contains("/es/css/"));
    let not_found = page(root, "es/404.html");
    assert!(not_found.contains("Página no encontrada"), "{not_found}");
}

#[test]
fn hreflang_alternates_point_back_and_name_an_x_default() {
    let site = built();
    let public = site.path().join("public");
    let mut pages = 0;
    for (rel, bytes) in snapshot(&public) {
        if !rel.ends_with("index.html") || rel.starts_with("search/index") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let alts = alternates(&html);
        let own = format!(
            "https://riverside.test/{}",
            rel.trim_end_matches("index.html")
        );
        assert!(
            alts.values().any(|h| *h == own),
            "{rel} does not list itself: {alts:?}"
        );
        for (lang, href) in &alts {
            let other = String::from_utf8(
                std::fs::read(public.join(file_of(href)))
                    .unwrap_or_else(|_| panic!("{rel}: {href}")),
            )
            .unwrap();
            let back = alternates(&other);
            if lang == "x-default" {
                assert_eq!(
                    back.get("en"),
                    Some(href),
                    "x-default of {rel} is the English page"
                );
                continue;
            }
            // Every alternate lists this page back, under this page's language.
            assert!(
                back.values().any(|h| *h == own),
                "{href} does not point back to {rel}"
            );
            assert_eq!(
                back.get(lang),
                Some(href),
                "{href} calls itself something else"
            );
        }
        pages += 1;
    }
    assert!(pages > 15, "{pages}");
    let lifting = alternates(&page(site.path(), "guide/lifting/index.html"));
    assert_eq!(
        lifting,
        BTreeMap::from([
            ("en".into(), "https://riverside.test/guide/lifting/".into()),
            (
                "es-ES".into(),
                "https://riverside.test/es/guide/lifting/".into()
            ),
            (
                "x-default".into(),
                "https://riverside.test/guide/lifting/".into()
            ),
        ])
    );
    let html = page(site.path(), "es/guide/lifting/index.html");
    assert!(html.contains("<html lang=\"es-ES\">"));
    assert!(
        html.contains("<meta property=\"og:locale\" content=\"es_ES\">"),
        "og:locale"
    );
    let ld = json_ld(&html);
    let text = ld.to_string();
    assert!(text.contains("\"inLanguage\":\"es-ES\""), "{text}");
    assert!(
        text.contains("\"translationOfWork\":{\"@id\":\"https://riverside.test/guide/lifting/\"}"),
        "{text}"
    );
    let en = json_ld(&page(site.path(), "guide/lifting/index.html")).to_string();
    assert!(
        en.contains("\"workTranslation\":[{\"@id\":\"https://riverside.test/es/guide/lifting/\"}]"),
        "{en}"
    );
}

#[test]
fn the_switcher_links_the_same_page_or_that_languages_home() {
    let site = built();
    let html = page(site.path(), "es/guide/lifting/index.html");
    let switch = html.split("<nav class=\"lang-switch\"").nth(1).unwrap();
    let switch = switch.split("</nav>").next().unwrap();
    assert!(
        switch
            .contains("<a href=\"/guide/lifting/\" hreflang=\"en\" lang=\"en\" title=\"English\">"),
        "{switch}"
    );
    // No Welsh translation: the Welsh home page, marked as such.
    assert!(
        switch.contains(
            "<a href=\"/cy/\" hreflang=\"cy\" lang=\"cy\" title=\"Cymraeg\" class=\"lang-home\">"
        ),
        "{switch}"
    );
    assert!(switch.contains(">Cymraeg<"));
    assert!(
        !switch.contains("/es/"),
        "the current language is not a link: {switch}"
    );
    let en = page(site.path(), "guide/lifting/index.html");
    assert!(en.contains(
        "<a href=\"/es/guide/lifting/\" hreflang=\"es-ES\" lang=\"es-ES\" title=\"Español\">"
    ));
    assert!(en.contains(">Español<"), "a known language's own name");
}

#[test]
fn an_untranslated_page_is_listed_in_its_own_language_and_marked() {
    let site = built();
    let guide = page(site.path(), "es/guide/index.html");
    assert!(
        guide.contains(
            "<a href=\"/guide/sleep/\" hreflang=\"en\" lang=\"en\">Sleeping with a sore back</a>"
        ),
        "{guide}"
    );
    assert!(guide.contains("Solo en English"));
    assert!(guide.contains("<a href=\"/es/guide/lifting/\">Levantar peso con dolor de espalda</a>"));
    // A link in a translation to a page with no translation goes to the source.
    let lifting = page(site.path(), "es/guide/lifting/index.html");
    assert!(lifting.contains("href=\"/guide/sleep/\""), "{lifting}");
    // Its English text is not in the Spanish index, nor its topics among the Spanish ones.
    let es_index: String = snapshot(&site.path().join("public/es/search/index"))
        .into_values()
        .map(|b| String::from_utf8(b).unwrap())
        .collect();
    assert!(!es_index.contains("zebrafinch"));
    assert!(es_index.contains("sensibilidad"));
    assert!(search_index_text(&site.path().join("public")).contains("zebrafinch"));
    assert!(!search_index_text(&site.path().join("public")).contains("sensibilidad"));
    assert!(!site.path().join("public/es/tags/sleep").exists());
}

#[test]
fn theme_words_and_dates_are_in_each_pages_language() {
    let site = built();
    let es = page(site.path(), "es/guide/lifting/index.html");
    for words in [
        "Emergencia",
        "Llame al 999 o acuda a urgencias ahora si:",
        "Revisión clínica de",
        "1 de junio de 2026",
        "Saltar al contenido",
    ] {
        assert!(es.contains(words), "{words}");
    }
    assert!(!es.contains("Skip to content"));
    let en = page(site.path(), "guide/lifting/index.html");
    assert!(en.contains("1 May 2026") && en.contains("Skip to content"));
    // Welsh has no theme words yet: the default language's, with its own lang.
    let cy = page(site.path(), "cy/index.html");
    assert!(cy.contains("<html lang=\"cy\">") && cy.contains("Skip to content"));
    let meta: serde_json::Value =
        serde_json::from_str(&page(site.path(), "es/search/index/meta.json")).unwrap();
    assert_eq!(meta["lang"], "es", "Spanish stemming and stop words");
    assert!(meta["stop"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("para")));
    // A site's own word for a taxonomy, per language, wins over its name.
    let dir = copy_fixture("languages");
    write(
        dir.path(),
        "i18n/es.toml",
        "taxonomy_tags = \"Temas de salud\"\n",
    );
    build(dir.path(), &[]);
    assert!(page(dir.path(), "es/tags/index.html").contains("Temas de salud"));
    assert!(!page(dir.path(), "tags/index.html").contains("Temas de salud"));
}

fn check_json(root: &Path, extra: &[&str]) -> (bool, serde_json::Value) {
    let mut args = vec!["check", "--format", "json", "--today", "2026-12-06"];
    args.extend_from_slice(extra);
    let out = lumbar(root, &args);
    (
        out.status.success(),
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr))),
    )
}

#[test]
fn check_flags_translations_older_than_their_source() {
    let site = copy_fixture("languages");
    let root = site.path();
    let (ok, report) = check_json(root, &[]);
    assert!(ok, "{report}");
    let stale = findings_of(&report, "translation");
    assert!(
        stale
            .iter()
            .any(|(_, m)| m.starts_with("translation out of date: ")
                && m.contains("running.md was reviewed or updated on 2026-09-01")),
        "{stale:?}"
    );
    let running: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["check"] == "translation" && f["file"].as_str().unwrap().ends_with("running.es.md")
        })
        .collect();
    assert_eq!(running.len(), 1);
    assert_eq!(running[0]["severity"], "warning", "no care card: a warning");
    // Welsh: no theme words and no reading-level formula, each said once.
    assert!(
        stale
            .iter()
            .any(|(_, m)| m.contains("not translated into Cymraeg")),
        "{stale:?}"
    );
    let readability = findings_of(&report, "readability");
    assert!(
        readability
            .iter()
            .any(|(_, m)| m.contains("not scored for Cymraeg")),
        "{readability:?}"
    );

    // The source of a page with care cards is reviewed again: an error.
    let text = read(root, "content/guide/lifting.md");
    write(
        root,
        "content/guide/lifting.md",
        text.replace("reviewed: 2026-05-01", "reviewed: 2026-11-01"),
    );
    let (ok, report) = check_json(root, &[]);
    assert!(!ok, "an out-of-date page with care cards fails the check");
    let errors: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("content/guide/lifting.es.md"));
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("care cards"));
    // `updated:` on the translation brings it up to date.
    let es = read(root, "content/guide/lifting.es.md");
    write(
        root,
        "content/guide/lifting.es.md",
        es.replace("reviewed: 2026-06-01", "reviewed: 2026-11-20"),
    );
    assert!(check_json(root, &[]).0);
}

#[test]
fn spanish_pages_are_scored_with_fernandez_huerta() {
    let site = copy_fixture("languages");
    let hard = "La sintomatología discogénica intervertebral frecuentemente requiere rehabilitación multidisciplinar exhaustiva con estabilización neuromuscular progresiva, periodización individualizada y contextualización biopsicosocial de experiencias nociceptivas persistentes. ";
    let text = read(site.path(), "content/guide/lifting.es.md");
    write(
        site.path(),
        "content/guide/lifting.es.md",
        text.replace(
            "Levantar peso suele ser seguro",
            &format!("{}Levantar peso suele ser seguro", hard.repeat(3)),
        ),
    );
    let (_, report) = check_json(site.path(), &[]);
    let found = findings_of(&report, "readability");
    assert!(
        found
            .iter()
            .any(|(_, m)| m.contains("(Fernández Huerta) is above 9")),
        "{found:?}"
    );
}

#[test]
fn the_translations_report_lists_what_is_missing_and_out_of_date() {
    let site = copy_fixture("languages");
    let out = lumbar(
        site.path(),
        &["check", "--report", "translations", "--today", "2026-12-06"],
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    // Home, guide, two articles and the FAQ of eight pages; the people are not translated.
    assert!(
        text.contains("es: 5 of 8 pages translated, 1 out of date, 3 missing"),
        "{text}"
    );
    assert!(
        text.contains("/content/guide/sleep.md  Sleeping with a sore back"),
        "{text}"
    );
    assert!(
        text.contains(
            "/content/guide/running.es.md  (source changed 2026-09-01, translation 2026-03-15)"
        ),
        "{text}"
    );
    assert!(
        text.contains("cy: 1 of 8 pages translated, 0 out of date, 7 missing"),
        "{text}"
    );
    let strict = lumbar(
        site.path(),
        &[
            "check",
            "--report",
            "translations",
            "--strict",
            "--today",
            "2026-12-06",
        ],
    );
    assert!(!strict.status.success(), "--strict fails on work left");
    let csv = lumbar(
        site.path(),
        &["check", "--report", "translations", "--format", "csv"],
    );
    let csv = String::from_utf8_lossy(&csv.stdout);
    assert!(csv.starts_with(
        "language,status,source,title,translation,source_changed,translation_changed\n"
    ));
    assert!(
        csv.contains("/content/guide/sleep.md,Sleeping with a sore back,,2026-05-01,\n"),
        "{csv}"
    );
    assert!(
        csv.lines().nth(1).unwrap().starts_with("cy,missing,"),
        "{csv}"
    );
}

/// Builds `site` expecting failure; the error's first line and that
/// `public/` is as it was.
fn fails(site: &Path) -> String {
    let before = snapshot(&site.join("public"));
    let out = lumbar(site, &["build"]);
    assert!(!out.status.success());
    assert_eq!(snapshot(&site.join("public")), before, "public/ untouched");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn bad_language_input_is_a_clear_error_and_loses_nothing() {
    let site = built();
    let root = site.path();
    let cases: [(&str, &str, &str); 4] = [
        (
            "content/guide/lifting.fr.md",
            "---\ntitle: Soulever\n---\nTexte.\n",
            "content/guide/lifting.fr.md:1:1: `.fr` in the file name is not one of the site's languages (en, cy, es); add [languages.fr] to site.toml",
        ),
        (
            "content/guide/ghost.es.md",
            "---\ntitle: Fantasma\n---\nTexto.\n",
            "content/guide/ghost.es.md:1:1: translation (es) of a page that does not exist: there is no content/guide/ghost.md",
        ),
        (
            "content/guide/lifting.es.markdown",
            "---\ntitle: Otra\n---\nTexto.\n",
            "content/guide/lifting.es.md:1:1: a second Español file for the same page as content/guide/lifting.es.markdown; keep one of the two",
        ),
        (
            "content/faq/questions.es.yml",
            "title: Otra\nquestions: []\n",
            "content/faq/questions.es.yml:1:1: a second Español file for the same page as content/faq/questions.es.yaml",
        ),
    ];
    for (rel, text, want) in cases {
        write(root, rel, text);
        let err = fails(root);
        assert!(err.contains(want), "{rel}: {err}");
        std::fs::remove_file(root.join(rel)).unwrap();
    }
    let toml = read(root, "site.toml");
    for (from, to, want) in [
        (
            "[languages.es]",
            "[languages.Spanish]",
            "site.toml:7:1: `Spanish` is not a language code",
        ),
        (
            "[languages.cy]",
            "[languages.en]",
            "`en` is the default language (language = \"en\"); [languages] lists the others",
        ),
    ] {
        write(root, "site.toml", toml.replace(from, to));
        let err = fails(root);
        assert!(err.contains(want), "{err}");
    }
    write(
        root,
        "site.toml",
        toml.replace("name = \"Cymraeg\"", "nmae = \"Cymraeg\""),
    );
    assert!(fails(root).contains("unknown field `nmae`"));
    write(root, "site.toml", &toml);
    // A folder named like a language would be overwritten by its pages.
    write(root, "content/es/old.md", "---\ntitle: Old\n---\nText.\n");
    let err = fails(root);
    assert!(
        err.contains(
            "the Español pages go below /es/, where the site already publishes /es/old/index.html"
        ),
        "{err}"
    );
}

#[test]
fn a_one_language_site_with_a_dotted_name_says_what_to_do() {
    let site = copy_fixture("clinic");
    write(
        site.path(),
        "content/back-pain/stretch.es.md",
        "---\ntitle: Estirar\n---\nTexto.\n",
    );
    let out = lumbar(site.path(), &["build"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("content/back-pain/stretch.es.md:1:1: `.es` in the file name is not one of the site's languages (en); add [languages.es] to site.toml, or rename the file without `.es`"), "{err}");
}

fn changed(files: &[&str]) -> BTreeSet<Change> {
    files
        .iter()
        .map(|f| Change::Content(f.to_string()))
        .collect()
}

#[test]
fn serve_re_renders_only_the_edited_languages_pages() {
    let site = copy_fixture("languages");
    let root = site.path();
    let mut project = Project::new(root, false, "http://preview.test".into());
    let Outcome::Reload { rendered: all } = project.full().unwrap() else {
        panic!()
    };
    assert!(project.files.contains_key("es/guide/lifting/index.html"));
    let before = project.files.clone();
    // A sentence of a translation: its page, its feeds and its search index.
    let file = root.join("content/guide/lifting.es.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("Levantar peso suele ser seguro", "Levantar peso es seguro"),
    )
    .unwrap();
    let outcome = project.apply(&changed(&["guide/lifting.es.md"])).unwrap();
    let Outcome::Reload { rendered } = outcome else {
        panic!("{outcome:?}")
    };
    assert!(rendered < all / 4, "{rendered} of {all}");
    let touched: Vec<&String> = project
        .files
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k)
        .collect();
    assert!(!touched.is_empty());
    assert!(
        touched.iter().all(|k| k.starts_with("es/")),
        "only Spanish outputs change: {touched:?}"
    );
    assert!(
        String::from_utf8_lossy(&project.files["es/guide/lifting/index.html"])
            .contains("Levantar peso es seguro")
    );
    assert_matches_full_build(&mut project, root);

    // Retitling an untranslated page changes the Spanish list that shows it too.
    let file = root.join("content/guide/sleep.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("title: Sleeping with a sore back", "title: Sleeping well"),
    )
    .unwrap();
    project.apply(&changed(&["guide/sleep.md"])).unwrap();
    assert!(
        String::from_utf8_lossy(&project.files["es/guide/index.html"]).contains("Sleeping well")
    );
    assert_matches_full_build(&mut project, root);

    // A new translation takes the place of the listed source.
    write(
        root,
        "content/guide/sleep.es.md",
        "---\ntitle: Dormir bien\ndate: 2026-02-01\n---\nUna almohada entre las rodillas ayuda.\n",
    );
    project.apply(&changed(&["guide/sleep.es.md"])).unwrap();
    assert!(project.files.contains_key("es/guide/sleep/index.html"));
    assert!(String::from_utf8_lossy(&project.files["es/guide/index.html"]).contains("Dormir bien"));
    assert_matches_full_build(&mut project, root);
}

#[test]
fn the_dev_server_serves_each_language_and_its_not_found_page() {
    let site = copy_fixture("languages");
    let server = Server::start(site.path());
    let r = server.get("/es/guide/lifting/");
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Levantar peso con dolor de espalda"));
    assert!(
        r.body.contains("/__lumbar/"),
        "live reload in every language"
    );
    let r = server.get("/es/guide/nowhere/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("Página no encontrada"), "{}", r.body);
    let r = server.get("/guide/nowhere/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("Page not found"));
    // Saving a translation reaches the browser.
    let events = Events::connect(&server.addr);
    let file = site.path().join("content/guide/lifting.es.md");
    let text = std::fs::read_to_string(&file).unwrap();
    atomic_write(
        &file,
        &text.replace("Levantar peso suele ser seguro", "Levantar peso es seguro"),
    );
    events.expect("reload", 30);
    assert!(server
        .get("/es/guide/lifting/")
        .body
        .contains("Levantar peso es seguro"));
}

#[test]
fn lumbar_new_starts_a_translation_only_where_the_build_takes_it() {
    let site = copy_fixture("languages");
    let root = site.path();
    let out = lumbar(
        root,
        &[
            "new",
            "article",
            "guide/sleep.es",
            "Dormir con dolor de espalda",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = read(root, "content/guide/sleep.es.md");
    assert!(
        text.contains("title: \"Dormir con dolor de espalda\"") && text.contains("draft: true")
    );
    // A draft translation: Spanish lists keep the English page meanwhile.
    build(root, &[]);
    assert!(page(root, "es/guide/index.html").contains("Sleeping with a sore back"));
    build(root, &["--drafts"]);
    assert!(root.join("public/es/guide/sleep/index.html").is_file());
    for (path, want) in [
        (
            "guide/nothing.es",
            "there is no content/guide/nothing.md to translate",
        ),
        (
            "guide/sleep.fr",
            "`.fr` is not one of the site's languages (en, cy, es)",
        ),
    ] {
        let out = lumbar(root, &["new", "article", path]);
        assert!(!out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(want),
            "{path}"
        );
        assert!(
            !root.join(format!("content/{path}.md")).exists(),
            "nothing written"
        );
    }
}

/// An untranslated page is read once, by the default language, and listed
/// by the others from it: no second parse, no second copy of its body.
#[test]
fn an_untranslated_page_is_read_once_for_every_language() {
    let site = copy_fixture("languages");
    let root = site.path();
    let all = lumbar::build::load_all(
        root,
        &lumbar::content::Selection::on(false, false, None),
        None,
        true,
        lumbar::build::Pages::Read(None),
    )
    .unwrap();
    let (en, es) = (&all[0].site, &all[1].site);
    let (source, listed) = (
        en.page("guide/sleep.md").unwrap(),
        es.page("guide/sleep.md").unwrap(),
    );
    assert!(listed.fallback && !source.fallback);
    assert_eq!((&listed.title, &listed.url), (&source.title, &source.url));
    assert!(source.body.html.get().contains("zebrafinch"));
    assert!(listed.body.html.is_empty(), "{}", listed.body.html);
    // What lists and related articles use of it is kept.
    assert_eq!(listed.body.headings.len(), source.body.headings.len());
    assert_eq!(listed.reading_minutes, source.reading_minutes);
    // A profile's bio shows on the other language's team page: kept.
    let ana = es.page("people/ana.yaml").unwrap();
    assert!(ana.fallback && ana.body.html.get().contains("runners and lifters"));
    assert_eq!(ana.body.html, en.page("people/ana.yaml").unwrap().body.html);
    // Its terms and old addresses stay the default language's.
    assert!(listed.terms.iter().all(Vec::is_empty));
    assert!(listed.aliases.is_empty());
}
