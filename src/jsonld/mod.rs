//! schema.org JSON-LD for each page, as typed structures: which properties a
//! node can have is written down once here, rather than assembled by
//! mutating JSON values. Serialised through `serde_json::Value`, whose maps
//! keep keys sorted, so the output is stable, and escaped so that content
//! cannot break out of the `<script>` it is placed in.
//!
//! Each page's graph holds the clinic once, with an `@id` that the page, its
//! article and its people point at, instead of a copy in every place.

use crate::config::{Address, Config};
use crate::content::{Kind, Page, Reference};
use crate::jobs::{job_url, Job};
use crate::site::Site;
use crate::text::script_safe_json;
use chrono::NaiveDate;
use serde::Serialize;

mod schema;

use schema::*;

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// An absolute URL for a site path or web address.
fn absolute(c: &Config, url: &str) -> String {
    if crate::markdown::is_external(url) {
        url.to_string()
    } else {
        c.permalink(url)
    }
}

fn clinic_id(c: &Config) -> Id {
    Id {
        id: format!("{}/#clinic", c.base_url),
    }
}

fn person_id(c: &Config, p: &Page) -> Id {
    Id {
        id: format!("{}#person", c.permalink(&p.url)),
    }
}

/// The clinic, once per graph; `booking` adds its booking action (home page).
fn clinic(c: &Config, booking: bool) -> Node {
    let k = &c.clinic;
    let address = match &k.address {
        Address::Line(l) => non_empty(l).map(AddressValue::Text),
        Address::Parts(p) => Some(AddressValue::Postal(PostalAddress {
            kind: "PostalAddress",
            street: p.street.trim().into(),
            locality: p.locality.trim().into(),
            region: p.region.trim().into(),
            postcode: p.postcode.trim().into(),
            country: p.country.trim().into(),
        })),
    };
    Node::Clinic(Box::new(Clinic {
        kind: "MedicalClinic",
        id: clinic_id(c).id,
        name: if k.name.trim().is_empty() {
            &c.title
        } else {
            &k.name
        }
        .trim()
        .to_string(),
        url: format!("{}/", c.base_url),
        address,
        telephone: non_empty(&k.phone),
        email: non_empty(&k.email),
        opening_hours: k.opening_hours.clone(),
        geo: k.geo.map(|g| GeoCoordinates {
            kind: "GeoCoordinates",
            latitude: g.latitude,
            longitude: g.longitude,
        }),
        logo: non_empty(&k.logo).map(|l| absolute(c, &l)),
        potential_action: non_empty(&k.booking_url).filter(|_| booking).map(|target| {
            ReserveAction {
                kind: "ReserveAction",
                target,
            }
        }),
    }))
}

fn person(c: &Config, p: &Page) -> Node {
    let none = crate::content::Profile::default();
    let profile = p.person.as_deref().unwrap_or(&none);
    let mut has_credential: Vec<Credential> = profile
        .credentials
        .iter()
        .map(|q| Credential {
            kind: "EducationalOccupationalCredential",
            name: q.clone(),
            category: "qualification",
            url: None,
        })
        .collect();
    if let Some(r) = &profile.registration {
        has_credential.push(Credential {
            kind: "EducationalOccupationalCredential",
            name: r.clone(),
            category: "registration",
            url: profile.registration_url.clone(),
        });
    }
    Node::Person(Box::new(Person {
        kind: "Person",
        id: person_id(c, p).id,
        name: p.title.clone(),
        url: c.permalink(&p.url),
        job_title: profile.role.clone(),
        has_credential,
        image: profile.photo.as_ref().map(|a| absolute(c, &a.url)),
        works_for: clinic_id(c),
    }))
}

/// The people a page names, as graph nodes, and how the page refers to them.
struct People {
    nodes: Vec<Node>,
    author: Option<Author>,
    reviewer: Option<Id>,
}

fn people(site: &Site, p: &Page) -> People {
    let c = &site.config;
    let mut nodes = Vec::new();
    let mut seen = Vec::new();
    let mut node_for = |i: usize, nodes: &mut Vec<Node>| {
        if !seen.contains(&i) {
            seen.push(i);
            nodes.push(person(c, &site.pages[i]));
        }
        person_id(c, &site.pages[i])
    };
    let author = p.author.as_deref().map(|a| match site.person(a) {
        Some(i) => Author::Ref(node_for(i, &mut nodes)),
        None => Author::Name {
            kind: "Person",
            name: a.to_string(),
        },
    });
    // Only a named reviewer may be claimed; a reviewed date alone says
    // nothing about who reviewed (the author is not assumed).
    let reviewer = p
        .reviewed_by
        .as_deref()
        .and_then(|r| site.person(r))
        .map(|i| node_for(i, &mut nodes));
    People {
        nodes,
        author,
        reviewer,
    }
}

