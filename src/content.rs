//! Content: reading `content/` into pages. Articles and sections are Markdown
//! with YAML front matter; FAQ files are YAML. Loading is two passes so that
//! `@/path.md` links can be resolved: first every file's metadata and URL, then
//! every body's Markdown, both in parallel.

use crate::config::Config;
use crate::error::{read_utf8, Error, Location, Result, Warning};
use crate::markdown::{self, RenderOptions, Rendered};
use crate::text::{reading_minutes, slugify, tag_key, tag_slug, word_count};
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Article,
    Section,
    Faq,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    reviewed: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    slug: Option<String>,
    #[serde(default)]
    template: Option<String>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    faq: Option<String>,
    #[serde(default)]
    extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaqFile {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    reviewed: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    template: Option<String>,
    #[serde(default)]
    weight: Option<i64>,
    #[serde(default)]
    questions: Vec<FaqEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FaqEntry {
    question: String,
    answer: String,
}

/// A page's tag: as written, and the URL part of its tag page, worked out
/// once (see [`crate::text::tag_slug`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
}

/// One FAQ question, rendered.
#[derive(Debug, Clone)]
pub struct Question {
    pub question: String,
    pub id: String,
    pub answer: Rendered,
    /// Line of the question, and of the answer's first line of text.
    pub line: usize,
    pub answer_line: usize,
}

/// A page of any kind, with its Markdown rendered.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: Kind,
    /// Path below `content/`, with `/` separators: `back-pain/core.md`.
    pub rel: String,
    /// The file as the user would name it in an error: `content/back-pain/core.md`.
    pub path: PathBuf,
    pub url: String,
    pub title: String,
    pub description: String,
    pub date: Option<NaiveDate>,
    pub updated: Option<NaiveDate>,
    pub reviewed: Option<NaiveDate>,
    /// Where `reviewed:` is written, for findings about the review date.
    pub reviewed_at: Option<Location>,
    pub author: Option<String>,
    pub tags: Vec<TagRef>,
    /// Where `tags:` is written, for errors about a tag.
    pub tags_at: Location,
    pub draft: bool,
    pub weight: Option<i64>,
    pub template: Option<(String, Location)>,
    pub faq: Option<(String, Location)>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub body: Rendered,
    pub questions: Vec<Question>,
    pub words: usize,
    /// First line of the Markdown body in the file.
    pub body_line: usize,
    pub reading_minutes: usize,
}

impl Page {
    /// The date shown and sorted on: last update, else publication.
    pub fn modified(&self) -> Option<NaiveDate> {
        self.updated.or(self.date)
    }

    /// The directory below `content/` that holds this page (`""` for the root).
    pub fn dir(&self) -> &str {
        self.rel.rsplit_once('/').map_or("", |(d, _)| d)
    }
}

/// A file after the first pass: metadata parsed, body not yet rendered.
#[derive(Debug)]
pub struct Parsed {
    page: Page,
    body: String,
    body_line: usize,
    faq_entries: Vec<(FaqEntry, usize, usize)>,
    warnings: Vec<Warning>,
}

impl Parsed {
    pub fn url(&self) -> &str {
        &self.page.url
    }
    pub fn rel(&self) -> &str {
        &self.page.rel
    }
    pub fn draft(&self) -> bool {
        self.page.draft
    }
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}

/// Extensions of Markdown and YAML content, lower-case. Matched without
/// regard to case: `Guide.MD` is an article, never a raw file to copy.
const MARKDOWN_EXTS: [&str; 2] = ["md", "markdown"];
const YAML_EXTS: [&str; 2] = ["yaml", "yml"];

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
        Some(Kind::Faq)
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

/// Content files and assets below `content/`, sorted, as `/`-separated
/// paths relative to it, with warnings about files that are left out.
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

