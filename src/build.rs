//! The build pipeline: load → parse → render → write. Writing and publishing
//! (and which output directories are allowed) is [`crate::output`]'s job.

use crate::assets::{Assets, Mode};
use crate::cache::{BuildCache, Scan, Summary, Verdict};
use crate::config::Config;
use crate::content::{self, shown_path, site_path, LeftOut, Selection};
use crate::error::{Error, Result, Warning};
use crate::images::Images;
use crate::output::{self, Publisher, Source};
use crate::render::{self, Job, Output, Shared, Templates};
use crate::site::Site;
use crate::spill::Spill;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod edit;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Overrides `output_dir` from site.toml.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Includes pages whose `date` has not come yet.
    pub future: bool,
    /// The day that decides what is scheduled or expired; `None` is today.
    pub today: Option<chrono::NaiveDate>,
    /// Allows an output directory outside the site.
    pub allow_outside: bool,
    /// Overrides `base_url` (e.g. for a preview deploy).
    pub base_url: Option<String>,
    /// Builds into a non-empty directory lumbar did not create, and replaces
    /// files in it that lumbar would write (others are kept).
    pub force: bool,
    /// Minifies the HTML whatever `minify_html` in site.toml says.
    pub minify: bool,
    /// Uses the build cache: a build with nothing changed since the last
    /// one into the same output is not redone (see [`crate::cache`]).
    pub cache: bool,
}

impl BuildOptions {
    /// What decides the output besides the files read: the cache's key.
    fn cache_key(&self, today: chrono::NaiveDate) -> String {
        format!(
            "drafts {}\nfuture {}\ntoday {today}\nbase_url {:?}\nminify {}\n",
            self.drafts, self.future, self.base_url, self.minify
        )
    }
}

#[derive(Debug, Clone)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub written: usize,
    pub unchanged: usize,
    /// Files of the previous build that this one no longer produces.
    pub removed: usize,
    /// The output is a mount point and was updated file by file.
    pub in_place: bool,
    /// Images resized or cleaned of metadata (none when the cache had them all).
    pub images_processed: usize,
    pub drafts_skipped: usize,
    /// Scheduled and expired pages left out, with why.
    pub left_out: Vec<(PathBuf, LeftOut)>,
    pub warnings: Vec<Warning>,
    pub output: PathBuf,
    pub elapsed: Duration,
    /// Nothing changed since the last build into this output: the build
    /// cache said so, and nothing was loaded or written.
    pub up_to_date: bool,
    /// Built from the last build's site model after an edit: how many
    /// saved files were read, and how many outputs rendered.
    pub edited: Option<(usize, usize)>,
}

/// Everything loaded and validated, ready to render.
pub struct Loaded {
    pub site: Site,
    pub templates: Templates,
    pub warnings: Vec<Warning>,
    pub drafts_skipped: usize,
    pub left_out: Vec<(PathBuf, LeftOut)>,
    /// How Markdown is rendered here, for the dev server's re-renders.
    pub style: crate::markdown::PageStyle,
    /// The photos pages and templates show, and their renditions.
    pub images: Arc<Images>,
}

/// What `build`, `check` and the dev server all start from: the site loaded
/// and validated, its static files, and every output to render.
pub struct Plan {
    /// The default language's site.
    pub loaded: Loaded,
    pub statics: Statics,
    pub assets: Assets,
    pub jobs: Vec<Job>,
    /// Each other language's site and outputs (published below `/<code>/`).
    pub others: Vec<(Loaded, Vec<Job>)>,
}

impl Plan {
    /// With `strict_links` false, a broken `@/` link is kept for `check` to
    /// report instead of failing the load.
    pub fn new(
        root: &Path,
        selection: &Selection,
        base_url: Option<&str>,
        strict_links: bool,
        mode: Mode,
        pages: Pages,
    ) -> Result<Plan> {
        let mut all = load_all(root, selection, base_url, strict_links, pages)?;
        let (statics, assets) = static_files(root, &all[0].site, mode)?;
        register_images(root, &all[0].images, &statics)?;
        let mut planned = Vec::with_capacity(all.len());
        for (n, loaded) in all.iter_mut().enumerate() {
            loaded.templates.set_assets(assets.clone());
            loaded.templates.set_images(loaded.images.clone());
            // Other languages' outputs are below their folder, apart from
            // the static files at the root.
            let none = Statics::new();
            let mut jobs = planned_jobs(&loaded.site, if n == 0 { &statics } else { &none })?;
            // A theme from before the search page keeps working without one.
            if !loaded.templates.has("search.html") {
                jobs.retain(|j| *j != Job::Search);
            }
            planned.push(jobs);
        }
        link_languages(root, &mut all, &planned, &statics)?;
        let mut sites = all.into_iter().zip(planned);
        let (loaded, jobs) = sites.next().expect("the default language");
        Ok(Plan {
            loaded,
            statics,
            assets,
            jobs,
            others: sites.collect(),
        })
    }

