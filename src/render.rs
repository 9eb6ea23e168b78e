//! Templates: theme resolution (a site's `templates/` overrides its theme's
//! files of the same name), the context each page gets, JSON-LD, and the
//! generated XML/text files. Every output is one [`Job`], so a full build is
//! "all jobs" and the dev server re-renders just the jobs a change touches.

use crate::content::{Kind, Page, TagRef};
use crate::error::{Error, Result};
use crate::site::Taxonomy;
use crate::site::{Site, FAQ_INDEX_URL, PEOPLE_INDEX_URL};
use chrono::NaiveDate;
use serde_json::{json, Map, Value};
use tera::Context;

pub use crate::jobs::{job_url, output_path, template_of, Job};
pub use crate::templates::Templates;

/// A rendered file: its path below the output directory and its bytes.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
    /// Further files the job writes beside it (the search index's shards
    /// and result files, the manifest being `path`).
    pub more: Vec<(String, Vec<u8>)>,
}

fn date_value(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| {
        Value::String(d.format("%Y-%m-%d").to_string())
    })
}

fn date_display(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| {
        Value::String(d.format("%-d %B %Y").to_string())
    })
}

/// The site's disclaimer as HTML (Markdown in site.toml; raw HTML in it is
/// shown as text unless `unsafe_html`). Empty when there is none.
fn disclaimer_html(c: &crate::config::Config) -> String {
    use pulldown_cmark::{html, Event, Parser};
    let text = c.disclaimer.trim();
    if text.is_empty() {
        return String::new();
    }
    let events = Parser::new(text).map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) if !c.unsafe_html => Event::Text(h),
        e => e,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Shared, page-independent values, built once per render pass.
pub struct Shared {
    site: Value,
    nav: Value,
    strings: Value,
    data: Value,
}

impl Shared {
    pub fn new(site: &Site, templates: &Templates) -> Shared {
        let c = &site.config;
        let mut nav: Vec<Value> = site
            .nav
            .iter()
            .map(|&i| json!({"title": site.pages[i].title, "url": site.pages[i].url}))
            .collect();
        if !site.faqs.is_empty() && !site.nav.iter().any(|&i| site.pages[i].url == FAQ_INDEX_URL) {
            nav.push(json!({"title": templates.string("faq_nav"), "url": FAQ_INDEX_URL}));
        }
        Shared {
            site: json!({
                "title": c.title,
                "description": c.description,
                "base_url": c.base_url,
                "language": c.language,
                "clinic": c.clinic,
                "extra": c.extra,
                "search": c.search.enabled,
                // Themes written before taxonomies link `/tags/` on this.
                "has_tags": site.taxonomies.iter().any(|t| t.name() == "tags" && !t.terms.is_empty()),
                "taxonomies": site
                    .taxonomies
                    .iter()
                    .filter(|t| !t.terms.is_empty())
                    .map(|t| taxonomy_value(t, templates))
                    .collect::<Vec<_>>(),
                "disclaimer_html": disclaimer_html(c),
                "og_locale": c.og_locale(),
                "address": c.clinic.address.line(),
                "has_people": !site.team.is_empty(),
                "has_faqs": !site.faqs.is_empty(),
                "favicon": templates.assets.favicon,
                "logo": c.clinic.logo,
                "brand": if c.clinic.name.trim().is_empty() { &c.title } else { &c.clinic.name },
                "phone_link": c.clinic.phone.chars().filter(|ch| ch.is_ascii_digit() || *ch == '+').collect::<String>(),
            }),
            nav: Value::Array(nav),
            strings: json!(templates.strings),
            data: site.data.clone(),
        }
    }
}

/// The entries of `list` that page `number` of list job `base` shows;
/// for a list split into pages, also `paginator` for the template:
/// `number`, `count`, `previous`/`next`/`first`/`last` URLs and `pages`
/// (`{number, url}` each).
fn paginate<'a>(
    site: &Site,
    base: &Job,
    list: &'a [usize],
    number: usize,
    m: &mut Map<String, Value>,
) -> &'a [usize] {
    let Some((_, per)) = crate::jobs::paged_list(site, base) else {
        return list;
    };
    let count = crate::jobs::page_count(site, base);
    if count > 1 {
        let url = |n: usize| crate::jobs::page_url(site, base, n);
        m.insert(
            "paginator".into(),
            json!({
                "number": number,
                "count": count,
                "previous": (number > 1).then(|| url(number - 1)),
                "next": (number < count).then(|| url(number + 1)),
                "first": url(1),
                "last": url(count),
                "pages": (1..=count).map(|n| json!({"number": n, "url": url(n)})).collect::<Vec<_>>(),
            }),
        );
    }
    let start = ((number - 1) * per).min(list.len());
    &list[start..(start + per).min(list.len())]
}

