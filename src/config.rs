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
}

/// `search = true|false` (the short form), or `[search]` with `enabled` and
/// `synonyms`: what patients type mapped to the words the pages use,
/// `sciatica = ["leg pain", "nerve pain"]`. A query that has the key finds
/// pages with any of its alternatives too; the other way round it does not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchConfig {
    pub enabled: bool,
    pub synonyms: std::collections::BTreeMap<String, Vec<String>>,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            synonyms: Default::default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchTable {
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default)]
    synonyms: std::collections::BTreeMap<String, Vec<String>>,
}

impl<'de> Deserialize<'de> for SearchConfig {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = SearchConfig;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false, or a [search] table with `enabled` and `synonyms`")
            }
            fn visit_bool<E>(self, enabled: bool) -> std::result::Result<SearchConfig, E> {
                Ok(SearchConfig {
                    enabled,
                    ..Default::default()
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<SearchConfig, A::Error> {
                let t =
                    SearchTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(SearchConfig {
                    enabled: t.enabled,
                    synonyms: t.synonyms,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// One `[[taxonomies]]` table of site.toml.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// The front-matter key (`body_region`); its address is the slug
    /// (`/body-region/`).
    pub name: String,
    /// What pages call it ("Body region"); by default the name in words
    /// (the theme's "Topics" for `tags`).
    #[serde(default)]
    pub title: String,
    /// Term pages longer than this are split; by default the site's.
    #[serde(default)]
    pub paginate_by: Option<usize>,
    /// An Atom feed per term (`/body-region/lower-back/atom.xml`).
    #[serde(default = "yes")]
    pub feed: bool,
    /// A link to its index in the main navigation.
    #[serde(default = "yes")]
    pub menu: bool,
}

impl TaxonomyConfig {
    fn named(name: &str) -> TaxonomyConfig {
        TaxonomyConfig {
            name: name.into(),
            title: String::new(),
            paginate_by: None,
            feed: true,
            menu: true,
        }
    }

    /// The URL part of its pages: `body_region` → `body-region`.
    pub fn slug(&self) -> String {
        crate::text::slugify(&self.name)
    }
}

/// A site's taxonomies when site.toml declares none: `tags`.
pub fn default_taxonomies() -> Vec<TaxonomyConfig> {
    vec![TaxonomyConfig::named("tags")]
}

/// Addresses of pages lumbar generates, which no taxonomy may take.
const GENERATED_ADDRESSES: [&str; 5] = ["faq", "people", "search", "page", "images"];

/// Why a `[[taxonomies]]` name cannot be used, if it cannot.
fn taxonomy_name_problem(name: &str, seen: &[&str]) -> Option<String> {
    let plain = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !plain {
        let suggestion = crate::text::slugify(name).replace('-', "_");
        return Some(format!(
            "taxonomy name {name:?} must be a plain front-matter key: lower-case letters, digits and _, starting with a letter (e.g. {suggestion:?})"
        ));
    }
    if crate::content::PAGE_KEYS.contains(&name) {
        return Some(format!(
            "taxonomy name {name:?} is a page setting lumbar already uses; choose another name"
        ));
    }
    let slug = crate::text::slugify(name);
    if GENERATED_ADDRESSES.contains(&slug.as_str()) {
        return Some(format!(
            "taxonomy name {name:?} would take the address /{slug}/, which lumbar uses for its own pages; choose another name"
        ));
    }
    if let Some(other) = seen.iter().find(|o| crate::text::slugify(o) == slug) {
        return Some(if *other == name {
            format!("taxonomy {name:?} is declared twice; remove one [[taxonomies]] table")
        } else {
            format!("taxonomies {other:?} and {name:?} would share the address /{slug}/; use one")
        });
    }
    None
}

/// Where the `name =` of the `n`-th `[[taxonomies]]` table is written.
fn taxonomy_name_location(path: &Path, text: &str, n: usize) -> Location {
    let mut offset = 0;
    let mut table: Option<usize> = None;
    let mut count = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('[') {
            table = (t.replace(' ', "") == "[[taxonomies]]").then(|| {
                count += 1;
                count - 1
            });
        } else if table == Some(n) {
            if let Some(rest) = t.strip_prefix("name") {
                if rest.trim_start().starts_with('=') {
                    let indent = line.len() - line.trim_start().len();
                    return Location::at_offset(path, text, offset + indent);
                }
            }
        }
        offset += line.len();
    }
    key_location(path, text, "taxonomies")
}

/// What happens to a page whose clinical review is overdue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Overdue {
    /// Published with a notice saying the review is overdue.
    #[default]
    Notice,
    /// Left out of the build until it is reviewed.
    Hide,
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
    pub address: Address,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub booking_url: String,
    /// schema.org opening hours: `["Mo-Fr 08:00-19:00", "Sa 09:00-13:00"]`.
    #[serde(default)]
    pub opening_hours: Vec<String>,
    #[serde(default)]
    pub geo: Option<Geo>,
    /// The clinic's logo (a path below `static/` or `content/`, from `/`).
    #[serde(default)]
    pub logo: String,
}

/// The clinic's address: one line of text, or its parts (which JSON-LD
/// gives search engines as a `PostalAddress`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Address {
    Line(String),
    Parts(AddressParts),
}

impl Default for Address {
    fn default() -> Address {
        Address::Line(String::new())
    }
}

impl Address {
    /// The address on one line, as the footer shows it.
    pub fn line(&self) -> String {
        match self {
            Address::Line(s) => s.trim().to_string(),
            Address::Parts(p) => [&p.street, &p.locality, &p.region, &p.postcode, &p.country]
                .into_iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AddressParts {
    #[serde(default)]
    pub street: String,
    /// Town or city.
    #[serde(default)]
    pub locality: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub postcode: String,
    /// Country code (`GB`) or name.
    #[serde(default)]
    pub country: String,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Geo {
    pub latitude: f64,
    pub longitude: f64,
}

/// `[check]`: settings of `lumbar check`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// Addresses `--external` does not fetch: a host (`www.nice.org.uk`)
    /// or the start of a URL (`https://example.org/members/`).
    #[serde(default)]
    pub skip: Vec<String>,
}

/// `[images]`: how photos beside the content are published.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImageSettings {
    /// Widths (pixels) each photo is resized to; never above its own.
    pub widths: Vec<u32>,
    /// Also write AVIF (smaller than WebP, but many times slower to make).
    pub avif: bool,
    /// WebP and JPEG quality, 1–100.
    pub quality: u8,
    /// AVIF quality, 1–100 (AVIF looks as good at a lower number).
    pub avif_quality: u8,
    /// Images with more pixels than this are refused before decoding
    /// (a small file can declare a huge image).
    pub max_pixels: u64,
    /// `lumbar check` warns about originals larger than this.
    pub max_file_mb: f64,
    /// The `sizes` attribute of images in articles: how wide they show.
    pub sizes: String,
    /// Where resized images are kept between builds (relative to the site).
    pub cache_dir: String,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![480, 960, 1600],
            avif: false,
            quality: 80,
            avif_quality: 60,
            max_pixels: 100_000_000,
            max_file_mb: 5.0,
            // The theme's text column: 42rem plus padding, full width below.
            sizes: "(min-width: 46rem) 42rem, 100vw".into(),
            cache_dir: ".lumbar-cache".into(),
        }
    }
}

/// Top-level keys of site.toml, and those of `[clinic]`, for hints when
/// one is written in the other place.
const TOP_KEYS: [&str; 22] = [
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

/// A file site.toml names (`logo`, `favicon`, `image`) as pages link it:
/// `images/logo.svg` and `static/images/logo.svg`, the ways people write a
/// path below `static/`, both become `/images/logo.svg`; a relative link
/// would break on every page below the home page. Web addresses stay.
fn site_file(written: &str) -> String {
    let t = written.trim();
    if t.is_empty() || t.contains("://") || t.starts_with("//") {
        return t.to_string();
    }
    let t = t.trim_start_matches("./").trim_start_matches('/');
    let t = t.strip_prefix("static/").unwrap_or(t);
    format!("/{t}")
}

/// A plain-words hint for the TOML mistakes non-programmers make.
fn toml_hint(text: &str, line: usize, message: &str) -> Option<String> {
    let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    if line_text.contains(['\u{201c}', '\u{201d}', '\u{2018}', '\u{2019}']) {
        return Some(
            "use straight quotes \" instead of curly quotes \u{201c} \u{201d} (word processors change them)".into(),
        );
    }
    if message.contains("untagged enum Address") {
        return Some("`address` is one line of text, or a [clinic.address] table with street, locality, region, postcode and country".into());
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

/// A synonym that could never apply: a key or alternative with no word search
/// indexes (empty, punctuation, only stop words), or a key with no
/// alternatives.
fn synonym_problem(config: &Config) -> Option<(String, String)> {
    let lang = crate::search::Language::new(&config.language);
    let words = |s: &str| crate::search::tokens_in(&lang, s);
    for (key, alts) in &config.search.synonyms {
        if words(key).is_empty() {
            return Some((
                key.clone(),
                format!("search synonym {key:?} has no word search can look for (too short, or only words like \"the\")"),
            ));
        }
        if alts.is_empty() {
            return Some((
                key.clone(),
                format!("search synonym {key:?} lists no alternatives; write e.g. {key} = [\"other words\"]"),
            ));
        }
        if let Some(a) = alts.iter().find(|a| words(a).is_empty()) {
            return Some((
                key.clone(),
                format!(
                    "search synonym {key:?}: alternative {a:?} has no word search can look for"
                ),
            ));
        }
    }
    None
}

/// Where a synonym's key is written: quoted (`"red flags" = …`) or bare.
fn synonym_location(path: &Path, text: &str, key: &str) -> Location {
    [format!("\"{key}\""), format!("'{key}'"), key.to_string()]
        .iter()
        .find_map(|written| key_offset(text, written))
        .map_or_else(
            || key_location(path, text, "[search.synonyms]"),
            |at| Location::at_offset(path, text, at),
        )
}

/// Where `key = …` is written in a TOML file, for errors about its value;
/// the file's start when it is not found.
pub fn key_location(path: &Path, text: &str, key: &str) -> Location {
    key_offset(text, key).map_or_else(
        || Location::file(path),
        |at| Location::at_offset(path, text, at),
    )
}

/// The byte offset of the line that sets `key` (a table header too).
fn key_offset(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            let rest = rest.trim_start();
            if rest.starts_with('=') || (key.starts_with('[') && !rest.starts_with('.')) {
                return Some(offset + line.len() - trimmed.len());
            }
        }
        offset += line.len();
    }
    None
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
