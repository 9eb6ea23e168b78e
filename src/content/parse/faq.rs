//! FAQ files and team members' files: content written in YAML, read with
//! the line of each question and answer for errors and review notes.

use super::*;

/// A person file, `content/people/<id>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PersonFile {
    name: String,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    credentials: Option<OneOrMany>,
    #[serde(default)]
    registration: Option<String>,
    #[serde(default)]
    registration_url: Option<String>,
    /// Markdown.
    #[serde(default)]
    bio: Option<String>,
    #[serde(default)]
    photo: Option<String>,
    #[serde(default)]
    weight: Option<i64>,
}

/// A whole-file YAML document (FAQ or person): byte-order mark dropped, an
/// empty file refused with `empty` as the reason, parse errors positioned.
/// Also returns the top-level keys `T` has no field for.
pub(super) fn parse_yaml_file<'t, T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &'t str,
    empty: &str,
) -> Result<(T, Vec<String>, &'t str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::content(Location::file(path), empty));
    }
    let (value, rest) = deserialize_with_rest(text).map_err(|e| yaml_error(path, text, 1, &e))?;
    Ok((value, rest, text))
}

/// A required text key (`title`, a person's `name`) must say something.
pub(super) fn require(path: &Path, yaml: &str, yline: usize, key: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::content(
            yaml_key_location(path, yaml, yline, key),
            format!("`{key}` is empty"),
        ));
    }
    Ok(())
}

pub(super) fn parse_faq(
    rel: &str,
    path: PathBuf,
    text: &str,
    taxonomies: &[TaxonomyConfig],
) -> Result<Parsed> {
    let (mut faq, keys, text): (FaqFile, _, _) = parse_yaml_file(
        &path,
        text,
        "FAQ file is empty: it needs `title:` and `questions:`",
    )?;
    require(&path, text, 1, "title", &faq.title)?;
    if faq.questions.is_empty() {
        return Err(Error::content(
            yaml_key_location(&path, text, 1, "questions"),
            "FAQ has no questions: add `questions:` with `- question:` and `answer:` items",
        ));
    }
    let lines = question_lines(text);
    let mut entries = Vec::with_capacity(faq.questions.len());
    for (i, q) in std::mem::take(&mut faq.questions).into_iter().enumerate() {
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
    let collapsed = faq.collapsed;
    let common = faq.common();
    let rest = Rest { keys, taxonomies };
    let (mut meta, warnings) = yaml_page_meta(common, rest, Kind::Faq, rel, path, text)?;
    meta.collapsed = collapsed;
    Ok(Parsed {
        meta,
        body: String::new(),
        faq_entries: entries,
        warnings,
    })
}

/// [`page_meta`] for a page that is a YAML file (FAQ, person): the keys
/// start at line 1, and there is no slug, embedded FAQ, `extra` or body.
pub(super) fn yaml_page_meta(
    common: Common,
    rest: Rest,
    kind: Kind,
    rel: &str,
    path: PathBuf,
    text: &str,
) -> Result<(PageMeta, Vec<Warning>)> {
    page_meta(
        common,
        rest,
        kind,
        rel,
        path,
        (text, 1),
        None,
        None,
        Default::default(),
        1,
    )
}

pub(super) fn parse_person(
    rel: &str,
    path: PathBuf,
    text: &str,
    taxonomies: &[TaxonomyConfig],
) -> Result<Parsed> {
    // Refuses unknown keys itself: a person is in no taxonomy.
    let (person, _, text): (PersonFile, _, _) = parse_yaml_file(
        &path,
        text,
        "person file is empty: it needs at least `name:`",
    )?;
    require(&path, text, 1, "name", &person.name)?;
    let role = non_blank(person.role).unwrap_or_default();
    let common = Common {
        title: person.name,
        description: Some(role.clone()),
        weight: person.weight,
        ..Default::default()
    };
    let rest = Rest {
        keys: Vec::new(),
        taxonomies,
    };
    let (mut meta, warnings) = yaml_page_meta(common, rest, Kind::Person, rel, path, text)?;
    if let Some((line, col)) = meta.keys.get("bio") {
        let value = text.lines().nth(line - 1).and_then(|l| l.get(col - 1..));
        meta.body_line = value_start(value.unwrap_or(""), line);
    }
    let registration_url = non_blank(person.registration_url);
    if let Some(u) = registration_url.as_deref().filter(|u| !is_web_address(u)) {
        return Err(Error::content(
            meta.at("registration_url"),
            format!(
                "`registration_url` must be a full web address starting with https://, got {u:?}"
            ),
        ));
    }
    meta.person = Some(Box::new(Profile {
        role,
        credentials: person.credentials.map(OneOrMany::list).unwrap_or_default(),
        registration: non_blank(person.registration),
        registration_url,
        photo: non_blank(person.photo).map(Asset::written),
    }));
    Ok(Parsed {
        meta,
        body: person.bio.unwrap_or_default(),
        faq_entries: Vec::new(),
        warnings,
    })
}

/// The line a YAML value written after its key on `line` starts on: the
/// next one for a `|` or `>` block (or a value left for the next line).
pub(super) fn value_start(value: &str, line: usize) -> usize {
    let v = value.trim();
    if v.is_empty() || v.starts_with('|') || v.starts_with('>') {
        line + 1
    } else {
        line
    }
}

/// First line of the answer text for the question on `question_line`: the
/// `answer:` line itself, or the next one for a `|` or `>` block.
pub(super) fn answer_line(text: &str, question_line: usize) -> usize {
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
            return value_start(rest, i + 1);
        }
    }
    question_line
}

/// Line of each `question:` item, in order, so errors and links can point at it.
pub(super) fn question_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start().trim_start_matches('-').trim_start();
            t.starts_with("question:")
        })
        .map(|(i, _)| i + 1)
        .collect()
}