/// What pages call taxonomy `tax`: its `title`, else the theme's "Topics"
/// for `tags`, else its name in words ("Body region").
pub fn taxonomy_title(tax: &Taxonomy, strings: &dyn Fn(&str) -> String) -> String {
    let title = tax.config.title.trim();
    if !title.is_empty() {
        title.to_string()
    } else if tax.name() == "tags" {
        strings("tags_index_title")
    } else {
        crate::text::title_from_name(tax.name())
    }
}

/// A taxonomy as templates get it: `name`, `title`, `url`, whether it is
/// in the main navigation (`menu`) and how many terms it has.
fn taxonomy_value(tax: &Taxonomy, templates: &Templates) -> Value {
    json!({
        "name": tax.name(),
        "title": taxonomy_title(tax, &|k| templates.string(k)),
        "url": tax.url(),
        "menu": tax.config.menu,
        "count": tax.terms.len(),
    })
}

fn term_links<'a>(site: &Site, terms: impl Iterator<Item = (usize, &'a TagRef)>) -> Value {
    Value::Array(
        terms
            .map(|(t, term)| {
                json!({"name": term.name, "url": site.taxonomies[t].term_url(&term.slug)})
            })
            .collect(),
    )
}

/// Every term of page `p`, with its taxonomy's index.
fn page_terms(p: &Page) -> impl Iterator<Item = (usize, &TagRef)> {
    p.terms
        .iter()
        .enumerate()
        .flat_map(|(t, terms)| terms.iter().map(move |term| (t, term)))
}

/// `page.terms` (`{taxonomy name: [{name, url}]}`) and `page.taxonomies`
/// (those the page has terms of, each with its `title` and `terms`).
fn terms_values(site: &Site, templates: &Templates, p: &Page) -> (Value, Value) {
    let mut by_name = Map::new();
    let mut listed = Vec::new();
    for (t, tax) in site.taxonomies.iter().enumerate() {
        let terms = p.terms.get(t).map_or(&[][..], Vec::as_slice);
        let links = term_links(site, terms.iter().map(|term| (t, term)));
        if !terms.is_empty() {
            let mut v = taxonomy_value(tax, templates);
            v["terms"] = links.clone();
            listed.push(v);
        }
        by_name.insert(tax.name().to_string(), links);
    }
    (Value::Object(by_name), Value::Array(listed))
}

/// How many related articles an article lists.
pub const RELATED: usize = 3;

/// How many of a page's tags a list entry carries. Every tag page lists
/// its pages, so a page with thousands of tags would otherwise put all of
/// them into thousands of lists: quadratic work for a card that shows a few.
pub const SUMMARY_TAGS: usize = 20;

/// What list pages show of a page.
fn summary(site: &Site, i: usize) -> Value {
    let p = &site.pages[i];
    json!({
        "title": p.title,
        "url": p.url,
        "kind": kind_name(p.kind),
        "description": p.description,
        "date": date_value(p.date),
        "date_display": date_display(p.date),
        "modified_display": date_display(p.modified()),
        "reading_minutes": p.reading_minutes,
        "question_count": p.questions.len(),
        "tags": term_links(site, page_terms(p).take(SUMMARY_TAGS)),
        "tag_count": p.terms.iter().map(Vec::len).sum::<usize>(),
    })
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Article => "article",
        Kind::Section => "section",
        Kind::Faq => "faq",
        Kind::Person => "person",
    }
}

/// A person as pages show them: from their profile when `who` is a
/// person's id, else just the name as written.
fn person_value(site: &Site, who: &str) -> Value {
    match site.person(who) {
        Some(i) => profile_value(site, i),
        None => json!({"name": who, "url": Value::Null}),
    }
}

