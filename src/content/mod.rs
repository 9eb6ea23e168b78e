//! Content: reading `content/` into pages. Articles and sections are Markdown
//! with YAML front matter; FAQ files are YAML. Loading is two passes so that
//! `@/path.md` links can be resolved: first every file's metadata and URL, then
//! every body's Markdown, both in parallel.
//!
//! [`files`] finds the files and says which are content, [`parse`] reads one
//! into its metadata (with [`yaml`] for positions, hints and dates), and this
//! module renders them and loads a whole site.

mod files;
mod model;
mod parse;
mod references;
mod terms;
mod translations;
mod yaml;

pub use files::{
    classify, files_below, files_below_reporting, is_ignored, list_files, looks_like_source,
    shown_path, site_path, Listing,
};
pub use model::*;
pub use parse::{parse_file, parse_file_as, parse_text};
pub use terms::PAGE_KEYS;
pub use translations::{docs_by_language, language_of, split_language, Doc};
pub use yaml::{yaml_error, yaml_key_location};

use crate::config::Config;
use crate::error::{Error, Location, Result, Warning};
use crate::markdown::{self, PageStyle, RenderOptions, Rendered};
use crate::text::{reading_minutes, slugify, word_count};
use chrono::NaiveDate;
use parse::FaqEntry;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// How far ahead a review counts as coming due.
pub const DUE_SOON_DAYS: i64 = 30;

/// A file after the first pass: metadata parsed, body not yet rendered.
#[derive(Debug)]
pub struct Parsed {
    meta: PageMeta,
    body: String,
    faq_entries: Vec<(FaqEntry, usize, usize)>,
    warnings: Vec<Warning>,
}

impl Parsed {
    pub fn url(&self) -> &str {
        &self.meta.url
    }
    /// The old addresses (`aliases:`) that redirect here.
    pub fn aliases(&self) -> impl Iterator<Item = &str> {
        self.meta.aliases.iter().map(|(u, _)| u.as_str())
    }
    pub fn rel(&self) -> &str {
        &self.meta.rel
    }
    /// Why `selection` leaves this page out, if it does; a page it keeps is
    /// marked scheduled when its date is still to come.
    pub fn select(&mut self, selection: &Selection, config: &Config) -> Option<LeftOut> {
        self.meta.scheduled = selection.is_scheduled(&self.meta);
        selection.left_out(&self.meta).or_else(|| {
            let months = config.review_interval_months;
            let hide = config.overdue == crate::config::Overdue::Hide
                && !selection.keep_overdue
                && self.meta.is_reviewable();
            (hide && self.meta.review_status(months, selection.today) == ReviewStatus::Overdue)
                .then(|| {
                    LeftOut::Overdue(self.meta.review_due(months).expect("overdue has a date"))
                })
        })
    }
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
    /// Its warnings, unless it is listed here in place of a translation:
    /// the default language reports those.
    pub(crate) fn own_warnings(&self) -> Vec<Warning> {
        if self.meta.fallback {
            Vec::new()
        } else {
            self.warnings.clone()
        }
    }
}

/// A parsed file rendered alone (no other pages to link to, the default
/// style): for unit tests of what comes after loading.
#[cfg(test)]
pub fn render_alone(p: Parsed, config: &Config) -> Page {
    render_parsed(p, config, &|_: &str| None, true, &Default::default(), None).unwrap()
}

/// Second pass: render Markdown bodies and FAQ answers.
pub fn render_parsed(
    p: Parsed,
    config: &Config,
    resolve: &(dyn Fn(&str) -> Option<String> + Sync),
    strict_links: bool,
    style: &PageStyle,
    images: Option<&crate::images::Images>,
) -> Result<Page> {
    let citations: HashMap<String, (usize, String)> = p
        .meta
        .references
        .iter()
        .filter_map(|r| Some((slugify(r.key.as_deref()?), (r.number, r.id.clone()))))
        .collect();
    let meta = p.meta;
    let opts = RenderOptions {
        unsafe_html: config.unsafe_html,
        resolve,
        dir: meta.dir(),
        strict_links,
        style,
        citations: &citations,
        images,
        // A hero image is what the reader sees first.
        eager_first_image: meta.image.is_none(),
    };
    let body = markdown::render(&p.body, &meta.path, meta.body_line, &opts)?;
    let opts = RenderOptions {
        eager_first_image: false,
        ..opts
    };
    let mut words = body.words;
    let mut used = HashSet::new();
    let mut questions = Vec::with_capacity(p.faq_entries.len());
    for (entry, line, answer_line) in p.faq_entries {
        let question = entry.question.trim().to_string();
        let mut base = slugify(&question);
        if base.is_empty() {
            base = "question".into();
        }
        let id = markdown::unique_id(&mut used, &style.reserved_ids, base);
        let answer = markdown::render(&entry.answer, &meta.path, answer_line, &opts)?;
        words += word_count(&question) + answer.words;
        questions.push(Question {
            question,
            id,
            answer,
            line,
            answer_line,
        });
    }
    Ok(Page {
        meta,
        body,
        questions,
        words,
        reading_minutes: reading_minutes(words),
    })
}

