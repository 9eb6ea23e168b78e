//! The client-side search index: every article (with its headings, so a result
//! can deep-link to the matching section) and every FAQ question as its own
//! entry pointing at its anchor. The format is compact on purpose: an inverted
//! index with delta-encoded document numbers, not the document texts, so it
//! stays small on large sites.

use crate::content::Kind;
use crate::site::Site;
use crate::text::script_safe_json;
use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;

pub const INDEX_URL: &str = "/search-index.json";
/// The search results page; the search form's target without JavaScript.
pub const PAGE_URL: &str = "/search/";

/// Field weights: a title hit counts more than a body hit.
const TITLE: u8 = 8;
const HEADING: u8 = 4;
const DESCRIPTION: u8 = 3;
const BODY: u8 = 1;

const STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "do", "for", "from", "has", "have",
    "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "so", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "to", "was", "we", "were", "what",
    "when", "which", "who", "will", "with", "you", "your",
];

/// Lowercased words of two or more characters, stop words removed. The theme's
/// script tokenises queries the same way (tests/testsuite/search_parity.rs checks it
/// under node): words are runs of alphabetic or numeric characters in
/// Unicode's sense, which keeps marks such as Devanagari vowel signs inside
/// their word, and are lowercased as whole words (a final Greek sigma).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, |t| out.push(t.to_string()));
    out
}

/// The same words as [`tokens`], lent one at a time from a reused buffer:
/// indexing calls this for every word of every page.
fn for_each_token(text: &str, mut f: impl FnMut(&str)) {
    // Lowercase first, then split, in that order, as the script does: the
    // result differs for a few letters (Turkish İ lowercases to i and a
    // combining dot, which is not part of a word).
    let lower = text.to_lowercase();
    for w in lower.split(|c: char| !c.is_alphanumeric()) {
        if w.chars().nth(1).is_none() {
            continue;
        }
        if STOP.binary_search(&w).is_err() {
            f(w);
        }
    }
}

/// One page's part of the index: its entries (an article is one, a FAQ page
/// one per question) and each entry's words with their best weight. Kept per
/// page so the dev server can re-index the one page that was saved.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PageEntries {
    docs: Vec<String>,
    /// Per entry: (word, weight), each word once.
    terms: Vec<Vec<(Box<str>, u8)>>,
}

/// What indexing a page produces, entry by entry: an entry's document (the
/// JSON the script shows), then its texts with their weights. What goes into
/// an entry is decided once, in [`index_page`]; the full build and the dev
/// server collect it differently.
trait Sink {
    fn entry(&mut self, doc: String);
    fn words(&mut self, text: &str, weight: u8);
}

/// Page `i`'s entries: an article is one, a FAQ page one per question.
fn index_page(site: &Site, i: usize, sink: &mut impl Sink) {
    let p = &site.pages[i];
    match p.kind {
        Kind::Article => {
            let headings: Vec<serde_json::Value> = p
                .body
                .headings
                .iter()
                .filter(|h| h.level <= 3)
                .map(|h| heading_entry(&h.title, &h.id))
                .collect();
            sink.entry(script_safe_json(&(
                &p.title,
                format!("{}{}", site.config.base_path(), p.url),
                &p.description,
                headings,
            )));
            sink.words(&p.body.text(), BODY);
            sink.words(&p.description, DESCRIPTION);
            for h in &p.body.headings {
                sink.words(&h.title, HEADING);
            }
            for t in p.all_terms() {
                sink.words(&t.name, HEADING);
            }
            sink.words(&p.title, TITLE);
        }
        Kind::Faq => {
            for q in &p.questions {
                let none: [(); 0] = [];
                sink.entry(script_safe_json(&(
                    &q.question,
                    format!("{}{}#{}", site.config.base_path(), p.url, q.id),
                    &p.title,
                    none,
                )));
                sink.words(&q.answer.text(), BODY);
                sink.words(&p.title, BODY);
                sink.words(&q.question, TITLE);
            }
        }
        Kind::Section | Kind::Person => {}
    }
}

/// Collects a page's entries with each entry's words, keeping each word's
/// highest weight: what the dev server keeps per page.
#[derive(Default)]
struct EntriesSink {
    out: PageEntries,
    words: HashMap<String, u8>,
}

