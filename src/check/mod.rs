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

mod links;
mod pages;
pub mod translations;

use links::*;
use pages::*;

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
    let plan = build::Plan::new(
        &opts.root,
        &selection,
        None,
        false,
        crate::assets::Mode::Fingerprint,
        build::Pages::Read(None),
    )?;
    let loaded = &plan.loaded;
    // Every output of every language and the ids in it; the HTML itself is
    // not kept.
    let mut duplicate_ids = Vec::new();
    let mut targets: HashMap<String, HashSet<String>> = HashMap::new();
    for (n, (loaded, jobs)) in plan.languages().enumerate() {
        let site = &loaded.site;
        let shared = render::Shared::new(site, &loaded.templates);
        let rendered: Vec<(String, HashSet<String>, Vec<String>, &render::Job)> = jobs
            .par_iter()
            .map(|j| {
                // The search index is JSON no page links into: its path is
                // enough, and writing it (every result's file) is a build's work.
                if matches!(j, render::Job::SearchIndex | render::Job::SearchResults(..)) {
                    let path = site
                        .config
                        .urls
                        .output(&render::output_path(&render::job_url(site, j)));
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
        for (path, ids, dups, job) in rendered {
            if !dups.is_empty() {
                duplicate_ids.push((n, path.clone(), dups, job.clone()));
            }
            targets.insert(path, ids);
        }
    }
    for rel in plan.statics.keys() {
        targets.entry(rel.clone()).or_default();
    }
    // Decoding finds what a header hides (a cut-off photo); what is made
    // here is cached, so the next build does not make it again.
    loaded.images.make(&loaded.images.missing())?;
    for r in loaded.images.wanted() {
        targets.entry(r.out).or_default();
    }

    let mut findings = Vec::new();
    let mut pages = 0;
    for (n, (language, _)) in plan.languages().enumerate() {
        let site = &language.site;
        let mut ctx = Ctx {
            site,
            findings: Vec::new(),
        };
        let formula = readability::Formula::for_language(&site.config.language);
        // A page listed in place of a translation is checked in its own language.
        for page in site.pages.iter().filter(|p| !p.fallback) {
            pages += 1;
            internal_links(&mut ctx, page, &targets);
            review(&mut ctx, page, today);
            if let Some(f) = formula {
                reading_level(&mut ctx, page, f);
            }
            accessibility(&mut ctx, page);
            image_sizes(&mut ctx, page, &language.images);
            red_flags(&mut ctx, page);
        }
        if n == 0 {
            moved_pages(&mut ctx, &opts.root, &targets);
        } else {
            translations::out_of_date(&mut ctx, &loaded.site);
            missing_strings(&mut ctx, &opts.root)?;
        }
        if formula.is_none() && site.pages.iter().any(|p| !p.fallback) {
            let lang = &site.translations.languages[n];
            ctx.add_at(
                Severity::Info,
                "readability",
                std::path::Path::new("site.toml"),
                0,
                format!(
                    "reading level is not scored for {} ({}): lumbar scores English (Flesch–Kincaid) and Spanish (Fernández Huerta)",
                    lang.name, site.config.language
                ),
            );
        }
        for (_, path, dups, job) in duplicate_ids.iter().filter(|d| d.0 == n) {
            let (file, line) = match job {
                render::Job::Page(i) => (site.pages[*i].path.clone(), 1),
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
        for (path, why) in &language.left_out {
            let message = match why {
                LeftOut::Scheduled(d) => format!(
                    "scheduled: left out of builds until {d} (`lumbar build --future` includes it)"
                ),
                LeftOut::Expired(d) => {
                    format!("expired: left out of builds since {d} (`expires:`)")
                }
                LeftOut::Overdue(d) => format!(
                    "hidden: clinical review was due {d} and site.toml has `overdue = \"hide\"`; review it and update `reviewed:`"
                ),
                LeftOut::Draft => continue,
            };
            ctx.add_at(Severity::Info, "schedule", path, 1, message);
        }
        // What the build warns about (a YAML comment cutting a title, a source
        // file that will not be published) is a finding here too.
        for w in &language.warnings {
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
        findings.extend(ctx.findings);
    }
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.severity, &a.message).cmp(&(&b.file, b.line, b.severity, &b.message))
    });
    findings.dedup();
    Ok(Report { pages, findings })
}

/// Theme strings a language's `i18n/<code>.toml` leaves out, which its
/// pages show in the default language instead: one warning listing them.
fn missing_strings(ctx: &mut Ctx, root: &std::path::Path) -> Result<()> {
    let (_, missing) = crate::theme::translated_strings(root, &ctx.site.config)?;
    if missing.is_empty() {
        return Ok(());
    }
    let lang = &ctx.site.translations.languages[ctx.site.language];
    let shown = missing
        .iter()
        .take(8)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let more = if missing.len() > 8 {
        format!(" and {} more", missing.len() - 8)
    } else {
        String::new()
    };
    ctx.add_at(
        Severity::Warning,
        "translation",
        &crate::content::site_path(root, &std::path::Path::new("i18n").join(format!("{}.toml", lang.code))),
        0,
        format!(
            "{} theme text{} not translated into {} and shown in the default language: {shown}{more}; add {} to this file",
            missing.len(),
            if missing.len() == 1 { " is" } else { "s are" },
            lang.name,
            if missing.len() == 1 { "it" } else { "them" },
        ),
    );
    Ok(())
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