/// Splits `---\nyaml\n---\nbody`, returning (yaml, line of yaml's first line, body, body's first line).
fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<(&'a str, usize, &'a str, usize)> {
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

fn yaml_error(path: &Path, yaml: &str, first_line: usize, e: &serde_norway::Error) -> Error {
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

/// Where `key:` is written at the top level of a YAML block starting at `first_line`.
pub fn yaml_key_location(path: &Path, yaml: &str, first_line: usize, key: &str) -> Location {
    for (i, line) in yaml.lines().enumerate() {
        if let Some(rest) = line.strip_prefix(key) {
            if let Some(value) = rest.strip_prefix(':') {
                let col = key.len() + 2 + (value.len() - value.trim_start().len());
                return Location::new(path, first_line + i, col);
            }
        }
    }
    Location::new(path, first_line, 1)
}

fn parse_date(
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

/// The longest URL part lumbar writes: one directory name on disk, whose
/// limit is 255 bytes on common file systems.
const MAX_SEGMENT_BYTES: usize = 255;

/// URL of a content file, from its path (and `slug`, if given). Every part
/// must keep a letter or digit, or two pages would share a URL (and a page
/// with none would replace its section's listing).
fn url_for(
    rel: &str,
    kind: Kind,
    slug: Option<&str>,
    path: &Path,
    slug_at: impl Fn() -> Location,
) -> Result<String> {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let mut url = String::from("/");
    let check = |part: String, what: &str, at: Location| -> Result<String> {
        if part.is_empty() {
            return Err(Error::content(
                at,
                format!("{what} has no letter or digit to make a web address from; rename it or set `slug:`"),
            ));
        }
        if part.len() > MAX_SEGMENT_BYTES {
            return Err(Error::content(
                at,
                format!(
                    "{what} makes a web address part of {} bytes; at most {MAX_SEGMENT_BYTES} fit in a file name, so shorten it",
                    part.len()
                ),
            ));
        }
        Ok(part)
    };
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        let seg = check(
            slugify(part),
            &format!("the folder name {part:?}"),
            Location::new(path, 1, 1),
        )?;
        url.push_str(&seg);
        url.push('/');
    }
    if kind != Kind::Section {
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        let leaf = match slug {
            Some(s) => check(slugify(s), &format!("`slug: {s:?}`"), slug_at())?,
            None => check(
                slugify(stem),
                &format!("the file name {name:?}"),
                Location::new(path, 1, 1),
            )?,
        };
        url.push_str(&leaf);
        url.push('/');
    }
    Ok(url)
}

/// YAML keys whose plain values authors write as prose, where a ` #` starts
/// a comment and silently cuts the text.
const PROSE_KEYS: [&str; 4] = ["title", "description", "question", "answer"];

/// Warnings for prose values cut short by a YAML comment.
fn comment_warnings(path: &Path, yaml: &str, first_line: usize) -> Vec<Warning> {
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

/// First pass over one file.
pub fn parse_file(root: &Path, rel: &str) -> Result<Parsed> {
    let kind = classify(rel).expect("only content files are parsed");
    let full = root.join("content").join(rel);
    let path = site_path(root, &Path::new("content").join(rel));
    let text = read_utf8(&full).map_err(|e| match e {
        Error::Io { source, .. } => Error::io(&path, source),
        Error::Content { at, message } => Error::content(
            Location {
                path: path.clone(),
                ..at
            },
            message,
        ),
        e => e,
    })?;
    match kind {
        Kind::Faq => parse_faq(rel, path, &text),
        _ => parse_markdown(rel, kind, path, &text),
    }
}

/// First pass over a file's text, as if it were `content/<rel>`: the entry
/// point for fuzzing and for tools that have the text already.
pub fn parse_text(rel: &str, text: &str) -> Result<Parsed> {
    let path = Path::new("content").join(rel);
    match classify(rel) {
        Some(Kind::Faq) => parse_faq(rel, path, text),
        Some(kind) => parse_markdown(rel, kind, path, text),
        None => Err(Error::content(
            Location::file(&path),
            "not a content file (.md, .yaml or .yml)",
        )),
    }
}

fn parse_markdown(rel: &str, kind: Kind, path: PathBuf, text: &str) -> Result<Parsed> {
    let (yaml, yline, body, body_line) = split_front_matter(&path, text)?;
    if yaml.trim().is_empty() {
        return Err(Error::content(
            Location::new(&path, yline, 1),
            "front matter is empty: add at least `title: Your title`",
        ));
    }
    let fm: FrontMatter =
        serde_norway::from_str(yaml).map_err(|e| yaml_error(&path, yaml, yline, &e))?;
    if fm.title.trim().is_empty() {
        return Err(Error::content(
            yaml_key_location(&path, yaml, yline, "title"),
            "`title` is empty",
        ));
    }
    let date = parse_date(&path, yaml, yline, "date", &fm.date)?;
    let updated = parse_date(&path, yaml, yline, "updated", &fm.updated)?;
    let reviewed = parse_date(&path, yaml, yline, "reviewed", &fm.reviewed)?;
    let reviewed_at = reviewed.map(|_| yaml_key_location(&path, yaml, yline, "reviewed"));
    let template = fm.template.map(|t| {
        let at = yaml_key_location(&path, yaml, yline, "template");
        (t, at)
    });
    let faq = fm.faq.map(|f| {
        let at = yaml_key_location(&path, yaml, yline, "faq");
        (f, at)
    });
    let url = url_for(rel, kind, fm.slug.as_deref(), &path, || {
        yaml_key_location(&path, yaml, yline, "slug")
    })?;
    let tags_at = yaml_key_location(&path, yaml, yline, "tags");
    let tags = clean_tags(fm.tags, &tags_at)?;
    let warnings = comment_warnings(&path, yaml, yline);
    Ok(Parsed {
        page: Page {
            kind,
            rel: rel.to_string(),
            path,
            url,
            title: fm.title.trim().to_string(),
            description: fm.description.unwrap_or_default().trim().to_string(),
            date,
            updated,
            reviewed,
            reviewed_at,
            author: fm.author,
            tags,
            tags_at,
            draft: fm.draft,
            weight: fm.weight,
            template,
            faq,
            extra: fm.extra,
            body: Rendered::default(),
            questions: Vec::new(),
            words: 0,
            body_line: 0,
            reading_minutes: 0,
        },
        body: body.to_string(),
        body_line,
        faq_entries: Vec::new(),
        warnings,
    })
}

/// Trims tags and drops repeats of the same tag; two different tags that
/// would share one tag page are an error rather than one silently vanishing.
fn clean_tags(tags: Vec<String>, at: &Location) -> Result<Vec<TagRef>> {
    let mut out: Vec<TagRef> = Vec::with_capacity(tags.len());
    let mut by_slug: HashMap<String, usize> = HashMap::with_capacity(tags.len());
    for t in tags {
        let name = t.trim().to_string();
        if name.is_empty() {
            continue;
        }
        let slug = tag_slug(&name);
        if slug.is_empty() {
            return Err(Error::content(
                at.clone(),
                format!("tag {name:?} has no letter or digit to make a web address from"),
            ));
        }
        match by_slug.get(&slug) {
            Some(&i) if tag_key(&out[i].name) == tag_key(&name) => {}
            Some(&i) => {
                return Err(Error::content(
                    at.clone(),
                    format!(
                    "tags {:?} and {name:?} would share the page /tags/{slug}/; use one spelling",
                    out[i].name
                ),
                ))
            }
            None => {
                by_slug.insert(slug.clone(), out.len());
                out.push(TagRef { name, slug });
            }
        }
    }
    Ok(out)
}

fn parse_faq(rel: &str, path: PathBuf, text: &str) -> Result<Parsed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::content(
            Location::file(&path),
            "FAQ file is empty: it needs `title:` and `questions:`",
        ));
    }
    let faq: FaqFile = serde_norway::from_str(text).map_err(|e| yaml_error(&path, text, 1, &e))?;
    if faq.title.trim().is_empty() {
        return Err(Error::content(
            yaml_key_location(&path, text, 1, "title"),
            "`title` is empty",
        ));
    }
    if faq.questions.is_empty() {
        return Err(Error::content(
            yaml_key_location(&path, text, 1, "questions"),
            "FAQ has no questions: add `questions:` with `- question:` and `answer:` items",
        ));
    }
    let lines = question_lines(text);
    let mut entries = Vec::with_capacity(faq.questions.len());
    for (i, q) in faq.questions.into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let answer_line = answer_line(text, line);
        if q.question.trim().is_empty() {
            return Err(Error::content(
                Location::new(&path, line, 1),
                format!("question {} is empty", i + 1),
            ));
        }
        if q.answer.trim().is_empty() {
            return Err(Error::content(
                Location::new(&path, line, 1),
                format!("question {:?} has an empty answer", q.question.trim()),
            ));
        }
        entries.push((q, line, answer_line));
    }
    let date = parse_date(&path, text, 1, "date", &faq.date)?;
    let updated = parse_date(&path, text, 1, "updated", &faq.updated)?;
    let reviewed = parse_date(&path, text, 1, "reviewed", &faq.reviewed)?;
    let reviewed_at = reviewed.map(|_| yaml_key_location(&path, text, 1, "reviewed"));
    let template = faq
        .template
        .map(|t| (t, yaml_key_location(&path, text, 1, "template")));
    let url = url_for(rel, Kind::Faq, None, &path, || Location::new(&path, 1, 1))?;
    let tags_at = yaml_key_location(&path, text, 1, "tags");
    let tags = clean_tags(faq.tags, &tags_at)?;
    let warnings = comment_warnings(&path, text, 1);
    Ok(Parsed {
        page: Page {
            kind: Kind::Faq,
            rel: rel.to_string(),
            url,
            path,
            title: faq.title.trim().to_string(),
            description: faq.description.unwrap_or_default().trim().to_string(),
            date,
            updated,
            reviewed,
            reviewed_at,
            author: faq.author,
            tags,
            tags_at,
            draft: faq.draft,
            weight: faq.weight,
            template,
            faq: None,
            extra: Default::default(),
            body: Rendered::default(),
            questions: Vec::new(),
            words: 0,
            body_line: 0,
            reading_minutes: 0,
        },
        body: String::new(),
        body_line: 1,
        faq_entries: entries,
        warnings,
    })
}

