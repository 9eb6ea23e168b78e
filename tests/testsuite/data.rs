//! `data/`: YAML, TOML and JSON files that templates read as `data.<name>`;
//! every mistake is an error at its line, and the dev server follows edits.

use crate::common::*;
use std::fs;

/// A section template showing one value from each kind of data file.
fn data_site() -> tempfile::TempDir {
    let site = copy_fixture("clinic");
    let root = site.path();
    write(
        root,
        "data/services.yaml",
        "- name: Sports massage\n  minutes: 45\n- name: Back assessment\n  minutes: 60\n",
    );
    write(
        root,
        "data/clinic/hours.toml",
        "weekdays = \"08:00–19:00\"\nsaturday = \"09:00–13:00\"\n",
    );
    write(root, "data/insurers.json", "[\"Bupa\", \"AXA Health\"]\n");
    // Editors' leftovers are skipped, as in content/.
    write(root, "data/services.yaml~", "not: [valid");
    write(
        root,
        "templates/section.html",
        "{% extends \"base.html\" %}{% block content %}<ul id=\"services\">{% for s in data.services %}<li>{{ s.name }} ({{ s.minutes }} min)</li>{% endfor %}</ul>\
         <p id=\"hours\">{{ data.clinic.hours.weekdays }}</p><p id=\"insurers\">{{ data.insurers | join(sep=\", \") }}</p>{% endblock content %}",
    );
    site
}

#[test]
fn data_files_reach_templates_by_name_and_folder() {
    let site = data_site();
    let root = site.path();
    build(root, &[]);
    let html = read(root, "public/back-pain/index.html");
    assert!(html.contains(r#"<ul id="services"><li>Sports massage (45 min)</li><li>Back assessment (60 min)</li></ul>"#), "{html}");
    assert!(html.contains(r#"<p id="hours">08:00–19:00</p>"#), "{html}");
    assert!(
        html.contains(r#"<p id="insurers">Bupa, AXA Health</p>"#),
        "{html}"
    );
    // Data files are read, not published.
    assert!(!root.join("public/services.yaml").exists() && !root.join("public/data").exists());
}

#[test]
fn data_file_mistakes_stop_the_build_at_their_place() {
    let site = data_site();
    let root = site.path();
    build(root, &[]);
    let before = snapshot(&root.join("public"));
    let cases: Vec<(&str, &str, &str)> = vec![
        (
            "data/services.yaml",
            "- name: Massage\n\t minutes: 45\n",
            "data/services.yaml:2:1: ",
        ),
        (
            "data/clinic/hours.toml",
            "weekdays = \"08:00\nsaturday = 1\n",
            "data/clinic/hours.toml:1:18: invalid basic string",
        ),
        (
            "data/insurers.json",
            "[\"Bupa\",, \"AXA\"]\n",
            "data/insurers.json:1:9: expected value",
        ),
        (
            "data/notes.txt",
            "Remember the hours.",
            "data/notes.txt:1:1: a data file must be YAML (.yaml), TOML (.toml) or JSON (.json)",
        ),
        (
            "data/insurers.yaml",
            "- Bupa\n",
            "is also data.insurers: rename one",
        ),
        (
            "data/clinic.yaml",
            "name: x\n",
            "is also data.clinic: rename one",
        ),
    ];
    for (rel, text, expected) in cases {
        let original = fs::read(root.join(rel)).ok();
        write(root, rel, text);
        let out = lumbar(root, &["build"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{rel}");
        assert!(
            err.contains(expected),
            "{rel}: expected {expected:?} in {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(
            snapshot(&root.join("public")),
            before,
            "{rel}: public/ changed"
        );
        match original {
            Some(bytes) => fs::write(root.join(rel), bytes).unwrap(),
            None => fs::remove_file(root.join(rel)).unwrap(),
        }
    }
    // The tab gets the plain-words hint YAML errors get everywhere.
    write(
        root,
        "data/services.yaml",
        "- name: Massage\n\t minutes: 45\n",
    );
    let err = String::from_utf8_lossy(&lumbar(root, &["build"]).stderr).into_owned();
    assert!(err.contains("indent with spaces, not tabs"), "{err}");
}

#[test]
fn serve_follows_an_edited_data_file() {
    let site = data_site();
    let root = site.path();
    let server = Server::start(root);
    let events = Events::connect(&server.addr);
    assert!(server.get("/back-pain/").body.contains("Bupa, AXA Health"));
    fs::write(
        root.join("data/insurers.json"),
        "[\"Bupa\", \"Vitality\"]\n",
    )
    .unwrap();
    events.expect("reload", 20);
    let page = server.wait_for("/back-pain/", 10, |r| r.body.contains("Bupa, Vitality"));
    assert_eq!(page.status, 200);
}