/// Person page `i`'s profile, as pages and the team list show it.
fn profile_value(site: &Site, i: usize) -> Value {
    let p = &site.pages[i];
    let none = crate::content::Profile::default();
    let profile = p.person.as_deref().unwrap_or(&none);
    json!({
        "id": p.person_id(),
        "name": p.title,
        "url": p.url,
        "role": profile.role,
        "credentials": profile.credentials,
        "registration": profile.registration,
        "registration_url": profile.registration_url,
        "photo": profile.photo.as_ref().map(|a| &a.url),
        "bio": p.body.html,
    })
}

/// The review block's facts: last review, next due, and how that stands today.
fn review_value(site: &Site, p: &Page) -> Value {
    let months = site.config.review_interval_months;
    let due = p.review_due(months);
    let status = p.review_status(months, site.today);
    json!({
        "last": date_value(p.reviewed),
        "last_display": date_display(p.reviewed),
        "next": date_value(due),
        "next_display": date_display(due),
        "status": status,
        "overdue": status == crate::content::ReviewStatus::Overdue,
    })
}

fn references_value(p: &Page) -> Value {
    Value::Array(
        p.references
            .iter()
            .map(|r| {
                let mut v = json!(r);
                v["link"] = json!(r.link());
                v
            })
            .collect(),
    )
}

/// The pages a person wrote and reviewed, newest first, for their profile.
fn work_of(site: &Site, id: &str) -> (Vec<usize>, Vec<usize>) {
    let of = |pick: fn(&Page) -> Option<&String>| -> Vec<usize> {
        let mut list: Vec<usize> = site
            .articles
            .iter()
            .chain(&site.faqs)
            .copied()
            .filter(|&i| pick(&site.pages[i]).is_some_and(|a| a == id))
            .collect();
        crate::site::order_articles(&site.pages, &mut list);
        list
    };
    (of(|p| p.author.as_ref()), of(|p| p.reviewed_by.as_ref()))
}

fn questions_value(p: &Page) -> Value {
    Value::Array(
        p.questions
            .iter()
            .map(|q| json!({"question": q.question, "id": q.id, "answer": q.answer.html}))
            .collect(),
    )
}

fn page_value(site: &Site, i: usize, templates: &Templates) -> Value {
    let reserved_ids = &templates.reserved_ids;
    let p = &site.pages[i];
    let terms = terms_values(site, templates, p);
    let mut v = json!({
        "kind": kind_name(p.kind),
        "title": p.title,
        "description": p.description,
        "url": p.url,
        "permalink": site.config.permalink(&p.url),
        "date": date_value(p.date),
        "date_display": date_display(p.date),
        "updated": date_value(p.updated),
        "updated_display": date_display(p.updated),
        "reviewed": date_value(p.reviewed),
        "reviewed_display": date_display(p.reviewed),
        "expires": date_value(p.expires),
        "scheduled": p.scheduled,
        "author": p.author.as_deref().map(|a| person_value(site, a)),
        "reviewer": p.reviewed_by.as_deref().map(|r| person_value(site, r)),
        "review": if p.is_reviewable() { review_value(site, p) } else { Value::Null },
        "references": references_value(p),
        "image": p.image.as_ref().map(|a| &a.url),
        "image_alt": p.image_alt,
        "person": (p.kind == Kind::Person).then(|| profile_value(site, i)),
        "tags": term_links(site, page_terms(p)),
        "terms": terms.0,
        "taxonomies": terms.1,
        "content": p.body.html,
        "toc": p.body.toc(),
        "words": p.words,
        "reading_minutes": p.reading_minutes,
        "extra": p.extra,
        "collapsed": p.collapsed,
        "questions": questions_value(p),
    });
    if let Some(f) = site.embedded_faq(i) {
        let fp = &site.pages[f];
        // Ids are unique per output page: an embedded question whose id a
        // heading of the article (or the template) already has takes the
        // next free one here; on the FAQ's own page it keeps its own.
        let mut used: std::collections::HashSet<String> =
            p.body.headings.iter().map(|h| h.id.clone()).collect();
        let questions: Vec<Value> = fp
            .questions
            .iter()
            .map(|q| {
                let id = crate::markdown::unique_id(&mut used, reserved_ids, q.id.clone());
                json!({"question": q.question, "id": id, "answer": q.answer.html})
            })
            .collect();
        v["faq"] = json!({"title": fp.title, "url": fp.url, "questions": questions, "collapsed": fp.collapsed});
    }
    v
}

