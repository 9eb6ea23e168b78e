//! YAML as authors write it: front matter split from the body, parser errors
//! with positions and plain-words hints, where a key is written, dates, and
//! prose cut short by a ` #` comment.

use crate::error::{Error, Location, Result, Warning};
use chrono::NaiveDate;
use std::path::Path;

/// Splits `---\nyaml\n---\nbody`, returning (yaml, line of yaml's first line, body, body's first line).
pub(super) fn split_front_matter<'a>(
    path: &Path,
    text: &'a str,
) -> Result<(&'a str, usize, &'a str, usize)> {
    let text_nb = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text_nb
        .strip_prefix("---\n")
        .or_else(|| text_nb.strip_prefix("---\r\n"))
        .ok_or_else(|| {
            Error::content(
                Location::file(path),
                "expected front matter: the file must start with a line `---`, then YAML with at least `title:`, then `---`",
            )
        })?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Ok((yaml, 2, body, body_line));
        }
        offset += line.len();
    }
    Err(Error::content(
        Location::file(path),
        "front matter is not closed: add a line `---` after the YAML",
    ))
}

pub fn yaml_error(path: &Path, yaml: &str, first_line: usize, e: &serde_norway::Error) -> Error {
    let (rel_line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    // serde_norway appends "at line X column Y" to its messages; we give our own.
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let hint = yaml_hint(yaml, rel_line, &msg)
        .map(|h| format!("; hint: {h}"))
        .unwrap_or_default();
    Error::content(
        Location::new(path, rel_line + first_line - 1, column),
        msg + &hint,
    )
}

/// A plain-words hint for the YAML mistakes non-programmers make, from the
/// parser's message and the line it points at (1-based within `yaml`).
fn yaml_hint(yaml: &str, line: usize, msg: &str) -> Option<&'static str> {
    let lines: Vec<&str> = yaml.lines().collect();
    let at = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or("");
    let indent_has_tab = |l: &str| l[..l.len() - l.trim_start().len()].contains('\t');
    if msg.contains("tab character") || indent_has_tab(at(line)) || indent_has_tab(at(line + 1)) {
        return Some(
            "indent with spaces, not tabs: YAML does not allow tabs at the start of a line",
        );
    }
    if msg.contains("more than one document") {
        return Some("a FAQ file is plain YAML: remove the `---` lines");
    }
    if msg.contains("missing field `answer`") || msg.contains("missing field `question`") {
        return Some(
            "`answer:` must line up exactly with `question:` above it (same number of spaces)",
        );
    }
    let value = at(line)
        .trim_start()
        .trim_start_matches("- ")
        .split_once(':')
        .map(|(_, v)| v.trim())
        .unwrap_or("");
    if msg.contains("mapping values are not allowed") {
        return Some(
            "a value containing `: ` must be in quotes, e.g. title: \"Back pain: should I stop?\"",
        );
    }
    if value.starts_with(['*', '@', '`', '%', '&', '!']) {
        return Some("a value starting with *, @, `, %, & or ! must be in quotes, e.g. title: \"*New* clinic hours\"");
    }
    if let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') {
        if value[1..].find(q).is_some_and(|end| end + 2 < value.len()) {
            return Some("a value that starts with a quote must end with it: put the whole value in the other kind of quotes, e.g. title: '\"Red flags\" explained'");
        }
    }
    None
}

/// Line and value column of every top-level key of a YAML block, read once,
/// so errors and findings about any key can point at it without reading the
/// file again. A build holds every page's: the names share one string and the
/// positions are `u32`, which took 160 bytes a page off a `String` and two
/// `usize`s per key.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeyPositions {
    /// The keys in order, each ended by `\n` (no key holds whitespace).
    names: Box<str>,
    /// Line and column of each key's value.
    at: Box<[(u32, u32)]>,
}

impl KeyPositions {
    /// Reads the keys of a YAML block starting at `first_line`.
    pub(super) fn of(yaml: &str, first_line: usize) -> KeyPositions {
        let mut names = String::new();
        let mut at = Vec::new();
        for (i, line) in yaml.lines().enumerate() {
            if line.starts_with([' ', '\t', '-', '#']) {
                continue;
            }
            if let Some((key, value)) = line.split_once(':') {
                let key = key.trim_end();
                if key.is_empty()
                    || key.contains(char::is_whitespace)
                    || names.split_terminator('\n').any(|k| k == key)
                {
                    continue;
                }
                let col = key.len() + 2 + (value.len() - value.trim_start().len());
                names.push_str(key);
                names.push('\n');
                at.push((small(first_line + i), small(col)));
            }
        }
        KeyPositions {
            names: names.into(),
            at: at.into(),
        }
    }

    /// Line and column of `key`'s value, if it is written.
    pub fn get(&self, key: &str) -> Option<(usize, usize)> {
        self.names
            .split_terminator('\n')
            .zip(self.at.iter())
            .find(|(k, _)| *k == key)
            .map(|(_, &(line, col))| (line as usize, col as usize))
    }
}

/// A line or column as kept: no file lumbar reads has four billion lines.
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where `key` is among `keys`, else `fallback`'s line.
pub fn key_location(path: &Path, keys: &KeyPositions, key: &str, fallback_line: usize) -> Location {
    let (line, column) = keys.get(key).unwrap_or((fallback_line, 1));
    Location::new(path, line, column)
}

