//! `lumbar serve` end to end over real sockets: serving, safety, live reload
//! events, errors and recovery, and file-system churn.

use crate::common::*;
use std::fs;

#[test]
fn serves_pages_with_types_and_injects_live_reload_only_in_serve() {
    let site = copy_fixture("clinic");
    let server = Server::start(site.path());
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type").unwrap(),
        "text/html; charset=utf-8"
    );
    assert!(home.body.contains("/__lumbar/livereload.js"));
    for (path, ctype) in [
        ("/css/style.css", "text/css; charset=utf-8"),
        ("/js/search.js", "text/javascript; charset=utf-8"),
        ("/img/logo.svg", "image/svg+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/search/index/meta.json", "application/json"),
        ("/search/index/stem.js", "text/javascript; charset=utf-8"),
        ("/__lumbar/livereload.js", "text/javascript; charset=utf-8"),
    ] {
        let r = server.get(path);
        assert_eq!(
            (r.status, r.header("Content-Type").unwrap().as_str()),
            (200, ctype),
            "{path}"
        );
    }
    let redirect = server.get("/back-pain");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("Location").unwrap(), "/back-pain/");
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's 404 page"
    );
    // Permalinks point at the preview, and public/ is never written.
    assert!(server
        .get("/sitemap.xml")
        .body
        .contains(&format!("http://{}/back-pain/", server.addr)));
    assert!(!site.path().join("public").exists());
}

#[test]
fn refuses_traversal_and_oversized_requests() {
    let outside = tempfile::tempdir().unwrap();
    let site = copy_fixture("clinic");
    fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("static/leak.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("static/leakdir")).unwrap();
    let server = Server::start(site.path());
    for target in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/css/..%2f..%2f..%2fetc%2fpasswd",
        "/..%5c..%5cetc%5cpasswd",
        "//etc/passwd",
        "/css/%2E%2E/%2E%2E/site.toml",
    ] {
        let r = raw_request(
            &server.addr,
            &format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        );
        assert_eq!(r.status, 400, "{target}");
        assert!(!r.body.contains("root:") && !r.body.contains("TOP SECRET"));
    }
    for target in [
        "/leak.txt",
        "/leakdir/secret.txt",
        "/site.toml",
        "/content/back-pain/core.md",
    ] {
        let r = server.get(target);
        assert_eq!(r.status, 404, "{target}");
        assert!(!r.body.contains("TOP SECRET"));
    }
    let long = format!("/{}", "a".repeat(10_000));
    assert_eq!(server.get(&long).status, 400);
    assert_eq!(
        raw_request(
            &server.addr,
            "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .status,
        405
    );
}

#[test]
fn edit_reload_error_overlay_and_recovery() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let server = Server::start(root);
    let events = Events::connect(&server.addr);
    let article = root.join("content/back-pain/core.md");
    let original = fs::read_to_string(&article).unwrap();

    fs::write(
        &article,
        original.replace("Text about bracing.", "Freshly edited text."),
    )
    .unwrap();
    events.expect("reload", 10);
    assert!(server
        .get("/back-pain/core/")
        .body
        .contains("Freshly edited text."));

    // A broken file: the error reaches the browser with its position, and the
    // last good pages keep being served.
    fs::write(&article, "---\ntitle: [unclosed\n---\n").unwrap();
    let err = events.expect("build-error", 10);
    assert!(err.contains("core.md:2:"), "{err}");
    assert!(server
        .get("/back-pain/core/")
        .body
        .contains("Freshly edited text."));
    // A browser that connects now learns about the error at once.
    let late = Events::connect(&server.addr);
    drop(late);

    fs::write(&article, &original).unwrap();
    events.expect("reload", 10);
    assert!(server
        .get("/back-pain/core/")
        .body
        .contains("Text about bracing."));

    // Template errors are reported too, and fixed the same way.
    let tpl = root.join("templates/term.html");
    let good_tpl = fs::read_to_string(&tpl).unwrap();
    fs::write(
        &tpl,
        "{% extends \"base.html\" %}{% block content %}{{ oops(\n{% endblock content %}",
    )
    .unwrap();
    let err = events.expect("build-error", 10);
    assert!(err.contains("term.html"), "{err}");
    fs::write(&tpl, good_tpl.replace("Topic:", "Subject:")).unwrap();
    events.expect("reload", 10);
    assert!(server
        .get("/tags/lifting/")
        .body
        .contains("Subject: Lifting"));
}

#[test]
fn css_change_sends_css_event_not_reload() {
    let site = copy_fixture("clinic");
    let root = site.path();
    fs::create_dir_all(root.join("static/css")).unwrap();
    fs::write(root.join("static/css/extra.css"), "body { color: red }").unwrap();
    let server = Server::start(root);
    let events = Events::connect(&server.addr);
    fs::write(root.join("static/css/extra.css"), "body { color: blue }").unwrap();
    events.expect("css", 10);
    assert_eq!(server.get("/css/extra.css").body, "body { color: blue }");
    let more = events.drain(500);
    assert!(!more.iter().any(|(e, _)| e == "reload"), "{more:?}");
}

