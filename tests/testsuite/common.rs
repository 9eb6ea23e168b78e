//! Helpers shared by the integration tests: fixture copies, running the real
//! binary, and reading what it wrote.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A private copy of a fixture site, so a test can break it freely.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(name), dir.path());
    dir
}

/// A private copy of the repository's example site (content, themes, static, site.toml).
pub fn copy_example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for d in ["content", "themes", "static", "i18n"] {
        copy_dir(&repo.join(d), &dir.path().join(d));
    }
    std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

pub fn lumbar(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lumbar"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run lumbar")
}

/// Starts a `lumbar build` of `root` with its output discarded.
pub fn spawn_build(root: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_lumbar"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run lumbar")
}

/// Builds and asserts success.
pub fn build(root: &Path, args: &[&str]) -> String {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let out = lumbar(root, &all);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "build failed: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A real JPEG of `w` × `h` pixels: a smooth gradient, small on disk.
pub fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 150])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .unwrap();
    out
}

/// The attribute value that starts right after `prefix` (which ends with
/// the opening quote).
pub fn attr_after(html: &str, prefix: &str) -> String {
    let start = html
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {html}"))
        + prefix.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// Writes `text` to `rel` below `root`, making its folders.
pub fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("reading {rel}: {e}"))
}

/// Every file below `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The JSON-LD object of a page, parsed.
pub fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("page has JSON-LD")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

/// The (line, message) of each finding of one check in `lumbar check --format json` output.
pub fn findings_of(v: &serde_json::Value, check: &str) -> Vec<(u64, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == check)
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub fn types(ld: &serde_json::Value) -> Vec<String> {
    ld["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["@type"].as_str().unwrap().to_string())
        .collect()
}

/// A running `lumbar serve`, stopped when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub addr: String,
    pub stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, &[], None)
    }

    /// Starts `lumbar serve` with extra arguments and, optionally, a lower
    /// open-file limit (soft and hard) for the server process.
    pub fn start_with(root: &Path, args: &[&str], nofile: Option<u64>) -> Server {
        use std::io::BufRead;
        use std::os::unix::process::CommandExt;
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_lumbar"));
        cmd.arg("--root")
            .arg(root)
            .args(["serve", "--port", "0"])
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        if let Some(n) = nofile {
            // SAFETY: setrlimit is async-signal-safe.
            unsafe {
                cmd.pre_exec(move || {
                    let r = libc::rlimit {
                        rlim_cur: n,
                        rlim_max: n,
                    };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &r) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        let mut child = cmd.spawn().expect("start lumbar serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if let Some(rest) = line.strip_prefix("serving http://") {
                    let _ = tx.send(rest.split('/').next().unwrap().to_string());
                }
            }
        });
        let stderr_buf = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let errs = child.stderr.take().unwrap();
        let buf = stderr_buf.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(errs).lines().map_while(Result::ok) {
                buf.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let addr = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("server printed its address");
        Server {
            child,
            addr,
            stderr: stderr_buf,
        }
    }

    pub fn get(&self, target: &str) -> HttpResponse {
        raw_request(
            &self.addr,
            &format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
        )
    }

    /// Polls `target` until `pred` holds for its body (panics after `secs`).
    pub fn wait_for(
        &self,
        target: &str,
        secs: u64,
        pred: impl Fn(&HttpResponse) -> bool,
    ) -> HttpResponse {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let r = self.get(target);
            if pred(&r) {
                return r;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "timed out waiting on {target}; last: {} {}",
                r.status,
                &r.body[..r.body.len().min(300)]
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct HttpResponse {
    pub status: u16,
    pub head: String,
    pub body: String,
    /// The body as sent (images are not text).
    pub bytes: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// Sends exactly these bytes (no client-side path normalisation) and reads
/// the reply: its head, then `Content-Length` bytes of body when the server
/// says how many (a keep-alive server need not close), else up to the close.
pub fn raw_request(addr: &str, request: &str) -> HttpResponse {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    // The server may rightly hang up before an oversized request is sent.
    let _ = s.write_all(request.as_bytes());
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let mut expected: Option<usize> = None;
    loop {
        if let Some(total) = expected {
            if buf.len() >= total {
                break;
            }
        }
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
        if expected.is_none() {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                let head_only = request.starts_with("HEAD ");
                expected = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .map(|len| end + 4 + if head_only { 0 } else { len });
            }
        }
    }
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n");
    HttpResponse {
        status,
        head: head.to_string(),
        body: body.to_string(),
        bytes: split.map_or_else(Vec::new, |end| buf[end + 4..].to_vec()),
    }
}

/// Server-Sent Events as (event, data) pairs, read on a thread of their own.
pub struct Events {
    rx: std::sync::mpsc::Receiver<(String, String)>,
}

impl Events {
    pub fn connect(addr: &str) -> Events {
        use std::io::{BufRead, Write};
        let mut s = std::net::TcpStream::connect(addr).expect("connect");
        s.write_all(b"GET /__lumbar/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut event = String::new();
            for line in std::io::BufReader::new(s).lines() {
                let Ok(line) = line else { return };
                if let Some(e) = line.strip_prefix("event: ") {
                    event = e.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    if tx
                        .send((std::mem::take(&mut event), d.to_string()))
                        .is_err()
                    {
                        return;
                    }
                }
            }
        });
        let ev = Events { rx };
        ev.expect("hello", 30);
        ev
    }

    /// The next event named `name` within `secs`, skipping others.
    pub fn expect(&self, name: &str, secs: u64) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((e, d)) if e == name => return d,
                Ok(_) => continue,
                Err(_) => panic!("no `{name}` event within {secs}s"),
            }
        }
    }

    /// Everything that arrives within `ms` milliseconds.
    pub fn drain(&self, ms: u64) -> Vec<(String, String)> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_millis(ms);
        let mut out = Vec::new();
        while let Ok(e) = self
            .rx
            .recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
        {
            out.push(e);
        }
        out
    }
}

/// Replaces a file the way many editors save: write a temporary file, then rename it over.
pub fn atomic_write(path: &Path, text: &str) {
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// The in-memory site after `project` caught up, compared with a fresh full build.
pub fn assert_matches_full_build(
    project: &mut lumbar::serve::rebuild::Project,
    root: &std::path::Path,
) {
    project.finish_deferred().unwrap();
    let mut fresh = lumbar::serve::rebuild::Project::new(root, false, "http://preview.test".into());
    fresh.full().unwrap();
    let mut a: Vec<_> = project.files.keys().collect();
    let mut b: Vec<_> = fresh.files.keys().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b, "same files");
    for (k, v) in &fresh.files {
        if project.files[k] != *v {
            // The first differing line, not a page of bytes.
            let (old, new) = (
                String::from_utf8_lossy(&project.files[k]),
                String::from_utf8_lossy(v),
            );
            let line = old.lines().zip(new.lines()).find(|(a, b)| a != b);
            panic!("{k} differs from a full rebuild: {line:?}");
        }
    }
}

/// Every file of the search index below `public`, as one text: for tests
/// that ask whether a word or address is in the index at all.
pub fn search_index_text(public: &Path) -> String {
    snapshot(&public.join("search/index"))
        .into_values()
        .map(|b| String::from_utf8(b).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}
