//! Typed errors. Every error that comes from a user's file carries the file and,
//! where the parser can tell, the 1-based line and column, so the CLI and the dev
//! server overlay can print one `file:line:column: message` line.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a source file: the file, and the 1-based line and column
/// where one is known.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    pub path: PathBuf,
    pub position: Option<(usize, usize)>,
}

impl Location {
    /// A position in `path`; line 0 means the position is not known.
    pub fn new(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            path: path.into(),
            position: (line > 0).then_some((line, column.max(1))),
        }
    }

    /// A file with no position known (a built-in file, a template Tera
    /// reported no position for).
    pub fn unknown(path: impl Into<PathBuf>) -> Self {
        Location {
            path: path.into(),
            position: None,
        }
    }

    /// A location for problems that concern the whole file: its start.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location::new(path, 1, 1)
    }

    /// The line, or 0 when not known (as check reports show it).
    pub fn line(&self) -> usize {
        self.position.map_or(0, |(l, _)| l)
    }

    /// The 1-based line and column of byte `offset` in `text`.
    pub fn at_offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        Location::new(path, line, column)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Line starts of a text, for many position look-ups in one document
/// without rescanning it from the top each time (which is quadratic on a
/// large file with many headings or links).
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        // Every page is indexed, error or not: `match_indices` finds the
        // line feeds a word at a time, not a byte at a time.
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}", self.path.display()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems with what an author wrote: bad YAML, missing fields, broken links.
    #[error("{at}: {message}")]
    Content { at: Location, message: String },

    /// site.toml problems, including unknown keys.
    #[error("{at}: {message}")]
    Config { at: Location, message: String },

    /// A template failed to parse or render.
    #[error("{at}: template error: {message}")]
    Template { at: Location, message: String },

    /// The file system refused something; carries the path it refused.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Writing the output failed. Names the output file (never the staging
    /// copy), and the source it was copied from when there is one.
    #[error("{}: {source}{}", path.display(), from.as_ref().map(|f| format!(" (copying {})", f.display())).unwrap_or_default())]
    Write {
        path: PathBuf,
        from: Option<PathBuf>,
        #[source]
        source: std::io::Error,
    },

    /// An output directory lumbar will not build into, or a file in it that
    /// is not lumbar's to replace.
    #[error("{0}")]
    Output(String),

    /// The folder lumbar was pointed at has no site.toml.
    #[error("no site.toml in {}; run lumbar in your site's folder or pass --root", if .0.as_os_str().is_empty() || .0 == Path::new(".") { "this folder".to_string() } else { .0.display().to_string() })]
    NotASite(PathBuf),

    /// `lumbar init` or `lumbar theme eject` will not write where it was asked.
    #[error("{0}")]
    Scaffold(String),

    /// The dev server cannot listen where it was asked to.
    #[error("{0}")]
    Listen(String),

    /// The dev server cannot watch the site's files.
    #[error("cannot watch files: {0}")]
    Watch(String),

    /// A bug in lumbar caught before it could take the dev server down.
    #[error("internal error while building (please report): {0}")]
    Internal(String),

    /// Several problems found in one run, sorted by file and position.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Many(Vec<Error>),
}

/// How many errors one run prints; the rest are counted.
pub const MAX_SHOWN: usize = 50;

/// A problem that does not stop the build, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Warning {
    pub at: Location,
    pub message: String,
}

impl Warning {
    pub fn new(at: Location, message: impl Into<String>) -> Self {
        Warning {
            at,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

impl PartialOrd for Location {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Location {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&self.path, self.position).cmp(&(&other.path, other.position))
    }
}

impl Error {
    pub fn content(at: Location, message: impl Into<String>) -> Self {
        Error::Content {
            at,
            message: message.into(),
        }
    }

    /// One error for many: flattened, sorted by file and position (so runs
    /// agree whatever order parallel work finished in), duplicates dropped.
    pub fn many(errors: Vec<Error>) -> Self {
        let mut flat = Vec::with_capacity(errors.len());
        for e in errors {
            match e {
                Error::Many(inner) => flat.extend(inner),
                e => flat.push(e),
            }
        }
        let mut keyed: Vec<((PathBuf, usize, usize), String, Error)> = flat
            .into_iter()
            .map(|e| (e.sort_key(), e.to_string(), e))
            .collect();
        keyed.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        keyed.dedup_by(|a, b| a.1 == b.1);
        let mut flat: Vec<Error> = keyed.into_iter().map(|(_, _, e)| e).collect();
        if flat.len() == 1 {
            flat.pop().expect("one")
        } else {
            Error::Many(flat)
        }
    }

    fn sort_key(&self) -> (PathBuf, usize, usize) {
        match self {
            Error::Content { at, .. } | Error::Config { at, .. } | Error::Template { at, .. } => {
                let (line, column) = at.position.unwrap_or((0, 0));
                (at.path.clone(), line, column)
            }
            Error::Io { path, .. } | Error::Write { path, .. } => (path.clone(), 0, 0),
            _ => (PathBuf::new(), 0, 0),
        }
    }

    /// The lines to print, one problem each, at most [`MAX_SHOWN`] of them
    /// and then a count of the rest.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Error::Many(all) => {
                let mut out: Vec<String> =
                    all.iter().take(MAX_SHOWN).map(|e| e.to_string()).collect();
                if all.len() > MAX_SHOWN {
                    out.push(format!("… and {} more errors", all.len() - MAX_SHOWN));
                }
                out
            }
            e => vec![e.to_string()],
        }
    }

    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Turns a `std::io::Result` into ours with the path attached.
pub trait IoContext<T> {
    fn at_path(self, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at_path(self, path: &Path) -> Result<T> {
        self.map_err(|e| Error::io(path, e))
    }
}

/// Reads a file as UTF-8, reporting the first invalid byte's position.
pub fn read_utf8(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).at_path(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // The valid prefix is UTF-8 by definition, so its line/column are exact.
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
        Error::content(
            Location::at_offset(path, prefix, valid),
            format!(
                "file is not valid UTF-8 (byte 0x{:02x} at offset {valid}); save it as UTF-8",
                bytes[valid]
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_line_col() {
        let t = "ab\ncdé\n\nx";
        let idx = LineIndex::new(t);
        for off in 0..=t.len() {
            assert_eq!(idx.line_col(t, off), line_col(t, off), "{off}");
        }
    }

    #[test]
    fn line_col_counts_from_one() {
        let t = "ab\ncdé\nx";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 5), (2, 3));
        assert_eq!(line_col(t, t.len()), (3, 2));
    }
}
