//! The theme's and site's stylesheets and scripts as a deploy serves them:
//! minified and fingerprinted (`css/style.3f9a0c1e2b.css`), so hosts can
//! cache them for a year and a changed theme still reaches every visitor;
//! the `_headers` file that says so; and the favicon a site without one gets.
//! Templates name an asset by its plain path through `asset(path=…)`.

use crate::build::{StaticSource, Statics};
use crate::config::{key_location, Config};
use crate::content::site_path;
use crate::error::{read_utf8, Error, Result};
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::Path;

/// Plain static path (`css/style.css`) → the URL pages use for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assets {
    urls: BTreeMap<String, String>,
    /// Fingerprinted paths, for the long cache lifetime in `_headers`.
    immutable: Vec<String>,
    /// The browser-tab icon's URL.
    pub favicon: String,
}

/// How `build` and `serve` treat stylesheets and scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Minified and fingerprinted: what a deploy needs.
    Fingerprint,
    /// As written, under their own names: the dev server swaps a changed
    /// stylesheet in place, which a new name per save would defeat.
    Plain,
}

/// The name `_headers` has on Netlify and Cloudflare Pages.
pub const HEADERS: &str = "_headers";
/// The icon a site gets when it has none of its own.
pub const DEFAULT_FAVICON: &str = "favicon.svg";

fn is_asset(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".css") || lower.ends_with(".js")
}

/// `css/style.css` + hash → `css/style.<hash>.css`.
fn fingerprinted(rel: &str, hash: &str) -> String {
    match rel.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{hash}.{ext}"),
        _ => format!("{rel}.{hash}"),
    }
}

/// A content hash that stays the same across lumbar releases and machines
/// (SipHash-1-3 with fixed keys), so an unchanged file keeps its name.
fn content_hash(bytes: &[u8]) -> String {
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    h.write(bytes);
    format!("{:010x}", h.finish() & 0xff_ffff_ffff)
}

/// Minified text, or the original when the minifier cannot parse it: a
/// stylesheet the parser does not understand still works as written.
/// Stylesheets go through a full CSS parser (lightningcss), so `clamp()`,
/// nesting and new selectors survive; scripts are minified only when they
/// are the built-in theme's own, unchanged, which the browser tests run
/// minified: a token-based minifier is not trusted with anyone else's.
fn minify(rel: &str, text: &str, ours: bool) -> String {
    let lower = rel.to_ascii_lowercase();
    if lower.ends_with(".min.js") || lower.ends_with(".min.css") {
        return text.to_string();
    }
    let out = if lower.ends_with(".css") {
        minify_css(text)
    } else if ours {
        minifier::js::minify(text).map(|m| m.to_string()).ok()
    } else {
        None
    };
    out.filter(|m| !m.trim().is_empty() || text.trim().is_empty())
        .unwrap_or_else(|| text.to_string())
}

fn minify_css(text: &str) -> Option<String> {
    use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
    let mut sheet = StyleSheet::parse(text, ParserOptions::default()).ok()?;
    sheet.minify(MinifyOptions::default()).ok()?;
    let printed = sheet
        .to_css(PrinterOptions {
            minify: true,
            ..PrinterOptions::default()
        })
        .ok()?;
    Some(printed.code)
}

impl Assets {
    /// Adds fingerprinted copies of every stylesheet and script to `statics`
    /// (the plain ones stay, for pages that link them by hand), the favicon
    /// when the site has none, and `_headers`.
    pub fn prepare(
        root: &Path,
        statics: &mut Statics,
        config: &Config,
        mode: Mode,
    ) -> Result<Assets> {
        check_brand_files(root, statics, config)?;
        let favicon = if !config.favicon.is_empty() {
            config.favicon.clone()
        } else if statics.contains_key(DEFAULT_FAVICON) || !statics.contains_key("favicon.ico") {
            statics
                .entry(DEFAULT_FAVICON.to_string())
                .or_insert_with(|| StaticSource::Generated(favicon_svg(config).into()));
            format!("/{DEFAULT_FAVICON}")
        } else {
            "/favicon.ico".to_string()
        };
        let mut assets = Assets {
            favicon,
            ..Assets::default()
        };
        let wanted: Vec<String> = statics.keys().filter(|r| is_asset(r)).cloned().collect();
        for rel in wanted {
            let url = match mode {
                Mode::Plain => format!("/{rel}"),
                Mode::Fingerprint => {
                    let bytes = statics[&rel].read()?;
                    // Not text (a mislabelled file): served as it is, by its name.
                    let Ok(text) = String::from_utf8(bytes) else {
                        assets.urls.insert(rel.clone(), format!("/{rel}"));
                        continue;
                    };
                    // Ours: the built-in theme's own script, embedded or as a
                    // copy on disk (themes/default/, an ejected theme) unchanged.
                    let ours = crate::theme::FILES
                        .iter()
                        .any(|(p, t)| p.strip_prefix("static/") == Some(&rel) && *t == text);
                    let small = minify(&rel, &text, ours);
                    let name = fingerprinted(&rel, &content_hash(small.as_bytes()));
                    statics.insert(name.clone(), StaticSource::Generated(small.into()));
                    assets.immutable.push(format!("/{name}"));
                    format!("/{name}")
                }
            };
            assets.urls.insert(rel, url);
        }
        if mode == Mode::Fingerprint {
            let own = match statics.get(HEADERS) {
                Some(src) => String::from_utf8_lossy(&src.read()?).into_owned(),
                None => String::new(),
            };
            statics.insert(
                HEADERS.to_string(),
                StaticSource::Generated(assets.headers(&own).into()),
            );
        }
        Ok(assets)
    }