#[test]
fn added_renamed_deleted_and_atomically_saved_files() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let server = Server::start(root);
    let events = Events::connect(&server.addr);

    fs::write(
        root.join("content/back-pain/new.md"),
        "---\ntitle: Brand new\ntags: [fresh]\n---\nNew body.\n",
    )
    .unwrap();
    events.expect("reload", 10);
    assert!(server.get("/back-pain/new/").body.contains("New body."));
    assert_eq!(server.get("/tags/fresh/").status, 200);

    fs::rename(
        root.join("content/back-pain/new.md"),
        root.join("content/back-pain/lifting/moved.md"),
    )
    .unwrap();
    server.wait_for("/back-pain/lifting/moved/", 10, |r| r.status == 200);
    server.wait_for("/back-pain/new/", 10, |r| r.status == 404);

    atomic_write(
        &root.join("content/back-pain/core.md"),
        "---\ntitle: Saved atomically\n---\nAtomic body.\n",
    );
    server.wait_for("/back-pain/core/", 10, |r| r.body.contains("Atomic body."));

    fs::remove_file(root.join("content/back-pain/lifting/moved.md")).unwrap();
    server.wait_for("/back-pain/lifting/moved/", 10, |r| r.status == 404);
    server.wait_for("/tags/fresh/", 10, |r| r.status == 404);
}

#[test]
fn burst_of_saves_and_section_deleted_then_recreated() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let mut server = Server::start(root);
    let article = root.join("content/back-pain/core.md");
    for i in 0..200 {
        fs::write(
            &article,
            format!("---\ntitle: Save {i}\n---\nVersion {i}.\n"),
        )
        .unwrap();
    }
    server.wait_for("/back-pain/core/", 15, |r| r.body.contains("Version 199."));

    let backup = tempfile::tempdir().unwrap();
    let deadlift = "/back-pain/lifting/deadlifts-and-your-back/";
    copy_dir(&root.join("content/back-pain/lifting"), backup.path());
    fs::remove_dir_all(root.join("content/back-pain/lifting")).unwrap();
    server.wait_for(deadlift, 15, |r| r.status == 404);
    server.wait_for("/back-pain/lifting/", 15, |r| r.status == 404);
    copy_dir(backup.path(), &root.join("content/back-pain/lifting"));
    server.wait_for(deadlift, 15, |r| r.status == 200);

    // The whole content directory, too.
    let all = tempfile::tempdir().unwrap();
    copy_dir(&root.join("content"), all.path());
    fs::remove_dir_all(root.join("content")).unwrap();
    server.wait_for("/back-pain/core/", 15, |r| r.status == 404);
    copy_dir(all.path(), &root.join("content"));
    server.wait_for("/back-pain/core/", 15, |r| r.body.contains("Version 199."));
    assert!(server.is_running());
    assert!(!server.stderr.lock().unwrap().contains("panicked"));
}

#[test]
fn recursive_templates_saved_while_serving_show_an_error_and_the_server_survives() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let mut server = Server::start(root);
    let events = Events::connect(&server.addr);
    let special = root.join("templates/special.html");
    let good = fs::read_to_string(&special).unwrap();
    // An include loop: refused before rendering.
    fs::write(
        root.join("templates/inc.html"),
        "{% include \"special.html\" %}",
    )
    .unwrap();
    fs::write(
        &special,
        "{% extends \"base.html\" %}{% block content %}{% include \"inc.html\" %}{% endblock content %}",
    )
    .unwrap();
    let err = events.expect("build-error", 10);
    assert!(err.contains("include each other in a loop"), "{err}");
    assert!(server.is_running());
    assert_eq!(
        server.get("/back-pain/special/").status,
        200,
        "last good site"
    );
    // An endless macro: bounded at render time.
    fs::write(
        root.join("templates/rec.html"),
        "{% macro down(n) %}{{ self::down(n=n+1) }}{% endmacro down %}",
    )
    .unwrap();
    fs::write(
        &special,
        "{% import \"rec.html\" as r %}{% extends \"base.html\" %}{% block content %}{{ r::down(n=1) }}{% endblock content %}",
    )
    .unwrap();
    let err = events.expect("build-error", 10);
    assert!(err.contains("nested more than 64 calls deep"), "{err}");
    assert!(server.is_running());
    assert_eq!(server.get("/").status, 200);
    fs::write(&special, &good).unwrap();
    events.expect("reload", 10);
    assert!(server.is_running());
}

#[test]
fn the_search_index_follows_an_edit_and_equals_a_full_build() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let server = Server::start(root);
    let events = Events::connect(&server.addr);
    let article = root.join("content/back-pain/core.md");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(
        &article,
        text.replace("Text about bracing.", "Text about zebracorns."),
    )
    .unwrap();
    events.expect("reload", 10);
    // The same bytes a build writes: the manifest names the version of
    // every file, so equal manifests mean equal indexes.
    let out = tempfile::tempdir().unwrap();
    let o = lumbar(
        root,
        &[
            "build",
            "--drafts",
            "--base-url",
            &format!("http://{}", server.addr),
            "--output",
            out.path().join("p").to_str().unwrap(),
            "--allow-outside-output",
        ],
    );
    assert!(o.status.success());
    let public = out.path().join("p");
    let built = read(&public, "search/index/meta.json");
    server.wait_for("/search/index/meta.json", 10, |r| r.body == built);
    // And the files a query for the new word fetches are served too.
    let shard = read(&public, "search/index/t/0.json");
    assert!(shard.contains("zebracorn"));
    assert_eq!(server.get("/search/index/t/0.json").body, shard);
    for (rel, bytes) in snapshot(&public.join("search/index")) {
        if rel.starts_with("d/") {
            assert_eq!(
                server.get(&format!("/search/index/{rel}")).body.as_bytes(),
                bytes,
                "{rel}"
            );
        }
    }
}
