//! Translations against their sources: which pages each language lacks,
//! and which translations lag behind a source that was reviewed or updated
//! after them. A health page's translation must not silently give older
//! advice than the page it translates.

use super::{Ctx, Severity};
use crate::build;
use crate::content::{Page, Selection};
use crate::error::Result;
use crate::site::Site;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write;
use std::path::Path;

/// When a page's advice last changed: its `reviewed:` or `updated:` date,
/// whichever is later.
fn changed(p: &Page) -> Option<NaiveDate> {
    p.reviewed.max(p.updated)
}

fn has_care_cards(p: &Page) -> bool {
    !p.body.care_cards.is_empty() || p.questions.iter().any(|q| !q.answer.care_cards.is_empty())
}

/// Where translation `t` stands against its source `s`: `Some((source
/// date, translation date))` when the source changed after it.
fn lag(s: &Page, t: &Page) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let source = changed(s)?;
    let own = changed(t);
    (own.is_none_or(|d| d < source)).then_some((source, own))
}

/// `lumbar check`'s finding for each translation in `site` whose source in
/// `default` changed after it: an error where either carries a care card
/// (when to seek help must never differ between languages), else a warning.
pub(super) fn out_of_date(ctx: &mut Ctx, default: &Site) {
    let site = ctx.site;
    let name = &site.translations.languages[site.language].name;
    for t in site.pages.iter().filter(|p| !p.fallback) {
        let Some(s) = default.page(&t.rel) else {
            continue;
        };
        let Some((source, own)) = lag(s, t) else {
            continue;
        };
        let cards = has_care_cards(s) || has_care_cards(t);
        let since = own.map_or_else(
            || "this translation has no `reviewed:` or `updated:` date".to_string(),
            |d| format!("this translation was last reviewed or updated on {d}"),
        );
        ctx.add(
            if cards { Severity::Error } else { Severity::Warning },
            "translation",
            t,
            1,
            format!(
                "translation out of date: {} was reviewed or updated on {source}, and {since}; bring the {name} text up to date and set its `reviewed:` date{}",
                s.path.display(),
                if cards { " (the page has care cards: patients must get the same advice on when to seek help)" } else { "" }
            ),
        );
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub language: String,
    /// The default language's file.
    pub source: String,
    pub title: String,
    /// `missing`, `out of date` or `up to date`.
    pub status: &'static str,
    /// The translation's file, when there is one.
    pub translation: Option<String>,
    pub source_changed: Option<NaiveDate>,
    pub translation_changed: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TranslationReport {
    pub languages: Vec<String>,
    pub rows: Vec<Row>,
}

/// `lumbar check --report translations`: every page of the default
/// language in every other language, missing ones first.
pub fn report(root: &Path, drafts: bool, today: Option<NaiveDate>) -> Result<TranslationReport> {
    let selection = Selection::on(drafts, true, today);
    let all = build::load_all(root, &selection, None, false, build::Pages::Read(None))?;
    let default = &all[0].site;
    let mut rows = Vec::new();
    let languages = default.config.languages();
    for (loaded, lang) in all.iter().zip(&languages).skip(1) {
        for p in &loaded.site.pages {
            let Some(s) = default.page(&p.rel) else {
                continue;
            };
            let (status, translation) = if p.fallback {
                ("missing", None)
            } else if lag(s, p).is_some() {
                ("out of date", Some(p))
            } else {
                ("up to date", Some(p))
            };
            rows.push(Row {
                language: lang.code.clone(),
                source: s.path.display().to_string(),
                title: s.title.clone(),
                status,
                translation: translation.map(|t| t.path.display().to_string()),
                source_changed: changed(s),
                translation_changed: translation.and_then(changed),
            });
        }
    }
    let rank = |s: &str| match s {
        "missing" => 0,
        "out of date" => 1,
        _ => 2,
    };
    rows.sort_by(|a, b| {
        (&a.language, rank(a.status), &a.source).cmp(&(&b.language, rank(b.status), &b.source))
    });
    Ok(TranslationReport {
        languages: languages.iter().map(|l| l.code.clone()).collect(),
        rows,
    })
}

impl TranslationReport {
    /// Missing or out-of-date translations (`--strict` fails on them).
    pub fn needs_work(&self) -> bool {
        self.rows.iter().any(|r| r.status != "up to date")
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("plain data serialises")
    }

    pub fn to_csv(&self) -> String {
        use crate::reviews::csv_field;
        let mut out = String::from(
            "language,status,source,title,translation,source_changed,translation_changed\n",
        );
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        for r in &self.rows {
            let cells = [
                r.language.clone(),
                r.status.to_string(),
                r.source.clone(),
                r.title.clone(),
                r.translation.clone().unwrap_or_default(),
                day(r.source_changed),
                day(r.translation_changed),
            ];
            let cells: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.languages.len() < 2 {
            out.push_str(
                "This site has one language; [languages.<code>] in site.toml adds others.\n",
            );
            return out;
        }
        for lang in self.languages.iter().skip(1) {
            let rows: Vec<&Row> = self.rows.iter().filter(|r| &r.language == lang).collect();
            let count = |s: &str| rows.iter().filter(|r| r.status == s).count();
            let _ = writeln!(
                out,
                "{lang}: {} of {} pages translated, {} out of date, {} missing",
                count("up to date") + count("out of date"),
                rows.len(),
                count("out of date"),
                count("missing")
            );
            for r in rows.iter().filter(|r| r.status != "up to date") {
                let _ = match r.status {
                    "missing" => writeln!(out, "  missing      {}  {}", r.source, r.title),
                    _ => writeln!(
                        out,
                        "  out of date  {}  (source changed {}, translation {})",
                        r.translation.as_deref().unwrap_or(""),
                        r.source_changed.map(|d| d.to_string()).unwrap_or_default(),
                        r.translation_changed
                            .map_or_else(|| "never reviewed".to_string(), |d| d.to_string())
                    ),
                };
            }
            out.push('\n');
        }
        out
    }
}
