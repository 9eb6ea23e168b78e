//! Related articles: each article's short list of what to read next, ranked
//! by the taxonomy terms it shares with others, then by the words of their
//! titles, descriptions and headings it shares (tokenised as search does),
//! then by being in the same folder, then by being newer.

use crate::content::{Kind, Page};
use crate::site::Site;
use std::collections::HashMap;

/// The words an article is about: its title's, description's and
/// headings', as the search index would tokenise them, each once.
pub fn page_words(p: &Page) -> Vec<String> {
    let mut words = crate::search::tokens(&p.title);
    words.extend(crate::search::tokens(&p.description));
    for h in &p.body.headings {
        words.extend(crate::search::tokens(&h.title));
    }
    words.sort_unstable();
    words.dedup();
    words
}

/// Which articles use each word (ascending page indexes).
#[derive(Debug, Clone, Default)]
pub struct Words {
    by_word: HashMap<String, Vec<usize>>,
    articles: usize,
}

impl Words {
    pub fn build(pages: &[Page]) -> Words {
        let mut words = Words::default();
        for (i, p) in pages.iter().enumerate() {
            if p.kind == Kind::Article {
                words.articles += 1;
                for w in page_words(p) {
                    words.by_word.entry(w).or_default().push(i);
                }
            }
        }
        words
    }

    /// Article `i` was `old` and is now `new`.
    pub fn replace(&mut self, i: usize, old: &Page, new: &Page) {
        for w in page_words(old) {
            if let Some(list) = self.by_word.get_mut(&w) {
                list.retain(|&j| j != i);
            }
        }
        for w in page_words(new) {
            let list = self.by_word.entry(w).or_default();
            if let Err(at) = list.binary_search(&i) {
                list.insert(at, i);
            }
        }
    }

    /// The articles that use `word`, unless so many do that sharing it says
    /// nothing ("pain" on a back-pain site) and ranking by it would make the
    /// work grow with the square of the site.
    pub fn telling(&self, word: &str) -> &[usize] {
        self.within(word, self.limit())
    }

    /// [`Words::telling`], and also a word one article past the limit: an
    /// edit that drops the word from one makes it telling for the rest.
    pub fn nearly_telling(&self, word: &str) -> &[usize] {
        self.within(word, self.limit() + 1)
    }

    fn limit(&self) -> usize {
        (self.articles / 200).max(10)
    }

    fn within(&self, word: &str, limit: usize) -> &[usize] {
        self.by_word
            .get(word)
            .filter(|list| list.len() <= limit)
            .map_or(&[][..], Vec::as_slice)
    }
}

/// Up to `n` articles to read next after article `i`. Derived on demand,
/// so an edit needs no bookkeeping beyond asking again (see
/// [`crate::jobs::related_after_edit`]).
pub fn related(site: &Site, i: usize, n: usize) -> Vec<usize> {
    let p = &site.pages[i];
    if p.kind != Kind::Article || n == 0 {
        return Vec::new();
    }
    // Shared terms and shared words per page, counted in a per-thread
    // array: every article does this, over term lists that can hold
    // thousands.
    thread_local! {
        static COUNTS: std::cell::RefCell<Vec<(u32, u32)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let mut touched: Vec<usize> = Vec::new();
    let mut candidates: Vec<(usize, (u32, u32))> = COUNTS.with_borrow_mut(|counts| {
        counts.resize(site.pages.len().max(counts.len()), (0, 0));
        let mut bump = |j: usize, terms: u32, words: u32, touched: &mut Vec<usize>| {
            if j != i && site.is_article(j) {
                if counts[j] == (0, 0) {
                    touched.push(j);
                }
                counts[j].0 += terms;
                counts[j].1 += words;
            }
        };
        for (t, terms) in p.terms.iter().enumerate() {
            for term in terms {
                for &j in site.term_pages(t, &term.slug) {
                    bump(j, 1, 0, &mut touched);
                }
            }
        }
        for w in page_words(p) {
            for &j in site.words.telling(&w) {
                bump(j, 0, 1, &mut touched);
            }
        }
        // Only pages sharing as many terms as the n-th best can make it.
        let mut best: Vec<u32> = touched.iter().map(|&j| counts[j].0).collect();
        let floor = if best.len() > n {
            *best.select_nth_unstable_by(n - 1, |a, b| b.cmp(a)).1
        } else {
            0
        };
        let out = touched
            .iter()
            .map(|&j| (j, counts[j]))
            .filter(|&(_, (terms, _))| terms >= floor)
            .collect();
        for &j in &touched {
            counts[j] = (0, 0);
        }
        out
    });
    // Too few share anything: the rest of its section fills the list.
    if candidates.len() < n {
        if let Some(section) = site.parent[i] {
            for &j in site.members.get(&section).into_iter().flatten() {
                if j != i && site.is_article(j) && !touched.contains(&j) {
                    candidates.push((j, (0, 0)));
                }
            }
        }
    }
    // Shared terms, then shared words, then the same folder (not the
    // section page: a folder without _index.md still groups its articles),
    // then newer, then file order.
    let dir = p.dir();
    let mut ranked: Vec<_> = candidates
        .into_iter()
        .map(|(j, (terms, words))| {
            let q = &site.pages[j];
            (
                std::cmp::Reverse(terms),
                std::cmp::Reverse(words),
                q.dir() != dir,
                std::cmp::Reverse(q.modified()),
                j,
            )
        })
        .collect();
    if ranked.len() > n {
        ranked.select_nth_unstable(n - 1);
        ranked.truncate(n);
    }
    ranked.sort_unstable();
    ranked.into_iter().map(|(.., j)| j).collect()
}
