//! `site.toml`: the site's settings. Unknown keys are refused so a typo such as
//! `base_ulr` is caught instead of silently ignored.

use crate::error::{line_col, read_utf8, Error, Location, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output")]
    pub output_dir: String,
    /// Raw HTML in Markdown is passed through when true, escaped when false.
    #[serde(default = "yes")]
    pub unsafe_html: bool,
    /// Writes the client-side search index and shows the search box.
    #[serde(default = "yes")]
    pub search: bool,
    /// How many newest articles the Atom feed carries.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// Pages whose `reviewed` date is older than this are due for clinical review.
    #[serde(default = "default_review_interval")]
    pub review_interval_months: u32,
    /// Flesch–Kincaid grade above which `lumbar check` warns.
    #[serde(default = "default_reading_grade")]
    pub max_reading_grade: f64,
    /// FAQ answers shorter than this many words are flagged by `lumbar check`.
    #[serde(default = "default_min_answer_words")]
    pub min_answer_words: usize,
    /// Shown at the foot of every page (Markdown). The clinic's own words:
    /// lumbar writes none of its own when this is empty.
    #[serde(default)]
    pub disclaimer: String,
    #[serde(default)]
    pub clinic: Clinic,
    /// Numbers care cards tell patients to call.
    #[serde(default)]
    pub care: Care,
    /// Free-form values for templates (`site.extra.x`).
    #[serde(default)]
    pub extra: toml::Table,
}

/// The numbers care cards give: `emergency = "999"`, `urgent = "111"`
/// (or 911, a clinic's own line). Cards say what to do without a number
/// when none is set.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Care {
    #[serde(default)]
    pub emergency: String,
    #[serde(default)]
    pub urgent: String,
    /// Words that, outside an emergency or urgent card, `lumbar check` warns
    /// about; `None` is the back-pain list in `check.rs`, `[]` turns it off.
    #[serde(default)]
    pub red_flags: Option<Vec<String>>,
}

/// The practice's details, shown in the footer and in JSON-LD.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Clinic {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub booking_url: String,
}

/// Top-level keys of site.toml, and those of `[clinic]`, for hints when
/// one is written in the other place.
const TOP_KEYS: [&str; 13] = [
    "title",
    "base_url",
    "language",
    "description",
    "theme",
    "output_dir",
    "unsafe_html",
    "search",
    "feed_limit",
    "review_interval_months",
    "max_reading_grade",
    "min_answer_words",
    "disclaimer",
];
const CLINIC_KEYS: [&str; 5] = ["name", "address", "phone", "email", "booking_url"];

/// A plain-words hint for the TOML mistakes non-programmers make.
fn toml_hint(text: &str, line: usize, message: &str) -> Option<String> {
    let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    if line_text.contains(['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}']) {
        return Some(
            "use straight quotes \" instead of curly quotes \u{201c} \u{201d} (word processors change them)".into(),
        );
    }
    let unknown = message
        .strip_prefix("unknown field `")
        .and_then(|r| r.split('`').next())?;
    let section = text
        .lines()
        .take(line.saturating_sub(1))
        .filter(|l| l.trim_start().starts_with('['))
        .last()
        .map(|l| l.trim().to_string());
    match section.as_deref() {
        Some(s) if TOP_KEYS.contains(&unknown) => Some(format!(
            "`{unknown}` is a site setting, not part of {s}: move it above the first [section] line"
        )),
        None if CLINIC_KEYS.contains(&unknown) => Some(format!(
            "`{unknown}` is one of the clinic's details: put it below a [clinic] line"
        )),
        _ => None,
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output() -> String {
    "public".into()
}
fn yes() -> bool {
    true
}
fn default_feed_limit() -> usize {
    20
}
fn default_review_interval() -> u32 {
    12
}
fn default_reading_grade() -> f64 {
    9.0
}
fn default_min_answer_words() -> usize {
    25
}

impl Config {
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("site.toml");
        if !path.exists() {
            return Err(Error::NotASite(root.to_path_buf()));
        }
        let text = read_utf8(&path)?;
        Config::parse(&path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Config> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            let message = e.message().trim().to_string();
            let hint = toml_hint(text, line, &message)
                .map(|h| format!("; hint: {h}"))
                .unwrap_or_default();
            Error::Config {
                at: Location::new(path, line, column),
                message: message + &hint,
            }
        })?;
        if !config.base_url.starts_with("http://")
            && !config.base_url.starts_with("https://")
            && !config.base_url.starts_with('/')
        {
            return Err(Error::Config {
                at: key_location(path, text, "base_url"),
                message: format!(
                    "base_url must start with http://, https:// or /, got {:?}",
                    config.base_url
                ),
            });
        }
        // One canonical form, so templates can always write `{{ base }}{{ url }}`.
        while config.base_url.ends_with('/') {
            config.base_url.pop();
        }
        Ok(config)
    }

    /// The absolute URL of a site path such as `/back-pain/core/`.
    pub fn permalink(&self, url: &str) -> String {
        format!("{}{}", self.base_url, url)
    }

    /// The path part of `base_url` (`/clinic` for `https://x.org/clinic`, empty
    /// at a domain's root): a site deployed below a path needs it in front of
    /// every root-relative link.
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        match (self.base_url.contains("://"), after_scheme.find('/')) {
            (false, _) => &self.base_url,
            (true, Some(i)) => &after_scheme[i..],
            (true, None) => "",
        }
    }

    pub fn theme_dir(&self, root: &Path) -> PathBuf {
        root.join("themes").join(&self.theme)
    }
}

/// Where `key = …` is written in a TOML file, for errors about its value.
pub fn key_location(path: &Path, text: &str, key: &str) -> Location {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                let indent = line.len() - trimmed.len();
                return Location::at_offset(path, text, offset + indent);
            }
        }
        offset += line.len();
    }
    Location::file(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_named_with_position() {
        let err = Config::parse(
            Path::new("site.toml"),
            "title = \"x\"\nbase_url = \"https://a.org/\"\nbase_ulr = 1\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("site.toml:3:1:"), "{err}");
        assert!(err.contains("base_ulr"), "{err}");
    }

    #[test]
    fn base_path_is_the_path_of_base_url() {
        let parse = |b: &str| {
            Config::parse(
                Path::new("site.toml"),
                &format!("title = \"x\"\nbase_url = \"{b}\"\n"),
            )
            .unwrap()
        };
        assert_eq!(parse("https://a.org").base_path(), "");
        assert_eq!(parse("https://a.org/").base_path(), "");
        assert_eq!(parse("https://a.org/clinic/").base_path(), "/clinic");
        assert_eq!(parse("/docs/site").base_path(), "/docs/site");
        assert_eq!(parse("/").base_path(), "");
    }

    #[test]
    fn trailing_slash_is_trimmed() {
        let c = Config::parse(
            Path::new("site.toml"),
            "title = \"x\"\nbase_url = \"https://a.org/\"\n",
        )
        .unwrap();
        assert_eq!(c.permalink("/a/"), "https://a.org/a/");
    }
}