/// First line of the answer text for the question on `question_line`: the
/// `answer:` line itself, or the next one for a `|` or `>` block.
fn answer_line(text: &str, question_line: usize) -> usize {
    for (i, l) in text
        .lines()
        .enumerate()
        .skip(question_line.saturating_sub(1))
    {
        if let Some(rest) = l
            .trim_start()
            .trim_start_matches('-')
            .trim_start()
            .strip_prefix("answer:")
        {
            let v = rest.trim();
            return if v.starts_with('|') || v.starts_with('>') || v.is_empty() {
                i + 2
            } else {
                i + 1
            };
        }
    }
    question_line
}

/// Line of each `question:` item, in order, so errors and links can point at it.
fn question_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start().trim_start_matches('-').trim_start();
            t.starts_with("question:")
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Second pass: render Markdown bodies and FAQ answers.
pub fn render_parsed(
    p: Parsed,
    config: &Config,
    resolve: &(dyn Fn(&str) -> Option<String> + Sync),
    strict_links: bool,
    reserved_ids: &HashSet<String>,
) -> Result<Page> {
    let opts = RenderOptions {
        unsafe_html: config.unsafe_html,
        resolve,
        strict_links,
        reserved_ids,
    };
    let mut page = p.page;
    page.body = markdown::render(&p.body, &page.path, p.body_line, &opts)?;
    let mut words = page.body.words;
    let mut used = HashSet::new();
    page.body_line = p.body_line;
    for (entry, line, answer_line) in p.faq_entries {
        let question = entry.question.trim().to_string();
        let mut base = slugify(&question);
        if base.is_empty() {
            base = "question".into();
        }
        let id = markdown::unique_id(&mut used, reserved_ids, base);
        let answer = markdown::render(&entry.answer, &page.path, answer_line, &opts)?;
        words += word_count(&question) + answer.words;
        page.questions.push(Question {
            question,
            id,
            answer,
            line,
            answer_line,
        });
    }
    page.words = words;
    page.reading_minutes = reading_minutes(words);
    Ok(page)
}

