//! The build cache: what the last build read and what it published, kept in
//! the site's cache folder, so that a build with nothing changed can tell in
//! milliseconds instead of loading and rendering the whole site again.
//!
//! Nothing in it is trusted that can be checked (see README, "Build cache"):
//! - Everything else that decides the output is in its key: lumbar's own
//!   program file, the build's options and the day (review notices and
//!   scheduled pages depend on it). Any difference and the cache is not used.
//! - Every file lumbar reads (site.toml, content, templates, static, themes,
//!   data, i18n) is listed with its size, modification and status-change
//!   times and inode. A file added, removed, saved or replaced is a change,
//!   even one whose modification time was set back. A file modified within
//!   two seconds of being listed also has its content hash, as git does for
//!   such "racy" files: a second save within the clock's tick keeps the time.
//! - Every file the build published is listed the same way: an output edited
//!   by hand, deleted or replaced is a change, and the next build restores it.
//! - The file is checksummed. A torn or corrupt cache is ignored and
//!   replaced by the next build's, never trusted.
//!
//! When inputs changed but every published file is still the last build's,
//! the build says so ([`Verdict::OutputIntact`]), and the output is updated
//! file by file instead of swapped whole (see [`crate::output`]).

use crate::content::{files_below_reporting, looks_like_source, LeftOut};
use crate::error::Warning;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use siphasher::sip128::Hasher128;
use std::fs;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const HEADER: &str = "lumbar build cache v4";

/// Below the site: what the build reads.
const INPUTS: [&str; 7] = [
    "site.toml",
    "content",
    "templates",
    "static",
    "themes",
    "data",
    "i18n",
];

/// A file modified this close to being listed also has its content hashed.
const RACY_NS: i64 = 2_000_000_000;

/// A file as the file system describes it, and its content hash when its
/// time alone cannot be trusted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub path: String,
    pub len: u64,
    /// Modification time, nanoseconds since 1970.
    pub mtime: i64,
    /// Status change time: moves on every write, and no tool sets it back
    /// (a copy that keeps the modification time still has a new one).
    pub ctime: i64,
    pub ino: u64,
    /// Hex SipHash-1-3 128 of the content, for racy files.
    pub hash: Option<String>,
}

impl Stamp {
    /// Everything the file system says of the file: equal when it has not
    /// been written, replaced or touched since.
    pub(crate) fn stat(&self) -> (&str, u64, i64, i64, u64) {
        (&self.path, self.len, self.mtime, self.ctime, self.ino)
    }

    pub(crate) fn of(path: String, meta: &fs::Metadata) -> Stamp {
        Stamp {
            path,
            len: meta.len(),
            mtime: meta.mtime().saturating_mul(1_000_000_000) + meta.mtime_nsec(),
            ctime: meta.ctime().saturating_mul(1_000_000_000) + meta.ctime_nsec(),
            ino: meta.ino(),
            hash: None,
        }
    }
}

/// What a build says about itself besides its files, so that an
/// up-to-date build reports the same pages, drafts and warnings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    pub drafts_skipped: usize,
    pub left_out: Vec<(PathBuf, LeftOut)>,
    pub warnings: Vec<Warning>,
    /// Which build this was: the site model it left carries the same, so
    /// an older model put back is never taken for this build's.
    #[serde(default)]
    pub build: u64,
}

/// What the cache can vouch for.
#[derive(Debug)]
pub enum Verdict {
    /// Nothing changed since the last build: its output stands as it is.
    UpToDate(Summary),
    /// Something changed, but the output is exactly what the last build
    /// wrote, file for file: it can be updated in place.
    OutputIntact(Edited),
    /// No cache, another output's, a corrupt one, or an output changed since.
    Unknown,
}

/// What changed since a build whose output is intact.
#[derive(Debug)]
pub struct Edited {
    /// The input files saved since (`content/x.md`), when that is all that
    /// changed: the same options, no file added or removed. `None` otherwise.
    pub saved: Option<Vec<String>>,
    /// What the last build said about itself.
    pub summary: Summary,
}

/// What the file holds; written with the inputs borrowed from the build.
#[derive(Serialize, Deserialize)]
struct Stored<I = Vec<Stamp>> {
    key: String,
    /// The canonical output directory the build published into.
    output: String,
    summary: Summary,
    inputs: I,
    outputs: Vec<Stamp>,
}

/// The build cache for one site built into one output directory.
pub struct BuildCache {
    file: PathBuf,
    key: String,
    root: PathBuf,
}

/// The site's input files as they were just before the build read them.
pub struct Scan(Vec<Stamp>);

