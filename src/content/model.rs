//! What a page is once read: its kind, metadata (each key with where it was
//! written), references, questions, terms, review status, and the assets
//! beside it.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    Article,
    Section,
    Faq,
    /// A clinician's profile, from `content/people/<id>.yaml`.
    Person,
}

/// One source a page cites (`references:`), numbered in the order written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    pub number: usize,
    /// What the text cites it by (`[@nice-ng59]`), if anything.
    pub key: Option<String>,
    /// The id of its entry in the page's reference list.
    pub id: String,
    /// Normalised to `10.prefix/suffix`.
    pub doi: Option<String>,
    pub pmid: Option<String>,
    pub url: Option<String>,
    pub text: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub year: Option<String>,
    pub journal: Option<String>,
    pub publisher: Option<String>,
    /// Line of its item in the file.
    pub line: usize,
}

impl Reference {
    fn doi_url(&self) -> Option<String> {
        self.doi.as_ref().map(|d| format!("https://doi.org/{d}"))
    }

    fn pubmed_url(&self) -> Option<String> {
        self.pmid
            .as_ref()
            .map(|p| format!("https://pubmed.ncbi.nlm.nih.gov/{p}/"))
    }

    /// Where a reader can find it: the web address given, else the DOI's,
    /// else PubMed's.
    pub fn link(&self) -> Option<String> {
        self.url
            .clone()
            .or_else(|| self.doi_url())
            .or_else(|| self.pubmed_url())
    }

    /// Every address `lumbar check --external` should reach.
    pub fn addresses(&self) -> Vec<String> {
        [self.url.clone(), self.doi_url(), self.pubmed_url()]
            .into_iter()
            .flatten()
            .collect()
    }
}

/// A file a page names in its front matter (`image:`, a person's `photo:`):
/// as written, and the URL it is published at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Asset {
    pub written: String,
    pub url: String,
}

impl Asset {
    /// As written, before it is looked up (its URL is the text until then).
    pub fn written(written: String) -> Asset {
        Asset {
            url: written.clone(),
            written,
        }
    }
}

/// What a person file says beyond name and bio.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Profile {
    /// "Physiotherapist".
    pub role: String,
    /// Qualifications: "MSc Sports Physiotherapy".
    pub credentials: Vec<String>,
    /// Statutory registration a patient can look up: "HCPC PH123456".
    pub registration: Option<String>,
    /// The register's page for it.
    pub registration_url: Option<String>,
    pub photo: Option<Asset>,
}

/// Where a page stands in its review cycle on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Overdue,
    /// Due within [`DUE_SOON_DAYS`].
    DueSoon,
    NeverReviewed,
    Ok,
}

impl ReviewStatus {
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Ok => "ok",
            ReviewStatus::DueSoon => "due soon",
            ReviewStatus::Overdue => "overdue",
            ReviewStatus::NeverReviewed => "never reviewed",
        }
    }
}

/// A page's term of a taxonomy (a tag, a body region): as written, and the
/// URL part of its term page, worked out once (see [`crate::text::tag_slug`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TagRef {
    pub name: String,
    pub slug: String,
}

/// One FAQ question, rendered.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Question {
    pub question: String,
    pub id: String,
    pub answer: Rendered,
    /// Line of the question, and of the answer's first line of text.
    pub line: usize,
    pub answer_line: usize,
}

