//! The output directory: which directories lumbar may build into, and
//! publishing a finished build into one.
//!
//! Guarantees (see README, "Errors"):
//! - The output path is resolved through every symlink before it is checked,
//!   so a `public` that links into `content/` or out of the site is caught.
//! - lumbar only ever removes files it wrote. It records them in a manifest
//!   inside the output; an existing non-empty directory without one is not
//!   lumbar's and is refused unless `--force`. Files in the output that are
//!   not in the manifest (a `CNAME`, a verification file) are carried over.
//! - Publishing is atomic for a reader: the complete new tree is assembled in
//!   a sibling directory (unchanged files hard-linked from the previous build,
//!   so they keep their inode and mtime) and exchanged with the output in one
//!   `renameat2(RENAME_EXCHANGE)`. A build that fails, or is killed, before
//!   that instant leaves the output exactly as it was.
//! - When the output is a mount point (a container volume, a tmpfs) no rename
//!   can cross it. Then each changed file is written beside its final place
//!   inside the output and renamed over it: every file is always either its
//!   complete old or its complete new version, but a reader during the update
//!   can see some pages new and others old, and an interrupted update is
//!   completed by the next build. Pages are renamed after the other files,
//!   and files no longer built are removed last.
//! - The same file-by-file update is used when the build cache has verified
//!   that the output is exactly the previous build (see [`crate::cache`]):
//!   saving one article then replaces a handful of files instead of linking
//!   a whole new tree and deleting the old one, which on a large site costs
//!   more than rendering. A build that fails still changes nothing: every
//!   file is rendered and staged before the first rename.

use crate::error::{Error, Result};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The file inside the output listing every file lumbar wrote there.
pub const MANIFEST: &str = ".lumbar-manifest";
const MANIFEST_HEADER: &str =
    "# lumbar manifest v1: files this build wrote; lumbar only removes files listed here";

/// Where staging and retired trees live: `.<output name>.lumbar-…` beside the output.
fn scratch_prefix(out: &Path) -> String {
    format!(
        ".{}.lumbar-",
        out.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// Resolves `out` through every symlink, including its last component, and
/// refuses directories whose replacement would destroy sources or files
/// outside the site. Returns the canonical output path.
pub fn resolve(root: &Path, out: &Path, allow_outside: bool) -> Result<PathBuf> {
    let refuse = |why: String| {
        Err(Error::Output(format!(
            "refusing output directory {}: {why}",
            out.display()
        )))
    };
    let root_abs = fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let cwd = std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))?;
    let joined = if out.is_absolute() {
        out.to_path_buf()
    } else {
        cwd.join(out)
    };
    let out_abs = match resolve_existing_prefix(&joined) {
        Ok(p) => p,
        Err(e) => {
            return refuse(format!(
                "it cannot be resolved ({e}); is it a broken symlink?"
            ))
        }
    };
    // Said when the path the user gave is a link to somewhere else.
    let via = if joined != out_abs && fs::symlink_metadata(&joined).is_ok() {
        format!(" (it resolves to {})", out_abs.display())
    } else {
        String::new()
    };
    if root_abs.starts_with(&out_abs) {
        return refuse(
            "it is the site directory or contains it, and building replaces the output directory whole".into(),
        );
    }
    for src in [
        "content",
        "templates",
        "static",
        "themes",
        "data",
        "site.toml",
    ] {
        let src_abs = fs::canonicalize(root_abs.join(src)).unwrap_or(root_abs.join(src));
        if out_abs.starts_with(&src_abs) || src_abs.starts_with(&out_abs) {
            return refuse(format!("it is inside the site's {src}{via}"));
        }
    }
    if !out_abs.starts_with(&root_abs) && !allow_outside {
        return refuse(format!(
            "it is outside the site directory{via}; pass --allow-outside-output if that is what you want"
        ));
    }
    if out_abs.exists() && !out_abs.is_dir() {
        return refuse("it exists and is not a directory".into());
    }
    Ok(out_abs)
}

