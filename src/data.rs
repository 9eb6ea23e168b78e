//! `data/`: YAML, TOML and JSON files that templates read as `data.<name>`
//! (services, opening hours, insurers a clinic works with). A file in a
//! folder is `data.<folder>.<name>`. Every file must parse: a mistake is an
//! error at its line and column, like a page's.

use crate::content::{files_below, site_path};
use crate::error::{read_utf8, Error, Location, Result};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::path::Path;

/// Every data file below `root/data`, as one object (empty without a folder).
pub fn load(root: &Path) -> Result<Value> {
    let dir = root.join("data");
    let mut data = Map::new();
    // Dotted names of files and of folders, so `team.yaml` beside `team/`
    // (or `hours.yaml` beside `hours.json`) is an error, not one hiding the other.
    let mut files: HashSet<String> = HashSet::new();
    let mut folders: HashSet<String> = HashSet::new();
    let mut errors = Vec::new();
    for (rel, path) in files_below(&dir)? {
        let shown = site_path(root, &Path::new("data").join(&rel));
        let mut parts: Vec<&str> = rel.split('/').collect();
        let file = parts.pop().unwrap_or(&rel);
        let name = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        let dotted: Vec<&str> = parts.iter().copied().chain([name]).collect();
        let key = dotted.join(".");
        let prefixes: Vec<String> = (1..dotted.len()).map(|n| dotted[..n].join(".")).collect();
        if folders.contains(&key)
            || files.contains(&key)
            || prefixes.iter().any(|p| files.contains(p))
        {
            errors.push(Error::content(
                Location::file(&shown),
                format!("another file or folder in data/ is also data.{key}: rename one"),
            ));
            continue;
        }
        match parse(&path, &shown) {
            Ok(value) => {
                files.insert(key);
                folders.extend(prefixes);
                place(&mut data, &parts, name, value);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(Value::Object(data))
    } else {
        Err(Error::many(errors))
    }
}

/// Puts `value` at `dirs…name`, making the folders' objects on the way
/// (folders and files were told apart before, so a folder is an object).
fn place(map: &mut Map<String, Value>, dirs: &[&str], name: &str, value: Value) {
    match dirs.split_first() {
        None => {
            map.insert(name.to_string(), value);
        }
        Some((dir, rest)) => {
            let folder = map
                .entry(dir.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = folder {
                place(m, rest, name, value);
            }
        }
    }
}

fn parse(path: &Path, shown: &Path) -> Result<Value> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    // Errors name the file as the user sees it (`data/hours.yaml`).
    let text = || {
        read_utf8(path).map_err(|e| match e {
            Error::Content { at, message } => Error::Content {
                at: Location {
                    path: shown.to_path_buf(),
                    ..at
                },
                message,
            },
            e => e,
        })
    };
    match ext.as_str() {
        "yaml" | "yml" => {
            let text = text()?;
            serde_norway::from_str::<Value>(&text)
                .map_err(|e| crate::content::yaml_error(shown, &text, 1, &e))
        }
        "toml" => {
            let text = text()?;
            toml::from_str::<Value>(&text).map_err(|e| {
                let (line, column) = e
                    .span()
                    .map_or((1, 1), |s| crate::error::line_col(&text, s.start));
                Error::content(Location::new(shown, line, column), e.message().trim().to_string())
            })
        }
        "json" => {
            let text = text()?;
            serde_json::from_str::<Value>(&text).map_err(|e| {
                let message = e.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message);
                Error::content(Location::new(shown, e.line(), e.column()), message.to_string())
            })
        }
        _ => Err(Error::content(
            Location::file(shown),
            "a data file must be YAML (.yaml), TOML (.toml) or JSON (.json); move other files out of data/",
        )),
    }
}
