//! Markdown to HTML with pulldown-cmark, plus what the rest of lumbar needs to
//! know about a document while it is being walked once: heading anchors and the
//! table of contents, plain text (search, readability), internal links (check)
//! and accessibility findings.

use crate::error::{Error, Location, Result};
use crate::text::{escape_html, slugify};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

mod cite;
mod links;
mod plain;

use cite::cite;
use links::{destination, is_script_url, photo};
pub use links::{is_external, is_internal};
pub use plain::PlainText;

/// A build holds every page's headings: boxed strings and a `u32` line made
/// one 40 bytes instead of 64, in a list without room to grow.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: Box<str>,
    pub title: Box<str>,
    pub line: u32,
}

/// A TOC entry: an h2 with the h3s below it (deeper levels are left out, as a
/// patient-facing contents list longer than that stops helping).
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A link found in the document, after `@/` content links were resolved (an
/// unresolved one keeps its `@/` form when links are not strict).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkRef {
    pub target: String,
    pub line: usize,
    /// An image's source rather than a link.
    pub image: bool,
    /// Why a file written beside the page was not found (`check` reports
    /// it; `build` fails on it).
    pub missing: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Lint {
    ImageWithoutAlt,
    EmptyLinkText,
    SkippedHeadingLevel { from: u8, to: u8 },
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Rendered {
    /// In memory, or on disk during a build (see [`crate::spill`]); the
    /// build cache keeps where, not what (see [`crate::model`]).
    #[serde(with = "crate::spill::stored")]
    pub html: crate::spill::Html,
    /// How to read the visible text out of `html`: see [`Rendered::text`].
    pub plain: PlainText,
    pub headings: Box<[Heading]>,
    pub words: usize,
    pub links: Vec<LinkRef>,
    pub lints: Vec<(usize, Lint)>,
    pub care_cards: Vec<crate::callouts::CareCard>,
}

impl Rendered {
    /// The visible text, each block (paragraph, item, heading, cell) on a
    /// line of its own; without heading links and citation markers.
    pub fn text(&self) -> String {
        self.plain.text(&self.html.get())
    }

    /// The text as running prose for someone else to show (a search
    /// engine's answer box): blocks joined by spaces.
    pub fn prose(&self) -> String {
        self.text().replace('\n', " ")
    }

    pub fn toc(&self) -> Vec<TocEntry> {
        let mut toc: Vec<TocEntry> = Vec::new();
        for h in &self.headings {
            let entry = TocEntry {
                level: h.level,
                id: h.id.to_string(),
                title: h.title.to_string(),
                children: Vec::new(),
            };
            match h.level {
                2 => toc.push(entry),
                3 => match toc.last_mut() {
                    Some(parent) => parent.children.push(entry),
                    None => toc.push(entry),
                },
                _ => {}
            }
        }
        toc
    }
}

pub struct RenderOptions<'a> {
    /// Raw HTML passes through when true and is shown as text when false.
    pub unsafe_html: bool,
    /// Maps a path below `content/` to its URL: a page's
    /// (`section/page.md`) or a file's (`section/chair.jpg`).
    pub resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// The page's folder below `content/` (`advice`, or `""`): relative
    /// image and file paths start there, as an author expects.
    pub dir: &'a str,
    /// An `@/` link to no content file is an error (build) rather than a
    /// finding to report later (check).
    pub strict_links: bool,
    /// What the theme decides about rendering Markdown.
    pub style: &'a PageStyle,
    /// The page's references by citation key (`[@key]`): number and the id
    /// of its entry in the reference list.
    pub citations: &'a HashMap<String, (usize, String)>,
    /// Photos beside the content become `<picture>`s of resized renditions;
    /// without, images stay as written.
    pub images: Option<&'a crate::images::Images>,
    /// The first image loads at once (it may be what the reader sees
    /// first); the rest, and all when the page has a hero image, lazily.
    pub eager_first_image: bool,
}

/// What the theme and site decide about rendering a page's Markdown: the
/// ids its templates write on every page (headings take others), and the
/// words and numbers of care cards and callouts.
#[derive(Debug, Clone)]
pub struct PageStyle {
    pub reserved_ids: HashSet<String>,
    pub callouts: crate::callouts::Callouts,
    /// The label of a heading's link, `{title}` standing for the heading
    /// (the theme's `section_link`).
    pub section_link: String,
    /// Where rendered bodies are kept: a build's [`Spill`](crate::spill::Spill),
    /// or memory (the dev server, `check`).
    pub spill: Option<std::sync::Arc<crate::spill::Spill>>,
}

/// The built-in theme's `section_link`.
const SECTION_LINK: &str = "Link to the section “{title}”";

impl Default for PageStyle {
    /// No reserved ids; the built-in theme's words.
    fn default() -> PageStyle {
        PageStyle {
            reserved_ids: HashSet::new(),
            callouts: crate::callouts::Callouts::builtin(),
            section_link: SECTION_LINK.to_string(),
            spill: None,
        }
    }
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A heading being walked: start offset, level, explicit id, classes,
/// attributes, and the text seen so far.
type OpenHeading<'a> = (
    usize,
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    String,
);

fn level_num(l: HeadingLevel) -> u8 {
    l as u8
}

/// Renders `src`, whose first line is line `first_line` of `path`.
pub fn render(src: &str, path: &Path, first_line: usize, opts: &RenderOptions) -> Result<Rendered> {
    let lines = crate::error::LineIndex::new(src);
    let locate = |offset: usize| {
        let (line, column) = lines.line_col(src, offset);
        Location::new(path, line + first_line - 1, column)
    };
    let mut out = Rendered::default();
    let mut headings = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    // State for the heading, link and image being walked, if any.
    let mut heading: Option<OpenHeading> = None;
    let mut heading_events: Vec<Event> = Vec::new();
    let mut link_start: Option<(usize, bool)> = None;
    let mut image: Option<(usize, String)> = None;
    // A photo being turned into a <picture>: its renditions and title; the
    // alt text is gathered in `image` and the events in between dropped.
    let mut picture: Option<(crate::images::Picture, String)> = None;
    let mut eager = opts.eager_first_image;
    let mut last_level = 1u8;

    for (event, range, ours) in cite(src, opts.citations, &locate)? {
        let event = match event {
            Event::Html(h) | Event::InlineHtml(h) if !opts.unsafe_html && !ours => Event::Text(h),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = locate(range.start).line();
                let (dest, _) = destination(&dest_url, opts, false, line, &mut out.links)
                    .map_err(|why| Error::content(locate(range.start), why))?;
                link_start = Some((line, false));
                let dest = if !opts.unsafe_html && is_script_url(&dest) {
                    CowStr::from("#")
                } else {
                    dest
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Link) => {
                if let Some((line, false)) = link_start.take() {
                    out.lints.push((line, Lint::EmptyLinkText));
                }
                Event::End(TagEnd::Link)
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let at = locate(range.start);
                let line = at.line();
                image = Some((line, String::new()));
                let (dest, file) = destination(&dest_url, opts, true, line, &mut out.links)
                    .map_err(|why| Error::content(at.clone(), why))?;
                match photo(&dest_url, &dest, file.as_deref(), opts, &at) {
                    Ok(Some(p)) => {
                        picture = Some((p, title.to_string()));
                        continue;
                    }
                    Ok(None) => {}
                    Err(why) if opts.strict_links => return Err(Error::content(at, why)),
                    Err(why) => {
                        if let Some(l) = out.links.last_mut() {
                            l.missing = Some(why);
                        }
                    }
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                let alt = image.take().map(|(line, alt)| {
                    if alt.trim().is_empty() {
                        out.lints.push((line, Lint::ImageWithoutAlt));
                    }
                    alt
                });
                if let Some(l) = link_start.as_mut() {
                    l.1 = true;
                }
                if let Some((p, title)) = picture.take() {
                    let sizes = opts.images.map_or("", |i| i.settings.sizes.as_str());
                    let html = crate::images::picture_html(
                        &p,
                        alt.as_deref().unwrap_or("").trim(),
                        Some(&title),
                        sizes,
                        !eager,
                    );
                    eager = false;
                    Event::Html(html.into())
                } else {
                    eager = false;
                    Event::End(TagEnd::Image)
                }
            }
            e => e,
        };

        match &event {
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = image.as_mut() {
                    alt.push_str(t);
                }
                if let Some(l) = link_start.as_mut() {
                    if !t.trim().is_empty() {
                        l.1 = true;
                    }
                }
                if let Some(h) = heading.as_mut() {
                    h.5.push_str(t);
                }
            }
            _ => {}
        }

        // A photo's alt text is in its <picture>, not beside it.
        if picture.is_some() {
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading = Some((range.start, level, id, classes, attrs, String::new()));
                heading_events.clear();
            }
            Event::End(TagEnd::Heading(level)) => {
                let Some((start, _, explicit, classes, attrs, title)) = heading.take() else {
                    continue;
                };
                let title = title.trim().to_string();
                let base = match explicit {
                    Some(id) => id.to_string(),
                    None => {
                        let s = slugify(&title);
                        if s.is_empty() {
                            "section".to_string()
                        } else {
                            s
                        }
                    }
                };
                let id = unique_id(&mut used_ids, &opts.style.reserved_ids, base);
                let line = locate(start).line();
                let n = level_num(level);
                if n > last_level + 1 {
                    out.lints.push((
                        line,
                        Lint::SkippedHeadingLevel {
                            from: last_level,
                            to: n,
                        },
                    ));
                }
                last_level = n;
                // The link sits beside the heading, not in it: inside, its
                // label would become part of the heading's accessible name.
                let anchor = format!(
                    r##"<a class="anchor" href="#{0}" aria-label="{1}">#</a></div>
"##,
                    escape_html(&id),
                    escape_html(&opts.style.section_link.replace("{title}", &title))
                );
                headings.push(Heading {
                    level: n,
                    id: id.as_str().into(),
                    title: title.into(),
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                });
                events.push(Event::Html(r#"<div class="heading">"#.into()));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes,
                    attrs,
                }));
                events.append(&mut heading_events);
                events.push(Event::End(TagEnd::Heading(level)));
                events.push(Event::Html(anchor.into()));
            }
            e if heading.is_some() => heading_events.push(e),
            e => events.push(e),
        }
    }
    let crate::callouts::Applied { events, cards } =
        crate::callouts::apply(events, &opts.style.callouts, src, &locate)?;
    let card_events: Vec<_> = cards.iter().map(|c| c.events.clone()).collect();
    let mut html = String::with_capacity(src.len() * 3 / 2);
    let captured = plain::render(events, &card_events, opts.unsafe_html, &mut html);
    html.shrink_to_fit();
    // A build's style moves it out of memory at once (see [`crate::spill`]).
    out.html = crate::spill::Html::from(html).spill(opts.style.spill.as_ref())?;
    out.care_cards = cards
        .into_iter()
        .zip(captured.spans)
        .map(|(card, span)| card.card(&captured.text, span))
        .collect();
    out.words = crate::text::word_count(&captured.text);
    out.plain = captured.plain;
    out.headings = headings.into();
    Ok(out)
}

