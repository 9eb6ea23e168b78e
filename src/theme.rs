//! Themes: where each template and static file comes from. The default
//! theme is compiled into the binary so a site with only `site.toml` and
//! `content/` builds; a `themes/<name>/` directory on disk replaces it, and
//! a site's own `templates/` and `static/` override single files of either.

use crate::config::{key_location, Config};
use crate::content::{files_below, site_path};
use crate::error::{read_utf8, Error, IoContext, Location, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const NAME: &str = "default";

/// The two kinds of theme file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Templates,
    Static,
}

impl Kind {
    fn dir(self) -> &'static str {
        match self {
            Kind::Templates => "templates",
            Kind::Static => "static",
        }
    }
}

/// Where one theme file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    BuiltIn(&'static str),
}

impl Source {
    pub fn read(&self) -> Result<Vec<u8>> {
        match self {
            Source::File(p) => std::fs::read(p).at_path(p),
            Source::BuiltIn(text) => Ok(text.as_bytes().to_vec()),
        }
    }

    /// Where to point an error about this file.
    pub fn location(&self) -> Location {
        match self {
            Source::File(p) => Location::file(p),
            Source::BuiltIn(_) => Location::unknown("<built-in theme>"),
        }
    }
}

/// Every file of one kind, by its path below `templates/` or `static/`:
/// the built-in theme (when the site uses it and has no copy on disk), then
/// `themes/<name>/`, then the site's own directory, later ones winning.
pub fn resolve(root: &Path, config: &Config, kind: Kind) -> Result<BTreeMap<String, Source>> {
    let theme = config.theme_dir(root);
    let builtin = !theme.is_dir() && config.theme == NAME;
    if !theme.is_dir() && !builtin {
        let toml_path = site_path(root, Path::new("site.toml"));
        let text = read_utf8(&root.join("site.toml")).unwrap_or_default();
        return Err(Error::Config {
            at: key_location(&toml_path, &text, "theme"),
            message: format!(
                "theme {:?} not found: no directory {}",
                config.theme,
                site_path(root, &Path::new("themes").join(&config.theme)).display()
            ),
        });
    }
    let mut out = BTreeMap::new();
    if builtin {
        for (rel, text) in files(kind.dir()) {
            out.insert(rel.to_string(), Source::BuiltIn(text));
        }
    }
    for dir in [theme.join(kind.dir()), root.join(kind.dir())] {
        for (rel, path) in files_below(&dir)? {
            out.insert(rel, Source::File(path));
        }
    }
    Ok(out)
}

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../themes/default/", $path)))),*]
    };
}

/// (path inside the theme, contents)
pub const FILES: &[(&str, &str)] = embed!(
    "templates/404.html",
    "templates/base.html",
    "templates/faq.html",
    "templates/faq_index.html",
    "templates/index.html",
    "templates/macros.html",
    "templates/page.html",
    "templates/people.html",
    "templates/person.html",
    "templates/section.html",
    "templates/tag.html",
    "templates/tags.html",
    "static/css/style.css",
    "static/js/search.js",
    "static/js/site.js",
    "i18n/en.toml",
);

/// The words lumbar puts on pages itself, by key: the built-in theme's
/// `i18n/en.toml`, then the theme's `i18n/<language>.toml`, then the site's,
/// later files overriding single keys. Keys a file adds are kept, for
/// templates to use as `strings.key`.
pub fn strings(root: &Path, config: &Config) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let builtin = files("i18n")
        .find(|(name, _)| *name == "en.toml")
        .map(|(_, text)| text)
        .unwrap_or_default();
    merge_strings(
        &mut out,
        Path::new("<built-in theme>/i18n/en.toml"),
        builtin,
    )?;
    let name = format!("{}.toml", config.language);
    for dir in [config.theme_dir(root).join("i18n"), root.join("i18n")] {
        let path = dir.join(&name);
        if path.is_file() {
            let text = read_utf8(&path)?;
            let shown = site_path(root, path.strip_prefix(root).unwrap_or(&path));
            merge_strings(&mut out, &shown, &text)?;
        }
    }
    Ok(out)
}

fn merge_strings(out: &mut BTreeMap<String, String>, path: &Path, text: &str) -> Result<()> {
    let table: BTreeMap<String, String> = toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map_or((1, 1), |s| crate::error::line_col(text, s.start));
        Error::Config {
            at: Location::new(path, line, column),
            message: format!("{} (every value is a quoted text)", e.message().trim()),
        }
    })?;
    out.extend(table);
    Ok(())
}

/// Files below `templates/` or `static/` of the built-in theme.
pub fn files(kind: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    FILES.iter().filter_map(move |(p, text)| {
        p.strip_prefix(kind)
            .and_then(|r| r.strip_prefix('/'))
            .map(|r| (r, *text))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_theme_file_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for entry in walkdir::WalkDir::new(&dir) {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                assert!(
                    super::FILES.iter().any(|(p, _)| *p == rel),
                    "{rel} is not embedded in src/theme.rs"
                );
            }
        }
    }
}
