//! The dev server's HTTP side: safe path resolution, content types, the
//! live-reload script and its Server-Sent Events stream.

use super::rebuild::Files;
use std::io::Write;
use std::sync::{mpsc, Arc, Mutex, RwLock};
use std::time::Duration;
use tiny_http::{Header, Request, Response, StatusCode};

pub const EVENTS_PATH: &str = "/__lumbar/events";
pub const SCRIPT_PATH: &str = "/__lumbar/livereload.js";
/// More than any person has tabs open; stops a runaway client from holding
/// every thread.
const MAX_EVENT_CLIENTS: usize = 64;
pub const MAX_URL_LEN: usize = 2048;
/// Browsers send a few KiB of headers; far more is an attack or a bug.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
const MAX_HEADERS: usize = 100;

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

pub struct Hub {
    pub served: RwLock<Served>,
    clients: Mutex<Vec<mpsc::Sender<String>>>,
}

impl Hub {
    pub fn new() -> Hub {
        Hub {
            served: RwLock::new(Served {
                files: Files::new(),
                error: None,
                generation: 0,
            }),
            clients: Mutex::new(Vec::new()),
        }
    }

    /// Sends an event to every connected browser, forgetting the gone ones.
    pub fn broadcast(&self, event: Event) {
        let generation = self.served.read().map(|s| s.generation).unwrap_or(0);
        let msg = event.encode(generation);
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| c.send(msg.clone()).is_ok());
    }

    pub fn client_count(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or(0)
    }
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
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

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static header names and values are valid")
}

/// Adds the live-reload script to an HTML page (never to `lumbar build` output).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\"></script>");
    let pos = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..pos]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[pos..]);
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

/// Answers one request. SSE requests take over the connection in a thread of their own.
pub fn handle(hub: &Arc<Hub>, request: Request) {
    let header_bytes: usize = request
        .headers()
        .iter()
        .map(|h| h.field.as_str().as_str().len() + h.value.as_str().len() + 4)
        .sum();
    if header_bytes > MAX_HEADER_BYTES || request.headers().len() > MAX_HEADERS {
        let _ = plain(request, 431, "request header fields too large");
        return;
    }
    let url = request.url().to_string();
    let _ = match url.split('?').next().unwrap_or("") {
        EVENTS_PATH => return events(hub, request),
        SCRIPT_PATH => request.respond(
            Response::from_string(LIVERELOAD_JS)
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
                .with_header(header("Cache-Control", "no-store")),
        ),
        _ => serve_file(hub, request, &url),
    };
}

fn respond_bytes(request: Request, status: u16, ctype: &str, body: Vec<u8>) -> std::io::Result<()> {
    let head = request.method() == &tiny_http::Method::Head;
    let len = body.len();
    let mut response = Response::from_data(if head { Vec::new() } else { body })
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    if head {
        response = response.with_header(header("Content-Length", &len.to_string()));
    }
    request.respond(response)
}

fn plain(request: Request, status: u16, message: &str) -> std::io::Result<()> {
    respond_bytes(
        request,
        status,
        "text/plain; charset=utf-8",
        format!("{message}\n").into_bytes(),
    )
}

fn serve_file(hub: &Arc<Hub>, request: Request, url: &str) -> std::io::Result<()> {
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
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
            s.files.get("404.html").cloned(),
        )
    };
    if redirect {
        let path = url.split('?').next().unwrap_or(url);
        let response =
            Response::empty(StatusCode(301)).with_header(header("Location", &format!("{path}/")));
        return request.respond(response);
    }
    match found {
        Some(bytes) => {
            let ctype = content_type(&key);
            let body = if ctype.starts_with("text/html") {
                inject(&bytes, generation)
            } else {
                bytes.to_vec()
            };
            respond_bytes(request, 200, ctype, body)
        }
        None => match (error, not_found) {
            (Some(msg), _) if key.ends_with(".html") => respond_bytes(
                request,
                500,
                "text/html; charset=utf-8",
                error_page(&msg, generation),
            ),
            (_, Some(page)) => respond_bytes(
                request,
                404,
                "text/html; charset=utf-8",
                inject(&page, generation),
            ),
            _ => plain(request, 404, "not found"),
        },
    }
}

fn events(hub: &Arc<Hub>, request: Request) {
    if hub.client_count() >= MAX_EVENT_CLIENTS {
        let _ = plain(request, 503, "too many live-reload clients");
        return;
    }
    let (tx, rx) = mpsc::channel::<String>();
    let hello = {
        let s = hub.served.read().unwrap_or_else(|e| e.into_inner());
        let mut hello = format!("retry: 500\nevent: hello\ndata: {}\n\n", s.generation);
        if let Some(e) = &s.error {
            hello.push_str(&Event::Error(e.clone()).encode(s.generation));
        }
        hello
    };
    hub.clients
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tx);
    let mut writer = request.into_writer();
    std::thread::spawn(move || {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n";
        if writer
            .write_all(head.as_bytes())
            .and_then(|_| writer.write_all(hello.as_bytes()))
            .and_then(|_| writer.flush())
            .is_err()
        {
            return;
        }
        loop {
            // A comment line every few seconds notices closed tabs.
            let msg = match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(m) => m,
                Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            };
            if writer
                .write_all(msg.as_bytes())
                .and_then(|_| writer.flush())
                .is_err()
            {
                return;
            }
        }
    });
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
    fn injects_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body>x</BODY></html>", 7)).unwrap();
        assert_eq!(out, "<html><body>x<script src=\"/__lumbar/livereload.js\" data-generation=\"7\"></script></BODY></html>");
    }
}