fn citations(refs: &[Reference]) -> Vec<Citation> {
    refs.iter()
        .map(|r| {
            let mut identifier = Vec::new();
            if let Some(d) = &r.doi {
                identifier.push(PropertyValue {
                    kind: "PropertyValue",
                    property: "DOI",
                    value: d.clone(),
                });
            }
            if let Some(p) = &r.pmid {
                identifier.push(PropertyValue {
                    kind: "PropertyValue",
                    property: "PMID",
                    value: p.clone(),
                });
            }
            let scholarly = r.doi.is_some() || r.pmid.is_some() || r.journal.is_some();
            Citation {
                kind: if scholarly {
                    "ScholarlyArticle"
                } else {
                    "CreativeWork"
                },
                name: r
                    .title
                    .clone()
                    .or_else(|| r.text.clone())
                    .or_else(|| r.link())
                    .unwrap_or_default(),
                url: r.link(),
                date_published: r.year.clone(),
                identifier,
                is_part_of: r.journal.clone().map(|name| Named {
                    kind: "Periodical",
                    name,
                }),
                publisher: r.publisher.clone().map(|name| Named {
                    kind: "Organization",
                    name,
                }),
            }
        })
        .collect()
}

/// The visible breadcrumb trail and the page itself, as a `BreadcrumbList`.
fn breadcrumbs(c: &Config, url: &str, title: &str, trail: &[(String, String)]) -> Option<Node> {
    if trail.is_empty() {
        return None;
    }
    let items = trail
        .iter()
        .map(|(n, u)| (n.as_str(), u.as_str()))
        .chain([(title, url)])
        .enumerate()
        .map(|(i, (name, u))| ListItem {
            kind: "ListItem",
            position: i + 1,
            name: name.to_string(),
            item: c.permalink(u),
        })
        .collect();
    Some(Node::Breadcrumbs(BreadcrumbList {
        kind: "BreadcrumbList",
        id: format!("{}#breadcrumb", c.permalink(url)),
        items,
    }))
}

/// The image that represents page `p` when shared: its own, else the
/// site's; a photo as its 1200-px rendition, the size social sites ask for.
pub fn share_image(
    c: &Config,
    p: Option<&Page>,
    images: Option<&crate::images::Images>,
) -> Option<String> {
    let url = p
        .and_then(|p| p.image.as_ref().map(|a| a.url.clone()))
        .or_else(|| non_empty(&c.image))?;
    let url = match images.map(|i| (i, i.at_url(&url))) {
        Some((images, Ok(Some(source)))) => images.single(&source, crate::images::SHARE_WIDTH),
        _ => url,
    };
    Some(absolute(c, &url))
}

fn faq_page(site: &Site, p: &Page, crumb: Option<Id>, who: &People) -> FaqPage {
    let c = &site.config;
    let permalink = c.permalink(&p.url);
    FaqPage {
        kind: "FAQPage",
        id: permalink.clone(),
        url: permalink,
        name: p.title.clone(),
        in_language: c.language.clone(),
        publisher: clinic_id(c),
        breadcrumb: crumb,
        date_modified: day(p.modified()),
        last_reviewed: day(p.reviewed),
        reviewed_by: who.reviewer.clone(),
        author: None,
        citation: citations(&p.references),
        main_entity: p
            .questions
            .iter()
            .map(|q| Question {
                kind: "Question",
                name: q.question.clone(),
                url: format!("{}#{}", c.permalink(&p.url), q.id),
                accepted_answer: Answer {
                    kind: "Answer",
                    text: q.answer.prose(),
                },
            })
            .collect(),
        translated: translated(site, p),
    }
}

fn web_page(c: &Config, kind: &'static str, url: &str, name: &str, description: &str) -> WebPage {
    let permalink = c.permalink(url);
    WebPage {
        kind,
        id: permalink.clone(),
        url: permalink,
        name: name.to_string(),
        description: description.to_string(),
        in_language: c.language.clone(),
        audience: None,
        publisher: clinic_id(c),
        breadcrumb: None,
        date_published: None,
        date_modified: None,
        last_reviewed: None,
        reviewed_by: None,
        image: None,
        main_entity: None,
        translated: Translated::default(),
    }
}

