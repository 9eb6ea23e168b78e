//! `site.toml`: the site's settings. Unknown keys are refused so a typo such as
//! `base_ulr` is caught instead of silently ignored.

use crate::error::{line_col, read_utf8, Error, Location, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

mod clinic;
mod languages;
mod locate;
mod tables;

pub use clinic::*;
pub use languages::{looks_like_code, primary_subtag, Language, LanguageSettings, LanguageUrls};
pub use locate::key_location;
use locate::*;
pub use tables::*;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// The default language's name in the language switcher (`English`);
    /// by default lumbar's own name for it.
    #[serde(default)]
    pub language_name: String,
    /// `[languages.es]`: the other languages pages are translated into,
    /// published below `/es/`.
    #[serde(default)]
    pub languages: std::collections::BTreeMap<String, LanguageSettings>,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_output")]
    pub output_dir: String,
    /// Raw HTML in Markdown is passed through when true, escaped when false.
    #[serde(default = "yes")]
    pub unsafe_html: bool,
    /// `search = false`, or a `[search]` table: the client-side index, the
    /// search box and the synonyms applied to queries.
    #[serde(default)]
    pub search: SearchConfig,
    /// Section and topic lists longer than this are split into pages
    /// (`/section/page/2/`); 0 keeps every list on one page.
    #[serde(default)]
    pub paginate_by: usize,
    /// How many newest articles the Atom feed carries.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// Pages whose `reviewed` date is older than this are due for clinical review.
    #[serde(default = "default_review_interval")]
    pub review_interval_months: u32,
    /// What a page past its review date gets: a notice on the page
    /// (`"notice"`, the default) or left out of the build (`"hide"`).
    #[serde(default)]
    pub overdue: Overdue,
    /// `lumbar check` warns about an article that cites no sources.
    #[serde(default = "yes")]
    pub require_references: bool,
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
    /// `og:locale`, as `en_GB`; by default made from `language` when that
    /// names a country (`en-GB`).
    #[serde(default)]
    pub locale: String,
    /// The share image of pages without their own `image:` (a path below
    /// `static/` or `content/`, starting with `/`).
    #[serde(default)]
    pub image: String,
    /// The `author:` that `lumbar new` writes (a person's id).
    #[serde(default)]
    pub default_author: String,
    /// Collapse whitespace and drop comments in the HTML lumbar writes
    /// (`build` only; the dev server shows it as rendered).
    #[serde(default)]
    pub minify_html: bool,
    /// The browser-tab icon (a path below `static/`, from `/`): `.svg`,
    /// `.png` or `.ico`. Without one lumbar draws the clinic's initial.
    #[serde(default)]
    pub favicon: String,
    #[serde(default)]
    pub clinic: Clinic,
    #[serde(default)]
    pub check: CheckSettings,
    #[serde(default)]
    pub images: ImageSettings,
    /// Numbers care cards tell patients to call.
    #[serde(default)]
    pub care: Care,
    /// `[[taxonomies]]`: the ways pages are grouped (`tags`, `body_region`,
    /// `condition`), each a front-matter key with an index and term pages.
    /// Without the table a site has one, `tags`; `taxonomies = []` none.
    #[serde(default = "default_taxonomies")]
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Free-form values for templates (`site.extra.x`).
    #[serde(default)]
    pub extra: toml::Table,
    /// Where this language's pages are published (set once every
    /// language's outputs are known; the default language's are at the root).
    #[serde(skip)]
    pub urls: LanguageUrls,
    /// The default language's tag when this is another language's view of
    /// the settings (see [`Config::for_language`]); empty otherwise.
    #[serde(skip)]
    pub default_language: String,
}

