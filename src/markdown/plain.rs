//! A page's plain text, taken from its Markdown events rather than by
//! re-reading the finished HTML: what search indexes and shows in snippets,
//! what JSON-LD quotes and what readability grades.
//!
//! Blocks (paragraphs, list items, headings, table cells, quotes) end in a
//! line break, so list items do not run into each other and readability can
//! count sentences per block. Markup lumbar adds (heading links, citation
//! markers, pictures, the elements around a card's label and title) comes
//! as bare `Html` events and is left out; the author's raw HTML comes
//! inside an HTML block or as `InlineHtml`, and its visible text is kept,
//! without `<script>` and `<style>` bodies.
//!
//! The text is not kept beside the HTML: most of it *is* in the HTML, as
//! escaped text, so what is kept is a short program of where (byte ranges
//! of the HTML) and how (spaces, line breaks) — about a byte or four per
//! piece of text instead of a second copy of every page.

use lol_html::html_content::TextType;
use lol_html::{doc_text, rewrite_str, RewriteStrSettings};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

/// How to read a page's plain text back out of its HTML.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlainText {
    /// Operations: [`BREAK`], [`SPACE`], [`HTML`] with the distance from the
    /// previous range's end and the length (LEB128), or [`OWN`] with an
    /// index into `own`.
    ops: Vec<u8>,
    /// Text that is not in the HTML as escaped text (raw HTML's words).
    own: Vec<Box<str>>,
}

const BREAK: u8 = 0;
const SPACE: u8 = 1;
const HTML: u8 = 2;
const OWN: u8 = 3;

impl PlainText {
    /// The text, given the HTML it was rendered with.
    pub fn text(&self, html: &str) -> String {
        let mut text = String::with_capacity(html.len() / 2);
        let mut ops = self.ops.iter().copied();
        let read = |ops: &mut std::iter::Copied<std::slice::Iter<u8>>| {
            let (mut n, mut shift) = (0usize, 0);
            for b in ops.by_ref() {
                n |= usize::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            n
        };
        let mut at = 0;
        while let Some(op) = ops.next() {
            match op {
                BREAK => end_block(&mut text),
                SPACE => space(&mut text),
                HTML => {
                    let start = at + read(&mut ops);
                    at = start + read(&mut ops);
                    // Only ranges that decode to the original were recorded.
                    let piece = html.get(start..at).unwrap_or_default();
                    push(&mut text, &decode_entities(piece));
                }
                _ => {
                    let i = read(&mut ops);
                    push(&mut text, self.own.get(i).map_or("", |t| t));
                }
            }
        }
        text.truncate(text.trim_end().len());
        text
    }
}

pub(super) struct Captured {
    pub plain: PlainText,
    /// The text itself, for what is counted while rendering (words, cards).
    pub text: String,
    /// For each range of events asked about (the care cards), the range of
    /// `text` its words are in.
    pub spans: Vec<Range<usize>>,
}

/// Writes `events` as HTML into `html` and captures their text on the way.
/// `regions` are event ranges whose text ranges are wanted (in order, not
/// overlapping); `raw_html` says the author's HTML was passed through
/// (otherwise it arrives as text already).
pub(super) fn render<'e>(
    events: Vec<Event<'e>>,
    regions: &[Range<usize>],
    raw_html: bool,
    html: &mut String,
) -> Captured {
    let out = Rc::new(RefCell::new(std::mem::take(html)));
    let mut walk = Walk {
        text: String::new(),
        plain: PlainText::default(),
        last_end: 0,
        pending: None,
        regions: regions.iter().cloned().collect(),
        open_at: None,
        spans: Vec::with_capacity(regions.len()),
        block_html: None,
        in_image: 0,
        hidden_inline: false,
        raw_html,
    };
    let tap = Tap {
        events: events.into_iter(),
        html: out.clone(),
        walk: &mut walk,
        i: 0,
    };
    pulldown_cmark::html::write_html_fmt(Shared(out.clone()), tap)
        .expect("writing to a String cannot fail");
    *html = out.take();
    let mut text = walk.text;
    text.truncate(text.trim_end().len());
    let mut plain = walk.plain;
    plain.ops.shrink_to_fit();
    plain.own.shrink_to_fit();
    Captured {
        plain,
        text,
        spans: walk.spans,
    }
}