/// Which pages a run publishes: drafts and future-dated (scheduled) pages
/// only when asked; expired pages never.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    pub drafts: bool,
    /// Include pages whose `date` is after `today`.
    pub future: bool,
    pub today: NaiveDate,
    /// Keep pages that `overdue = "hide"` would leave out (the review
    /// report must list them: they are the ones needing work).
    pub keep_overdue: bool,
}

impl Selection {
    /// Today's date, drafts and scheduled pages as given.
    pub fn new(drafts: bool, future: bool) -> Selection {
        Selection::on(drafts, future, None)
    }

    /// As of `today` (`None`: the real today), drafts and scheduled pages as given.
    pub fn on(drafts: bool, future: bool, today: Option<NaiveDate>) -> Selection {
        Selection {
            drafts,
            future,
            today: today.unwrap_or_else(|| chrono::Local::now().date_naive()),
            keep_overdue: false,
        }
    }

    /// Why a page is left out, if it is.
    pub fn left_out(&self, meta: &PageMeta) -> Option<LeftOut> {
        if meta.draft && !self.drafts {
            Some(LeftOut::Draft)
        } else if meta.expires.is_some_and(|e| e < self.today) {
            Some(LeftOut::Expired(meta.expires.expect("checked")))
        } else if meta.date.is_some_and(|d| d > self.today) && !self.future {
            Some(LeftOut::Scheduled(meta.date.expect("checked")))
        } else {
            None
        }
    }

    /// True for a page that is shown although its date has not come yet.
    pub fn is_scheduled(&self, meta: &PageMeta) -> bool {
        meta.date.is_some_and(|d| d > self.today)
    }
}

/// Why a page is not in this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LeftOut {
    Draft,
    /// Published on this day.
    Scheduled(NaiveDate),
    /// Taken down after this day.
    Expired(NaiveDate),
    /// Clinical review was due on this day (`overdue = "hide"`).
    Overdue(NaiveDate),
}

/// The loaded content of a site.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Every page the selection publishes, sorted by `rel`.
    pub pages: Vec<Page>,
    /// Non-content files below `content/`, copied beside their pages.
    pub assets: Vec<String>,
    pub warnings: Vec<Warning>,
    /// Drafts left out of this build.
    pub drafts_skipped: usize,
    /// Scheduled and expired pages left out, with why.
    pub left_out: Vec<(PathBuf, LeftOut)>,
    /// The day the selection was made for.
    pub today: NaiveDate,
}

/// URL → content path map used to resolve `@/` links, keyed by `rel`.
pub fn url_map<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> HashMap<String, String> {
    items
        .map(|(rel, url)| (rel.to_string(), url.to_string()))
        .collect()
}

/// Fails when several files would write the same URL, naming each pair.
pub fn check_duplicate_urls<'a>(items: impl Iterator<Item = (&'a str, &'a Path)>) -> Result<()> {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut errors = Vec::new();
    for (url, path) in items {
        if let Some(first) = seen.get(url) {
            errors.push(Error::content(
                Location::file(path),
                format!("URL {url} is already produced by {}; rename the file or set a different `slug`", first.display()),
            ));
        } else {
            seen.insert(url, path);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::many(errors))
    }
}

/// Splits results into values and one error holding every failure.
pub fn collect_all<T>(results: Vec<Result<T>>) -> Result<Vec<T>> {
    let mut ok = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(ok)
    } else {
        Err(Error::many(errors))
    }
}

/// A file after the first pass: rendered already unless its Markdown links
/// to other content with `@/`, which needs every page's URL first. Rendering
/// early lets the source text go at once, which keeps peak memory down.
/// Boxed: the vectors of stages between the passes are then arrays of
/// pointers, not copies of every page (at 100,000 pages, 190 MiB of peak
/// memory was those copies), and each page leaves its box for the site's
/// list as the list is filled.
enum Stage {
    Done(Box<Page>, Vec<Warning>),
    NeedsUrls(Box<Parsed>),
}

