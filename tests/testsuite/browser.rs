//! End to end in real headless Chromium (Debian's `chromium`), driven over the
//! DevTools protocol: live reload changes the page's text with no manual
//! reload, keeps the scroll position, swaps CSS without reloading, and the
//! search box finds FAQ questions and deep-links to them.
//!
//! Needs /usr/bin/chromium (`.ci/run` installs it); set LUMBAR_CHROMIUM to use
//! another binary.

use crate::common::*;
use serde_json::{json, Value};
use std::fs;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{stream::MaybeTlsStream, Message, WebSocket};

pub struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn open(url: &str) -> Browser {
        let bin = std::env::var("LUMBAR_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        assert!(std::path::Path::new(&bin).exists(), "{bin} not found: install Debian's chromium package (apt-get install chromium), as .ci/run does");
        let profile = tempfile::tempdir().unwrap();
        use std::os::unix::process::CommandExt;
        let mut child = Command::new(&bin)
            // Its own process group, so dropping the browser ends the renderers too.
            .process_group(0)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--remote-debugging-port=0",
                "--window-size=1280,800",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(i) = line.find("ws://") {
                    let _ = tx.send(line[i..].trim().to_string());
                }
            }
        });
        let browser_ws = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("chromium printed its DevTools address");
        let host = browser_ws
            .trim_start_matches("ws://")
            .split('/')
            .next()
            .unwrap()
            .to_string();
        // The page target's own socket, from the /json/list endpoint.
        let deadline = Instant::now() + Duration::from_secs(20);
        let page_ws = loop {
            let r = raw_request(
                &host,
                &format!("GET /json/list HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
            );
            let body = r.body.trim();
            let start = body.find('[').unwrap_or(0);
            if let Ok(Value::Array(targets)) = serde_json::from_str::<Value>(&body[start..]) {
                if let Some(t) = targets.iter().find(|t| t["type"] == "page") {
                    break t["webSocketDebuggerUrl"].as_str().unwrap().to_string();
                }
            }
            assert!(Instant::now() < deadline, "no page target");
            std::thread::sleep(Duration::from_millis(100));
        };
        let (ws, _) = tungstenite::connect(page_ws).expect("connect to page");
        Browser {
            child,
            ws,
            next_id: 1,
            _profile: profile,
        }
    }

    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.ws
            .send(Message::text(
                json!({"id": id, "method": method, "params": params}).to_string(),
            ))
            .unwrap();
        loop {
            let msg = self.ws.read().expect("devtools message");
            if let Message::Text(t) = msg {
                let v: Value = serde_json::from_str(&t).unwrap();
                if v["id"] == id {
                    return v;
                }
            }
        }
    }

    /// Evaluates JavaScript in the page; `None` while the page is navigating.
    pub fn eval(&mut self, expr: &str) -> Option<Value> {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true, "awaitPromise": true}),
        );
        if r.get("error").is_some() || r["result"].get("exceptionDetails").is_some() {
            return None;
        }
        Some(r["result"]["result"]["value"].clone())
    }

    pub fn wait_until(&mut self, expr: &str, secs: u64) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < deadline {
            if self.eval(expr) == Some(Value::Bool(true)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for `{expr}`");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const STREAM_OPEN: &str = "document.readyState === 'complete' && !!window.__lumbarLiveReload && window.__lumbarLiveReload.readyState === 1";

#[test]
fn live_reload_text_scroll_and_css_in_real_chromium() {
    let site = copy_fixture("clinic");
    let root = site.path();
    let article = root.join("content/back-pain/core.md");
    let long_body: String = (0..120)
        .map(|i| format!("Paragraph {i} about steady training.\n\n"))
        .collect();
    fs::write(
        &article,
        format!("---\ntitle: Core\n---\n\nFirst version.\n\n{long_body}"),
    )
    .unwrap();
    let server = Server::start(root);
    let mut browser = Browser::open(&format!("http://{}/back-pain/core/", server.addr));
    browser.wait_until(STREAM_OPEN, 30);
    browser.wait_until("document.body.innerText.includes('First version.')", 10);

    // Content edit: the text changes with no manual reload, and the reader
    // stays where they were on the page.
    browser.eval("window.scrollTo(0, 900); window.__marker = 'before';");
    browser.wait_until("Math.abs(window.scrollY - 900) < 2", 5);
    fs::write(
        &article,
        format!("---\ntitle: Core\n---\n\nSecond version.\n\n{long_body}"),
    )
    .unwrap();
    browser.wait_until("document.body.innerText.includes('Second version.')", 15);
    browser.wait_until("window.__marker === undefined", 5);
    browser.wait_until("Math.abs(window.scrollY - 900) < 2", 5);

    // CSS edit: the computed style changes and the page is not reloaded.
    browser.wait_until(STREAM_OPEN, 10);
    browser.eval("window.__marker = 'kept';");
    let before = browser
        .eval("getComputedStyle(document.body).backgroundColor")
        .unwrap();
    assert_ne!(before, json!("rgb(1, 2, 3)"));
    fs::create_dir_all(root.join("static/css")).unwrap();
    fs::write(
        root.join("static/css/style.css"),
        "body { background-color: rgb(1, 2, 3); }",
    )
    .unwrap();
    browser.wait_until(
        "getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'",
        15,
    );
    assert_eq!(
        browser.eval("window.__marker"),
        Some(json!("kept")),
        "CSS change must not reload the page"
    );

    // A build error shows an overlay; fixing it clears it.
    fs::write(&article, "---\ntitle: [broken\n---\n").unwrap();
    browser.wait_until("!!document.getElementById('lumbar-error-overlay') && document.getElementById('lumbar-error-overlay').textContent.includes('core.md:2:')", 15);
    fs::write(&article, "---\ntitle: Core\n---\n\nThird version.\n").unwrap();
    browser.wait_until("document.body.innerText.includes('Third version.') && !document.getElementById('lumbar-error-overlay')", 15);
}

/// The example site's home page with `query` typed into the header's search
/// box and its results showing.
fn searched(query: &str) -> (tempfile::TempDir, Server, Browser) {
    let dir = copy_example_site();
    let server = Server::start(dir.path());
    let mut browser = Browser::open(&format!("http://{}/", server.addr));
    browser.wait_until(
        "document.readyState === 'complete' && !!document.querySelector('form.search')",
        30,
    );
    browser.eval("document.getElementById('search-input').focus()");
    browser.call("Input.insertText", json!({ "text": query }));
    browser.wait_until(
        "document.querySelectorAll('#search-results li').length > 0",
        10,
    );
    (dir, server, browser)
}

#[test]
fn search_box_finds_faq_question_and_opens_its_anchor() {
    let (_dir, _server, mut browser) = searched("keep trainng");
    let first = browser
        .eval("document.querySelector('#search-results li').textContent")
        .unwrap();
    assert!(
        first
            .as_str()
            .unwrap()
            .contains("Can I keep training with back pain?"),
        "{first}"
    );
    assert_eq!(
        browser.eval("document.getElementById('search-input').getAttribute('aria-expanded')"),
        Some(json!("true"))
    );
    // Keyboard: arrow down selects, Enter opens.
    for (kind, key, code) in [
        ("keyDown", "ArrowDown", 40),
        ("keyUp", "ArrowDown", 40),
        ("keyDown", "Enter", 13),
        ("keyUp", "Enter", 13),
    ] {
        browser.call(
            "Input.dispatchKeyEvent",
            json!({"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code}),
        );
    }
    browser.wait_until("location.pathname === '/faq/can-i-keep-training/' && location.hash === '#can-i-keep-training-with-back-pain'", 10);
    // The answer is open on arrival: no click needed.
    browser.wait_until("document.readyState === 'complete' && document.querySelector(':target') && document.querySelector(':target').id === 'can-i-keep-training-with-back-pain' && document.querySelector(':target .faq-answer').getBoundingClientRect().height > 20", 10);
}

#[test]
#[ignore = "benchmark corpus: generates 8,200 pages with ../shared/bench/gen_corpus.py"]
fn search_index_loads_and_answers_first_query_fast_on_benchmark_corpus() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let generator = repo.join("../shared/bench/gen_corpus.py");
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let ok = Command::new("python3")
        .arg(&generator)
        .arg("lumbar")
        .arg(&site)
        .status()
        .unwrap()
        .success();
    assert!(ok, "corpus generation failed");
    let server = Server::start(&site);
    let mut browser = Browser::open(&format!("http://{}/", server.addr));
    browser.wait_until(
        "document.readyState === 'complete' && typeof window.lumbarSearch === 'function'",
        60,
    );
    let breakdown = browser
        .eval("(async () => { const t0 = performance.now(); const r = await fetch('/search/index/meta.json'); const txt = await r.text(); const t1 = performance.now(); const j = JSON.parse(txt); const t2 = performance.now(); return [t1 - t0, t2 - t1, txt.length]; })()")
        .unwrap();
    println!(
        "fetch {:.1} ms, JSON.parse {:.1} ms, {} bytes",
        breakdown[0].as_f64().unwrap(),
        breakdown[1].as_f64().unwrap(),
        breakdown[2]
    );
    let mut runs = Vec::new();
    for query in [
        "spine load",
        "deadlfit tempo",
        "hamstring",
        "breathe control trunk",
    ] {
        // A fresh page each time, so the index is fetched and parsed again.
        browser.eval("window.__stale = true; location.reload()");
        browser.wait_until("!window.__stale && document.readyState === 'complete' && typeof window.lumbarSearch === 'function'", 30);
        let v = browser
            .eval(&format!("(async () => {{ const t0 = performance.now(); const r = await window.lumbarSearch({query:?}); return [performance.now() - t0, r.length]; }})()"))
            .unwrap();
        let (ms, hits) = (v[0].as_f64().unwrap(), v[1].as_u64().unwrap());
        println!("{query:?}: index load + first query {ms:.1} ms, {hits} results");
        assert!(hits > 0, "{query}");
        runs.push(ms);
    }
    runs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = runs[runs.len() / 2];
    println!("median load + first query: {median:.1} ms");
    assert!(median < 100.0, "{median} ms");
}

#[test]
fn search_shows_snippets_says_when_nothing_is_found_and_fills_the_results_page() {
    let (_dir, server, mut browser) = searched("lifting belt");
    // The answer's text, with the words typed marked (as text, not HTML).
    let marks = browser
        .eval("Array.from(document.querySelectorAll('#search-results li:first-child .result-snippet mark')).map(m => m.textContent.toLowerCase())")
        .unwrap();
    assert!(
        marks.as_array().unwrap().iter().any(|m| m == "belt"),
        "{marks}"
    );
    // Nothing found: said in the live region and shown, with where to go.
    browser.eval("document.getElementById('search-input').value = ''");
    browser.call("Input.insertText", json!({"text": "zzxqv"}));
    browser.wait_until(
        "!!document.querySelector('.search-empty:not([hidden])')",
        10,
    );
    let status = browser
        .eval("document.querySelector('form.search [aria-live]').textContent")
        .unwrap();
    assert_eq!(status, json!("No results for “zzxqv”."));
    let links = browser
        .eval("Array.from(document.querySelectorAll('.search-empty a')).map(a => a.getAttribute('href'))")
        .unwrap();
    let links: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(links.contains(&"/faq/"), "{links:?}");
    assert!(links.iter().any(|l| l.starts_with("tel:")), "{links:?}");
    assert!(links.iter().any(|l| l.contains("/book/")), "{links:?}");
    assert_eq!(
        browser.eval("document.getElementById('search-input').getAttribute('aria-expanded')"),
        Some(json!("false"))
    );
    // The results page the form goes to: every result, with snippets.
    browser.eval(&format!(
        "location.href = 'http://{}/search/?q=warning+signs'",
        server.addr
    ));
    browser.wait_until(
        "location.pathname === '/search/' && document.querySelectorAll('.search-page-results li').length > 0",
        10,
    );
    let heading = browser
        .eval("document.querySelector('.search-page h2').textContent")
        .unwrap();
    assert!(
        heading
            .as_str()
            .unwrap()
            .ends_with("results for “warning signs”"),
        "{heading}"
    );
    let first = browser
        .eval("document.querySelector('.search-page-results li a').getAttribute('href')")
        .unwrap();
    assert!(
        first
            .as_str()
            .unwrap()
            .starts_with("/training/when-to-get-assessed/#"),
        "{first}"
    );
    assert_eq!(
        browser.eval("document.getElementById('search-page-input').value"),
        Some(json!("warning signs"))
    );
}
