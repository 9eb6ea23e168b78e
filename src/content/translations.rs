//! Which content files make each language's pages. A translation sits
//! beside its source with the language's code before the extension
//! (`core-stability.es.md`, `_index.es.md`, `can-i-keep-training.es.yaml`)
//! and takes the source's place, and URL, in that language. A page with no
//! translation is listed in that language as the source, marked as such
//! (see `PageMeta::fallback`), and gets no page of its own there.

use super::classify;
use crate::config::{looks_like_code, Config};
use crate::error::{Error, Location, Result};
use std::path::Path;

/// One file of a language's pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// The file below `content/`.
    pub file: String,
    /// The page it is: the source's path (see `PageMeta::rel`).
    pub rel: String,
    /// The default language's file, listed in place of a translation.
    pub fallback: bool,
    /// For a translation: its source, listed instead while the translation
    /// is a draft or not yet published.
    pub source: Option<String>,
}

/// A file name's language code and the name without it:
/// `training/core.es.md` → (`training/core.md`, `es`). `None` when the
/// name carries nothing shaped like a code.
pub fn split_language(file: &str) -> Option<(String, &str)> {
    let (dir, name) = match file.rsplit_once('/') {
        Some((d, n)) => (Some(d), n),
        None => (None, file),
    };
    let (stem, ext) = name.rsplit_once('.')?;
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() || !looks_like_code(code) {
        return None;
    }
    let source = match dir {
        Some(d) => format!("{d}/{base}.{ext}"),
        None => format!("{base}.{ext}"),
    };
    Some((source, code))
}

/// The page a content file is and the code of its language: a translation
/// (`core.es.md`) is its source's page (`core.md`); a file with no code is
/// in the default language, `default`.
pub fn language_of(file: &str, default: &str) -> (String, String) {
    match split_language(file) {
        Some((rel, code)) if classify(&rel).is_some() => (rel, code.to_string()),
        _ => (file.to_string(), default.to_string()),
    }
}

/// The page a file is, whatever its extension's spelling: `x.md` and
/// `x.markdown`, `x.yaml` and `x.yml` are one page.
fn page_key(rel: &str) -> String {
    let (stem, ext) = rel.rsplit_once('.').unwrap_or((rel, ""));
    let ext = ext.to_ascii_lowercase();
    let class = if matches!(ext.as_str(), "yaml" | "yml") {
        "yaml"
    } else {
        "md"
    };
    format!("{stem}.{class}")
}

/// Each language's files, in `config.languages()` order (the default
/// first). Every problem is reported at once: a code site.toml does not
/// list, a translation with no source, two files for one page.
pub fn docs_by_language(root: &Path, config: &Config, files: &[String]) -> Result<Vec<Vec<Doc>>> {
    let languages = config.languages();
    let default = languages[0].code.clone();
    let shown = |f: &str| Location::file(super::site_path(root, &Path::new("content").join(f)));
    let mut errors = Vec::new();
    // (page key, language, file, page): one flat list sorted by page rather
    // than a map of maps, which on 100,000 files held 70 MB for a moment.
    let mut found: Vec<(String, usize, &str, String)> = Vec::with_capacity(files.len());
    for file in files {
        let (rel, code) = language_of(file, &default);
        let Some(lang) = languages.iter().position(|l| l.code == code) else {
            let known: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
            errors.push(Error::content(
                shown(file),
                format!(
                    "`.{code}` in the file name is not one of the site's languages ({}); add [languages.{code}] to site.toml, or rename the file without `.{code}`",
                    known.join(", ")
                ),
            ));
            continue;
        };
        found.push((page_key(&rel), lang, file, rel));
    }
    // Stable: a page's files stay in listing order, so the first one listed
    // is the one kept when a language has two.
    found.sort_by(|a, b| a.0.cmp(&b.0));
    // Per page: its file in each language, and its source's path.
    let mut pages: Vec<(Vec<Option<&str>>, &str)> = Vec::new();
    for group in found.chunk_by(|a, b| a.0 == b.0) {
        let mut by_lang: Vec<Option<&str>> = vec![None; languages.len()];
        for (_, lang, file, _) in group {
            match by_lang[*lang] {
                Some(first) => errors.push(Error::content(
                    shown(file),
                    format!(
                        "a second {} file for the same page as content/{first}; keep one of the two",
                        languages[*lang].name
                    ),
                )),
                None => by_lang[*lang] = Some(file),
            }
        }
        let source = group.iter().find(|(_, lang, ..)| *lang == 0);
        match source {
            Some((.., rel)) => pages.push((by_lang, rel)),
            None => {
                let key = &group[0].0;
                let (stem, ext) = key.rsplit_once('.').unwrap_or((key, ""));
                for (lang, file) in by_lang.iter().enumerate() {
                    if let Some(file) = file {
                        errors.push(Error::content(
                            shown(file),
                            format!(
                                "translation ({}) of a page that does not exist: there is no content/{stem}.{ext} in the default language; add it, or move this file's text there",
                                languages[lang].code
                            ),
                        ));
                    }
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    Ok((0..languages.len())
        .map(|n| {
            let mut docs: Vec<Doc> = pages
                .iter()
                .map(|(by_lang, rel)| {
                    let rel = rel.to_string();
                    let source = by_lang[0].unwrap_or_default().to_string();
                    match by_lang[n] {
                        Some(file) if n > 0 => Doc {
                            file: file.to_string(),
                            rel,
                            fallback: false,
                            source: Some(source),
                        },
                        Some(_) => Doc {
                            file: source,
                            rel,
                            fallback: false,
                            source: None,
                        },
                        None => Doc {
                            file: source,
                            rel,
                            fallback: true,
                            source: None,
                        },
                    }
                })
                .collect();
            docs.sort_by(|a, b| a.rel.cmp(&b.rel));
            docs
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_come_off_file_names() {
        assert_eq!(
            split_language("training/core.es.md"),
            Some(("training/core.md".into(), "es"))
        );
        assert_eq!(
            split_language("_index.pt-br.md"),
            Some(("_index.md".into(), "pt-br"))
        );
        assert_eq!(
            split_language("faq/x.cy.YAML"),
            Some(("faq/x.cy.YAML".replace(".cy", ""), "cy"))
        );
        for none in [
            "core.md",
            "v1.2.md",
            "a.Draft.md",
            ".es.md",
            "notes.final.md",
        ] {
            assert_eq!(split_language(none), None, "{none}");
        }
    }
}
