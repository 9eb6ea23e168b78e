//! The dev server's requests: Host checks, safe path resolution, content
//! types, the live-reload script and its Server-Sent Events stream. The
//! connections themselves (limits, timeouts) are `server`'s job.

use super::rebuild::Files;
use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use hyper::body::Frame;
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE, HOST, LOCATION, ORIGIN};
use hyper::{Method, Request, Response, StatusCode};
use std::collections::HashMap;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc};

pub const EVENTS_PATH: &str = "/__lumbar/events";
pub const SCRIPT_PATH: &str = "/__lumbar/livereload.js";
pub const MAX_URL_LEN: usize = 2048;
/// A comment line this often on every event stream notices closed tabs
/// (the write fails) and keeps proxies from timing the stream out.
pub const HEARTBEAT: Duration = Duration::from_secs(15);

pub type Body = BoxBody<Bytes, Infallible>;

/// What the browser is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Reload,
    Css,
    Error(String),
}

impl Event {
    fn encode(&self, generation: u64) -> String {
        match self {
            Event::Reload => format!("event: reload\ndata: {generation}\n\n"),
            Event::Css => format!("event: css\ndata: {generation}\n\n"),
            Event::Error(msg) => {
                let data = crate::text::script_safe_json(msg);
                format!("event: build-error\ndata: {data}\n\n")
            }
        }
    }
}

/// What the server shows: the latest good files, and the latest error if the
/// last build failed.
pub struct Served {
    pub files: Files,
    pub error: Option<String>,
    pub generation: u64,
}

/// The state shared by the watcher (which publishes) and the server.
pub struct Hub {
    pub served: RwLock<Served>,
    /// Every open event stream holds a receiver; a closed stream drops its
    /// receiver with its connection, so there is no list of clients to
    /// clean up and no cap a browsing session can reach.
    events: broadcast::Sender<String>,
    /// Host names requests may be addressed to (lower case, no port).
    allowed_hosts: Vec<String>,
    /// Pages with the live-reload script in, for the generation they were
    /// made for: placing it parses the page, which halved the requests a
    /// second the server could answer when done on every request.
    injected: Mutex<Injected>,
}

#[derive(Default)]
struct Injected {
    generation: u64,
    /// By path: the page as published, and as served.
    pages: HashMap<String, (Arc<Vec<u8>>, Bytes)>,
}

impl Hub {
    pub fn new(allowed_hosts: Vec<String>) -> Hub {
        let (events, _) = broadcast::channel(64);
        Hub {
            served: RwLock::new(Served {
                files: Files::new(),
                error: None,
                generation: 0,
            }),
            events,
            injected: Mutex::new(Injected::default()),
            allowed_hosts: allowed_hosts
                .into_iter()
                .map(|h| h.to_ascii_lowercase())
                .collect(),
        }
    }

    /// Page `key` as served: with the live-reload script, made once per
    /// generation.
    fn with_script(&self, key: &str, page: &Arc<Vec<u8>>, generation: u64) -> Bytes {
        let mut cache = self.injected.lock().unwrap_or_else(|e| e.into_inner());
        if cache.generation != generation {
            cache.pages.clear();
            cache.generation = generation;
        }
        if let Some((source, body)) = cache.pages.get(key) {
            if Arc::ptr_eq(source, page) {
                return body.clone();
            }
        }
        let body = Bytes::from(inject(page, generation));
        cache
            .pages
            .insert(key.to_string(), (page.clone(), body.clone()));
        body
    }

    /// Sends an event to every connected browser.
    pub fn broadcast(&self, event: Event) {
        let generation = self.served.read().map(|s| s.generation).unwrap_or(0);
        let _ = self.events.send(event.encode(generation));
    }

    fn host_allowed(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        // `[::1]:1111` → `[::1]`, `localhost:1111` → `localhost`.
        let name = if host.starts_with('[') {
            host.split_inclusive(']').next().unwrap_or("")
        } else {
            host.split(':').next().unwrap_or("")
        };
        self.allowed_hosts.iter().any(|a| a == name)
    }
}

