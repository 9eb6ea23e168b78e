//! Dev server under load and file-system churn. Heavy, so `#[ignore]`d; run with
//! `cargo test --release --test testsuite load:: -- --ignored --nocapture`.
//! All traffic stays on 127.0.0.1 and every loop is bounded in count and time.

use crate::common::*;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn rss_kib(pid: u32) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap()
}

/// One keep-alive GET on an open connection; returns (status, body).
fn get_on(conn: &mut BufReader<TcpStream>, path: &str) -> std::io::Result<(u16, String)> {
    conn.get_mut()
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())?;
    let mut status_line = String::new();
    conn.read_line(&mut status_line)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        conn.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; len];
    conn.read_exact(&mut body)?;
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

#[test]
#[ignore = "load test: 20 s of requests over 50 keep-alive connections while files change"]
fn twenty_seconds_over_fifty_connections_while_editing() {
    let site = copy_fixture("clinic");
    let root = site.path().to_path_buf();
    let server = Server::start(&root);
    let pid = server.child.id();
    // Warm up, then take the baseline memory.
    for _ in 0..200 {
        server.get("/back-pain/core/");
    }
    let rss_before = rss_kib(pid);
    let stop = Arc::new(AtomicBool::new(false));
    let editor = {
        let (stop, root) = (stop.clone(), root.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            let article = root.join("content/back-pain/lifting/deadlift.md");
            let original = fs::read_to_string(&article).unwrap();
            while !stop.load(Ordering::Relaxed) {
                fs::write(&article, format!("{original}\nEdit {n}.\n")).unwrap();
                n += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            n
        })
    };
    let errors = Arc::new(AtomicUsize::new(0));
    let wrong = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let run_for = Duration::from_secs(20);
    let workers: Vec<_> = (0..50)
        .map(|w| {
            let (addr, errors, wrong) = (server.addr.clone(), errors.clone(), wrong.clone());
            std::thread::spawn(move || {
                let mut conn = BufReader::new(TcpStream::connect(&addr).unwrap());
                conn.get_mut()
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
                let mut latencies = Vec::new();
                let mut i = 0;
                while start.elapsed() < run_for {
                    let (path, marker) = match (w + i) % 4 {
                        0 => ("/back-pain/core/", "Core work for a sore back"),
                        1 => ("/css/style.css", "--accent"),
                        2 => (
                            "/back-pain/lifting/deadlifts-and-your-back/",
                            "Body of the deadlift article.",
                        ),
                        _ => ("/faq/lifting-faq/", "Can I deadlift?"),
                    };
                    i += 1;
                    let t = Instant::now();
                    match get_on(&mut conn, path) {
                        Ok((200, body)) if body.contains(marker) => latencies.push(t.elapsed()),
                        Ok(_) => {
                            wrong.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(_) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            conn = BufReader::new(TcpStream::connect(&addr).unwrap());
                        }
                    }
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = workers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let elapsed = start.elapsed();
    stop.store(true, Ordering::Relaxed);
    let edits = editor.join().unwrap();
    let rss_after = rss_kib(pid);
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "{} requests in {elapsed:?} over 50 connections ({:.0} req/s), {edits} edits meanwhile; \
         latency p50 {:?} p99 {:?} max {:?}; errors {}, wrong bodies {}; RSS {} KiB -> {} KiB",
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.5),
        at(0.99),
        latencies.last().unwrap(),
        errors.load(Ordering::Relaxed),
        wrong.load(Ordering::Relaxed),
        rss_before,
        rss_after
    );
    assert_eq!(errors.load(Ordering::Relaxed), 0);
    assert_eq!(wrong.load(Ordering::Relaxed), 0);
    assert!(
        rss_after < rss_before + 64 * 1024,
        "memory grew from {rss_before} to {rss_after} KiB"
    );
}

#[test]
#[ignore = "watcher stress: 1,000 saves in 10 s, content/ deleted and recreated, renames, symlink loop"]
fn watcher_survives_churn_and_converges() {
    let site = copy_fixture("clinic");
    let root = site.path().to_path_buf();
    let mut server = Server::start(&root);
    let article = root.join("content/back-pain/core.md");
    let start = Instant::now();
    for i in 0..1_000 {
        fs::write(
            &article,
            format!("---\ntitle: Save {i}\n---\nVersion {i}.\n"),
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(9));
    }
    println!("1000 saves in {:?}", start.elapsed());
    server.wait_for("/back-pain/core/", 20, |r| r.body.contains("Version 999."));

    // content/ deleted and recreated while serving.
    let backup = tempfile::tempdir().unwrap();
    copy_dir(&root.join("content"), backup.path());
    fs::remove_dir_all(root.join("content")).unwrap();
    server.wait_for("/back-pain/core/", 20, |r| r.status == 404);
    copy_dir(backup.path(), &root.join("content"));
    server.wait_for("/back-pain/core/", 20, |r| r.body.contains("Version 999."));

    // A file renamed across sections.
    fs::rename(
        root.join("content/back-pain/special.md"),
        root.join("content/faq/special.md"),
    )
    .unwrap();
    server.wait_for("/faq/special/", 20, |r| r.status == 200);
    server.wait_for("/back-pain/special/", 20, |r| r.status == 404);

    // A symlink loop appears in content/.
    std::os::unix::fs::symlink(root.join("content"), root.join("content/back-pain/loop")).unwrap();
    fs::write(&article, "---\ntitle: After loop\n---\nStill alive.\n").unwrap();
    server.wait_for("/back-pain/core/", 20, |r| r.body.contains("Still alive."));
    assert!(server.is_running());
    assert!(!server.stderr.lock().unwrap().contains("panicked"));
}
