//! `lumbar serve`: builds the site in memory (never touching `public/`),
//! serves it on 127.0.0.1, watches the sources and pushes reloads to the
//! browser. Errors are shown in the terminal and over the page, and the server
//! keeps running whatever the input.

pub mod http;
pub mod rebuild;
pub mod server;

use crate::error::{Error, Result};
use http::{Event, Hub};
use notify_debouncer_full::notify::RecursiveMode;
use rebuild::{Change, Outcome, Project};
use std::collections::BTreeSet;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub open: bool,
    pub drafts: bool,
    /// Host names to answer besides localhost, 127.0.0.1, [::1] and `bind`.
    pub allow_hosts: Vec<String>,
    /// Connection limits and timeouts (the defaults, but for tests).
    pub limits: server::Limits,
}

/// Directories (and site.toml) whose changes matter.
const WATCHED: [&str; 6] = ["content", "templates", "static", "themes", "i18n", "data"];
const IDLE_BEFORE_DEFERRED: Duration = Duration::from_millis(400);
/// How long file events are gathered into one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(25);
/// A failed rebuild waits this long for more saves before showing its error:
/// editors truncate a file and then write it, and a rebuild that read it in
/// between must not flash an error overlay. A real error still shows within
/// DEBOUNCE + build + GRACE.
const ERROR_GRACE: Duration = Duration::from_millis(150);

pub fn serve(opts: &ServeOptions) -> Result<()> {
    let root = std::fs::canonicalize(&opts.root).map_err(|e| Error::io(&opts.root, e))?;
    let cannot = |e: &dyn std::fmt::Display| {
        Error::Listen(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))
    };
    let listener = listen(&opts.bind, opts.port).map_err(|e| cannot(&e))?;
    let addr = listener.local_addr().map_err(|e| cannot(&e))?;
    let base_url = format!("http://{addr}");
    let hub = Arc::new(Hub::new(http::default_hosts(&opts.bind, &opts.allow_hosts)));
    server::spawn(listener, hub.clone(), opts.limits).map_err(|e| cannot(&e))?;

    // Watch before the first build, so nothing saved during it is missed.
    let (tx, rx) = mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, tx)
        .map_err(|e| Error::Watch(e.to_string()))?;
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::Watch(format!("{}: {e}", root.display())))?;
    let mut watched = BTreeSet::new();
    add_watches(&mut debouncer, &root, &mut watched);

    let mut project = Project::new(&opts.root, opts.drafts, base_url.clone());
    {
        // The search index is rewritten on a thread of its own after edits;
        // it goes straight to the browser-facing files when ready.
        let hub = hub.clone();
        project.index_in_background(Arc::new(move |index| {
            let mut served = hub.served.write().unwrap_or_else(|e| e.into_inner());
            rebuild::install_index(&mut served.files, &index);
        }));
    }
    {
        // Resized images go straight to the browser-facing files when made.
        let hub = hub.clone();
        project.images_in_background(Arc::new(move |result| match result {
            Ok(files) => {
                let mut s = hub.served.write().unwrap_or_else(|e| e.into_inner());
                s.files.extend(files);
            }
            Err(msg) => {
                eprintln!("error: {msg}");
                hub.served.write().unwrap_or_else(|e| e.into_inner()).error = Some(msg.clone());
                hub.broadcast(Event::Error(msg));
            }
        }));
    }
    let started = Instant::now();
    let outcome = run(&mut project, |p| p.full());
    publish(&hub, &mut project, outcome, started);
    println!("serving {base_url}/  (Ctrl+C to stop)");
    let _ = std::io::stdout().flush();
    if opts.bind != "127.0.0.1" && opts.bind != "localhost" && opts.bind != "::1" {
        eprintln!(
            "warning: listening on {}, reachable from other machines; they are answered only \
             when they ask for a name given with --allow-host (e.g. this machine's address)",
            opts.bind
        );
    }
    if opts.open {
        open_browser(&format!("{base_url}/"));
    }
    watch_loop(&root, &mut project, &hub, debouncer, watched, rx)
}

/// A listening socket with TCP_NODELAY, which accepted connections inherit:
/// a response's head and body can go out as separate writes, and with Nagle's algorithm
/// each keep-alive response would wait ~40 ms for the client's delayed ACK.
fn listen(bind: &str, port: u16) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Protocol, Socket, Type};
    use std::net::ToSocketAddrs;
    let addr = (bind, port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::other("address did not resolve"))?;
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}

/// Runs a rebuild step, turning a panic into an error so the server survives it.
fn run(
    project: &mut Project,
    step: impl FnOnce(&mut Project) -> Result<Outcome>,
) -> Result<Outcome> {
    match catch_unwind(AssertUnwindSafe(|| step(project))) {
        Ok(r) => r,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown panic".into());
            Err(Error::Internal(msg))
        }
    }
}

