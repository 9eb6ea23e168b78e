//! Rendered HTML kept on disk while a build runs. A page's body is made
//! when the site is loaded and read when its own page, the feed and the
//! search index are written; holding every body meanwhile was most of a
//! build's memory (55 of 73 MB of heap on 8,221 pages). A build writes
//! each body to one unnamed temporary file as it is rendered and reads it
//! back when an output needs it; the operating system's file cache, not
//! lumbar's heap, holds it in between.
//!
//! A read can fail (the disk went away). Outputs are rendered by code that
//! has no way to return an error at that point, so the failure is kept
//! here, the text reads as empty, and the build asks [`Spill::check`]
//! before it publishes anything: a failed read fails the build with the
//! previous output untouched.
//!
//! A build that keeps a cache names its file instead, and keeps it when it
//! succeeds: the next build reads the pages it did not re-render from there
//! (see [`crate::model`]).

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Below this many bytes a body stays in memory: the handle that would
/// replace it takes 24.
const HELD_BELOW: usize = 64;

/// The file the bodies of one build are written to. Writers take disjoint
/// ranges, so threads write at once without a lock.
#[derive(Debug)]
pub struct Spill {
    file: File,
    /// The name of a file to be kept ([`Spill::named`]); removed with the
    /// `Spill` unless [`Spill::persist`] moved it first.
    named: Mutex<Option<tempfile::TempPath>>,
    /// The folder it is in, as messages name it.
    shown: PathBuf,
    end: AtomicU64,
    failed: Mutex<Option<io::Error>>,
}

impl Spill {
    /// An unnamed file in `dir` (the site's cache folder, on the site's own
    /// disk, `shown` as messages name it), else in the system's temporary
    /// folder. Either way it is gone when the build ends, even if it is
    /// killed. `None` when neither can be written: the build then keeps
    /// bodies in memory, as it did before.
    pub fn new(dir: &Path, shown: &Path) -> Option<Arc<Spill>> {
        let (file, shown) =
            match std::fs::create_dir_all(dir).and_then(|_| tempfile::tempfile_in(dir)) {
                Ok(f) => (f, shown.to_path_buf()),
                Err(_) => (tempfile::tempfile().ok()?, std::env::temp_dir()),
            };
        Some(Arc::new(Spill {
            file,
            named: Mutex::new(None),
            shown,
            end: AtomicU64::new(0),
            failed: Mutex::new(None),
        }))
    }

    /// A named file in `dir`, which [`Spill::persist`] can keep once the
    /// build succeeded; gone with the `Spill` otherwise. `None` when `dir`
    /// cannot be written.
    pub fn named(dir: &Path, shown: &Path) -> Option<Arc<Spill>> {
        std::fs::create_dir_all(dir).ok()?;
        let (file, path) = tempfile::Builder::new()
            .prefix(".bodies-")
            .tempfile_in(dir)
            .ok()?
            .into_parts();
        Some(Arc::new(Spill {
            file,
            named: Mutex::new(Some(path)),
            shown: shown.to_path_buf(),
            end: AtomicU64::new(0),
            failed: Mutex::new(None),
        }))
    }

    /// The bodies a previous build kept at `path`, to read, never to write:
    /// pages rendered again are held in memory instead.
    pub fn open(path: &Path, shown: &Path) -> io::Result<Arc<Spill>> {
        let file = File::open(path)?;
        let end = file.metadata()?.len();
        Ok(Arc::new(Spill {
            file,
            named: Mutex::new(None),
            shown: shown.to_path_buf(),
            end: AtomicU64::new(end),
            failed: Mutex::new(None),
        }))
    }

    /// Keeps a [`Spill::named`] file as `to`, replacing what was there.
    pub fn persist(&self, to: &Path) -> io::Result<()> {
        let mut named = self.named.lock().unwrap_or_else(|p| p.into_inner());
        match named.take() {
            Some(path) => path.persist(to).map_err(|e| e.error),
            None => Err(io::Error::other("the file of rendered pages has no name")),
        }
    }

    /// Moves `html` to the file.
    pub fn keep(self: &Arc<Self>, html: String) -> crate::Result<Html> {
        if html.len() < HELD_BELOW {
            return Ok(Html::Held(html));
        }
        let at = self.end.fetch_add(html.len() as u64, Ordering::Relaxed);
        self.file
            .write_all_at(html.as_bytes(), at)
            .map_err(|e| self.error(e))?;
        Ok(Html::Spilled {
            spill: self.clone(),
            at,
            len: html.len(),
        })
    }

    fn read(&self, at: u64, len: usize) -> String {
        let mut buf = vec![0; len];
        let read = self
            .file
            .read_exact_at(&mut buf, at)
            .and_then(|_| String::from_utf8(buf).map_err(io::Error::other));
        match read {
            Ok(s) => s,
            Err(e) => {
                let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
                failed.get_or_insert(e);
                String::new()
            }
        }
    }

    /// The first read that failed, if any: the outputs rendered since may
    /// lack a page's text and must not be published.
    pub fn check(&self) -> crate::Result<()> {
        let failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
        match &*failed {
            Some(e) => Err(self.error(io::Error::new(e.kind(), e.to_string()))),
            None => Ok(()),
        }
    }

