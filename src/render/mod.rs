//! Rendering one [`Job`]: the context its template gets (site-wide parts
//! shared across jobs, the page's own values from [`values`]), or the
//! generated file it is (redirects, robots, feeds). A full build renders
//! every job; the dev server only those a change touches.

use crate::content::{Kind, Page, TagRef};
use crate::error::{Error, Result};
use crate::site::Taxonomy;
use crate::site::{Site, FAQ_INDEX_URL, PEOPLE_INDEX_URL};
use chrono::NaiveDate;
use serde_json::{json, Map, Value};
use tera::Context;

pub use crate::jobs::{job_url, output_path, template_of, Job};
pub use crate::templates::Templates;

mod files;
mod languages;
mod validate;
mod values;

use files::{redirect_page, redirects, robots};
use languages::insert_languages;
pub use validate::{validate, validate_page};
pub use values::taxonomy_title;
use values::*;

/// A rendered file: its path below the output directory and its bytes.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: String,
    pub bytes: Vec<u8>,
    /// Further files the job writes beside it (the search index's shards
    /// and result files, the manifest being `path`).
    pub more: Vec<(String, Vec<u8>)>,
    /// For the search index: what its results add up to, which the next
    /// build needs to update it (see [`crate::search::edit_index`]).
    pub digest: Option<u64>,
}

fn date_value(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| {
        Value::String(d.format("%Y-%m-%d").to_string())
    })
}

/// A date as the page's language writes it (`6 December 2026`, `6 de
/// diciembre de 2026`).
fn date_display(site: &Site, d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| Value::String(site.dates.show(d)))
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

/// How many related articles an article lists.
pub const RELATED: usize = 3;

/// How many of a page's tags a list entry carries. Every tag page lists
/// its pages, so a page with thousands of tags would otherwise put all of
/// them into thousands of lists: quadratic work for a card that shows a few.
pub const SUMMARY_TAGS: usize = 20;

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

pub fn render_job(
    site: &Site,
    shared: &Shared,
    templates: &Templates,
    job: &Job,
) -> Result<Output> {
    let url = job_url(site, job);
    let path = output_path(&url);
    let mut more = Vec::new();
    let mut digest = None;
    let output = if *job == Job::SearchIndex {
        let (files, d) = crate::search::index_files_and_digest(site);
        digest = Some(d);
        first_and_more(&path, files, &mut more)
    } else {
        render_bytes(site, shared, templates, job, &url, &path, &mut more)?
    };
    // Another language's outputs go below its folder (`es/…`).
    let folder = site.config.urls.prefix.trim_start_matches('/');
    if folder.is_empty() {
        return Ok(Output {
            path,
            bytes: output,
            more,
            digest,
        });
    }
    for (p, _) in &mut more {
        *p = format!("{folder}/{p}");
    }
    Ok(Output {
        path: format!("{folder}/{path}"),
        bytes: output,
        more,
        digest,
    })
}

fn render_bytes(
    site: &Site,
    shared: &Shared,
    templates: &Templates,
    job: &Job,
    url: &str,
    path: &str,
    more: &mut Vec<(String, Vec<u8>)>,
) -> Result<Vec<u8>> {
    let bytes = match job {
        Job::Feed => crate::feed::atom(site).into_bytes(),
        Job::TermFeed(t, slug) => crate::feed::term_atom(site, *t, slug).into_bytes(),
        Job::Sitemap => crate::feed::sitemap(site).into_bytes(),
        Job::Robots => robots(site).into_bytes(),
        Job::SearchIndex => first_and_more(path, crate::search::index_files(site), more),
        Job::SearchResults(from, first) => {
            first_and_more(path, crate::search::result_files(site, *from, *first), more)
        }
        Job::Alias(from) => redirect_page(site, templates, site.aliases[from]).into_bytes(),
        Job::Redirects => redirects(site).into_bytes(),
        _ => {
            let name = template_of(site, job).expect("HTML jobs have templates");
            let ctx = context(site, shared, templates, job, url);
            let page = if let Job::Page(i) = job {
                Some(&site.pages[*i])
            } else {
                None
            };
            let html = templates.render(&name, &ctx, page)?;
            site.config.publish_links(&html).into_bytes()
        }
    };
    Ok(bytes)
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
    insert_languages(&mut m, site, paged);
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
