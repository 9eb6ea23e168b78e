//! The in-memory site the dev server serves, and how a change updates it:
//! only the files that changed are re-read, and only the outputs that show
//! them are re-rendered. Anything structural (a page added, removed or moved,
//! a section or site.toml edited) falls back to a full in-memory rebuild,
//! which is always correct.

use crate::build::{self, Loaded, Statics};
use crate::content::{self, classify, Kind};
use crate::error::Result;
use crate::render::{self, Job, Output};
use crate::site::Site;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// Each job's output path.
    paths: HashMap<Job, String>,
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
    pub files: Files,
    /// Slow site-wide outputs (the search index) left for after the reload
    /// event, so a saved article shows up without waiting for them.
    deferred: BTreeSet<Job>,
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
            files: Files::new(),
            deferred: BTreeSet::new(),
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
        self.deferred.clear();
        let loaded = build::load(&self.root, self.drafts, Some(&self.base_url))?;
        let statics = build::static_files(&self.root, &loaded.site)?;
        let jobs = build::planned_jobs(&loaded.site, &statics)?;
        let outputs = build::render_all(&loaded, &jobs)?;
        let mut files = Files::with_capacity(outputs.len() + statics.len());
        let mut paths = HashMap::with_capacity(jobs.len());
        let rendered = store(&mut paths, &mut files, jobs, outputs);
        for (rel, src) in &statics {
            files.insert(rel.clone(), Arc::new(src.read()?));
        }
        self.files = files;
        self.state = Some(State {
            loaded,
            statics,
            paths,
        });
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
                Ok(outcome)
            }
            None => self.full(),
        }
    }

    /// `Ok(None)` asks for a full rebuild.
    fn incremental(&mut self, st: &mut State, changes: &[&Change]) -> Result<Option<Outcome>> {
        let mut dirty: BTreeSet<Job> = BTreeSet::new();
        let mut statics_changed = false;
        let mut templates_changed: Vec<&str> = Vec::new();
        let mut content_changed: Vec<&str> = Vec::new();
        for c in changes {
            match c {
                Change::Content(rel) => content_changed.push(rel),
                Change::Template(name) => templates_changed.push(name),
                Change::Static => statics_changed = true,
                Change::Full | Change::Other => {}
            }
        }

        if !content_changed.is_empty() {
            match self.update_pages(st, &content_changed)? {
                Some(jobs) => dirty.extend(jobs),
                None => return Ok(None),
            }
        }
        if !templates_changed.is_empty() {
            let (loaded, paths) = (&mut st.loaded, &st.paths);
            let templates = render::Templates::load(&self.root, &loaded.site.config)?;
            let known = |t: &str| loaded.templates.has(t) && templates.has(t);
            if templates_changed.iter().any(|t| !known(t)) {
                // A template appeared or vanished: what uses what is unknown.
                loaded.templates = templates;
                render::validate(&loaded.site, &loaded.templates)?;
                dirty.extend(paths.keys().cloned());
            } else {
                loaded.templates = templates;
                for job in paths.keys() {
                    if let Some(t) = render::template_of(&loaded.site, job) {
                        if templates_changed
                            .iter()
                            .any(|c| loaded.templates.depends_on(&t, c))
                        {
                            dirty.insert(job.clone());
                        }
                    }
                }
            }
        }

        let mut css_only = false;
        if statics_changed {
            let fresh = build::static_files(&self.root, &st.loaded.site)?;
            let mut changed: Vec<String> = Vec::new();
            for (rel, src) in &fresh {
                let bytes = src.read()?;
                if self.files.get(rel).map(|b| b.as_slice()) != Some(bytes.as_slice()) {
                    changed.push(rel.clone());
                    self.files.insert(rel.clone(), Arc::new(bytes));
                }
            }
            let generated: BTreeSet<&String> = st.paths.values().collect();
            for rel in st.statics.keys() {
                if !fresh.contains_key(rel) && !generated.contains(rel) {
                    self.files.remove(rel);
                    changed.push(rel.clone());
                }
            }
            css_only = !changed.is_empty() && changed.iter().all(|r| r.ends_with(".css"));
            st.statics = fresh;
            if !changed.is_empty() && !css_only {
                return self.rerender(st, dirty).map(|o| match o {
                    Outcome::Nothing => Some(Outcome::Reload { rendered: 0 }),
                    o => Some(o),
                });
            }
        }
        let outcome = self.rerender(st, dirty)?;
        Ok(Some(match outcome {
            Outcome::Nothing if css_only => Outcome::Css,
            o => o,
        }))
    }

    /// Re-reads changed content files. Returns the jobs to re-render, or
    /// `None` when the change is structural and needs a full rebuild.
    fn update_pages(&self, st: &mut State, rels: &[&str]) -> Result<Option<BTreeSet<Job>>> {
        let site = &st.loaded.site;
        let mut replaced: Vec<(usize, content::Page, BTreeSet<String>)> = Vec::new();
        for rel in rels {
            let full = self.root.join("content").join(rel);
            let Some(&i) = site.by_rel.get(*rel) else {
                // A file the site did not have: new (structural) unless it is
                // a draft we leave out, or already gone again.
                if full.is_file() {
                    let parsed = content::parse_file(&self.root, rel)?;
                    if parsed.draft() && !self.drafts {
                        continue;
                    }
                    return Ok(None);
                }
                continue;
            };
            if !full.is_file() {
                return Ok(None);
            }
            let old = &site.pages[i];
            let parsed = content::parse_file(&self.root, rel)?;
            if parsed.url() != old.url
                || (parsed.draft() && !self.drafts)
                || old.kind == Kind::Section
            {
                return Ok(None);
            }
            let resolve = |r: &str| site.by_rel.get(r).map(|&j| site.pages[j].url.clone());
            let page = content::render_parsed(
                parsed,
                &site.config,
                &resolve,
                true,
                &st.loaded.templates.reserved_ids,
            )?;
            let old_tags = old.tags.iter().map(|t| crate::text::tag_slug(t)).collect();
            replaced.push((i, page, old_tags));
        }
        if replaced.is_empty() {
            return Ok(Some(BTreeSet::new()));
        }
        // Re-derive the site model (cheap: no I/O, no Markdown) around the new pages.
        let config = site.config.clone();
        let mut pages = std::mem::take(&mut st.loaded.site.pages);
        let assets = std::mem::take(&mut st.loaded.site.assets);
        let mut changed = Vec::with_capacity(replaced.len());
        for (i, page, tags) in replaced {
            pages[i] = page;
            changed.push((i, tags));
        }
        st.loaded.site = Site::new(
            config,
            content::Content {
                pages,
                assets,
                ..Default::default()
            },
        )?;
        render::validate(&st.loaded.site, &st.loaded.templates)?;
        // A tag that appeared or vanished changes the set of outputs.
        let planned: BTreeSet<Job> = build::planned_jobs(&st.loaded.site, &st.statics)?
            .into_iter()
            .collect();
        if planned.len() != st.paths.len() || planned.iter().any(|j| !st.paths.contains_key(j)) {
            return Ok(None);
        }
        let mut jobs = BTreeSet::new();
        for (i, old_tags) in changed {
            jobs.extend(render::jobs_showing(&st.loaded.site, i, &old_tags));
        }
        Ok(Some(jobs))
    }

    fn rerender(&mut self, st: &mut State, mut dirty: BTreeSet<Job>) -> Result<Outcome> {
        if dirty.remove(&Job::SearchIndex) {
            self.deferred.insert(Job::SearchIndex);
        }
        self.rerender_now(st, dirty)
    }

    fn rerender_now(&mut self, st: &mut State, dirty: BTreeSet<Job>) -> Result<Outcome> {
        if dirty.is_empty() {
            return Ok(Outcome::Nothing);
        }
        let jobs: Vec<Job> = dirty.into_iter().collect();
        let outputs = build::render_all(&st.loaded, &jobs)?;
        let rendered = store(&mut st.paths, &mut self.files, jobs, outputs);
        Ok(Outcome::Reload { rendered })
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
        let jobs = std::mem::take(&mut self.deferred);
        let result = self.rerender_now(&mut st, jobs);
        if result.is_ok() {
            self.state = Some(st);
        }
        result.map(|_| ())
    }

    /// Pages in the current site, for tests and stats.
    pub fn page_count(&self) -> usize {
        self.state.as_ref().map_or(0, |s| s.loaded.site.pages.len())
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
    }
    rendered
}