/// The breadcrumb trail above a page, from the home page down to (not
/// including) the page itself; the same on every kind of page, and the
/// same in the visible trail and in JSON-LD's `BreadcrumbList`.
pub fn crumbs(site: &Site, strings: &dyn Fn(&str) -> String, job: &Job) -> Vec<(String, String)> {
    let home = || (strings("home"), "/".to_string());
    let listing = |url: &str, key: &str| {
        let title = site
            .by_url
            .get(url)
            .map_or_else(|| strings(key), |&i| site.pages[i].title.clone());
        (title, url.to_string())
    };
    match job {
        Job::Page(i) => {
            let p = &site.pages[*i];
            if p.url == "/" {
                return Vec::new();
            }
            let mut trail = vec![home()];
            trail.extend(
                site.ancestors(*i)
                    .into_iter()
                    .filter(|&s| site.pages[s].url != "/")
                    .map(|s| (site.pages[s].title.clone(), site.pages[s].url.clone())),
            );
            let index = match p.kind {
                Kind::Faq => Some((FAQ_INDEX_URL, "faq_index_title")),
                Kind::Person => Some((PEOPLE_INDEX_URL, "people_title")),
                _ => None,
            };
            if let Some((url, key)) = index {
                if !trail.iter().any(|(_, u)| u == url) {
                    trail.push(listing(url, key));
                }
            }
            trail
        }
        Job::FaqIndex | Job::TaxonomyIndex(_) | Job::People | Job::Search => vec![home()],
        Job::Term(t, _) => {
            let tax = &site.taxonomies[*t];
            vec![home(), (taxonomy_title(tax, strings), tax.url())]
        }
        _ => Vec::new(),
    }
}

fn page_title(site: &Site, templates: &Templates, job: &Job) -> String {
    match job {
        Job::Page(i) => site.pages[*i].title.clone(),
        Job::Home => site.config.title.clone(),
        Job::FaqIndex => templates.string("faq_index_title"),
        Job::People => templates.string("people_title"),
        Job::TaxonomyIndex(t) => taxonomy_title(&site.taxonomies[*t], &|k| templates.string(k)),
        Job::Term(t, slug) => site.taxonomies[*t]
            .terms
            .get(slug)
            .map_or_else(|| slug.clone(), |term| term.name.clone()),
        Job::NotFound => templates.string("not_found_title"),
        Job::Search => templates.string("search_title"),
        _ => String::new(),
    }
}

/// Checks front-matter references (template, embedded FAQ) so a typo fails
/// the build at the line that made it.
pub fn validate(site: &Site, templates: &Templates) -> Result<()> {
    let mut errors = Vec::new();
    for i in 0..site.pages.len() {
        page_problems(site, templates, i, &mut errors);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::many(errors))
    }
}

/// [`validate`] for one page, after an edit.
pub fn validate_page(site: &Site, templates: &Templates, i: usize) -> Result<()> {
    let mut errors = Vec::new();
    page_problems(site, templates, i, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::many(errors))
    }
}

