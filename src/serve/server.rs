//! The dev server's connections, on hyper and tokio: one small task per
//! connection instead of a thread, a bounded number of connections, timeouts
//! for idle and slow clients, and an accept loop that survives running out of
//! file descriptors.
//!
//! Limits (see README, "The dev server"):
//! - a new connection must send a complete request head within
//!   [`HEAD_TIMEOUT`]; a keep-alive connection idle for [`IDLE_TIMEOUT`]
//!   between requests is closed;
//! - at most `max_connections` are open (derived from the file descriptor
//!   limit); a new one beyond that closes the oldest idle or waiting
//!   connection (or, failing that, the oldest event stream, which the browser
//!   reopens by itself), never the new one;
//! - when `accept` fails for lack of descriptors, the oldest connection is
//!   closed and accepting resumes; the listener never stops.

use super::http::{self, Handled, Hub};
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::task::AbortHandle;

pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(15);

/// The connection limits; [`Limits::default`] is what `lumbar serve` uses.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub head_timeout: Duration,
    pub idle_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: connection_limit(),
            head_timeout: HEAD_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
        }
    }
}
const SWEEP_EVERY: Duration = Duration::from_millis(500);
/// Request heads larger than this are refused (hyper answers 431); browsers
/// send a few KiB.
const MAX_HEAD_BYTES: usize = 16 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Accepted, no complete request yet.
    Head,
    /// Between requests on a keep-alive connection.
    Idle,
    /// Answering a request.
    Busy,
    /// An open event stream.
    Stream,
}

struct Conn {
    phase: Phase,
    since: Instant,
    abort: Option<AbortHandle>,
}

#[derive(Default)]
struct Registry {
    next: u64,
    conns: HashMap<u64, Conn>,
}

type Shared = Arc<Mutex<Registry>>;

fn lock(r: &Shared) -> std::sync::MutexGuard<'_, Registry> {
    r.lock().unwrap_or_else(|e| e.into_inner())
}

impl Registry {
    fn set(&mut self, id: u64, phase: Phase) {
        if let Some(c) = self.conns.get_mut(&id) {
            c.phase = phase;
            c.since = Instant::now();
        }
    }

    /// Closes the connection that matters least: the oldest waiting or idle
    /// one, else the oldest event stream. Busy ones are left to finish.
    fn evict_one(&mut self) -> bool {
        let pick = |phases: &[Phase]| {
            self.conns
                .iter()
                .filter(|(_, c)| phases.contains(&c.phase) && c.abort.is_some())
                .min_by_key(|(_, c)| c.since)
                .map(|(id, _)| *id)
        };
        let victim = pick(&[Phase::Head, Phase::Idle]).or_else(|| pick(&[Phase::Stream]));
        match victim.and_then(|id| self.conns.remove(&id)) {
            Some(c) => {
                if let Some(a) = c.abort {
                    a.abort();
                }
                true
            }
            None => false,
        }
    }

    fn sweep(&mut self, limits: &Limits) {
        let now = Instant::now();
        self.conns.retain(|_, c| {
            let limit = match c.phase {
                Phase::Head => limits.head_timeout,
                Phase::Idle => limits.idle_timeout,
                Phase::Busy | Phase::Stream => return true,
            };
            if now.duration_since(c.since) < limit {
                return true;
            }
            if let Some(a) = &c.abort {
                a.abort();
            }
            false
        });
    }
}

/// Removes a connection from the registry however its task ends (finished,
/// failed or aborted).
struct Leave(Shared, u64);

impl Drop for Leave {
    fn drop(&mut self) {
        lock(&self.0).conns.remove(&self.1);
    }
}

/// How many connections to allow: what the descriptor limit leaves after
/// a margin for the watcher, the files being read and the runtime.
pub fn connection_limit() -> usize {
    raise_fd_limit();
    let soft = fd_limit();
    soft.saturating_sub(64).clamp(16, 8192)
}

