//! The site model a build leaves for the next one: every page as loaded
//! (its rendered body stays in the build's file of bodies, which is kept
//! beside it), so that a build after one saved article can start from the
//! previous build's site instead of reading and rendering every file again
//! (see [`crate::incremental`]).
//!
//! Like the build cache beside it, it is never trusted blindly: it carries
//! the cache's key (program, options, day), the stamp of its bodies file
//! (size, times, inode: any write to it is a change), and a checksum. A
//! model that fails any of these is ignored and the build is a full one.

use crate::cache::{hash, Hashing, Stamp};
use crate::content::{LeftOut, Page};
use crate::error::Warning;
use crate::related::Words;
use crate::spill::Spill;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

const HEADER: &[u8] = b"lumbar site model v1\n";

/// One language's site as the last build loaded it.
#[derive(Serialize, Deserialize)]
pub struct Language<P, W> {
    pub pages: P,
    /// Which articles use which words (see [`crate::related::Words`]):
    /// reading every page's title and headings again took a third of a
    /// build after an edit.
    pub words: W,
    pub assets: Vec<String>,
    pub warnings: Vec<Warning>,
    pub drafts_skipped: usize,
    pub left_out: Vec<(PathBuf, LeftOut)>,
    pub today: chrono::NaiveDate,
    /// What the search index's result files add up to (its version id is
    /// made from it), if the site has one.
    pub search_digest: Option<u64>,
}

/// A language to save: its pages borrowed from the build.
pub type Saving<'a> = Language<&'a [Page], &'a Words>;
/// A language read back.
pub type Loaded = Language<Vec<Page>, Words>;

/// Everything but the pages, which follow it in chunks (`pages` here is
/// how many chunks each language has).
#[derive(Serialize, Deserialize)]
struct Head {
    key: String,
    /// The build that saved it (see [`crate::cache::Summary::build`]).
    build: u64,
    /// The bodies file as it was when the model was saved.
    bodies: Stamp,
    languages: Vec<Language<u64, ()>>,
}

/// Pages per chunk. Chunks are written and read on every core, and a build
/// holds a few of them at a time while saving, never the whole model.
const CHUNK: usize = 256;

/// Where a model and its bodies are kept, and the key they must match.
pub struct ModelFile {
    pub file: PathBuf,
    pub bodies: PathBuf,
    /// The cache folder as messages name it.
    pub shown: PathBuf,
    pub key: String,
}

