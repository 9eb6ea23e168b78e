//! The image cache: rendition files named by their key, and an index of
//! what each source file's header said, looked up by size and modification
//! time so an unchanged image is not even read again.

use super::{process, Format, Source};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::UNIX_EPOCH;

const INDEX: &str = "index.tsv";

/// What earlier runs learned of each source file (its header and hash),
/// valid while its size and modification time match.
pub fn read_index(dir: &Path) -> HashMap<String, Source> {
    let Ok(text) = std::fs::read_to_string(dir.join(INDEX)) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let [rel, len, mtime, hash, format, width, height, orientation] = f[..] else {
                return None;
            };
            let source = Source {
                rel: rel.to_string(),
                // Where it is published is this run's to say.
                url: String::new(),
                format: Format::from_ext(format)?,
                width: width.parse().ok()?,
                height: height.parse().ok()?,
                orientation: orientation.parse().ok()?,
                hash: u64::from_str_radix(hash, 16).ok()?,
                len: len.parse().ok()?,
                mtime: mtime.parse().ok()?,
                fresh: false,
            };
            Some((rel.to_string(), source))
        })
        .collect()
}

/// Rewrites the index with what this run learned. A failure only costs
/// the next run some reading, so it is not reported.
pub fn write_index<'a>(dir: &Path, sources: impl Iterator<Item = &'a std::sync::Arc<Source>>) {
    let mut lines: Vec<String> = sources
        .filter(|s| !s.rel.contains(['\t', '\n', '\r']) && s.mtime != 0)
        .map(|s| {
            format!(
                "{}\t{}\t{}\t{:016x}\t{}\t{}\t{}\t{}",
                s.rel,
                s.len,
                s.mtime,
                s.hash,
                s.format.ext(),
                s.width,
                s.height,
                s.orientation
            )
        })
        .collect();
    lines.sort();
    let tmp = dir.join(format!("{INDEX}.tmp{}", std::process::id()));
    let text = lines.join("\n") + "\n";
    if std::fs::create_dir_all(dir).is_ok()
        && std::fs::write(&tmp, text).is_ok()
        && std::fs::rename(&tmp, dir.join(INDEX)).is_err()
    {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Reads a source image's header, or takes it from the index when the file
/// is unchanged.
pub fn probe(
    root: &Path,
    rel: &str,
    url: &str,
    known: Option<&Source>,
    max_pixels: u64,
) -> Result<Source, String> {
    let path = root.join(rel);
    let meta = std::fs::metadata(&path).map_err(|e| format!("cannot be read: {e}"))?;
    let len = meta.len();
    if len == 0 {
        return Err("is an empty file (0 bytes): copy the image into the folder again".into());
    }
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    if let Some(e) = known.filter(|e| e.len == len && e.mtime == mtime && mtime != 0) {
        // The limit may have been lowered since.
        if u64::from(e.width) * u64::from(e.height) <= max_pixels {
            return Ok(Source {
                url: url.to_string(),
                ..e.clone()
            });
        }
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot be read: {e}"))?;
    let (format, width, height, orientation) = process::header(&bytes, max_pixels)?;
    Ok(Source {
        rel: rel.to_string(),
        url: url.to_string(),
        format,
        width,
        height,
        orientation,
        hash: hash(&bytes),
        len,
        mtime,
        fresh: true,
    })
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    h.write(bytes);
    h.finish()
}

/// Deletes cache files not in `keep` (and leftovers of interrupted writes
/// older than a day, which no running process is still renaming).
pub fn prune(dir: &Path, keep: &HashSet<String>) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name == INDEX || keep.contains(&name) {
            continue;
        }
        if name.contains(".tmp") {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 86_400);
            if !old {
                continue;
            }
        }
        if std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}