#[cfg(unix)]
fn fd_limit() -> usize {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `r` is a valid rlimit for getrlimit to fill.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) } == 0 {
        r.rlim_cur as usize
    } else {
        1024
    }
}

/// Raises the soft descriptor limit to the hard one, as servers commonly do.
#[cfg(unix)]
fn raise_fd_limit() {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `r` is a valid rlimit for both calls.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) == 0 && r.rlim_cur < r.rlim_max {
            r.rlim_cur = r.rlim_max.min(65536);
            libc::setrlimit(libc::RLIMIT_NOFILE, &r);
        }
    }
}

#[cfg(not(unix))]
fn fd_limit() -> usize {
    1024
}
#[cfg(not(unix))]
fn raise_fd_limit() {}

/// Serves `listener` on a runtime of its own thread until the process ends.
pub fn spawn(
    listener: std::net::TcpListener,
    hub: Arc<Hub>,
    limits: Limits,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("lumbar-http")
        .enable_io()
        .enable_time()
        .build()?;
    std::thread::Builder::new()
        .name("lumbar-accept".into())
        .spawn(move || {
            runtime.block_on(async move {
                match tokio::net::TcpListener::from_std(listener) {
                    Ok(l) => accept_loop(l, hub, limits).await,
                    Err(e) => eprintln!("error: cannot serve: {e}"),
                }
            })
        })?;
    Ok(())
}

async fn accept_loop(listener: tokio::net::TcpListener, hub: Arc<Hub>, limits: Limits) {
    let max = limits.max_connections;
    let registry: Shared = Arc::default();
    {
        let registry = registry.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(SWEEP_EVERY);
            loop {
                tick.tick().await;
                lock(&registry).sweep(&limits);
            }
        });
    }
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of descriptors (EMFILE/ENFILE) or memory: free one by
                // closing the oldest idle connection, pause briefly, go on.
                // Anything else concerns that one connection only.
                if matches!(
                    e.raw_os_error(),
                    Some(libc::EMFILE)
                        | Some(libc::ENFILE)
                        | Some(libc::ENOBUFS)
                        | Some(libc::ENOMEM)
                ) {
                    lock(&registry).evict_one();
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let id = {
            let mut r = lock(&registry);
            while r.conns.len() >= max && r.evict_one() {}
            r.next += 1;
            let id = r.next;
            r.conns.insert(
                id,
                Conn {
                    phase: Phase::Head,
                    since: Instant::now(),
                    abort: None,
                },
            );
            id
        };
        let task = tokio::spawn(connection(
            stream,
            hub.clone(),
            registry.clone(),
            id,
            limits.idle_timeout,
        ));
        if let Some(c) = lock(&registry).conns.get_mut(&id) {
            c.abort = Some(task.abort_handle());
        }
    }
}

async fn connection(
    stream: tokio::net::TcpStream,
    hub: Arc<Hub>,
    registry: Shared,
    id: u64,
    idle_timeout: Duration,
) {
    let _leave = Leave(registry.clone(), id);
    let service = service_fn(move |request| {
        lock(&registry).set(id, Phase::Busy);
        let handled = http::handle(&hub, &request);
        let response = match handled {
            Handled::Done(r) => {
                lock(&registry).set(id, Phase::Idle);
                r
            }
            Handled::Stream(r) => {
                lock(&registry).set(id, Phase::Stream);
                r
            }
        };
        async move { Ok::<_, Infallible>(response) }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        // Between requests hyper waits for the next head with this timer;
        // a fresh connection's first head is held to its limit by the sweeper.
        .header_read_timeout(idle_timeout)
        .max_buf_size(MAX_HEAD_BYTES)
        .keep_alive(true)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_limits_are_the_documented_ones() {
        let l = Limits::default();
        assert_eq!(l.head_timeout, Duration::from_secs(10));
        assert_eq!(l.idle_timeout, Duration::from_secs(15));
        assert!(l.max_connections >= 16 && l.max_connections <= 8192);
    }
}
