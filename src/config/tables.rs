//! site.toml's smaller tables: [search] with its synonyms, [[taxonomies]],
//! [check] and [images].

use super::*;

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
pub(super) struct SearchTable {
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
pub(super) const GENERATED_ADDRESSES: [&str; 5] = ["faq", "people", "search", "page", "images"];

/// Why a `[[taxonomies]]` name cannot be used, if it cannot.
pub(super) fn taxonomy_name_problem(name: &str, seen: &[&str]) -> Option<String> {
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
pub(super) fn taxonomy_name_location(path: &Path, text: &str, n: usize) -> Location {
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
