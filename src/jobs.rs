//! Which files a site has and where they go: one [`Job`] per output file,
//! its URL and output path, its template, and which jobs an edit of a page
//! changes (for the dev server's incremental re-render). Feed, sitemap and
//! renderer all start from here.

use crate::content::{Kind, Page};
use crate::site::{Site, FAQ_INDEX_URL, PEOPLE_INDEX_URL};
use std::collections::BTreeSet;

/// One output file of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Page(usize),
    /// The home page when there is no `content/_index.md`.
    Home,
    /// `/faq/` when no section claims that URL.
    FaqIndex,
    /// `/people/`, the team, when no section claims that URL.
    People,
    /// The index of taxonomy `t`'s terms (`/body-region/`).
    TaxonomyIndex(usize),
    /// The page of a term of taxonomy `t`, by slug (`/body-region/lower-back/`).
    Term(usize, String),
    /// The Atom feed of a term: its newest dated articles.
    TermFeed(usize, String),
    NotFound,
    Feed,
    Sitemap,
    Robots,
    SearchIndex,
    /// The search index's result files for a run of the indexed pages: the
    /// run's first page (its place in the index's order) and the number of
    /// its first result. Written run by run so no build holds them all.
    SearchResults(usize, u32),
    /// The search results page (`/search/?q=`), also where the search form
    /// goes without JavaScript.
    Search,
    /// A redirect page at an old address (`aliases:`).
    Alias(String),
    /// `_redirects`: every alias as a 301 for hosts that read the file.
    Redirects,
    /// Page `n` (2 or more) of a long section or topic list:
    /// `/section/page/2/`. Page 1 is the list's own job.
    Paged(Box<Job>, usize),
}

/// The list a job shows page by page, and how many entries a page holds:
/// a section's pages, a topic's pages. `None` when it is not split.
pub fn paged_list<'a>(site: &'a Site, job: &Job) -> Option<(&'a [usize], usize)> {
    let (list, per): (&[usize], usize) = match job {
        Job::Page(i) if is_list_section(site, *i) => (
            site.members.get(i).map_or(&[][..], Vec::as_slice),
            site.per_page(Some(*i)),
        ),
        Job::Term(t, slug) => {
            let tax = site.taxonomies.get(*t)?;
            let per = tax.config.paginate_by.unwrap_or(site.config.paginate_by);
            (tax.terms.get(slug)?.pages.as_slice(), per)
        }
        _ => return None,
    };
    (per > 0).then_some((list, per))
}

/// A section that lists its pages (not the home page, the FAQ index or
/// the team page, which show lists of their own).
fn is_list_section(site: &Site, i: usize) -> bool {
    let p = &site.pages[i];
    let own_list = match p.url.as_str() {
        "/" => true,
        FAQ_INDEX_URL => !site.faqs.is_empty(),
        PEOPLE_INDEX_URL => !site.team.is_empty(),
        _ => false,
    };
    p.kind == Kind::Section && !own_list
}

/// How many pages list job `base` takes (1 when it is not split).
pub fn page_count(site: &Site, base: &Job) -> usize {
    paged_list(site, base).map_or(1, |(list, per)| list.len().div_ceil(per).max(1))
}

/// The jobs of pages 2, 3… of list job `base`.
pub fn later_pages(site: &Site, base: &Job) -> Vec<Job> {
    (2..=page_count(site, base))
        .map(|n| Job::Paged(Box::new(base.clone()), n))
        .collect()
}

/// The URL of page `number` of list job `base`.
pub fn page_url(site: &Site, base: &Job, number: usize) -> String {
    if number <= 1 {
        job_url(site, base)
    } else {
        format!("{}page/{number}/", job_url(site, base))
    }
}

/// Every output of a site, in a fixed order.
pub fn jobs(site: &Site) -> Vec<Job> {
    // A page listed in place of a missing translation has its page in the
    // default language only.
    let own = || (0..site.pages.len()).filter(|&i| !site.pages[i].fallback);
    let mut jobs: Vec<Job> = own().map(Job::Page).collect();
    for i in own() {
        jobs.extend(later_pages(site, &Job::Page(i)));
    }
    if site.home().is_none() {
        jobs.push(Job::Home);
    }
    if !site.faqs.is_empty() && !site.by_url.contains_key(FAQ_INDEX_URL) {
        jobs.push(Job::FaqIndex);
    }
    if !site.team.is_empty() && !site.by_url.contains_key(PEOPLE_INDEX_URL) {
        jobs.push(Job::People);
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        if tax.terms.is_empty() {
            continue;
        }
        jobs.push(Job::TaxonomyIndex(t));
        for slug in tax.terms.keys() {
            let term = Job::Term(t, slug.clone());
            let later = later_pages(site, &term);
            jobs.push(term);
            jobs.extend(later);
            if tax.config.feed {
                jobs.push(Job::TermFeed(t, slug.clone()));
            }
        }
    }
    jobs.extend([Job::NotFound, Job::Feed, Job::Sitemap]);
    // One robots.txt and one _redirects at the root serve every language.
    let default_language = site.config.urls.prefix.is_empty();
    if default_language {
        jobs.push(Job::Robots);
    }
    if !site.aliases.is_empty() {
        jobs.extend(site.aliases.keys().cloned().map(Job::Alias));
    }
    if default_language && (!site.aliases.is_empty() || site.translations.has_aliases()) {
        jobs.push(Job::Redirects);
    }
    if site.config.search.enabled {
        jobs.push(Job::SearchIndex);
        jobs.extend(
            crate::search::result_runs(site)
                .into_iter()
                .map(|(from, first)| Job::SearchResults(from, first)),
        );
        if !site.by_url.contains_key(crate::search::PAGE_URL) {
            jobs.push(Job::Search);
        }
    }
    jobs
}