impl Stage {
    fn meta(&self) -> &PageMeta {
        match self {
            Stage::Done(p, _) => &p.meta,
            Stage::NeedsUrls(p) => &p.meta,
        }
    }
}

impl Parsed {
    fn links_to_content(&self) -> bool {
        self.body.contains("@/")
            || self
                .faq_entries
                .iter()
                .any(|(e, _, _)| e.answer.contains("@/"))
    }
}

/// Reads `file` as the page at `rel` (see [`parse_file_as`]); as a
/// `fallback`, listed in a language with no translation of it.
pub fn parse_doc(
    root: &Path,
    file: &str,
    rel: &str,
    fallback: bool,
    taxonomies: &[crate::config::TaxonomyConfig],
) -> Result<Parsed> {
    let mut p = parse_file_as(root, file, rel, taxonomies)?;
    if fallback {
        p.meta.list_as_fallback();
    }
    Ok(p)
}

impl PageMeta {
    /// Marks the page as listed in a language with no translation of it.
    /// Its topics and old addresses are the default language's.
    fn list_as_fallback(&mut self) {
        self.fallback = true;
        self.terms.iter_mut().for_each(Vec::clear);
        self.aliases.clear();
    }
}

/// The default language's page as another language lists it in place of a
/// missing translation: read once for every language, not once per
/// language. Of its body, lists need only the headings (related articles);
/// a person's bio (the team page) and a FAQ's answers (where an article
/// embeds it) are kept.
pub fn as_fallback(page: &Page) -> Page {
    let mut meta = page.meta.clone();
    meta.list_as_fallback();
    let body = if page.kind == Kind::Person {
        page.body.clone()
    } else {
        crate::markdown::Rendered {
            headings: page.body.headings.clone(),
            words: page.body.words,
            care_cards: page.body.care_cards.clone(),
            ..Default::default()
        }
    };
    Page {
        meta,
        body,
        questions: page.questions.clone(),
        words: page.words,
        reading_minutes: page.reading_minutes,
    }
}

/// A file after the first pass, or why the selection left it out (`None`:
/// quietly, as the default language reports it).
type Kept = std::result::Result<Stage, (PathBuf, LeftOut)>;