/// The hosts served by default: loopback names and the bind address.
pub fn default_hosts(bind: &str, extra: &[String]) -> Vec<String> {
    let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let bind = bind.trim_matches(['[', ']']);
    if bind.contains(':') {
        hosts.push(format!("[{bind}]"));
    } else {
        hosts.push(bind.to_string());
    }
    hosts.extend(extra.iter().map(|h| h.trim().to_ascii_lowercase()));
    hosts
}

/// Maps a request target to a key of the served files, or `None` for a bad
/// request. Traversal in any spelling is refused before lookup, although lookups only ever hit the
/// in-memory map, so nothing outside the built site can be reached anyway.
pub fn resolve(target: &str) -> Option<String> {
    if target.len() > MAX_URL_LEN || !target.starts_with('/') || target.starts_with("//") {
        return None;
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/').skip(1) {
        match seg {
            "." | ".." => return None,
            s if s.contains(':') => return None,
            s => parts.push(s),
        }
    }
    let key = parts.join("/");
    if key.is_empty() || key.ends_with('/') {
        Some(format!("{key}index.html"))
    } else {
        Some(key)
    }
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script to an HTML page (never to `lumbar build`
/// output), at the end of its `<body>` as an HTML parser finds it (a
/// `</body>` inside a script or comment is not the end), or at the end of
/// a page whose body is never closed.
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    use lol_html::html_content::ContentType;
    use lol_html::{element, EndTagHandler, HtmlRewriter, Settings};
    use std::cell::Cell;
    use std::rc::Rc;
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\"></script>");
    let placed = Rc::new(Cell::new(false));
    let mut out = Vec::with_capacity(html.len() + tag.len());
    let written = {
        let mut rewriter = HtmlRewriter::new(
            Settings {
                element_content_handlers: vec![element!("body", |el| {
                    if let Some(handlers) = el.end_tag_handlers() {
                        let (tag, placed) = (tag.clone(), placed.clone());
                        let before_end: EndTagHandler<'static> = Box::new(move |end| {
                            end.before(&tag, ContentType::Html);
                            placed.set(true);
                            Ok(())
                        });
                        handlers.push(before_end);
                    }
                    Ok(())
                })],
                ..Settings::new()
            },
            |chunk: &[u8]| out.extend_from_slice(chunk),
        );
        rewriter.write(html).and_then(|()| rewriter.end())
    };
    if written.is_err() {
        // Not readable as HTML: served as it is, with the script after it.
        out.clear();
        out.extend_from_slice(html);
        placed.set(false);
    }
    if !placed.get() {
        out.extend_from_slice(tag.as_bytes());
    }
    out
}

const LIVERELOAD_JS: &str = include_str!("livereload.js");

fn error_page(message: &str, generation: u64) -> Vec<u8> {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build error</title></head><body><h1>lumbar: build failed</h1><pre id=\"lumbar-build-error\">{}</pre><p>Fix the file and save: this page reloads by itself.</p></body></html>",
        crate::text::escape_html(message)
    );
    inject(html.as_bytes(), generation)
}

/// How a request ended, for the connection's bookkeeping.
pub enum Handled {
    /// An ordinary response; the connection may carry another request.
    Done(Response<Body>),
    /// An event stream that stays open.
    Stream(Response<Body>),
}

/// Answers one request.
pub fn handle<B>(hub: &Hub, request: &Request<B>) -> Handled {
    let host = request
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()))
        .unwrap_or("");
    if !hub.host_allowed(host) {
        // A page on another site that resolves its name to 127.0.0.1 (DNS
        // rebinding) must not read the preview, drafts included.
        return Handled::Done(plain(
            request,
            403,
            &format!(
                "lumbar serve answers only requests for localhost, 127.0.0.1, [::1] or the \
                 address it listens on, not {host:?}; add --allow-host NAME to preview under another name"
            ),
        ));
    }
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    match target.split('?').next().unwrap_or("") {
        EVENTS_PATH => events(hub, request),
        SCRIPT_PATH => Handled::Done(respond(
            request,
            200,
            "text/javascript; charset=utf-8",
            LIVERELOAD_JS.as_bytes().to_vec(),
        )),
        _ => Handled::Done(serve_file(hub, request, &target)),
    }
}

fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).boxed()
}

fn respond<B>(
    request: &Request<B>,
    status: u16,
    ctype: &str,
    body: impl Into<Bytes>,
) -> Response<Body> {
    let body: Bytes = body.into();
    let len = body.len();
    let body = if request.method() == Method::HEAD {
        Bytes::new()
    } else {
        body
    };
    let mut r = Response::new(full(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_str(ctype)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    if request.method() == Method::HEAD {
        h.insert(hyper::header::CONTENT_LENGTH, HeaderValue::from(len));
    }
    r
}

fn plain<B>(request: &Request<B>, status: u16, message: &str) -> Response<Body> {
    respond(
        request,
        status,
        "text/plain; charset=utf-8",
        format!("{message}\n").into_bytes(),
    )
}

fn serve_file<B>(hub: &Hub, request: &Request<B>, url: &str) -> Response<Body> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return plain(request, 405, "method not allowed");
    }
    let Some(key) = resolve(url) else {
        return plain(request, 400, "bad request");
    };
    let (found, generation, error, redirect, not_found) = {
        let s = hub.served.read().unwrap_or_else(|e| e.into_inner());
        let redirect =
            !s.files.contains_key(&key) && s.files.contains_key(&format!("{key}/index.html"));
        (
            s.files.get(&key).cloned(),
            s.generation,
            s.error.clone(),
            redirect,
            not_found_page(&s.files, &key),
        )
    };
    if redirect {
        let path = url.split('?').next().unwrap_or(url);
        let mut r = Response::new(full(Bytes::new()));
        *r.status_mut() = StatusCode::MOVED_PERMANENTLY;
        if let Ok(v) = HeaderValue::from_str(&format!("{path}/")) {
            r.headers_mut().insert(LOCATION, v);
        }
        return r;
    }
    match found {
        Some(bytes) => {
            let ctype = content_type(&key);
            let body = if ctype.starts_with("text/html") {
                hub.with_script(&key, &bytes, generation)
            } else {
                Bytes::from(bytes.to_vec())
            };
            respond(request, 200, ctype, body)
        }
        None => match (error, not_found) {
            (Some(msg), _) if key.ends_with(".html") => respond(
                request,
                500,
                "text/html; charset=utf-8",
                error_page(&msg, generation),
            ),
            (_, Some((name, page))) => respond(
                request,
                404,
                "text/html; charset=utf-8",
                hub.with_script(&name, &page, generation),
            ),
            _ => plain(request, 404, "not found"),
        },
    }
}

/// The "page not found" page for a missing `key`: its language's
/// (`es/404.html` below `es/`), else the site's.
fn not_found_page(files: &super::rebuild::Files, key: &str) -> Option<(String, Arc<Vec<u8>>)> {
    let folder = key.split_once('/').map(|(f, _)| format!("{f}/404.html"));
    folder
        .into_iter()
        .chain(std::iter::once("404.html".to_string()))
        .find_map(|name| files.get(&name).cloned().map(|page| (name, page)))
}

/// The body of an event stream: whatever its forwarding task sends.
struct EventBody(mpsc::Receiver<Bytes>);

impl http_body::Body for EventBody {
    type Data = Bytes;
    type Error = Infallible;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.0.poll_recv(cx).map(|m| m.map(|b| Ok(Frame::data(b))))
    }
}

