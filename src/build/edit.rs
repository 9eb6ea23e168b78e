//! A build after an edit, started from the last build's site model instead
//! of every file: the saved pages read again ([`crate::incremental`]), the
//! outputs that show them rendered, the search index updated from the one
//! published, and only those files replaced in the output. The build cache
//! has verified that the output is exactly what the last build wrote, and
//! the model that it is that build's site.

use super::*;
use crate::cache::{Edited, Scan};
use crate::content::Doc;
use crate::model::ModelFile;
use crate::search;

/// What the last build left: its record (which says what was saved since,
/// and that the output is intact) and its site model.
pub(super) struct From<'a> {
    pub cache: &'a BuildCache,
    pub scan: &'a Scan,
    pub model: &'a ModelFile,
    pub edited: Edited,
}

/// `Ok(None)` when the edit is not one this can follow (the caller builds
/// in full): a file added, removed or not a page, a page moved, drafted or
/// given a new tag, an image shown or no longer shown, another language, no
/// model to start from.
pub(super) fn build(
    opts: &BuildOptions,
    selection: &Selection,
    from: From,
    out: &Path,
    start: Instant,
) -> Result<Option<Report>> {
    let From {
        cache,
        scan,
        model,
        edited: Edited { saved, summary },
    } = from;
    let Some(saved) = saved else {
        return Ok(None);
    };
    let mut files = Vec::new();
    for path in &saved {
        match path.strip_prefix("content/") {
            Some(file) if content::classify(file).is_some() => files.push(file),
            _ => return Ok(None),
        }
    }
    // The templates are parsed while the model is read: neither needs the other.
    let config = site_config(&opts.root, opts.base_url.as_deref())?;
    let code = config.languages()[0].code.clone();
    let (kept, templates) = rayon::join(
        || model.load(summary.build),
        || Templates::load(&opts.root, &config.for_language(&code)),
    );
    let Some(kept) = kept else {
        return Ok(None);
    };
    if kept.len() != 1 {
        return Ok(None);
    }
    let digest = kept[0].search_digest;
    let plan = Plan::new(
        &opts.root,
        selection,
        opts.base_url.as_deref(),
        true,
        Mode::Fingerprint,
        Pages::Kept(kept, vec![templates?]),
    )?;
    let Plan {
        mut loaded,
        statics,
        jobs: planned,
        others,
        ..
    } = plan;
    if !others.is_empty() {
        return Ok(None);
    }
    let site = &loaded.site;
    let code = &site.translations.languages[0].code;
    let mut docs = Vec::new();
    for file in files {
        let (rel, lang) = content::language_of(file, code);
        if lang != *code || !site.by_rel.contains_key(&rel) {
            return Ok(None);
        }
        docs.push(Doc {
            file: file.to_string(),
            rel,
            fallback: false,
            source: None,
        });
    }
    // The search index before the edit: each saved page's results, where.
    let searched = planned.contains(&Job::SearchIndex);
    let lang = search::Language::new(&site.config.language);
    let mut before = Vec::new();
    if searched {
        for doc in &docs {
            let i = site.by_rel[&doc.rel];
            before.push((
                i,
                search::place(site, i),
                search::page_entries(site, &lang, i),
            ));
        }
    }
    let Some(edit) =
        crate::incremental::update_pages(&opts.root, selection, &mut loaded, &docs, None)?
    else {
        return Ok(None);
    };
    let site = &loaded.site;
    // Which renditions of which images the site publishes is known only to
    // the outputs that ask for them: an edit that changes what a page
    // shows, or whose photo, is not followed.
    for (i, old) in &edit.replaced {
        if !same_pictures(old, &site.pages[*i]) {
            return Ok(None);
        }
    }
    let out_abs = output::resolve(&opts.root, out, opts.allow_outside)?;
    // The search index's edits are worked out while the site is here, and
    // made once it is let go (below).
    let mut search_edit = None;
    if searched {
        let mut edits = Vec::new();
        for (i, place, old) in before {
            // Only one page changed: if it kept its place in the index and
            // its number of results, every result keeps its number.
            let Some((first, _)) = place.filter(|_| search::place(site, i) == place) else {
                return Ok(None);
            };
            let new = search::page_entries(site, &lang, i);
            edits.push(search::PageEdit { first, old, new });
        }
        let Some(d) = digest else {
            return Ok(None);
        };
        let d = search::edited_digest(d, &edits);
        search_edit = Some((search::Settings::of(site), edits, d));
    }
    let search_digest = search_edit.as_ref().map_or(digest, |(.., d)| Some(*d));
    let jobs: Vec<Job> = edit
        .jobs
        .into_iter()
        .filter(|j| !matches!(j, Job::SearchIndex | Job::SearchResults(..)))
        .collect();
    let publisher = Publisher::open(&out_abs, out, opts.force, true)?;
    let minify = opts.minify || site.config.minify_html;
    let shared = Shared::new(site, &loaded.templates);
    let errors: Vec<Error> = jobs
        .par_iter()
        .filter_map(|job| {
            render::render_job(site, &shared, &loaded.templates, job)
                .and_then(|o| put_output(&publisher, o, minify))
                .err()
        })
        .collect();
    drop(shared);
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    let rendered = jobs.len() + usize::from(searched);
    // The renditions the re-rendered outputs show; the same as before.
    let (_, _, errors) = put_renditions(&opts.root, &loaded.images, &publisher)?;
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }

    let edited: std::collections::HashSet<&Path> = edit
        .replaced
        .iter()
        .map(|(_, old)| old.path.as_path())
        .collect();
    let mut warnings: Vec<Warning> = summary
        .warnings
        .iter()
        .filter(|w| !edited.contains(w.at.path.as_path()))
        .cloned()
        .chain(edit.warnings.iter().cloned())
        .collect();
    warnings.sort();
    warnings.dedup();
    loaded
        .warnings
        .retain(|w| !edited.contains(w.at.path.as_path()));
    loaded.warnings.extend(edit.warnings);
    loaded.warnings.sort();
    let summary = Summary {
        warnings: warnings.clone(),
        build: crate::model::new_build_id(),
        ..summary
    };
    let cache_dir = site_path(&opts.root, Path::new(&site.config.images.cache_dir));
    let mut report_warnings = warnings;
    // The model is saved before publishing, so that the site can be let go
    // before the search index and the output's lists are read: at 100,000
    // pages they would otherwise add 130 MiB to its peak. Until the record
    // below carries this build's number, the model is not trusted; a build
    // that stops before then builds in full next time.
    let languages = [kept_language(&loaded, search_digest)];
    if let Err(e) = model.save(None, summary.build, &languages) {
        model.forget();
        report_warnings.push(model_not_saved(&cache_dir, e));
    }
    drop(languages);
    drop((edit.replaced, loaded, statics));
    if let Some((settings, edits, d)) = search_edit {
        let dir = out_abs.join(search::INDEX_DIR.trim_matches('/'));
        let Some(files) = search::edit_index(&settings, &lang, &dir, d, &edits) else {
            return Ok(None);
        };
        for (path, bytes) in &files {
            publisher.put(path, Source::Bytes(bytes))?;
        }
    }
    // The index's own files are all written above: one no longer written
    // (the index has fewer shards now) goes.
    let index_dir = search::INDEX_DIR.trim_start_matches('/');
    let results = format!("{index_dir}d/");
    publisher.keep_rest(|rel| !rel.starts_with(index_dir) || rel.starts_with(&results));
    // Checked when this build started; nothing since has written them.
    let outputs = cache.outputs();
    cache.forget();
    let published = publisher.commit()?;
    // An edit can add or drop files (a FAQ's new question has a result file).
    let summary = Summary {
        files: published.files(),
        ..summary
    };
    let saved_cache = match outputs {
        Some(outputs) => {
            cache.save_edited(scan, &out_abs, summary.clone(), outputs, &published.changed)
        }
        None => cache.save(scan, &out_abs, summary.clone()),
    };
    if let Err(e) = saved_cache {
        report_warnings.push(cache_not_saved(&cache_dir, e));
    }
    Ok(Some(Report {
        pages: summary.pages,
        files: summary.files,
        written: published.written,
        unchanged: published.unchanged,
        removed: published.removed,
        in_place: published.in_place,
        images_processed: 0,
        drafts_skipped: summary.drafts_skipped,
        left_out: summary.left_out,
        warnings: report_warnings,
        output: out.to_path_buf(),
        elapsed: start.elapsed(),
        up_to_date: false,
        edited: Some((saved.len(), rendered)),
    }))
}

/// Whether a page shows the same pictures, and the same people's photos.
fn same_pictures(old: &content::Page, new: &content::Page) -> bool {
    let images = |p: &content::Page| -> Vec<String> {
        p.body
            .links
            .iter()
            .chain(p.questions.iter().flat_map(|q| &q.answer.links))
            .filter(|l| l.image)
            .map(|l| l.target.clone())
            .collect()
    };
    old.image == new.image
        && old.author == new.author
        && old.reviewed_by == new.reviewed_by
        && old.person.as_ref().map(|p| &p.photo) == new.person.as_ref().map(|p| &p.photo)
        && images(old) == images(new)
}