fn publish(hub: &Hub, project: &mut Project, outcome: Result<Outcome>, started: Instant) {
    let elapsed = started.elapsed();
    match outcome {
        Ok(Outcome::Nothing) => {}
        Ok(o) => {
            let first = {
                let mut s = hub.served.write().unwrap_or_else(|e| e.into_inner());
                // Under the lock, so an index finishing now is not overwritten.
                project.sync_index();
                project.sync_images();
                s.files = project.files.clone();
                s.error = None;
                s.generation += 1;
                s.generation == 1
            };
            match o {
                Outcome::Reload { rendered } if first => {
                    println!(
                        "built {} pages ({rendered} files) in memory in {elapsed:.0?}",
                        project.page_count()
                    );
                }
                Outcome::Reload { rendered } => {
                    println!(
                        "rebuilt: {rendered} files re-rendered ({} pages) in {elapsed:.0?}",
                        project.page_count()
                    );
                    hub.broadcast(Event::Reload);
                }
                Outcome::Css => {
                    println!("stylesheet updated in {elapsed:.0?}");
                    hub.broadcast(Event::Css);
                }
                Outcome::Nothing => {}
            }
        }
        Err(e) => {
            let msg = e.to_string();
            eprintln!("error: {msg}");
            hub.served.write().unwrap_or_else(|e| e.into_inner()).error = Some(msg.clone());
            hub.broadcast(Event::Error(msg));
        }
    }
    let _ = std::io::stdout().flush();
}

type Debouncer = notify_debouncer_full::Debouncer<
    notify_debouncer_full::notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Watches what exists of the source directories, plus the root itself so a
/// deleted and recreated `content/` is picked up again.
fn add_watches(debouncer: &mut Debouncer, root: &Path, watched: &mut BTreeSet<PathBuf>) {
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir()
            && !watched.contains(&path)
            && debouncer.watch(&path, RecursiveMode::Recursive).is_ok()
        {
            watched.insert(path);
        } else if !path.is_dir() && watched.remove(&path) {
            let _ = debouncer.unwatch(&path);
        }
    }
}

fn watch_loop(
    root: &Path,
    project: &mut Project,
    hub: &Arc<Hub>,
    mut debouncer: Debouncer,
    mut watched: BTreeSet<PathBuf>,
    rx: mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
) -> Result<()> {
    let mut next = None;
    // Changes of a failed rebuild whose error is held back (ERROR_GRACE).
    let mut held: BTreeSet<Change> = BTreeSet::new();
    loop {
        let first = match next.take() {
            Some(ev) => ev,
            None => match rx.recv() {
                Ok(ev) => ev,
                Err(_) => break,
            },
        };
        let started = Instant::now();
        let mut changes = std::mem::take(&mut held);
        let mut batch = vec![first];
        // Bursts of saves coalesce into one rebuild.
        while let Ok(more) = rx.try_recv() {
            batch.push(more);
        }
        for result in batch {
            match result {
                Ok(events) => {
                    // Reading files (our own builds included) raises access
                    // events; only writes, creations and removals matter.
                    for ev in events.iter().filter(|e| !e.kind.is_access()) {
                        for p in &ev.paths {
                            changes.insert(project.classify(p));
                        }
                    }
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("warning: file watcher: {e}");
                    }
                    // Events may have been lost: rebuild from scratch.
                    changes.insert(Change::Full);
                }
            }
        }
        add_watches(&mut debouncer, root, &mut watched);
        let outcome = run(project, |p| p.apply(&changes));
        if outcome.is_err() {
            match next_save(&rx, ERROR_GRACE) {
                Ok(ev) => {
                    // More saves came: rebuild with them and the failed changes.
                    held = changes;
                    next = Some(ev);
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
        }
        publish(hub, project, outcome, started);
        if project.has_deferred() {
            // While the author keeps saving, keep the reloads quick; the
            // slow site-wide files are rebuilt once they pause.
            match rx.recv_timeout(IDLE_BEFORE_DEFERRED) {
                Ok(ev) => {
                    next = Some(ev);
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
            match run(project, |p| p.finish_deferred().map(|_| Outcome::Nothing)) {
                Ok(_) => {
                    let mut s = hub.served.write().unwrap_or_else(|e| e.into_inner());
                    project.sync_index();
                    project.sync_images();
                    s.files = project.files.clone();
                }
                Err(e) => publish(hub, project, Err(e), started),
            }
        }
    }
    Ok(())
}

/// The next batch of file events within `wait` that is more than files
/// being read (our own rebuild reads the sources and raises access events).
fn next_save(
    rx: &mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    wait: Duration,
) -> std::result::Result<notify_debouncer_full::DebounceEventResult, mpsc::RecvTimeoutError> {
    let deadline = Instant::now() + wait;
    loop {
        let ev = rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))?;
        let writes = match &ev {
            Ok(events) => events.iter().any(|e| !e.kind.is_access()),
            Err(_) => true,
        };
        if writes {
            return Ok(ev);
        }
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(cmd).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({cmd}: {e}); open {url} yourself");
    }
}
