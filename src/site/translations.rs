//! What each language's pages know of the others: the languages, where each
//! page is published in each language that has it, and which outputs each
//! language has of its own. One value is shared by every language's site.

use super::Site;
use crate::config::Language;
use crate::jobs::{job_url, Job};
use crate::render::output_path;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct Translations {
    /// The default language first.
    pub languages: Vec<Language>,
    /// Each page (by `rel`) in each language with a page of its own:
    /// language index and site-wide URL (`/es/training/core/`).
    pub pages: HashMap<String, Vec<(usize, String)>>,
    /// Each language's outputs, as output paths in its own terms.
    pub outputs: Vec<Arc<HashSet<String>>>,
    /// Other languages' old addresses and where they lead, site-wide, for
    /// the one `_redirects` file at the root.
    pub redirects: Vec<(String, String)>,
}

/// The same page in another language: what `hreflang` links and the
/// language switcher show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternate {
    pub language: usize,
    /// Site-wide (`/es/training/core/`).
    pub url: String,
}

impl Translations {
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// Whether another language has old addresses to redirect.
    pub fn has_aliases(&self) -> bool {
        !self.redirects.is_empty()
    }

    /// Job `job` of `site` in every language that has it, `site`'s own
    /// language included; empty on a one-language site. A page is matched
    /// by its source file; a generated page (topics, FAQ index, search) by
    /// its address, when that language writes one there.
    pub fn alternates(&self, site: &Site, job: &Job) -> Vec<Alternate> {
        if !self.is_multilingual() {
            return Vec::new();
        }
        let base = match job {
            Job::Paged(base, _) => base.as_ref(),
            j => j,
        };
        if let Job::Page(i) = base {
            if let Some(list) = self.pages.get(&site.pages[*i].rel) {
                let mut out: Vec<Alternate> = list
                    .iter()
                    .map(|(language, url)| Alternate {
                        language: *language,
                        url: url.clone(),
                    })
                    .collect();
                // Page 2 of a list is page 2 in each language that splits it so.
                if let Job::Paged(_, n) = job {
                    let suffix = format!("page/{n}/");
                    out.retain_mut(|a| {
                        a.url.push_str(&suffix);
                        self.outputs[a.language].contains(&output_path(
                            a.url
                                .strip_prefix(&self.languages[a.language].prefix)
                                .unwrap_or(&a.url),
                        ))
                    });
                }
                return out;
            }
        }
        let url = job_url(site, job);
        let path = output_path(&url);
        self.languages
            .iter()
            .enumerate()
            .filter(|(l, _)| self.outputs.get(*l).is_some_and(|o| o.contains(&path)))
            .map(|(l, lang)| Alternate {
                language: l,
                url: format!("{}{url}", lang.prefix),
            })
            .collect()
    }
}