/// Page `p` among its translations: a translation names its source; the
/// source names every translation.
fn translated(site: &Site, p: &Page) -> Translated {
    let t = &site.translations;
    let Some(list) = t.pages.get(&p.rel) else {
        return Translated::default();
    };
    let id = |url: &str| Id {
        id: format!("{}{url}", site.config.base_url),
    };
    if site.language == 0 {
        Translated {
            translation_of_work: None,
            work_translation: list
                .iter()
                .filter(|(l, _)| *l != 0)
                .map(|(_, u)| id(u))
                .collect(),
        }
    } else {
        Translated {
            translation_of_work: list.iter().find(|(l, _)| *l == 0).map(|(_, u)| id(u)),
            work_translation: Vec::new(),
        }
    }
}

fn article(site: &Site, p: &Page, who: People, image: Option<&str>) -> (WebPage, Vec<Node>) {
    let c = &site.config;
    let image = image.map(str::to_string);
    let mut page = web_page(c, "MedicalWebPage", &p.url, &p.title, &p.description);
    page.audience = Some(Audience {
        kind: "PeopleAudience",
        audience_type: "Patient",
    });
    page.date_published = day(p.date);
    page.date_modified = day(p.modified());
    page.last_reviewed = day(p.reviewed);
    page.reviewed_by = who.reviewer;
    page.image = image.clone();
    page.translated = translated(site, p);
    page.main_entity = Some(MainEntity::Article(Box::new(Article {
        kind: "Article",
        headline: p.title.clone(),
        description: p.description.clone(),
        in_language: c.language.clone(),
        word_count: p.words,
        publisher: clinic_id(c),
        keywords: p
            .all_terms()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        date_published: day(p.date),
        date_modified: day(p.modified()),
        author: who.author,
        image,
        citation: citations(&p.references),
    })));
    // An embedded FAQ is marked up as FAQPage on its own page only: search
    // engines take one FAQPage per set of questions.
    (page, who.nodes)
}

/// The JSON-LD of one output page, safe to place inside `<script>`;
/// `title` is the page's title as shown, `trail` its breadcrumbs, `share`
/// its share image (see [`share_image`]).
pub fn for_job(
    site: &Site,
    job: &Job,
    title: &str,
    trail: &[(String, String)],
    share: Option<&str>,
) -> String {
    let c = &site.config;
    let url = job_url(site, job);
    let crumbs = breadcrumbs(c, &url, title, trail);
    let crumb_id = crumbs.as_ref().map(|_| Id {
        id: format!("{}#breadcrumb", c.permalink(&url)),
    });
    let is_home =
        matches!(job, Job::Home) || matches!(job, Job::Page(i) if site.pages[*i].url == "/");
    let mut graph = match job {
        _ if is_home => vec![Node::WebSite(WebSite {
            kind: "WebSite",
            id: format!("{}/", c.base_url),
            url: format!("{}/", c.base_url),
            name: c.title.clone(),
            description: c.description.clone(),
            in_language: c.language.clone(),
            publisher: clinic_id(c),
        })],
        Job::Page(i) => {
            let p = &site.pages[*i];
            match p.kind {
                Kind::Article => {
                    let (mut page, people) = article(site, p, people(site, p), share);
                    page.breadcrumb = crumb_id;
                    let mut g = vec![Node::WebPage(Box::new(page))];
                    g.extend(people);
                    g
                }
                Kind::Faq => {
                    let who = people(site, p);
                    let mut faq = faq_page(site, p, crumb_id, &who);
                    faq.author = who.author;
                    let mut g = vec![Node::FaqPage(Box::new(faq))];
                    g.extend(who.nodes);
                    g
                }
                Kind::Person => {
                    let mut page = web_page(c, "ProfilePage", &p.url, &p.title, &p.description);
                    page.breadcrumb = crumb_id;
                    page.main_entity = Some(MainEntity::Ref(person_id(c, p)));
                    vec![Node::WebPage(Box::new(page)), person(c, p)]
                }
                Kind::Section => {
                    let mut page = web_page(c, "CollectionPage", &p.url, &p.title, &p.description);
                    page.breadcrumb = crumb_id;
                    vec![Node::WebPage(Box::new(page))]
                }
            }
        }
        _ => {
            let mut page = web_page(c, "CollectionPage", &url, title, "");
            page.breadcrumb = crumb_id;
            vec![Node::WebPage(Box::new(page))]
        }
    };
    graph.push(clinic(c, is_home));
    graph.extend(crumbs);
    let doc = Document {
        context: "https://schema.org",
        graph,
    };
    // Through a Value, whose maps sort their keys: stable output.
    script_safe_json(&serde_json::to_value(doc).unwrap_or_default())
}