impl EntriesSink {
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

impl Sink for EntriesSink {
    fn entry(&mut self, doc: String) {
        self.close_entry();
        self.out.docs.push(doc);
    }

    fn words(&mut self, text: &str, weight: u8) {
        let words = &mut self.words;
        for_each_token(text, |t| match words.get_mut(t) {
            Some(w) => *w = (*w).max(weight),
            None => {
                words.insert(t.to_string(), weight);
            }
        });
    }
}

/// Page `i`'s entries and words.
pub fn page_entries(site: &Site, i: usize) -> PageEntries {
    let mut sink = EntriesSink::default();
    index_page(site, i, &mut sink);
    sink.close_entry();
    sink.out
}

/// Postings for a run of consecutive entries, numbered from `first`: term →
/// (entry, weight), entries ascending. What the full build collects: it needs
/// no per-page word lists, which keeps its memory down.
struct Postings {
    first: u32,
    docs: Vec<String>,
    terms: HashMap<String, Vec<(u32, u8)>>,
}

impl Sink for Postings {
    fn entry(&mut self, doc: String) {
        self.docs.push(doc);
    }

    fn words(&mut self, text: &str, weight: u8) {
        let doc = self.first + self.docs.len() as u32 - 1;
        let terms = &mut self.terms;
        for_each_token(text, |t| match terms.get_mut(t) {
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
        Index {
            pages: (0..site.pages.len())
                .into_par_iter()
                .map(|i| Arc::new(page_entries(site, i)))
                .collect(),
        }
    }

    /// Re-indexes page `i` after an edit.
    pub fn update(&mut self, site: &Site, i: usize) {
        self.pages[i] = Arc::new(page_entries(site, i));
    }

    /// The pages' entries in index order (articles newest first, then FAQ
    /// pages), cheap to take: the serving thread writes it out while the
    /// site goes on changing.
    pub fn snapshot(&self, site: &Site) -> Vec<Arc<PageEntries>> {
        site.articles
            .iter()
            .chain(&site.faqs)
            .map(|&i| self.pages[i].clone())
            .collect()
    }
}

/// A heading as the client needs it. Most ids are the slug of an ASCII
/// title, which the script derives itself, so only the title is stored; the
/// rest (deduplicated, explicit or non-ASCII) carry their id. On large sites
/// this is a third of the index.
fn heading_entry(title: &str, id: &str) -> serde_json::Value {
    if title.is_ascii() && crate::text::slugify(title) == id {
        serde_json::Value::from(title)
    } else {
        serde_json::json!([title, id])
    }
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

/// The index as served: `{"v":2,"docs":[[title,url,context,[heading or
/// [heading,id]…]]…],"terms":[sorted words],"postings":[[docDelta×4+weightCode,…]…]}`
/// with weight codes 0–3 for body, description, heading, title. JSON that is also
/// safe to inline in `<script>`. Written directly rather than through a
/// `serde_json::Value`, which would cost tens of bytes per posting number.
pub fn index_json(site: &Site) -> String {
    let order: Vec<usize> = site.articles.iter().chain(&site.faqs).copied().collect();
    // One run of pages per thread, each numbering its entries from where the
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
                first,
                docs: Vec::new(),
                terms: HashMap::new(),
            };
            for &i in pages {
                index_page(site, i, &mut p);
            }
            p
        })
        .collect();
    let mut docs: Vec<String> = Vec::new();
    let mut postings: HashMap<String, Vec<(u32, u8)>> = HashMap::new();
    for part in parts {
        docs.extend(part.docs);
        for (t, list) in part.terms {
            postings.entry(t).or_default().extend(list);
        }
    }
    let mut terms: Vec<(&str, &[(u32, u8)])> = postings
        .iter()
        .map(|(t, l)| (t.as_str(), l.as_slice()))
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    serialise(docs.iter().map(String::as_str), &terms)
}

/// How many entries page `i` has.
fn entry_count(site: &Site, i: usize) -> u32 {
    let p = &site.pages[i];
    match p.kind {
        Kind::Article => 1,
        Kind::Faq => p.questions.len() as u32,
        Kind::Section | Kind::Person => 0,
    }
}

/// Writes the index of entries in order (see [`index_json`]).
pub fn write_index(pages: &[Arc<PageEntries>]) -> String {
    let mut postings: HashMap<&str, Vec<(u32, u8)>> = HashMap::new();
    let mut doc = 0u32;
    for page in pages {
        for words in &page.terms {
            for (t, w) in words {
                postings.entry(t).or_default().push((doc, *w));
            }
            doc += 1;
        }
    }
    let mut terms: Vec<(&str, &[(u32, u8)])> =
        postings.iter().map(|(t, l)| (*t, l.as_slice())).collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    serialise(
        pages.iter().flat_map(|p| p.docs.iter().map(String::as_str)),
        &terms,
    )
}

/// The index's JSON from its entries' documents and its sorted terms.
fn serialise<'a>(docs: impl Iterator<Item = &'a str>, terms: &[(&str, &[(u32, u8)])]) -> String {
    let mut out = String::with_capacity(terms.len() * 64);
    // Stop words and weights travel with the index, so the script uses the
    // definitions the index was built with.
    out.push_str("{\"v\":2,\"stop\":");
    out.push_str(&script_safe_json(&STOP));
    let _ = write!(
        out,
        ",\"weights\":[{BODY},{DESCRIPTION},{HEADING},{TITLE}],\"docs\":["
    );
    for (n, d) in docs.enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(d);
    }
    out.push_str("],\"terms\":");
    out.push_str(&script_safe_json(
        &terms.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
    ));
    out.push_str(",\"postings\":[");
    for (k, (_, list)) in terms.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
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
    out.push_str("]}");
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
            page("a/sciatica.md", "---\ntitle: Running with sciatica\ndescription: Nerve pain and mileage.\ndate: 2025-01-01\n---\n\n## Easy runs first\n\nKeep the pace gentle.\n\n## Easy runs first\n\nAgain.\n\n## Über Dehnung\n\nText.\n"),
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

    #[test]
    fn updating_one_page_gives_the_index_a_full_build_gives() {
        let mut s = site();
        let mut index = Index::build(&s);
        assert_eq!(write_index(&index.snapshot(&s)), index_json(&s));
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
        let json = write_index(&index.snapshot(&s));
        assert_eq!(json, index_json(&s));
        assert!(json.contains("zebra"));
    }

    /// (doc number, weight) for a term, decoded as the script does.
    fn postings(v: &serde_json::Value, term: &str) -> Vec<(u64, u64)> {
        let i = v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .position(|t| t == term)
            .unwrap_or_else(|| panic!("no term {term}"));
        let mut doc = 0;
        v["postings"][i]
            .as_array()
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
    fn articles_and_each_faq_question_are_entries_with_anchors() {
        let v: serde_json::Value = serde_json::from_str(&index_json(&site())).unwrap();
        let docs = v["docs"].as_array().unwrap();
        assert_eq!(docs.len(), 3, "one article and two questions");
        assert_eq!(docs[0][0], "Running with sciatica");
        assert_eq!(docs[0][1], "/a/sciatica/");
        // ASCII headings whose id is their slug store just the title; others carry the id.
        assert_eq!(
            docs[0][3],
            serde_json::json!([
                "Easy runs first",
                ["Easy runs first", "easy-runs-first-1"],
                ["Über Dehnung", "über-dehnung"]
            ])
        );
        assert_eq!(docs[1][0], "Can I run with sciatica?");
        assert_eq!(docs[1][1], "/faq/q/#can-i-run-with-sciatica");
        assert_eq!(docs[1][2], "Running FAQ");
        // "sciatica" is in the article title (weight 8) and a question (weight 8).
        assert_eq!(postings(&v, "sciatica"), [(0, 8), (1, 8)]);
        // "gentle" only in the article body; "nerve" in its description.
        assert_eq!(postings(&v, "gentle"), [(0, 1)]);
        assert_eq!(postings(&v, "nerve"), [(0, 3)]);
        assert_eq!(postings(&v, "easy"), [(0, 4), (1, 1)]);
        // Terms are sorted for the client's binary search; stop words are gone.
        let terms: Vec<&str> = v["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert!(terms.windows(2).all(|w| w[0] < w[1]));
        assert!(!terms.contains(&"with") && !terms.contains(&"the"));
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn tokenising_drops_stop_words_and_short_words() {
        let t = tokens("Can I run with Sciatica? A 5-minute check");
        assert_eq!(t, ["can", "run", "sciatica", "minute", "check"]);
    }
}