/// Whether `who` is written like a person's id (`priya-shah`) rather than a
/// name (`Priya Shah`): on a site with people, an id naming nobody is a typo.
fn looks_like_id(who: &str) -> bool {
    !who.is_empty()
        && who
            .chars()
            .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// `author:` and `reviewed_by:` must name people the site has.
fn people_problems(site: &Site, p: &Page, errors: &mut Vec<Error>) {
    // Who there is, for the message: worked out only when there is one.
    let known = || {
        let mut ids: Vec<&str> = site.people.keys().map(String::as_str).collect();
        ids.sort();
        if ids.is_empty() {
            "the site has no people yet: add content/people/<id>.yaml with `name:`, `role:` and `credentials:`".to_string()
        } else {
            format!("people: {} (content/people/<id>.yaml)", ids.join(", "))
        }
    };
    if let Some(a) = &p.author {
        if site.person(a).is_none() && !site.people.is_empty() && looks_like_id(a) {
            errors.push(Error::content(
                p.at("author"),
                format!(
                    "`author: {a}` is nobody's id; {}; or write the author's full name",
                    known()
                ),
            ));
        }
    }
    if let Some(r) = &p.reviewed_by {
        if site.person(r).is_none() {
            errors.push(Error::content(
                p.at("reviewed_by"),
                format!("`reviewed_by: {r}` is nobody's id: a reviewer needs a profile with their credentials; {}", known()),
            ));
        }
    }
}

fn page_problems(site: &Site, templates: &Templates, i: usize, errors: &mut Vec<Error>) {
    let p = &site.pages[i];
    people_problems(site, p, errors);
    {
        if let Some((t, at)) = &p.template {
            if !templates.has(t) {
                let mut known: Vec<&str> = templates
                    .sources
                    .keys()
                    .filter(|n| !n.contains('/'))
                    .map(String::as_str)
                    .collect();
                known.sort();
                errors.push(Error::content(
                    at.clone(),
                    format!(
                        "unknown template {t:?}; templates available: {}",
                        known.join(", ")
                    ),
                ));
            }
        }
        if let Some((name, at)) = &p.faq {
            if site.embedded_faq(i).is_none() {
                let candidates = site.faq_candidates(name);
                let message = if candidates.len() > 1 {
                    let paths: Vec<String> = candidates
                        .iter()
                        .map(|&c| site.pages[c].path.display().to_string())
                        .collect();
                    let first = &site.pages[candidates[0]].rel;
                    let example = first.rsplit_once('.').map_or(first.as_str(), |(s, _)| s);
                    format!(
                        "`faq: {name}` is ambiguous: {} all match; name one by its folder, e.g. `faq: {example}`",
                        paths.join(" and ")
                    )
                } else {
                    format!("no FAQ file named {name:?} (looked for content/**/{name}.yaml)")
                };
                errors.push(Error::content(at.clone(), message));
            }
        }
    }
}

pub fn render_job(
    site: &Site,
    shared: &Shared,
    templates: &Templates,
    job: &Job,
) -> Result<Output> {
    let url = job_url(site, job);
    let path = output_path(&url);
    let mut more = Vec::new();
    let bytes = match job {
        Job::Feed => crate::feed::atom(site).into_bytes(),
        Job::TermFeed(t, slug) => crate::feed::term_atom(site, *t, slug).into_bytes(),
        Job::Sitemap => crate::feed::sitemap(site).into_bytes(),
        Job::Robots => format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
            site.config.base_url
        )
        .into_bytes(),
        Job::SearchIndex => first_and_more(&path, crate::search::index_files(site), &mut more),
        Job::SearchResults(from, first) => first_and_more(
            &path,
            crate::search::result_files(site, *from, *first),
            &mut more,
        ),
        Job::Alias(from) => redirect_page(site, templates, site.aliases[from]).into_bytes(),
        Job::Redirects => redirects(site).into_bytes(),
        _ => {
            let name = template_of(site, job).expect("HTML jobs have templates");
            let ctx = context(site, shared, templates, job, &url);
            let page = if let Job::Page(i) = job {
                Some(&site.pages[*i])
            } else {
                None
            };
            let html = templates.render(&name, &ctx, page)?;
            crate::text::prefix_root_links(&html, site.config.base_path()).into_bytes()
        }
    };
    Ok(Output { path, bytes, more })
}

/// The bytes of a job's own file (the first of `files`: the index's manifest,
/// or a run's first result), the others going to `more`.
fn first_and_more(
    path: &str,
    files: crate::search::Files,
    more: &mut Vec<(String, Vec<u8>)>,
) -> Vec<u8> {
    let mut files = files.into_iter();
    let (first_path, bytes) = files.next().expect("a run has a result");
    debug_assert_eq!(first_path, path);
    more.extend(files);
    bytes
}

