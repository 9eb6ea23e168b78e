//! The site model: loaded pages plus everything derived from them (sections,
//! tags, FAQ list, lookup tables). Derivation is cheap and pure, so the dev
//! server recomputes it after each change and only re-renders what differs.

use crate::config::{Config, TaxonomyConfig};
use crate::content::{Content, Kind, Page};
use crate::error::{Error, Result};
use crate::text::tag_key;
use std::collections::{BTreeMap, HashMap};

mod taxonomy;
mod translations;

pub use taxonomy::*;
pub use translations::{Alternate, Translations};

#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<Page>,
    pub assets: Vec<String>,
    /// Section page index of each page's nearest enclosing section.
    pub parent: Vec<Option<usize>>,
    /// For each section page: its direct pages (articles and FAQs), sorted.
    pub members: HashMap<usize, Vec<usize>>,
    /// For each section page: its direct subsections, sorted.
    pub subsections: HashMap<usize, Vec<usize>>,
    /// The site's taxonomies, in site.toml's order (as pages' `terms`).
    pub taxonomies: Vec<Taxonomy>,
    /// FAQ pages, sorted by weight then title.
    pub faqs: Vec<usize>,
    /// Articles, newest first.
    pub articles: Vec<usize>,
    pub by_url: HashMap<String, usize>,
    pub by_rel: HashMap<String, usize>,
    /// Top-level sections for the main navigation.
    pub nav: Vec<usize>,
    /// Person pages by id (`content/people/<id>.yaml`).
    pub people: HashMap<String, usize>,
    /// Person pages, by weight then name.
    pub team: Vec<usize>,
    /// The day review dates and the overdue notice are judged against.
    pub today: chrono::NaiveDate,
    /// Old addresses (`aliases:`) and the page each now redirects to.
    pub aliases: BTreeMap<String, usize>,
    /// The files in `data/`, for templates (see [`crate::data`]).
    pub data: serde_json::Value,
    /// Which articles use which words, for related articles.
    pub words: crate::related::Words,
    /// Articles by the set of terms they carry, for related articles.
    pub term_sets: crate::related::TermSets,
    /// The site's languages and where each page is in each (the same for
    /// every language's site; see [`Translations`]).
    pub translations: std::sync::Arc<Translations>,
    /// Which of `translations.languages` this site is.
    pub language: usize,
    /// How this language writes dates for readers.
    pub dates: crate::text::DateFormat,
}

/// Weight first (lower first), then newest, then title: what editors expect
/// from Zola and Hugo.
fn order(pages: &[Page], list: &mut [usize]) {
    list.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a], &pages[b]);
        let wa = pa.weight.unwrap_or(i64::MAX);
        let wb = pb.weight.unwrap_or(i64::MAX);
        wa.cmp(&wb)
            .then_with(|| pb.date.cmp(&pa.date))
            .then_with(|| pa.title.cmp(&pb.title))
            .then_with(|| pa.rel.cmp(&pb.rel))
    });
}

/// Every `aliases:` entry and its page. An alias that is a page's own
/// address or another page's alias would send visitors two ways: an error
/// at the alias.
fn aliases_of(pages: &[Page], by_url: &HashMap<String, usize>) -> Result<BTreeMap<String, usize>> {
    let mut out: BTreeMap<String, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        for (url, at) in &p.aliases {
            let clash = if let Some(&j) = by_url.get(url) {
                Some(format!("is the address of {}", pages[j].path.display()))
            } else {
                out.get(url)
                    .filter(|&&j| j != i)
                    .map(|&j| format!("is also an alias of {}", pages[j].path.display()))
            };
            match clash {
                Some(why) => errors.push(Error::content(
                    at.clone(),
                    format!("alias {url} {why}; an old address can lead to one page only"),
                )),
                None => {
                    out.insert(url.clone(), i);
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::many(errors))
    }
}

/// FAQ pages and people: weight, then title.
fn order_by_weight(pages: &[Page], list: &mut [usize]) {
    list.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a], &pages[b]);
        pa.weight
            .unwrap_or(i64::MAX)
            .cmp(&pb.weight.unwrap_or(i64::MAX))
            .then_with(|| pa.title.cmp(&pb.title))
    });
}

