//! The schema.org node types lumbar writes, with the properties each may
//! have; builders in the parent module fill them in.

use super::*;

#[derive(Serialize)]
pub(super) struct Document {
    #[serde(rename = "@context")]
    pub(super) context: &'static str,
    #[serde(rename = "@graph")]
    pub(super) graph: Vec<Node>,
}

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum Node {
    WebPage(Box<WebPage>),
    FaqPage(Box<FaqPage>),
    WebSite(WebSite),
    Clinic(Box<Clinic>),
    Breadcrumbs(BreadcrumbList),
    Person(Box<Person>),
}

/// A reference to a node elsewhere in the graph.
#[derive(Serialize, Clone)]
pub(super) struct Id {
    #[serde(rename = "@id")]
    pub(super) id: String,
}

/// Any page: `MedicalWebPage` for articles, `CollectionPage` for lists,
/// `ProfilePage` for a clinician.
#[derive(Serialize)]
pub(super) struct WebPage {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) url: String,
    pub(super) name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(super) description: String,
    #[serde(rename = "inLanguage")]
    pub(super) in_language: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) audience: Option<Audience>,
    pub(super) publisher: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) breadcrumb: Option<Id>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    pub(super) date_published: Option<String>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    pub(super) date_modified: Option<String>,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    pub(super) last_reviewed: Option<String>,
    #[serde(rename = "reviewedBy", skip_serializing_if = "Option::is_none")]
    pub(super) reviewed_by: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) image: Option<String>,
    #[serde(rename = "mainEntity", skip_serializing_if = "Option::is_none")]
    pub(super) main_entity: Option<MainEntity>,
    #[serde(flatten)]
    pub(super) translated: Translated,
}

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum MainEntity {
    Article(Box<Article>),
    Ref(Id),
}

#[derive(Serialize)]
pub(super) struct Audience {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "audienceType")]
    pub(super) audience_type: &'static str,
}

#[derive(Serialize)]
pub(super) struct Article {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) headline: String,
    pub(super) description: String,
    #[serde(rename = "inLanguage")]
    pub(super) in_language: String,
    #[serde(rename = "wordCount")]
    pub(super) word_count: usize,
    pub(super) publisher: Id,
    pub(super) keywords: String,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    pub(super) date_published: Option<String>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    pub(super) date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) author: Option<Author>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) image: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) citation: Vec<Citation>,
}

/// An author with a profile is a node of the graph; one named only by a
/// string is a bare `Person`.
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum Author {
    Ref(Id),
    Name {
        #[serde(rename = "@type")]
        kind: &'static str,
        name: String,
    },
}

#[derive(Serialize)]
pub(super) struct Person {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) name: String,
    pub(super) url: String,
    #[serde(rename = "jobTitle", skip_serializing_if = "String::is_empty")]
    pub(super) job_title: String,
    #[serde(rename = "hasCredential", skip_serializing_if = "Vec::is_empty")]
    pub(super) has_credential: Vec<Credential>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) image: Option<String>,
    #[serde(rename = "worksFor")]
    pub(super) works_for: Id,
}

#[derive(Serialize)]
pub(super) struct Credential {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) name: String,
    #[serde(rename = "credentialCategory")]
    pub(super) category: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct Citation {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) url: Option<String>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    pub(super) date_published: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) identifier: Vec<PropertyValue>,
    #[serde(rename = "isPartOf", skip_serializing_if = "Option::is_none")]
    pub(super) is_part_of: Option<Named>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) publisher: Option<Named>,
}

#[derive(Serialize)]
pub(super) struct PropertyValue {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "propertyID")]
    pub(super) property: &'static str,
    pub(super) value: String,
}

#[derive(Serialize)]
pub(super) struct Named {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) name: String,
}

/// A page's place among its translations: the source it translates, or the
/// translations made of it (schema.org `translationOfWork`, `workTranslation`).
#[derive(Serialize, Default)]
pub(super) struct Translated {
    #[serde(rename = "translationOfWork", skip_serializing_if = "Option::is_none")]
    pub(super) translation_of_work: Option<Id>,
    #[serde(rename = "workTranslation", skip_serializing_if = "Vec::is_empty")]
    pub(super) work_translation: Vec<Id>,
}

#[derive(Serialize)]
pub(super) struct FaqPage {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) url: String,
    pub(super) name: String,
    #[serde(rename = "inLanguage")]
    pub(super) in_language: String,
    pub(super) publisher: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) breadcrumb: Option<Id>,
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    pub(super) date_modified: Option<String>,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    pub(super) last_reviewed: Option<String>,
    #[serde(rename = "reviewedBy", skip_serializing_if = "Option::is_none")]
    pub(super) reviewed_by: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) author: Option<Author>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) citation: Vec<Citation>,
    #[serde(rename = "mainEntity")]
    pub(super) main_entity: Vec<Question>,
    #[serde(flatten)]
    pub(super) translated: Translated,
}

#[derive(Serialize)]
pub(super) struct Question {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) name: String,
    pub(super) url: String,
    #[serde(rename = "acceptedAnswer")]
    pub(super) accepted_answer: Answer,
}

#[derive(Serialize)]
pub(super) struct Answer {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) text: String,
}

#[derive(Serialize)]
pub(super) struct WebSite {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) url: String,
    pub(super) name: String,
    pub(super) description: String,
    #[serde(rename = "inLanguage")]
    pub(super) in_language: String,
    pub(super) publisher: Id,
}

#[derive(Serialize)]
pub(super) struct Clinic {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    pub(super) name: String,
    pub(super) url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) address: Option<AddressValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) telephone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) email: Option<String>,
    #[serde(rename = "openingHours", skip_serializing_if = "Vec::is_empty")]
    pub(super) opening_hours: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) geo: Option<GeoCoordinates>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) logo: Option<String>,
    #[serde(rename = "potentialAction", skip_serializing_if = "Option::is_none")]
    pub(super) potential_action: Option<ReserveAction>,
}

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum AddressValue {
    Text(String),
    Postal(PostalAddress),
}

#[derive(Serialize)]
pub(super) struct PostalAddress {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "streetAddress", skip_serializing_if = "String::is_empty")]
    pub(super) street: String,
    #[serde(rename = "addressLocality", skip_serializing_if = "String::is_empty")]
    pub(super) locality: String,
    #[serde(rename = "addressRegion", skip_serializing_if = "String::is_empty")]
    pub(super) region: String,
    #[serde(rename = "postalCode", skip_serializing_if = "String::is_empty")]
    pub(super) postcode: String,
    #[serde(rename = "addressCountry", skip_serializing_if = "String::is_empty")]
    pub(super) country: String,
}

#[derive(Serialize)]
pub(super) struct GeoCoordinates {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) latitude: f64,
    pub(super) longitude: f64,
}

#[derive(Serialize)]
pub(super) struct ReserveAction {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) target: String,
}

#[derive(Serialize)]
pub(super) struct BreadcrumbList {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    #[serde(rename = "@id")]
    pub(super) id: String,
    #[serde(rename = "itemListElement")]
    pub(super) items: Vec<ListItem>,
}

#[derive(Serialize)]
pub(super) struct ListItem {
    #[serde(rename = "@type")]
    pub(super) kind: &'static str,
    pub(super) position: usize,
    pub(super) name: String,
    pub(super) item: String,
}
