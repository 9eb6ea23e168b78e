//! Which files below `content/` are pages, which are assets, and which are
//! left out (editor, system and office leftovers; sources with another ending).

use super::Kind;
use crate::error::{Error, Location, Result, Warning};
use std::path::{Path, PathBuf};

/// Extensions of Markdown and YAML content, lower-case. Matched without
/// regard to case: `Guide.MD` is an article, never a raw file to copy.
const MARKDOWN_EXTS: [&str; 2] = ["md", "markdown"];
const YAML_EXTS: [&str; 2] = ["yaml", "yml"];

/// The folder below `content/` whose YAML files are people, not FAQs.
pub const PEOPLE_DIR: &str = "people/";

/// What kind of content file `rel` is, or `None` for a plain asset.
pub fn classify(rel: &str) -> Option<Kind> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let (stem, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    if MARKDOWN_EXTS.contains(&ext.as_str()) {
        Some(if stem == "_index" {
            Kind::Section
        } else {
            Kind::Article
        })
    } else if YAML_EXTS.contains(&ext.as_str()) {
        // Files directly in `people/` are the site's clinicians.
        Some(
            if rel.split('/').count() == 2 && rel.starts_with(PEOPLE_DIR) {
                Kind::Person
            } else {
                Kind::Faq
            },
        )
    } else {
        None
    }
}

/// A name like `notes.md.txt` or `lifting.yaml.bak`: Markdown or YAML
/// source with something after its extension. Never published, as it would
/// expose the source (drafts included); the build warns about it instead.
pub fn looks_like_source(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('.').collect();
    parts.len() > 2
        && parts[1..parts.len() - 1]
            .iter()
            .any(|p| MARKDOWN_EXTS.contains(p) || YAML_EXTS.contains(p))
}

/// Files that editors, operating systems and office programs leave behind,
/// which must never become pages or be published.
pub fn is_ignored(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || lower == "thumbs.db"
        || lower == "desktop.ini"
        || [
            ".swp",
            ".swo",
            ".tmp",
            ".bak",
            ".orig",
            ".crdownload",
            ".part",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The user-facing path of a file in the site (`content/x.md`, not `./content/x.md`).
pub fn site_path(root: &Path, rel: &Path) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        rel.to_path_buf()
    } else {
        root.join(rel)
    }
}

/// How messages name `path`, a file somewhere below the site `root`: as
/// [`site_path`] names it when it is below the root, else as it is.
pub fn shown_path(root: &Path, path: &Path) -> PathBuf {
    site_path(root, path.strip_prefix(root).unwrap_or(path))
}

/// Content files and assets below `content/`, sorted, as `/`-separated
/// paths relative to it, with warnings about files that are left out.
#[derive(Default)]
pub struct Listing {
    pub docs: Vec<String>,
    pub assets: Vec<String>,
    pub warnings: Vec<Warning>,
}

pub fn list_files(root: &Path) -> Result<Listing> {
    let mut warnings = Vec::new();
    let mut docs = Vec::new();
    let mut assets = Vec::new();
    let shown = |rel: &str| site_path(root, &Path::new("content").join(rel));
    let mut skipped = |rel: &str| {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if looks_like_source(name) {
            warnings.push(Warning::new(
                Location::unknown(shown(rel)),
                "left out: the name looks like Markdown or YAML with another ending; \
                 rename it to end in .md or .yaml to publish it as a page",
            ));
        }
    };
    for (rel, _) in files_below_reporting(&root.join("content"), &mut skipped)? {
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if classify(&rel).is_some() {
            docs.push(rel);
        } else if looks_like_source(name) {
            skipped(&rel);
        } else {
            assets.push(rel);
        }
    }
    Ok(Listing {
        docs,
        assets,
        warnings,
    })
}

/// Regular files below `dir` (none if it does not exist), sorted, as
/// `/`-separated paths relative to it with their full paths. Editor leftovers
/// and hidden files are skipped, and symlinks are not followed, so a link can
/// neither loop nor pull in files from outside the site.
pub fn files_below(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    files_below_reporting(dir, &mut |_| {})
}

/// [`files_below`], telling `skipped` the relative path of each ignored file.
pub fn files_below_reporting(
    dir: &Path,
    skipped: &mut dyn FnMut(&str),
) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let ignored = e.depth() > 0 && is_ignored(&e.file_name().to_string_lossy());
            if ignored && e.file_type().is_file() {
                if let Ok(rel) = e.path().strip_prefix(dir) {
                    skipped(&rel.to_string_lossy().replace('\\', "/"));
                }
            }
            !ignored
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            let msg = e.to_string();
            Error::io(
                &path,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other(msg)),
            )
        })?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("walkdir stays below its root");
            out.push((
                rel.to_string_lossy().replace('\\', "/"),
                entry.path().to_path_buf(),
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_recognised_in_any_case() {
        for (rel, kind) in [
            ("a.md", Some(Kind::Article)),
            ("Guide.MD", Some(Kind::Article)),
            ("long.markdown", Some(Kind::Article)),
            ("s/_index.md", Some(Kind::Section)),
            ("s/_index.MD", Some(Kind::Section)),
            ("faq/x.yaml", Some(Kind::Faq)),
            ("faq/x.YML", Some(Kind::Faq)),
            ("photo.jpg", None),
            ("notes.md.txt", None),
            ("README", None),
        ] {
            assert_eq!(classify(rel), kind, "{rel}");
        }
    }

    #[test]
    fn sources_with_another_ending_and_junk_are_told_apart() {
        for name in [
            "notes.md.txt",
            "x.yaml.bak",
            "plan.MD.orig",
            "a.markdown.old",
        ] {
            assert!(looks_like_source(name), "{name}");
        }
        for name in ["a.md", "photo.jpg", "md.txt", "report.pdf", "x.mdx"] {
            assert!(!looks_like_source(name), "{name}");
        }
        for name in [
            ".DS_Store",
            "Thumbs.db",
            "DESKTOP.INI",
            "~$handout.docx",
            "a.md~",
            "#a.md#",
            "a.swp",
            "x.bak",
            "x.orig",
            "x.TMP",
            "video.mp4.part",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["a.md", "photo.jpg", "orig.png", "tmp.css"] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