fn context(site: &Site, shared: &Shared, templates: &Templates, job: &Job, url: &str) -> Context {
    let mut m = Map::new();
    m.insert("site".into(), shared.site.clone());
    m.insert("data".into(), shared.data.clone());
    m.insert("nav".into(), shared.nav.clone());
    m.insert("strings".into(), shared.strings.clone());
    m.insert("current_url".into(), json!(url));
    m.insert("canonical".into(), json!(site.config.permalink(url)));
    // Page 2 of a list is its list's job shown from a later entry on.
    let (paged, job, number) = match job {
        Job::Paged(base, n) => (job, base.as_ref(), *n),
        j => (j, j, 1),
    };
    let mut title = page_title(site, templates, job);
    if number > 1 {
        title = templates
            .string("paged_title")
            .replace("{title}", &title)
            .replace("{number}", &number.to_string());
    }
    let trail = crumbs(site, &|k| templates.string(k), job);
    let page = match job {
        Job::Page(i) => Some(&site.pages[*i]),
        _ => None,
    };
    let share = crate::jsonld::share_image(&site.config, page, templates.images.as_deref());
    m.insert(
        "json_ld".into(),
        json!(crate::jsonld::for_job(
            site,
            paged,
            &title,
            &trail,
            share.as_deref()
        )),
    );
    m.insert("title".into(), json!(title));
    m.insert("share_image".into(), json!(share));
    m.insert(
        "breadcrumbs".into(),
        Value::Array(
            trail
                .iter()
                .map(|(t, u)| json!({"title": t, "url": u}))
                .collect(),
        ),
    );
    m.insert("feed_url".into(), json!(site.config.permalink("/atom.xml")));
    let summaries = |list: &[usize]| Value::Array(list.iter().map(|&i| summary(site, i)).collect());
    // A generated page's description in the theme's words, `{name}` filled in.
    let described = |key: &str, values: &[(&str, &str)]| {
        values
            .iter()
            .fold(templates.string(key), |text, (name, value)| {
                text.replace(&format!("{{{name}}}"), value)
            })
    };
    // The home page, from content/_index.md or generated, lists the same things.
    let insert_home_lists = |m: &mut Map<String, Value>| {
        m.insert(
            "latest".into(),
            summaries(&site.articles[..site.articles.len().min(6)]),
        );
        m.insert("faqs".into(), summaries(&site.faqs));
    };
    // Every generated page is a website page; content pages say what they are.
    m.insert("og_type".into(), json!("website"));
    match job {
        Job::Page(i) => {
            let p = &site.pages[*i];
            m.insert("page".into(), page_value(site, *i, templates));
            m.insert("related".into(), summaries(&site.related(*i, RELATED)));
            m.insert(
                "description".into(),
                json!(if p.description.is_empty() {
                    &site.config.description
                } else {
                    &p.description
                }),
            );
            m.insert(
                "og_type".into(),
                json!(if p.kind == Kind::Article {
                    "article"
                } else {
                    "website"
                }),
            );
            if p.kind == Kind::Section {
                let none = Vec::new();
                let shown = paginate(
                    site,
                    job,
                    site.members.get(i).unwrap_or(&none),
                    number,
                    &mut m,
                );
                m.insert("pages".into(), summaries(shown));
                m.insert(
                    "subsections".into(),
                    summaries(site.subsections.get(i).unwrap_or(&none)),
                );
                if p.url == "/" {
                    insert_home_lists(&mut m);
                }
                if p.url == FAQ_INDEX_URL {
                    m.insert("faqs".into(), faq_list(site));
                }
                if p.url == PEOPLE_INDEX_URL {
                    m.insert("people".into(), team(site));
                }
            }
            if let Some(id) = p.person_id() {
                let (wrote, reviewed) = work_of(site, id);
                m.insert("written".into(), summaries(&wrote));
                m.insert("reviewed".into(), summaries(&reviewed));
                m.insert("og_type".into(), json!("profile"));
            }
        }
        Job::Home => {
            m.insert("page".into(), json!({"title": site.config.title, "content": "", "description": site.config.description, "url": "/", "kind": "section"}));
            m.insert("description".into(), json!(site.config.description));
            m.insert("pages".into(), Value::Array(vec![]));
            m.insert("subsections".into(), summaries(&site.nav));
            insert_home_lists(&mut m);
        }
        Job::FaqIndex => {
            m.insert("page".into(), listing_page(&title, FAQ_INDEX_URL));
            m.insert(
                "description".into(),
                json!(described(
                    "faq_index_description",
                    &[("site", &site.config.title)]
                )),
            );
            m.insert("faqs".into(), faq_list(site));
        }
        Job::People => {
            m.insert("page".into(), listing_page(&title, PEOPLE_INDEX_URL));
            m.insert(
                "description".into(),
                json!(described(
                    "people_description",
                    &[("title", &title), ("site", &site.config.title)]
                )),
            );
            m.insert("people".into(), team(site));
        }
        Job::TaxonomyIndex(t) => {
            let tax = &site.taxonomies[*t];
            let key = if tax.name() == "tags" {
                "tags_index_description"
            } else {
                "taxonomy_description"
            };
            m.insert(
                "description".into(),
                json!(described(
                    key,
                    &[("site", &site.config.title), ("taxonomy", &title)]
                )),
            );
            let terms = Value::Array(
                tax.terms
                    .values()
                    .map(|t| json!({"name": t.name, "url": t.url, "count": t.pages.len()}))
                    .collect(),
            );
            m.insert("taxonomy".into(), taxonomy_value(tax, templates));
            m.insert("tags".into(), terms.clone());
            m.insert("terms".into(), terms);
        }
        Job::Term(t, slug) => {
            let tax = &site.taxonomies[*t];
            let tag = &tax.terms[slug];
            let tax_title = taxonomy_title(tax, &|k| templates.string(k));
            m.insert(
                "description".into(),
                json!(described(
                    "tag_description",
                    &[("tag", &tag.name), ("taxonomy", &tax_title)]
                )),
            );
            let feed = tax.config.feed.then(|| {
                json!({"url": tax.feed_url(slug), "title": crate::feed::term_feed_title(site, &tag.name)})
            });
            let term =
                json!({"name": tag.name, "url": tag.url, "count": tag.pages.len(), "feed": feed});
            m.insert("taxonomy".into(), taxonomy_value(tax, templates));
            m.insert("tag".into(), term.clone());
            m.insert("term".into(), term);
            let shown = paginate(site, job, &tag.pages, number, &mut m);
            m.insert("pages".into(), summaries(shown));
        }
        Job::NotFound => {
            m.insert(
                "description".into(),
                json!(described("not_found_description", &[])),
            );
            m.insert("noindex".into(), json!(true));
            // What a lost visitor is most likely after.
            insert_home_lists(&mut m);
        }
        Job::Search => {
            m.insert(
                "description".into(),
                json!(described(
                    "search_description",
                    &[("site", &site.config.title)]
                )),
            );
            m.insert("noindex".into(), json!(true));
            m.insert("page".into(), listing_page(&title, crate::search::PAGE_URL));
            insert_home_lists(&mut m);
        }
        _ => {}
    }
    Context::from_value(Value::Object(m)).expect("an object is a valid context")
}

