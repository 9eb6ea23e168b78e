//! The build pipeline (load → parse → render → write) and safe output writing:
//! everything is written into a staging directory beside the output and swapped
//! in only when the whole build succeeded, so a failed build never touches the
//! previous site. Files whose bytes did not change are hard-linked from the
//! previous output instead of rewritten, keeping their timestamps for rsync-
//! style deploys and making a no-change rebuild cheaper.

use crate::config::Config;
use crate::content::{self, site_path};
use crate::error::{Error, IoContext, Result};
use crate::render::{self, Job, Output, Shared, Templates};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` from site.toml.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Allows an output directory outside the site.
    pub allow_outside: bool,
    /// Overrides `base_url` (e.g. for a preview deploy).
    pub base_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub written: usize,
    pub unchanged: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
}

/// Everything loaded and validated, ready to render.
pub struct Loaded {
    pub site: Site,
    pub templates: Templates,
}

pub fn load(root: &Path, drafts: bool, base_url: Option<&str>) -> Result<Loaded> {
    load_with(root, drafts, base_url, true)
}

/// `load`, optionally keeping broken `@/` links for `lumbar check` to list.
pub fn load_with(
    root: &Path,
    drafts: bool,
    base_url: Option<&str>,
    strict_links: bool,
) -> Result<Loaded> {
    let mut config = Config::load(root).map_err(|e| relocate_config(root, e))?;
    if let Some(b) = base_url {
        config.base_url = b.trim_end_matches('/').to_string();
    }
    let templates = Templates::load(root, &config)?;
    let content = content::load(root, &config, drafts, strict_links)?;
    let site = Site::new(config, content)?;
    render::validate(&site, &templates)?;
    Ok(Loaded { site, templates })
}

/// Config errors name `site.toml` as the user would, relative to where they ran lumbar.
fn relocate_config(root: &Path, e: Error) -> Error {
    match e {
        Error::Config { mut at, message } => {
            at.path = site_path(root, Path::new("site.toml"));
            Error::Config { at, message }
        }
        Error::Io { source, .. } => Error::io(&site_path(root, Path::new("site.toml")), source),
        e => e,
    }
}

/// Where a static output file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticSource {
    File(PathBuf),
    BuiltIn(&'static str),
}

impl StaticSource {
    pub fn read(&self) -> Result<Vec<u8>> {
        match self {
            StaticSource::File(p) => fs::read(p).at_path(p),
            StaticSource::BuiltIn(text) => Ok(text.as_bytes().to_vec()),
        }
    }

    fn location(&self) -> crate::Location {
        match self {
            StaticSource::File(p) => crate::Location::file(p),
            StaticSource::BuiltIn(_) => crate::Location::new("<built-in theme>", 0, 0),
        }
    }
}

pub type Statics = BTreeMap<String, StaticSource>;

/// Static files: theme, then site (overriding), then assets beside content.
pub fn static_files(root: &Path, site: &Site) -> Result<Statics> {
    let mut files = BTreeMap::new();
    if !site.config.theme_dir(root).is_dir() && site.config.theme == crate::theme::NAME {
        for (rel, text) in crate::theme::files("static") {
            files.insert(rel.to_string(), StaticSource::BuiltIn(text));
        }
    }
    for dir in render::static_dirs(root, &site.config) {
        for (rel, path) in content::files_below(&dir)? {
            files.insert(rel, StaticSource::File(path));
        }
    }
    for rel in &site.assets {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        let url_dir: String = dir
            .split('/')
            .filter(|p| !p.is_empty())
            .map(|p| crate::text::slugify(p) + "/")
            .collect();
        files.insert(
            format!("{url_dir}{name}"),
            StaticSource::File(root.join("content").join(rel)),
        );
    }
    Ok(files)
}

/// The jobs to render, less any output a static file replaces (a site's own
/// `static/robots.txt` wins over the generated one).
pub fn planned_jobs(site: &Site, statics: &Statics) -> Result<Vec<Job>> {
    let mut jobs = Vec::new();
    for job in render::jobs(site) {
        let out = render::output_path(&render::job_url(site, &job));
        if let Some(src) = statics.get(&out) {
            if matches!(job, Job::Robots) {
                continue;
            }
            return Err(Error::content(
                src.location(),
                format!("static file would overwrite the generated {out}; remove or rename it"),
            ));
        }
        jobs.push(job);
    }
    Ok(jobs)
}

/// Renders every job in parallel, returning outputs in job order.
pub fn render_all(loaded: &Loaded, jobs: &[Job]) -> Result<Vec<Output>> {
    let shared = Shared::new(&loaded.site);
    jobs.par_iter()
        .map(|j| render::render_job(&loaded.site, &shared, &loaded.templates, j))
        .collect()
}

/// Lexically normalises `p` against `base` (no file system access: the output
/// directory may not exist yet).
fn absolute(base: &Path, p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Refuses output directories that a swap would destroy sources in.
pub fn check_output_dir(root: &Path, out: &Path, allow_outside: bool) -> Result<PathBuf> {
    let cwd = std::env::current_dir().at_path(Path::new("."))?;
    let root_abs = fs::canonicalize(root).at_path(root)?;
    // `out` is relative to the working directory (CLI flag, or root joined
    // with output_dir); resolve links in its existing parent so comparisons
    // with the canonical root are meaningful.
    let out_abs = absolute(&cwd, out);
    let out_abs = match out_abs.parent().and_then(|p| fs::canonicalize(p).ok()) {
        Some(parent) => parent.join(out_abs.file_name().unwrap_or_default()),
        None => out_abs,
    };
    let refuse = |why: &str| {
        Err(Error::Refused(format!(
            "refusing output directory {}: {why}",
            out.display()
        )))
    };
    if root_abs.starts_with(&out_abs) {
        return refuse("it is the site directory or contains it, and building replaces the output directory whole");
    }
    for src in ["content", "templates", "static", "themes", "site.toml"] {
        if out_abs.starts_with(root_abs.join(src)) {
            return refuse(&format!("it is inside the site's {src}"));
        }
    }
    if !out_abs.starts_with(&root_abs) && !allow_outside {
        return refuse("it is outside the site directory; pass --allow-outside-output if that is what you want");
    }
    if out_abs.exists() && !out_abs.is_dir() {
        return refuse("it exists and is not a directory");
    }
    Ok(out_abs)
}

/// `lumbar build`.
pub fn build(opts: &BuildOptions) -> Result<Report> {
    let start = Instant::now();
    let loaded = load(&opts.root, opts.drafts, opts.base_url.as_deref())?;
    let out = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join(&loaded.site.config.output_dir));
    let out_abs = check_output_dir(&opts.root, &out, opts.allow_outside)?;
    let statics = static_files(&opts.root, &loaded.site)?;
    let jobs = planned_jobs(&loaded.site, &statics)?;

    let staging = Staging::new(&out_abs)?;
    let written = AtomicUsize::new(0);
    let unchanged = AtomicUsize::new(0);
    let shared = Shared::new(&loaded.site);
    let tally = |same: bool| {
        if same { &unchanged } else { &written }.fetch_add(1, Ordering::Relaxed);
    };
    jobs.par_iter().try_for_each(|job| {
        let o = render::render_job(&loaded.site, &shared, &loaded.templates, job)?;
        tally(staging.put(&o.path, &o.bytes)?);
        Ok::<_, Error>(())
    })?;
    statics.par_iter().try_for_each(|(rel, src)| {
        tally(staging.copy(rel, src)?);
        Ok::<_, Error>(())
    })?;
    staging.commit()?;
    Ok(Report {
        pages: loaded.site.pages.len(),
        files: jobs.len() + statics.len(),
        written: written.into_inner(),
        unchanged: unchanged.into_inner(),
        output: out,
        elapsed: start.elapsed(),
    })
}

/// A directory being filled beside the real output with the files that
/// differ from it. Dropped without `commit`, it removes itself and the output
/// stays exactly as it was. On commit, a missing output is replaced by one
/// rename; an existing one receives each changed file by rename (atomic per
/// file) and loses the files the new build no longer produces. That keeps a
/// no-change rebuild free of writes and directory creation.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    fresh: bool,
    produced: std::sync::Mutex<Vec<String>>,
    committed: bool,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Staging> {
        let parent = out.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent).at_path(parent)?;
        let name = out
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        // Leftovers of a build that was killed are ours to clean.
        if let Ok(entries) = fs::read_dir(parent) {
            for e in entries.flatten() {
                if e.file_name()
                    .to_string_lossy()
                    .starts_with(&format!(".{name}.tmp-"))
                {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        fs::create_dir_all(&dir).at_path(&dir)?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            fresh: !out.exists(),
            produced: Default::default(),
            committed: false,
        })
    }

    fn target(&self, rel: &str) -> Result<PathBuf> {
        let target = self.dir.join(rel);
        if let Some(p) = target.parent() {
            fs::create_dir_all(p).at_path(p)?;
        }
        Ok(target)
    }

    /// Notes that this build produces `rel`, so commit keeps it.
    fn record(&self, rel: &str) {
        self.produced
            .lock()
            .expect("no panics while held")
            .push(rel.to_string());
    }

    /// True when the previous output has length `len` and `same` accepts its bytes.
    fn unchanged(&self, rel: &str, len: u64, same: impl FnOnce(&[u8]) -> bool) -> bool {
        if self.fresh {
            return false;
        }
        let old = self.out.join(rel);
        fs::metadata(&old).is_ok_and(|m| m.is_file() && m.len() == len)
            && fs::read(&old).is_ok_and(|b| same(&b))
    }

    /// Stages `bytes` at `rel`; returns true when the previous file is kept.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<bool> {
        self.record(rel);
        if self.unchanged(rel, bytes.len() as u64, |old| old == bytes) {
            return Ok(true);
        }
        let target = self.target(rel)?;
        fs::write(&target, bytes).at_path(&target)?;
        Ok(false)
    }

    pub fn copy(&self, rel: &str, src: &StaticSource) -> Result<bool> {
        match src {
            StaticSource::BuiltIn(text) => self.put(rel, text.as_bytes()),
            StaticSource::File(src) => {
                self.record(rel);
                let len = fs::metadata(src).at_path(src)?.len();
                if self.unchanged(rel, len, |old| fs::read(src).is_ok_and(|b| b == old)) {
                    return Ok(true);
                }
                let target = self.target(rel)?;
                fs::copy(src, &target).at_path(src)?;
                Ok(false)
            }
        }
    }

    /// Puts the staged files in place and removes stale ones.
    pub fn commit(mut self) -> Result<()> {
        if self.fresh {
            fs::rename(&self.dir, &self.out).at_path(&self.out)?;
            self.committed = true;
            return Ok(());
        }
        for entry in walkdir::WalkDir::new(&self.dir).min_depth(1) {
            let entry =
                entry.map_err(|e| Error::io(&self.dir, std::io::Error::other(e.to_string())))?;
            let rel = entry.path().strip_prefix(&self.dir).expect("below staging");
            let dest = self.out.join(rel);
            if entry.file_type().is_dir() {
                if !dest.is_dir() {
                    if dest.exists() {
                        fs::remove_file(&dest).at_path(&dest)?;
                    }
                    fs::create_dir_all(&dest).at_path(&dest)?;
                }
            } else {
                if dest.is_dir() {
                    fs::remove_dir_all(&dest).at_path(&dest)?;
                }
                fs::rename(entry.path(), &dest).at_path(&dest)?;
            }
        }
        self.committed = true;
        let _ = fs::remove_dir_all(&self.dir);
        let produced: std::collections::HashSet<PathBuf> = self
            .produced
            .lock()
            .expect("no panics while held")
            .iter()
            .map(|r| self.out.join(r))
            .collect();
        // Deepest first, so directories emptied by the clean-up go too.
        let mut stale_dirs = Vec::new();
        for entry in walkdir::WalkDir::new(&self.out)
            .min_depth(1)
            .contents_first(true)
        {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            if entry.file_type().is_dir() {
                stale_dirs.push(path.to_path_buf());
            } else if !produced.contains(path) {
                fs::remove_file(path).at_path(path)?;
            }
        }
        for dir in stale_dirs {
            // Fails, harmlessly, for every directory that still has files.
            let _ = fs::remove_dir(&dir);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
