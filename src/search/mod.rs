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
mod results;
mod shards;
#[cfg(test)]
mod tests;

pub use lang::{supported, Language};
pub use results::{result_files, result_runs, result_url};

use results::{doc_digest, doc_hash, entry_count, index_page, indexed, output_path, Doc, Sink};
use shards::serialise;

use crate::site::Site;
use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;
use std::collections::hash_map::Entry;
use std::collections::BTreeMap;
use std::path::Path;
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
    for_each_word(text, |w| {
        if !lang.is_stop(w) {
            f(w);
        }
    });
}

/// [`for_each_token`] with the stop words left in.
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    // Lowercase first, then split, in that order, as the script does: the
    // result differs for a few letters (Turkish İ lowercases to i and a
    // combining dot, which is not part of a word).
    let lower = text.to_lowercase();
    for w in lower.split(|c: char| !c.is_alphanumeric()) {
        if w.chars().nth(1).is_some() {
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
        self.out.docs.push(doc.file());
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
    /// Stop words too, with no postings (see [`Postings::words`]).
    terms: HashMap<String, Vec<u32>>,
}

/// A posting: result number × 4 + the weight code of the word's best field
/// there. One `u32` rather than a pair (8 bytes with padding): postings are
/// most of what a large site's index holds while it is built.
fn posting(doc: u32, weight: u8) -> u32 {
    doc << 2 | weight_code(weight)
}

/// Weights in two bits, in the same order as the weights themselves, so the
/// larger code is the larger weight.
pub(super) fn weight_code(w: u8) -> u32 {
    match w {
        TITLE => 3,
        HEADING => 2,
        DESCRIPTION => 1,
        _ => 0,
    }
}

impl Postings<'_> {
    /// `self` followed by `next`, the run after it. Each of `next`'s lists
    /// is moved, and freed once appended, so the two are never held twice
    /// (on a large site the postings are most of the memory at that point).
    fn append(mut self, next: Self) -> Self {
        self.count += next.count;
        self.digest = self.digest.wrapping_add(next.digest);
        for (t, list) in next.terms {
            match self.terms.entry(t) {
                Entry::Occupied(all) => all.into_mut().extend(list),
                Entry::Vacant(slot) => {
                    slot.insert(list);
                }
            }
        }
        self
    }
}

