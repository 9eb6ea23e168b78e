//! Taxonomy terms (`tags:`, `body_region:`, `condition:`…) in front matter
//! and FAQ files. A taxonomy's key is whatever site.toml declares, so the
//! metadata structs cannot name it: serde hands back the keys it skipped
//! (with `serde_ignored`, which keeps the YAML parser's positions for every
//! other error), and each is either a declared taxonomy or a mistake.

use super::TagRef;
use crate::config::TaxonomyConfig;
use crate::error::{Error, Location, Result};
use crate::text::{tag_key, tag_slug};
use std::collections::HashMap;
use std::path::Path;

/// Every key a page's file may have besides taxonomies: front matter, FAQ
/// files and person files together. Taxonomies may not take these names,
/// and a misspelt key is matched against them.
pub const PAGE_KEYS: [&str; 30] = [
    "title",
    "description",
    "date",
    "updated",
    "reviewed",
    "expires",
    "author",
    "reviewed_by",
    "next_review",
    "review_interval_months",
    "references",
    "image",
    "image_alt",
    "draft",
    "template",
    "weight",
    "paginate_by",
    "aliases",
    "slug",
    "faq",
    "extra",
    "questions",
    "collapsed",
    "name",
    "role",
    "credentials",
    "registration",
    "registration_url",
    "bio",
    "photo",
];

/// Deserializes `yaml` into `T`, also returning the top-level keys `T` has
/// no field for.
pub(super) fn deserialize_with_rest<T: serde::de::DeserializeOwned>(
    yaml: &str,
) -> std::result::Result<(T, Vec<String>), serde_norway::Error> {
    let mut rest = Vec::new();
    let de = serde_norway::Deserializer::from_str(yaml);
    let value = serde_ignored::deserialize(de, |path| {
        if let serde_ignored::Path::Map {
            parent: serde_ignored::Path::Root,
            key,
        } = path
        {
            rest.push(key.clone());
        }
    })?;
    Ok((value, rest))
}

