//! `lumbar check` on fixture sites: each problem is reported with the right
//! file, line and severity; clean sites pass; exit codes follow severities.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// Reviews are judged as of this date, so results do not change as the
/// fixtures' and the example site's review dates come due.
const TODAY: &str = "2026-11-25";

fn check_json(root: &std::path::Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json"];
    if !extra.contains(&"--today") {
        args.extend(["--today", TODAY]);
    }
    args.extend_from_slice(extra);
    let out = lumbar(root, &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    (
        out.status.code().unwrap(),
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}")),
    )
}

/// (severity, check, file below content/, line, start of message)
fn findings(v: &Value) -> BTreeSet<(String, String, String, u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            let file = file[file.find("content/").unwrap() + 8..].to_string();
            let msg: String = f["message"].as_str().unwrap().chars().take(40).collect();
            (
                f["severity"].as_str().unwrap().into(),
                f["check"].as_str().unwrap().into(),
                file,
                f["line"].as_u64().unwrap(),
                msg,
            )
        })
        .collect()
}

#[test]
fn reports_every_problem_with_file_and_line() {
    let (code, v) = check_json(&fixture("check-problems"), &[]);
    assert_eq!(code, 1, "errors fail the check");
    let got = findings(&v);
    let want: BTreeSet<(String, String, String, u64, String)> = [
        (
            "error",
            "links",
            "guide/links.md",
            7,
            "broken link /guide/nope/: no page or file",
        ),
        (
            "error",
            "links",
            "guide/links.md",
            9,
            "broken link /guide/good/#no-such-heading:",
        ),
        (
            "error",
            "links",
            "guide/links.md",
            11,
            "broken link @/guide/missing.md: no conten",
        ),
        (
            "error",
            "links",
            "guide/links.md",
            17,
            "broken link /faq/questions/#nope: the pag",
        ),
        // Written beside the page, where authors put images; not there.
        (
            "error",
            "links",
            "guide/links.md",
            19,
            "image x.png not found: no file content/gu",
        ),
        (
            "error",
            "accessibility",
            "guide/links.md",
            19,
            "image without alt text: describe it, e.g",
        ),
        (
            "error",
            "accessibility",
            "guide/links.md",
            21,
            "link without text: screen readers announ",
        ),
        (
            "warning",
            "accessibility",
            "guide/links.md",
            23,
            "heading level skips from h1 to h4",
        ),
        (
            "warning",
            "review",
            "guide/good.md",
            3,
            "overdue for clinical review: due 2001-01-",
        ),
        (
            "warning",
            "readability",
            "guide/dense.md",
            5,
            "reading grade 45.6 is above 9 (max_readi",
        ),
        (
            "warning",
            "faq",
            "faq/more.yaml",
            4,
            "question \"Can I run with back pain\" does ",
        ),
        (
            "warning",
            "faq",
            "faq/questions.yaml",
            4,
            "the question \"Can I run with back pain?\" ",
        ),
        (
            "warning",
            "faq",
            "faq/questions.yaml",
            7,
            "question \"Tell me about sleep\" does not e",
        ),
        (
            "warning",
            "faq",
            "faq/questions.yaml",
            10,
            "answer to \"Is rest best?\" has 2 words; gi",
        ),
        (
            "warning",
            "review",
            "guide/good.md",
            3,
            "`reviewed:` without `reviewed_by:`: name",
        ),
        (
            "warning",
            "review",
            "guide/dense.md",
            3,
            "`reviewed:` without `reviewed_by:`: name",
        ),
        (
            "warning",
            "review",
            "guide/links.md",
            3,
            "`reviewed:` without `reviewed_by:`: name",
        ),
        (
            "warning",
            "review",
            "faq/more.yaml",
            2,
            "`reviewed:` without `reviewed_by:`: name",
        ),
        (
            "warning",
            "review",
            "faq/questions.yaml",
            2,
            "`reviewed:` without `reviewed_by:`: name",
        ),
    ]
    .into_iter()
    .map(|(a, b, c, d, e)| {
        (
            a.to_string(),
            b.to_string(),
            c.to_string(),
            d,
            e.chars().take(40).collect(),
        )
    })
    .collect();
    assert_eq!(
        got,
        want,
        "\nmissing: {:#?}\nunexpected: {:#?}",
        want.difference(&got),
        got.difference(&want)
    );
    assert_eq!(v["errors"], 7);
    assert_eq!(v["warnings"], 12);
}

