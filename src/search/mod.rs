//! The client-side search index, sharded so a query downloads a small part
//! of it: a manifest (`meta.json`: language, stop words, weights, synonyms
//! and the first key of every term shard), term shards fetched for the words
//! typed, a vocabulary per first letter fetched only to correct a typo, and
//! one small file per result (title, address, context, text for the snippet,
//! headings with their place in the text for deep links). Articles, each FAQ
//! question, each care card and each person of the team are results of
//! their own.
//!
//! Words are indexed as written and grouped by their Snowball stem: a shard
//! entry is `[word, postings or 0, [other words with this stem]]`, where a
//! key that is only a stem has no postings of its own. Postings are
//! `docDelta × 4 + weightCode`, weight codes 0–3 for body, description,
//! heading and title.

mod lang;

pub use lang::{supported, Language};

use crate::content::Kind;
use crate::site::Site;
use crate::text::script_safe_json;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, LazyLock};

/// Where the index lives: everything below it is written by the index.
pub const INDEX_DIR: &str = "/search/index/";
pub const META_URL: &str = "/search/index/meta.json";
/// The search results page; the search form's target without JavaScript.
pub const PAGE_URL: &str = "/search/";

/// Field weights: a title hit counts more than a body hit.
const TITLE: u8 = 8;
const HEADING: u8 = 4;
const DESCRIPTION: u8 = 3;
const BODY: u8 = 1;

/// Roughly how many bytes of entries a term shard holds before the next
/// starts: about 8 KB once compressed, so a query's few shards stay small
/// while the manifest's list of shards stays short on large sites.
const SHARD_BYTES: usize = 24_000;
/// How much of a page's text its result file carries for the snippet.
const TEXT_CHARS: usize = 20_000;

static ENGLISH: LazyLock<Language> = LazyLock::new(|| Language::new("en"));

/// Lowercased words of two or more characters, English stop words removed:
/// what related-article ranking compares.
pub fn tokens(text: &str) -> Vec<String> {
    tokens_in(&ENGLISH, text)
}

/// Lowercased words of two or more characters, `lang`'s stop words removed.
/// The theme's script tokenises queries the same way (tests/testsuite/search_parity.rs
/// checks it under node): words are runs of alphabetic or numeric characters in
/// Unicode's sense, which keeps marks such as Devanagari vowel signs inside
/// their word, and are lowercased as whole words (a final Greek sigma).
pub fn tokens_in(lang: &Language, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(lang, text, |t| out.push(t.to_string()));
    out
}

/// The same words as [`tokens_in`], lent one at a time: indexing calls this
/// for every word of every page.
fn for_each_token(lang: &Language, text: &str, mut f: impl FnMut(&str)) {
    // Lowercase first, then split, in that order, as the script does: the
    // result differs for a few letters (Turkish İ lowercases to i and a
    // combining dot, which is not part of a word).
    let lower = text.to_lowercase();
    for w in lower.split(|c: char| !c.is_alphanumeric()) {
        if w.chars().nth(1).is_none() {
            continue;
        }
        if !lang.is_stop(w) {
            f(w);
        }
    }
}

/// One page's part of the index: its results (an article is one, a FAQ page
/// one per question, and each care card one) as the JSON of their result
/// files, and each result's words with their best weight. Kept per page so
/// the dev server can re-index the one page that was saved.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PageEntries {
    docs: Vec<String>,
    /// Per result: [`doc_hash`] of its file.
    hashes: Vec<u64>,
    /// Per result: (word, weight), each word once.
    terms: Vec<Vec<(Box<str>, u8)>>,
}

/// What indexing a page produces, result by result: its file, then its
/// texts with their weights. What goes into a result is decided once, in
/// [`index_page`]; the full build and the dev server collect it differently.
trait Sink {
    fn entry(&mut self, doc: &Doc<'_>);
    fn words(&mut self, text: &str, weight: u8);
}

/// A result's file: `t` title, `u` address, `c` context (the page or FAQ
/// a hit belongs to), `k` kind (`a` article, `q` question, `c` care card),
/// `x` text, `h` headings as `[title, id, offset in x]`, offsets counted in
/// UTF-16 units as the script counts.
#[derive(serde::Serialize, Hash)]
struct Doc<'a> {
    t: &'a str,
    u: String,
    c: &'a str,
    k: &'static str,
    x: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    h: Vec<(&'a str, &'a str, usize)>,
}