/// Canonicalises the longest existing prefix of `p` (following every
/// symlink, the last component's too) and appends the rest lexically.
fn resolve_existing_prefix(p: &Path) -> io::Result<PathBuf> {
    let mut resolved = PathBuf::new();
    let mut exists = true;
    for c in p.components() {
        match c {
            Component::ParentDir if !exists => {
                resolved.pop();
            }
            Component::CurDir => {}
            c => {
                resolved.push(c);
                if exists {
                    if fs::symlink_metadata(&resolved).is_ok() {
                        resolved = fs::canonicalize(&resolved)?;
                    } else {
                        exists = false;
                    }
                }
            }
        }
    }
    Ok(resolved)
}

/// What the previous build left in the output.
struct Previous {
    /// Files lumbar wrote (from the manifest).
    owned: HashSet<String>,
    manifest_found: bool,
}

fn read_previous(out: &Path, shown: &Path, force: bool) -> Result<Option<Previous>> {
    if !out.exists() {
        return Ok(None);
    }
    let manifest = out.join(MANIFEST);
    match fs::read_to_string(&manifest) {
        Ok(text) => Ok(Some(Previous {
            owned: manifest_files(&text).collect(),
            manifest_found: true,
        })),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let empty = fs::read_dir(out)
                .map_err(|e| Error::io(shown, e))?
                .next()
                .is_none();
            if !empty && !force {
                return Err(Error::Output(format!(
                    "refusing output directory {}: it is not empty and was not written by lumbar \
                     (no {MANIFEST} in it); empty it, choose another --output, or pass --force to \
                     build into it (its files are kept)",
                    shown.display()
                )));
            }
            Ok(Some(Previous {
                owned: HashSet::new(),
                manifest_found: false,
            }))
        }
        Err(e) => Err(Error::io(&shown.join(MANIFEST), e)),
    }
}

/// The files the last build wrote into `out`, from its manifest; none when
/// there was no build (or it was not lumbar's).
pub fn previous_files(out: &Path) -> Vec<String> {
    fs::read_to_string(out.join(MANIFEST))
        .map(|text| manifest_files(&text).collect())
        .unwrap_or_default()
}

/// A manifest's file names: comments and blank lines skipped, and any line
/// that does not name a file below the output ignored.
fn manifest_files(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#') && is_safe_rel(l))
        .map(str::to_string)
}

/// A manifest line must name a file below the output, never `..` or an absolute path.
fn is_safe_rel(rel: &str) -> bool {
    Path::new(rel)
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Assemble a sibling tree and exchange it with the output.
    Swap,
    /// The output is a mount point: update it file by file.
    InPlace,
}

/// Where a file's bytes come from, for messages about failed writes.
pub enum Source<'a> {
    Bytes(&'a [u8]),
    File(&'a Path, &'a Path),
    /// A file lumbar made and keeps (a resized image in the cache): hard
    /// linked rather than copied where the file system allows, so a
    /// rebuild with unchanged images neither copies nor compares them.
    Cached(&'a Path, &'a Path),
}

/// Whether two files are one (hard links to the same data).
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// The outcome of a publish.
#[derive(Debug, Clone, Default)]
pub struct Published {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// True when the output, a mount point, was updated file by file.
    pub in_place: bool,
    /// The files written and removed, the manifest aside.
    pub changed: Vec<String>,
}

impl Published {
    /// How many files the output holds now, the manifest aside: a build
    /// reports files, not jobs (the search index is one job, many files).
    pub fn files(&self) -> usize {
        self.written + self.unchanged
    }
}

