//! Bad input: every case prints one `error: file:line:column: …` line, exits
//! non-zero, never panics, and leaves the previous public/ exactly as it was.

use crate::common::*;
use std::path::Path;

/// Builds the fixture, applies `breakage`, builds again and checks the failure.
/// Returns the error line.
fn fails(breakage: impl FnOnce(&Path), expect_prefix: &str) -> String {
    fails_in("clinic", breakage, expect_prefix)
}

/// [`fails`] on another fixture site.
pub fn fails_in(fixture: &str, breakage: impl FnOnce(&Path), expect_prefix: &str) -> String {
    let site = copy_fixture(fixture);
    let root = site.path();
    build(root, &[]);
    let before = snapshot(&root.join("public"));
    breakage(root);
    let out = lumbar(root, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "build should fail");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    let line = stderr.trim_end().to_string();
    let shown = root.display().to_string() + "/";
    let rel = line.replacen(&shown, "", 1);
    assert!(
        rel.starts_with(&format!("error: {expect_prefix}")),
        "expected `{expect_prefix}`, got: {rel}"
    );
    assert_eq!(
        snapshot(&root.join("public")),
        before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    rel
}

#[test]
fn broken_yaml_front_matter() {
    let e = fails(
        |r| {
            write(
                r,
                "content/back-pain/bad.md",
                "---\ntitle: ok\ntags: [a, b\n---\nbody\n",
            )
        },
        "content/back-pain/bad.md:4:",
    );
    assert!(
        e.contains("flow sequence") || e.contains("did not find"),
        "{e}"
    );
}

#[test]
fn missing_title() {
    let e = fails(
        |r| {
            write(
                r,
                "content/back-pain/bad.md",
                "---\ndescription: no title here\n---\nbody\n",
            )
        },
        "content/back-pain/bad.md:2:1:",
    );
    assert!(e.contains("missing field `title`"), "{e}");
}

#[test]
fn no_front_matter_at_all() {
    fails(
        |r| write(r, "content/back-pain/bad.md", "# Just markdown\n"),
        "content/back-pain/bad.md:1:1: expected front matter",
    );
}

#[test]
fn unknown_front_matter_key() {
    let e = fails(
        |r| {
            write(
                r,
                "content/back-pain/bad.md",
                "---\ntitle: x\ntitel: typo\n---\n",
            )
        },
        "content/back-pain/bad.md:3:1:",
    );
    assert!(e.contains("titel"), "{e}");
}

#[test]
fn bad_date() {
    fails(
        |r| {
            write(
                r,
                "content/back-pain/bad.md",
                "---\ntitle: x\ndate: 14/03/2025\n---\n",
            )
        },
        "content/back-pain/bad.md:3:7: `date` must be a date",
    );
}

#[test]
fn faq_with_no_questions() {
    fails(
        |r| write(r, "content/faq/empty.yaml", "title: Empty\nquestions: []\n"),
        "content/faq/empty.yaml:2:12: FAQ has no questions",
    );
}

#[test]
fn faq_question_with_no_answer() {
    let e = fails(
        |r| {
            write(r, "content/faq/noanswer.yaml", "title: T\nquestions:\n  - question: Fine?\n    answer: yes\n  - question: Missing?\n")
        },
        "content/faq/noanswer.yaml:5:",
    );
    assert!(e.contains("missing field `answer`"), "{e}");
    fails(
        |r| {
            write(r, "content/faq/blank.yaml", "title: T\nquestions:\n  - question: Fine?\n    answer: yes\n  - question: Blank?\n    answer: \"  \"\n")
        },
        "content/faq/blank.yaml:5:1: question \"Blank?\" has an empty answer",
    );
}

#[test]
fn broken_faq_yaml() {
    fails(
        |r| {
            write(
                r,
                "content/faq/broken.yaml",
                "title: T\nquestions:\n  - question: \"unclosed\n",
            )
        },
        "content/faq/broken.yaml:",
    );
}

#[test]
fn unknown_template() {
    let e = fails(
        |r| {
            write(
                r,
                "content/back-pain/bad.md",
                "---\ntitle: x\ntemplate: nope.html\n---\n",
            )
        },
        "content/back-pain/bad.md:3:11: unknown template \"nope.html\"",
    );
    assert!(
        e.contains("page.html"),
        "lists the templates that exist: {e}"
    );
}

#[test]
fn unknown_embedded_faq() {
    fails(
        |r| {
            write(
                r,
                "content/back-pain/bad.md",
                "---\ntitle: x\nfaq: no-such-faq\n---\n",
            )
        },
        "content/back-pain/bad.md:3:6: no FAQ file named",
    );
}

#[test]
fn duplicate_url() {
    let e = fails(
        |r| {
            write(
                r,
                "content/back-pain/other.md",
                "---\ntitle: Same URL\nslug: core\n---\n",
            )
        },
        "content/back-pain/other.md:1:1: URL /back-pain/core/ is already produced by ",
    );
    assert!(e.contains("core.md"), "{e}");
}

#[test]
fn broken_content_link() {
    fails(
        |r| {
            write(
                r,
                "content/back-pain/bad.md",
                "---\ntitle: x\n---\n\nSee [this](@/nowhere.md).\n",
            )
        },
        "content/back-pain/bad.md:5:5: link to @/nowhere.md does not match any content file",
    );
}

#[test]
fn non_utf8_file() {
    fails(
        |r| {
            write(
                r,
                "content/back-pain/latin1.md",
                b"---\ntitle: caf\xe9\n---\n".as_slice(),
            )
        },
        "content/back-pain/latin1.md:2:11: file is not valid UTF-8",
    );
}

#[test]
fn unknown_site_toml_key() {
    let e = fails(
        |r| {
            let t = std::fs::read_to_string(r.join("site.toml")).unwrap();
            write(r, "site.toml", t.replace("description =", "descripton ="));
        },
        "site.toml:3:1:",
    );
    assert!(e.contains("descripton"), "{e}");
}

#[test]
fn missing_theme() {
    fails(
        |r| {
            let t = std::fs::read_to_string(r.join("site.toml")).unwrap();
            write(
                r,
                "site.toml",
                t.replace("title = ", "theme = \"clinic-blue\"\ntitle = "),
            );
        },
        "site.toml:1:1: theme \"clinic-blue\" not found",
    );
}

#[test]
fn template_syntax_error() {
    fails(
        |r| {
            write(r, "templates/term.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ tag.name \n{% endblock content %}\n")
        },
        "templates/term.html:",
    );
}

#[test]
fn template_render_error_names_template_and_page() {
    let e = fails(
        |r| {
            write(r, "templates/special.html", "{% extends \"base.html\" %}{% block content %}{{ page.nope.deeper }}{% endblock content %}")
        },
        "templates/special.html:1:48: template error:",
    );
    assert!(e.contains("special.md"), "{e}");
    assert!(e.contains("page.nope.deeper"), "{e}");
}

#[test]
fn refuses_dangerous_output_directories() {
    let site = copy_fixture("clinic");
    let root = site.path();
    for (out, why) in [
        (".", "site directory"),
        ("content", "inside the site's content"),
        ("..", "site directory"),
        ("../elsewhere", "outside the site"),
    ] {
        let target = root.join(out);
        let o = lumbar(root, &["build", "--output", target.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            !o.status.success() && err.contains("refusing output directory") && err.contains(why),
            "{out}: {err}"
        );
    }
    assert!(
        root.join("content/back-pain/core.md").is_file(),
        "sources untouched"
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("site");
    build(
        root,
        &[
            "--output",
            target.to_str().unwrap(),
            "--allow-outside-output",
        ],
    );
    assert!(target.join("index.html").is_file());
}

/// site.toml with a `[search.synonyms]` table appended.
fn with_synonyms(r: &Path, table: &str) {
    let t = std::fs::read_to_string(r.join("site.toml")).unwrap();
    write(r, "site.toml", format!("{t}\n[search.synonyms]\n{table}"));
}

#[test]
fn search_synonym_mistakes_are_errors_at_their_line() {
    // The fixture's site.toml has 9 lines; the appended table starts at 11.
    let e = fails(
        |r| with_synonyms(r, "physio = [\"physiotherapy\"]\n\"the\" = [\"a thing\"]\n"),
        "site.toml:13:1: search synonym \"the\" has no word search can look for",
    );
    assert!(e.contains("\"the\""), "{e}");
    fails(
        |r| with_synonyms(r, "sciatica = []\n"),
        "site.toml:12:1: search synonym \"sciatica\" lists no alternatives",
    );
    fails(
        |r| with_synonyms(r, "sciatica = [\"leg pain\", \"?!\"]\n"),
        "site.toml:12:1: search synonym \"sciatica\": alternative \"?!\" has no word",
    );
    // A list written as one string, as people do.
    let e = fails(
        |r| with_synonyms(r, "sciatica = \"leg pain\"\n"),
        "site.toml:",
    );
    assert!(e.contains("sequence") || e.contains("array"), "{e}");
    // A misspelt setting of the [search] table.
    let e = fails(
        |r| {
            let t = std::fs::read_to_string(r.join("site.toml")).unwrap();
            write(
                r,
                "site.toml",
                format!("{t}\n[search]\nsynonym = {{ physio = [\"physiotherapy\"] }}\n"),
            );
        },
        "site.toml:",
    );
    assert!(e.contains("synonym"), "{e}");
}

#[test]
fn search_can_be_a_table_or_a_switch() {
    for (toml, index) in [
        ("\n[search]\nenabled = false\n", false),
        ("\nsearch = false\n", false),
        (
            "\n[search]\nsynonyms = { physio = [\"physiotherapy\"] }\n",
            true,
        ),
    ] {
        let site = copy_fixture("clinic");
        let root = site.path();
        let t = std::fs::read_to_string(root.join("site.toml")).unwrap();
        // `search = false` must come before the first table.
        let t = if toml.starts_with("\nsearch") {
            format!("search = false\n{t}")
        } else {
            format!("{t}{toml}")
        };
        write(root, "site.toml", t);
        build(root, &[]);
        assert_eq!(
            root.join("public/search/index/meta.json").exists(),
            index,
            "{toml}"
        );
        if index {
            let meta = read(root, "public/search/index/meta.json");
            assert!(
                meta.contains(r#""syn":{"physio":["physiotherapy"]}"#),
                "{meta}"
            );
        }
    }
}
