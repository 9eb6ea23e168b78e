//! The in-memory site the dev server serves, and how a change updates it:
//! only the files that changed are re-read, and only the outputs that show
//! them are re-rendered. Anything structural (a page added, removed or moved,
//! a section or site.toml edited) falls back to a full in-memory rebuild,
//! which is always correct.

use crate::assets::{Assets, Mode};
use crate::build::{self, Loaded, Statics};
use crate::content::{self, classify};
use crate::error::Result;
use crate::render::{self, output_path, Job, Output};
use crate::search;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

mod incremental;

pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// What a rebuild did, for the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Pages changed: reload.
    Reload { rendered: usize },
    /// Only stylesheets changed: swap them in place.
    Css,
    /// Nothing the browser shows changed.
    Nothing,
}

/// A file change, sorted by what it can affect.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// site.toml, a directory, or anything else that can reshape the site.
    Full,
    Content(String),
    Template(String),
    Static,
    Other,
}

struct State {
    loaded: Loaded,
    statics: Statics,
    /// Stylesheet and script URLs; plain here, so a saved stylesheet keeps
    /// its URL and is swapped in place.
    assets: Assets,
    /// Each job's output path.
    paths: HashMap<Job, String>,
    /// The search index page by page, when the site has search.
    index: Option<search::Index>,
    /// Pages saved since the index was last written.
    index_dirty: BTreeSet<usize>,
}

impl State {
    /// The templates read again, knowing the site's assets and images.
    fn fresh_templates(&self, root: &Path) -> Result<render::Templates> {
        let mut templates = render::Templates::load(root, &self.loaded.site.config)?;
        templates.set_assets(self.assets.clone());
        templates.set_images(self.loaded.images.clone());
        Ok(templates)
    }
}

/// Receives each search index written in the background (all its files),
/// newest last.
pub type IndexListener = Arc<dyn Fn(Arc<Made>) + Send + Sync>;

/// Receives the renditions of images made in the background (output path
/// and bytes), or why they could not be made.
pub type ImageListener = Arc<dyn Fn(std::result::Result<Made, String>) + Send + Sync>;

/// Files made in the background: output path and bytes.
pub type Made = Vec<(String, Arc<Vec<u8>>)>;

/// The newest search index written in the background, by sequence number.
#[derive(Default)]
struct IndexSlot {
    seq: u64,
    files: Option<Arc<Made>>,
}

/// The search index's files as served files.
fn made(files: search::Files) -> Made {
    files.into_iter().map(|(p, b)| (p, Arc::new(b))).collect()
}

/// Puts a newly written search index in place of the one in `files`: an
/// edit can leave fewer shards or results, and their old files must not
/// linger to be fetched.
pub fn install_index(files: &mut Files, index: &Made) {
    let dir = search::INDEX_DIR.trim_start_matches('/');
    files.retain(|path, _| !path.starts_with(dir));
    files.extend(index.iter().cloned());
}

pub struct Project {
    /// The site directory as the user named it, so errors show short paths.
    root: PathBuf,
    /// Its canonical form, which watcher events are reported against.
    canonical: PathBuf,
    drafts: bool,
    base_url: String,
    /// `None` after an error: the next change rebuilds everything.
    state: Option<State>,
    /// The site's other languages, each with its outputs (below its folder);
    /// their search index is rendered with their pages, not kept per page.
    others: Vec<State>,
    pub files: Files,
    /// Slow site-wide outputs (the search index) left for after the reload
    /// event, so a saved article shows up without waiting for them.
    deferred: BTreeSet<Job>,
    /// Set by the dev server: the index is written on a thread of its own,
    /// so a save is never delayed by it, and handed to this listener.
    background_index: Option<IndexListener>,
    index_seq: u64,
    index_installed: u64,
    index_slot: Arc<Mutex<IndexSlot>>,
    /// Set by the dev server: images are resized on a thread of their own
    /// (the original stands in meanwhile), so a save never waits for them.
    image_listener: Option<ImageListener>,
    /// Renditions made in the background, not yet in `files`.
    images_ready: Arc<Mutex<Made>>,
    /// Cache keys being made in the background, so a rebuild meanwhile
    /// does not start making them again.
    images_busy: Arc<Mutex<std::collections::HashSet<String>>>,
}

