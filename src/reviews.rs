//! `lumbar check --report reviews`: every article and FAQ page with its
//! author, reviewer, last review, next review due and where that stands,
//! for the clinical lead who plans the reviews. Text, CSV or JSON.

use crate::build;
use crate::content::{ReviewStatus, Selection, DUE_SOON_DAYS};
use crate::error::Result;
use crate::site::Site;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write;
use std::path::Path;

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub file: String,
    pub url: String,
    pub title: String,
    pub author: String,
    pub reviewer: String,
    pub reviewed: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    pub status: ReviewStatus,
    /// Days until the next review (negative: days overdue).
    pub days_left: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewReport {
    pub today: NaiveDate,
    pub rows: Vec<Row>,
}

/// The report as of `today` (`None`: the real today). Pages that
/// `overdue = "hide"` keeps out of builds are in it: they need the work.
pub fn report(root: &Path, drafts: bool, today: Option<NaiveDate>) -> Result<ReviewReport> {
    let mut selection = Selection::on(drafts, true, today);
    selection.keep_overdue = true;
    // The pages are all it needs: no static files or output plan. Each
    // language's translations are reviewed pages of their own.
    let mut all =
        build::load_all(root, &selection, None, false, build::Pages::Read(None))?.into_iter();
    let mut report = rows(
        &all.next().expect("the default language").site,
        selection.today,
    );
    for loaded in all {
        report.rows.extend(rows(&loaded.site, selection.today).rows);
    }
    sort(&mut report.rows);
    Ok(report)
}

/// What needs doing first: overdue, then due soon, then never reviewed;
/// within each, the earliest due.
fn sort(rows: &mut [Row]) {
    rows.sort_by(|a, b| (a.status, a.next_due, &a.file).cmp(&(b.status, b.next_due, &b.file)));
}

fn name_of(site: &Site, who: Option<&String>) -> String {
    who.map_or_else(String::new, |w| {
        site.person(w)
            .map_or_else(|| w.clone(), |i| site.pages[i].title.clone())
    })
}

pub fn rows(site: &Site, today: NaiveDate) -> ReviewReport {
    let months = site.config.review_interval_months;
    let mut rows: Vec<Row> = site
        .pages
        .iter()
        .filter(|p| p.is_reviewable() && !p.fallback)
        .map(|p| {
            let next_due = p.review_due(months);
            Row {
                file: p.path.display().to_string(),
                // Its own page, below its language's folder.
                url: format!("{}{}", site.config.urls.prefix, p.url),
                title: p.title.clone(),
                author: name_of(site, p.author.as_ref()),
                reviewer: name_of(site, p.reviewed_by.as_ref()),
                reviewed: p.reviewed,
                next_due,
                status: p.review_status(months, today),
                days_left: next_due.map(|d| (d - today).num_days()),
            }
        })
        .collect();
    sort(&mut rows);
    ReviewReport { today, rows }
}

fn day(d: Option<NaiveDate>) -> String {
    d.map_or_else(String::new, |d| d.to_string())
}

/// One CSV field, quoted when it must be (RFC 4180).
pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

const COLUMNS: [&str; 8] = [
    "status", "next_due", "reviewed", "reviewer", "author", "title", "url", "file",
];

impl ReviewReport {
    fn cells(r: &Row) -> [String; 8] {
        [
            r.status.label().to_string(),
            day(r.next_due),
            day(r.reviewed),
            r.reviewer.clone(),
            r.author.clone(),
            r.title.clone(),
            r.url.clone(),
            r.file.clone(),
        ]
    }

    pub fn to_csv(&self) -> String {
        let mut out = COLUMNS.join(",") + "\n";
        for r in &self.rows {
            let cells: Vec<String> = Self::cells(r).iter().map(|c| csv_field(c)).collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// An aligned table, then a count of each status.
    pub fn to_text(&self) -> String {
        let shown = [0, 1, 2, 3, 4, 5];
        let rows: Vec<[String; 8]> = self.rows.iter().map(Self::cells).collect();
        let width = |i: usize| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([COLUMNS[i].len()])
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = shown.iter().map(|&i| width(i)).collect();
        let mut out = String::new();
        let line = |cells: Vec<&str>, out: &mut String| {
            let mut l = String::new();
            for (k, c) in cells.iter().enumerate() {
                let _ = write!(l, "{:<w$}  ", c, w = widths[k]);
            }
            out.push_str(l.trim_end());
            out.push('\n');
        };
        let _ = writeln!(out, "Clinical review status on {}:\n", self.today);
        line(shown.iter().map(|&i| COLUMNS[i]).collect(), &mut out);
        for r in &rows {
            line(shown.iter().map(|&i| r[i].as_str()).collect(), &mut out);
        }
        let count = |s: ReviewStatus| self.rows.iter().filter(|r| r.status == s).count();
        let _ = writeln!(
            out,
            "\n{} pages: {} overdue, {} due within {DUE_SOON_DAYS} days, {} never reviewed, {} ok.",
            self.rows.len(),
            count(ReviewStatus::Overdue),
            count(ReviewStatus::DueSoon),
            count(ReviewStatus::NeverReviewed),
            count(ReviewStatus::Ok)
        );
        out
    }

    /// Whether any page is overdue (or never reviewed): `--strict` fails then.
    pub fn needs_work(&self) -> bool {
        self.rows.iter().any(|r| {
            matches!(
                r.status,
                ReviewStatus::Overdue | ReviewStatus::NeverReviewed
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
