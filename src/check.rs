//! `lumbar check`: what a clinic should fix before publishing. Broken
//! internal links and anchors (checked against the rendered pages, so
//! template-made ids count), optionally external links, clinical review dates,
//! reading level, accessibility basics and FAQ quality.

use crate::build;
use crate::content::{Kind, LeftOut, Page, ReviewStatus, Selection, DUE_SOON_DAYS};
use crate::error::Result;
use crate::linkcheck;
use crate::markdown::{is_external, is_internal, LinkRef, Lint, Rendered};
use crate::readability;
use crate::render;
use crate::site::Site;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub external: bool,
    pub drafts: bool,
    /// The date reviews are judged against; `None` is today. Passed in so
    /// a check can look ahead ("what falls due by March?") and tests do not
    /// start failing when the example site's review dates come due.
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, never a failure (pages scheduled or expired).
    Info,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Which check: links, external, review, readability, accessibility, faq.
    pub check: &'static str,
    pub file: String,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub pages: usize,
    pub findings: Vec<Finding>,
}

impl Report {
    pub fn count(&self, s: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == s).count()
    }

    /// Errors fail the check; warnings too with `--strict`.
    pub fn failed(&self, strict: bool) -> bool {
        self.count(Severity::Error) > 0 || (strict && self.count(Severity::Warning) > 0)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&serde_json::json!({
            "pages": self.pages,
            "errors": self.count(Severity::Error),
            "warnings": self.count(Severity::Warning),
            "findings": self.findings,
        }))
        .expect("plain data serialises")
    }

    /// Grouped by file, in file and line order.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
        for f in &self.findings {
            by_file.entry(&f.file).or_default().push(f);
        }
        for (file, list) in by_file {
            let _ = writeln!(out, "{file}");
            for f in list {
                let sev = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                };
                let _ = writeln!(
                    out,
                    "  {file}:{}: {sev} [{}] {}",
                    f.line, f.check, f.message
                );
            }
            out.push('\n');
        }
        let (e, w) = (self.count(Severity::Error), self.count(Severity::Warning));
        if e + w == 0 {
            let _ = writeln!(out, "No problems found in {} pages.", self.pages);
        } else {
            let _ = writeln!(
                out,
                "{e} error{}, {w} warning{} in {} pages.",
                plural(e),
                plural(w),
                self.pages
            );
        }
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

struct Ctx<'a> {
    site: &'a Site,
    findings: Vec<Finding>,
}

impl Ctx<'_> {
    fn add(
        &mut self,
        severity: Severity,
        check: &'static str,
        page: &Page,
        line: usize,
        message: String,
    ) {
        self.add_at(severity, check, &page.path, line, message);
    }

    /// A finding about a file that need not be a page (a template's output,
    /// a page left out of the build, a file the build skipped).
    fn add_at(
        &mut self,
        severity: Severity,
        check: &'static str,
        file: &std::path::Path,
        line: usize,
        message: String,
    ) {
        self.findings.push(Finding {
            severity,
            check,
            file: file.display().to_string(),
            line,
            message,
        });
    }
}