/// What an old address (`aliases:`) serves: an immediate redirect that
/// search engines follow and do not index, and a link for anyone whose
/// browser does not follow it.
fn redirect_page(site: &Site, templates: &Templates, to: usize) -> String {
    use crate::text::escape_html;
    let target = escape_html(&site.config.permalink(&site.pages[to].url));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{target}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p><a href=\"{target}\">{text}</a></p>\n</body>\n</html>\n",
        lang = escape_html(&site.config.language),
        title = escape_html(&site.pages[to].title),
        text = escape_html(&templates.string("redirect_text")),
    )
}

/// `_redirects` (Netlify, Cloudflare Pages): each alias as a permanent
/// redirect, so hosts that read it answer 301 without the redirect page.
fn redirects(site: &Site) -> String {
    let base = site.config.base_path();
    let mut out = String::from("# Written by lumbar from aliases: in front matter.\n");
    for (from, &to) in &site.aliases {
        out.push_str(&format!("{base}{from} {base}{} 301\n", site.pages[to].url));
    }
    out
}

/// The `page` of a generated listing (`/faq/`, `/people/`) that no
/// section file provides: its title and URL, nothing written.
fn listing_page(title: &str, url: &str) -> Value {
    json!({"title": title, "content": "", "description": "", "url": url, "kind": "section"})
}

fn team(site: &Site) -> Value {
    Value::Array(site.team.iter().map(|&i| profile_value(site, i)).collect())
}

fn faq_list(site: &Site) -> Value {
    Value::Array(
        site.faqs
            .iter()
            .map(|&i| {
                let mut s = summary(site, i);
                s["questions"] = Value::Array(
                    site.pages[i]
                        .questions
                        .iter()
                        .map(|q| json!({"question": q.question, "id": q.id}))
                        .collect(),
                );
                s
            })
            .collect(),
    )
}