/// A part of the file: its length, then its bytes.
fn put(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

/// A model being read: each part hashed as it goes by, and never more read
/// than the file holds before its checksum (a corrupt length is not an
/// allocation of that size).
struct Reading {
    inner: io::BufReader<fs::File>,
    hashing: Hashing<io::Sink>,
    left: u64,
}

impl Reading {
    /// The next `len` bytes.
    fn part(&mut self, len: u64) -> Option<Vec<u8>> {
        self.left = self.left.checked_sub(len)?;
        let mut buf = vec![0; usize::try_from(len).ok()?];
        self.inner.read_exact(&mut buf).ok()?;
        self.hashing.write_all(&buf).ok()?;
        Some(buf)
    }

    /// The next part written by [`put`]: its length, then its bytes.
    fn next(&mut self) -> Option<Vec<u8>> {
        let len = self.part(8)?;
        self.part(u64::from_le_bytes(len.try_into().ok()?))
    }
}

impl ModelFile {
    /// Saves the model of a build whose bodies are in `spill` (moved to
    /// their place first when the build wrote a new file of them).
    pub fn save(&self, spill: Option<&Spill>, build: u64, languages: &[Saving]) -> io::Result<()> {
        if let Some(spill) = spill {
            spill.persist(&self.bodies)?;
        }
        let meta = fs::metadata(&self.bodies)?;
        let head = Head {
            key: self.key.clone(),
            build,
            bodies: Stamp::of(String::new(), &meta),
            languages: languages
                .iter()
                .map(|l| Language {
                    pages: l.pages.len().div_ceil(CHUNK) as u64,
                    words: (),
                    assets: l.assets.clone(),
                    warnings: l.warnings.clone(),
                    drafts_skipped: l.drafts_skipped,
                    left_out: l.left_out.clone(),
                    today: l.today,
                    search_digest: l.search_digest,
                })
                .collect(),
        };
        let dir = self.file.parent().expect("in the cache folder");
        let tmp = dir.join(format!(".model-{}", std::process::id()));
        let mut out = Hashing::new(io::BufWriter::new(fs::File::create(&tmp)?));
        out.write_all(HEADER)?;
        put(
            &mut out,
            &postcard::to_stdvec(&head).map_err(io::Error::other)?,
        )?;
        let threads = rayon::current_num_threads().max(1);
        for l in languages {
            put(
                &mut out,
                &postcard::to_stdvec(l.words).map_err(io::Error::other)?,
            )?;
            for group in l.pages.chunks(CHUNK * threads) {
                let chunks: Vec<Vec<u8>> = group
                    .par_chunks(CHUNK)
                    .map(postcard::to_stdvec)
                    .collect::<Result<_, _>>()
                    .map_err(io::Error::other)?;
                for c in chunks {
                    put(&mut out, &c)?;
                }
            }
        }
        let (mut f, sum) = out.finish();
        f.write_all(&sum.to_le_bytes())?;
        f.into_inner().map_err(|e| e.into_error())?;
        fs::rename(&tmp, &self.file)
    }

    /// The model `build` left, if it is there and this build may trust it;
    /// its spilled pages read from the bodies file.
    pub fn load(&self, build: u64) -> Option<Vec<Loaded>> {
        let file = fs::File::open(&self.file).ok()?;
        let len = file.metadata().ok()?.len();
        let mut input = Reading {
            inner: io::BufReader::with_capacity(1 << 20, file),
            hashing: Hashing::new(io::sink()),
            left: len.checked_sub(16)?,
        };
        if input.part(HEADER.len() as u64)? != HEADER {
            return None;
        }
        let head: Head = postcard::from_bytes(&input.next()?).ok()?;
        let meta = fs::metadata(&self.bodies).ok()?;
        if head.key != self.key
            || head.build != build
            || head.bodies.stat() != Stamp::of(String::new(), &meta).stat()
        {
            return None;
        }
        let spill = Spill::open(&self.bodies, &self.shown).ok()?;
        let threads = rayon::current_num_threads().max(1) as u64;
        let mut out = Vec::with_capacity(head.languages.len());
        for l in head.languages {
            let words = postcard::from_bytes(&input.next()?).ok()?;
            // Read a few chunks at a time, never the whole file: on a large
            // site it is most of a build's memory again.
            let mut pages = Vec::with_capacity(usize::try_from(l.pages).ok()? * CHUNK);
            let mut left = l.pages;
            while left > 0 {
                let n = left.min(threads);
                let chunks: Vec<Vec<u8>> = (0..n).map(|_| input.next()).collect::<Option<_>>()?;
                let read: Vec<Vec<Page>> = chunks
                    .par_iter()
                    .map(|c| crate::spill::stored::reading(&spill, || postcard::from_bytes(c).ok()))
                    .collect::<Option<_>>()?;
                read.into_iter().for_each(|c| pages.extend(c));
                left -= n;
            }
            out.push(Language {
                pages,
                words,
                assets: l.assets,
                warnings: l.warnings,
                drafts_skipped: l.drafts_skipped,
                left_out: l.left_out,
                today: l.today,
                search_digest: l.search_digest,
            });
        }
        // All of it read, and what it adds up to is what was written after it.
        if input.left != 0 {
            return None;
        }
        let mut sum = [0; 16];
        input.inner.read_exact(&mut sum).ok()?;
        let (_, expected) = input.hashing.finish();
        (expected.to_le_bytes() == sum && input.inner.read(&mut [0]).ok()? == 0).then_some(out)
    }

    /// Removed before a full build publishes, or when a build after an edit
    /// could not save its own: the last build's model describes an output
    /// that is going.
    pub fn forget(&self) {
        let _ = fs::remove_file(&self.file);
    }
}

/// A number for a build, told apart from every other build of the site:
/// the time to the nanosecond and the process.
pub fn new_build_id() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut bytes = now.to_le_bytes().to_vec();
    bytes.extend_from_slice(&std::process::id().to_le_bytes());
    hash(&bytes) as u64
}

/// Bodies of a full build that keeps a model, in a file it can keep.
/// What builds killed before they could keep or remove theirs left (an
/// hour old: never a running build's) goes first.
pub fn new_bodies(model: &ModelFile) -> Option<Arc<Spill>> {
    let dir = model.file.parent()?;
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let left = name.starts_with(".bodies-") || name.starts_with(".model-");
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < hour_ago);
        if left && old {
            let _ = fs::remove_file(entry.path());
        }
    }
    Spill::named(dir, &model.shown)
}

/// A JSON object stored as its text: the model's binary format records no
/// types, so it cannot hold a value of any shape (a page's `extra:`).
pub mod json_text {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    type Map = serde_json::Map<String, serde_json::Value>;

    pub fn serialize<S: Serializer>(map: &Map, s: S) -> Result<S::Ok, S::Error> {
        serde_json::to_string(map)
            .map_err(serde::ser::Error::custom)?
            .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Map, D::Error> {
        let text = String::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}