/// The HTML being written, where the walk can read it between events.
struct Shared(Rc<RefCell<String>>);

impl std::fmt::Write for Shared {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.borrow_mut().push_str(s);
        Ok(())
    }
}

/// The events on their way to the HTML writer. The writer finishes one
/// event before asking for the next, so when event `i` is asked for,
/// everything before it is written: a text's HTML is what was written
/// between its turn and the next.
struct Tap<'w, 'e, I> {
    events: I,
    html: Rc<RefCell<String>>,
    walk: &'w mut Walk<'e>,
    i: usize,
}

impl<'e, I: Iterator<Item = Event<'e>>> Iterator for Tap<'_, 'e, I> {
    type Item = Event<'e>;

    fn next(&mut self) -> Option<Event<'e>> {
        let at = self.html.borrow().len();
        self.walk.settle(&self.html.borrow());
        self.walk.region_edges(self.i);
        let event = self.events.next();
        match &event {
            Some(e) => self.walk.event(e, at),
            None => self.walk.end_regions(),
        }
        self.i += 1;
        event
    }
}

/// A text event whose HTML is being written: its text, where its HTML
/// starts, and whether the text sits inside a tag pair (`<code>…</code>`).
struct Pending<'e> {
    text: CowStr<'e>,
    start: usize,
    wrapped: bool,
}

struct Walk<'e> {
    text: String,
    plain: PlainText,
    /// The end of the last recorded HTML range.
    last_end: usize,
    pending: Option<Pending<'e>>,
    /// The event ranges whose text ranges are still wanted.
    regions: std::collections::VecDeque<Range<usize>>,
    open_at: Option<usize>,
    spans: Vec<Range<usize>>,
    /// The author's block of raw HTML being gathered, if inside one.
    block_html: Option<String>,
    in_image: usize,
    /// Inside an inline `<script>` or `<style>`, whose body comes as text.
    hidden_inline: bool,
    raw_html: bool,
}