/// The template a job renders with, if any.
pub fn template_of(site: &Site, job: &Job) -> Option<String> {
    Some(match job {
        Job::Page(i) => {
            let p = &site.pages[*i];
            if let Some((t, _)) = p.template.as_deref() {
                return Some(t.clone());
            }
            match p.kind {
                Kind::Article => "page.html",
                Kind::Faq => "faq.html",
                Kind::Section if p.url == "/" => "index.html",
                Kind::Section if p.url == FAQ_INDEX_URL && !site.faqs.is_empty() => {
                    "faq_index.html"
                }
                Kind::Section if p.url == PEOPLE_INDEX_URL && !site.team.is_empty() => {
                    "people.html"
                }
                Kind::Section => "section.html",
                Kind::Person => "person.html",
            }
            .to_string()
        }
        Job::Home => "index.html".into(),
        Job::FaqIndex => "faq_index.html".into(),
        Job::People => "people.html".into(),
        Job::TaxonomyIndex(_) => "taxonomy.html".into(),
        Job::Term(..) => "term.html".into(),
        Job::NotFound => "404.html".into(),
        Job::Search => "search.html".into(),
        Job::Paged(base, _) => return template_of(site, base),
        Job::Feed
        | Job::Sitemap
        | Job::Robots
        | Job::SearchIndex
        | Job::SearchResults(..)
        | Job::TermFeed(..)
        | Job::Alias(_)
        | Job::Redirects => return None,
    })
}

/// Output path of a site URL: `/a/b/` → `a/b/index.html`.
pub fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

pub fn job_url(site: &Site, job: &Job) -> String {
    match job {
        Job::Page(i) => site.pages[*i].url.clone(),
        Job::Home => "/".into(),
        Job::FaqIndex => FAQ_INDEX_URL.into(),
        Job::People => PEOPLE_INDEX_URL.into(),
        Job::TaxonomyIndex(t) => site.taxonomies[*t].url(),
        Job::Term(t, slug) => site.taxonomies[*t].term_url(slug),
        Job::TermFeed(t, slug) => site.taxonomies[*t].feed_url(slug),
        Job::NotFound => "/404.html".into(),
        Job::Feed => "/atom.xml".into(),
        Job::Sitemap => "/sitemap.xml".into(),
        Job::Robots => "/robots.txt".into(),
        Job::SearchIndex => crate::search::META_URL.into(),
        Job::SearchResults(_, first) => crate::search::result_url(*first),
        Job::Search => crate::search::PAGE_URL.into(),
        Job::Alias(url) => url.clone(),
        Job::Redirects => "/_redirects".into(),
        Job::Paged(base, n) => page_url(site, base, *n),
    }
}

/// True when a list entry (section, tag and home page lists) would show
/// page `old` differently from `new`: the fields of a list entry
/// (`render`'s summary).
fn list_entry_changed(old: &Page, new: &Page) -> bool {
    old.title != new.title
        || old.description != new.description
        || old.date != new.date
        || old.modified() != new.modified()
        || old.reading_minutes != new.reading_minutes
        || old.questions.len() != new.questions.len()
        || old.terms != new.terms
        || old.weight != new.weight
}

/// Whether page `i` is one of the feed's entries.
pub fn in_feed(site: &Site, i: usize) -> bool {
    site.feed_entries().any(|a| a == i)
}