/// Loads and renders one language's pages: `docs` (see [`docs_by_language`])
/// with the assets and warnings of `listing`. With `strict_links`, an `@/`
/// link to no content file fails the load; without, it is kept for `check`
/// to report. Pages listed in place of a translation are taken from the
/// `default` language's site where it has them (see [`as_fallback`]).
#[allow(clippy::too_many_arguments)]
pub fn load_docs(
    root: &Path,
    config: &Config,
    selection: &Selection,
    strict_links: bool,
    style: &PageStyle,
    images: Option<&crate::images::Images>,
    docs: Vec<Doc>,
    listing: Listing,
    default: Option<&crate::site::Site>,
) -> Result<Content> {
    let Listing {
        assets,
        mut warnings,
        ..
    } = listing;
    // Files beside the content (images, PDFs) are known before any page is
    // parsed; pages' URLs only once every page is.
    let files: HashSet<&str> = assets.iter().map(String::as_str).collect();
    let file_url = |rel: &str| files.contains(rel).then(|| asset_url(rel));
    let parse = |file: &str, rel: &str, fallback: bool| -> Result<(Parsed, Option<LeftOut>)> {
        let mut p = parse_doc(root, file, rel, fallback, &config.taxonomies)?;
        let why = p.select(selection, config);
        Ok((p, why))
    };
    // Every file is parsed even after one fails, so one run reports every
    // broken file (sorted by `Error::many`, whatever order threads finish in).
    // Taken one by one, so each file's names are let go once it is read:
    // the list is held no longer than it has files left to read.
    let staged: Vec<Result<Option<Kept>>> = docs
        .into_par_iter()
        .map(|doc| {
            let shared = || {
                let page = default?.page(&doc.rel)?;
                Some(Ok(Some(Ok(Stage::Done(
                    Box::new(as_fallback(page)),
                    Vec::new(),
                )))))
            };
            if doc.fallback {
                if let Some(done) = shared() {
                    return done;
                }
            }
            let (mut p, mut why) = parse(&doc.file, &doc.rel, doc.fallback)?;
            // A translation still in draft: its source is listed meanwhile.
            if let (Some(_), Some(source)) = (why, &doc.source) {
                if let Some(done) = shared() {
                    return done;
                }
                let (sp, swhy) = parse(source, &doc.rel, true)?;
                if swhy.is_none() {
                    (p, why) = (sp, None);
                }
            }
            if let Some(why) = why {
                // The default language counts and reports its own drafts.
                return Ok((!p.meta.fallback).then_some(Err((p.meta.path, why))));
            }
            Ok(Some(Ok(if p.links_to_content() {
                Stage::NeedsUrls(Box::new(p))
            } else {
                let w = p.own_warnings();
                let page = render_parsed(p, config, &file_url, strict_links, style, images)?;
                Stage::Done(Box::new(page), w)
            })))
        })
        .collect();
    let mut left_out = Vec::new();
    let mut drafts_skipped = 0;
    // One `filter_map` straight from the vector: Rust then collects in the
    // same allocation. A `flatten()` before it made a second array of every
    // page at once (+9 MiB peak on 8,200 pages).
    let staged: Vec<Stage> = collect_all(staged)?
        .into_iter()
        .filter_map(|r| match r? {
            Ok(stage) => Some(stage),
            Err((_, LeftOut::Draft)) => {
                drafts_skipped += 1;
                None
            }
            Err(other) => {
                left_out.push(other);
                None
            }
        })
        .collect();
    check_duplicate_urls(
        staged
            .iter()
            .map(|s| (s.meta().url.as_str(), s.meta().path.as_path())),
    )?;
    let urls = url_map(
        staged
            .iter()
            .map(|s| (s.meta().rel.as_str(), s.meta().url.as_str())),
    );
    let resolve = |rel: &str| urls.get(rel).cloned().or_else(|| file_url(rel));
    let done: Vec<Result<(Box<Page>, Vec<Warning>)>> = staged
        .into_par_iter()
        .map(|s| match s {
            Stage::Done(p, w) => Ok((p, w)),
            Stage::NeedsUrls(p) => {
                let w = p.own_warnings();
                let page = render_parsed(*p, config, &resolve, strict_links, style, images)?;
                Ok((Box::new(page), w))
            }
        })
        .collect();
    let mut pages = Vec::with_capacity(done.len());
    for (page, w) in collect_all(done)? {
        pages.push(*page);
        warnings.extend(w);
    }
    warnings.sort();
    Ok(Content {
        pages,
        assets,
        warnings,
        drafts_skipped,
        left_out,
        today: selection.today,
    })
}

/// Where a file below `content/` is published: its folders slugged like
/// page URLs, its name as it is (`Advice Pages/Chair.jpg` →
/// `/advice-pages/Chair.jpg`).
pub fn asset_url(rel: &str) -> String {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let dirs: String = dir
        .split('/')
        .filter(|p| !p.is_empty())
        .map(|p| crate::text::slugify(p) + "/")
        .collect();
    format!("/{dirs}{name}")
}

/// The URL of a file a page names (`image:`, `photo:`): a web address as it
/// is; `/x` below `static/` or `content/`; `@/x` below `content/`; anything
/// else beside the page, as an author expects. `Err` says where it looked.
pub fn resolve_asset(root: &Path, dir: &str, written: &str) -> std::result::Result<String, String> {
    let w = written.trim();
    if crate::markdown::is_external(w) {
        return Ok(w.to_string());
    }
    let (candidates, rel): (Vec<&str>, String) = if let Some(r) = w.strip_prefix("@/") {
        (vec!["content"], r.to_string())
    } else if let Some(r) = w.strip_prefix('/') {
        (vec!["static", "content"], r.to_string())
    } else if dir.is_empty() {
        (vec!["content"], w.to_string())
    } else {
        (vec!["content"], format!("{dir}/{w}"))
    };
    // `..` is resolved here, never outside the folder looked in.
    let (parts, above) = crate::text::path_segments(&rel);
    if above {
        return Err(format!("{w:?} leads outside the site"));
    }
    let rel = parts.join("/");
    for base in &candidates {
        if !rel.is_empty() && root.join(base).join(&rel).is_file() {
            return Ok(if *base == "content" {
                asset_url(&rel)
            } else {
                format!("/{rel}")
            });
        }
    }
    Err(candidates
        .iter()
        .map(|b| format!("{b}/{rel}"))
        .collect::<Vec<_>>()
        .join(" and "))
}