pub fn check(opts: &CheckOptions) -> Result<Report> {
    let selection = Selection::on(opts.drafts, false, opts.today);
    let today = selection.today;
    let build::Plan {
        loaded,
        statics,
        jobs,
        ..
    } = build::Plan::new(
        &opts.root,
        &selection,
        None,
        false,
        crate::assets::Mode::Fingerprint,
    )?;
    let site = &loaded.site;
    // Every output and the ids in it; the HTML itself is not kept.
    let shared = render::Shared::new(site, &loaded.templates);
    let rendered: Vec<(String, HashSet<String>, Vec<String>, &render::Job)> = jobs
        .par_iter()
        .map(|j| {
            // The search index is JSON no page links into: its path is
            // enough, and writing it (every result's file) is a build's work.
            if matches!(j, render::Job::SearchIndex | render::Job::SearchResults(..)) {
                let path = render::output_path(&render::job_url(site, j));
                return Ok((path, HashSet::new(), Vec::new(), j));
            }
            let out = render::render_job(site, &shared, &loaded.templates, j)?;
            let (ids, dups) = if out.path.ends_with(".html") {
                html_ids(&String::from_utf8_lossy(&out.bytes))
            } else {
                Default::default()
            };
            Ok((out.path, ids, dups, j))
        })
        .collect::<Result<_>>()?;
    let mut duplicate_ids = Vec::new();
    let mut targets: HashMap<String, HashSet<String>> = HashMap::with_capacity(rendered.len());
    for (path, ids, dups, job) in rendered {
        if !dups.is_empty() {
            duplicate_ids.push((path.clone(), dups, job.clone()));
        }
        targets.insert(path, ids);
    }
    for rel in statics.keys() {
        targets.entry(rel.clone()).or_default();
    }
    // Decoding finds what a header hides (a cut-off photo); what is made
    // here is cached, so the next build does not make it again.
    loaded.images.make(&loaded.images.missing())?;
    for r in loaded.images.wanted() {
        targets.entry(r.out).or_default();
    }

    let mut ctx = Ctx {
        site,
        findings: Vec::new(),
    };
    for page in &site.pages {
        internal_links(&mut ctx, page, &targets);
        review(&mut ctx, page, today);
        reading_level(&mut ctx, page);
        accessibility(&mut ctx, page);
        image_sizes(&mut ctx, page, &loaded.images);
        red_flags(&mut ctx, page);
    }
    moved_pages(&mut ctx, &opts.root, &targets);
    for (path, dups, job) in duplicate_ids {
        let (file, line) = match job {
            render::Job::Page(i) => (site.pages[i].path.clone(), 1),
            _ => (std::path::PathBuf::from(format!("/{path}")), 0),
        };
        for id in dups {
            ctx.add_at(
                Severity::Error,
                "ids",
                &file,
                line,
                format!("the page /{path} has id=\"{id}\" more than once, so links to #{id} are ambiguous; rename a heading or question"),
            );
        }
    }
    // Pages the build leaves out for their dates, for whoever plans them.
    for (path, why) in &loaded.left_out {
        let message = match why {
            LeftOut::Scheduled(d) => format!(
                "scheduled: left out of builds until {d} (`lumbar build --future` includes it)"
            ),
            LeftOut::Expired(d) => format!("expired: left out of builds since {d} (`expires:`)"),
            LeftOut::Overdue(d) => format!(
                "hidden: clinical review was due {d} and site.toml has `overdue = \"hide\"`; review it and update `reviewed:`"
            ),
            LeftOut::Draft => continue,
        };
        ctx.add_at(Severity::Info, "schedule", path, 1, message);
    }
    // What the build warns about (a YAML comment cutting a title, a source
    // file that will not be published) is a finding here too.
    for w in &loaded.warnings {
        ctx.add_at(
            Severity::Warning,
            "files",
            &w.at.path,
            w.at.line(),
            w.message.clone(),
        );
    }
    faq_quality(&mut ctx);
    if opts.external {
        external_links(&mut ctx);
    }
    let mut findings = ctx.findings;
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.severity, &a.message).cmp(&(&b.file, b.line, b.severity, &b.message))
    });
    Ok(Report {
        pages: site.pages.len(),
        findings,
    })
}

/// Every element id in a page, and those that occur more than once. Read
/// with an HTML parser, so any quoting of the attribute counts.
fn html_ids(html: &str) -> (HashSet<String>, Vec<String>) {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let mut ids = HashSet::new();
    let mut dups = Vec::new();
    let settings = RewriteStrSettings {
        element_content_handlers: vec![element!("[id]", |el| {
            if let Some(id) = el.get_attribute("id") {
                if !ids.insert(id.clone()) && !dups.contains(&id) {
                    dups.push(id);
                }
            }
            Ok(())
        })],
        ..RewriteStrSettings::new()
    };
    // Reading never fails in non-strict mode; a page it could not read
    // would simply offer no ids, and links to them would be reported.
    let _ = rewrite_str(html, settings);
    (ids, dups)
}