/// Top-level keys of site.toml, and those of `[clinic]`, for hints when
/// one is written in the other place.
const TOP_KEYS: [&str; 24] = [
    "title",
    "base_url",
    "language",
    "language_name",
    "languages",
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
    "overdue",
    "require_references",
    "locale",
    "image",
    "favicon",
    "minify_html",
    "default_author",
    "paginate_by",
    "taxonomies",
];
const CLINIC_KEYS: [&str; 8] = [
    "name",
    "address",
    "phone",
    "email",
    "booking_url",
    "opening_hours",
    "geo",
    "logo",
];

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
        let im = &mut config.images;
        im.widths.retain(|w| *w > 0);
        im.widths.sort_unstable();
        im.widths.dedup();
        let bad = if im.widths.is_empty() || im.widths.iter().any(|w| *w > 10_000) {
            Some((
                "widths",
                "widths must be between 1 and 10000 pixels, e.g. [480, 960, 1600]",
            ))
        } else if !(1..=100).contains(&im.quality) {
            Some(("quality", "quality must be between 1 and 100"))
        } else if !(1..=100).contains(&im.avif_quality) {
            Some(("avif_quality", "avif_quality must be between 1 and 100"))
        } else if im.max_pixels == 0 {
            Some(("max_pixels", "max_pixels must be above 0"))
        } else if im.cache_dir.trim().is_empty() {
            Some((
                "cache_dir",
                "cache_dir must name a folder, e.g. \".lumbar-cache\"",
            ))
        } else {
            None
        };
        if let Some((key, message)) = bad {
            return Err(Error::Config {
                at: key_location(path, text, key),
                message: message.into(),
            });
        }
        if let Some((code, message)) = languages::language_problem(&config) {
            return Err(Error::Config {
                at: key_location(path, text, &format!("[languages.{code}]")),
                message,
            });
        }
        let mut seen: Vec<&str> = Vec::new();
        for (n, t) in config.taxonomies.iter().enumerate() {
            if let Some(message) = taxonomy_name_problem(&t.name, &seen) {
                return Err(Error::Config {
                    at: taxonomy_name_location(path, text, n),
                    message,
                });
            }
            seen.push(&t.name);
        }
        if let Some((key, message)) = synonym_problem(&config) {
            return Err(Error::Config {
                at: synonym_location(path, text, &key),
                message,
            });
        }
        // Queries are lowercased before they meet the table; `Sciatica` and
        // `sciatica` written as two keys are one, with both lists.
        let mut synonyms: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for (k, v) in std::mem::take(&mut config.search.synonyms) {
            let alts = synonyms.entry(k.to_lowercase()).or_default();
            for a in v {
                if !alts.contains(&a) {
                    alts.push(a);
                }
            }
        }
        config.search.synonyms = synonyms;
        for file in [
            &mut config.clinic.logo,
            &mut config.favicon,
            &mut config.image,
        ] {
            *file = site_file(file);
        }
        Ok(config)
    }

    /// `og:locale` (`en_GB`): `locale`, else `language` when it names a
    /// country; empty when neither does.
    pub fn og_locale(&self) -> String {
        if !self.locale.trim().is_empty() {
            return self.locale.trim().replace('-', "_");
        }
        match self.language.split_once(['-', '_']) {
            Some((l, c)) if !l.is_empty() && !c.is_empty() => {
                format!("{}_{}", l.to_ascii_lowercase(), c.to_ascii_uppercase())
            }
            _ => String::new(),
        }
    }

    /// The absolute URL of a site path such as `/back-pain/core/`.
    pub fn permalink(&self, url: &str) -> String {
        format!("{}{}", self.base_url, self.urls.global(url))
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

#[cfg(test)]
mod tests {
    #[test]
    fn site_files_are_paths_from_the_site_root() {
        for (written, meant) in [
            ("images/logo.svg", "/images/logo.svg"),
            ("/images/logo.svg", "/images/logo.svg"),
            ("static/images/logo.svg", "/images/logo.svg"),
            ("./logo.svg", "/logo.svg"),
            (
                " https://cdn.example/logo.svg ",
                "https://cdn.example/logo.svg",
            ),
            ("", ""),
        ] {
            assert_eq!(super::site_file(written), meant, "{written}");
        }
    }

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

    #[test]
    fn synonym_keys_are_lowercased_and_one_key_written_twice_keeps_both_lists() {
        let c = Config::parse(
            Path::new("site.toml"),
            "title = \"x\"\nbase_url = \"https://a.org/\"\n[search.synonyms]\nSciatica = [\"leg pain\"]\nsciatica = [\"nerve pain\", \"leg pain\"]\n\"Red Flags\" = [\"urgent\"]\n",
        )
        .unwrap();
        assert!(c.search.enabled);
        let syn: Vec<(&str, Vec<&str>)> = c
            .search
            .synonyms
            .iter()
            .map(|(k, v)| (k.as_str(), v.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            syn,
            [
                ("red flags", vec!["urgent"]),
                ("sciatica", vec!["leg pain", "nerve pain"])
            ]
        );
    }
}
