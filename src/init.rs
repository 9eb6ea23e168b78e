//! `lumbar init`: a small clinic site (settings, home page, a section, an
//! article with a care card and a reference, a FAQ, a clinician, a logo and
//! an image) that builds and passes `lumbar check --strict` at once; and
//! `lumbar theme eject`: the built-in theme as files to change. Neither ever
//! overwrites a file.

use crate::error::{Error, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `starter!("a", ".gitignore" from "gitignore")`: each file of the new
/// site, embedded from `starter/` (where `.gitignore` is kept as
/// `gitignore`, so it does not apply to this repository's own files).
macro_rules! starter {
    (@file $path:literal $file:literal) => {
        $file
    };
    (@file $path:literal) => {
        $path
    };
    ($($path:literal $(from $file:literal)?),* $(,)?) => {
        &[$(($path, include_str!(concat!("../starter/", starter!(@file $path $($file)?))))),*]
    };
}

/// (path in the new site, contents): `{today}` and `{clinic}` filled in.
const STARTER: &[(&str, &str)] = starter!(
    "site.toml",
    "content/_index.md",
    "content/advice/_index.md",
    "content/advice/when-to-get-help.md",
    "content/advice/images/spine.svg",
    "content/faq/common-questions.yaml",
    "content/people/your-name.yaml",
    "content/people/a-colleague.yaml",
    "static/images/logo.svg",
    ".gitignore" from "gitignore",
);

/// The GitHub Pages workflow `lumbar init --ci github` writes.
const GITHUB_PAGES: &str = include_str!("../starter/ci/github-pages.yml");
/// Where it goes.
pub const GITHUB_PAGES_PATH: &str = ".github/workflows/pages.yml";

/// Where a site is published from (`lumbar init --ci …`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ci {
    /// GitHub Pages, from the committed `public/`.
    Github,
}

/// What a scaffold wrote, and what it found already there and kept.
#[derive(Debug, Default)]
pub struct Written {
    pub written: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
}

/// True when `dir` holds anything (a missing folder is empty).
fn has_files(dir: &Path) -> Result<bool> {
    match fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(dir, e)),
    }
}

/// Writes each file that is not there yet; never replaces one, even if it
/// appears meanwhile (the file is created exclusively).
fn write_new(dir: &Path, files: impl Iterator<Item = (String, String)>) -> Result<Written> {
    let mut out = Written::default();
    for (rel, text) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(text.as_bytes())
                    .map_err(|e| Error::io(&path, e))?;
                out.written.push(PathBuf::from(rel));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                out.kept.push(PathBuf::from(rel));
            }
            Err(e) => return Err(Error::io(&path, e)),
        }
    }
    Ok(out)
}

/// `lumbar init DIR`: refuses a folder with anything in it unless `force`,
/// and then only adds the files that are missing. With `ci`, also the
/// workflow that publishes it; in a folder that is a site already, only
/// the workflow.
pub fn init(
    dir: &Path,
    clinic: &str,
    today: chrono::NaiveDate,
    force: bool,
    ci: Option<Ci>,
) -> Result<Written> {
    if let Some(Ci::Github) = ci {
        if dir.join("site.toml").is_file() {
            return write_new(
                dir,
                std::iter::once((GITHUB_PAGES_PATH.to_string(), GITHUB_PAGES.to_string())),
            );
        }
    }
    if !force && has_files(dir)? {
        return Err(Error::Scaffold(format!(
            "{} is not empty: run lumbar init in a new folder, or add --force to add only the files that are missing (nothing is overwritten)",
            dir.display()
        )));
    }
    let clinic = clinic.replace('"', "'");
    let today = today.format("%Y-%m-%d").to_string();
    let files = STARTER.iter().map(|(rel, text)| {
        let mut text = text.replace("{today}", &today).replace("{clinic}", &clinic);
        if *rel == ".gitignore" && ci.is_some() {
            // Published from the repository: the build is committed, a
            // build in progress (staged beside it) is not.
            text = text
                .replace("the built site and its", "a build in progress and")
                .replace("/public/\n", "/.public.*\n");
        }
        (rel.to_string(), text)
    });
    let ci_files = ci.map(|Ci::Github| (GITHUB_PAGES_PATH.to_string(), GITHUB_PAGES.to_string()));
    write_new(dir, files.chain(ci_files))
}

/// `lumbar theme eject NAME`: the built-in theme into `themes/NAME/`.
pub fn eject_theme(root: &Path, name: &str, force: bool) -> Result<Written> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(Error::Scaffold(format!(
            "theme name {name:?}: use letters, digits, - and _ (it becomes themes/{name}/)"
        )));
    }
    let dir = root.join("themes").join(name);
    if !force && has_files(&dir)? {
        return Err(Error::Scaffold(format!(
            "{} already has files: choose another name, or add --force to add only the files that are missing (nothing is overwritten)",
            dir.display()
        )));
    }
    write_new(
        &dir,
        crate::theme::FILES
            .iter()
            .map(|(rel, text)| (rel.to_string(), text.to_string())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_starter_file_has_its_placeholders_filled() {
        let dir = tempfile::tempdir().unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let w = init(dir.path(), "Oak \"Tree\" Physio", day, false, None).unwrap();
        assert_eq!(w.written.len(), STARTER.len());
        for (rel, _) in STARTER {
            let text = fs::read_to_string(dir.path().join(rel)).unwrap();
            assert!(
                !text.contains("{today}") && !text.contains("{clinic}"),
                "{rel}"
            );
        }
        let toml = fs::read_to_string(dir.path().join("site.toml")).unwrap();
        assert!(toml.contains("title = \"Oak 'Tree' Physio\""));
    }
}

/// What `lumbar new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Article,
    Faq,
}

