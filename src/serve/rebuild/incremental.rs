//! An edit applied in place: the pages it changed re-read, the site model
//! updated, and only the outputs that show them rendered again. Anything
//! this cannot follow returns `None`, and the caller rebuilds in full.

use super::*;
use crate::content::Doc;

impl Project {
    /// `Ok(None)` asks for a full rebuild.
    pub(super) fn incremental(
        &mut self,
        st: &mut State,
        changes: &[&Change],
    ) -> Result<Option<Outcome>> {
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

        // Each language's share of the edit: its own files (a translation,
        // `x.es.md`, is the page `x.md` there), and the default language's
        // files it lists in place of a missing translation.
        let languages = st.loaded.site.translations.languages.clone();
        let mut docs: Vec<Vec<Doc>> = vec![Vec::new(); languages.len()];
        for file in &content_changed {
            let (rel, code) = content::language_of(file, &languages[0].code);
            let Some(l) = languages.iter().position(|x| x.code == code) else {
                // A code site.toml does not list: the full build says so.
                return Ok(None);
            };
            docs[l].push(Doc {
                file: file.to_string(),
                rel: rel.clone(),
                fallback: false,
                source: None,
            });
            if l == 0 {
                for (k, other) in self.others.iter().enumerate() {
                    if other.loaded.site.page(&rel).is_some_and(|p| p.fallback) {
                        docs[k + 1].push(Doc {
                            file: file.to_string(),
                            rel: rel.clone(),
                            fallback: true,
                            source: None,
                        });
                    }
                }
            }
        }
        if !docs[0].is_empty() {
            match self.update_pages(st, &docs[0], None)? {
                Some(jobs) => dirty.extend(jobs),
                None => return Ok(None),
            }
        }
        let mut others = std::mem::take(&mut self.others);
        let mut rendered_elsewhere = 0;
        for (k, other) in others.iter_mut().enumerate() {
            let mut jobs = BTreeSet::new();
            if !docs[k + 1].is_empty() {
                match self.update_pages(other, &docs[k + 1], Some(&st.loaded.site))? {
                    Some(j) => jobs.extend(j),
                    None => return Ok(None),
                }
                if !jobs.is_empty() && other.loaded.site.config.search.enabled {
                    jobs.extend(self.fresh_search_jobs(other));
                }
            }
            if !templates_changed.is_empty() {
                other.loaded.templates = other.fresh_templates(&self.root)?;
                render::validate(&other.loaded.site, &other.loaded.templates)?;
                jobs.extend(other.paths.keys().cloned());
            }
            if !jobs.is_empty() {
                let jobs: Vec<Job> = jobs.into_iter().collect();
                let outputs = build::render_all(&other.loaded, &jobs)?;
                rendered_elsewhere += store(&mut other.paths, &mut self.files, jobs, outputs);
            }
        }
        self.others = others;
        if !templates_changed.is_empty() {
            let templates = st.fresh_templates(&self.root)?;
            let (loaded, paths) = (&mut st.loaded, &st.paths);
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
            let (fresh, assets) = build::static_files(&self.root, &st.loaded.site, Mode::Plain)?;
            if assets != st.assets {
                // A stylesheet or script came or went: pages may name it.
                return Ok(None);
            }
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
            build::register_images(&self.root, &st.loaded.images, &fresh)?;
            if changed.iter().any(|r| crate::images::is_raster(r)) {
                // Pages name an image's renditions by its content.
                return Ok(None);
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
            Outcome::Nothing if rendered_elsewhere > 0 => Outcome::Reload {
                rendered: rendered_elsewhere,
            },
            Outcome::Reload { rendered } => Outcome::Reload {
                rendered: rendered + rendered_elsewhere,
            },
            o => o,
        }))
    }

    /// Another language's search index jobs after its pages changed, its
    /// old index files gone (an edit can leave fewer of them).
    fn fresh_search_jobs(&mut self, other: &mut State) -> Vec<Job> {
        let folder = other.loaded.site.config.urls.prefix.trim_start_matches('/');
        let dir = format!("{folder}/{}", search::INDEX_DIR.trim_start_matches('/'));
        self.files.retain(|path, _| !path.starts_with(&dir));
        other
            .paths
            .retain(|j, _| !matches!(j, Job::SearchIndex | Job::SearchResults(..)));
        let site = &other.loaded.site;
        std::iter::once(Job::SearchIndex)
            .chain(
                search::result_runs(site)
                    .into_iter()
                    .map(|(from, first)| Job::SearchResults(from, first)),
            )
            .collect()
    }

    /// Re-reads changed content files (see [`crate::incremental::update_pages`]).
    pub(super) fn update_pages(
        &self,
        st: &mut State,
        docs: &[Doc],
        default: Option<&crate::site::Site>,
    ) -> Result<Option<BTreeSet<Job>>> {
        let edit = crate::incremental::update_pages(
            &self.root,
            &self.selection(),
            &mut st.loaded,
            docs,
            default,
        )?;
        Ok(edit.map(|e| {
            st.index_dirty.extend(e.replaced.iter().map(|(i, _)| *i));
            e.jobs
        }))
    }

    pub(super) fn rerender(&mut self, st: &mut State, mut dirty: BTreeSet<Job>) -> Result<Outcome> {
        if dirty.remove(&Job::SearchIndex) {
            self.deferred.insert(Job::SearchIndex);
        }
        self.rerender_now(st, dirty)
    }

    pub(super) fn rerender_now(&mut self, st: &mut State, dirty: BTreeSet<Job>) -> Result<Outcome> {
        if dirty.is_empty() {
            return Ok(Outcome::Nothing);
        }
        let jobs: Vec<Job> = dirty.into_iter().collect();
        let outputs = build::render_all(&st.loaded, &jobs)?;
        let rendered = store(&mut st.paths, &mut self.files, jobs, outputs);
        Ok(Outcome::Reload { rendered })
    }
}