/// The outputs an edit of page `i` (an article or FAQ, same URL; `old` is
/// what it was, `was_in_feed` whether it was a feed entry) changes: its own
/// page; the lists that show it only when what they show of it changed; the
/// feed only when it is or was an entry; the sitemap only when its date
/// changed. Saving a paragraph re-renders one page, which is what keeps a
/// reload quick on a large site.
pub fn jobs_after_edit(site: &Site, i: usize, old: &Page, was_in_feed: bool) -> BTreeSet<Job> {
    let p = &site.pages[i];
    let mut out = BTreeSet::new();
    out.insert(Job::Page(i));
    if list_entry_changed(old, p) {
        out.extend(site.ancestors(i).into_iter().map(Job::Page));
        out.insert(site.home().map_or(Job::Home, Job::Page));
        // The 404 and search pages suggest the latest articles and the FAQs.
        out.insert(Job::NotFound);
        if site.config.search.enabled && !site.by_url.contains_key(crate::search::PAGE_URL) {
            out.insert(Job::Search);
        }
        out.extend(
            terms_of(site, old, p)
                .filter(|(t, slug)| site.taxonomies[*t].has(slug))
                .map(|(t, slug)| Job::Term(t, slug.to_string())),
        );
        // The profiles of who wrote and reviewed it list it too.
        let people = [&old.author, &old.reviewed_by, &p.author, &p.reviewed_by];
        for id in people.into_iter().flatten() {
            if let Some(&j) = site.people.get(id) {
                out.insert(Job::Page(j));
            }
        }
    }
    for (t, tax) in site.taxonomies.iter().enumerate() {
        if old.terms.get(t) != p.terms.get(t) && !tax.terms.is_empty() {
            out.insert(Job::TaxonomyIndex(t));
        }
    }
    // Term feeds carry whole articles: any edit of a dated one changes them.
    if p.kind == Kind::Article && (p.modified().is_some() || old.modified().is_some()) {
        out.extend(
            terms_of(site, old, p)
                .filter(|(t, slug)| {
                    let tax = &site.taxonomies[*t];
                    tax.config.feed && tax.has(slug)
                })
                .map(|(t, slug)| Job::TermFeed(t, slug.to_string())),
        );
    }
    if p.kind == Kind::Faq {
        match site.by_url.get(FAQ_INDEX_URL) {
            Some(&f) => out.insert(Job::Page(f)),
            None => out.insert(Job::FaqIndex),
        };
        for (j, other) in site.pages.iter().enumerate() {
            if other.faq.is_some() && site.embedded_faq(j) == Some(i) {
                out.insert(Job::Page(j));
            }
        }
    }
    if p.kind == Kind::Person {
        // Every page that shows the person (as author or reviewer), and the team.
        let id = p.person_id().unwrap_or_default();
        for (j, other) in site.pages.iter().enumerate() {
            if other.author.as_deref() == Some(id) || other.reviewed_by.as_deref() == Some(id) {
                out.insert(Job::Page(j));
            }
        }
        match site.by_url.get(PEOPLE_INDEX_URL) {
            Some(&f) => out.insert(Job::Page(f)),
            None => out.insert(Job::People),
        };
    }
    if was_in_feed || in_feed(site, i) {
        out.insert(Job::Feed);
    }
    if old.modified() != p.modified() {
        out.insert(Job::Sitemap);
    }
    if site.config.search.enabled {
        out.insert(Job::SearchIndex);
    }
    // A list shown again is shown again on all its pages.
    let lists: Vec<Job> = out
        .iter()
        .filter(|j| matches!(j, Job::Page(_) | Job::Term(..)))
        .cloned()
        .collect();
    for base in lists {
        out.extend(later_pages(site, &base));
    }
    out
}

/// Every (taxonomy, term slug) of page `old` and of page `new`.
fn terms_of<'a>(
    site: &'a Site,
    old: &'a Page,
    new: &'a Page,
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    (0..site.taxonomies.len()).flat_map(move |t| {
        [old, new]
            .into_iter()
            .flat_map(move |p| p.terms.get(t).into_iter().flatten())
            .map(move |term| (t, term.slug.as_str()))
    })
}

/// The articles whose related list could change when article `i` becomes
/// `new`: those sharing a term or a telling word with it before or after,
/// and its section's.
pub fn related_candidates(site: &Site, i: usize, new: &Page) -> Vec<usize> {
    let old = &site.pages[i];
    let mut out: BTreeSet<usize> = BTreeSet::new();
    for (t, slug) in terms_of(site, old, new) {
        out.extend(site.term_pages(t, slug).iter().copied());
    }
    let new_words = crate::related::page_words(new);
    let ids = site.words.of(i).iter().copied();
    for w in ids.chain(new_words.iter().filter_map(|w| site.words.id(w))) {
        out.extend(site.words.nearly_telling(w).iter().map(|&j| j as usize));
    }
    if let Some(section) = site.parent[i] {
        out.extend(site.members.get(&section).into_iter().flatten().copied());
    }
    out.remove(&i);
    out.into_iter()
        .filter(|&j| site.pages[j].kind == Kind::Article)
        .collect()
}

/// Pages to re-render because their related articles changed with the edit
/// of page `i` (`before`: each candidate's list before it), or because they
/// list page `i`, whose title, date or description changed.
pub fn related_after_edit(
    site: &Site,
    i: usize,
    old: &Page,
    before: &[(usize, Vec<usize>)],
) -> BTreeSet<Job> {
    use rayon::prelude::*;
    let shown_changed = list_entry_changed(old, &site.pages[i]);
    // Thousands of candidates on a large site, each ranked again.
    before
        .par_iter()
        .filter(|(j, was)| {
            let now = site.related(*j, crate::render::RELATED);
            now != *was || (shown_changed && now.contains(&i))
        })
        .map(|(j, _)| Job::Page(*j))
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}