impl BuildCache {
    /// `key` is everything besides the files that decides the output; the
    /// cache lives in `cache_dir`, one file per output directory.
    pub fn new(root: &Path, cache_dir: &Path, out: &Path, key: &str) -> BuildCache {
        let exe = std::env::current_exe()
            .and_then(|p| fs::metadata(&p).map(|m| (p, m)))
            .map(|(p, m)| {
                let s = Stamp::of(p.to_string_lossy().into_owned(), &m);
                format!("{} {} {} {}", s.path, s.len, s.mtime, s.ino)
            })
            // No way to tell the program apart: never reuse a build.
            .unwrap_or_else(|_| format!("unknown {:?}", SystemTime::now()));
        let key = format!(
            "{HEADER}\nlumbar {}\nprogram {exe}\nroot {}\noutput {}\n{key}",
            env!("CARGO_PKG_VERSION"),
            root.display(),
            out.display()
        );
        let name = format!(
            "{:016x}.record",
            hash(out.to_string_lossy().as_bytes()) as u64
        );
        BuildCache {
            file: cache_dir.join("build").join(name),
            key,
            root: root.to_path_buf(),
        }
    }

    /// Lists the input files. Called before the site is loaded, so an edit
    /// made while it builds shows as a change next time.
    pub fn scan(&self) -> Scan {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(i64::MAX, |d| d.as_nanos() as i64);
        let mut files: Vec<(String, PathBuf)> = Vec::new();
        for top in INPUTS {
            let path = self.root.join(top);
            if path.is_file() {
                files.push((top.to_string(), path));
                continue;
            }
            // The loaders skip editor leftovers; one in content that looks
            // like a page earns a warning, so it counts too.
            let mut skipped = Vec::new();
            let mut warned = |rel: &str| {
                let name = rel.rsplit('/').next().unwrap_or(rel);
                if top == "content" && looks_like_source(name) {
                    skipped.push(rel.to_string());
                }
            };
            let Ok(below) = files_below_reporting(&path, &mut warned) else {
                // Unreadable: the build will say why; never match a cache.
                files.push((format!("{top}/?"), path));
                continue;
            };
            files.extend(
                below
                    .into_iter()
                    .map(|(rel, p)| (format!("{top}/{rel}"), p)),
            );
            files.extend(skipped.into_iter().map(|rel| {
                let p = path.join(&rel);
                (format!("{top}/{rel}"), p)
            }));
        }
        let stamps = files
            .into_par_iter()
            .map(|(rel, path)| match fs::metadata(&path) {
                Ok(meta) => {
                    let mut s = Stamp::of(rel, &meta);
                    if s.mtime > now - RACY_NS {
                        s.hash = Some(content_hash(&path));
                    }
                    s
                }
                Err(_) => Stamp {
                    path: rel,
                    len: u64::MAX,
                    mtime: 0,
                    ctime: 0,
                    ino: 0,
                    hash: None,
                },
            })
            .collect();
        Scan(stamps)
    }

    /// What the cache can vouch for, with the site's inputs as `scan` found
    /// them and the output directory `out` as it is now.
    pub fn check(&self, scan: &Scan, out: &Path) -> Verdict {
        let Some(stored) = self.read() else {
            return Verdict::Unknown;
        };
        if stored.output != out.to_string_lossy() {
            return Verdict::Unknown;
        }
        let outputs_same = stored.outputs.par_iter().all(|was| {
            fs::symlink_metadata(out.join(&was.path))
                .is_ok_and(|m| m.is_file() && Stamp::of(was.path.clone(), &m).stat() == was.stat())
        });
        if !outputs_same {
            return Verdict::Unknown;
        }
        let same_files = stored.key == self.key
            && stored.inputs.len() == scan.0.len()
            && stored
                .inputs
                .iter()
                .zip(&scan.0)
                .all(|(was, now)| was.path == now.path);
        if !same_files {
            return Verdict::OutputIntact(Edited {
                saved: None,
                summary: stored.summary,
            });
        }
        let saved: Vec<String> = stored
            .inputs
            .par_iter()
            .zip(&scan.0)
            .filter(|(was, now)| !self.unchanged(was, now))
            .map(|(_, now)| now.path.clone())
            .collect();
        if saved.is_empty() {
            Verdict::UpToDate(stored.summary)
        } else {
            Verdict::OutputIntact(Edited {
                saved: Some(saved),
                summary: stored.summary,
            })
        }
    }