fn events<B>(hub: &Hub, request: &Request<B>) -> Handled {
    if let Some(origin) = request.headers().get(ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let host = origin.split_once("://").map_or("", |(_, h)| h);
        if !hub.host_allowed(host) {
            return Handled::Done(plain(
                request,
                403,
                &format!("live reload is not available to pages from {origin}"),
            ));
        }
    }
    let hello = {
        let s = hub.served.read().unwrap_or_else(|e| e.into_inner());
        let mut hello = format!("retry: 500\nevent: hello\ndata: {}\n\n", s.generation);
        if let Some(e) = &s.error {
            hello.push_str(&Event::Error(e.clone()).encode(s.generation));
        }
        hello
    };
    let mut rx = hub.events.subscribe();
    let (tx, body_rx) = mpsc::channel::<Bytes>(16);
    tokio::spawn(async move {
        if tx.send(Bytes::from(hello)).await.is_err() {
            return;
        }
        let mut beat = tokio::time::interval(HEARTBEAT);
        beat.tick().await;
        loop {
            let msg = tokio::select! {
                m = rx.recv() => match m {
                    Ok(m) => m,
                    // Missed events: the newest state is what matters, and the next one comes.
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return,
                },
                _ = beat.tick() => ": keep-alive\n\n".to_string(),
            };
            // Fails once the browser has gone and hyper dropped the body:
            // the task ends and its receiver goes with it.
            if tx.send(Bytes::from(msg)).await.is_err() {
                return;
            }
        }
    });
    let mut r = Response::new(EventBody(body_rx).boxed());
    let h = r.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    Handled::Stream(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_pretty_urls() {
        assert_eq!(resolve("/").unwrap(), "index.html");
        assert_eq!(resolve("/a/b/?x=1").unwrap(), "a/b/index.html");
        assert_eq!(resolve("/css/style.css").unwrap(), "css/style.css");
        assert_eq!(resolve("/caf%C3%A9/").unwrap(), "café/index.html");
    }

    #[test]
    fn refuses_traversal_in_every_spelling() {
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/a%2f..%2f..%2fetc/passwd",
            "/..%5c..%5cwindows",
            "//etc/passwd",
            "etc/passwd",
            "http://evil.test/x",
            "/a/%00",
            "/C:/Windows/win.ini",
            "/%ff%fe",
        ] {
            assert_eq!(resolve(bad), None, "{bad}");
        }
        assert_eq!(resolve(&format!("/{}", "a".repeat(MAX_URL_LEN))), None);
    }

    #[test]
    fn hosts_are_matched_without_port_and_case() {
        let hub = Hub::new(default_hosts("127.0.0.1", &["preview.lan".into()]));
        for ok in [
            "127.0.0.1:1111",
            "localhost",
            "LOCALHOST:80",
            "[::1]:1111",
            "preview.lan:1111",
        ] {
            assert!(hub.host_allowed(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "",
            "localhost.evil:1",
        ] {
            assert!(!hub.host_allowed(bad), "{bad}");
        }
    }

    #[test]
    fn injects_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body>x</BODY></html>", 7)).unwrap();
        assert_eq!(out, "<html><body>x<script src=\"/__lumbar/livereload.js\" data-generation=\"7\"></script></BODY></html>");
        // A `</body>` in a script or a comment is not where the body ends.
        let page = "<html><body><script>let s = '</body>';</script><!-- </body> -->x</body></html>";
        let out = String::from_utf8(inject(page.as_bytes(), 1)).unwrap();
        assert!(
            out.ends_with("x<script src=\"/__lumbar/livereload.js\" data-generation=\"1\"></script></body></html>"),
            "{out}"
        );
        assert!(out.starts_with("<html><body><script>let s = '</body>';</script><!-- </body> -->"));
        // No end tag: at the end.
        let out = String::from_utf8(inject(b"<p>x", 2)).unwrap();
        assert_eq!(
            out,
            "<p>x<script src=\"/__lumbar/livereload.js\" data-generation=\"2\"></script>"
        );
    }
}
