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

/// Which articles use each word (ascending page indexes), and each
/// article's words. Words are numbered once: ranking an article's related
/// ones then looks its words up by number instead of reading its title,
/// description and headings again (an edit ranks a few thousand).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Words {
    ids: HashMap<Box<str>, u32>,
    /// The articles that use each word, by its number.
    by_word: Vec<Vec<u32>>,
    /// Each page's words, by number, ascending (none for other pages).
    of: Vec<Box<[u32]>>,
    articles: usize,
}

impl Words {
    pub fn build(pages: &[Page]) -> Words {
        use rayon::prelude::*;
        let mut words = Words::default();
        words.of.reserve_exact(pages.len());
        // Read on every core, numbered in order; a thousand pages' words at
        // a time, as every page's at once is 1.2 KiB a page at the peak.
        for (n, chunk) in pages.chunks(1024).enumerate() {
            let lists: Vec<Vec<String>> = chunk
                .par_iter()
                .map(|p| match p.kind {
                    Kind::Article => page_words(p),
                    _ => Vec::new(),
                })
                .collect();
            for (k, list) in lists.into_iter().enumerate() {
                let i = n * 1024 + k;
                if pages[i].kind == Kind::Article {
                    words.articles += 1;
                }
                let ids = words.number(i, list);
                words.of.push(ids);
            }
        }
        words
    }

    /// Numbers article `i`'s words and lists it under each.
    fn number(&mut self, i: usize, list: Vec<String>) -> Box<[u32]> {
        let mut ids: Vec<u32> = list
            .into_iter()
            .map(|w| {
                let next = self.by_word.len() as u32;
                let id = *self.ids.entry(w.into_boxed_str()).or_insert(next);
                if id == next {
                    self.by_word.push(Vec::new());
                }
                let list = &mut self.by_word[id as usize];
                if let Err(at) = list.binary_search(&(i as u32)) {
                    list.insert(at, i as u32);
                }
                id
            })
            .collect();
        ids.sort_unstable();
        ids.into_boxed_slice()
    }

    /// Article `i` is now `new`.
    pub fn replace(&mut self, i: usize, new: &Page) {
        for &w in self.of[i].iter() {
            self.by_word[w as usize].retain(|&j| j as usize != i);
        }
        self.of[i] = self.number(i, page_words(new));
    }

    /// Page `i`'s words, by number.
    pub fn of(&self, i: usize) -> &[u32] {
        &self.of[i]
    }

    /// A word's number, if an article uses it.
    pub fn id(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    /// The articles that use word `w`, unless so many do that sharing it says
    /// nothing ("pain" on a back-pain site) and ranking by it would make the
    /// work grow with the square of the site.
    pub fn telling(&self, w: u32) -> &[u32] {
        self.within(w, self.limit())
    }

    /// [`Words::telling`], and also a word one article past the limit: an
    /// edit that drops the word from one makes it telling for the rest.
    pub fn nearly_telling(&self, w: u32) -> &[u32] {
        self.within(w, self.limit() + 1)
    }

    fn limit(&self) -> usize {
        (self.articles / 200).max(10)
    }

    fn within(&self, w: u32, limit: usize) -> &[u32] {
        self.by_word
            .get(w as usize)
            .filter(|list| list.len() <= limit)
            .map_or(&[][..], Vec::as_slice)
    }
}

/// Articles grouped by the exact set of taxonomy terms they carry. How many
/// terms two articles share depends only on their sets, and a big site has
/// far fewer sets than articles (60 tags, three to an article: at most
/// 34,220 sets however many articles), so counting shared terms set by set
/// keeps related articles from growing with the square of the site, where
/// counting page by page walked every page of every term: a million
/// articles under 60 tags took 150,000 steps each.
#[derive(Debug, Clone, Default)]
pub struct TermSets {
    /// Each page's set, or [`NO_SET`] (not an article, or no terms).
    of: Vec<u32>,
    /// Each set's terms (ids from `ids`), and its articles, ascending.
    terms: Vec<Box<[u32]>>,
    members: Vec<Vec<usize>>,
    /// The sets that hold each term.
    with_term: Vec<Vec<u32>>,
    ids: HashMap<(usize, String), u32>,
    by_terms: HashMap<Box<[u32]>, u32>,
}

const NO_SET: u32 = u32::MAX;

impl TermSets {
    pub fn build(pages: &[Page]) -> TermSets {
        let mut sets = TermSets {
            of: vec![NO_SET; pages.len()],
            ..TermSets::default()
        };
        for (i, p) in pages.iter().enumerate() {
            sets.place(i, p);
        }
        sets
    }