    /// Whether a file listed by the last build (`was`) is as it is now.
    fn unchanged(&self, was: &Stamp, now: &Stamp) -> bool {
        was.stat() == now.stat()
            && match (&was.hash, &now.hash) {
                (None, None) => true,
                (Some(a), Some(b)) => a == b,
                // Racy when one of them was listed: compare contents.
                (Some(a), None) => *a == content_hash(&self.root.join(&now.path)),
                (None, Some(_)) => false,
            }
    }

    /// The key: everything besides the files that decides the output.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Where this cache keeps a file of its own beside its record
    /// (`model`, `bodies`: see [`crate::model`]).
    pub fn beside(&self, kind: &str) -> PathBuf {
        self.file.with_extension(kind)
    }

    fn read(&self) -> Option<Stored> {
        let bytes = fs::read(&self.file).ok()?;
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(16)?)?;
        if hash(body).to_le_bytes() != sum {
            return None;
        }
        postcard::from_bytes(body.strip_prefix(HEADER.as_bytes())?).ok()
    }

    /// Removed before a build is published: until the new cache is saved,
    /// none is trusted.
    pub fn forget(&self) {
        let _ = fs::remove_file(&self.file);
    }

    /// Records a published build: its inputs as scanned before it loaded
    /// them, and the files now in `out` (from its manifest).
    pub fn save(&self, scan: &Scan, out: &Path, summary: Summary) -> io::Result<()> {
        let mut names = crate::output::previous_files(out);
        names.push(crate::output::MANIFEST.to_string());
        let outputs = names
            .into_par_iter()
            .map(|rel| {
                let meta = fs::symlink_metadata(out.join(&rel))?;
                Ok(Stamp::of(rel, &meta))
            })
            .collect::<io::Result<Vec<Stamp>>>()?;
        self.record(&scan.0, out, summary, outputs)
    }

    /// The files the last build published, as it recorded them. Read
    /// again when they are needed, rather than held from [`BuildCache::check`]
    /// on: on a large site they are tens of megabytes.
    pub fn outputs(&self) -> Option<Vec<Stamp>> {
        self.read().map(|s| s.outputs)
    }

    /// [`BuildCache::save`] after a build that replaced only the `changed`
    /// files of an output whose files were all as `outputs` lists them:
    /// those are looked at again, not the thousands of others.
    pub fn save_edited(
        &self,
        scan: &Scan,
        out: &Path,
        summary: Summary,
        mut outputs: Vec<Stamp>,
        changed: &[String],
    ) -> io::Result<()> {
        let mut changed: std::collections::HashSet<&str> =
            changed.iter().map(String::as_str).collect();
        changed.insert(crate::output::MANIFEST);
        outputs.retain(|s| !changed.contains(s.path.as_str()));
        for rel in changed {
            match fs::symlink_metadata(out.join(rel)) {
                Ok(meta) => outputs.push(Stamp::of(rel.to_string(), &meta)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        self.record(&scan.0, out, summary, outputs)
    }

    fn record(
        &self,
        inputs: &[Stamp],
        out: &Path,
        summary: Summary,
        outputs: Vec<Stamp>,
    ) -> io::Result<()> {
        self.write(&Stored {
            key: self.key.clone(),
            output: out.to_string_lossy().into_owned(),
            summary,
            inputs,
            outputs,
        })
    }

    /// A header, the record (postcard: a third of the size of the JSON it
    /// was, and read and written in a fraction of the time), then its
    /// checksum. Streamed to the file and hashed on the way: on a large site
    /// it is tens of megabytes, which would otherwise be held at the end of
    /// the build, when memory is at its fullest.
    fn write<I: Serialize>(&self, stored: &Stored<I>) -> io::Result<()> {
        let dir = self.file.parent().expect("in the cache folder");
        fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(".tmp-{}", std::process::id()));
        let mut out = Hashing::new(io::BufWriter::new(fs::File::create(&tmp)?));
        io::Write::write_all(&mut out, HEADER.as_bytes())?;
        postcard::to_io(stored, &mut out).map_err(io::Error::other)?;
        let (mut f, sum) = out.finish();
        io::Write::write_all(&mut f, &sum.to_le_bytes())?;
        f.into_inner().map_err(|e| e.into_error())?;
        fs::rename(&tmp, &self.file)?;
        // The record this output had before records were postcard, under
        // the same name: never read now, and 42 MB on a 100,000-page site.
        let _ = fs::remove_file(self.file.with_extension("json"));
        Ok(())
    }
}

/// Passes bytes on and hashes them as [`hash`] would all at once.
pub(crate) struct Hashing<W> {
    inner: W,
    hasher: siphasher::sip128::SipHasher13,
}

impl<W> Hashing<W> {
    pub(crate) fn new(inner: W) -> Hashing<W> {
        Hashing {
            inner,
            hasher: siphasher::sip128::SipHasher13::new_with_keys(0, 0),
        }
    }

    /// The writer back, and the hash of everything written, as [`hash`].
    pub(crate) fn finish(self) -> (W, u128) {
        (self.inner, self.hasher.finish128().as_u128())
    }
}

impl<W: io::Write> io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        std::hash::Hasher::write(&mut self.hasher, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

pub(crate) fn hash(bytes: &[u8]) -> u128 {
    let mut h = siphasher::sip128::SipHasher13::new_with_keys(0, 0);
    std::hash::Hasher::write(&mut h, bytes);
    h.finish128().as_u128()
}

fn content_hash(path: &Path) -> String {
    match fs::read(path) {
        Ok(bytes) => format!("{:032x}", hash(&bytes)),
        Err(_) => "unreadable".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An empty site and an output folder with an empty manifest, below `dir`.
    fn site_and_output(dir: &Path) -> (PathBuf, PathBuf) {
        let (root, out) = (dir.join("site"), dir.join("out"));
        fs::create_dir_all(&root).unwrap();
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join(crate::output::MANIFEST), "").unwrap();
        (root, out)
    }

    /// A file system whose clock is too coarse to move between two saves
    /// of the same size: the stamp matches, the content hash does not.
    #[test]
    fn a_racy_file_is_compared_by_content() {
        let d = tempfile::tempdir().unwrap();
        let (root, out) = site_and_output(d.path());
        fs::write(root.join("site.toml"), "title = \"A\"\n").unwrap();
        let cache = BuildCache::new(&root, &d.path().join("cache"), &out, "k");
        let scan = cache.scan();
        assert!(scan.0[0].hash.is_some(), "just written, so racy");
        cache.save(&scan, &out, Summary::default()).unwrap();
        assert!(matches!(
            cache.check(&cache.scan(), &out),
            Verdict::UpToDate(_)
        ));

        fs::write(root.join("site.toml"), "title = \"B\"\n").unwrap();
        let now = cache.scan();
        // The stored stamp as a coarse clock would have left it.
        let mut stored = cache.read().unwrap();
        let hash = stored.inputs[0].hash.take();
        stored.inputs[0] = Stamp {
            hash,
            ..now.0[0].clone()
        };
        cache.write(&stored).unwrap();
        assert!(
            matches!(cache.check(&now, &out), Verdict::OutputIntact(_)),
            "racy, changed"
        );
        // Listed later, when it is no longer racy: still compared by content.
        let mut later = cache.scan();
        later.0[0].hash = None;
        assert!(
            matches!(cache.check(&later, &out), Verdict::OutputIntact(_)),
            "no longer racy, changed"
        );
        fs::write(root.join("site.toml"), "title = \"A\"\n").unwrap();
        let mut stored = cache.read().unwrap();
        let hash = stored.inputs[0].hash.take();
        let mut back = cache.scan();
        stored.inputs[0] = Stamp {
            hash,
            ..back.0[0].clone()
        };
        cache.write(&stored).unwrap();
        back.0[0].hash = None;
        assert!(
            matches!(cache.check(&back, &out), Verdict::UpToDate(_)),
            "same content again"
        );
    }

    #[test]
    fn a_cache_for_another_key_or_output_is_not_used() {
        let d = tempfile::tempdir().unwrap();
        let (root, out) = site_and_output(d.path());
        let dir = d.path().join("cache");
        let cache = BuildCache::new(&root, &dir, &out, "drafts false");
        cache.save(&cache.scan(), &out, Summary::default()).unwrap();
        assert!(matches!(
            cache.check(&cache.scan(), &out),
            Verdict::UpToDate(_)
        ));
        let other = BuildCache::new(&root, &dir, &out, "drafts true");
        assert!(matches!(
            other.check(&other.scan(), &out),
            Verdict::OutputIntact(_)
        ));
        // Another output's cache is not this one's.
        let elsewhere = d.path().join("elsewhere");
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(elsewhere.join(crate::output::MANIFEST), "").unwrap();
        fs::copy(
            &cache.file,
            &BuildCache::new(&root, &dir, &elsewhere, "drafts false").file,
        )
        .unwrap();
        let moved = BuildCache::new(&root, &dir, &elsewhere, "drafts false");
        assert!(matches!(
            moved.check(&moved.scan(), &elsewhere),
            Verdict::Unknown
        ));
        cache.forget();
        assert!(matches!(cache.check(&cache.scan(), &out), Verdict::Unknown));
    }
}
