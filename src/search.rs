//! The client-side search index: every article (with its headings, so a result
//! can deep-link to the matching section) and every FAQ question as its own
//! entry pointing at its anchor. The format is compact on purpose: an inverted
//! index with delta-encoded document numbers, not the document texts, so it
//! stays small on large sites.

use crate::content::Kind;
use crate::site::Site;
use crate::text::script_safe_json;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

pub const INDEX_URL: &str = "/search-index.json";

/// Field weights: a title hit counts more than a body hit.
const TITLE: u8 = 8;
const HEADING: u8 = 4;
const DESCRIPTION: u8 = 3;
const BODY: u8 = 1;

const STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "do", "for", "from", "has", "have", "i", "if", "in", "into",
    "is", "it", "its", "me", "my", "of", "on", "or", "so", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "to", "was", "we", "were", "what", "when", "which", "who", "will", "with", "you", "your",
];

/// Lowercased words of two or more characters, stop words removed. The theme's
/// script tokenises queries the same way.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(|w| w.to_lowercase())
        .filter(|w| !STOP.contains(&w.as_str()))
}

struct Builder {
    docs: Vec<Value>,
    terms: HashMap<String, Vec<(u32, u8)>>,
}

impl Builder {
    fn add_terms(&mut self, doc: u32, text: &str, weight: u8) {
        for t in tokens(text) {
            let list = self.terms.entry(t).or_default();
            match list.last_mut() {
                Some((d, w)) if *d == doc => *w = (*w).max(weight),
                _ => list.push((doc, weight)),
            }
        }
    }
}

pub fn index(site: &Site) -> Value {
    let mut b = Builder { docs: Vec::new(), terms: HashMap::new() };
    let mut order: Vec<usize> = site.articles.clone();
    order.extend(site.faqs.iter().copied());
    for i in order {
        let p = &site.pages[i];
        match p.kind {
            Kind::Article => {
                let doc = b.docs.len() as u32;
                let headings: Vec<Value> = p
                    .body
                    .headings
                    .iter()
                    .filter(|h| h.level <= 3)
                    .map(|h| json!([h.title, h.id]))
                    .collect();
                b.docs.push(json!([p.title, p.url, p.description, headings]));
                // Add in rising weight order so a word keeps its best field.
                b.add_terms(doc, &p.body.text, BODY);
                b.add_terms(doc, &p.description, DESCRIPTION);
                for h in &p.body.headings {
                    b.add_terms(doc, &h.title, HEADING);
                }
                b.add_terms(doc, &p.title, TITLE);
                for t in &p.tags {
                    b.add_terms(doc, t, HEADING);
                }
            }
            Kind::Faq => {
                for q in &p.questions {
                    let doc = b.docs.len() as u32;
                    b.docs.push(json!([q.question, format!("{}#{}", p.url, q.id), p.title, []]));
                    b.add_terms(doc, &q.answer.text, BODY);
                    b.add_terms(doc, &p.title, BODY);
                    b.add_terms(doc, &q.question, TITLE);
                }
            }
            Kind::Section => {}
        }
    }
    // Sorted terms let the client find prefixes with a binary search.
    let terms: BTreeMap<String, Vec<u32>> = b
        .terms
        .into_iter()
        .map(|(t, list)| {
            let mut flat = Vec::with_capacity(list.len() * 2);
            let mut prev = 0;
            for (d, w) in list {
                flat.push(d - prev);
                flat.push(w as u32);
                prev = d;
            }
            (t, flat)
        })
        .collect();
    let (keys, postings): (Vec<String>, Vec<Vec<u32>>) = terms.into_iter().unzip();
    json!({"v": 1, "docs": b.docs, "terms": keys, "postings": postings})
}

/// The index as served: JSON that is also safe to inline in `<script>`.
pub fn index_json(site: &Site) -> String {
    script_safe_json(&index(site))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenising_drops_stop_words_and_short_words() {
        let t: Vec<String> = tokens("Can I run with Sciatica? A 5-minute check").collect();
        assert_eq!(t, ["can", "run", "sciatica", "minute", "check"]);
    }
}
