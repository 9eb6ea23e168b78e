//! Fetching external addresses for `lumbar check --external`, politely: at
//! most [`PER_HOST`] requests to one host at a time (8 in all), a server's
//! `429 Too Many Requests` answered by waiting as its `Retry-After` asks
//! (up to a limit) and trying again, and addresses the site lists in
//! `[check] skip` never fetched. Reference sites (doi.org, PubMed) throttle
//! clients that hurry, and a clinic's check must not be the one they block.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// Requests in flight to one host, at most.
pub const PER_HOST: usize = 2;
/// Requests in flight in all, at most.
const TOTAL: usize = 8;
/// Tries of one address when the server keeps answering 429.
const TRIES: usize = 3;
/// The longest `Retry-After` honoured; a server asking for more is reported.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// What fetching one address found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// Listed in `[check] skip`.
    Skipped,
    Problem(String),
}

/// Settings of one run; tests shorten the timeout and the waits.
#[derive(Debug, Clone)]
pub struct Options {
    pub timeout: Duration,
    pub max_wait: Duration,
    /// Hosts (`www.nice.org.uk`) or URL beginnings never fetched.
    pub skip: Vec<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            timeout: Duration::from_secs(10),
            max_wait: MAX_WAIT,
            skip: Vec::new(),
        }
    }
}

/// The host (with port) of an http(s) address.
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    host.rsplit_once('@').map_or(host, |(_, h)| h)
}

fn skipped(url: &str, skip: &[String]) -> bool {
    skip.iter().any(|s| {
        let s = s.trim();
        !s.is_empty() && (host_of(url).eq_ignore_ascii_case(s) || url.starts_with(s))
    })
}

/// A counting semaphore: the standard library has none.
struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    fn take(&self) {
        let mut n = lock(&self.free);
        while *n == 0 {
            n = self.freed.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n -= 1;
    }
    fn give(&self) {
        *lock(&self.free) += 1;
        self.freed.notify_one();
    }
}

/// Fetches every address once and says what each gave, in input order.
pub fn check(urls: &[String], opts: &Options) -> Vec<(String, Outcome)> {
    let mut by_host: BTreeMap<String, VecDeque<usize>> = BTreeMap::new();
    let mut results: Vec<Option<Outcome>> = vec![None; urls.len()];
    for (i, u) in urls.iter().enumerate() {
        if skipped(u, &opts.skip) {
            results[i] = Some(Outcome::Skipped);
        } else {
            by_host
                .entry(host_of(u).to_ascii_lowercase())
                .or_default()
                .push_back(i);
        }
    }
    let queues: Vec<Mutex<VecDeque<usize>>> = by_host.into_values().map(Mutex::new).collect();
    let results = Mutex::new(results);
    let slots = Slots {
        free: Mutex::new(TOTAL),
        freed: Condvar::new(),
    };
    let follow = agent(opts.timeout, true);
    let doi = agent(opts.timeout, false);
    // Scoped threads borrow the queues, slots and results directly.
    std::thread::scope(|scope| {
        for queue in &queues {
            let workers = lock(queue).len().min(PER_HOST);
            for _ in 0..workers {
                let (results, slots, follow, doi) = (&results, &slots, &follow, &doi);
                scope.spawn(move || loop {
                    let next = lock(queue).pop_front();
                    let Some(i) = next else { break };
                    let url = &urls[i];
                    // doi.org answers a DOI it knows with a redirect to the
                    // publisher, whose pages often refuse robots: the
                    // redirect itself is the answer.
                    let agent = if host_of(url).eq_ignore_ascii_case("doi.org") {
                        doi
                    } else {
                        follow
                    };
                    let outcome = fetch(agent, url, slots, opts.max_wait);
                    lock(results)[i] = Some(outcome);
                });
            }
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    urls.iter()
        .cloned()
        .zip(results.into_iter().map(|r| r.unwrap_or(Outcome::Skipped)))
        .collect()
}

/// A lock that a panicked worker cannot poison for the rest.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn agent(timeout: Duration, follow: bool) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .user_agent("lumbar-link-check (+https://github.com/lumbar)")
        .http_status_as_error(false)
        .max_redirects(if follow { 10 } else { 0 })
        .build()
        .into()
}

/// What a `Retry-After` header asks for: seconds, or an HTTP date.
pub fn retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = (when.timestamp() - chrono::Utc::now().timestamp()).max(0);
    Some(Duration::from_secs(secs as u64))
}

fn fetch(agent: &ureq::Agent, url: &str, slots: &Slots, max_wait: Duration) -> Outcome {
    for attempt in 1..=TRIES {
        slots.take();
        let answer = status(agent, url);
        slots.give();
        match answer {
            Ok((code, _)) if code < 400 => return Outcome::Ok,
            Ok((429 | 503, wait)) if attempt < TRIES => {
                let wait = wait.unwrap_or(Duration::from_secs(attempt as u64));
                if wait > max_wait {
                    return Outcome::Problem(format!(
                        "the server asks to wait {} s before trying again (Retry-After); try later",
                        wait.as_secs()
                    ));
                }
                // This worker keeps its turn at the host while it waits, so
                // the host never gets more than PER_HOST requests at once.
                std::thread::sleep(wait);
            }
            Ok((429, _)) => {
                return Outcome::Problem(format!(
                    "HTTP 429 (too many requests) after {TRIES} tries; try later"
                ))
            }
            Ok((code, _)) => return Outcome::Problem(format!("HTTP {code}")),
            Err(e) => return Outcome::Problem(e),
        }
    }
    Outcome::Problem("no answer".into())
}

/// The status of `url` and any `Retry-After`, asking with HEAD first and
/// again with GET where a server refuses HEAD.
fn status(agent: &ureq::Agent, url: &str) -> Result<(u16, Option<Duration>), String> {
    let ask = |head: bool| {
        let r = if head {
            agent.head(url).call()
        } else {
            agent.get(url).call()
        };
        r.map(|r| {
            let wait = r
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(retry_after);
            (r.status().as_u16(), wait)
        })
        .map_err(|e| e.to_string())
    };
    match ask(true)? {
        (403 | 405 | 501, _) => ask(false),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_skips() {
        assert_eq!(
            host_of("https://www.nice.org.uk/guidance/ng59"),
            "www.nice.org.uk"
        );
        assert_eq!(host_of("http://127.0.0.1:8080?x"), "127.0.0.1:8080");
        assert_eq!(host_of("https://u:p@example.org/"), "example.org");
        let skip = vec![
            "www.nice.org.uk".to_string(),
            "https://a.org/private/".to_string(),
        ];
        assert!(skipped("https://www.nice.org.uk/x", &skip));
        assert!(skipped("https://a.org/private/y", &skip));
        assert!(!skipped("https://a.org/public/", &skip));
    }

    #[test]
    fn retry_after_in_seconds_or_a_date() {
        assert_eq!(retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon"), None);
    }
}
