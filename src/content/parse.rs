//! One content file into its metadata and URL (the first pass): front
//! matter or a FAQ file parsed and checked, body kept for rendering.

use super::files::{classify, site_path};
use super::references::{references, OneOrMany, RefEntry};
use super::terms::deserialize_with_rest;
use super::yaml::{
    comment_warnings, key_location, parse_date, split_front_matter, yaml_error, yaml_key_location,
    KeyPositions,
};
use super::{Asset, Kind, PageMeta, Parsed, Profile};
use crate::config::TaxonomyConfig;
use crate::error::{read_utf8, Error, Location, Result, Warning};
use crate::text::slugify;
use serde::Deserialize;
use std::path::{Path, PathBuf};

mod faq;

use faq::*;

/// Declares a metadata struct: the keys every page's file may have (front
/// matter and FAQ files alike), then its own. Other top-level keys are
/// taxonomies or errors (see [`super::terms`]), so a typo such as `titel:`
/// is caught.
macro_rules! metadata {
    ($(#[$doc:meta])* $name:ident { $($(#[$fa:meta])* $field:ident: $ty:ty,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Deserialize)]
        struct $name {
            title: String,
            #[serde(default)]
            description: Option<String>,
            #[serde(default)]
            date: Option<String>,
            #[serde(default)]
            updated: Option<String>,
            #[serde(default)]
            reviewed: Option<String>,
            #[serde(default)]
            expires: Option<String>,
            #[serde(default)]
            author: Option<String>,
            #[serde(default)]
            reviewed_by: Option<String>,
            #[serde(default)]
            next_review: Option<String>,
            #[serde(default)]
            review_interval_months: Option<u32>,
            #[serde(default)]
            references: Vec<RefEntry>,
            #[serde(default)]
            image: Option<String>,
            #[serde(default)]
            image_alt: Option<String>,
            #[serde(default)]
            draft: bool,
            #[serde(default)]
            template: Option<String>,
            #[serde(default)]
            weight: Option<i64>,
            #[serde(default)]
            paginate_by: Option<usize>,
            #[serde(default)]
            aliases: Vec<String>,
            $($(#[$fa])* $field: $ty,)*
        }

        impl $name {
            /// The keys every page's file has, taken out for [`page_meta`].
            fn common(&mut self) -> Common {
                Common {
                    title: std::mem::take(&mut self.title),
                    description: self.description.take(),
                    date: self.date.take(),
                    updated: self.updated.take(),
                    reviewed: self.reviewed.take(),
                    expires: self.expires.take(),
                    author: self.author.take(),
                    reviewed_by: self.reviewed_by.take(),
                    next_review: self.next_review.take(),
                    review_interval_months: self.review_interval_months,
                    references: std::mem::take(&mut self.references),
                    image: self.image.take(),
                    image_alt: self.image_alt.take(),
                    draft: self.draft,
                    template: self.template.take(),
                    weight: self.weight,
                    paginate_by: self.paginate_by,
                    aliases: std::mem::take(&mut self.aliases),
                }
            }
        }
    };
}

/// A value as written, trimmed; `None` when there is nothing in it.
pub(super) fn non_blank(value: Option<String>) -> Option<String> {
    value
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// A full web address (`https://…`), as links to registers and sources must be.
pub(super) fn is_web_address(u: &str) -> bool {
    crate::markdown::is_external(u) && !u.contains(char::is_whitespace)
}

/// The keys [`metadata!`] gives every struct, as parsed.
#[derive(Default)]
struct Common {
    title: String,
    description: Option<String>,
    date: Option<String>,
    updated: Option<String>,
    reviewed: Option<String>,
    expires: Option<String>,
    author: Option<String>,
    reviewed_by: Option<String>,
    next_review: Option<String>,
    review_interval_months: Option<u32>,
    references: Vec<RefEntry>,
    image: Option<String>,
    image_alt: Option<String>,
    draft: bool,
    template: Option<String>,
    weight: Option<i64>,
    paginate_by: Option<usize>,
    aliases: Vec<String>,
}

/// The top-level keys a metadata struct had no field for, and the
/// taxonomies that may take them.
struct Rest<'a> {
    keys: Vec<String>,
    taxonomies: &'a [TaxonomyConfig],
}

/// What a page's file says, checked and placed, from the keys every file
/// has (`c`), an article's own, and the rest (taxonomy terms); `yaml`
/// starts at line `yline` of `path`. Returns the metadata and the warnings
/// about its text.
#[allow(clippy::too_many_arguments)]
fn page_meta(
    c: Common,
    rest: Rest,
    kind: Kind,
    rel: &str,
    path: PathBuf,
    (yaml, yline): (&str, usize),
    slug: Option<String>,
    faq: Option<String>,
    extra: serde_json::Map<String, serde_json::Value>,
    body_line: usize,
) -> Result<(PageMeta, Vec<Warning>)> {
    let date = parse_date(&path, yaml, yline, "date", &c.date)?;
    let updated = parse_date(&path, yaml, yline, "updated", &c.updated)?;
    let reviewed = parse_date(&path, yaml, yline, "reviewed", &c.reviewed)?;
    let expires = parse_date(&path, yaml, yline, "expires", &c.expires)?;
    let next_review = parse_date(&path, yaml, yline, "next_review", &c.next_review)?;
    let keys = KeyPositions::of(yaml, yline);
    let at = |key: &str| key_location(&path, &keys, key, yline);
    check_expiry(date, expires, || at("expires"))?;
    if let (Some(r), Some(n)) = (reviewed, next_review) {
        if n <= r {
            return Err(Error::content(
                at("next_review"),
                format!("`next_review: {n}` is not after `reviewed: {r}`"),
            ));
        }
    }
    if c.review_interval_months == Some(0) {
        return Err(Error::content(
            at("review_interval_months"),
            "`review_interval_months` must be 1 or more",
        ));
    }
    let references = references(c.references, &path, yaml, yline, &at("references"))?;
    let template = c.template.map(|t| Box::new((t, at("template"))));
    let faq = faq.map(|f| Box::new((f, at("faq"))));
    let url = url_for(rel, kind, slug.as_deref(), &path, || at("slug"))?;
    let terms = super::terms::page_terms(&path, (yaml, yline), &keys, &rest.keys, rest.taxonomies)?;
    let aliases = clean_aliases(c.aliases, &path, yaml, yline, &at("aliases"))?;
    let warnings = comment_warnings(&path, yaml, yline);
    let meta = PageMeta {
        kind,
        rel: rel.to_string(),
        path,
        fallback: false,
        url,
        title: c.title.trim().to_string(),
        description: c.description.unwrap_or_default().trim().to_string(),
        date,
        updated,
        reviewed,
        expires,
        scheduled: false,
        author: non_blank(c.author),
        reviewed_by: non_blank(c.reviewed_by),
        next_review,
        review_interval_months: c.review_interval_months,
        references,
        image: non_blank(c.image).map(|w| Box::new(Asset::written(w))),
        image_alt: non_blank(c.image_alt).unwrap_or_default(),
        person: None,
        terms,
        draft: c.draft,
        weight: c.weight,
        paginate_by: c.paginate_by,
        template,
        faq,
        aliases,
        collapsed: false,
        extra,
        body_line,
        keys,
    };
    Ok((meta, warnings))
}

metadata! {
    /// An article's or section's front matter.
    FrontMatter {
        #[serde(default)]
        slug: Option<String>,
        #[serde(default)]
        faq: Option<String>,
        #[serde(default)]
        extra: serde_json::Map<String, serde_json::Value>,
    }
}

metadata! {
    /// A FAQ file.
    FaqFile {
        #[serde(default)]
        questions: Vec<FaqEntry>,
        /// Answers folded under their questions, for long FAQs.
        #[serde(default)]
        collapsed: bool,
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FaqEntry {
    pub(super) question: String,
    pub(super) answer: String,
}

/// A page cannot expire before it is published.
fn check_expiry(
    date: Option<chrono::NaiveDate>,
    expires: Option<chrono::NaiveDate>,
    at: impl Fn() -> Location,
) -> Result<()> {
    match (date, expires) {
        (Some(d), Some(e)) if e < d => Err(Error::content(
            at(),
            format!("`expires: {e}` is before `date: {d}`: the page would never be shown"),
        )),
        _ => Ok(()),
    }
}

/// The longest URL part lumbar writes: one directory name on disk, whose
/// limit is 255 bytes on common file systems.
const MAX_SEGMENT_BYTES: usize = 255;

/// URL of a content file, from its path (and `slug`, if given). Every part
/// must keep a letter or digit, or two pages would share a URL (and a page
/// with none would replace its section's listing).
fn url_for(
    rel: &str,
    kind: Kind,
    slug: Option<&str>,
    path: &Path,
    slug_at: impl Fn() -> Location,
) -> Result<String> {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let mut url = String::from("/");
    let check = |part: String, what: &str, at: Location| -> Result<String> {
        if part.is_empty() {
            return Err(Error::content(
                at,
                format!("{what} has no letter or digit to make a web address from; rename it or set `slug:`"),
            ));
        }
        if part.len() > MAX_SEGMENT_BYTES {
            return Err(Error::content(
                at,
                format!(
                    "{what} makes a web address part of {} bytes; at most {MAX_SEGMENT_BYTES} fit in a file name, so shorten it",
                    part.len()
                ),
            ));
        }
        Ok(part)
    };
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        let seg = check(
            slugify(part),
            &format!("the folder name {part:?}"),
            Location::new(path, 1, 1),
        )?;
        url.push_str(&seg);
        url.push('/');
    }
    if kind != Kind::Section {
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        let leaf = match slug {
            Some(s) => check(slugify(s), &format!("`slug: {s:?}`"), slug_at())?,
            None => check(
                slugify(stem),
                &format!("the file name {name:?}"),
                Location::new(path, 1, 1),
            )?,
        };
        url.push_str(&leaf);
        url.push('/');
    }
    Ok(url)
}

/// First pass over one file, on a site with `taxonomies`.
pub fn parse_file(root: &Path, rel: &str, taxonomies: &[TaxonomyConfig]) -> Result<Parsed> {
    parse_file_as(root, rel, rel, taxonomies)
}

/// Reads `file` (below `content/`) as the page at `rel`: a translation
/// (`core.es.md`) is read as its source's page (`core.md`).
pub fn parse_file_as(
    root: &Path,
    file: &str,
    rel: &str,
    taxonomies: &[TaxonomyConfig],
) -> Result<Parsed> {
    let kind = classify(rel).expect("only content files are parsed");
    let full = root.join("content").join(file);
    let path = site_path(root, &Path::new("content").join(file));
    let text = read_utf8(&full).map_err(|e| match e {
        Error::Io { source, .. } => Error::io(&path, source),
        Error::Content { at, message } => Error::content(
            Location {
                path: path.clone(),
                ..at
            },
            message,
        ),
        e => e,
    })?;
    let mut parsed = match kind {
        Kind::Faq => parse_faq(rel, path, &text, taxonomies),
        Kind::Person => parse_person(rel, path, &text, taxonomies),
        _ => parse_markdown(rel, kind, path, &text, taxonomies),
    }?;
    let meta = &mut parsed.meta;
    if let Some(written) = meta.image.as_ref().map(|a| a.written.clone()) {
        let url = locate(root, meta, &written, "image")?;
        meta.image = Some(Box::new(Asset { written, url }));
    }
    let photo = meta.person.as_ref().and_then(|p| p.photo.clone());
    if let Some(Asset { written, .. }) = photo {
        let url = locate(root, meta, &written, "photo")?;
        if let Some(p) = meta.person.as_mut() {
            p.photo = Some(Asset { written, url });
        }
    }
    Ok(parsed)
}

/// The URL of a file `meta`'s `key:` names, which must exist.
fn locate(root: &Path, meta: &PageMeta, written: &str, key: &str) -> Result<String> {
    super::resolve_asset(root, meta.dir(), written).map_err(|tried| {
        Error::content(
            meta.at(key),
            format!("`{key}: {written}` names a file that does not exist (looked for {tried})"),
        )
    })
}

/// First pass over a file's text, as if it were `content/<rel>` of a site
/// with the default taxonomy (`tags`): the entry point for fuzzing and for
/// tools that have the text already.
pub fn parse_text(rel: &str, text: &str) -> Result<Parsed> {
    let path = Path::new("content").join(rel);
    let taxonomies = crate::config::default_taxonomies();
    let t = taxonomies.as_slice();
    match classify(rel) {
        Some(Kind::Faq) => parse_faq(rel, path, text, t),
        Some(Kind::Person) => parse_person(rel, path, text, t),
        Some(kind) => parse_markdown(rel, kind, path, text, t),
        None => Err(Error::content(
            Location::file(&path),
            "not a content file (.md, .yaml or .yml)",
        )),
    }
}

fn parse_markdown(
    rel: &str,
    kind: Kind,
    path: PathBuf,
    text: &str,
    taxonomies: &[TaxonomyConfig],
) -> Result<Parsed> {
    let (yaml, yline, body, body_line) = split_front_matter(&path, text)?;
    if yaml.trim().is_empty() {
        return Err(Error::content(
            Location::new(&path, yline, 1),
            "front matter is empty: add at least `title: Your title`",
        ));
    }
    let (mut fm, keys): (FrontMatter, _) =
        deserialize_with_rest(yaml).map_err(|e| yaml_error(&path, yaml, yline, &e))?;
    require(&path, yaml, yline, "title", &fm.title)?;
    let common = fm.common();
    let (meta, warnings) = page_meta(
        common,
        Rest { keys, taxonomies },
        kind,
        rel,
        path,
        (yaml, yline),
        fm.slug,
        fm.faq,
        fm.extra,
        body_line,
    )?;
    Ok(Parsed {
        meta,
        body: body.to_string(),
        faq_entries: Vec::new(),
        warnings,
    })
}

/// `aliases:` as the URLs they will be served at: each from the site root
/// (`/old-page/`, or a file such as `/old.html`), `..` resolved. A web
/// address or a relative path is an error at its line.
fn clean_aliases(
    aliases: Vec<String>,
    path: &std::path::Path,
    yaml: &str,
    yline: usize,
    key: &Location,
) -> Result<Vec<(String, Location)>> {
    let lines = super::yaml::list_item_lines(yaml, yline, "aliases");
    let mut out = Vec::with_capacity(aliases.len());
    for (n, a) in aliases.into_iter().enumerate() {
        let at = lines
            .get(n)
            .map_or_else(|| key.clone(), |&(l, c)| Location::new(path, l, c));
        let a = a.trim();
        if a.contains("://") || !a.starts_with('/') || a.starts_with("//") {
            return Err(Error::content(
                at,
                format!("alias {a:?} must be an old address on this site, from its root: e.g. /old-page/"),
            ));
        }
        let bare = a.split(['?', '#']).next().unwrap_or(a);
        let (parts, above) = crate::text::path_segments(bare);
        if above || parts.is_empty() {
            return Err(Error::content(
                at,
                format!("alias {a:?} is not a page address"),
            ));
        }
        let joined = parts.join("/");
        let url = if joined.ends_with(".html") || joined.ends_with(".htm") {
            format!("/{joined}")
        } else {
            format!("/{joined}/")
        };
        out.push((url, at));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            url_for("_index.md", Kind::Section, None, Path::new("c"), || {
                Location::file("c")
            })
            .unwrap(),
            "/"
        );
        assert_eq!(
            url_for(
                "Back Pain/_index.md",
                Kind::Section,
                None,
                Path::new("c"),
                || Location::file("c")
            )
            .unwrap(),
            "/back-pain/"
        );
        assert_eq!(
            url_for("back/core.md", Kind::Article, None, Path::new("c"), || {
                Location::file("c")
            })
            .unwrap(),
            "/back/core/"
        );
        assert_eq!(
            url_for(
                "back/core.md",
                Kind::Article,
                Some("Brace Yourself"),
                Path::new("c"),
                || Location::file("c")
            )
            .unwrap(),
            "/back/brace-yourself/"
        );
        assert_eq!(
            url_for("faq/lifting.yaml", Kind::Faq, None, Path::new("c"), || {
                Location::file("c")
            })
            .unwrap(),
            "/faq/lifting/"
        );
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let p = Path::new("content/a.md");
        let e = parse_markdown(
            "a.md",
            Kind::Article,
            p.into(),
            "---\ntitle: x\ntags: [a\n---\nbody",
            &[],
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("content/a.md:"), "{e}");
        let e = parse_markdown(
            "a.md",
            Kind::Article,
            p.into(),
            "---\ndescription: x\n---\nbody",
            &[],
        )
        .unwrap_err();
        assert!(e.to_string().contains("missing field `title`"), "{e}");
        assert!(e.to_string().starts_with("content/a.md:2:"), "{e}");
        let e = parse_markdown(
            "a.md",
            Kind::Article,
            p.into(),
            "---\ntitle: x\ndate: 2024-13-01\n---\n",
            &[],
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("content/a.md:3:7:"), "{e}");
    }

    #[test]
    fn odd_dates_are_errors_not_panics() {
        // Found by the front_matter fuzz target: a short year once sliced past the end.
        for d in [
            "2-01-02",
            "2025-1-2",
            "é",
            "2025-01-02Tx",
            "20250-01-02",
            "2025-02-30",
            "",
        ] {
            let text = format!("---\ntitle: x\ndate: \"{d}\"\n---\n");
            let e = parse_text("a.md", &text).unwrap_err();
            assert!(e.to_string().contains("must be a date"), "{d}: {e}");
        }
        assert!(parse_text("a.md", "---\ntitle: x\ndate: 2025-01-02T10:00:00Z\n---\n").is_ok());
    }

    #[test]
    fn faq_question_without_answer() {
        let p = Path::new("content/f.yaml");
        let e = parse_faq("f.yaml", p.into(), "title: F\nquestions:\n  - question: A?\n    answer: ok\n  - question: B?\n    answer: \"\"\n", &[]).unwrap_err();
        assert!(e.to_string().starts_with("content/f.yaml:5:1:"), "{e}");
        let e = parse_faq(
            "f.yaml",
            p.into(),
            "title: F\nquestions:\n  - question: A?\n",
            &[],
        )
        .unwrap_err();
        assert!(e.to_string().contains("missing field `answer`"), "{e}");
        let e = parse_faq("f.yaml", p.into(), "title: F\nquestions: []\n", &[]).unwrap_err();
        assert!(e.to_string().starts_with("content/f.yaml:2:"), "{e}");
    }
}