/// A build being published. Dropped without [`Publisher::commit`], it
/// removes its staging directory and the output stays exactly as it was.
pub struct Publisher {
    out: PathBuf,
    shown: PathBuf,
    mode: Mode,
    /// The output is a mount point (reported: it is why a full build was
    /// not swapped in whole).
    mount_point: bool,
    previous: Option<Previous>,
    staging: PathBuf,
    force: bool,
    /// (file, true when its previous version is kept)
    produced: Mutex<Vec<(String, bool)>>,
    /// Folders made in the staging tree. Asking again for each file costs
    /// a `mkdir` and a `stat`, and the `mkdir` takes the parent folder's
    /// lock: 10,000 result files in one folder queued behind each other's
    /// creation.
    made: Mutex<HashSet<PathBuf>>,
    done: bool,
}

impl Publisher {
    /// `out` is the canonical output path from [`resolve`]; `shown` is how
    /// the user named it, used in every message. With `verified` (the build
    /// cache has just checked that every file in `out` is the previous
    /// build's), only the files that change are replaced, each in one step,
    /// instead of swapping in a whole new tree: see the module comment.
    pub fn open(out: &Path, shown: &Path, force: bool, verified: bool) -> Result<Publisher> {
        let parent = out.parent().unwrap_or(Path::new("/"));
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        clean_scratch(out);
        let previous = read_previous(out, shown, force)?;
        let mount_point = is_mount_point(out, parent);
        let previous_exists = previous.is_some();
        let mode = if previous_exists && (verified || mount_point) {
            Mode::InPlace
        } else {
            Mode::Swap
        };
        let staging = match mode {
            Mode::Swap => parent.join(format!("{}new-{}", scratch_prefix(out), std::process::id())),
            Mode::InPlace => out.join(format!(".lumbar-staging-{}", std::process::id())),
        };
        fs::create_dir_all(&staging).map_err(|e| Error::io(shown, e))?;
        Ok(Publisher {
            out: out.to_path_buf(),
            shown: shown.to_path_buf(),
            mode,
            mount_point: mount_point && previous_exists,
            previous,
            staging,
            force,
            produced: Mutex::new(Vec::new()),
            made: Mutex::new(HashSet::new()),
            done: false,
        })
    }

    fn shown(&self, rel: &str) -> PathBuf {
        self.shown.join(rel)
    }

    fn write_error(&self, rel: &str, from: Option<&Path>, e: io::Error) -> Error {
        Error::Write {
            path: self.shown(rel),
            from: from.map(Path::to_path_buf),
            source: e,
        }
    }