/// Articles (and the pages on a person's profile), newest first.
pub fn order_articles(pages: &[Page], list: &mut [usize]) {
    list.sort_by(|&a, &b| {
        pages[b]
            .modified()
            .cmp(&pages[a].modified())
            .then_with(|| pages[a].rel.cmp(&pages[b].rel))
    });
}

pub const FAQ_INDEX_URL: &str = "/faq/";
/// The team page, listing every person, unless `content/people/_index.md` makes one.
pub const PEOPLE_INDEX_URL: &str = "/people/";

/// `faq:` names a file without its extension (written with one, it still works).
fn faq_stem(name: &str) -> &str {
    let name = name.trim();
    ["yaml", "yml", "YAML", "YML"]
        .iter()
        .find_map(|ext| name.strip_suffix(&format!(".{ext}")[..]))
        .unwrap_or(name)
}

impl Site {
    pub fn new(config: Config, content: Content) -> Result<Site> {
        Site::with_words(config, content, None)
    }

    /// [`Site::new`], with which articles use which words if it is known
    /// (see [`crate::model`]).
    pub fn with_words(
        config: Config,
        content: Content,
        words: Option<crate::related::Words>,
    ) -> Result<Site> {
        let Content {
            pages,
            assets,
            today,
            ..
        } = content;
        let mut section_by_dir: HashMap<&str, usize> = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            if p.kind == Kind::Section {
                section_by_dir.insert(p.dir(), i);
            }
        }
        let mut parent = vec![None; pages.len()];
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut subsections: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            let mut dir = p.dir();
            // People belong to a `people/` section if there is one, never to
            // an enclosing one (the home page does not list the team).
            if p.kind == Kind::Person && !section_by_dir.contains_key(dir) {
                continue;
            }
            if p.kind == Kind::Section {
                if dir.is_empty() {
                    continue;
                }
                dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
            }
            loop {
                if let Some(&s) = section_by_dir.get(dir) {
                    parent[i] = Some(s);
                    let list = if p.kind == Kind::Section {
                        &mut subsections
                    } else {
                        &mut members
                    };
                    list.entry(s).or_default().push(i);
                    break;
                }
                if dir.is_empty() {
                    break;
                }
                dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
            }
        }
        for list in members.values_mut().chain(subsections.values_mut()) {
            order(&pages, list);
        }

        let mut taxonomies: Vec<Taxonomy> = config.taxonomies.iter().map(Taxonomy::new).collect();
        let mut clashes = Vec::new();
        for (t, tax) in taxonomies.iter_mut().enumerate() {
            let Taxonomy {
                config: tax_config,
                slug: tax_slug,
                terms,
            } = tax;
            for (i, p) in pages.iter().enumerate() {
                for term in p.terms.get(t).into_iter().flatten() {
                    let tag = terms.entry(term.slug.clone()).or_insert_with(|| Tag {
                        name: term.name.clone(),
                        slug: term.slug.clone(),
                        url: term_url(tax_slug, &term.slug),
                        pages: Vec::new(),
                    });
                    if tag_key(&tag.name) != tag_key(&term.name) {
                        let first = &pages[tag.pages[0]];
                        clashes.push(tag_clash(tax_config, p, term, tag, first));
                        continue;
                    }
                    tag.pages.push(i);
                }
            }
            for tag in terms.values_mut() {
                order(&pages, &mut tag.pages);
            }
        }
        if !clashes.is_empty() {
            return Err(Error::many(clashes));
        }

        let mut faqs: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].kind == Kind::Faq)
            .collect();
        order_by_weight(&pages, &mut faqs);
        let mut articles: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].kind == Kind::Article)
            .collect();
        order_articles(&pages, &mut articles);
        let by_url = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.url.clone(), i))
            .collect::<HashMap<_, _>>();
        let by_rel = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.rel.clone(), i))
            .collect();
        let mut nav: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.kind == Kind::Section && !p.dir().is_empty() && !p.dir().contains('/')
            })
            .map(|(i, _)| i)
            .collect();
        order(&pages, &mut nav);
        let people: HashMap<String, usize> = pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.person_id().map(|id| (id.to_string(), i)))
            .collect();
        let mut team: Vec<usize> = people.values().copied().collect();
        order_by_weight(&pages, &mut team);
        let aliases = aliases_of(&pages, &by_url)?;
        let words = words.unwrap_or_else(|| crate::related::Words::build(&pages));
        let term_sets = crate::related::TermSets::build(&pages);

        let site = Site {
            config,
            pages,
            assets,
            parent,
            members,
            subsections,
            taxonomies,
            faqs,
            articles,
            by_url,
            by_rel,
            nav,
            people,
            team,
            today,
            aliases,
            data: serde_json::Value::Object(Default::default()),
            words,
            term_sets,
            translations: Default::default(),
            language: 0,
            dates: Default::default(),
        };
        site.check_reserved_urls()?;
        Ok(site)
    }

    /// Puts an edited article or FAQ page in place of page `i` and updates
    /// the lists it is in, without deriving the site again from every page.
    /// The caller has checked that its URL and kind are unchanged. `Ok(None)`
    /// means the set of term pages would change: the caller rebuilds fully.
    pub fn replace_page(&mut self, i: usize, page: Page) -> Result<Option<Page>> {
        debug_assert!(page.kind != Kind::Section && page.url == self.pages[i].url);
        let slugs = |p: &Page, t: usize| -> Vec<String> {
            p.terms
                .get(t)
                .into_iter()
                .flatten()
                .map(|x| x.slug.clone())
                .collect()
        };
        for (t, tax) in self.taxonomies.iter().enumerate() {
            for term in page.terms.get(t).into_iter().flatten() {
                match tax.terms.get(&term.slug) {
                    None => return Ok(None),
                    Some(tag) if tag_key(&tag.name) != tag_key(&term.name) => {
                        let first = &self.pages[tag.pages[0]];
                        return Err(tag_clash(&tax.config, &page, term, tag, first));
                    }
                    Some(_) => {}
                }
            }
            let new = slugs(&page, t);
            for slug in slugs(&self.pages[i], t).iter().filter(|s| !new.contains(s)) {
                if tax.terms.get(slug).is_some_and(|tag| tag.pages == [i]) {
                    return Ok(None);
                }
            }
        }
        let old = std::mem::replace(&mut self.pages[i], page);
        if old.kind == Kind::Article {
            self.words.replace(i, &self.pages[i]);
            self.term_sets.replace(i, &self.pages[i]);
        }
        for t in 0..self.taxonomies.len() {
            let (before, after) = (slugs(&old, t), slugs(&self.pages[i], t));
            let terms = &mut self.taxonomies[t].terms;
            for slug in &before {
                if let Some(tag) = terms.get_mut(slug) {
                    tag.pages.retain(|&p| p != i);
                }
            }
            for slug in &after {
                if let Some(tag) = terms.get_mut(slug) {
                    tag.pages.push(i);
                }
            }
            for slug in before.iter().chain(&after) {
                if let Some(tag) = terms.get_mut(slug) {
                    order(&self.pages, &mut tag.pages);
                    tag.pages.dedup();
                }
            }
        }
        if let Some(list) = self.parent[i].and_then(|s| self.members.get_mut(&s)) {
            order(&self.pages, list);
        }
        match self.pages[i].kind {
            Kind::Article => order_articles(&self.pages, &mut self.articles),
            Kind::Faq => order_by_weight(&self.pages, &mut self.faqs),
            Kind::Person => order_by_weight(&self.pages, &mut self.team),
            Kind::Section => {}
        }
        Ok(Some(old))
    }

    /// The pages with term `slug` of taxonomy `t` (none for an unknown one).
    pub fn term_pages(&self, t: usize, slug: &str) -> &[usize] {
        self.taxonomies
            .get(t)
            .and_then(|tax| tax.terms.get(slug))
            .map_or(&[][..], |tag| &tag.pages)
    }

    /// Generated pages own some URLs; content must not claim them.
    fn check_reserved_urls(&self) -> Result<()> {
        for p in &self.pages {
            let taxonomy = self.taxonomies.iter().find(|t| {
                let url = t.url();
                p.url == url
                    || p.url
                        .strip_prefix(&url)
                        .is_some_and(|rest| t.has(rest.trim_end_matches('/')))
            });
            if let Some(t) = taxonomy {
                return Err(Error::content(
                    crate::Location::file(&p.path),
                    format!(
                        "URL {} belongs to the `{}` taxonomy's pages ({}); rename the folder or file, or set a `slug`",
                        p.url,
                        t.name(),
                        t.url()
                    ),
                ));
            }
            let reserved = (p.url == FAQ_INDEX_URL
                && p.kind != Kind::Section
                && !self.faqs.is_empty())
                || (p.url == PEOPLE_INDEX_URL && p.kind != Kind::Section && !self.team.is_empty());
            if reserved {
                return Err(Error::content(
                    crate::Location::file(&p.path),
                    format!("URL {} is reserved for a generated listing page; rename the file or set a `slug`", p.url),
                ));
            }
        }
        Ok(())
    }

    /// The embedded FAQ an article names with `faq:`: by path below content
    /// (without extension) or, when unambiguous, by file name.
    /// How many entries each page of a list shows: section `section`'s own
    /// `paginate_by`, else the site's (0: the whole list on one page).
    pub fn per_page(&self, section: Option<usize>) -> usize {
        section
            .and_then(|i| self.pages[i].paginate_by)
            .unwrap_or(self.config.paginate_by)
    }

    pub fn find_faq(&self, name: &str) -> Option<usize> {
        let candidates = self.faq_candidates(name);
        match candidates.as_slice() {
            [one] => Some(*one),
            _ => candidates.into_iter().find(|&i| {
                self.pages[i].rel.rsplit_once('.').map(|(s, _)| s) == Some(faq_stem(name))
            }),
        }
    }

    /// The feed's entries: the newest dated articles, at most `feed_limit`.
    pub fn feed_entries(&self) -> impl Iterator<Item = usize> + '_ {
        self.articles
            .iter()
            .copied()
            .filter(|&a| self.pages[a].modified().is_some() && !self.pages[a].fallback)
            .take(self.config.feed_limit)
    }

    /// The page made from content file `rel` (a translation's is its
    /// source's), if it is in this site.
    pub fn page(&self, rel: &str) -> Option<&Page> {
        self.by_rel.get(rel).map(|&i| &self.pages[i])
    }

    /// The FAQ page article `i` embeds with `faq:`, if it names one that exists.
    pub fn embedded_faq(&self, i: usize) -> Option<usize> {
        let (name, _) = self.pages[i].faq.as_deref()?;
        self.find_faq(name)
    }

    /// Every FAQ file `faq: name` could mean.
    pub fn faq_candidates(&self, name: &str) -> Vec<usize> {
        let name = faq_stem(name);
        self.faqs
            .iter()
            .copied()
            .filter(|&i| {
                let rel = &self.pages[i].rel;
                let stem = rel.rsplit_once('.').map_or(rel.as_str(), |(s, _)| s);
                stem == name || stem.rsplit('/').next() == Some(name)
            })
            .collect()
    }

    /// Sections from the root down to (not including) page `i`.
    pub fn ancestors(&self, i: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut cur = self.parent[i];
        while let Some(s) = cur {
            chain.push(s);
            cur = self.parent[s];
        }
        chain.reverse();
        chain
    }

    /// The person page `id` names (`author:`, `reviewed_by:`), if any.
    pub fn person(&self, id: &str) -> Option<usize> {
        self.people.get(id.trim()).copied()
    }

    /// Up to `n` articles to read next after article `i` (see [`crate::related`]).
    pub fn related(&self, i: usize, n: usize) -> Vec<usize> {
        crate::related::related(self, i, n)
    }

    pub fn is_article(&self, i: usize) -> bool {
        self.pages[i].kind == Kind::Article
    }

    pub fn home(&self) -> Option<usize> {
        self.by_url
            .get("/")
            .copied()
            .filter(|&i| self.pages[i].kind == Kind::Section)
    }
}