/// What a content file says about its page: kind, place, URL and front
/// matter, with where the keys that errors point at are written.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PageMeta {
    pub kind: Kind,
    /// Path below `content/`, with `/` separators: `back-pain/core.md`.
    /// A translation has its source's (`core.md` for `core.es.md`), so
    /// it keeps the source's URL and `@/` links find it.
    pub rel: String,
    /// The file as the user would name it in an error: `content/back-pain/core.md`.
    pub path: PathBuf,
    /// Written in the default language and listed in another's pages, as
    /// that language has no translation of it; linked, never rendered there.
    pub fallback: bool,
    pub url: String,
    pub title: String,
    pub description: String,
    pub date: Option<NaiveDate>,
    pub updated: Option<NaiveDate>,
    pub reviewed: Option<NaiveDate>,
    /// Left out of builds after this day.
    pub expires: Option<NaiveDate>,
    /// Shown although its date has not come (`--future`, or the preview).
    pub scheduled: bool,
    /// A person's id (`content/people/<id>.yaml`) or, on a site without
    /// one for them, a name as written.
    pub author: Option<String>,
    /// The id of the clinician who reviewed the page.
    pub reviewed_by: Option<String>,
    /// Review due on this day, whatever the interval says.
    pub next_review: Option<NaiveDate>,
    /// This page's review interval, instead of the site's.
    pub review_interval_months: Option<u32>,
    pub references: Vec<Reference>,
    /// Boxed, as are `template` and `faq`: few pages set them, and a build
    /// holds every page (168 bytes a page inline, 16 MiB at 100,000 pages).
    pub image: Option<Box<Asset>>,
    /// What `image` shows, for those who cannot see it; empty when it is
    /// decoration.
    pub image_alt: String,
    /// Set for [`Kind::Person`] pages.
    pub person: Option<Box<Profile>>,
    /// Its terms of each taxonomy, in site.toml's order.
    pub terms: Vec<Vec<TagRef>>,
    pub draft: bool,
    pub weight: Option<i64>,
    /// A section's own page size for its list (instead of the site's).
    pub paginate_by: Option<usize>,
    pub template: Option<Box<(String, Location)>>,
    pub faq: Option<Box<(String, Location)>>,
    /// Old addresses that redirect here (`aliases:`), each with where it
    /// is written.
    pub aliases: Vec<(String, Location)>,
    /// A FAQ file's `collapsed: true`: answers folded under their questions
    /// (for long FAQs) instead of shown open.
    pub collapsed: bool,
    /// Stored as JSON text by the build cache, whose binary format cannot
    /// hold a value of any shape.
    #[serde(with = "crate::model::json_text")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// First line of the Markdown body in the file.
    pub body_line: usize,
    /// Line and column of each top-level key as written.
    pub keys: yaml::KeyPositions,
}

/// A page of any kind with its Markdown rendered: what its file says
/// ([`PageMeta`], reachable directly, as `page.title`) and what rendering
/// made of it. Built in one piece once rendering is done.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Page {
    pub meta: PageMeta,
    pub body: Rendered,
    pub questions: Vec<Question>,
    pub words: usize,
    pub reading_minutes: usize,
}

impl std::ops::Deref for Page {
    type Target = PageMeta;
    fn deref(&self) -> &PageMeta {
        &self.meta
    }
}

impl PageMeta {
    /// Where `key:` is written in the file, or its start if it is not.
    pub fn at(&self, key: &str) -> Location {
        yaml::key_location(&self.path, &self.keys, key, 1)
    }

    /// Its terms of every taxonomy.
    pub fn all_terms(&self) -> impl Iterator<Item = &TagRef> {
        self.terms.iter().flatten()
    }

    /// The date shown and sorted on: last update, else publication.
    pub fn modified(&self) -> Option<NaiveDate> {
        self.updated.or(self.date)
    }

    /// The directory below `content/` that holds this page (`""` for the root).
    pub fn dir(&self) -> &str {
        self.rel.rsplit_once('/').map_or("", |(d, _)| d)
    }

    /// A person page's id: its file name without the extension.
    pub fn person_id(&self) -> Option<&str> {
        (self.kind == Kind::Person).then(|| {
            let name = self.rel.rsplit('/').next().unwrap_or(&self.rel);
            name.rsplit_once('.').map_or(name, |(s, _)| s)
        })
    }

    /// Whether the page is in the review cycle: articles and FAQ pages.
    pub fn is_reviewable(&self) -> bool {
        matches!(self.kind, Kind::Article | Kind::Faq)
    }

    /// When the next clinical review is due: `next_review:`, else the last
    /// review plus the page's interval (or the site's, `default_months`).
    pub fn review_due(&self, default_months: u32) -> Option<NaiveDate> {
        self.next_review.or_else(|| {
            let months = self.review_interval_months.unwrap_or(default_months);
            self.reviewed.map(|d| {
                d.checked_add_months(chrono::Months::new(months))
                    .unwrap_or(d)
            })
        })
    }

    /// Where the page stands in its review cycle on `today`.
    pub fn review_status(&self, default_months: u32, today: NaiveDate) -> ReviewStatus {
        // No due date means neither `reviewed:` nor `next_review:` is set.
        match self.review_due(default_months) {
            None => ReviewStatus::NeverReviewed,
            Some(due) if due < today => ReviewStatus::Overdue,
            Some(due) if (due - today).num_days() <= DUE_SOON_DAYS => ReviewStatus::DueSoon,
            Some(_) => ReviewStatus::Ok,
        }
    }
}
