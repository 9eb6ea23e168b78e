//! Taxonomies (tags, conditions, body regions…): their terms, addresses and
//! feeds, and the check that two spellings of a term do not clash.

use super::*;

/// One term of a taxonomy (a tag, a body region) and the pages that have it.
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    /// Its page: `/body-region/lower-back/`.
    pub url: String,
    pub pages: Vec<usize>,
}

/// The page of term `slug` of the taxonomy whose URL part is `taxonomy`.
pub(super) fn term_url(taxonomy: &str, slug: &str) -> String {
    format!("/{taxonomy}/{slug}/")
}

/// A taxonomy declared in site.toml, with its terms by slug.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub config: TaxonomyConfig,
    /// The URL part of its pages (`body-region`).
    pub slug: String,
    pub terms: BTreeMap<String, Tag>,
}

impl Taxonomy {
    pub(super) fn new(config: &TaxonomyConfig) -> Taxonomy {
        Taxonomy {
            slug: config.slug(),
            config: config.clone(),
            terms: BTreeMap::new(),
        }
    }

    pub fn name(&self) -> &str {
        &self.config.name
    }

    /// The index of its terms: `/body-region/`.
    pub fn url(&self) -> String {
        format!("/{}/", self.slug)
    }

    /// The page of the term with URL part `slug`.
    pub fn term_url(&self, slug: &str) -> String {
        term_url(&self.slug, slug)
    }

    /// The Atom feed of the term with URL part `slug`.
    pub fn feed_url(&self, slug: &str) -> String {
        format!("/{}/{slug}/atom.xml", self.slug)
    }

    /// Whether it has a term page (and feed) for `slug`.
    pub fn has(&self, slug: &str) -> bool {
        self.terms.contains_key(slug)
    }
}

/// Page `p`'s term `t` of taxonomy `tax` would share the page of `tag`,
/// first used by `first`.
pub(super) fn tag_clash(
    tax: &TaxonomyConfig,
    p: &Page,
    t: &crate::content::TagRef,
    tag: &Tag,
    first: &Page,
) -> Error {
    Error::content(
        p.at(&tax.name),
        format!(
            "`{}` term {:?} would share the page {} with {:?} of {}; use one spelling",
            tax.name,
            t.name,
            tag.url,
            tag.name,
            first.path.display()
        ),
    )
}
