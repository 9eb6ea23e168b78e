//! An edit applied to a loaded site: the pages it changed re-read, the site
//! model updated around them, and the outputs that show them named. The
//! dev server applies each save this way; `lumbar build` does too, starting
//! from the model the last build kept (see [`crate::model`]), so a build
//! after one saved article renders a handful of outputs, not the site.
//! Anything this cannot follow (a page added, moved, drafted, a tag page
//! appearing) returns `None`, and the caller does a full build.

use crate::build::Loaded;
use crate::content::{self, Doc, Kind, Page, Selection};
use crate::error::{Result, Warning};
use crate::render::{self, Job};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

/// What an edit changed.
pub struct Edit {
    /// The outputs that show a changed page.
    pub jobs: BTreeSet<Job>,
    /// Each page replaced, with what it was.
    pub replaced: Vec<(usize, Page)>,
    /// The warnings of the files read again (each file's own: the last
    /// build's warnings about them are out of date).
    pub warnings: Vec<Warning>,
}

/// Re-reads changed content files. `None` when the change is structural
/// and needs a full rebuild. Pages listed in place of a translation are
/// taken from the `default` language's site, already updated, as the build
/// takes them.
pub fn update_pages(
    root: &Path,
    selection: &Selection,
    loaded: &mut Loaded,
    docs: &[Doc],
    default: Option<&crate::site::Site>,
) -> Result<Option<Edit>> {
    let site = &loaded.site;
    let mut replaced: Vec<(usize, Page)> = Vec::new();
    let mut warnings = Vec::new();
    for doc in docs {
        let rel = doc.rel.as_str();
        if let (true, Some(default)) = (doc.fallback, default) {
            match (site.by_rel.get(rel), default.page(rel)) {
                (Some(&i), Some(page)) if site.pages[i].fallback => {
                    replaced.push((i, content::as_fallback(page)));
                    continue;
                }
                _ => return Ok(None),
            }
        }
        let parse =
            || content::parse_doc(root, &doc.file, rel, doc.fallback, &site.config.taxonomies);
        let full = root.join("content").join(&doc.file);
        let Some(&i) = site.by_rel.get(rel) else {
            // A file the site did not have: new (structural) unless it is
            // a draft we leave out, or already gone again.
            if full.is_file() {
                let mut parsed = parse()?;
                if parsed.select(selection, &site.config).is_some() {
                    continue;
                }
                return Ok(None);
            }
            continue;
        };
        // A translation in place of the page listed untranslated, or gone.
        if !full.is_file() || site.pages[i].fallback != doc.fallback {
            return Ok(None);
        }
        let old = &site.pages[i];
        let mut parsed = parse()?;
        let same_aliases = parsed
            .aliases()
            .eq(old.aliases.iter().map(|(u, _)| u.as_str()));
        if parsed.select(selection, &site.config).is_some()
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
        warnings.extend(parsed.own_warnings());
        let page = content::render_parsed(
            parsed,
            &site.config,
            &resolve,
            true,
            &loaded.style,
            Some(&loaded.images),
        )?;
        replaced.push((i, page));
    }
    // Update the site model around the new pages: lists re-sorted, no
    // pass over every page.
    let mut jobs = BTreeSet::new();
    let mut olds = Vec::with_capacity(replaced.len());
    for (i, page) in replaced {
        let site = &mut loaded.site;
        let was_in_feed = crate::jobs::in_feed(site, i);
        let related_before: Vec<(usize, Vec<usize>)> =
            crate::jobs::related_candidates(site, i, &page)
                .into_par_iter()
                .map(|j| (j, site.related(j, render::RELATED)))
                .collect();
        let Some(old) = site.replace_page(i, page)? else {
            // A tag page would appear or vanish: the outputs change.
            return Ok(None);
        };
        render::validate_page(site, &loaded.templates, i)?;
        jobs.extend(crate::jobs::jobs_after_edit(site, i, &old, was_in_feed));
        jobs.extend(crate::jobs::related_after_edit(
            site,
            i,
            &old,
            &related_before,
        ));
        olds.push((i, old));
    }
    // A page listed in place of a translation has no page of its own here.
    let site = &loaded.site;
    jobs.retain(|j| {
        let page = match j {
            Job::Paged(base, _) => base.as_ref(),
            j => j,
        };
        !matches!(page, Job::Page(i) if site.pages[*i].fallback)
    });
    Ok(Some(Edit {
        jobs,
        replaced: olds,
        warnings,
    }))
}