/// Pages the last build published that this one would not: a page that
/// moved leaves its old address (in bookmarks, search engines, printed QR
/// codes) leading to the 404 page unless an alias keeps it. Said at the
/// page that most likely moved there (same last address part), if any.
fn moved_pages(ctx: &mut Ctx, root: &std::path::Path, targets: &HashMap<String, HashSet<String>>) {
    let out = root.join(&ctx.site.config.output_dir);
    let gone: Vec<String> = crate::output::previous_files(&out)
        .into_iter()
        .filter(|rel| {
            (rel.ends_with("index.html") || rel.ends_with(".html"))
                && rel != "404.html"
                && !targets.contains_key(rel)
        })
        .collect();
    if gone.is_empty() {
        return;
    }
    fn last(url: &str) -> &str {
        url.trim_end_matches('/').rsplit('/').next().unwrap_or("")
    }
    // Pages by the last part of their address, first page first: built once,
    // not searched again for every address that went.
    let mut by_last: HashMap<&str, usize> = HashMap::new();
    for (i, p) in ctx.site.pages.iter().enumerate() {
        if !last(&p.url).is_empty() {
            by_last.entry(last(&p.url)).or_insert(i);
        }
    }
    let site = ctx.site;
    for rel in gone {
        let old = format!("/{}", rel.trim_end_matches("index.html"));
        let fix = format!("add `aliases: [{old}]` so old links and printed QR codes still work");
        match by_last.get(last(&old)) {
            Some(&i) => {
                let p = &site.pages[i];
                let message = format!("the last build had this page at {old}: if it moved, {fix}");
                ctx.add(Severity::Warning, "moved", p, p.at("title").line(), message);
            }
            None => ctx.add_at(
                Severity::Warning,
                "moved",
                &crate::content::site_path(root, std::path::Path::new(&site.config.output_dir)),
                0,
                format!("the last build had a page at {old} that no page has now: if it moved, {fix} to its file; if it is gone on purpose, ignore this (the next build forgets it)"),
            ),
        }
    }
}

/// Every link of a page with its line: body and FAQ answers.
fn links_of(page: &Page) -> impl Iterator<Item = &LinkRef> {
    page.body
        .links
        .iter()
        .chain(page.questions.iter().flat_map(|q| q.answer.links.iter()))
}

/// Resolves `target` against the page URL `base` to an output path and fragment.
fn resolve(base: &str, target: &str) -> (String, Option<String>) {
    let target = target.split('?').next().unwrap_or(target);
    let (path, frag) = match target.split_once('#') {
        Some((p, f)) => (
            p,
            Some(
                percent_encoding::percent_decode_str(f)
                    .decode_utf8_lossy()
                    .into_owned(),
            ),
        ),
        None => (target, None),
    };
    let joined = if path.is_empty() {
        base.to_string()
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{base}{path}")
    };
    let decoded = percent_encoding::percent_decode_str(&joined)
        .decode_utf8_lossy()
        .into_owned();
    let (parts, _) = crate::text::path_segments(&decoded);
    let mut key = parts.join("/");
    if decoded.ends_with('/') || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    (key, frag)
}