impl Project {
    pub fn new(root: &Path, drafts: bool, base_url: String) -> Project {
        let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Project {
            root: root.to_path_buf(),
            canonical,
            drafts,
            base_url,
            state: None,
            others: Vec::new(),
            files: Files::new(),
            deferred: BTreeSet::new(),
            background_index: None,
            index_seq: 0,
            index_installed: 0,
            index_slot: Arc::default(),
            image_listener: None,
            images_ready: Arc::default(),
            images_busy: Arc::default(),
        }
    }

    /// Resizes images on a background thread and hands each batch to
    /// `listener` (the server), instead of before the reload.
    pub fn images_in_background(&mut self, listener: ImageListener) {
        self.image_listener = Some(listener);
    }

    /// Takes in renditions made in the background.
    pub fn sync_images(&mut self) {
        let ready =
            std::mem::take(&mut *self.images_ready.lock().unwrap_or_else(|e| e.into_inner()));
        self.files.extend(ready);
    }

    /// Serves every rendition pages ask for: from the cache, or, until it
    /// is made, the original (browsers go by an image's bytes, not its
    /// name). Originals are served as they are: nothing leaves the machine.
    fn install_images(&mut self) -> Result<()> {
        let Some(st) = &self.state else {
            return Ok(());
        };
        let images = st.loaded.images.clone();
        let mut todo = Vec::new();
        for r in images.wanted() {
            if r.width.is_none() || self.files.contains_key(&r.out) {
                continue;
            }
            if let Ok(bytes) = std::fs::read(images.cached(&r)) {
                self.files.insert(r.out.clone(), Arc::new(bytes));
                continue;
            }
            let original = self
                .files
                .get(r.source.url.trim_start_matches('/'))
                .cloned();
            if let Some(bytes) = original {
                self.files.insert(r.out.clone(), bytes);
            }
            let mut busy = self.images_busy.lock().unwrap_or_else(|e| e.into_inner());
            if busy.insert(r.key.clone()) {
                todo.push(r);
            }
        }
        if todo.is_empty() {
            return Ok(());
        }
        let made = |images: &crate::images::Images, todo: &[crate::images::Rendition]| {
            images.make(todo).map(|_| {
                todo.iter()
                    .filter_map(|r| {
                        let bytes = std::fs::read(images.cached(r)).ok()?;
                        Some((r.out.clone(), Arc::new(bytes)))
                    })
                    .collect::<Vec<_>>()
            })
        };
        let busy = self.images_busy.clone();
        let done = move |todo: &[crate::images::Rendition]| {
            let mut busy = busy.lock().unwrap_or_else(|e| e.into_inner());
            for r in todo {
                busy.remove(&r.key);
            }
        };
        match self.image_listener.clone() {
            None => {
                let result = made(&images, &todo);
                done(&todo);
                self.files.extend(result?);
            }
            Some(listener) => {
                let ready = self.images_ready.clone();
                std::thread::spawn(move || {
                    let result = made(&images, &todo).map_err(|e| e.to_string());
                    done(&todo);
                    if let Ok(files) = &result {
                        ready
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .extend(files.iter().cloned());
                    }
                    listener(result);
                });
            }
        }
        Ok(())
    }

    /// What the preview shows: drafts as asked, scheduled pages always (the
    /// theme marks them), expired pages never.
    fn selection(&self) -> content::Selection {
        content::Selection::new(self.drafts, true)
    }

    /// Writes the search index after edits on a background thread and hands
    /// each one to `listener` (the server), instead of in `finish_deferred`.
    pub fn index_in_background(&mut self, listener: IndexListener) {
        self.background_index = Some(listener);
    }

