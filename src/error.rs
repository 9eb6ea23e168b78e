//! Typed errors. Every error that comes from a user's file carries the file and,
//! where the parser can tell, the 1-based line and column, so the CLI and the dev
//! server overlay can print one `file:line:column: message` line.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a source file. `line`/`column` are 1-based; 0 means "unknown".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            path: path.into(),
            line,
            column,
        }
    }

    /// A location for problems that concern the whole file.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location::new(path, 1, 1)
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
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
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
        if self.line == 0 {
            write!(f, "{}", self.path.display())
        } else {
            write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
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

    /// A command-line request that would be unsafe to carry out.
    #[error("{0}")]
    Refused(String),
}

impl Error {
    pub fn content(at: Location, message: impl Into<String>) -> Self {
        Error::Content {
            at,
            message: message.into(),
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