    /// `dir` and the folders above it in the staging tree, made once.
    fn make_dir(&self, dir: &Path) -> io::Result<()> {
        let made = |d: &Path| {
            self.made
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .contains(d)
        };
        if made(dir) {
            return Ok(());
        }
        fs::create_dir_all(dir)?;
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.to_path_buf());
        Ok(())
    }

    fn owned(&self, rel: &str) -> bool {
        self.previous
            .as_ref()
            .is_some_and(|p| p.owned.contains(rel))
    }

    /// Whether every file in folder `rel` of the output is one lumbar
    /// wrote: then a file may take the folder's place (a static folder
    /// replaced by a file of the same name).
    fn owns_all_below(&self, rel: &str) -> bool {
        let dir = self.out.join(rel);
        walkdir::WalkDir::new(&dir)
            .min_depth(1)
            .into_iter()
            .all(|e| {
                e.is_ok_and(|e| {
                    e.file_type().is_dir()
                        || e.path()
                            .strip_prefix(&self.out)
                            .is_ok_and(|r| self.owned(&r.to_string_lossy()))
                })
            })
    }

    /// Stages one output file; returns true when the previous version is kept.
    pub fn put(&self, rel: &str, src: Source) -> Result<bool> {
        let old = self.out.join(rel);
        let old_meta = self
            .previous
            .as_ref()
            .and_then(|_| fs::symlink_metadata(&old).ok());
        if let Some(m) = &old_meta {
            let ours = self.owned(rel) || (m.is_dir() && self.owns_all_below(rel));
            if !ours && !self.force {
                return Err(Error::Output(format!(
                    "{} is in the way: lumbar would write it, but it was not written by lumbar; \
                     move it away, or pass --force to replace it",
                    self.shown(rel).display()
                )));
            }
            let (len, linked) = match &src {
                Source::Bytes(b) => (b.len() as u64, false),
                Source::File(p, _) | Source::Cached(p, _) => {
                    let meta = fs::metadata(p).map_err(|e| Error::io(p, e))?;
                    let linked = matches!(src, Source::Cached(..)) && same_file(m, &meta);
                    (meta.len(), linked)
                }
            };
            let same = m.is_file()
                && self.owned(rel)
                && m.len() == len
                && (linked
                    || fs::read(&old).is_ok_and(|old| match &src {
                        Source::Bytes(b) => old == *b,
                        Source::File(p, _) | Source::Cached(p, _) => {
                            fs::read(p).is_ok_and(|b| b == old)
                        }
                    }));
            if same {
                self.record(rel, true);
                return Ok(true);
            }
        }
        let target = self.staging.join(rel);
        if let Some(dir) = target.parent() {
            self.make_dir(dir)
                .map_err(|e| self.write_error(rel, None, e))?;
        }
        match src {
            Source::Bytes(b) => {
                fs::write(&target, b).map_err(|e| self.write_error(rel, None, e))?
            }
            Source::Cached(p, _) if fs::hard_link(p, &target).is_ok() => {}
            Source::File(p, shown_src) | Source::Cached(p, shown_src) => {
                // A missing or unreadable source is the source's problem;
                // anything else (a full disk) happened while writing.
                let mut input = fs::File::open(p).map_err(|e| Error::io(shown_src, e))?;
                let mut output =
                    fs::File::create(&target).map_err(|e| self.write_error(rel, None, e))?;
                io::copy(&mut input, &mut output)
                    .map_err(|e| self.write_error(rel, Some(shown_src), e))?;
            }
        }
        self.record(rel, false);
        Ok(false)
    }

    /// Keeps, unread, every file of the previous build that `keep` accepts
    /// and nothing was staged for. A build that started from the previous
    /// one's model (see [`crate::incremental`]) renders only what changed;
    /// the build cache has verified that the rest is in the output as that
    /// build wrote it.
    pub fn keep_rest(&self, keep: impl Fn(&str) -> bool) {
        let Some(previous) = &self.previous else {
            return;
        };
        let mut produced = self.produced.lock().unwrap_or_else(|e| e.into_inner());
        let staged: HashSet<String> = produced.iter().map(|(r, _)| r.clone()).collect();
        for rel in &previous.owned {
            if !staged.contains(rel) && keep(rel) {
                produced.push((rel.clone(), true));
            }
        }
    }

    fn record(&self, rel: &str, kept: bool) {
        self.produced
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), kept));
    }

    /// Publishes the staged build.
    pub fn commit(mut self) -> Result<Published> {
        let mut produced =
            std::mem::take(&mut *self.produced.lock().unwrap_or_else(|e| e.into_inner()));
        produced.sort();
        let written = produced.iter().filter(|(_, kept)| !kept).count();
        let unchanged = produced.len() - written;
        let names: BTreeSet<&str> = produced.iter().map(|(r, _)| r.as_str()).collect();
        let stale: Vec<String> = self
            .previous
            .as_ref()
            .map(|p| {
                let mut s: Vec<String> = p
                    .owned
                    .iter()
                    .filter(|r| !names.contains(r.as_str()))
                    .cloned()
                    .collect();
                s.sort();
                s
            })
            .unwrap_or_default();
        let manifest = manifest_text(&names);
        let manifest_same = self.previous.as_ref().is_some_and(|p| p.manifest_found)
            && fs::read_to_string(self.out.join(MANIFEST)).is_ok_and(|t| t == manifest);
        let report = Published {
            written,
            unchanged,
            removed: stale.len(),
            in_place: self.mount_point,
            changed: produced
                .iter()
                .filter(|(_, kept)| !kept)
                .map(|(r, _)| r.clone())
                .chain(stale.iter().cloned())
                .collect(),
        };
        if written == 0 && stale.is_empty() && manifest_same {
            // Nothing to publish: the output is already this build.
            self.discard();
            return Ok(report);
        }
        match self.mode {
            Mode::Swap => self.swap(&produced, &manifest)?,
            Mode::InPlace => self.in_place(&produced, &stale, &names, &manifest)?,
        }
        Ok(report)
    }

    /// Completes the sibling tree and exchanges it with the output.
    fn swap(&mut self, produced: &[(String, bool)], manifest: &str) -> Result<()> {
        let Some(previous) = &self.previous else {
            write_manifest(&self.staging, manifest)
                .map_err(|e| self.write_error(MANIFEST, None, e))?;
            fs::rename(&self.staging, &self.out).map_err(|e| Error::io(&self.shown, e))?;
            self.done = true;
            return Ok(());
        };
        // Unchanged files: hard links keep inode and mtime for rsync-style deploys.
        let kept: Vec<&str> = produced
            .iter()
            .filter(|(_, kept)| *kept)
            .map(|(r, _)| r.as_str())
            .collect();
        let dirs: BTreeSet<PathBuf> = kept
            .iter()
            .filter_map(|r| Path::new(r).parent().map(Path::to_path_buf))
            .collect();
        for d in &dirs {
            let p = self.staging.join(d);
            fs::create_dir_all(&p).map_err(|e| self.write_error(&d.to_string_lossy(), None, e))?;
        }
        kept.par_iter().try_for_each(|rel| {
            link_or_copy(&self.out.join(rel), &self.staging.join(rel))
                .map_err(|e| self.write_error(rel, None, e))
        })?;
        // Files lumbar did not write are carried over untouched.
        let produced_names: HashSet<&str> = produced.iter().map(|(r, _)| r.as_str()).collect();
        self.carry_over_foreign(&previous.owned, &produced_names)?;
        write_manifest(&self.staging, manifest).map_err(|e| self.write_error(MANIFEST, None, e))?;
        exchange(&self.staging, &self.out).map_err(|e| Error::io(&self.shown, e))?;
        self.done = true;
        // The staging path now holds the previous build.
        if let Err(e) = fs::remove_dir_all(&self.staging) {
            eprintln!(
                "warning: {}: the previous build could not be removed ({e}); the next build removes it",
                self.staging.display()
            );
        }
        Ok(())
    }

    /// Walks the previous build once: carries over what lumbar did not write,
    /// and makes sure every folder of it is one lumbar can empty afterwards.
    fn carry_over_foreign(&self, owned: &HashSet<String>, produced: &HashSet<&str>) -> Result<()> {
        for entry in walkdir::WalkDir::new(&self.out).min_depth(1) {
            let entry = entry.map_err(|e| {
                let p = e.path().unwrap_or(&self.out).to_path_buf();
                Error::io(&p, io::Error::other(e.to_string()))
            })?;
            let rel = entry
                .path()
                .strip_prefix(&self.out)
                .expect("below the output")
                .to_string_lossy()
                .replace('\\', "/");
            if rel == MANIFEST || owned.contains(&rel) || produced.contains(rel.as_str()) {
                continue;
            }
            let dest = self.staging.join(&rel);
            let ft = entry.file_type();
            if ft.is_dir() {
                check_removable(entry.path(), &self.shown.join(&rel))?;
                // Only empty folders need carrying over; the others are made
                // for the files in them. A folder lumbar emptied goes.
                let empty = fs::read_dir(entry.path()).is_ok_and(|mut d| d.next().is_none());
                if empty {
                    fs::create_dir_all(&dest).map_err(|e| self.write_error(&rel, None, e))?;
                }
                continue;
            }
            if let Some(parent) = dest.parent() {
                fs::create_dir_all(parent).map_err(|e| self.write_error(&rel, None, e))?;
            }
            if produced.iter().any(|p| p.starts_with(&format!("{rel}/"))) {
                if self.force {
                    continue;
                }
                return Err(Error::Output(format!(
                    "{} is in the way: lumbar needs a folder there, but the file was not written \
                     by lumbar; move it away, or pass --force to replace it",
                    self.shown(&rel).display()
                )));
            } else if ft.is_symlink() {
                let target = fs::read_link(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
                std::os::unix::fs::symlink(target, &dest)
                    .map_err(|e| self.write_error(&rel, None, e))?;
            } else {
                link_or_copy(entry.path(), &dest).map_err(|e| self.write_error(&rel, None, e))?;
            }
        }
        Ok(())
    }

    /// Updates a mount-point output file by file (see the module comment).
    fn in_place(
        &mut self,
        produced: &[(String, bool)],
        stale: &[String],
        names: &BTreeSet<&str>,
        manifest: &str,
    ) -> Result<()> {
        // Every folder a file is replaced in or removed from must be one we
        // can write, checked before the first change: a read-only folder
        // fails the build with the output as it was, not half updated.
        let folders: BTreeSet<&Path> = produced
            .iter()
            .filter(|(_, kept)| !kept)
            .map(|(rel, _)| rel.as_str())
            .chain(stale.iter().map(String::as_str))
            .filter_map(|rel| Path::new(rel).parent())
            .collect();
        for folder in folders {
            let dir = self.out.join(folder);
            if dir.is_dir() {
                check_removable(&dir, &self.shown.join(folder))?;
            }
        }
        // Record the union first, so an interrupted update leaves no file
        // that lumbar wrote but would not recognise as its own.
        let mut union: BTreeSet<&str> = names.clone();
        if let Some(p) = &self.previous {
            union.extend(p.owned.iter().map(String::as_str));
        }
        write_manifest(&self.out, &manifest_text(&union))
            .map_err(|e| self.write_error(MANIFEST, None, e))?;
        // Pages last: a reader meanwhile finds the new stylesheet, image or
        // search file a new page names already in place.
        let (pages, files): (Vec<_>, Vec<_>) = produced
            .iter()
            .filter(|(_, kept)| !kept)
            .partition(|(rel, _)| rel.ends_with(".html"));
        let stale_set: HashSet<&str> = stale.iter().map(String::as_str).collect();
        for (rel, _) in files.into_iter().chain(pages) {
            let dest = self.out.join(rel);
            // A file of the last build where this build needs a folder
            // (`x` is now `x/index.html`) goes first.
            for folder in Path::new(rel).ancestors().skip(1) {
                if let Some(f) = folder.to_str().filter(|f| stale_set.contains(f)) {
                    let _ = fs::remove_file(self.out.join(f));
                }
            }
            if let Some(dir) = dest.parent() {
                fs::create_dir_all(dir).map_err(|e| self.write_error(rel, None, e))?;
            }
            if dest.is_dir() {
                fs::remove_dir_all(&dest).map_err(|e| self.write_error(rel, None, e))?;
            }
            fs::rename(self.staging.join(rel), &dest)
                .map_err(|e| self.write_error(rel, None, e))?;
        }
        for rel in stale {
            let p = self.out.join(rel);
            if p.is_dir() {
                // Removed above: this build's folder stands there now.
                continue;
            }
            match fs::remove_file(&p) {
                Ok(()) => prune_empty_parents(&self.out, &p),
                // Gone with its folder, which a file of this build replaced.
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                    ) => {}
                Err(e) => return Err(self.write_error(rel, None, e)),
            }
        }
        write_manifest(&self.out, manifest).map_err(|e| self.write_error(MANIFEST, None, e))?;
        self.discard();
        Ok(())
    }

    fn discard(&mut self) {
        let _ = fs::remove_dir_all(&self.staging);
        self.done = true;
    }
}