    /// Takes in the newest index written in the background, if newer than
    /// what `files` holds.
    pub fn sync_index(&mut self) {
        let slot = self.index_slot.lock().unwrap_or_else(|e| e.into_inner());
        if slot.seq > self.index_installed {
            if let Some(index) = &slot.files {
                install_index(&mut self.files, index);
                self.index_installed = slot.seq;
            }
        }
    }

    /// What a changed path is, from the site's point of view.
    pub fn classify(&self, path: &Path) -> Change {
        let rel = match path.strip_prefix(&self.canonical) {
            Ok(r) => r,
            Err(_) => return Change::Other,
        };
        let rel_s = rel.to_string_lossy().replace('\\', "/");
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if rel_s == "site.toml" {
            return Change::Full;
        }
        if content::is_ignored(&name) {
            return Change::Other;
        }
        let mut parts = rel_s.splitn(2, '/');
        let (top, rest) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        match top {
            "content" if classify(rest).is_some() && !path.is_dir() => {
                Change::Content(rest.to_string())
            }
            // Directories (a section added or removed) and assets beside pages.
            "content" => Change::Full,
            "templates" if rest.is_empty() => Change::Full,
            "templates" => Change::Template(rest.to_string()),
            "static" => Change::Static,
            // The theme's words and the data files are in every page.
            "i18n" | "data" => Change::Full,
            "themes" => {
                // themes/<name>/templates/x.html or themes/<name>/static/…
                let mut p = rest.splitn(3, '/');
                match (p.next(), p.next(), p.next()) {
                    (Some(_), Some("templates"), Some(t)) => Change::Template(t.to_string()),
                    (Some(_), Some("static"), Some(_)) => Change::Static,
                    _ => Change::Full,
                }
            }
            _ => Change::Other,
        }
    }

    /// Renders everything into memory.
    pub fn full(&mut self) -> Result<Outcome> {
        self.state = None;
        self.others.clear();
        self.deferred.clear();
        let build::Plan {
            loaded,
            statics,
            assets,
            mut jobs,
            others,
        } = build::Plan::new(
            &self.root,
            &self.selection(),
            Some(&self.base_url),
            true,
            Mode::Plain,
            // The dev server keeps its site for hours and edits it: in memory.
            build::Pages::Read(None),
        )?;
        // The search index is written from a per-page index kept for edits.
        let with_index = jobs.contains(&Job::SearchIndex);
        // The dev server writes the whole index itself, from per-page parts.
        jobs.retain(|j| !matches!(j, Job::SearchIndex | Job::SearchResults(..)));
        let outputs = build::render_all(&loaded, &jobs)?;
        let mut files = Files::with_capacity(outputs.len() + statics.len() + 1);
        let mut paths = HashMap::with_capacity(jobs.len() + 1);
        let mut rendered = store(&mut paths, &mut files, jobs, outputs);
        let index = with_index.then(|| {
            let index = search::Index::build(&loaded.site);
            install_index(
                &mut files,
                &made(search::write_index(&index.snapshot(&loaded.site))),
            );
            paths.insert(Job::SearchIndex, output_path(search::META_URL));
            rendered += 1;
            index
        });
        for (rel, src) in &statics {
            files.insert(rel.clone(), Arc::new(src.read()?));
        }
        let mut other_states = Vec::with_capacity(others.len());
        for (loaded, jobs) in others {
            let outputs = build::render_all(&loaded, &jobs)?;
            let mut paths = HashMap::with_capacity(jobs.len());
            rendered += store(&mut paths, &mut files, jobs, outputs);
            other_states.push(State {
                loaded,
                statics: Statics::new(),
                assets: assets.clone(),
                paths,
                index: None,
                index_dirty: BTreeSet::new(),
            });
        }
        self.others = other_states;
        self.files = files;
        // An index still being written from before is now out of date.
        self.index_seq += 1;
        self.index_installed = self.index_seq;
        {
            let mut slot = self.index_slot.lock().unwrap_or_else(|e| e.into_inner());
            slot.seq = self.index_seq;
            slot.files = None;
        }
        self.state = Some(State {
            loaded,
            statics,
            assets,
            paths,
            index,
            index_dirty: BTreeSet::new(),
        });
        self.install_images()?;
        Ok(Outcome::Reload { rendered })
    }

