//! Care cards and callouts: blockquotes that start `[!EMERGENCY]`,
//! `[!URGENT]` or `[!NONURGENT]` (the NHS care-card tiers), or GitHub's
//! `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`, become
//! distinct blocks with a visible label, so the advice on when to get help
//! never looks like an ordinary quote. Their words come from the theme's
//! strings and their numbers from site.toml's `[care]`.

use crate::config::Care;
use crate::error::{Error, Location, Result};
use crate::text::{escape_html, single_spaced};
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;

/// The label and default title of each kind of card.
#[derive(Debug, Clone)]
pub struct Callouts {
    kinds: BTreeMap<&'static str, (String, String)>,
}

/// Card kinds as written after `[!`, with the class they get.
const CARE: [&str; 3] = ["emergency", "urgent", "nonurgent"];
const NOTES: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

impl Callouts {
    /// From the theme's strings (`care_*`, `callout_*`) and the numbers in `[care]`.
    pub fn new(strings: &BTreeMap<String, String>, care: &Care) -> Callouts {
        let s = |k: &str| strings.get(k).cloned().unwrap_or_else(|| k.to_string());
        let mut kinds = BTreeMap::new();
        for (kind, number) in [
            ("emergency", care.emergency.as_str()),
            ("urgent", care.urgent.as_str()),
            ("nonurgent", ""),
        ] {
            let title = match (
                number.trim(),
                strings.get(&format!("care_{kind}_title_no_number")),
            ) {
                ("", Some(t)) => t.clone(),
                (n, _) => s(&format!("care_{kind}_title")).replace("{number}", n),
            };
            kinds.insert(kind, (s(&format!("care_{kind}")), title));
        }
        for kind in NOTES {
            kinds.insert(kind, (s(&format!("callout_{kind}")), String::new()));
        }
        Callouts { kinds }
    }

    /// With the built-in theme's English words and no numbers.
    pub fn builtin() -> Callouts {
        let text = crate::theme::files("i18n")
            .find(|(n, _)| *n == "en.toml")
            .map_or("", |(_, t)| t);
        let strings: BTreeMap<String, String> = toml::from_str(text).unwrap_or_default();
        Callouts::new(&strings, &Care::default())
    }
}

fn gfm_kind(k: BlockQuoteKind) -> &'static str {
    match k {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// The events that open a card: its element, then its label and title as
/// text (so they are in the page's plain text, and escaped as text is).
fn open_events(c: &Callouts, kind: &str, title: Option<&str>) -> Vec<Event<'static>> {
    let (label, default_title) = &c.kinds[kind];
    let html = |s: String| Event::Html(CowStr::from(s));
    let text = |s: &str| Event::Text(CowStr::from(s.to_string()));
    if CARE.contains(&kind) {
        vec![
            html(format!(
                "<aside class=\"care-card care-card-{kind}\" aria-label=\"{}\">\n<p class=\"care-card-title\"><span class=\"care-card-tier\">",
                escape_html(label)
            )),
            text(label),
            html("</span>".into()),
            text(" "),
            html("<strong>".into()),
            text(title.unwrap_or(default_title)),
            html("</strong></p>\n".into()),
        ]
    } else {
        vec![
            html(format!(
                "<div class=\"callout callout-{kind}\" role=\"note\">\n<p class=\"callout-title\">"
            )),
            text(title.unwrap_or(label)),
            html("</p>\n".into()),
        ]
    }
}

/// `[!WORD] rest` at the start of a blockquote's first line: (word, rest).
fn marker(line: &str) -> Option<(String, &str)> {
    let rest = line.trim_start().strip_prefix("[!")?;
    let end = rest.find(']')?;
    let word = &rest[..end];
    (!word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic() || c == '-')).then(|| {
        (
            word.to_ascii_lowercase().replace('-', ""),
            rest[end + 1..].trim(),
        )
    })
}

/// A care card as search shows it: a patient typing a symptom should find
/// the card that says where to go, not just the article around it.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CareCard {
    /// The tier as the theme words it ("Emergency").
    pub label: String,
    pub title: String,
    /// Its words, without the title.
    pub text: String,
    /// The id of the heading it sits under, to link to.
    pub section: Option<String>,
    /// Emergency or urgent: where red-flag symptoms belong.
    pub urgent: bool,
    /// Where its words are in the page's plain text.
    pub span: Range<usize>,
}

/// A care card as [`apply`] placed it: what it says, and the events its
/// words are (its first word to its end); their text is known only once
/// the page is written.
#[derive(Debug, Clone)]
pub struct Placed {
    pub label: String,
    pub title: String,
    pub section: Option<String>,
    pub urgent: bool,
    pub events: Range<usize>,
}

impl Placed {
    /// The card, given the page's plain text and where its words are in it.
    pub fn card(self, text: &str, span: Range<usize>) -> CareCard {
        CareCard {
            label: self.label,
            title: self.title,
            text: single_spaced(&text[span.clone()]),
            section: self.section,
            urgent: self.urgent,
            span,
        }
    }
}

/// A page's events with its cards in place.
pub struct Applied<'a> {
    pub events: Vec<Event<'a>>,
    pub cards: Vec<Placed>,
}