fn leb128(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

impl<'e> Walk<'e> {
    fn brk(&mut self) {
        self.plain.ops.push(BREAK);
        end_block(&mut self.text);
    }

    fn space(&mut self) {
        self.plain.ops.push(SPACE);
        space(&mut self.text);
    }

    fn own(&mut self, t: &str) {
        self.plain.ops.push(OWN);
        leb128(&mut self.plain.ops, self.plain.own.len());
        self.plain.own.push(t.into());
        push(&mut self.text, t);
    }

    /// Records the pending text now that its HTML is written (it ends
    /// where `html` does): as a range of the HTML when that decodes back
    /// to it, else as its own.
    fn settle(&mut self, html: &str) {
        let Some(p) = self.pending.take() else {
            return;
        };
        let mut range = p.start..html.len();
        if p.wrapped {
            // `<code>x</code>`, `<span class="math …">x</span>`: the text
            // is between the first `>` and the last `<` of what was written.
            let written = &html[range.clone()];
            if let (Some(open), Some(close)) = (written.find('>'), written.rfind('<')) {
                range = p.start + open + 1..p.start + close.max(open + 1);
            }
        }
        let decodes = html
            .get(range.clone())
            .is_some_and(|h| decode_entities(h) == *p.text);
        if !decodes || range.start < self.last_end {
            self.own(&p.text);
            return;
        }
        self.plain.ops.push(HTML);
        leb128(&mut self.plain.ops, range.start - self.last_end);
        leb128(&mut self.plain.ops, range.len());
        self.last_end = range.end;
        push(&mut self.text, &p.text);
    }

    fn region_edges(&mut self, i: usize) {
        if self.regions.front().is_some_and(|r| r.end == i) {
            let end = self.text.trim_end().len();
            self.spans.push(self.open_at.take().unwrap_or(end)..end);
            self.regions.pop_front();
        }
        if self.open_at.is_none() && self.regions.front().is_some_and(|r| r.start == i) {
            self.brk();
            self.open_at = Some(self.text.len());
        }
    }

    /// A region that runs past the events ends with them.
    fn end_regions(&mut self) {
        let end = self.text.trim_end().len();
        for _ in self.regions.drain(..) {
            self.spans.push(self.open_at.take().unwrap_or(end)..end);
        }
    }

    fn event(&mut self, event: &Event<'e>, at: usize) {
        match event {
            Event::Start(Tag::HtmlBlock) => {
                self.brk();
                self.block_html = Some(String::new());
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(html) = self.block_html.take() {
                    self.html_text(&html);
                }
                self.brk();
            }
            Event::Html(h) => {
                // Outside an HTML block, it is lumbar's own markup.
                if let Some(html) = self.block_html.as_mut() {
                    html.push_str(h);
                }
            }
            Event::InlineHtml(h) if self.raw_html => {
                let tag = h.trim_start().as_bytes();
                let is = |name: &[u8]| {
                    tag.len() > name.len()
                        && tag[..name.len()].eq_ignore_ascii_case(name)
                        && !tag[name.len()].is_ascii_alphanumeric()
                };
                if is(b"<script") || is(b"<style") {
                    self.hidden_inline = !(h.contains("</") || h.trim_end().ends_with("/>"));
                } else if is(b"</script") || is(b"</style") {
                    self.hidden_inline = false;
                } else {
                    self.html_text(h);
                }
            }
            // Escaped raw HTML is shown as written, so it is text.
            Event::InlineHtml(t) => self.own(t),
            Event::Start(Tag::Image { .. }) => self.in_image += 1,
            Event::End(TagEnd::Image) => self.in_image = self.in_image.saturating_sub(1),
            // An image's alt text is an attribute, not text on the page.
            Event::Text(_) | Event::Code(_) if self.in_image > 0 || self.hidden_inline => {}
            Event::Text(t) => {
                self.pending = Some(Pending {
                    text: t.clone(),
                    start: at,
                    wrapped: false,
                })
            }
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.pending = Some(Pending {
                    text: t.clone(),
                    start: at,
                    wrapped: true,
                })
            }
            Event::SoftBreak | Event::HardBreak => self.space(),
            Event::Start(tag) if !is_inline(&tag.to_end()) => self.brk(),
            Event::End(tag) if !is_inline(tag) => self.brk(),
            Event::Rule => self.brk(),
            _ => {}
        }
    }

    /// The visible text of an HTML fragment the author wrote: its text
    /// nodes with entities decoded, a space between one node and the next
    /// (so `<td>a</td><td>b</td>` gives two words), script and style
    /// bodies left out.
    fn html_text(&mut self, html: &str) {
        let mut raw = String::new();
        let kept = rewrite_str(
            html,
            RewriteStrSettings {
                document_content_handlers: vec![doc_text!(|t| {
                    if t.text_type() == TextType::Data {
                        raw.push_str(t.as_str());
                    }
                    if t.last_in_text_node() {
                        raw.push(' ');
                    }
                    Ok(())
                })],
                ..RewriteStrSettings::new()
            },
        );
        if kept.is_err() {
            return;
        }
        let words = crate::text::single_spaced(&decode_entities(&raw));
        if !words.is_empty() {
            self.space();
            self.own(&words);
        }
    }
}