    /// Applies a batch of changes. On error the served files stay as they
    /// were and the next change rebuilds from scratch.
    pub fn apply(&mut self, changes: &BTreeSet<Change>) -> Result<Outcome> {
        let relevant: Vec<&Change> = changes.iter().filter(|c| **c != Change::Other).collect();
        if relevant.is_empty() {
            return Ok(Outcome::Nothing);
        }
        if self.state.is_none() || relevant.iter().any(|c| **c == Change::Full) {
            return self.full();
        }
        // Taken out while it is changed: an error leaves `None` behind, so
        // the next change starts from a clean full rebuild.
        let mut state = self.state.take().expect("checked above");
        match self.incremental(&mut state, &relevant)? {
            Some(outcome) => {
                self.state = Some(state);
                self.install_images()?;
                Ok(outcome)
            }
            None => self.full(),
        }
    }

    pub fn has_deferred(&self) -> bool {
        !self.deferred.is_empty() && self.state.is_some()
    }

    /// Renders what `apply` left for later. The files change, but no page
    /// needs reloading for it.
    pub fn finish_deferred(&mut self) -> Result<()> {
        let Some(mut st) = self.state.take() else {
            return Ok(());
        };
        let mut jobs = std::mem::take(&mut self.deferred);
        if jobs.remove(&Job::SearchIndex) {
            self.update_index(&mut st);
        }
        let result = self.rerender_now(&mut st, jobs);
        if result.is_ok() {
            self.state = Some(st);
        }
        result.map(|_| ())
    }

    /// Re-indexes the pages saved since the last index and writes it out:
    /// here, or on a thread of its own for the dev server.
    fn update_index(&mut self, st: &mut State) {
        let Some(index) = st.index.as_mut() else {
            return;
        };
        for i in std::mem::take(&mut st.index_dirty) {
            index.update(&st.loaded.site, i);
        }
        let snapshot = index.snapshot(&st.loaded.site);
        self.index_seq += 1;
        let seq = self.index_seq;
        match &self.background_index {
            None => {
                install_index(&mut self.files, &made(search::write_index(&snapshot)));
                self.index_installed = seq;
            }
            Some(listener) => {
                let (slot, listener) = (self.index_slot.clone(), listener.clone());
                std::thread::spawn(move || {
                    let index = Arc::new(made(search::write_index(&snapshot)));
                    let mut s = slot.lock().unwrap_or_else(|e| e.into_inner());
                    // A later edit's index may have finished first.
                    if seq > s.seq {
                        s.seq = seq;
                        s.files = Some(index.clone());
                        drop(s);
                        listener(index);
                    }
                });
            }
        }
    }

    /// Pages in the current site, every language's, for tests and stats.
    pub fn page_count(&self) -> usize {
        let own = |s: &State| s.loaded.site.pages.iter().filter(|p| !p.fallback).count();
        self.state
            .as_ref()
            .map_or(0, |s| own(s) + self.others.iter().map(own).sum::<usize>())
    }
}

/// Records rendered outputs as served files, remembering each job's path.
fn store(
    paths: &mut HashMap<Job, String>,
    files: &mut Files,
    jobs: Vec<Job>,
    outputs: Vec<Output>,
) -> usize {
    let rendered = outputs.len();
    for (job, out) in jobs.into_iter().zip(outputs) {
        paths.insert(job, out.path.clone());
        files.insert(out.path, Arc::new(out.bytes));
        // Another language's search index, rendered with its pages.
        files.extend(out.more.into_iter().map(|(p, b)| (p, Arc::new(b))));
    }
    rendered
}