/// The loaded content of a site.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Every non-draft page (drafts too with `--drafts`), sorted by `rel`.
    pub pages: Vec<Page>,
    /// Non-content files below `content/`, copied beside their pages.
    pub assets: Vec<String>,
    pub warnings: Vec<Warning>,
    /// Drafts left out of this build.
    pub drafts_skipped: usize,
}

/// URL → content path map used to resolve `@/` links, keyed by `rel`.
pub fn url_map<'a>(items: impl Iterator<Item = (&'a str, &'a str)>) -> HashMap<String, String> {
    items
        .map(|(rel, url)| (rel.to_string(), url.to_string()))
        .collect()
}

/// Fails when several files would write the same URL, naming each pair.
pub fn check_duplicate_urls<'a>(items: impl Iterator<Item = (&'a str, &'a Path)>) -> Result<()> {
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    let mut errors = Vec::new();
    for (url, path) in items {
        if let Some(first) = seen.get(url) {
            errors.push(Error::content(
                Location::file(path),
                format!("URL {url} is already produced by {}; rename the file or set a different `slug`", first.display()),
            ));
        } else {
            seen.insert(url, path);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::many(errors))
    }
}

/// Splits results into values and one error holding every failure.
pub fn collect_all<T>(results: Vec<Result<T>>) -> Result<Vec<T>> {
    let mut ok = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(v) => ok.push(v),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(ok)
    } else {
        Err(Error::many(errors))
    }
}