fn is_inline(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// HTML entities decoded. Most text has none, and html_escape's scan for
/// one cost more than the rest of the plain text (1 % of a build): text
/// without an `&` is returned as it is.
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('&') {
        html_escape::decode_html_entities(s)
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Appends `t` without doubling a space or starting a line with one, and
/// without a space before punctuation that followed something left out
/// ("settles [1]." is "settles.", not "settles .").
fn push(text: &mut String, t: &str) {
    if text.ends_with(' ') && t.starts_with(['.', ',', ';', ':', '!', '?', ')']) {
        text.pop();
    }
    if text.is_empty() || text.ends_with([' ', '\n']) {
        text.push_str(t.trim_start_matches(' '));
    } else {
        text.push_str(t);
    }
}

fn space(text: &mut String) {
    if !text.is_empty() && !text.ends_with([' ', '\n']) {
        text.push(' ');
    }
}

/// Ends the current block: one line break, no trailing spaces.
fn end_block(text: &mut String) {
    text.truncate(text.trim_end_matches(' ').len());
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    /// The captured text, after checking that reading it back out of the
    /// HTML gives the same.
    fn captured(events: Vec<Event>, regions: &[Range<usize>], raw_html: bool) -> Captured {
        let mut html = String::new();
        let c = render(events, regions, raw_html, &mut html);
        assert_eq!(c.plain.text(&html), c.text, "read back from {html}");
        c
    }

    fn plain(md: &str) -> String {
        let events: Vec<Event> = Parser::new_ext(md, Options::ENABLE_TABLES).collect();
        captured(events, &[], true).text
    }

    #[test]
    fn blocks_end_in_line_breaks() {
        assert_eq!(
            plain("# Red flags\n\n- numbness around your bottom\n- new problems\n  controlling your bladder\n\nCall *now*."),
            "Red flags\nnumbness around your bottom\nnew problems controlling your bladder\nCall now."
        );
        assert_eq!(plain("- one\n  - two\n- three"), "one\ntwo\nthree");
        assert_eq!(plain("| a | b |\n|---|---|\n| c | d |"), "a\nb\nc\nd");
    }

    #[test]
    fn text_in_the_html_is_kept_as_ranges_of_it() {
        let events: Vec<Event> =
            Parser::new("A long paragraph of ordinary words, & one `code <b>` span.\n\n- item")
                .collect();
        let c = captured(events, &[], false);
        assert_eq!(
            c.text,
            "A long paragraph of ordinary words, & one code <b> span.\nitem"
        );
        assert!(c.plain.own.is_empty(), "{:?}", c.plain.own);
        assert!(c.plain.ops.len() < 20, "{:?}", c.plain.ops);
    }

    #[test]
    fn inline_markup_does_not_split_words() {
        assert_eq!(
            plain("## Load &amp; rest\n\nlisted in [when to get assessed](/x/).\nNext **b**old  \nline"),
            "Load & rest\nlisted in when to get assessed. Next bold line"
        );
        // Found by the markdown fuzz target: a 12-byte look-ahead cut "’" in half.
        assert_eq!(
            plain("<p>Tom &amp; Jerry’s &lt;@sc\u{9e}x</p>"),
            "Tom & Jerry’s <@sc\u{9e}x"
        );
    }

    #[test]
    fn raw_html_gives_its_visible_text_only() {
        assert_eq!(
            plain("<div class=\"x\"><p>Tom &amp; Jerry&rsquo;s</p><p>plan</p>\n<script>var a = \"<b>\";</script><style>p{}</style></div>\n\nAfter"),
            "Tom & Jerry’s plan\nAfter"
        );
        assert_eq!(
            plain("Before <script>alert(1)</script> <b>bold</b> kept"),
            "Before bold kept"
        );
        assert_eq!(plain("Before <style>\np{}\n</style> after"), "Before after");
    }

    #[test]
    fn lumbars_own_markup_and_alt_text_are_left_out() {
        let events = vec![
            Event::Start(Tag::Paragraph),
            Event::Text("settles ".into()),
            Event::Html(r##"<sup class="cite">[<a href="#r1">1</a>]</sup>"##.into()),
            Event::Text(".".into()),
            Event::End(TagEnd::Paragraph),
        ];
        assert_eq!(captured(events, &[], true).text, "settles.");
        assert_eq!(plain("![a chair](c.jpg) Sit"), "Sit");
    }

    #[test]
    fn regions_give_their_text_spans() {
        let events: Vec<Event> = Parser::new("Before\n\n> in the card\n> too\n\nAfter").collect();
        let quote = events
            .iter()
            .position(|e| matches!(e, Event::Start(Tag::BlockQuote(_))))
            .unwrap();
        let end = events
            .iter()
            .position(|e| matches!(e, Event::End(TagEnd::BlockQuote(_))))
            .unwrap();
        let card = quote..end + 1;
        let p = captured(events, std::slice::from_ref(&card), false);
        assert_eq!(p.text, "Before\nin the card too\nAfter");
        assert_eq!(&p.text[p.spans[0].clone()], "in the card too");
    }
}
