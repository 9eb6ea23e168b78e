//! schema.org JSON-LD for each page, as typed structures: which properties a
//! node can have is written down once here, rather than assembled by
//! mutating JSON values. Serialised through `serde_json::Value`, whose maps
//! keep keys sorted, so the output is stable, and escaped so that content
//! cannot break out of the `<script>` it is placed in.

use crate::config::Config;
use crate::content::{Kind, Page};
use crate::jobs::{job_url, Job};
use crate::site::Site;
use crate::text::script_safe_json;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Serialize)]
struct Document {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node {
    MedicalWebPage(Box<MedicalWebPage>),
    FaqPage(FaqPage),
    CollectionPage(CollectionPage),
    WebSite(WebSite),
    Clinic(Clinic),
}

#[derive(Serialize)]
struct MedicalWebPage {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    url: String,
    name: String,
    description: String,
    #[serde(rename = "inLanguage")]
    in_language: String,
    audience: Audience,
    publisher: Clinic,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    #[serde(rename = "reviewedBy", skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<Person>,
    #[serde(rename = "mainEntity")]
    main_entity: Article,
}

#[derive(Serialize)]
struct Audience {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "audienceType")]
    audience_type: &'static str,
}

#[derive(Serialize)]
struct Article {
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: String,
    description: String,
    #[serde(rename = "inLanguage")]
    in_language: String,
    #[serde(rename = "wordCount")]
    word_count: usize,
    publisher: Clinic,
    keywords: String,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Person>,
}

#[derive(Serialize, Clone)]
struct Person {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
}

#[derive(Serialize)]
struct FaqPage {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(rename = "inLanguage", skip_serializing_if = "Option::is_none")]
    in_language: Option<String>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    #[serde(rename = "mainEntity")]
    main_entity: Vec<Question>,
}

#[derive(Serialize)]
struct Question {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    url: String,
    #[serde(rename = "acceptedAnswer")]
    accepted_answer: Answer,
}

#[derive(Serialize)]
struct Answer {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: String,
}

#[derive(Serialize)]
struct CollectionPage {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    url: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
}

#[derive(Serialize)]
struct WebSite {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    url: String,
    name: String,
    description: String,
    #[serde(rename = "inLanguage")]
    in_language: String,
}

#[derive(Serialize, Clone)]
struct Clinic {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: String,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    telephone: Option<String>,
    #[serde(rename = "potentialAction", skip_serializing_if = "Option::is_none")]
    potential_action: Option<ReserveAction>,
}

#[derive(Serialize, Clone)]
struct ReserveAction {
    #[serde(rename = "@type")]
    kind: &'static str,
    target: String,
}

fn day(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// The clinic as publisher of every page.
fn clinic(c: &Config) -> Clinic {
    let k = &c.clinic;
    Clinic {
        kind: "MedicalClinic",
        name: if k.name.is_empty() { &c.title } else { &k.name }.clone(),
        url: format!("{}/", c.base_url),
        address: non_empty(&k.address),
        telephone: non_empty(&k.phone),
        potential_action: None,
    }
}

/// A FAQ page's questions and answers; `url` is the page they appear on
/// (the FAQ's own page, or an article embedding it).
fn faq_page(c: &Config, p: &Page, url: &str) -> FaqPage {
    FaqPage {
        kind: "FAQPage",
        id: format!("{}#faq", c.permalink(url)),
        name: p.title.clone(),
        url: None,
        in_language: None,
        date_modified: None,
        last_reviewed: None,
        main_entity: p
            .questions
            .iter()
            .map(|q| Question {
                kind: "Question",
                name: q.question.clone(),
                url: format!("{}#{}", c.permalink(&p.url), q.id),
                accepted_answer: Answer {
                    kind: "Answer",
                    text: q.answer.text(),
                },
            })
            .collect(),
    }
}

fn article(site: &Site, i: usize) -> Vec<Node> {
    let c = &site.config;
    let p = &site.pages[i];
    let permalink = c.permalink(&p.url);
    let author = p.author.as_ref().map(|a| Person {
        kind: "Person",
        name: a.clone(),
    });
    let page = MedicalWebPage {
        kind: "MedicalWebPage",
        id: permalink.clone(),
        url: permalink,
        name: p.title.clone(),
        description: p.description.clone(),
        in_language: c.language.clone(),
        audience: Audience {
            kind: "PeopleAudience",
            audience_type: "Patient",
        },
        publisher: clinic(c),
        date_published: day(p.date),
        date_modified: day(p.modified()),
        last_reviewed: day(p.reviewed),
        // Only a named reviewer may be claimed; a reviewed date alone says
        // nothing about who reviewed (the author is not assumed).
        reviewed_by: None,
        main_entity: Article {
            kind: "Article",
            headline: p.title.clone(),
            description: p.description.clone(),
            in_language: c.language.clone(),
            word_count: p.words,
            publisher: clinic(c),
            keywords: p
                .tags
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            date_published: day(p.date),
            date_modified: day(p.modified()),
            author,
        },
    };
    // An embedded FAQ is marked up as FAQPage on its own page only: search
    // engines take one FAQPage per set of questions.
    vec![Node::MedicalWebPage(Box::new(page))]
}

fn home(c: &Config) -> Vec<Node> {
    let url = format!("{}/", c.base_url);
    let mut clinic = clinic(c);
    clinic.potential_action = non_empty(&c.clinic.booking_url).map(|target| ReserveAction {
        kind: "ReserveAction",
        target,
    });
    vec![
        Node::WebSite(WebSite {
            kind: "WebSite",
            id: url.clone(),
            url,
            name: c.title.clone(),
            description: c.description.clone(),
            in_language: c.language.clone(),
        }),
        Node::Clinic(clinic),
    ]
}

/// The JSON-LD of one output page, safe to place inside `<script>`;
/// `title` is the page's title as shown.
pub fn for_job(site: &Site, job: &Job, title: &str) -> String {
    let c = &site.config;
    let graph = match job {
        Job::Page(i) => {
            let p = &site.pages[*i];
            let permalink = c.permalink(&p.url);
            match p.kind {
                Kind::Article => article(site, *i),
                Kind::Faq => {
                    let mut faq = faq_page(c, p, &p.url);
                    faq.id = permalink.clone();
                    faq.url = Some(permalink);
                    faq.in_language = Some(c.language.clone());
                    faq.date_modified = day(p.modified());
                    faq.last_reviewed = day(p.reviewed);
                    vec![Node::FaqPage(faq)]
                }
                Kind::Section if p.url == "/" => home(c),
                Kind::Section => vec![Node::CollectionPage(CollectionPage {
                    kind: "CollectionPage",
                    id: Some(permalink.clone()),
                    url: permalink,
                    name: p.title.clone(),
                    description: Some(p.description.clone()),
                })],
            }
        }
        Job::Home => home(c),
        _ => vec![Node::CollectionPage(CollectionPage {
            kind: "CollectionPage",
            id: None,
            url: c.permalink(&job_url(site, job)),
            name: title.to_string(),
            description: None,
        })],
    };
    let doc = Document {
        context: "https://schema.org",
        graph,
    };
    // Through a Value, whose maps sort their keys: stable output.
    script_safe_json(&serde_json::to_value(doc).unwrap_or_default())
}