/// A file after the first pass: rendered already unless its Markdown links
/// to other content with `@/`, which needs every page's URL first. Rendering
/// early lets the source text go at once, which keeps peak memory down.
enum Stage {
    Done(Page, Vec<Warning>),
    NeedsUrls(Parsed),
}

impl Stage {
    fn page(&self) -> &Page {
        match self {
            Stage::Done(p, _) => p,
            Stage::NeedsUrls(p) => &p.page,
        }
    }
}

impl Parsed {
    fn links_to_content(&self) -> bool {
        self.body.contains("@/")
            || self
                .faq_entries
                .iter()
                .any(|(e, _, _)| e.answer.contains("@/"))
    }
}

/// Loads and renders every content file. With `strict_links`, an `@/` link to
/// no content file fails the load; without, it is kept for `check` to report.
pub fn load(
    root: &Path,
    config: &Config,
    drafts: bool,
    strict_links: bool,
    reserved_ids: &HashSet<String>,
) -> Result<Content> {
    let Listing {
        docs,
        assets,
        mut warnings,
    } = list_files(root)?;
    let no_links = |_: &str| None;
    // Every file is parsed even after one fails, so one run reports every
    // broken file (sorted by `Error::many`, whatever order threads finish in).
    let staged: Vec<Result<Option<Stage>>> = docs
        .par_iter()
        .map(|rel| {
            let p = parse_file(root, rel)?;
            if p.draft() && !drafts {
                return Ok(None);
            }
            Ok(Some(if p.links_to_content() {
                Stage::NeedsUrls(p)
            } else {
                let w = p.warnings.clone();
                let page = render_parsed(p, config, &no_links, strict_links, reserved_ids)?;
                return Ok(Some(Stage::Done(page, w)));
            }))
        })
        .collect();
    let parsed_count = staged.iter().filter(|r| r.is_ok()).count();
    let staged: Vec<Stage> = collect_all(staged)?.into_iter().flatten().collect();
    let drafts_skipped = parsed_count - staged.len();
    check_duplicate_urls(
        staged
            .iter()
            .map(|s| (s.page().url.as_str(), s.page().path.as_path())),
    )?;
    let urls = url_map(
        staged
            .iter()
            .map(|s| (s.page().rel.as_str(), s.page().url.as_str())),
    );
    let resolve = |rel: &str| urls.get(rel).cloned();
    let done: Vec<Result<(Page, Vec<Warning>)>> = staged
        .into_par_iter()
        .map(|s| match s {
            Stage::Done(p, w) => Ok((p, w)),
            Stage::NeedsUrls(p) => {
                let w = p.warnings.clone();
                Ok((
                    render_parsed(p, config, &resolve, strict_links, reserved_ids)?,
                    w,
                ))
            }
        })
        .collect();
    let mut pages = Vec::with_capacity(done.len());
    for (page, w) in collect_all(done)? {
        pages.push(page);
        warnings.extend(w);
    }
    warnings.sort();
    Ok(Content {
        pages,
        assets,
        warnings,
        drafts_skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            url_for("_index.md", Kind::Section, None, Path::new("c"), || {
                Location::file("c")
            })
            .unwrap(),
            "/"
        );
        assert_eq!(
            url_for(
                "Back Pain/_index.md",
                Kind::Section,
                None,
                Path::new("c"),
                || Location::file("c")
            )
            .unwrap(),
            "/back-pain/"
        );
        assert_eq!(
            url_for("back/core.md", Kind::Article, None, Path::new("c"), || {
                Location::file("c")
            })
            .unwrap(),
            "/back/core/"
        );
        assert_eq!(
            url_for(
                "back/core.md",
                Kind::Article,
                Some("Brace Yourself"),
                Path::new("c"),
                || Location::file("c")
            )
            .unwrap(),
            "/back/brace-yourself/"
        );
        assert_eq!(
            url_for("faq/lifting.yaml", Kind::Faq, None, Path::new("c"), || {
                Location::file("c")
            })
            .unwrap(),
            "/faq/lifting/"
        );
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let p = Path::new("content/a.md");
        let e = parse_markdown(
            "a.md",
            Kind::Article,
            p.into(),
            "---\ntitle: x\ntags: [a\n---\nbody",
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("content/a.md:"), "{e}");
        let e = parse_markdown(
            "a.md",
            Kind::Article,
            p.into(),
            "---\ndescription: x\n---\nbody",
        )
        .unwrap_err();
        assert!(e.to_string().contains("missing field `title`"), "{e}");
        assert!(e.to_string().starts_with("content/a.md:2:"), "{e}");
        let e = parse_markdown(
            "a.md",
            Kind::Article,
            p.into(),
            "---\ntitle: x\ndate: 2024-13-01\n---\n",
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("content/a.md:3:7:"), "{e}");
    }

    #[test]
    fn odd_dates_are_errors_not_panics() {
        // Found by the front_matter fuzz target: a short year once sliced past the end.
        for d in [
            "2-01-02",
            "2025-1-2",
            "é",
            "2025-01-02Tx",
            "20250-01-02",
            "2025-02-30",
            "",
        ] {
            let text = format!("---\ntitle: x\ndate: \"{d}\"\n---\n");
            let e = parse_text("a.md", &text).unwrap_err();
            assert!(e.to_string().contains("must be a date"), "{d}: {e}");
        }
        assert!(parse_text("a.md", "---\ntitle: x\ndate: 2025-01-02T10:00:00Z\n---\n").is_ok());
    }

    #[test]
    fn faq_question_without_answer() {
        let p = Path::new("content/f.yaml");
        let e = parse_faq("f.yaml", p.into(), "title: F\nquestions:\n  - question: A?\n    answer: ok\n  - question: B?\n    answer: \"\"\n").unwrap_err();
        assert!(e.to_string().starts_with("content/f.yaml:5:1:"), "{e}");
        let e = parse_faq(
            "f.yaml",
            p.into(),
            "title: F\nquestions:\n  - question: A?\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("missing field `answer`"), "{e}");
        let e = parse_faq("f.yaml", p.into(), "title: F\nquestions: []\n").unwrap_err();
        assert!(e.to_string().starts_with("content/f.yaml:2:"), "{e}");
    }
}