fn internal_links(ctx: &mut Ctx, page: &Page, targets: &HashMap<String, HashSet<String>>) {
    for link in links_of(page) {
        if let Some(why) = &link.missing {
            ctx.add(Severity::Error, "links", page, link.line, why.clone());
            continue;
        }
        if let Some(content) = link.target.strip_prefix("@/") {
            let file = content.split('#').next().unwrap_or(content);
            ctx.add(
                Severity::Error,
                "links",
                page,
                link.line,
                format!("broken link @/{content}: no content file {file}"),
            );
            continue;
        }
        if !is_internal(&link.target) {
            continue;
        }
        // A link may already carry the base path (`/clinic/…`) it will be served under.
        let base = ctx.site.config.base_path();
        let target = match link.target.strip_prefix(base) {
            Some(t) if !base.is_empty() && t.starts_with('/') => t,
            _ => link.target.as_str(),
        };
        let (mut key, frag) = resolve(&page.url, target);
        if !targets.contains_key(&key) && targets.contains_key(&format!("{key}/index.html")) {
            key = format!("{key}/index.html");
        }
        let mut broken = |why: String| {
            let what = if link.image { "image" } else { "link" };
            let message = format!("broken {what} {}: {why}", link.target);
            ctx.add(Severity::Error, "links", page, link.line, message);
        };
        let Some(ids) = targets.get(&key) else {
            broken("no page or file at that address".into());
            continue;
        };
        if let Some(f) = frag.filter(|f| !f.is_empty() && !ids.contains(f)) {
            broken(format!("the page has no heading or question with id #{f}"));
        }
    }
}

fn review(ctx: &mut Ctx, page: &Page, today: NaiveDate) {
    if !page.is_reviewable() {
        return;
    }
    let months = ctx.site.config.review_interval_months;
    let due = page
        .review_due(months)
        .map_or_else(String::new, |d| d.to_string());
    let reviewed_line = page.at("reviewed").line();
    let mut add =
        |severity, line, message: String| ctx.add(severity, "review", page, line, message);
    match page.review_status(months, today) {
        ReviewStatus::NeverReviewed => add(
            Severity::Warning,
            1,
            "no `reviewed:` date: add the date a clinician last checked this page".into(),
        ),
        ReviewStatus::Overdue => {
            let last = page
                .reviewed
                .map_or_else(|| "never".into(), |d| d.to_string());
            add(
                Severity::Warning,
                reviewed_line,
                format!("overdue for clinical review: due {due} (last reviewed {last}); review it, then update `reviewed:`"),
            );
        }
        ReviewStatus::DueSoon => add(
            Severity::Info,
            reviewed_line,
            format!("clinical review due {due} (within {DUE_SOON_DAYS} days)"),
        ),
        ReviewStatus::Ok => {}
    }
    if page.reviewed.is_some() && page.reviewed_by.is_none() {
        add(
            Severity::Warning,
            reviewed_line,
            "`reviewed:` without `reviewed_by:`: name the clinician who checked it, so the page can show their credentials".into(),
        );
    }
    if page.reviewed_by.is_some() && page.reviewed_by == page.author {
        add(
            Severity::Warning,
            page.at("reviewed_by").line(),
            "reviewed by its own author: a clinical review should be done by someone else".into(),
        );
    }
    if page.kind == Kind::Article
        && page.references.is_empty()
        && ctx.site.config.require_references
    {
        ctx.add(
            Severity::Warning,
            "references",
            page,
            1,
            "no `references:`: list the sources this advice rests on (or set `require_references = false` in site.toml)".into(),
        );
    }
}

/// Red-flag signs of back pain that need same-day care: a page that names
/// one should say so in an emergency or urgent care card, not in passing.
const RED_FLAGS: [&str; 10] = [
    "cauda equina",
    "saddle numbness",
    "numbness around your genitals",
    "numbness around your bottom",
    "bladder",
    "bowel",
    "weakness in your legs",
    "leg weakness",
    "fever",
    "unexplained weight loss",
];

/// The text of `body` outside its emergency and urgent care cards, lowercased.
fn outside_urgent_cards(body: &crate::markdown::Rendered) -> String {
    let mut kept = String::with_capacity(body.text.len());
    let mut from = 0;
    for card in body.care_cards.iter().filter(|c| c.urgent) {
        kept.push_str(&body.text[from..card.span.start]);
        kept.push('\n');
        from = card.span.end;
    }
    kept.push_str(&body.text[from..]);
    kept.to_lowercase()
}