    /// Article `i`, once in no set, is now `p`.
    fn place(&mut self, i: usize, p: &Page) {
        if p.kind != Kind::Article {
            return;
        }
        let mut key: Vec<u32> = Vec::new();
        for (t, terms) in p.terms.iter().enumerate() {
            for term in terms {
                let next = self.ids.len() as u32;
                let id = *self.ids.entry((t, term.slug.clone())).or_insert(next);
                if id == next {
                    self.with_term.push(Vec::new());
                }
                key.push(id);
            }
        }
        if key.is_empty() {
            return;
        }
        key.sort_unstable();
        key.dedup();
        let key = key.into_boxed_slice();
        let set = match self.by_terms.get(&key) {
            Some(&set) => set,
            None => {
                let set = self.terms.len() as u32;
                for &id in key.iter() {
                    self.with_term[id as usize].push(set);
                }
                self.terms.push(key.clone());
                self.members.push(Vec::new());
                self.by_terms.insert(key, set);
                set
            }
        };
        let list = &mut self.members[set as usize];
        if let Err(at) = list.binary_search(&i) {
            list.insert(at, i);
        }
        self.of[i] = set;
    }

    /// Page `i` is now `new`.
    pub fn replace(&mut self, i: usize, new: &Page) {
        let set = self.of[i];
        if set != NO_SET {
            self.members[set as usize].retain(|&j| j != i);
            self.of[i] = NO_SET;
        }
        self.place(i, new);
    }