/// `base`, or `base-1`, `base-2`… : the first that is neither used on the
/// page yet nor reserved by its template.
pub fn unique_id(used: &mut HashSet<String>, reserved: &HashSet<String>, base: String) -> String {
    if !reserved.contains(&base) && used.insert(base.clone()) {
        return base;
    }
    let mut n = 1;
    loop {
        let candidate = format!("{base}-{n}");
        if !reserved.contains(&candidate) && used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error rendering `src` as lines from `first_line` of `a.md` gives.
    fn render_error(src: &str, first_line: usize) -> String {
        let resolve = |_: &str| None;
        let opts = RenderOptions {
            unsafe_html: true,
            resolve: &resolve,
            dir: "",
            strict_links: true,
            style: &PageStyle::default(),
            citations: &HashMap::new(),
            images: None,
            eager_first_image: true,
        };
        render(src, Path::new("a.md"), first_line, &opts)
            .unwrap_err()
            .to_string()
    }

    fn md(src: &str) -> Rendered {
        md_with(src, true)
    }

    fn md_with(src: &str, unsafe_html: bool) -> Rendered {
        let resolve = |p: &str| (p == "back/core.md").then(|| "/back/core/".to_string());
        let opts = RenderOptions {
            unsafe_html,
            resolve: &resolve,
            dir: "",
            strict_links: true,
            style: &PageStyle::default(),
            citations: &HashMap::new(),
            images: None,
            eager_first_image: true,
        };
        render(src, Path::new("a.md"), 1, &opts).unwrap()
    }

    /// Renders `src` where the page's references have the key `a`.
    fn with_citation_a(src: &str) -> Result<Rendered> {
        let resolve = |_: &str| None;
        let citations = [("a".to_string(), (1, "ref-a".to_string()))]
            .into_iter()
            .collect();
        let opts = RenderOptions {
            unsafe_html: false,
            resolve: &resolve,
            dir: "",
            strict_links: true,
            style: &PageStyle::default(),
            citations: &citations,
            images: None,
            eager_first_image: true,
        };
        render(src, Path::new("a.md"), 1, &opts)
    }

    #[test]
    fn citations_escaped_and_real_in_one_text() {
        // The same citation written twice, first escaped: only the second links.
        let r = with_citation_a("Write \\[@a] for [@a], see [@ mail].\n").unwrap();
        assert_eq!(
            r.html.get(),
            "<p>Write [@a] for <sup class=\"cite\">[<a href=\"#ref-a\">1</a>]</sup>, see [@ mail].</p>\n"
        );
        let e = with_citation_a("x\n\nSee [@b].\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.md:3:5: [@b] cites no reference of this page; ids: a"
        );
    }

    #[test]
    fn care_cards_and_callouts() {
        let r = md_with("Intro.\n\n> [!EMERGENCY]\n> - You cannot control your bladder\n> - Numbness around your bottom\n\n> [!urgent] See your GP today if:\n> pain wakes you at night\n\n> [!NOTE]\n> Just a note.\n\n> An ordinary quote.\n", true);
        let h = r.html.get();
        assert!(
            h.contains("<aside class=\"care-card care-card-emergency\" aria-label=\"Emergency\">"),
            "{h}"
        );
        assert!(h.contains("<span class=\"care-card-tier\">Emergency</span> <strong>Get emergency help now if:</strong>"), "{h}");
        assert!(
            h.contains("<li>You cannot control your bladder</li>") && h.contains("</aside>"),
            "{h}"
        );
        assert!(
            h.contains(
                "<strong>See your GP today if:</strong></p>\n<p>pain wakes you at night</p>"
            ),
            "{h}"
        );
        assert!(h.contains("<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Note</p>"), "{h}");
        assert!(
            h.contains("<blockquote>\n<p>An ordinary quote.</p>\n</blockquote>"),
            "{h}"
        );
        assert!(!h.contains("[!"), "{h}");
        // The card's words are text the search index and readability see.
        assert!(
            r.text()
                .contains("Emergency Get emergency help now if:\nYou cannot control"),
            "{}",
            r.text()
        );
        assert_eq!(
            r.care_cards[0].text,
            "You cannot control your bladder Numbness around your bottom"
        );
        assert!(r.care_cards.iter().all(|c| c.urgent));
        // A misspelt tier is an error where it is written.
        let err = render_error("ok\n\n> [!EMERGENCYY]\n> x\n", 10);
        assert!(
            err.starts_with("a.md:12:3: unknown card [!EMERGENCYY]"),
            "{err}"
        );
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let r =
            md("# Title\n\n## Why it hurts\n\n### Load\n\n## Why it hurts\n\n## Custom {#mine}\n");
        let ids: Vec<_> = r.headings.iter().map(|h| &*h.id).collect();
        assert_eq!(
            ids,
            ["title", "why-it-hurts", "load", "why-it-hurts-1", "mine"]
        );
        assert!(
            r.html.get().contains(
                r##"<div class="heading">
<h2 id="why-it-hurts">Why it hurts</h2>
<a class="anchor" href="#why-it-hurts""##
            ),
            "{}",
            r.html
        );
        let toc = r.toc();
        assert_eq!(toc.len(), 3);
        assert_eq!(toc[0].children[0].id, "load");
    }

    #[test]
    fn content_links_resolve_and_broken_ones_error_with_position() {
        let r = md("See [core](@/back/core.md#plank).");
        assert!(
            r.html.get().contains(r#"href="/back/core/#plank""#),
            "{}",
            r.html
        );
        assert_eq!(r.links[0].target, "/back/core/#plank");
        let err = render_error("ok\n\nsee [x](@/nope.md)", 5);
        assert!(err.starts_with("a.md:7:5:"), "{err}");
    }

    #[test]
    fn unsafe_html_off_escapes_raw_html() {
        let r = md_with("<script>alert(1)</script>\n\nhi <b>x</b>", false);
        assert!(
            !r.html.get().contains("<script>") && !r.html.get().contains("<b>"),
            "{}",
            r.html
        );
        assert!(r.html.get().contains("&lt;script&gt;"));
        let r = md_with(
            "[a](javascript:alert(1)) [b](<JaVa ScRiPt:x>) [d](vbscript:y) [c](https://ok.test/)",
            false,
        );
        assert!(
            !r.html.get().to_lowercase().contains("script:"),
            "{}",
            r.html
        );
        assert_eq!(
            r.html.get().matches(r##"href="#""##).count(),
            3,
            "{}",
            r.html
        );
        assert!(r.html.get().contains("https://ok.test/"));
    }

    /// Renders `src` as a page in `content/advice/`, beside `chair.jpg` and
    /// `forms/intake.pdf`, with `img/spine.png` at the top of content/.
    fn in_advice(src: &str) -> Result<Rendered> {
        let resolve = |p: &str| match p {
            "advice/chair.jpg" => Some("/advice/chair.jpg".to_string()),
            "advice/forms/intake.pdf" => Some("/advice/forms/intake.pdf".to_string()),
            "img/spine.png" => Some("/img/spine.png".to_string()),
            _ => None,
        };
        let opts = RenderOptions {
            unsafe_html: true,
            resolve: &resolve,
            dir: "advice",
            strict_links: true,
            style: &PageStyle::default(),
            citations: &HashMap::new(),
            images: None,
            eager_first_image: true,
        };
        render(src, Path::new("content/advice/sitting.md"), 1, &opts)
    }

    #[test]
    fn images_and_files_resolve_beside_the_page() {
        let r = in_advice("![Chair](chair.jpg) ![Spine](../img/spine.png) ![Spine](@/img/spine.png \"t\")\n\n[Form](forms/intake.pdf#page=2) [Core](../core/) [Mail](mailto:a@b.c) [Top](/x.pdf)").unwrap();
        for want in [
            r#"<img src="/advice/chair.jpg" alt="Chair" />"#,
            r#"<img src="/img/spine.png" alt="Spine" />"#,
            r#"<img src="/img/spine.png" alt="Spine" title="t" />"#,
            r##"<a href="/advice/forms/intake.pdf#page=2">Form</a>"##,
            r#"<a href="../core/">Core</a>"#,
            r#"<a href="mailto:a@b.c">Mail</a>"#,
            r#"<a href="/x.pdf">Top</a>"#,
        ] {
            assert!(r.html.get().contains(want), "{want} in {}", r.html);
        }
    }

    #[test]
    fn a_missing_image_or_file_is_an_error_at_its_position() {
        let e = in_advice("Text.\n\nSee ![Desk](desk.jpg).")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "content/advice/sitting.md:3:5: image desk.jpg not found: no file content/advice/desk.jpg");
        let e = in_advice("[Form](forms/old.pdf)").unwrap_err().to_string();
        assert_eq!(e, "content/advice/sitting.md:1:1: link to forms/old.pdf does not match any content file: no file content/advice/forms/old.pdf");
        let e = in_advice("![x](../../etc/passwd.png)")
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("leads outside content/"), "{e}");
    }

    #[test]
    fn prose_leaves_citation_markers_out() {
        let r = with_citation_a("Most pain settles [@a]. Keep moving.").unwrap();
        assert!(!r.text().contains("[1]"), "{}", r.text());
        assert_eq!(r.prose(), "Most pain settles. Keep moving.");
    }

    #[test]
    fn lints_and_text() {
        let r = md("## A\n\n#### B\n\n![](/x.png) [](/y/) [ok](/z/)\n\n- one\n- two");
        assert!(r
            .lints
            .contains(&(3, Lint::SkippedHeadingLevel { from: 2, to: 4 })));
        assert!(r.lints.contains(&(5, Lint::ImageWithoutAlt)));
        assert!(r.lints.contains(&(5, Lint::EmptyLinkText)));
        assert_eq!(r.lints.len(), 3);
        assert!(r.text().ends_with("ok\none\ntwo"), "{:?}", r.text());
        assert_eq!(r.words, 5);
    }
}