/// At most [`TEXT_CHARS`] characters, cut at a character boundary.
fn capped(text: &str) -> &str {
    match text.char_indices().nth(TEXT_CHARS) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Where each heading's words start in the page's text, found in order; a
/// heading whose words the text spells differently is left out.
fn heading_offsets<'a>(
    text: &str,
    headings: &'a [crate::markdown::Heading],
) -> Vec<(&'a str, &'a str, usize)> {
    let mut out = Vec::new();
    let (mut from, mut units) = (0, 0);
    for h in headings.iter().filter(|h| h.level <= 3) {
        if let Some(at) = text[from..].find(h.title.as_str()) {
            units += text[from..from + at].encode_utf16().count();
            from += at;
            out.push((h.title.as_str(), h.id.as_str(), units));
        }
    }
    out
}

/// Page `i`'s results: an article, or a FAQ page's questions, then the
/// care cards in either.
fn index_page(site: &Site, i: usize, sink: &mut impl Sink) {
    let p = &site.pages[i];
    let base = site.config.base_path();
    match p.kind {
        Kind::Article => {
            let text = p.body.text();
            // Only the snippet's text is capped: every word is searchable.
            let shown = capped(&text);
            sink.entry(&Doc {
                t: &p.title,
                u: format!("{base}{}", p.url),
                c: &p.description,
                k: "a",
                x: shown,
                h: heading_offsets(shown, &p.body.headings),
            });
            sink.words(&text, BODY);
            sink.words(&p.description, DESCRIPTION);
            for h in &p.body.headings {
                sink.words(&h.title, HEADING);
            }
            for t in p.all_terms() {
                sink.words(&t.name, HEADING);
            }
            sink.words(&p.title, TITLE);
            for c in &p.body.care_cards {
                let anchor = c
                    .section
                    .as_deref()
                    .map(|s| format!("#{s}"))
                    .unwrap_or_default();
                care_card(sink, c, format!("{base}{}{anchor}", p.url), &p.title);
            }
        }
        Kind::Faq => {
            for q in &p.questions {
                let url = format!("{base}{}#{}", p.url, q.id);
                let text = q.answer.text();
                sink.entry(&Doc {
                    t: &q.question,
                    u: url.clone(),
                    c: &p.title,
                    k: "q",
                    x: capped(&text),
                    h: Vec::new(),
                });
                // An answer is about its question: its words count more
                // than an article body's.
                sink.words(&text, DESCRIPTION);
                sink.words(&p.title, BODY);
                sink.words(&q.question, TITLE);
                for c in &q.answer.care_cards {
                    care_card(sink, c, url.clone(), &q.question);
                }
            }
        }
        Kind::Person => {
            // "physio" and "who will I see" find the team.
            let text = p.body.text();
            let profile = p.person.as_deref();
            let role = profile.map_or("", |pr| pr.role.as_str());
            sink.entry(&Doc {
                t: &p.title,
                u: format!("{base}{}", p.url),
                c: role,
                k: "p",
                x: capped(&text),
                h: Vec::new(),
            });
            sink.words(&text, BODY);
            sink.words(role, HEADING);
            for c in profile.iter().flat_map(|pr| &pr.credentials) {
                sink.words(c, HEADING);
            }
            sink.words(&p.title, TITLE);
        }
        Kind::Section => {}
    }
}

/// The pages with results, in index order: articles newest first, FAQ
/// pages, the team.
fn indexed(site: &Site) -> impl Iterator<Item = usize> + '_ {
    site.articles
        .iter()
        .chain(&site.faqs)
        .chain(&site.team)
        .copied()
}

/// A care card as a result of its own: "when to seek urgent care" is what a
/// patient typing a symptom most needs to see, so its words weigh as a
/// heading's and its title as a title's.
fn care_card(sink: &mut impl Sink, c: &crate::callouts::CareCard, url: String, page: &str) {
    let context = format!("{} · {page}", c.label);
    sink.entry(&Doc {
        t: &c.title,
        u: url,
        c: &context,
        k: "c",
        x: capped(&c.text),
        h: Vec::new(),
    });
    sink.words(&c.text, HEADING);
    // "emergency" or "urgent" finds the cards of that kind first.
    sink.words(&c.label, TITLE);
    sink.words(&c.title, TITLE);
}

/// What a result's file says, hashed: the index's version id covers every
/// result file without the build keeping them.
fn doc_hash(doc: &Doc<'_>) -> u64 {
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    doc.hash(&mut h);
    h.finish()
}

/// Result `n`'s part of the version id; parts are added up, so it does not
/// matter which thread saw which result.
fn doc_digest(n: u32, hash: u64) -> u64 {
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    (n, hash).hash(&mut h);
    h.finish()
}