    /// The URL for a plain static path, if the site has that file.
    pub fn url(&self, rel: &str) -> Option<&str> {
        self.urls
            .get(rel.trim_start_matches('/'))
            .map(String::as_str)
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.urls.keys().map(String::as_str)
    }

    /// `_headers`: the site's own rules first, then a year's caching for
    /// fingerprinted files (their name changes whenever they do) and the
    /// headers every page should have.
    fn headers(&self, own: &str) -> String {
        let mut out = String::new();
        if !own.trim().is_empty() {
            out.push_str(own.trim_end());
            out.push_str("\n\n");
        }
        out.push_str("# Written by lumbar: fingerprinted files never change, so they may be cached for a year.\n");
        for path in &self.immutable {
            out.push_str(path);
            out.push_str("\n  Cache-Control: public, max-age=31536000, immutable\n");
        }
        out.push_str("/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n");
        out
    }
}

/// The logo, favicon and share image site.toml names must exist, or every
/// page would show a broken image; said at the key's line.
fn check_brand_files(root: &Path, statics: &Statics, config: &Config) -> Result<()> {
    let named = [
        ("logo", &config.clinic.logo),
        ("favicon", &config.favicon),
        ("image", &config.image),
    ];
    let mut errors = Vec::new();
    for (key, value) in named {
        let Some(rel) = value.strip_prefix('/').filter(|r| !r.starts_with('/')) else {
            continue;
        };
        if statics.contains_key(rel) {
            continue;
        }
        let toml = site_path(root, Path::new("site.toml"));
        let text = read_utf8(&root.join("site.toml")).unwrap_or_default();
        errors.push(Error::Config {
            at: key_location(&toml, &text, key),
            message: format!(
                "{key} = {value:?}: no such file; put it at {} (paths start at static/)",
                site_path(root, &Path::new("static").join(rel)).display()
            ),
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::many(errors))
    }
}

/// A round icon with the clinic's initial in the theme's accent colour, so
/// browsers find an icon (and log no 404) before the clinic adds its own.
fn favicon_svg(config: &Config) -> String {
    let name = if config.clinic.name.trim().is_empty() {
        &config.title
    } else {
        &config.clinic.name
    };
    let initial: String = name
        .chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "+".to_string());
    let initial = initial
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 64\"><circle cx=\"32\" cy=\"32\" r=\"32\" fill=\"#0a6c74\"/><text x=\"32\" y=\"43\" font-family=\"system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif\" font-size=\"32\" font-weight=\"700\" fill=\"#fff\" text-anchor=\"middle\">{initial}</text></svg>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_go_before_the_extension() {
        assert_eq!(fingerprinted("css/style.css", "abc"), "css/style.abc.css");
        assert_eq!(fingerprinted("js/a.b.js", "abc"), "js/a.b.abc.js");
    }

    #[test]
    fn the_hash_depends_on_content_only() {
        assert_eq!(content_hash(b"a{}"), content_hash(b"a{}"));
        assert_ne!(content_hash(b"a{}"), content_hash(b"b{}"));
        assert_eq!(content_hash(b"x").len(), 10);
    }

    #[test]
    fn minified_css_is_smaller_and_keeps_rules() {
        let css = "/* note */\n.a  {  color : red ;  }\n@media (max-width: 40rem) {\n  .b { margin: 0 auto; }\n}\n";
        let out = minify("x.css", css, false);
        assert!(out.len() < css.len(), "{out}");
        assert!(!out.contains("note"), "{out}");
        assert!(out.contains("@media"), "{out}");
        assert!(out.contains(".b{margin:0 auto"), "{out}");
    }

    /// The first minifier tried wrote `clamp(1rem,1rem+2vw,2rem)`, which
    /// browsers reject: the spaces around `+` are part of the syntax.
    #[test]
    fn math_functions_keep_their_spaces() {
        let out = minify(
            "x.css",
            "h1 { font-size: clamp(1.85rem, 1.35rem + 2vw, 2.6rem); }",
            false,
        );
        assert!(out.contains("1.35rem + 2vw"), "{out}");
    }

    #[test]
    fn css_the_parser_rejects_is_kept_as_written() {
        let css = ".a { color: red; } }";
        assert_eq!(minify("x.css", css, false), css);
        // What it does not know it keeps as written rather than dropping.
        assert_eq!(
            minify("x.css", "details::details-content { x: y }", false),
            "details::details-content{x:y}"
        );
    }

    #[test]
    fn only_our_own_scripts_are_minified() {
        let js = "var  a = 1; // note\n";
        assert_eq!(minify("site.js", js, false), js);
        assert!(minify("site.js", js, true).len() < js.len());
    }

    #[test]
    fn already_minified_scripts_are_left_alone() {
        assert_eq!(minify("vendor.min.js", "var  a = 1;", true), "var  a = 1;");
    }
}