impl Sink for Postings<'_> {
    fn entry(&mut self, doc: &Doc<'_>) {
        let n = self.first + self.count;
        self.digest = self.digest.wrapping_add(doc_digest(n, doc_hash(doc)));
        self.count += 1;
    }

    fn words(&mut self, text: &str, weight: u8) {
        let doc = self.first + self.count - 1;
        let (terms, lang) = (&mut self.terms, self.lang);
        let p = posting(doc, weight);
        // A stop word is kept with no postings: each word then costs one
        // lookup, where searching the stop list first cost a dozen string
        // comparisons (a tenth of a build's CPU went to both).
        for_each_word(text, |t| match terms.get_mut(t) {
            Some(list) => match list.last_mut() {
                Some(last) if *last >> 2 == doc => *last = (*last).max(p),
                Some(_) => list.push(p),
                None => {}
            },
            None => {
                let list = if lang.is_stop(t) { Vec::new() } else { vec![p] };
                terms.insert(t.to_string(), list);
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
    pub fn of(site: &Site) -> Settings {
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
    index_files_and_digest(site).0
}

/// [`index_files`], and what its results add up to.
pub fn index_files_and_digest(site: &Site) -> (Files, u64) {
    let lang = Language::new(&site.config.language);
    let order: Vec<usize> = indexed(site).collect();
    // Runs of pages, each numbering its results from where the previous run
    // ends, so merging is concatenation. Eight runs per thread rather than
    // one: the index is built beside other render jobs, and a thread that
    // finishes early takes a run instead of waiting for the last one.
    let chunk = order
        .len()
        .div_ceil(rayon::current_num_threads().max(1) * 8)
        .max(1);
    let starts: Vec<u32> = order
        .chunks(chunk)
        .scan(0u32, |n, c| {
            let s = *n;
            *n += c.iter().map(|&i| entry_count(site, i)).sum::<u32>();
            Some(s)
        })
        .collect();
    // Neighbouring runs are merged as soon as both are done (rayon keeps
    // their order), so only a few partial indexes are held at once.
    let all = order
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
        .reduce_with(Postings::append);
    let (docs, digest, postings) =
        all.map_or((0, 0, HashMap::new()), |p| (p.count, p.digest, p.terms));
    let files = serialise_postings(&Settings::of(site), &lang, docs, digest, postings);
    (files, digest)
}

/// [`serialise`] from every word's postings. The lists are handed over,
/// for serialising to let each go once written (on a large site they are
/// most of the memory); stop words, kept with no postings, and words an
/// edit left with none are not words of the index.
fn serialise_postings(
    settings: &Settings,
    lang: &Language,
    docs: u32,
    digest: u64,
    postings: HashMap<String, Vec<u32>>,
) -> Files {
    let (words, lists): (Vec<String>, Vec<Vec<u32>>) = postings
        .into_iter()
        .filter(|(_, list)| !list.is_empty())
        .unzip();
    let terms = words.iter().map(String::as_str).zip(lists).collect();
    serialise(settings, lang, docs, digest, terms)
}

/// Writes the index from the dev server's per-page snapshot: the same files
/// as [`index_files`] and every run's [`result_files`] for the same site.
pub fn write_index(snapshot: &Snapshot) -> Files {
    let lang = Language::new(&snapshot.settings.language);
    let mut postings: HashMap<&str, Vec<u32>> = HashMap::new();
    let (mut doc, mut digest) = (0u32, 0u64);
    for page in &snapshot.pages {
        for (words, hash) in page.terms.iter().zip(&page.hashes) {
            for (t, w) in words {
                postings.entry(t).or_default().push(posting(doc, *w));
            }
            digest = digest.wrapping_add(doc_digest(doc, *hash));
            doc += 1;
        }
    }
    let terms = postings.into_iter().collect();
    let mut files = serialise(&snapshot.settings, &lang, doc, digest, terms);
    let docs = snapshot.pages.iter().flat_map(|p| &p.docs);
    files.extend(
        docs.enumerate()
            .map(|(n, d)| (output_path(&result_url(n as u32)), d.as_bytes().to_vec())),
    );
    files
}

/// One page's results before and after an edit that kept their number and
/// place in the index: they are numbered from `first` both times.
pub struct PageEdit {
    pub first: u32,
    pub old: PageEntries,
    pub new: PageEntries,
}

/// How many results page `i` has, and the number of its first: where it is
/// in the index.
pub fn place(site: &Site, i: usize) -> Option<(u32, u32)> {
    let mut first = 0;
    for j in indexed(site) {
        let count = entry_count(site, j);
        if j == i {
            return Some((first, count));
        }
        first += count;
    }
    None
}

/// A term shard's entry as [`edit_index`] reads it back: the key, and its
/// postings unless it is only a stem (written `0`); the forms after them
/// are worked out again.
struct ShardEntry(String, Option<Vec<u32>>);

impl<'de> serde::Deserialize<'de> for ShardEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ShardEntry, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = ShardEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("[key, postings or 0, forms?]")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ShardEntry, A::Error> {
                #[derive(serde::Deserialize)]
                #[serde(untagged)]
                enum Postings {
                    List(Vec<u32>),
                    None(serde::de::IgnoredAny),
                }
                let missing = || serde::de::Error::custom("a short entry");
                let key: String = seq.next_element()?.ok_or_else(missing)?;
                let postings = match seq.next_element()?.ok_or_else(missing)? {
                    Postings::List(l) => Some(l),
                    Postings::None(_) => None,
                };
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(ShardEntry(key, postings))
            }
        }
        d.deserialize_seq(Visit)
    }
}

/// What an index's results add up to (`digest`, see [`index_files`]) after
/// `edits`: each changed result's part taken out and its new part added.
pub fn edited_digest(digest: u64, edits: &[PageEdit]) -> u64 {
    let mut digest = digest;
    for edit in edits {
        for (r, hash) in edit.old.hashes.iter().enumerate() {
            digest = digest.wrapping_sub(doc_digest(edit.first + r as u32, *hash));
        }
        for (r, hash) in edit.new.hashes.iter().enumerate() {
            digest = digest.wrapping_add(doc_digest(edit.first + r as u32, *hash));
        }
    }
    digest
}

/// The index after edits, made from the index the last build published in
/// `dir` (its term shards hold every word's postings): the same files
/// [`index_files`] writes for the edited site, whose results add up to
/// `digest` ([`edited_digest`]). It needs no site: a build frees its site
/// first, as the index's postings are most of what it holds here. `None`
/// when the published index cannot be read as this version writes it; the
/// caller then builds it in full.
pub fn edit_index(
    settings: &Settings,
    lang: &Language,
    dir: &Path,
    digest: u64,
    edits: &[PageEdit],
) -> Option<Files> {
    use serde_json::Value;
    let read = |name: &str| -> Option<Value> {
        serde_json::from_slice(&std::fs::read(dir.join(name)).ok()?).ok()
    };
    let meta = read("meta.json")?;
    let docs = u32::try_from(meta.get("docs")?.as_u64()?).ok()?;
    let shards = meta.get("shards")?.as_array()?.len();
    let shard = |n: usize| -> Option<Vec<ShardEntry>> {
        serde_json::from_slice(&std::fs::read(dir.join(format!("t/{n}.json"))).ok()?).ok()
    };
    let read_shards: Vec<Option<Vec<ShardEntry>>> =
        (0..shards).into_par_iter().map(shard).collect();
    let mut terms: HashMap<String, Vec<u32>> = HashMap::new();
    for entries in read_shards {
        for ShardEntry(key, postings) in entries? {
            let Some(postings) = postings else {
                continue;
            };
            // Written as distances (see `write_postings`).
            let mut list = postings;
            let mut doc = 0u32;
            for p in &mut list {
                doc = doc.checked_add(*p >> 2)?;
                *p = doc << 2 | (*p & 3);
            }
            terms.insert(key, list);
        }
    }
    for edit in edits {
        for (r, words) in edit.old.terms.iter().enumerate() {
            let doc = edit.first + r as u32;
            for (t, _) in words {
                let list = terms.get_mut(&**t)?;
                let at = list.binary_search_by_key(&doc, |p| p >> 2).ok()?;
                list.remove(at);
            }
        }
        for (r, words) in edit.new.terms.iter().enumerate() {
            let doc = edit.first + r as u32;
            for (t, w) in words {
                let list = terms.entry(t.to_string()).or_default();
                let at = list.binary_search_by_key(&doc, |p| p >> 2).err()?;
                list.insert(at, posting(doc, *w));
            }
        }
    }
    let mut files = serialise_postings(settings, lang, docs, digest, terms);
    for edit in edits {
        files.extend(edit.new.docs.iter().enumerate().map(|(r, d)| {
            let n = edit.first + r as u32;
            (output_path(&result_url(n)), d.as_bytes().to_vec())
        }));
    }
    Some(files)
}