/// The built-in archetypes; a site's `archetypes/article.md` and
/// `archetypes/faq.yaml` replace them.
const ARCHETYPE_ARTICLE: &str = include_str!("../starter/archetypes/article.md");
const ARCHETYPE_FAQ: &str = include_str!("../starter/archetypes/faq.yaml");

/// A YAML double-quoted string's inside: `"` and `\` escaped.
fn yaml_quoted(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// For a translation (`advice/sleep.es`): a language site.toml lists and a
/// source to translate, or the page the build would refuse is not written.
fn translation_problem(root: &Path, config: &crate::config::Config, rel: &str) -> Result<()> {
    let Some((source, code)) = crate::content::split_language(rel) else {
        return Ok(());
    };
    let codes: Vec<String> = config.languages().into_iter().map(|l| l.code).collect();
    if !codes.iter().any(|c| c == code) {
        return Err(Error::Scaffold(format!(
            "`.{code}` is not one of the site's languages ({}): add [languages.{code}] to site.toml first, or choose a name without `.{code}` (nothing was changed)",
            codes.join(", ")
        )));
    }
    let (stem, ext) = source.rsplit_once('.').unwrap_or((&source, ""));
    let spellings: &[&str] = if ext == "yaml" {
        &["yaml", "yml"]
    } else {
        &["md", "markdown"]
    };
    if !spellings
        .iter()
        .any(|e| root.join("content").join(format!("{stem}.{e}")).is_file())
    {
        return Err(Error::Scaffold(format!(
            "there is no content/{source} to translate: write the page in the default language first (nothing was changed)"
        )));
    }
    Ok(())
}

/// `lumbar new article advice/sleep ["Title"]`, `lumbar new faq sleep`:
/// a draft from the archetype, dated today, with the site's default author,
/// at `content/<path>.md` (a FAQ without a folder goes in `content/faq/`).
/// Returns the file written; never replaces one.
pub fn new_page(
    root: &Path,
    kind: NewKind,
    path: &str,
    title: Option<&str>,
    config: &crate::config::Config,
    today: chrono::NaiveDate,
) -> Result<PathBuf> {
    let author = config.default_author.as_str();
    let (ext, archetype, builtin) = match kind {
        NewKind::Article => ("md", "archetypes/article.md", ARCHETYPE_ARTICLE),
        NewKind::Faq => ("yaml", "archetypes/faq.yaml", ARCHETYPE_FAQ),
    };
    let trimmed = path.trim().trim_matches('/');
    let trimmed = trimmed
        .strip_prefix("content/")
        .unwrap_or(trimmed)
        .trim_end_matches(&format!(".{ext}"));
    let (parts, above) = crate::text::path_segments(trimmed);
    let name = parts.last().cloned().unwrap_or_default();
    if above || name.is_empty() {
        return Err(Error::Scaffold(format!(
            "{path:?}: give the page's place below content/, e.g. advice/sleep"
        )));
    }
    let mut rel = parts.join("/");
    if kind == NewKind::Faq && parts.len() == 1 {
        rel = format!("faq/{rel}");
    }
    let file = root.join("content").join(format!("{rel}.{ext}"));
    translation_problem(root, config, &format!("{rel}.{ext}"))?;
    let title = title
        .map(str::to_string)
        .unwrap_or_else(|| crate::text::title_from_name(name));
    let text = match std::fs::read_to_string(root.join(archetype)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => builtin.to_string(),
        Err(e) => return Err(Error::io(&root.join(archetype), e)),
    };
    let author_line = if author.is_empty() {
        "# author: your-id        # content/people/<id>.yaml, or a name".to_string()
    } else {
        format!("author: {author}")
    };
    let text = text
        .replace("{title}", &yaml_quoted(&title))
        .replace("{today}", &today.format("%Y-%m-%d").to_string())
        .replace("{author}", &author_line);
    // One empty list per taxonomy the site has (none: the line goes).
    let terms: Vec<String> = config
        .taxonomies
        .iter()
        .map(|t| format!("{}: []", t.name))
        .collect();
    let text = if terms.is_empty() {
        text.replace("{taxonomies}\n", "")
    } else {
        text.replace("{taxonomies}", &terms.join("\n"))
    };
    let w = write_new(
        &root.join("content"),
        std::iter::once((format!("{rel}.{ext}"), text)),
    )?;
    if w.written.is_empty() {
        return Err(Error::Scaffold(format!(
            "{} already exists: choose another name (nothing was changed)",
            file.display()
        )));
    }
    Ok(file)
}
