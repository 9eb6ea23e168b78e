//! What each page gives the index, result by result: an article, each FAQ
//! question, each care card and each person is a result with a file of its
//! own (title, address, context, snippet text, headings) and words with
//! weights. [`index_page`] decides that once; the sinks collect it for the
//! build's postings, the dev server's per-page parts and the result files.

use super::{Files, BODY, DESCRIPTION, HEADING, INDEX_DIR, TITLE};
use crate::content::Kind;
use crate::site::Site;
use crate::text::script_safe_json;
use std::hash::{Hash, Hasher};

/// What indexing a page produces, result by result: its file, then its
/// texts with their weights. What goes into a result is decided once, in
/// [`index_page`]; the full build and the dev server collect it differently.
pub(super) trait Sink {
    fn entry(&mut self, doc: &Doc<'_>);
    fn words(&mut self, text: &str, weight: u8);
}

/// A result, as [`index_page`] finds it: what its file is made from. The
/// file itself ([`Doc::file`]) is only made by the sinks that write it:
/// cutting the snippet's text and placing the headings in it was a tenth of
/// the work of a build's index, which only needs to know the files changed.
pub(super) struct Doc<'a> {
    t: &'a str,
    u: String,
    c: &'a str,
    k: &'static str,
    /// The whole text; the file carries [`shown`] of it.
    text: &'a str,
    /// The headings the file links into the text (an article's).
    headings: &'a [crate::markdown::Heading],
}

/// A result's file: `t` title, `u` address, `c` context (the page or FAQ
/// a hit belongs to), `k` kind (`a` article, `q` question, `c` care card),
/// `x` text, `h` headings as `[title, id, offset in x]`, offsets counted in
/// UTF-16 units as the script counts.
#[derive(serde::Serialize)]
struct DocFile<'a> {
    t: &'a str,
    u: &'a str,
    c: &'a str,
    k: &'static str,
    x: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    h: Vec<(&'a str, &'a str, usize)>,
}

impl Doc<'_> {
    /// The result's file, as JSON safe to put in a page.
    pub(super) fn file(&self) -> String {
        let x = shown(self.text);
        script_safe_json(&DocFile {
            t: self.t,
            u: &self.u,
            c: self.c,
            k: self.k,
            h: heading_offsets(&x, self.headings),
            x: &x,
        })
    }
}

/// Everything the file is made from, so the hash changes when the file
/// does (its text and heading places follow from these).
impl Hash for Doc<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.t, &self.u, self.c, self.k, self.text).hash(state);
        for h in self.headings {
            (h.level, &*h.id, &*h.title).hash(state);
        }
    }
}

/// The text a snippet is cut from: at most [`TEXT_CHARS`] characters, its
/// blocks on one line, a heading or list item set off from the next by
/// " · " (a sentence's own full stop is separation enough).
fn shown(text: &str) -> String {
    // Text of no more bytes than the cap has no more characters either:
    // nearly every page, kept whole without walking it a character at a
    // time (that walk was 1.5 % of a build's instructions).
    let capped = if text.len() <= TEXT_CHARS {
        text
    } else {
        text.char_indices()
            .nth(TEXT_CHARS)
            .map_or(text, |(i, _)| &text[..i])
    };
    let mut out = String::with_capacity(capped.len() + 64);
    for (n, block) in capped.split('\n').enumerate() {
        if n > 0 {
            let ended = out.ends_with(['.', '!', '?', ':', ';', '…']);
            out.push_str(if ended { " " } else { " · " });
        }
        out.push_str(block);
    }
    out
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
        if let Some(at) = text[from..].find(&*h.title) {
            units += crate::text::utf16_len(&text[from..from + at]);
            from += at;
            out.push((&*h.title, &*h.id, units));
        }
    }
    out
}

/// Page `i`'s results: an article, or a FAQ page's questions, then the
/// care cards in either.
pub(super) fn index_page(site: &Site, i: usize, sink: &mut impl Sink) {
    let p = &site.pages[i];
    // Result links are followed from any page: site-wide, base path included.
    let base = site.config.base_path();
    let url = site.config.urls.global(&p.url);
    match p.kind {
        Kind::Article => {
            let text = p.body.text();
            // Only the snippet's text is capped: every word is searchable.
            sink.entry(&Doc {
                t: &p.title,
                u: format!("{base}{url}"),
                c: &p.description,
                k: "a",
                text: &text,
                headings: &p.body.headings,
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
                care_card(sink, c, format!("{base}{url}{anchor}"), &p.title);
            }
        }
        Kind::Faq => {
            for q in &p.questions {
                let url = format!("{base}{url}#{}", q.id);
                let text = q.answer.text();
                sink.entry(&Doc {
                    t: &q.question,
                    u: url.clone(),
                    c: &p.title,
                    k: "q",
                    text: &text,
                    headings: &[],
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
                u: format!("{base}{url}"),
                c: role,
                k: "p",
                text: &text,
                headings: &[],
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
pub(super) fn indexed(site: &Site) -> impl Iterator<Item = usize> + '_ {
    site.articles
        .iter()
        .chain(&site.faqs)
        .chain(&site.team)
        .copied()
        // Another language's text is not searched in this one's index.
        .filter(|&i| !site.pages[i].fallback)
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
        text: &c.text,
        headings: &[],
    });
    sink.words(&c.text, HEADING);
    // "emergency" or "urgent" finds the cards of that kind first.
    sink.words(&c.label, TITLE);
    sink.words(&c.title, TITLE);
}

/// What a result's file says, hashed: the index's version id covers every
/// result file without the build keeping them.
pub(super) fn doc_hash(doc: &Doc<'_>) -> u64 {
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    doc.hash(&mut h);
    h.finish()
}

/// Result `n`'s part of the version id; parts are added up, so it does not
/// matter which thread saw which result.
pub(super) fn doc_digest(n: u32, hash: u64) -> u64 {
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    (n, hash).hash(&mut h);
    h.finish()
}

/// How many results page `i` has.
pub(super) fn entry_count(site: &Site, i: usize) -> u32 {
    let p = &site.pages[i];
    let cards = |r: &crate::markdown::Rendered| r.care_cards.len() as u32;
    match p.kind {
        Kind::Article => 1 + cards(&p.body),
        Kind::Faq => p.questions.iter().map(|q| 1 + cards(&q.answer)).sum(),
        Kind::Person => 1,
        Kind::Section => 0,
    }
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

pub(super) fn output_path(url: &str) -> String {
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
        self.files
            .push((output_path(&result_url(self.next)), doc.file().into_bytes()));
        self.next += 1;
    }

    fn words(&mut self, _: &str, _: u8) {}
}

/// How much of a page's text its result file carries for the snippet.
const TEXT_CHARS: usize = 20_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_text_is_capped_in_characters_not_bytes() {
        let ascii = "a".repeat(TEXT_CHARS);
        assert_eq!(shown(&ascii), ascii);
        // Two bytes a character: over the cap in bytes, not in characters.
        let wide = "é".repeat(TEXT_CHARS);
        assert_eq!(shown(&wide), wide);
        let over = "é".repeat(TEXT_CHARS + 5);
        assert_eq!(shown(&over), "é".repeat(TEXT_CHARS));
        let over_ascii = "b".repeat(TEXT_CHARS + 1);
        assert_eq!(shown(&over_ascii), "b".repeat(TEXT_CHARS));
    }
}