impl Drop for Publisher {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// A hard link keeps the file's inode and mtime; a copy where linking is
/// not possible.
fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()))
}

fn manifest_text<'a>(names: impl IntoIterator<Item = &'a &'a str>) -> String {
    let mut s = String::from(MANIFEST_HEADER);
    s.push('\n');
    for n in names {
        s.push_str(n);
        s.push('\n');
    }
    s
}

/// Writes the manifest by rename, so it is never seen half-written.
fn write_manifest(dir: &Path, text: &str) -> io::Result<()> {
    let tmp = dir.join(format!("{MANIFEST}.tmp-{}", std::process::id()));
    fs::write(&tmp, text)?;
    fs::rename(&tmp, dir.join(MANIFEST))
}

/// Removes what killed or failed builds left beside the output.
fn clean_scratch(out: &Path) {
    let Some(parent) = out.parent() else { return };
    let prefix = scratch_prefix(out);
    // `.public.tmp-PID` is what lumbar 0.1 staged into.
    let old_prefix = format!(
        ".{}.tmp-",
        out.file_name().unwrap_or_default().to_string_lossy()
    );
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with(&prefix) || name.starts_with(&old_prefix) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
    if let Ok(entries) = fs::read_dir(out) {
        for e in entries.flatten() {
            if e.file_name()
                .to_string_lossy()
                .starts_with(".lumbar-staging-")
            {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

fn prune_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(unix)]
fn is_mount_point(out: &Path, parent: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(out), fs::metadata(parent)) {
        (Ok(o), Ok(p)) => o.dev() != p.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path, _: &Path) -> bool {
    false
}

/// A folder of the previous build must be one we can empty, or the exchange
/// would leave a tree behind that no later build can remove. Checked before
/// the exchange, so such a build fails with the output unchanged.
#[cfg(unix)]
fn check_removable(dir: &Path, shown: &Path) -> Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return Ok(());
    };
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    if unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) } == 0 {
        return Ok(());
    }
    Err(Error::io(
        shown,
        io::Error::new(
            io::ErrorKind::PermissionDenied,
            "lumbar cannot remove files from this folder of the previous build \
             (it is read-only); fix its permissions, nothing was changed",
        ),
    ))
}