    fn len(&self) -> usize {
        self.terms.len()
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
    let sets = &site.term_sets;
    // Terms shared per set and words shared per page, counted in
    // per-thread arrays: every article does this.
    #[derive(Default)]
    struct Counts {
        by_set: Vec<u32>,
        sets: Vec<u32>,
        by_page: Vec<u32>,
        pages: Vec<usize>,
    }
    thread_local! {
        static COUNTS: std::cell::RefCell<Counts> = std::cell::RefCell::new(Counts::default());
    }
    let candidates: Vec<(usize, (u32, u32))> = COUNTS.with_borrow_mut(|c| {
        c.by_set.resize(sets.len().max(c.by_set.len()), 0);
        c.by_page.resize(site.pages.len().max(c.by_page.len()), 0);
        let own = sets.of[i];
        if own != NO_SET {
            for &id in sets.terms[own as usize].iter() {
                for &s in &sets.with_term[id as usize] {
                    if c.by_set[s as usize] == 0 {
                        c.sets.push(s);
                    }
                    c.by_set[s as usize] += 1;
                }
            }
        }
        for &w in site.words.of(i) {
            for &j in site.words.telling(w) {
                let j = j as usize;
                if j != i {
                    if c.by_page[j] == 0 {
                        c.pages.push(j);
                    }
                    c.by_page[j] += 1;
                }
            }
        }
        let terms_of = |j: usize| match sets.of[j] {
            NO_SET => 0,
            s => c.by_set[s as usize],
        };
        // How many articles share each number of terms; only those
        // sharing as many as the n-th best can make the list.
        let mut sharing = vec![0usize; sets.terms.get(own as usize).map_or(0, |t| t.len()) + 1];
        for &s in &c.sets {
            let size = sets.members[s as usize].len() - usize::from(s == own);
            sharing[c.by_set[s as usize] as usize] += size;
        }
        sharing[0] = c.pages.iter().filter(|&&j| terms_of(j) == 0).count();
        let touched: usize = sharing.iter().sum();
        let mut floor = 0;
        if touched > n {
            let mut seen = 0;
            for k in (0..sharing.len()).rev() {
                seen += sharing[k];
                if seen >= n {
                    floor = k as u32;
                    break;
                }
            }
        }
        let mut out = Vec::new();
        for &s in &c.sets {
            let terms = c.by_set[s as usize];
            if terms >= floor {
                for &j in &sets.members[s as usize] {
                    if j != i {
                        out.push((j, (terms, c.by_page[j])));
                    }
                }
            }
        }
        if floor == 0 {
            for &j in &c.pages {
                if terms_of(j) == 0 {
                    out.push((j, (0, c.by_page[j])));
                }
            }
        }
        // Too few share anything: the rest of its section fills the list.
        if out.len() < n {
            if let Some(section) = site.parent[i] {
                for &j in site.members.get(&section).into_iter().flatten() {
                    if j != i && site.is_article(j) && terms_of(j) == 0 && c.by_page[j] == 0 {
                        out.push((j, (0, 0)));
                    }
                }
            }
        }
        for &s in &c.sets {
            c.by_set[s as usize] = 0;
        }
        for &j in &c.pages {
            c.by_page[j] = 0;
        }
        c.sets.clear();
        c.pages.clear();
        out
    });
    best(site, i, candidates, n)
}

/// The `n` best of article `i`'s `candidates` (page, (shared terms, shared
/// words)): shared terms, then shared words, then the same folder (not the
/// section page: a folder without _index.md still groups its articles),
/// then newer, then file order.
fn best(site: &Site, i: usize, candidates: Vec<(usize, (u32, u32))>, n: usize) -> Vec<usize> {
    let dir = site.pages[i].dir();
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
    // Collected from a borrow: `into_iter().map().collect()` would reuse
    // the candidates' buffer in place, and each list of three would keep
    // all of it. An edit holds the lists of thousands of articles at once
    // (100 MB at 100,000 pages).
    ranked.iter().map(|&(.., j)| j).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The candidates counted page by page, as before term sets: what
    /// [`related`] must still choose from.
    fn by_pages(site: &Site, i: usize, n: usize) -> Vec<usize> {
        let p = &site.pages[i];
        let mut counts: HashMap<usize, (u32, u32)> = HashMap::new();
        for (t, terms) in p.terms.iter().enumerate() {
            for term in terms {
                for &j in site.term_pages(t, &term.slug) {
                    counts.entry(j).or_default().0 += 1;
                }
            }
        }
        for &w in site.words.of(i) {
            for &j in site.words.telling(w) {
                counts.entry(j as usize).or_default().1 += 1;
            }
        }
        counts.retain(|&j, _| j != i && site.is_article(j));
        let mut levels: Vec<u32> = counts.values().map(|c| c.0).collect();
        levels.sort_unstable_by(|a, b| b.cmp(a));
        let floor = if levels.len() > n { levels[n - 1] } else { 0 };
        let mut candidates: Vec<(usize, (u32, u32))> = counts
            .iter()
            .filter(|(_, c)| c.0 >= floor)
            .map(|(&j, &c)| (j, c))
            .collect();
        if candidates.len() < n {
            for &j in site.parent[i]
                .and_then(|s| site.members.get(&s))
                .into_iter()
                .flatten()
            {
                if j != i && site.is_article(j) && !counts.contains_key(&j) {
                    candidates.push((j, (0, 0)));
                }
            }
        }
        best(site, i, candidates, n)
    }

    /// A page read from `text` as a file at `content/rel`, on a site with
    /// `config`'s taxonomies.
    fn page(config: &crate::config::Config, rel: &str, text: &str) -> Page {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("content").join(rel);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
        let parsed = crate::content::parse_file(root.path(), rel, &config.taxonomies).unwrap();
        crate::content::render_alone(parsed, config)
    }

    /// A site of `n` articles in three folders (one without a section
    /// page), with tags and categories drawn from small pools so that
    /// many share sets, some have none, and a few title words are rare.
    fn site(n: usize, seed: u64) -> Site {
        let config = crate::config::Config::parse(
            std::path::Path::new("site.toml"),
            "title = \"T\"\nbase_url = \"https://t.test\"\n\
             [[taxonomies]]\nname = \"tags\"\n[[taxonomies]]\nname = \"categories\"\n",
        )
        .unwrap();
        let mut x = seed;
        let mut next = move |m: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % m
        };
        let mut pages = vec![
            page(&config, "_index.md", "---\ntitle: Home\n---\n"),
            page(&config, "a/_index.md", "---\ntitle: A\n---\n"),
            page(&config, "b/_index.md", "---\ntitle: B\n---\n"),
        ];
        for k in 0..n {
            let dir = ["a", "b", "b/deep"][next(3) as usize];
            let tags: Vec<String> = (0..next(4)).map(|_| format!("t{}", next(6))).collect();
            let category = match next(3) {
                0 => String::new(),
                c => format!("categories: [c{c}]\n"),
            };
            let words = ["knee", "back", "sleep", "rowing", "squat", "walk"];
            let title = format!(
                "{} {} {k}",
                words[next(6) as usize],
                words[next(6) as usize]
            );
            let text = format!(
                "---\ntitle: {title}\ndate: 2025-0{}-1{}\ntags: [{}]\n{category}---\n\nBody.\n",
                1 + next(9),
                next(10),
                tags.join(", ")
            );
            pages.push(page(&config, &format!("{dir}/p{k}.md"), &text));
        }
        Site::new(
            config,
            crate::content::Content {
                pages,
                ..Default::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn counting_by_term_set_ranks_as_counting_by_page() {
        for seed in 0..8 {
            let site = site(60 + 10 * seed as usize, seed);
            let mut listed = 0;
            for i in 0..site.pages.len() {
                for n in [1, 3, 7] {
                    let got = related(&site, i, n);
                    assert_eq!(got, by_pages(&site, i, n), "seed {seed}, page {i}, n {n}");
                    listed += got.len();
                }
            }
            assert!(
                listed > site.pages.len() * 5,
                "seed {seed}: lists were mostly empty"
            );
        }
    }

    #[test]
    fn an_edit_moves_the_article_to_its_new_term_set() {
        let mut site = site(40, 3);
        let i = (0..site.pages.len())
            .find(|&i| site.is_article(i) && !site.pages[i].terms[0].is_empty())
            .unwrap();
        let rel = site.pages[i].rel.clone();
        let text = "---\ntitle: Walk knee\ndate: 2025-01-01\ntags: [t0]\n---\n";
        let edited = page(&site.config, &rel, text);
        assert_ne!(edited.terms, site.pages[i].terms);
        site.replace_page(i, edited).unwrap().unwrap();
        for j in 0..site.pages.len() {
            assert_eq!(related(&site, j, 3), by_pages(&site, j, 3), "page {j}");
        }
    }
}