    fn error(&self, e: io::Error) -> crate::Error {
        crate::Error::io(
            &self.shown,
            io::Error::new(
                e.kind(),
                format!("the temporary file for rendered pages there failed: {e}"),
            ),
        )
    }
}

/// A page's rendered HTML: in memory, or in a build's [`Spill`].
#[derive(Debug, Clone)]
pub enum Html {
    Held(String),
    Spilled {
        spill: Arc<Spill>,
        at: u64,
        len: usize,
    },
}

impl Default for Html {
    fn default() -> Html {
        Html::Held(String::new())
    }
}

impl From<String> for Html {
    fn from(s: String) -> Html {
        Html::Held(s)
    }
}

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.get())
    }
}

/// As its text: templates see a string.
impl serde::Serialize for Html {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.get())
    }
}

impl PartialEq for Html {
    fn eq(&self, other: &Html) -> bool {
        self.get() == other.get()
    }
}

impl Html {
    /// The HTML (empty if it could not be read back: see [`Spill::check`]).
    pub fn get(&self) -> Cow<'_, str> {
        match self {
            Html::Held(s) => Cow::Borrowed(s),
            Html::Spilled { spill, at, len } => Cow::Owned(spill.read(*at, *len)),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Html::Held(s) => s.is_empty(),
            Html::Spilled { len, .. } => *len == 0,
        }
    }

    /// Moves the HTML to `spill`, if there is one.
    pub fn spill(self, spill: Option<&Arc<Spill>>) -> crate::Result<Html> {
        match (self, spill) {
            (Html::Held(s), Some(spill)) => spill.keep(s),
            (html, _) => Ok(html),
        }
    }
}

/// How the build cache stores a handle: the text itself when it is held,
/// where it is in the file when spilled. Read back, a spilled handle points
/// into the file set by [`stored::reading`].
pub mod stored {
    use super::{Arc, Html, Ordering, Spill};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::cell::RefCell;

    #[derive(Serialize, Deserialize)]
    enum Stored<T> {
        Held(T),
        At(u64, u64),
    }

    thread_local! {
        static READING: RefCell<Option<Arc<Spill>>> = const { RefCell::new(None) };
    }

    /// Runs `f` with spilled handles read back pointing into `spill`. A
    /// serde deserializer cannot be handed it otherwise; the model is read
    /// on one thread.
    pub fn reading<T>(spill: &Arc<Spill>, f: impl FnOnce() -> T) -> T {
        READING.with(|r| *r.borrow_mut() = Some(spill.clone()));
        let out = f();
        READING.with(|r| *r.borrow_mut() = None);
        out
    }

    pub fn serialize<S: Serializer>(html: &Html, s: S) -> Result<S::Ok, S::Error> {
        match html {
            Html::Held(text) => Stored::Held(text.as_str()).serialize(s),
            Html::Spilled { at, len, .. } => Stored::<&str>::At(*at, *len as u64).serialize(s),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Html, D::Error> {
        match Stored::<String>::deserialize(d)? {
            Stored::Held(text) => Ok(Html::Held(text)),
            Stored::At(at, len) => {
                let spill = READING.with(|r| r.borrow().clone()).ok_or_else(|| {
                    serde::de::Error::custom("a spilled page read without its file")
                })?;
                if at.saturating_add(len) > spill.end.load(Ordering::Relaxed) {
                    return Err(serde::de::Error::custom("a page past the end of its file"));
                }
                Ok(Html::Spilled {
                    spill,
                    at,
                    len: len as usize,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_kept_reads_back_the_same_from_many_threads() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::new(dir.path(), Path::new(".lumbar-cache")).unwrap();
        let texts: Vec<String> = (0..200)
            .map(|i| format!("<p>page {i} – ünïcode {}</p>", "x".repeat(i * 7)))
            .collect();
        let kept: Vec<Html> = std::thread::scope(|s| {
            let handles: Vec<_> = texts
                .iter()
                .map(|t| {
                    let spill = spill.clone();
                    s.spawn(move || spill.keep(t.clone()).unwrap())
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (t, h) in texts.iter().zip(&kept) {
            assert_eq!(h.get(), t.as_str());
        }
        assert!(matches!(kept[199], Html::Spilled { .. }));
        // Short ones are not worth a handle.
        assert!(matches!(
            spill.keep("<p>hi</p>".into()).unwrap(),
            Html::Held(_)
        ));
        // The file is unnamed: nothing is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        spill.check().unwrap();
    }

    #[test]
    fn a_failed_read_is_reported_and_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::new(dir.path(), Path::new(".lumbar-cache")).unwrap();
        let kept = spill.keep("<p>".repeat(100)).unwrap();
        let Html::Spilled { at, .. } = kept else {
            panic!("not spilled")
        };
        // A handle past the end of the file, as a truncated file would give.
        let lost = Html::Spilled {
            spill: spill.clone(),
            at: at + 1_000,
            len: 300,
        };
        assert_eq!(lost.get(), "");
        let err = spill.check().unwrap_err().to_string();
        assert!(
            err.starts_with(".lumbar-cache: the temporary file for rendered pages there failed:"),
            "{err}"
        );
        // It stays failed: every later check sees it.
        assert!(spill.check().is_err());
        assert_eq!(kept.get(), "<p>".repeat(100));
    }
}