fn red_flags(ctx: &mut Ctx, page: &Page) {
    let care = &ctx.site.config.care;
    let terms: Vec<String> = match &care.red_flags {
        Some(list) => list.iter().map(|t| t.to_lowercase()).collect(),
        None => RED_FLAGS.iter().map(|t| t.to_string()).collect(),
    };
    let places = std::iter::once((page.body_line, &page.body))
        .chain(page.questions.iter().map(|q| (q.answer_line, &q.answer)));
    for (line, body) in places {
        let text = outside_urgent_cards(body);
        for term in terms
            .iter()
            .filter(|t| !t.is_empty() && text.contains(t.as_str()))
        {
            ctx.add(
                Severity::Warning,
                "care",
                page,
                line,
                format!("mentions \"{term}\" outside an emergency or urgent care card: say when to get help in a > [!EMERGENCY] or > [!URGENT] card ([care] red_flags in site.toml sets these words)"),
            );
        }
    }
}

fn reading_level(ctx: &mut Ctx, page: &Page) {
    let max = ctx.site.config.max_reading_grade;
    if page.kind == Kind::Article {
        if let Some(g) = readability::grade(&page.body.text) {
            if g > max {
                ctx.add(Severity::Warning, "readability", page, page.body_line, format!("reading grade {g:.1} is above {max} (max_reading_grade): use shorter sentences and everyday words"));
            }
        }
    }
    for q in &page.questions {
        if let Some(g) = readability::grade(&q.answer.text) {
            if g > max {
                ctx.add(
                    Severity::Warning,
                    "readability",
                    page,
                    q.answer_line,
                    format!(
                        "answer to {:?} has reading grade {g:.1}, above {max}",
                        q.question
                    ),
                );
            }
        }
    }
}

fn lint_findings(ctx: &mut Ctx, page: &Page, body: &Rendered, headings: bool) {
    for (line, lint) in &body.lints {
        match lint {
            Lint::ImageWithoutAlt => ctx.add(
                Severity::Error,
                "accessibility",
                page,
                *line,
                "image without alt text: describe it, e.g. ![Side plank from the knees](plank.jpg)"
                    .into(),
            ),
            Lint::EmptyLinkText => ctx.add(
                Severity::Error,
                "accessibility",
                page,
                *line,
                "link without text: screen readers announce it as just \"link\"".into(),
            ),
            Lint::SkippedHeadingLevel { from, to } if headings => ctx.add(
                Severity::Warning,
                "accessibility",
                page,
                *line,
                format!("heading level skips from h{from} to h{to}"),
            ),
            Lint::SkippedHeadingLevel { .. } => {}
        }
    }
}

fn accessibility(ctx: &mut Ctx, page: &Page) {
    lint_findings(ctx, page, &page.body, true);
    if let Some(h) = page.body.headings.iter().find(|h| h.level == 1) {
        ctx.add(
            Severity::Warning,
            "accessibility",
            page,
            h.line,
            "a `#` heading in the body adds a second h1 (the title is the page's h1): use `##`"
                .into(),
        );
    }
    for q in &page.questions {
        lint_findings(ctx, page, &q.answer, false);
    }
}

/// Originals over `max_file_mb`: pages show resized copies, but the
/// original is published too and every copy of the site carries it.
fn image_sizes(ctx: &mut Ctx, page: &Page, images: &crate::images::Images) {
    let limit = images.settings.max_file_mb;
    let mut named: Vec<(usize, String)> = links_of(page)
        .filter(|l| l.image && l.missing.is_none())
        .map(|l| (l.line, l.target.clone()))
        .collect();
    if let Some(a) = &page.image {
        named.push((page.at("image").line(), a.url.clone()));
    }
    for (line, url) in named {
        let Ok(Some(source)) = images.at_url(&url) else {
            continue;
        };
        let mb = source.len as f64 / 1_000_000.0;
        if mb > limit {
            let size = if mb < 1.0 {
                format!("{:.0} KB", mb * 1000.0)
            } else {
                format!("{mb:.1} MB")
            };
            ctx.add(
                Severity::Warning,
                "images",
                page,
                line,
                format!(
                    "image {url} is {size}, over the {limit} MB limit (`max_file_mb` under [images]): \
                     pages show resized copies, but the original is published too; save it smaller (2400 px wide is plenty)"
                ),
            );
        }
    }
}