/// The closest of `candidates` to a misspelt `key`, if one is close.
fn closest<'a>(key: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::damerau_levenshtein(key, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4) && *d < c.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// One page's terms, a list per declared taxonomy (in site.toml's order),
/// from the keys the metadata struct left (`rest`). A key that is no
/// declared taxonomy is an error at its line, with the likely key meant.
pub(super) fn page_terms(
    path: &Path,
    (yaml, yline): (&str, usize),
    keys: &super::yaml::KeyPositions,
    rest: &[String],
    taxonomies: &[TaxonomyConfig],
) -> Result<Vec<Vec<TagRef>>> {
    let mut terms = vec![Vec::new(); taxonomies.len()];
    if rest.is_empty() {
        return Ok(terms);
    }
    // Where a key is written: its line, column 1 (top-level keys start there).
    let key_at = |key: &str| {
        let line = keys.get(key).map_or(yline, |(l, _)| l);
        Location::new(path, line, 1)
    };
    let value_at = |key: &str| super::yaml::key_location(path, keys, key, yline);
    let mut errors = Vec::new();
    let mut values: Option<serde_norway::Mapping> = None;
    for key in rest {
        let Some(t) = taxonomies.iter().position(|t| &t.name == key) else {
            errors.push(Error::content(key_at(key), unknown_key(key, taxonomies)));
            continue;
        };
        // Read a second time, for these keys only: most pages have none.
        let map = values.get_or_insert_with(|| serde_norway::from_str(yaml).unwrap_or_default());
        let value = map.get(key.as_str()).cloned().unwrap_or_default();
        let tax = &taxonomies[t];
        match written_terms(value) {
            Some(list) => match clean_terms(list, tax, &value_at(key)) {
                Ok(list) => terms[t] = list,
                Err(e) => errors.push(e),
            },
            None => errors.push(Error::content(
                value_at(key),
                format!(
                    "`{key}` holds terms: one (`{key}: lower back`) or a list (`{key}: [lower back, hip]`)"
                ),
            )),
        }
    }
    if errors.is_empty() {
        Ok(terms)
    } else {
        Err(Error::many(errors))
    }
}

/// What to say about a key that is neither a page setting nor a taxonomy.
fn unknown_key(key: &str, taxonomies: &[TaxonomyConfig]) -> String {
    let names = taxonomies.iter().map(|t| t.name.as_str());
    if let Some(meant) = closest(key, PAGE_KEYS.iter().copied().chain(names)) {
        return format!("unknown field `{key}`; did you mean `{meant}`?");
    }
    let declared = if taxonomies.is_empty() {
        "the site declares no taxonomies".to_string()
    } else {
        format!(
            "the site's taxonomies are {}",
            taxonomies
                .iter()
                .map(|t| format!("`{}`", t.name))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    format!(
        "unknown field `{key}`: it is not a page setting, and {declared}; to group pages by it, add [[taxonomies]] with name = \"{key}\" to site.toml"
    )
}

/// A taxonomy's value as the terms written: a list of plain values, one
/// plain value, or nothing. `None` for anything else (a map, nested lists).
fn written_terms(value: serde_norway::Value) -> Option<Vec<String>> {
    use serde_norway::Value;
    let plain = |v: Value| match v {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match value {
        Value::Null => Some(Vec::new()),
        Value::Sequence(items) => items
            .into_iter()
            .filter(|v| !v.is_null())
            .map(plain)
            .collect(),
        v => plain(v).map(|s| vec![s]),
    }
}

/// Trims terms and drops repeats of the same term; two different terms that
/// would share one term page are an error rather than one silently vanishing.
pub(super) fn clean_terms(
    terms: Vec<String>,
    tax: &TaxonomyConfig,
    at: &Location,
) -> Result<Vec<TagRef>> {
    let mut out: Vec<TagRef> = Vec::with_capacity(terms.len());
    let mut by_slug: HashMap<String, usize> = HashMap::with_capacity(terms.len());
    for t in terms {
        let name = t.trim().to_string();
        if name.is_empty() {
            continue;
        }
        let slug = tag_slug(&name);
        if slug.is_empty() {
            return Err(Error::content(
                at.clone(),
                format!(
                    "`{}` term {name:?} has no letter or digit to make a web address from",
                    tax.name
                ),
            ));
        }
        match by_slug.get(&slug) {
            Some(&i) if tag_key(&out[i].name) == tag_key(&name) => {}
            Some(&i) => {
                return Err(Error::content(
                    at.clone(),
                    format!(
                        "`{}` terms {:?} and {name:?} would share the page /{}/{slug}/; use one spelling",
                        tax.name,
                        out[i].name,
                        tax.slug()
                    ),
                ))
            }
            None => {
                by_slug.insert(slug.clone(), out.len());
                out.push(TagRef { name, slug });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_keys_suggest_the_key_meant() {
        let tax = [TaxonomyConfig {
            name: "body_region".into(),
            title: String::new(),
            paginate_by: None,
            feed: true,
            menu: true,
        }];
        assert!(unknown_key("titel", &tax).ends_with("did you mean `title`?"));
        assert!(unknown_key("body_regoin", &tax).ends_with("did you mean `body_region`?"));
        let tags = [TaxonomyConfig {
            name: "tags".into(),
            ..tax[0].clone()
        }];
        assert!(unknown_key("tag", &tags).ends_with("did you mean `tags`?"));
        let joint = unknown_key("joint", &tax);
        assert!(joint.contains("name = \"joint\""), "{joint}");
        assert!(joint.contains("`body_region`"), "{joint}");
    }

    #[test]
    fn terms_are_plain_values() {
        use serde_norway::Value;
        let v: Value = serde_norway::from_str("[sciatica, 3, ~]").unwrap();
        assert_eq!(written_terms(v), Some(vec!["sciatica".into(), "3".into()]));
        let v: Value = serde_norway::from_str("sciatica").unwrap();
        assert_eq!(written_terms(v), Some(vec!["sciatica".into()]));
        let v: Value = serde_norway::from_str("{a: b}").unwrap();
        assert_eq!(written_terms(v), None);
        let v: Value = serde_norway::from_str("[[a]]").unwrap();
        assert_eq!(written_terms(v), None);
    }
}
