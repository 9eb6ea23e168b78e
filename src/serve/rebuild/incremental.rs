//! An edit applied in place: the pages it changed re-read, the site model
//! updated, and only the outputs that show them rendered again. Anything
//! this cannot follow returns `None`, and the caller rebuilds in full.

use super::*;

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

        if !content_changed.is_empty() {
            match self.update_pages(st, &content_changed)? {
                Some(jobs) => dirty.extend(jobs),
                None => return Ok(None),
            }
        }
        if !templates_changed.is_empty() {
            let (loaded, paths) = (&mut st.loaded, &st.paths);
            let mut templates = render::Templates::load(&self.root, &loaded.site.config)?;
            templates.set_assets(st.assets.clone());
            templates.set_images(loaded.images.clone());
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
            o => o,
        }))
    }

    /// Re-reads changed content files. Returns the jobs to re-render, or
    /// `None` when the change is structural and needs a full rebuild.
    pub(super) fn update_pages(
        &self,
        st: &mut State,
        rels: &[&str],
    ) -> Result<Option<BTreeSet<Job>>> {
        let site = &st.loaded.site;
        let mut replaced: Vec<(usize, content::Page)> = Vec::new();
        for rel in rels {
            let full = self.root.join("content").join(rel);
            let Some(&i) = site.by_rel.get(*rel) else {
                // A file the site did not have: new (structural) unless it is
                // a draft we leave out, or already gone again.
                if full.is_file() {
                    let mut parsed = content::parse_file(&self.root, rel, &site.config.taxonomies)?;
                    if parsed.select(&self.selection(), &site.config).is_some() {
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
            let mut parsed = content::parse_file(&self.root, rel, &site.config.taxonomies)?;
            let same_aliases = parsed
                .aliases()
                .eq(old.aliases.iter().map(|(u, _)| u.as_str()));
            if parsed.select(&self.selection(), &site.config).is_some()
                || parsed.url() != old.url
                || old.kind == Kind::Section
                || !same_aliases
            {
                return Ok(None);
            }
            let resolve = |r: &str| {
                site.by_rel
                    .get(r)
                    .map(|&j| site.pages[j].url.clone())
                    .or_else(|| {
                        site.assets
                            .iter()
                            .any(|a| a == r)
                            .then(|| content::asset_url(r))
                    })
            };
            let page = content::render_parsed(
                parsed,
                &site.config,
                &resolve,
                true,
                &st.loaded.style,
                Some(&st.loaded.images),
            )?;
            replaced.push((i, page));
        }
        if replaced.is_empty() {
            return Ok(Some(BTreeSet::new()));
        }
        // Update the site model around the new pages: lists re-sorted, no
        // pass over every page.
        let mut jobs = BTreeSet::new();
        for (i, page) in replaced {
            let site = &mut st.loaded.site;
            let was_in_feed = crate::jobs::in_feed(site, i);
            let related_before: Vec<(usize, Vec<usize>)> =
                crate::jobs::related_candidates(site, i, &page)
                    .into_iter()
                    .map(|j| (j, site.related(j, render::RELATED)))
                    .collect();
            let Some(old) = site.replace_page(i, page)? else {
                // A tag page would appear or vanish: the outputs change.
                return Ok(None);
            };
            render::validate_page(site, &st.loaded.templates, i)?;
            jobs.extend(crate::jobs::jobs_after_edit(site, i, &old, was_in_feed));
            jobs.extend(crate::jobs::related_after_edit(
                site,
                i,
                &old,
                &related_before,
            ));
            st.index_dirty.insert(i);
        }
        Ok(Some(jobs))
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