#[test]
fn text_report_is_grouped_by_file() {
    let out = lumbar(&fixture("check-problems"), &["check", "--today", TODAY]);
    let text = String::from_utf8_lossy(&out.stdout);
    let header = text
        .lines()
        .position(|l| l.ends_with("content/guide/links.md"))
        .expect("file header");
    assert!(
        text.lines()
            .nth(header + 2)
            .unwrap()
            .contains("links.md:7: error [links] broken link /guide/nope/"),
        "{text}"
    );
    assert!(
        text.trim_end()
            .ends_with("7 errors, 12 warnings in 7 pages."),
        "{text}"
    );
}

#[test]
fn clean_sites_pass_and_strict_turns_warnings_into_failure() {
    // The example site in the repository is clean: 11 English pages and
    // 5 Spanish ones.
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = lumbar(repo, &["check", "--today", TODAY]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("No problems found in 16 pages."),
        "{text}"
    );
    // The same site, judged a few years on, has reviews due: the date counts.
    let (code, v) = check_json(repo, &["--today", "2031-01-01", "--strict"]);
    assert_eq!(code, 1);
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["check"] == "review"
            && f["message"]
                .as_str()
                .unwrap()
                .starts_with("overdue for clinical review")));
    let (code, _) = check_json(repo, &["--strict"]);
    assert_eq!(code, 0);

    // Warnings only: passes, unless --strict.
    let site = copy_fixture("check-problems");
    std::fs::remove_file(site.path().join("content/guide/links.md")).unwrap();
    let (code, v) = check_json(site.path(), &[]);
    assert_eq!((code, v["errors"].as_u64()), (0, Some(0)));
    let (code, _) = check_json(site.path(), &["--strict"]);
    assert_eq!(code, 1);
}

#[test]
fn external_links_are_checked_against_a_local_server() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(16) {
            let Ok(mut s) = stream else { continue };
            let mut buf = [0u8; 2048];
            let n = s.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]);
            let status = if req.contains(" /ok ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    let site = copy_fixture("check-problems");
    let page = site.path().join("content/guide/external.md");
    std::fs::write(&page, format!("---\ntitle: External\nreviewed: 2099-01-01\n---\n\n[fine](http://{addr}/ok)\n\n[gone](http://{addr}/gone)\n\n[unreachable](http://127.0.0.1:9/x)\n")).unwrap();
    // Without --external nothing leaves the machine.
    let (_, v) = check_json(site.path(), &[]);
    assert!(!findings(&v).iter().any(|f| f.1 == "external"));
    let (_, v) = check_json(site.path(), &["--external"]);
    let ext: Vec<(u64, String)> = findings_of(&v, "external");
    assert_eq!(ext.len(), 2, "{ext:?}");
    assert_eq!(
        ext[0],
        (8, format!("external link http://{addr}/gone: HTTP 404"))
    );
    assert_eq!(ext[1].0, 10);
    assert!(
        ext[1].1.starts_with("external link http://127.0.0.1:9/x: "),
        "{ext:?}"
    );
}

/// A page moved since the last build: check says where it was and which
/// alias keeps its old address working; with the alias, nothing to say.
#[test]
fn a_page_moved_since_the_last_build_gets_an_alias_suggested() {
    let site = copy_fixture("clinic");
    let root = site.path();
    build(root, &[]);
    std::fs::create_dir_all(root.join("content/back-pain/strength")).unwrap();
    std::fs::rename(
        root.join("content/back-pain/core.md"),
        root.join("content/back-pain/strength/core.md"),
    )
    .unwrap();
    std::fs::remove_file(root.join("content/back-pain/special.md")).unwrap();
    let out = lumbar(root, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let moved = findings_of(&v, "moved");
    assert_eq!(moved.len(), 2, "{moved:?}");
    assert!(moved.iter().any(|(_, m)| m == "the last build had this page at /back-pain/core/: if it moved, add `aliases: [/back-pain/core/]` so old links and printed QR codes still work"), "{moved:?}");
    assert!(
        moved.iter().any(|(_, m)| m
            .starts_with("the last build had a page at /back-pain/special/ that no page has now")),
        "{moved:?}"
    );

    let path = root.join("content/back-pain/strength/core.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("---\n", "---\naliases: [/back-pain/core/]\n", 1),
    )
    .unwrap();
    let out = lumbar(root, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings_of(&v, "moved").len(), 1, "the alias covers it");
    // The next build forgets the page that is gone.
    for f in ["content/_index.md", "content/back-pain/lifting/deadlift.md"] {
        let t = std::fs::read_to_string(root.join(f)).unwrap();
        std::fs::write(
            root.join(f),
            t.replace("@/back-pain/core.md", "@/back-pain/strength/core.md"),
        )
        .unwrap();
    }
    build(root, &[]);
    let out = lumbar(root, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(findings_of(&v, "moved").is_empty());
}