/// Collects a page's results with each one's words, keeping each word's
/// highest weight: what the dev server keeps per page.
struct EntriesSink<'l> {
    lang: &'l Language,
    out: PageEntries,
    words: HashMap<String, u8>,
}

impl EntriesSink<'_> {
    fn close_entry(&mut self) {
        if self.out.docs.len() > self.out.terms.len() {
            let words = std::mem::take(&mut self.words);
            self.out.terms.push(
                words
                    .into_iter()
                    .map(|(t, w)| (t.into_boxed_str(), w))
                    .collect(),
            );
        }
    }
}

impl Sink for EntriesSink<'_> {
    fn entry(&mut self, doc: &Doc<'_>) {
        self.close_entry();
        self.out.docs.push(script_safe_json(doc));
        self.out.hashes.push(doc_hash(doc));
    }

    fn words(&mut self, text: &str, weight: u8) {
        let words = &mut self.words;
        for_each_token(self.lang, text, |t| match words.get_mut(t) {
            Some(w) => *w = (*w).max(weight),
            None => {
                words.insert(t.to_string(), weight);
            }
        });
    }
}

/// Page `i`'s results and words.
pub fn page_entries(site: &Site, lang: &Language, i: usize) -> PageEntries {
    let mut sink = EntriesSink {
        lang,
        out: PageEntries::default(),
        words: HashMap::new(),
    };
    index_page(site, i, &mut sink);
    sink.close_entry();
    sink.out
}

/// Postings for a run of consecutive results, numbered from `first`: term →
/// (result, weight), results ascending. What the full build collects: it
/// needs no per-page word lists, and it keeps no result files (the
/// [`Job::SearchResults`](crate::jobs::Job) jobs write those), only their
/// digest, which keeps its memory down.
struct Postings<'l> {
    lang: &'l Language,
    first: u32,
    count: u32,
    digest: u64,
    terms: HashMap<String, Vec<(u32, u8)>>,
}

impl Sink for Postings<'_> {
    fn entry(&mut self, doc: &Doc<'_>) {
        let n = self.first + self.count;
        self.digest = self.digest.wrapping_add(doc_digest(n, doc_hash(doc)));
        self.count += 1;
    }

    fn words(&mut self, text: &str, weight: u8) {
        let doc = self.first + self.count - 1;
        let terms = &mut self.terms;
        for_each_token(self.lang, text, |t| match terms.get_mut(t) {
            Some(list) => match list.last_mut() {
                Some((d, w)) if *d == doc => *w = (*w).max(weight),
                _ => list.push((doc, weight)),
            },
            None => {
                terms.insert(t.to_string(), vec![(doc, weight)]);
            }
        });
    }
}

/// The index of a whole site, page by page, for the dev server to update
/// one page at a time and write out again without re-reading every page.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pages: Vec<Arc<PageEntries>>,
}

impl Index {
    pub fn build(site: &Site) -> Index {
        let lang = Language::new(&site.config.language);
        Index {
            pages: (0..site.pages.len())
                .into_par_iter()
                .map(|i| Arc::new(page_entries(site, &lang, i)))
                .collect(),
        }
    }

    /// Re-indexes page `i` after an edit.
    pub fn update(&mut self, site: &Site, i: usize) {
        let lang = Language::new(&site.config.language);
        self.pages[i] = Arc::new(page_entries(site, &lang, i));
    }

    /// What writing the index needs, in index order ([`indexed`]), cheap
    /// to take: the serving thread writes it out
    /// while the site goes on changing.
    pub fn snapshot(&self, site: &Site) -> Snapshot {
        Snapshot {
            settings: Settings::of(site),
            pages: indexed(site).map(|i| self.pages[i].clone()).collect(),
        }
    }
}

/// The settings the index is written with.
#[derive(Debug, Clone)]
pub struct Settings {
    language: String,
    synonyms: BTreeMap<String, Vec<String>>,
}

impl Settings {
    fn of(site: &Site) -> Settings {
        Settings {
            language: site.config.language.clone(),
            synonyms: site.config.search.synonyms.clone(),
        }
    }
}

/// The index's pages at one moment; see [`Index::snapshot`].
#[derive(Debug, Clone)]
pub struct Snapshot {
    settings: Settings,
    pages: Vec<Arc<PageEntries>>,
}

/// The files of the index: output path (below the output folder) and bytes,
/// the manifest first.
pub type Files = Vec<(String, Vec<u8>)>;

