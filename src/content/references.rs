//! `references:` in front matter and FAQ files: the sources a page rests
//! on, each a DOI, a PubMed ID, a web address or a written-out citation.
//! Checked here (syntax of DOI and PMID, repeated ids) so a typo fails the
//! build at the line that made it; the text cites them with `[@id]`.

use super::parse::{is_web_address, non_blank};
use super::yaml::list_item_lines;
use super::Reference;
use crate::error::{Error, Location, Result};
use serde::Deserialize;
use std::path::Path;

/// A value authors write either as text or as a number (`pmid: 27775987`,
/// `year: 2016`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum Scalar {
    Text(String),
    Number(u64),
}

impl Scalar {
    fn text(self) -> String {
        match self {
            Scalar::Text(s) => s.trim().to_string(),
            Scalar::Number(n) => n.to_string(),
        }
    }
}

/// One name or a list of them.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub(super) fn list(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
    }
}

/// A `references:` item as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RefEntry {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    doi: Option<String>,
    #[serde(default)]
    pmid: Option<Scalar>,
    #[serde(default)]
    url: Option<String>,
    /// The whole citation written out, as a reference list shows it.
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    authors: Option<OneOrMany>,
    #[serde(default)]
    year: Option<Scalar>,
    #[serde(default)]
    journal: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
}

/// A DOI as `10.prefix/suffix`, from any of the ways people paste one.
fn normalise_doi(doi: &str) -> Option<String> {
    let d = doi.trim();
    let d = [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
        "DOI:",
        "doi: ",
    ]
    .iter()
    .find_map(|p| d.strip_prefix(p))
    .unwrap_or(d)
    .trim();
    // The DOI Handbook: "10." + a registrant code of digits (dot-separated
    // parts allowed) + "/" + a suffix of printable characters.
    let (prefix, suffix) = d.split_once('/')?;
    let registrant = prefix.strip_prefix("10.")?;
    let registrant_ok = !registrant.is_empty()
        && registrant
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let suffix_ok =
        !suffix.is_empty() && !suffix.chars().any(|c| c.is_whitespace() || c.is_control());
    (registrant_ok && suffix_ok).then(|| d.to_string())
}

/// A PubMed ID: a positive whole number of at most eight digits.
fn valid_pmid(pmid: &str) -> bool {
    let p = pmid.trim();
    (1..=8).contains(&p.len())
        && p.bytes().all(|b| b.is_ascii_digit())
        && p.bytes().any(|b| b != b'0')
}

/// The id a reference list entry gets in the page (`ref-nice-ng59`).
fn anchor(key: &str) -> String {
    format!("ref-{}", crate::text::slugify(key))
}

/// Checks and numbers a page's references; `yaml` starts at `yline` of `path`.
pub(super) fn references(
    entries: Vec<RefEntry>,
    path: &Path,
    yaml: &str,
    yline: usize,
    key_at: &Location,
) -> Result<Vec<Reference>> {
    let lines = list_item_lines(yaml, yline, "references");
    let mut out: Vec<Reference> = Vec::with_capacity(entries.len());
    // Each id's reference number, by the slug its anchor is made from.
    let mut numbers: std::collections::HashMap<String, usize> = Default::default();
    let mut errors = Vec::new();
    for (i, e) in entries.into_iter().enumerate() {
        let number = i + 1;
        let at = lines
            .get(i)
            .map_or_else(|| key_at.clone(), |&(l, c)| Location::new(path, l, c));
        // Judged on what was written, so a mistyped DOI is reported as
        // that, not as a reference with nothing in it.
        let says_something = [&e.doi, &e.url, &e.text, &e.title]
            .iter()
            .any(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()))
            || e.pmid.is_some();
        let key = non_blank(e.id);
        let doi = match non_blank(e.doi) {
            Some(d) => match normalise_doi(&d) {
                Some(d) => Some(d),
                None => {
                    errors.push(Error::content(
                        at.clone(),
                        format!("reference {number}: {d:?} is not a DOI; a DOI looks like 10.1016/S0140-6736(18)30489-6"),
                    ));
                    None
                }
            },
            None => None,
        };
        let pmid = match e.pmid.map(Scalar::text).filter(|p| !p.is_empty()) {
            Some(p) if valid_pmid(&p) => Some(p.trim_start_matches('0').to_string()),
            Some(p) => {
                errors.push(Error::content(
                    at.clone(),
                    format!("reference {number}: {p:?} is not a PubMed ID; a PMID is a number of up to 8 digits, e.g. 29573872"),
                ));
                None
            }
            None => None,
        };
        let url = non_blank(e.url);
        if let Some(u) = &url {
            if !is_web_address(u) {
                errors.push(Error::content(
                    at.clone(),
                    format!("reference {number}: url {u:?} must be a full web address starting with https://"),
                ));
            }
        }
        let text = non_blank(e.text);
        let title = non_blank(e.title);
        if !says_something {
            errors.push(Error::content(
                at.clone(),
                format!("reference {number} says nothing: give `title:` (with `authors:`, `year:`, `journal:`), `text:`, `doi:`, `pmid:` or `url:`"),
            ));
        }
        if let Some(k) = &key {
            let slug = crate::text::slugify(k);
            if slug.is_empty() {
                errors.push(Error::content(
                    at.clone(),
                    format!("reference id {k:?} needs a letter or digit"),
                ));
            } else if let Some(first) = numbers.get(&slug) {
                errors.push(Error::content(
                    at.clone(),
                    format!("reference id {k:?} is used twice (first by reference {first}); give each its own id"),
                ));
            } else {
                numbers.insert(slug, number);
            }
        }
        out.push(Reference {
            number,
            id: anchor(key.as_deref().unwrap_or(&number.to_string())),
            key,
            doi,
            pmid,
            url,
            text,
            title,
            authors: e.authors.map(OneOrMany::list).unwrap_or_default(),
            year: e.year.map(Scalar::text).filter(|y| !y.is_empty()),
            journal: non_blank(e.journal),
            publisher: non_blank(e.publisher),
            line: at.line(),
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::many(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois() {
        for (given, want) in [
            (
                "10.1016/S0140-6736(18)30489-6",
                Some("10.1016/S0140-6736(18)30489-6"),
            ),
            (
                "https://doi.org/10.1002/14651858.CD009790.pub2",
                Some("10.1002/14651858.CD009790.pub2"),
            ),
            (
                "doi:10.1001/jamainternmed.2015.7431",
                Some("10.1001/jamainternmed.2015.7431"),
            ),
            ("10.1000.10/abc", Some("10.1000.10/abc")),
            ("10.1016", None),
            ("11.1016/abc", None),
            ("10./abc", None),
            ("10.12ab/x", None),
            ("10.1016/", None),
            ("10.1016/a b", None),
        ] {
            assert_eq!(normalise_doi(given).as_deref(), want, "{given}");
        }
    }

    #[test]
    fn pmids() {
        assert!(valid_pmid("29573872"));
        assert!(valid_pmid("1"));
        assert!(!valid_pmid("0"));
        assert!(!valid_pmid("123456789"));
        assert!(!valid_pmid("PMC123"));
        assert!(!valid_pmid(""));
    }
}
