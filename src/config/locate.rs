//! Where in site.toml a problem is, for errors at file:line:column, and a
//! hint for TOML's own errors.

use super::*;

/// A file site.toml names (`logo`, `favicon`, `image`) as pages link it:
/// `images/logo.svg` and `static/images/logo.svg`, the ways people write a
/// path below `static/`, both become `/images/logo.svg`; a relative link
/// would break on every page below the home page. Web addresses stay.
pub(super) fn site_file(written: &str) -> String {
    let t = written.trim();
    if t.is_empty() || t.contains("://") || t.starts_with("//") {
        return t.to_string();
    }
    let t = t.trim_start_matches("./").trim_start_matches('/');
    let t = t.strip_prefix("static/").unwrap_or(t);
    format!("/{t}")
}

/// A plain-words hint for the TOML mistakes non-programmers make.
pub(super) fn toml_hint(text: &str, line: usize, message: &str) -> Option<String> {
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

/// A synonym that could never apply: a key or alternative with no word search
/// indexes (empty, punctuation, only stop words), or a key with no
/// alternatives.
pub(super) fn synonym_problem(config: &Config) -> Option<(String, String)> {
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
pub(super) fn synonym_location(path: &Path, text: &str, key: &str) -> Location {
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
pub(super) fn key_offset(text: &str, key: &str) -> Option<usize> {
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