fn normalise_question(q: &str) -> String {
    q.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn faq_quality(ctx: &mut Ctx) {
    let min = ctx.site.config.min_answer_words;
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    let mut faq_pages: Vec<&Page> = ctx
        .site
        .pages
        .iter()
        .filter(|p| p.kind == Kind::Faq)
        .collect();
    faq_pages.sort_by(|a, b| a.rel.cmp(&b.rel));
    for page in faq_pages {
        for q in &page.questions {
            let norm = normalise_question(&q.question);
            if let Some((file, line)) = seen.get(&norm) {
                let msg = format!(
                    "the question {:?} is also asked at {file}:{line}",
                    q.question
                );
                ctx.add(Severity::Warning, "faq", page, q.line, msg);
            } else {
                seen.insert(norm, (page.path.display().to_string(), q.line));
            }
            if !q.question.trim_end().ends_with('?') {
                ctx.add(
                    Severity::Warning,
                    "faq",
                    page,
                    q.line,
                    format!(
                        "question {:?} does not end with a question mark",
                        q.question
                    ),
                );
            }
            if q.answer.words < min {
                ctx.add(
                    Severity::Warning,
                    "faq",
                    page,
                    q.answer_line,
                    format!(
                        "answer to {:?} has {} words; give at least {min} (min_answer_words)",
                        q.question, q.answer.words
                    ),
                );
            }
        }
    }
}

/// Fetches every distinct external address once: links in the text and
/// each reference's web address, DOI and PubMed ID (see [`linkcheck`] for
/// the limits per host and the waits after 429).
fn external_links(ctx: &mut Ctx) {
    let mut uses: BTreeMap<String, Vec<(&Page, usize, &'static str)>> = BTreeMap::new();
    for page in &ctx.site.pages {
        for link in links_of(page) {
            if is_external(&link.target) {
                uses.entry(link.target.clone())
                    .or_default()
                    .push((page, link.line, "link"));
            }
        }
        for r in &page.references {
            for address in r.addresses() {
                uses.entry(address)
                    .or_default()
                    .push((page, r.line, "reference"));
            }
        }
    }
    let urls: Vec<String> = uses.keys().cloned().collect();
    let opts = linkcheck::Options {
        skip: ctx.site.config.check.skip.clone(),
        ..Default::default()
    };
    for (url, outcome) in linkcheck::check(&urls, &opts) {
        if let linkcheck::Outcome::Problem(problem) = outcome {
            for (page, line, what) in &uses[&url] {
                ctx.add(
                    Severity::Error,
                    "external",
                    page,
                    *line,
                    format!(
                        "{} {url}: {problem}",
                        if *what == "link" {
                            "external link"
                        } else {
                            "reference"
                        }
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_absolute_links() {
        assert_eq!(
            resolve("/a/b/", "../c/#x"),
            ("a/c/index.html".into(), Some("x".into()))
        );
        assert_eq!(
            resolve("/a/b/", "#x"),
            ("a/b/index.html".into(), Some("x".into()))
        );
        assert_eq!(
            resolve("/a/b/", "/css/style.css?v=1"),
            ("css/style.css".into(), None)
        );
        assert_eq!(resolve("/a/b/", "/"), ("index.html".into(), None));
    }

    #[test]
    fn questions_normalise() {
        assert_eq!(
            normalise_question("Can I  keep training?"),
            normalise_question("can i keep training")
        );
    }
}