#[cfg(not(unix))]
fn check_removable(_: &Path, _: &Path) -> Result<()> {
    Ok(())
}

/// Swaps two directories in one step where the kernel can; elsewhere with
/// two renames (a reader can then find the output missing for an instant).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let ca = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let cb = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths for the duration of the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(());
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL) | Some(libc::ENOSYS) => exchange_by_renames(a, b),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    exchange_by_renames(a, b)
}

fn exchange_by_renames(a: &Path, b: &Path) -> io::Result<()> {
    let aside = a.with_extension("swap");
    fs::rename(b, &aside)?;
    if let Err(e) = fs::rename(a, b) {
        let _ = fs::rename(&aside, b);
        return Err(e);
    }
    fs::rename(&aside, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_lines_stay_below_the_output() {
        assert!(is_safe_rel("a/b/index.html"));
        assert!(!is_safe_rel("../x"));
        assert!(!is_safe_rel("/etc/passwd"));
        assert!(!is_safe_rel("a/../../x"));
    }

    #[test]
    fn resolves_through_a_symlinked_last_component() {
        let d = tempfile::tempdir().unwrap();
        let real = d.path().join("real");
        fs::create_dir(&real).unwrap();
        std::os::unix::fs::symlink(&real, d.path().join("link")).unwrap();
        let r = resolve_existing_prefix(&d.path().join("link/new/../x")).unwrap();
        assert_eq!(r, fs::canonicalize(&real).unwrap().join("x"));
    }
}
