//! Publishing dates: a page dated in the future waits for its day (unless
//! `--future`), `expires:` takes a page down after its day, the preview
//! shows scheduled pages marked as such, and check lists both.

use crate::common::*;
use std::path::Path;

fn everything(root: &Path) -> String {
    snapshot(&root.join("public"))
        .into_values()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect()
}

fn dated_site() -> tempfile::TempDir {
    let site = copy_fixture("clinic");
    let root = site.path();
    write(
        root,
        "content/back-pain/soon.md",
        "---\ntitle: Zebracorn stretches\ndate: 2031-03-02\ntags: [Scheduling]\n---\nComing zebracorn content.\n",
    );
    write(
        root,
        "content/back-pain/old.md",
        "---\ntitle: Unicornish offer\ndate: 2020-01-01\nexpires: 2020-06-30\n---\nExpired unicornish content.\n",
    );
    site
}

#[test]
fn future_pages_wait_for_their_day_and_expired_pages_go() {
    let site = dated_site();
    let root = site.path();
    let out = build(root, &["--today", "2030-01-01"]);
    assert!(
        out.contains("1 scheduled page left out") && out.contains("1 expired page left out"),
        "{out}"
    );
    let all = everything(root);
    for gone in [
        "Zebracorn",
        "zebracorn",
        "Unicornish",
        "unicornish",
        "/tags/scheduling/",
    ] {
        assert!(!all.contains(gone), "{gone} is published");
    }
    assert!(!root.join("public/back-pain/soon").exists());
    // --future includes it, marked as scheduled.
    build(root, &["--today", "2030-01-01", "--future"]);
    let page = read(root, "public/back-pain/soon/index.html");
    assert!(
        page.contains("class=\"scheduled\"") && page.contains("goes live on"),
        "{page}"
    );
    assert!(read(root, "public/sitemap.xml").contains("/back-pain/soon/"));
    assert!(search_index_text(&root.join("public")).contains("zebracorn"));
    // On its day it is an ordinary page; the expired one stays down.
    build(root, &["--today", "2031-03-02"]);
    let page = read(root, "public/back-pain/soon/index.html");
    assert!(!page.contains("class=\"scheduled\""));
    assert!(read(root, "public/atom.xml").contains("Zebracorn stretches"));
    assert!(!root.join("public/back-pain/old").exists());
    // Until and including its expiry day, a page is shown.
    write(
        root,
        "content/back-pain/old.md",
        "---\ntitle: Unicornish offer\ndate: 2020-01-01\nexpires: 2031-03-02\n---\nx\n",
    );
    build(root, &["--today", "2031-03-02"]);
    assert!(root.join("public/back-pain/old/index.html").is_file());
}

#[test]
fn expiring_before_publishing_is_an_error() {
    let site = copy_fixture("clinic");
    let root = site.path();
    write(
        root,
        "content/back-pain/bad.md",
        "---\ntitle: Bad\ndate: 2026-05-01\nexpires: 2026-04-01\n---\nx\n",
    );
    let o = lumbar(root, &["build"]);
    let err = String::from_utf8_lossy(&o.stderr).replace(&format!("{}/", root.display()), "");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err.starts_with("error: content/back-pain/bad.md:4:10: `expires: 2026-04-01` is before `date: 2026-05-01`"),
        "{err}"
    );
    write(
        root,
        "content/back-pain/bad.md",
        "---\ntitle: Bad\nexpires: soon\n---\nx\n",
    );
    let o = lumbar(root, &["build"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.md:3:10: `expires` must be a date"));
}

#[test]
fn check_lists_scheduled_and_expired_pages_without_failing() {
    let site = dated_site();
    let root = site.path();
    let o = lumbar(
        root,
        &["check", "--today", "2030-01-01", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let schedule: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "schedule")
        .collect();
    assert_eq!(schedule.len(), 2, "{v}");
    assert!(schedule.iter().all(|f| f["severity"] == "info"));
    assert!(schedule.iter().any(|f| f["message"]
        .as_str()
        .unwrap()
        .starts_with("scheduled: left out of builds until 2031-03-02")));
    assert!(schedule.iter().any(|f| f["message"]
        .as_str()
        .unwrap()
        .starts_with("expired: left out of builds since 2020-06-30")));
    let o = lumbar(root, &["check", "--today", "2030-01-01"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("info [schedule] scheduled"), "{text}");
}

#[test]
fn the_preview_shows_scheduled_pages_marked() {
    let site = dated_site();
    let server = Server::start(site.path());
    let page = server.get("/back-pain/soon/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("class=\"scheduled\""), "{}", page.body);
    assert_eq!(
        server.get("/back-pain/old/").status,
        404,
        "expired pages stay down"
    );
}
