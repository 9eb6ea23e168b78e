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

/// `git check-ignore` on `rel`: true when git would leave it out.
fn git_ignores(repo: &std::path::Path, rel: &str) -> bool {
    let out = std::process::Command::new("git")
        .current_dir(repo)
        .args(["check-ignore", "-q", rel])
        .output()
        .unwrap();
    out.status.success()
}

#[test]
fn init_ci_github_writes_a_pages_workflow_that_refuses_an_unbuilt_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["init", "hill", "--ci", "github"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = tmp.path().join("hill");
    let workflow = read(&site, ".github/workflows/pages.yml");
    let doc: serde_norway::Value = serde_norway::from_str(&workflow).expect("workflow is YAML");
    assert_eq!(doc["on"]["push"]["branches"][0], "main");
    assert_eq!(doc["permissions"]["pages"], "write");
    assert_eq!(doc["permissions"]["id-token"], "write");
    let steps = doc["jobs"]["publish"]["steps"].as_sequence().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert_eq!(
        uses,
        [
            "actions/checkout@v4",
            "actions/configure-pages@v5",
            "actions/upload-pages-artifact@v3",
            "actions/deploy-pages@v4"
        ]
    );
    assert_eq!(steps[3]["with"]["path"], "public");
    // Its check, run as the runner would: fails before a build, passes after.
    let check = steps[1]["run"].as_str().unwrap();
    let sh = |dir: &std::path::Path| {
        std::process::Command::new("bash")
            .current_dir(dir)
            .args(["-c", check])
            .output()
            .unwrap()
    };
    let before = sh(&site);
    assert!(!before.status.success());
    assert!(
        String::from_utf8_lossy(&before.stderr).contains("run 'lumbar build' and commit public/")
    );
    build(&site, &[]);
    assert!(sh(&site).status.success());
    // What is committed: the build, not a build in progress nor the cache.
    assert!(std::process::Command::new("git")
        .current_dir(&site)
        .args(["init", "-q"])
        .status()
        .unwrap()
        .success());
    assert!(!git_ignores(&site, "public/index.html"));
    assert!(git_ignores(&site, ".public.lumbar-staging/index.html"));
    assert!(git_ignores(&site, ".lumbar-cache/images/x.webp"));

    // In a site that exists: only the workflow, and a to-do for .gitignore.
    let other = tmp.path().join("other");
    assert!(run(tmp.path(), &["init", "other"]).status.success());
    let before = snapshot(&other);
    let out = run(&other, &["init", "--ci", "github"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("remove the `/public/` line from .gitignore"),
        "{stdout}"
    );
    let after = snapshot(&other);
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(added, [".github/workflows/pages.yml"]);
    assert!(
        before.iter().all(|(k, v)| after[k] == *v),
        "nothing else changed"
    );
    // Asked again: nothing is replaced.
    let again = run(&other, &["init", "--ci", "github"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("kept"));
}

#[test]
fn new_pages_get_an_empty_list_for_each_of_the_sites_taxonomies() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(run(tmp.path(), &["init", "s"]).status.success());
    let site = tmp.path().join("s");
    let toml = read(&site, "site.toml").replace(
        "# [[taxonomies]]\n# name = \"body_region\"",
        "[[taxonomies]]\nname = \"body_region\"",
    );
    write(&site, "site.toml", toml);
    assert!(run(&site, &["new", "article", "advice/sleep"])
        .status
        .success());
    assert!(run(&site, &["new", "faq", "sleep"]).status.success());
    for rel in ["content/advice/sleep.md", "content/faq/sleep.yaml"] {
        let text = read(&site, rel);
        assert!(
            text.contains("\ntags: []\nbody_region: []\n"),
            "{rel}: {text}"
        );
    }
    build(&site, &["--drafts"]);
    // A site without taxonomies gets no such line, so the draft still builds.
    let text = read(&site, "site.toml");
    let top = text.split("[care]").next().unwrap().to_string();
    write(&site, "site.toml", top + "taxonomies = []\n");
    fs::remove_file(site.join("content/advice/sleep.md")).unwrap();
    assert!(run(&site, &["new", "article", "advice/sleep"])
        .status
        .success());
    assert!(!read(&site, "content/advice/sleep.md").contains("tags:"));
}