/// Rewrites the blockquotes of a rendered event stream into cards, and
/// gives the care cards with the events each became. An unknown `[!WORD]`
/// is an error at its place in `src`.
pub fn apply<'a>(
    events: Vec<Event<'a>>,
    callouts: &Callouts,
    src: &str,
    locate: &dyn Fn(usize) -> Location,
) -> Result<Applied<'a>> {
    let mut out = Vec::with_capacity(events.len());
    // For each open blockquote: the HTML that closes it, if it became a card.
    let mut open: Vec<Option<&'static str>> = Vec::new();
    let mut cards: Vec<Placed> = Vec::new();
    // How deep inside a care card the walk is (0: outside), and the heading above.
    let mut in_card = 0usize;
    let mut section: Option<String> = None;
    let mut i = 0;
    while i < events.len() {
        if in_card > 0 && matches!(events[i], Event::Start(Tag::BlockQuote(_))) {
            in_card += 1;
        }
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = &events[i] {
            section = Some(id.to_string());
        }
        match &events[i] {
            Event::Start(Tag::BlockQuote(Some(k))) => {
                out.extend(open_events(callouts, gfm_kind(*k), None));
                open.push(Some("</div>\n"));
                i += 1;
            }
            Event::Start(Tag::BlockQuote(None)) => {
                // The first line of the first paragraph, which may come in pieces.
                let mut line = String::new();
                let mut j = i + 1;
                if matches!(events.get(j), Some(Event::Start(Tag::Paragraph))) {
                    j += 1;
                    while let Some(Event::Text(t)) = events.get(j) {
                        line.push_str(t);
                        j += 1;
                    }
                }
                match marker(&line) {
                    Some((word, rest)) => {
                        if !CARE.contains(&word.as_str()) && !NOTES.contains(&word.as_str()) {
                            let at = src
                                .find(&line[..line.find(']').map_or(line.len(), |e| e + 1)])
                                .unwrap_or(0);
                            return Err(Error::content(
                                locate(at),
                                format!(
                                    "unknown card [!{}]: use EMERGENCY, URGENT or NONURGENT for care cards, or NOTE, TIP, IMPORTANT, WARNING, CAUTION",
                                    word.to_uppercase()
                                ),
                            ));
                        }
                        let kind: &'static str = CARE
                            .iter()
                            .chain(NOTES.iter())
                            .find(|k| **k == word)
                            .expect("checked above");
                        let title = (!rest.is_empty()).then_some(rest);
                        out.extend(open_events(callouts, kind, title));
                        // The card's words start after its label and title.
                        let start = out.len();
                        let care = CARE.contains(&kind);
                        open.push(Some(if care { "</aside>\n" } else { "</div>\n" }));
                        if care {
                            let (label, default_title) = &callouts.kinds[kind];
                            cards.push(Placed {
                                label: label.clone(),
                                title: title.unwrap_or(default_title).to_string(),
                                section: section.clone(),
                                urgent: kind != "nonurgent",
                                events: start..start,
                            });
                            in_card = 1;
                        }
                        // Drop the marker line; keep the paragraph if more follows.
                        match events.get(j) {
                            Some(Event::SoftBreak | Event::HardBreak) => {
                                out.push(Event::Start(Tag::Paragraph));
                                i = j + 1;
                            }
                            Some(Event::End(TagEnd::Paragraph)) => i = j + 1,
                            _ => {
                                out.push(Event::Start(Tag::Paragraph));
                                i = j;
                            }
                        }
                    }
                    None => {
                        out.push(events[i].clone());
                        open.push(None);
                        i += 1;
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                match open.pop().flatten() {
                    Some(close) => out.push(Event::Html(CowStr::from(close))),
                    None => out.push(events[i].clone()),
                }
                if in_card == 1 {
                    cards.last_mut().expect("a card is open").events.end = out.len();
                }
                in_card = in_card.saturating_sub(1);
                i += 1;
            }
            e => {
                out.push(e.clone());
                i += 1;
            }
        }
    }
    Ok(Applied { events: out, cards })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_read_whatever_their_case() {
        assert_eq!(
            marker("[!URGENT] Call today"),
            Some(("urgent".into(), "Call today"))
        );
        assert_eq!(marker("[!non-urgent]"), Some(("nonurgent".into(), "")));
        assert_eq!(marker("[!] x"), None);
        assert_eq!(marker("[see this]"), None);
    }

    #[test]
    fn titles_take_the_numbers_or_do_without() {
        let c = Callouts::builtin();
        assert_eq!(c.kinds["emergency"].1, "Get emergency help now if:");
        let strings: BTreeMap<String, String> = toml::from_str(
            crate::theme::files("i18n")
                .find(|(n, _)| *n == "en.toml")
                .unwrap()
                .1,
        )
        .unwrap();
        let care = Care {
            emergency: "999".into(),
            urgent: "111".into(),
            red_flags: None,
        };
        let c = Callouts::new(&strings, &care);
        assert_eq!(c.kinds["emergency"].1, "Call 999 or go to A&E now if:");
        assert!(c.kinds["urgent"].1.starts_with("Call 111"));
    }
}
