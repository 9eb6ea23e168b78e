//! `lumbar init` and `lumbar theme eject`, as a clinic's web person starts:
//! a fresh folder becomes a site that builds and passes the strictest
//! check; nothing that is already there is ever overwritten.

use crate::common::*;
use std::fs;

fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_lumbar"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn init_makes_a_site_that_builds_and_passes_check_strict() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(
        tmp.path(),
        &["init", "oakfield", "--name", "Oakfield Physio"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Next: cd oakfield && lumbar serve"),
        "{stdout}"
    );
    let site = tmp.path().join("oakfield");
    build(&site, &[]);
    let out = lumbar(&site, &["check", "--strict"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let home = read(&site, "public/index.html");
    assert!(home.contains("Oakfield Physio"));
    let article = read(&site, "public/advice/when-to-get-help/index.html");
    // What a clinic needs on day one is there and working.
    for want in [
        "care-card-emergency",
        r#"<img class="brand-logo" src="/images/logo.svg""#,
        r#"<img src="/advice/images/spine.svg""#,
        "Clinically reviewed by",
        r#"id="ref-nice-ng59""#,
        "Should I rest until my back feels better?",
    ] {
        assert!(article.contains(want), "{want}");
    }
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        article.contains(&format!(r#"<time datetime="{today}">"#)),
        "reviewed today"
    );
}

#[test]
fn init_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    fs::write(
        site.join("site.toml"),
        "title = \"Mine\"\nbase_url = \"https://mine.test\"\n",
    )
    .unwrap();
    let out = run(site, &["init"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is not empty: run lumbar init in a new folder, or add --force"),
        "{err}"
    );
    assert!(!site.join("content").exists(), "nothing written");

    let out = run(site, &["init", "--force"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("kept  ./site.toml (already there)"));
    assert_eq!(
        fs::read_to_string(site.join("site.toml")).unwrap(),
        "title = \"Mine\"\nbase_url = \"https://mine.test\"\n"
    );
    assert!(site.join("content/advice/when-to-get-help.md").is_file());
}

#[test]
fn an_ejected_theme_builds_the_same_site_and_is_never_overwritten() {
    let site = copy_example_site();
    let root = site.path();
    build(root, &[]);
    let builtin = snapshot(&root.join("public"));
    let out = lumbar(root, &["theme", "eject", "clinic"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("set theme = \"clinic\" in site.toml"));
    assert!(root.join("themes/clinic/templates/base.html").is_file());
    assert!(root.join("themes/clinic/static/css/style.css").is_file());
    assert!(root.join("themes/clinic/i18n/en.toml").is_file());
    let toml = fs::read_to_string(root.join("site.toml")).unwrap();
    fs::write(
        root.join("site.toml"),
        toml.replace("theme = \"default\"", "theme = \"clinic\""),
    )
    .unwrap();
    build(root, &[]);
    assert_eq!(
        builtin,
        snapshot(&root.join("public")),
        "the ejected theme is the built-in one"
    );

    // The theme's own scripts are minified while unchanged; once edited
    // they are someone else's, fingerprinted as written.
    let js = |root: &std::path::Path| {
        let html = read(root, "public/index.html");
        let at = html.find("/js/site.").unwrap();
        read(
            root,
            &format!("public{}", html[at..].split('"').next().unwrap()),
        )
    };
    let source = root.join("themes/clinic/static/js/site.js");
    let written = fs::read_to_string(&source).unwrap();
    assert!(js(root).len() < written.len());
    let edited = format!("{written}// our own tweak\n");
    fs::write(&source, &edited).unwrap();
    build(root, &[]);
    assert_eq!(js(root), edited);

    // Edited files survive a second eject; bad names are refused.
    fs::write(root.join("themes/clinic/templates/404.html"), "mine").unwrap();
    let out = lumbar(root, &["theme", "eject", "clinic"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already has files"));
    let out = lumbar(root, &["theme", "eject", "clinic", "--force"]);
    assert!(out.status.success());
    assert_eq!(
        fs::read_to_string(root.join("themes/clinic/templates/404.html")).unwrap(),
        "mine"
    );
    let out = lumbar(root, &["theme", "eject", "../escape"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("use letters, digits, - and _"));
}

#[test]
fn new_pages_start_as_valid_drafts_and_never_replace_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    assert!(run(site, &["init"]).status.success());
    let toml = fs::read_to_string(site.join("site.toml")).unwrap();
    fs::write(
        site.join("site.toml"),
        format!("default_author = \"your-name\"\n{toml}"),
    )
    .unwrap();

    let out = lumbar(
        site,
        &[
            "new",
            "article",
            "advice/sleep",
            "Sleeping with \"bad\" back pain",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = fs::read_to_string(site.join("content/advice/sleep.md")).unwrap();
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        text.contains("title: \"Sleeping with \\\"bad\\\" back pain\""),
        "{text}"
    );
    assert!(text.contains(&format!("date: {today}")) && text.contains("draft: true"));
    assert!(text.contains("\nauthor: your-name\n"));
    let out = lumbar(site, &["new", "faq", "sleep-questions"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        fs::read_to_string(site.join("content/faq/sleep-questions.yaml"))
            .unwrap()
            .starts_with("title: \"Sleep questions\"")
    );

    // Drafts: left out of a build, shown with --drafts, and valid.
    build(site, &[]);
    assert!(!site.join("public/advice/sleep/index.html").exists());
    build(site, &["--drafts"]);
    assert!(read(site, "public/advice/sleep/index.html")
        .contains("Sleeping with &quot;bad&quot; back pain"));
    assert!(read(site, "public/faq/sleep-questions/index.html")
        .contains("The question, as patients ask it?"));

    // Never replaced; a site's own archetype wins; no escaping content/.
    fs::write(site.join("content/advice/sleep.md"), "mine").unwrap();
    let out = lumbar(site, &["new", "article", "advice/sleep"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists: choose another name"));
    assert_eq!(
        fs::read_to_string(site.join("content/advice/sleep.md")).unwrap(),
        "mine"
    );
    fs::create_dir_all(site.join("archetypes")).unwrap();
    fs::write(
        site.join("archetypes/article.md"),
        "---\ntitle: \"{title}\"\ndate: {today}\n---\n\nOur house style.\n",
    )
    .unwrap();
    assert!(lumbar(site, &["new", "article", "advice/stairs"])
        .status
        .success());
    assert_eq!(
        fs::read_to_string(site.join("content/advice/stairs.md")).unwrap(),
        format!("---\ntitle: \"Stairs\"\ndate: {today}\n---\n\nOur house style.\n")
    );
    let out = lumbar(site, &["new", "article", "../outside"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("give the page's place below content/"));
}