/// Writes the index of a whole site in one pass, in parallel.
pub fn index_files(site: &Site) -> Files {
    let lang = Language::new(&site.config.language);
    let order: Vec<usize> = indexed(site).collect();
    // One run of pages per thread, each numbering its results from where the
    // previous run ends, so merging is concatenation.
    let chunk = order
        .len()
        .div_ceil(rayon::current_num_threads().max(1))
        .max(1);
    let starts: Vec<u32> = order
        .chunks(chunk)
        .scan(0u32, |n, c| {
            let s = *n;
            *n += c.iter().map(|&i| entry_count(site, i)).sum::<u32>();
            Some(s)
        })
        .collect();
    let parts: Vec<Postings> = order
        .par_chunks(chunk)
        .zip(starts)
        .map(|(pages, first)| {
            let mut p = Postings {
                lang: &lang,
                first,
                count: 0,
                digest: 0,
                terms: HashMap::new(),
            };
            for &i in pages {
                index_page(site, i, &mut p);
            }
            p
        })
        .collect();
    let (mut docs, mut digest) = (0, 0u64);
    let mut postings: HashMap<String, Vec<(u32, u8)>> = HashMap::new();
    for part in parts {
        docs += part.count;
        digest = digest.wrapping_add(part.digest);
        for (t, list) in part.terms {
            postings.entry(t).or_default().extend(list);
        }
    }
    let terms: Vec<(&str, &[(u32, u8)])> = postings
        .iter()
        .map(|(t, l)| (t.as_str(), l.as_slice()))
        .collect();
    serialise(&Settings::of(site), &lang, docs, digest, terms)
}

/// How many results page `i` has.
fn entry_count(site: &Site, i: usize) -> u32 {
    let p = &site.pages[i];
    let cards = |r: &crate::markdown::Rendered| r.care_cards.len() as u32;
    match p.kind {
        Kind::Article => 1 + cards(&p.body),
        Kind::Faq => p.questions.iter().map(|q| 1 + cards(&q.answer)).sum(),
        Kind::Person => 1,
        Kind::Section => 0,
    }
}

/// Writes the index from the dev server's per-page snapshot: the same files
/// as [`index_files`] and every run's [`result_files`] for the same site.
pub fn write_index(snapshot: &Snapshot) -> Files {
    let lang = Language::new(&snapshot.settings.language);
    let mut postings: HashMap<&str, Vec<(u32, u8)>> = HashMap::new();
    let (mut doc, mut digest) = (0u32, 0u64);
    for page in &snapshot.pages {
        for (words, hash) in page.terms.iter().zip(&page.hashes) {
            for (t, w) in words {
                postings.entry(t).or_default().push((doc, *w));
            }
            digest = digest.wrapping_add(doc_digest(doc, *hash));
            doc += 1;
        }
    }
    let terms: Vec<(&str, &[(u32, u8)])> =
        postings.iter().map(|(t, l)| (*t, l.as_slice())).collect();
    let mut files = serialise(&snapshot.settings, &lang, doc, digest, terms);
    let docs = snapshot.pages.iter().flat_map(|p| &p.docs);
    files.extend(
        docs.enumerate()
            .map(|(n, d)| (output_path(&result_url(n as u32)), d.as_bytes().to_vec())),
    );
    files
}

/// How many indexed pages one [`Job::SearchResults`](crate::jobs::Job)
/// writes the results of.
const RUN_PAGES: usize = 256;

/// The runs of indexed pages whose result files are written together: the
/// first page's place in the index's order and the number of its first
/// result. Runs without results are left out.
pub fn result_runs(site: &Site) -> Vec<(usize, u32)> {
    let order: Vec<usize> = indexed(site).collect();
    let mut runs = Vec::new();
    let mut first = 0u32;
    for (k, pages) in order.chunks(RUN_PAGES).enumerate() {
        let count: u32 = pages.iter().map(|&i| entry_count(site, i)).sum();
        if count > 0 {
            runs.push((k * RUN_PAGES, first));
        }
        first += count;
    }
    runs
}

/// The address of result `n`'s file.
pub fn result_url(n: u32) -> String {
    format!("{INDEX_DIR}d/{n}.json")
}

fn output_path(url: &str) -> String {
    url.trim_start_matches('/').to_string()
}

/// The result files of the run that starts at page `from` of the index's
/// order, numbered from `first` (see [`result_runs`]).
pub fn result_files(site: &Site, from: usize, first: u32) -> Files {
    let mut sink = ResultsSink {
        next: first,
        files: Vec::new(),
    };
    for i in indexed(site).skip(from).take(RUN_PAGES) {
        index_page(site, i, &mut sink);
    }
    sink.files
}