/// Where `key:` is written at the top level of a YAML block starting at
/// `first_line` (its first line when it is not written).
pub fn yaml_key_location(path: &Path, yaml: &str, first_line: usize, key: &str) -> Location {
    key_location(path, &KeyPositions::of(yaml, first_line), key, first_line)
}

pub(super) fn parse_date(
    path: &Path,
    yaml: &str,
    first_line: usize,
    key: &str,
    value: &Option<String>,
) -> Result<Option<NaiveDate>> {
    let Some(v) = value else { return Ok(None) };
    let v = v.trim();
    // Accept a date or an RFC 3339 timestamp; only the day matters for
    // publication, review and the feed. Slicing is by `get`, as the value may
    // be shorter than a date or not split on a character boundary.
    let day = v.get(..10).unwrap_or(v);
    let rest = v.get(10..).unwrap_or("");
    let time_ok = rest.is_empty()
        || chrono::DateTime::parse_from_rfc3339(v).is_ok()
        || chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S").is_ok()
        || chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S").is_ok();
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .filter(|_| day.len() == 10 && time_ok)
        .map(Some)
        .ok_or_else(|| {
            Error::content(
                yaml_key_location(path, yaml, first_line, key),
                format!("`{key}` must be a date like 2025-03-14, got {v:?}"),
            )
        })
}

/// YAML keys whose plain values authors write as prose, where a ` #` starts
/// a comment and silently cuts the text.
const PROSE_KEYS: [&str; 6] = ["title", "description", "question", "answer", "bio", "role"];

/// Warnings for prose values cut short by a YAML comment.
pub(super) fn comment_warnings(path: &Path, yaml: &str, first_line: usize) -> Vec<Warning> {
    let mut out = Vec::new();
    for (i, line) in yaml.lines().enumerate() {
        let body = line.trim_start();
        let body = body.strip_prefix("- ").unwrap_or(body).trim_start();
        let Some((key, value)) = body.split_once(':') else {
            continue;
        };
        if !PROSE_KEYS.contains(&key) {
            continue;
        }
        let v = value.trim_start();
        if v.is_empty() || v.starts_with(['"', '\'', '|', '>', '#']) {
            continue;
        }
        if let Some(pos) = v.find(" #").or_else(|| v.find("\t#")) {
            let hash_byte = line.len() - v.len() + pos + 1;
            let col = line[..hash_byte].chars().count() + 1;
            out.push(Warning::new(
                Location::new(path, first_line + i, col),
                format!(
                    "` #` starts a YAML comment, so the {key} stops before it; put the whole {key} in quotes to keep the rest"
                ),
            ));
        }
    }
    out
}

/// Line and column of each item of the block list under top-level `key`
/// (`- id: x` lines at the list's own indentation), so an error about the
/// third reference points at it. A flow list (`[a, b]`) gives the key's line
/// for every item.
pub(super) fn list_item_lines(yaml: &str, first_line: usize, key: &str) -> Vec<(usize, usize)> {
    let mut lines = yaml.lines().enumerate();
    let Some((key_index, key_line)) = lines.find(|(_, l)| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    }) else {
        return Vec::new();
    };
    let value = key_line.split_once(':').map_or("", |(_, v)| v.trim());
    if value.starts_with('[') {
        let n = value.matches('{').count().max(1);
        return vec![(first_line + key_index, key.len() + 3); n];
    }
    let mut out = Vec::new();
    let mut indent = None;
    for (i, l) in lines {
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        let lead = l.len() - l.trim_start().len();
        if lead == 0 && !l.starts_with('-') {
            break;
        }
        if l.trim_start().starts_with('-') && indent.is_none_or(|n| n == lead) {
            indent = Some(lead);
            out.push((first_line + i, lead + 1));
        }
    }
    out
}

#[cfg(test)]
mod list_tests {
    use super::list_item_lines;

    #[test]
    fn items_of_a_block_list() {
        let y = "title: x\nreferences:\n  - id: a\n    title: A\n  # note\n  - doi: 10.1/x\nauthor: y\n";
        assert_eq!(list_item_lines(y, 2, "references"), vec![(4, 3), (7, 3)]);
        let y = "references:\n- id: a\n- id: b\n";
        assert_eq!(list_item_lines(y, 1, "references"), vec![(2, 1), (3, 1)]);
        assert!(list_item_lines(y, 1, "tags").is_empty());
    }
}

#[cfg(test)]
mod key_tests {
    use super::KeyPositions;

    #[test]
    fn keys_where_their_values_start() {
        let y = "title:  Back pain\n# a comment: not a key\ntags: [a, b]\n  nested: no\n- item: no\nmy key: no\ntitle: again\ndate:2024-01-02\n";
        let k = KeyPositions::of(y, 2);
        assert_eq!(
            k.get("title"),
            Some((2, 9)),
            "the first title, past its spaces"
        );
        assert_eq!(k.get("tags"), Some((4, 7)));
        assert_eq!(k.get("date"), Some((9, 6)));
        for absent in [
            "nested",
            "item",
            "my key",
            "a comment",
            "",
            "titl",
            "title\ntags",
        ] {
            assert_eq!(k.get(absent), None, "{absent:?}");
        }
        assert_eq!(KeyPositions::of("", 1).get(""), None);
        assert_eq!(KeyPositions::of("", 1), KeyPositions::default());
    }
}