    /// Every language's site and outputs, the default first.
    pub fn languages(&self) -> impl Iterator<Item = (&Loaded, &[Job])> {
        std::iter::once((&self.loaded, self.jobs.as_slice()))
            .chain(self.others.iter().map(|(l, j)| (l, j.as_slice())))
    }
}

/// Tells each language's site what the others publish, and where: its
/// own outputs (for its links), each page's address in every language (for
/// `hreflang` and the switcher), the other languages' old addresses (for
/// `_redirects`). Fails when a language's folder would overwrite a page or
/// file of the default language (`content/es/` on a site with Spanish).
pub fn link_languages(
    root: &Path,
    all: &mut [Loaded],
    planned: &[Vec<Job>],
    statics: &Statics,
) -> Result<()> {
    let mut translations = crate::site::Translations {
        languages: all[0].site.config.languages(),
        ..Default::default()
    };
    if all.len() == 1 {
        // One language: every link is its own, and nothing to look up.
        all[0].site.translations = Arc::new(translations);
        return Ok(());
    }
    for (loaded, jobs) in all.iter().zip(planned) {
        let site = &loaded.site;
        translations.outputs.push(Arc::new(
            jobs.iter()
                .map(|j| render::output_path(&render::job_url(site, j)))
                .collect(),
        ));
    }
    let mut errors = Vec::new();
    for lang in translations.languages.iter().skip(1) {
        let folder = format!("{}/", lang.code);
        let clash = translations.outputs[0]
            .iter()
            .find(|p| p.starts_with(&folder))
            .cloned()
            .or_else(|| statics.keys().find(|p| p.starts_with(&folder)).cloned());
        if let Some(path) = clash {
            let text = std::fs::read_to_string(root.join("site.toml")).unwrap_or_default();
            errors.push(Error::Config {
                at: crate::config::key_location(
                    &site_path(root, Path::new("site.toml")),
                    &text,
                    &format!("[languages.{}]", lang.code),
                ),
                message: format!(
                    "the {} pages go below /{folder}, where the site already publishes /{path}; rename that folder",
                    lang.name
                ),
            });
        }
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    for (n, loaded) in all.iter_mut().enumerate() {
        let prefix = translations.languages[n].prefix.clone();
        loaded.site.config.urls = crate::config::LanguageUrls {
            prefix: prefix.clone(),
            own: translations.outputs[n].clone(),
        };
        let site = &loaded.site;
        for p in &site.pages {
            if !p.fallback {
                translations
                    .pages
                    .entry(p.rel.clone())
                    .or_default()
                    .push((n, site.config.urls.global(&p.url).into_owned()));
            }
            if n > 0 {
                for (from, _) in &p.aliases {
                    translations.redirects.push((
                        format!("{prefix}{from}"),
                        site.config.urls.global(&p.url).into_owned(),
                    ));
                }
            }
        }
    }
    let translations = Arc::new(translations);
    for (n, loaded) in all.iter_mut().enumerate() {
        loaded.site.translations = translations.clone();
        loaded.site.language = n;
    }
    Ok(())
}

/// Loads and validates the default language's site, optionally keeping
/// broken `@/` links for `lumbar check` to list.
pub fn load(
    root: &Path,
    selection: &Selection,
    base_url: Option<&str>,
    strict_links: bool,
) -> Result<Loaded> {
    Ok(load_all(root, selection, base_url, strict_links, Pages::Read(None))?.swap_remove(0))
}

/// Where a build's pages come from.
pub enum Pages<'a> {
    /// Every content file read and rendered, bodies kept in the spill file
    /// if there is one.
    Read(Option<&'a Arc<Spill>>),
    /// As the last build left them, each language's (see [`crate::model`]),
    /// with the templates if they are loaded already.
    Kept(Vec<crate::model::Loaded>, Vec<Templates>),
}

/// site.toml, as every language's site starts from it.
pub fn site_config(root: &Path, base_url: Option<&str>) -> Result<Config> {
    let mut config = Config::load(root).map_err(|e| relocate_config(root, e))?;
    if let Some(b) = base_url {
        config.base_url = b.trim_end_matches('/').to_string();
    }
    Ok(config)
}

/// Every language's site, loaded and validated, the default first.
pub fn load_all(
    root: &Path,
    selection: &Selection,
    base_url: Option<&str>,
    strict_links: bool,
    pages: Pages,
) -> Result<Vec<Loaded>> {
    let config = site_config(root, base_url)?;
    let (spill, mut kept, mut loaded_templates) = match pages {
        Pages::Read(spill) => (spill, None, Vec::new().into_iter()),
        Pages::Kept(languages, t) => (None, Some(languages.into_iter()), t.into_iter()),
    };
    let mut listing = match kept {
        Some(_) => content::Listing::default(),
        None => content::list_files(root)?,
    };
    let docs = match kept {
        Some(_) => vec![Vec::new(); config.languages().len()],
        None => content::docs_by_language(root, &config, &listing.docs)?,
    };
    // Each language's `docs` now says what to read; holding the listing's
    // names too, until every page is loaded, cost 70 bytes a page at the peak.
    listing.docs = Vec::new();
    let images = Arc::new(Images::new(root, &config.images));
    let data = crate::data::load(root)?;
    let mut out = Vec::with_capacity(docs.len());
    for (lang, docs) in config.languages().iter().zip(docs) {
        let config = config.for_language(&lang.code);
        let templates = match loaded_templates.next() {
            Some(t) => t,
            None => Templates::load(root, &config)?,
        };
        let style = crate::markdown::PageStyle {
            reserved_ids: templates.reserved_ids.clone(),
            callouts: crate::callouts::Callouts::new(&templates.strings, &config.care),
            section_link: templates.string("section_link"),
            spill: spill.cloned(),
        };
        // The default language reports the listing's warnings once.
        let listing = content::Listing {
            docs: Vec::new(),
            assets: listing.assets.clone(),
            warnings: if out.is_empty() {
                listing.warnings.clone()
            } else {
                Vec::new()
            },
        };
        let mut words = None;
        let mut content = match kept.as_mut().map(|k| k.next()) {
            None => content::load_docs(
                root,
                &config,
                selection,
                strict_links,
                &style,
                Some(&images),
                docs,
                listing,
                out.first().map(|l: &Loaded| &l.site),
            )?,
            Some(Some(m)) => {
                words = Some(m.words);
                content::Content {
                    pages: m.pages,
                    assets: m.assets,
                    warnings: m.warnings,
                    drafts_skipped: m.drafts_skipped,
                    left_out: m.left_out,
                    today: m.today,
                }
            }
            Some(None) => {
                return Err(Error::Output(
                    "the kept site model has fewer languages than site.toml".into(),
                ))
            }
        };
        let warnings = std::mem::take(&mut content.warnings);
        let left_out = std::mem::take(&mut content.left_out);
        let drafts_skipped = content.drafts_skipped;
        let mut site = Site::with_words(config, content, words)?;
        site.data = data.clone();
        site.dates = crate::text::DateFormat::new(
            &templates.string("date_format"),
            &templates.string("months"),
        );
        render::validate(&site, &templates)?;
        out.push(Loaded {
            site,
            templates,
            warnings,
            drafts_skipped,
            left_out,
            style,
            images: images.clone(),
        });
    }
    Ok(out)
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

pub use crate::theme::Source as StaticSource;

pub type Statics = BTreeMap<String, StaticSource>;

/// Static files: theme, then site (overriding), then assets beside content;
/// plus what [`Assets::prepare`] adds (fingerprinted copies, favicon, `_headers`).
pub fn static_files(root: &Path, site: &Site, mode: Mode) -> Result<(Statics, Assets)> {
    let mut files = crate::theme::resolve(root, &site.config, crate::theme::Kind::Static)?;
    for rel in &site.assets {
        files.insert(
            content::asset_url(rel).trim_start_matches('/').to_string(),
            StaticSource::File(root.join("content").join(rel)),
        );
    }
    let assets = Assets::prepare(root, &mut files, &site.config, mode)?;
    Ok((files, assets))
}

/// Tells `images` which file is published where, so templates can ask for
/// any of them by URL, and which originals to publish without metadata.
pub fn register_images(root: &Path, images: &Images, statics: &Statics) -> Result<()> {
    images.register(statics.iter().map(|(out, src)| {
        let rel = match src {
            StaticSource::File(p) => p
                .strip_prefix(root)
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/")),
            _ => None,
        };
        (out.clone(), rel)
    }))
}

/// The jobs to render, less any output a static file replaces (a site's own
/// `static/robots.txt` wins over the generated one).
pub fn planned_jobs(site: &Site, statics: &Statics) -> Result<Vec<Job>> {
    let mut jobs = Vec::new();
    for job in crate::jobs::jobs(site) {
        let out = render::output_path(&render::job_url(site, &job));
        if let Some(src) = statics.get(&out) {
            // A site's own robots.txt and _redirects win over generated ones.
            if matches!(job, Job::Robots | Job::Redirects) {
                continue;
            }
            return Err(Error::content(
                src.location(),
                format!("static file would overwrite the generated {out}; remove or rename it"),
            ));
        }
        jobs.push(job);
    }
    // An old address must not be one lumbar generates a page at (/tags/, /faq/…).
    let generated: std::collections::HashSet<String> = jobs
        .iter()
        .filter(|j| !matches!(j, Job::Alias(_)))
        .map(|j| render::output_path(&render::job_url(site, j)))
        .collect();
    let mut clashes = Vec::new();
    for job in &jobs {
        if let Job::Alias(url) = job {
            if generated.contains(&render::output_path(url)) {
                let page = &site.pages[site.aliases[url]];
                let at = page
                    .aliases
                    .iter()
                    .find(|(u, _)| u == url)
                    .map_or_else(|| page.at("aliases"), |(_, at)| at.clone());
                clashes.push(Error::content(
                    at,
                    format!("alias {url} is an address lumbar generates a page at; choose another"),
                ));
            }
        }
    }
    if !clashes.is_empty() {
        return Err(Error::many(clashes));
    }
    Ok(jobs)
}

/// Renders every job in parallel, returning outputs in job order.
pub fn render_all(loaded: &Loaded, jobs: &[Job]) -> Result<Vec<Output>> {
    let shared = Shared::new(&loaded.site, &loaded.templates);
    jobs.par_iter()
        .with_max_len(1)
        .map(|j| render::render_job(&loaded.site, &shared, &loaded.templates, j))
        .collect()
}

/// The build cache for these options, with the site's inputs as they are
/// now, and the previous build's output and summary when nothing has
/// changed since.
struct Cached {
    cache: BuildCache,
    scan: Scan,
    out: PathBuf,
    verdict: Verdict,
}

/// `None` when the output cannot be read: the build says why.
fn cached(opts: &BuildOptions, selection: &Selection, config: &Config) -> Option<Cached> {
    let out = output_dir(opts, config);
    let out_abs = output::resolve(&opts.root, &out, opts.allow_outside).ok()?;
    let root = std::fs::canonicalize(&opts.root).ok()?;
    let cache = BuildCache::new(
        &root,
        &root.join(&config.images.cache_dir),
        &out_abs,
        &opts.cache_key(selection.today),
    );
    let scan = cache.scan();
    let verdict = cache.check(&scan, &out_abs);
    Some(Cached {
        cache,
        scan,
        out,
        verdict,
    })
}

fn output_dir(opts: &BuildOptions, config: &Config) -> PathBuf {
    opts.output
        .clone()
        .unwrap_or_else(|| site_path(&opts.root, Path::new(&config.output_dir)))
}

/// `lumbar build`.
pub fn build(opts: &BuildOptions) -> Result<Report> {
    let start = Instant::now();
    let selection = Selection::on(opts.drafts, opts.future, opts.today);
    // Without a site.toml that loads, loading the site says what is wrong.
    let config = Config::load(&opts.root).ok();
    let mut cache = None;
    let mut verified = false;
    if let (true, Some(config)) = (opts.cache, &config) {
        if let Some(Cached {
            cache: c,
            scan,
            out,
            verdict,
        }) = cached(opts, &selection, config)
        {
            match verdict {
                Verdict::UpToDate(s) => {
                    return Ok(Report {
                        pages: s.pages,
                        files: s.files,
                        written: 0,
                        unchanged: s.files,
                        removed: 0,
                        in_place: false,
                        images_processed: 0,
                        drafts_skipped: s.drafts_skipped,
                        left_out: s.left_out,
                        warnings: s.warnings,
                        output: out,
                        elapsed: start.elapsed(),
                        up_to_date: true,
                        edited: None,
                    })
                }
                Verdict::OutputIntact(edited) => {
                    verified = true;
                    if edited.saved.is_some() {
                        let kept = model_file(opts, &c, config);
                        // An edit it cannot follow builds in full, as does
                        // one that fails: the full build then reports every
                        // problem, as it always does.
                        let from = edit::From {
                            cache: &c,
                            scan: &scan,
                            model: &kept,
                            edited,
                        };
                        if let Ok(Some(report)) = edit::build(opts, &selection, from, &out, start) {
                            return Ok(report);
                        }
                    }
                }
                Verdict::Unknown => {}
            }
            cache = Some((c, scan));
        }
    }
    let model = match (&cache, &config) {
        (Some((c, _)), Some(config)) => Some(model_file(opts, c, config)),
        _ => None,
    };
    let spill = config.as_ref().and_then(|c| {
        let dir = Path::new(&c.images.cache_dir);
        model
            .as_ref()
            .and_then(crate::model::new_bodies)
            .or_else(|| Spill::new(&opts.root.join(dir), &site_path(&opts.root, dir)))
    });
    let plan = Plan::new(
        &opts.root,
        &selection,
        opts.base_url.as_deref(),
        true,
        Mode::Fingerprint,
        Pages::Read(spill.as_ref()),
    )?;
    let Plan {
        loaded, statics, ..
    } = &plan;
    let out = output_dir(opts, &loaded.site.config);
    let out_abs = output::resolve(&opts.root, &out, opts.allow_outside)?;

    let publisher = Publisher::open(&out_abs, &out, opts.force, verified)?;
    let minify = opts.minify || loaded.site.config.minify_html;
    let mut errors: Vec<Error> = Vec::new();
    // What each language's search index adds up to, for the next build.
    let mut digests = Vec::new();
    for (loaded, jobs) in plan.languages() {
        let shared = Shared::new(&loaded.site, &loaded.templates);
        let digest = std::sync::Mutex::new(None);
        errors.extend(
            // One job at a time: jobs at the end of the list (the search
            // index's result files) are the longest, and a range already
            // being worked through cannot be shared with an idle thread.
            jobs.par_iter()
                .with_max_len(1)
                .filter_map(|job| {
                    match render::render_job(&loaded.site, &shared, &loaded.templates, job) {
                        Ok(o) => {
                            if o.digest.is_some() {
                                *digest.lock().unwrap_or_else(|e| e.into_inner()) = o.digest;
                            }
                            put_output(&publisher, o, minify).err()
                        }
                        Err(e) => Some(e),
                    }
                })
                .collect::<Vec<_>>(),
        );
        digests.push(digest.into_inner().unwrap_or_else(|e| e.into_inner()));
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    let images = &loaded.images;
    let (images_processed, renditions, image_errors) =
        put_renditions(&opts.root, images, &publisher)?;
    errors.extend(image_errors);
    // Originals beside the content were published above, without metadata.
    let replaced: std::collections::HashSet<&str> =
        renditions.iter().map(|r| r.out.as_str()).collect();
    let static_errors: Vec<Error> = statics
        .par_iter()
        .filter(|(rel, _)| !replaced.contains(rel.as_str()))
        .filter_map(|(rel, src)| {
            match src {
                StaticSource::BuiltIn(text) => publisher.put(rel, Source::Bytes(text.as_bytes())),
                StaticSource::Generated(text) => publisher.put(rel, Source::Bytes(text.as_bytes())),
                StaticSource::File(p) => {
                    publisher.put(rel, Source::File(p, &shown_path(&opts.root, p)))
                }
            }
            .err()
        })
        .collect();
    errors.extend(static_errors);
    if let Some(Err(e)) = spill.as_ref().map(|s| s.check()) {
        errors.push(e);
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    if let Some((c, _)) = &cache {
        c.forget();
    }
    if let Some(m) = &model {
        m.forget();
    }
    let published = publisher.commit()?;
    // Only now: a failed build must not cost the next one its cache.
    images.prune();
    let (mut warnings, mut left_out) = (Vec::new(), Vec::new());
    let (mut pages, mut drafts_skipped) = (0, 0);
    for (loaded, _) in plan.languages() {
        pages += loaded.site.pages.iter().filter(|p| !p.fallback).count();
        drafts_skipped += loaded.drafts_skipped;
        warnings.extend(loaded.warnings.iter().cloned());
        left_out.extend(loaded.left_out.iter().cloned());
    }
    warnings.sort();
    warnings.dedup();
    let files = published.files();
    let cache_dir = site_path(&opts.root, Path::new(&loaded.site.config.images.cache_dir));
    let build_id = crate::model::new_build_id();
    if let Some(m) = &model {
        let languages: Vec<crate::model::Saving> = plan
            .languages()
            .zip(&digests)
            .map(|((l, _), digest)| kept_language(l, *digest))
            .collect();
        // Without a model the next build after an edit is a full one.
        if let Err(e) = m.save(spill.as_deref(), build_id, &languages) {
            warnings.push(model_not_saved(&cache_dir, e));
        }
    }
    // The pages are not needed any more, and the record below is large on a
    // large site: not both in memory at once.
    drop(renditions);
    drop(plan);
    if let Some((c, scan)) = cache {
        let summary = Summary {
            pages,
            files,
            drafts_skipped,
            left_out: left_out.clone(),
            warnings: warnings.clone(),
            build: build_id,
        };
        // Without a cache the next build is a full one, which is correct.
        if let Err(e) = c.save(&scan, &out_abs, summary) {
            warnings.push(cache_not_saved(&cache_dir, e));
        }
    }
    Ok(Report {
        pages,
        files,
        written: published.written,
        unchanged: published.unchanged,
        removed: published.removed,
        in_place: published.in_place,
        images_processed,
        drafts_skipped,
        left_out,
        warnings,
        output: out,
        elapsed: start.elapsed(),
        up_to_date: false,
        edited: None,
    })
}

/// Where this build's site model is kept, beside its cache.
fn model_file(opts: &BuildOptions, cache: &BuildCache, config: &Config) -> crate::model::ModelFile {
    crate::model::ModelFile {
        file: cache.beside("model"),
        bodies: cache.beside("bodies"),
        shown: site_path(&opts.root, Path::new(&config.images.cache_dir)),
        key: cache.key().to_string(),
    }
}

/// One language of the model to keep.
fn kept_language(loaded: &Loaded, search_digest: Option<u64>) -> crate::model::Saving<'_> {
    crate::model::Language {
        pages: &loaded.site.pages,
        words: &loaded.site.words,
        assets: loaded.site.assets.clone(),
        warnings: loaded.warnings.clone(),
        drafts_skipped: loaded.drafts_skipped,
        left_out: loaded.left_out.clone(),
        today: loaded.site.today,
        search_digest,
    }
}

/// Makes the image renditions the rendered outputs asked for, once they
/// have all been rendered, and publishes them: how many were made, which
/// were published, and what could not be.
fn put_renditions(
    root: &Path,
    images: &Images,
    publisher: &Publisher,
) -> Result<(usize, Vec<crate::images::Rendition>, Vec<Error>)> {
    let made = images.make(&images.missing())?;
    let renditions = images.wanted();
    let errors = renditions
        .par_iter()
        .filter_map(|r| {
            let cached = images.cached(r);
            let from = shown_path(root, &cached);
            publisher.put(&r.out, Source::Cached(&cached, &from)).err()
        })
        .collect();
    Ok((made, renditions, errors))
}

/// Publishes one rendered output (minified if asked, when it is HTML) and
/// the files it writes beside it (the search index's thousands).
fn put_output(publisher: &Publisher, o: Output, minify: bool) -> Result<()> {
    if minify && o.path.ends_with(".html") {
        let html = crate::htmlmin::minify(&String::from_utf8_lossy(&o.bytes));
        publisher.put(&o.path, Source::Bytes(html.as_bytes()))?;
    } else {
        publisher.put(&o.path, Source::Bytes(&o.bytes))?;
    }
    match o
        .more
        .par_iter()
        .find_map_any(|(path, bytes)| publisher.put(path, Source::Bytes(bytes)).err())
    {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn cache_not_saved(cache_dir: &Path, e: std::io::Error) -> Warning {
    Warning::new(
        crate::error::Location::unknown(cache_dir.to_path_buf()),
        format!("the build cache could not be saved ({e}); the next build will be a full one"),
    )
}

fn model_not_saved(cache_dir: &Path, e: std::io::Error) -> Warning {
    Warning::new(
        crate::error::Location::unknown(cache_dir.to_path_buf()),
        format!(
            "the site model could not be saved ({e}); the next build after an edit will be a full one"
        ),
    )
}