/// Writes each result's file; indexes no words.
struct ResultsSink {
    next: u32,
    files: Files,
}

impl Sink for ResultsSink {
    fn entry(&mut self, doc: &Doc<'_>) {
        self.files.push((
            output_path(&result_url(self.next)),
            script_safe_json(doc).into_bytes(),
        ));
        self.next += 1;
    }

    fn words(&mut self, _: &str, _: u8) {}
}

/// Weights are packed with the document delta into one number: fewer, shorter
/// numbers to download and parse.
fn weight_code(w: u8) -> u32 {
    match w {
        TITLE => 3,
        HEADING => 2,
        DESCRIPTION => 1,
        _ => 0,
    }
}

fn write_postings(out: &mut String, list: &[(u32, u8)]) {
    out.push('[');
    let mut prev = 0;
    for (j, (d, w)) in list.iter().enumerate() {
        if j > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}", (d - prev) * 4 + weight_code(*w));
        prev = *d;
    }
    out.push(']');
}

/// One shard key: its own postings if it is a word of the site, and the
/// other words that share it as their stem.
struct Key<'a> {
    key: &'a str,
    postings: Option<&'a [(u32, u8)]>,
    forms: Vec<&'a str>,
}

/// The index's files from its results' files and its words' postings.
/// The manifest, stemmer, term shards and typo lists of an index of
/// `doc_count` results whose files add up to `digest`.
fn serialise(
    settings: &Settings,
    lang: &Language,
    doc_count: u32,
    digest: u64,
    terms: Vec<(&str, &[(u32, u8)])>,
) -> Files {
    let stems: Vec<String> = terms
        .par_iter()
        .map(|(t, _)| lang.stem(t).into_owned())
        .collect();
    let mut keys: HashMap<&str, Key> = terms
        .iter()
        .map(|(t, l)| {
            (
                *t,
                Key {
                    key: t,
                    postings: Some(*l),
                    forms: Vec::new(),
                },
            )
        })
        .collect();
    for ((t, _), stem) in terms.iter().zip(&stems) {
        if stem != t {
            let k = keys.entry(stem.as_str()).or_insert_with(|| Key {
                key: stem,
                postings: None,
                forms: Vec::new(),
            });
            k.forms.push(t);
        }
    }
    let mut keys: Vec<Key> = keys.into_values().collect();
    keys.par_sort_unstable_by(|a, b| a.key.cmp(b.key));
    let entries: Vec<String> = keys
        .par_iter_mut()
        .map(|k| {
            k.forms.sort_unstable();
            let mut e = String::with_capacity(16 + k.postings.map_or(0, |p| p.len() * 3));
            e.push('[');
            e.push_str(&script_safe_json(&k.key));
            e.push(',');
            match k.postings {
                Some(p) => write_postings(&mut e, p),
                None => e.push('0'),
            }
            if !k.forms.is_empty() {
                e.push(',');
                e.push_str(&script_safe_json(&k.forms));
            }
            e.push(']');
            e
        })
        .collect();
    // Cut into shards of about SHARD_BYTES, each named by its first key.
    let mut shards: Vec<(usize, usize)> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, e) in entries.iter().enumerate() {
        if bytes >= SHARD_BYTES {
            shards.push((start, i));
            (start, bytes) = (i, 0);
        }
        bytes += e.len() + 1;
    }
    if start < entries.len() {
        shards.push((start, entries.len()));
    }
    let dir = INDEX_DIR.trim_start_matches('/');
    let mut files: Files = Vec::with_capacity(shards.len() + 40);
    files.extend(
        shards
            .par_iter()
            .enumerate()
            .map(|(n, &(a, b))| {
                (
                    format!("{dir}t/{n}.json"),
                    format!("[{}]", entries[a..b].join(",")).into_bytes(),
                )
            })
            .collect::<Vec<_>>(),
    );
    // The words of the site by first letter, for typo correction.
    let mut vocab: BTreeMap<char, Vec<&str>> = BTreeMap::new();
    for k in keys.iter().filter(|k| k.postings.is_some()) {
        if let Some(c) = k.key.chars().next() {
            vocab.entry(c).or_default().push(k.key);
        }
    }
    files.extend(vocab.iter().map(|(c, words)| {
        (
            format!("{dir}v/{:x}.json", *c as u32),
            script_safe_json(words).into_bytes(),
        )
    }));
    // One id for this version of the index: the script asks for its other
    // files with `?v=id`, so a browser never mixes two versions' files.
    let mut hasher = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    hasher.write_u64(digest);
    for (path, bytes) in &files {
        hasher.write(path.as_bytes());
        hasher.write(bytes);
    }
    let id = format!("{:x}", hasher.finish() & 0xff_ffff_ffff);
    let stem_js = lang.stem_js();
    let meta = serde_json::json!({
        "v": 3,
        "lang": lang.code(),
        "stem": stem_js.as_ref().map(|_| "stem.js"),
        "stop": lang.stop_words(),
        "weights": [BODY, DESCRIPTION, HEADING, TITLE],
        "syn": settings.synonyms,
        "docs": doc_count,
        "shards": shards.iter().map(|&(a, _)| keys[a].key).collect::<Vec<_>>(),
        "id": id,
    });
    let mut out: Files = vec![(
        format!("{dir}meta.json"),
        script_safe_json(&meta).into_bytes(),
    )];
    if let Some(js) = stem_js {
        out.push((format!("{dir}stem.js"), js.into_bytes()));
    }
    out.extend(files);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        let config = crate::config::Config::parse(
            std::path::Path::new("site.toml"),
            "title = \"T\"\nbase_url = \"https://t.test\"\n",
        )
        .unwrap();
        let no = |_: &str| None;
        let page = |rel: &str, text: &str| {
            crate::content::render_parsed(
                crate::content::parse_text(rel, text).unwrap(),
                &config,
                &no,
                true,
                &Default::default(),
                None,
            )
            .unwrap()
        };
        let pages = vec![
            page("a/sciatica.md", "---\ntitle: Running with sciatica\ndescription: Nerve pain and mileage.\ndate: 2025-01-01\n---\n\n## Easy runs first\n\nKeep the pace gentle.\n\n## Easy runs first\n\nAgain.\n\n## Über Dehnung\n\nText with numb feet.\n\n> [!EMERGENCY] Call 999 now if:\n> You have numb legs.\n"),
            page("faq/q.yaml", "title: Running FAQ\nquestions:\n  - question: Can I run with sciatica?\n    answer: Often, at an easy pace.\n  - question: Should I stretch?\n    answer: Gently.\n"),
        ];
        Site::new(
            config.clone(),
            crate::content::Content {
                pages,
                ..Default::default()
            },
        )
        .unwrap()
    }

    /// What a build writes: the index's own files and every run's results.
    fn all_files(site: &Site) -> Files {
        let mut f = index_files(site);
        for (from, first) in result_runs(site) {
            f.extend(result_files(site, from, first));
        }
        f
    }

    /// The index's files as path → JSON.
    fn files(f: Files) -> BTreeMap<String, serde_json::Value> {
        f.into_iter()
            .filter(|(p, _)| p.ends_with(".json"))
            .map(|(p, b)| (p, serde_json::from_slice(&b).unwrap()))
            .collect()
    }

    /// A key's entry, found through the manifest's shard list as the
    /// script finds it.
    fn entry(f: &BTreeMap<String, serde_json::Value>, key: &str) -> Option<serde_json::Value> {
        let shards = f["search/index/meta.json"]["shards"]
            .as_array()
            .unwrap()
            .clone();
        let n = shards
            .iter()
            .take_while(|s| s.as_str().unwrap() <= key)
            .count()
            .max(1)
            - 1;
        f[&format!("search/index/t/{n}.json")]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e[0] == key)
            .cloned()
    }

    /// (doc number, weight) of a key's own postings, decoded as the script does.
    fn postings(f: &BTreeMap<String, serde_json::Value>, key: &str) -> Vec<(u64, u64)> {
        let e = entry(f, key).unwrap_or_else(|| panic!("no key {key}"));
        let mut doc = 0;
        e[1].as_array()
            .unwrap()
            .iter()
            .map(|n| {
                let n = n.as_u64().unwrap();
                doc += n >> 2;
                (doc, [1, 3, 4, 8][(n & 3) as usize])
            })
            .collect()
    }

    #[test]
    fn updating_one_page_gives_the_index_a_full_build_gives() {
        let mut s = site();
        let mut index = Index::build(&s);
        assert_eq!(write_index(&index.snapshot(&s)), all_files(&s));
        let config = s.config.clone();
        let no = |_: &str| None;
        let edited = crate::content::render_parsed(
            crate::content::parse_text(
                "faq/q.yaml",
                "title: Running FAQ\nquestions:\n  - question: Can I run with sciatica?\n    answer: Often.\n  - question: Should I stretch?\n    answer: Gently.\n  - question: New zebra question?\n    answer: Yes.\n",
            )
            .unwrap(),
            &config,
            &no,
            true,
            &Default::default(),
            None,
        )
        .unwrap();
        let i = s.by_rel["faq/q.yaml"];
        s.replace_page(i, edited).unwrap().unwrap();
        index.update(&s, i);
        let written = write_index(&index.snapshot(&s));
        assert_eq!(written, all_files(&s));
        assert!(entry(&files(written), "zebra").is_some());
    }

    #[test]
    fn articles_questions_and_care_cards_are_results_with_anchors() {
        let f = files(all_files(&site()));
        let meta = &f["search/index/meta.json"];
        assert_eq!(
            meta["docs"], 4,
            "one article, its care card and two questions"
        );
        assert_eq!(meta["lang"], "en");
        assert_eq!(meta["stem"], "stem.js");
        let a = &f["search/index/d/0.json"];
        assert_eq!(a["t"], "Running with sciatica");
        assert_eq!(a["u"], "/a/sciatica/");
        assert_eq!(a["k"], "a");
        // Headings carry their id and where their words start in the text.
        let text = a["x"].as_str().unwrap();
        for h in a["h"].as_array().unwrap() {
            let at = h[2].as_u64().unwrap() as usize;
            let title = h[0].as_str().unwrap();
            let units: Vec<u16> = text.encode_utf16().collect();
            assert_eq!(
                String::from_utf16(&units[at..at + title.encode_utf16().count()]).unwrap(),
                title
            );
        }
        assert_eq!(a["h"][1][1], "easy-runs-first-1");
        let card = &f["search/index/d/1.json"];
        assert_eq!(card["k"], "c");
        assert_eq!(card["t"], "Call 999 now if:");
        assert_eq!(card["u"], "/a/sciatica/#über-dehnung");
        assert!(card["x"].as_str().unwrap().contains("numb legs"));
        let q = &f["search/index/d/2.json"];
        assert_eq!(q["t"], "Can I run with sciatica?");
        assert_eq!(q["u"], "/faq/q/#can-i-run-with-sciatica");
        assert_eq!(q["c"], "Running FAQ");
        assert_eq!(q["x"], "Often, at an easy pace.");
        // "sciatica" is in the article title (weight 8) and a question (weight 8).
        assert_eq!(postings(&f, "sciatica"), [(0, 8), (2, 8)]);
        // "gentle" only in the article body; "nerve" in its description;
        // a care card's words weigh as a heading's.
        assert_eq!(postings(&f, "gentle"), [(0, 1)]);
        assert_eq!(postings(&f, "nerve"), [(0, 3)]);
        assert_eq!(postings(&f, "numb"), [(0, 1), (1, 4)]);
        // Words are grouped under their stem: "running" and "runs" under
        // "run", a word of its own in the question; "sciatica" is its own stem.
        let run = entry(&f, "run").unwrap();
        assert_eq!(postings(&f, "run"), [(2, 8)]);
        assert_eq!(entry(&f, "sciatica").unwrap().as_array().unwrap().len(), 2);
        assert_eq!(run[2], serde_json::json!(["running", "runs"]));
        assert!(entry(&f, "with").is_none() && entry(&f, "the").is_none());
        // Keys are sorted across and within shards for the script's binary search.
        let keys: Vec<String> = (0..meta["shards"].as_array().unwrap().len())
            .flat_map(|n| {
                f[&format!("search/index/t/{n}.json")]
                    .as_array()
                    .unwrap()
                    .clone()
            })
            .map(|e| e[0].as_str().unwrap().to_string())
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        // The typo vocabulary: the site's words by first letter, not the
        // stems that are no word of it ("easy" is stemmed "easi").
        assert!(entry(&f, "easi").is_some());
        let r = f["search/index/v/72.json"].as_array().unwrap();
        assert!(r.iter().any(|w| w == "runs") && r.iter().any(|w| w == "run"));
        let e = f["search/index/v/65.json"].as_array().unwrap();
        assert!(e.iter().any(|w| w == "easy") && !e.iter().any(|w| w == "easi"));
    }

    #[test]
    fn shards_stay_near_their_size_and_a_key_is_found_through_the_manifest() {
        let mut s = site();
        let config = s.config.clone();
        let no = |_: &str| None;
        let words: Vec<String> = (0..6000).map(|n| format!("w{n:05}x")).collect();
        let big = crate::content::render_parsed(
            crate::content::parse_text(
                "a/big.md",
                &format!(
                    "---\ntitle: Big\ndate: 2024-01-01\n---\n\n{}\n",
                    words.join(" ")
                ),
            )
            .unwrap(),
            &config,
            &no,
            true,
            &Default::default(),
            None,
        )
        .unwrap();
        s = Site::new(
            config,
            crate::content::Content {
                pages: s.pages.drain(..).chain([big]).collect(),
                ..Default::default()
            },
        )
        .unwrap();
        let f = files(all_files(&s));
        let shards = f["search/index/meta.json"]["shards"]
            .as_array()
            .unwrap()
            .len();
        assert!(shards > 3, "{shards} shards");
        for n in 0..shards {
            let len = serde_json::to_string(&f[&format!("search/index/t/{n}.json")])
                .unwrap()
                .len();
            assert!(len < SHARD_BYTES * 2, "shard {n}: {len} bytes");
        }
        for w in ["w00000x", "w02999x", "w05999x", "sciatica"] {
            assert!(entry(&f, w).is_some(), "{w}");
        }
    }

    #[test]
    fn result_files_are_written_in_runs_numbered_as_the_postings_count_them() {
        let config = site().config.clone();
        let no = |_: &str| None;
        let page = |rel: String, text: String| {
            crate::content::render_parsed(
                crate::content::parse_text(&rel, &text).unwrap(),
                &config,
                &no,
                true,
                &Default::default(),
                None,
            )
            .unwrap()
        };
        // 300 articles with a care card each (2 results) and 300 FAQ pages of
        // 3 questions: runs of 256 pages hold different numbers of results.
        let mut pages = Vec::new();
        for n in 0..300 {
            pages.push(page(
                format!("a/p{n}.md"),
                format!("---\ntitle: Page {n} word{n}\ndate: 2024-01-01\n---\n\nBody {n}.\n\n> [!URGENT]\n> Call if numb {n}.\n"),
            ));
            pages.push(page(
                format!("faq/f{n}.yaml"),
                format!("title: FAQ {n}\nquestions:\n  - question: One {n}?\n    answer: Yes.\n  - question: Two {n}?\n    answer: No.\n  - question: Three {n}?\n    answer: Maybe.\n"),
            ));
        }
        let s = Site::new(
            config.clone(),
            crate::content::Content {
                pages,
                ..Default::default()
            },
        )
        .unwrap();
        // Articles first (2 results each), then FAQ pages (3 each).
        assert_eq!(
            result_runs(&s),
            [(0, 0), (256, 512), (512, 512 + 44 * 2 + 212 * 3)]
        );
        let f = all_files(&s);
        let meta: serde_json::Value = serde_json::from_slice(&f[0].1).unwrap();
        assert_eq!(meta["docs"], 300 * 2 + 300 * 3);
        let docs: Vec<&str> = f
            .iter()
            .filter(|(p, _)| p.starts_with("search/index/d/"))
            .map(|(p, _)| p.as_str())
            .collect();
        assert_eq!(docs.len(), 1500);
        assert!(docs.contains(&"search/index/d/1499.json"));
        // The dev server's writer gives the same files, the same id.
        let mut written = write_index(&Index::build(&s).snapshot(&s));
        let mut built = f.clone();
        written.sort();
        built.sort();
        assert_eq!(written, built);
        // And a changed result file changes the id, though no word changed.
        let ids = |f: &Files| -> String {
            let m: serde_json::Value = serde_json::from_slice(&f[0].1).unwrap();
            m["id"].as_str().unwrap().to_string()
        };
        let mut pages: Vec<_> = s.pages.clone();
        let i = s.by_rel["faq/f7.yaml"];
        pages[i] = page(
            "faq/f7.yaml".into(),
            "title: FAQ 7\nquestions:\n  - question: One 7?\n    answer: Yes!\n  - question: Two 7?\n    answer: No.\n  - question: Three 7?\n    answer: Maybe.\n".into(),
        );
        let s2 = Site::new(
            config,
            crate::content::Content {
                pages,
                ..Default::default()
            },
        )
        .unwrap();
        assert_ne!(ids(&index_files(&s2)), ids(&f));
        assert_eq!(
            index_files(&s2)[2..],
            index_files(&s)[2..],
            "the same shards"
        );
    }

    #[test]
    fn tokenising_drops_stop_words_and_short_words() {
        let t = tokens("Can I run with Sciatica? A 5-minute check");
        assert_eq!(t, ["can", "run", "sciatica", "minute", "check"]);
    }
}
