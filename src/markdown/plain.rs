//! A page's plain text, taken from its Markdown events rather than by
//! re-reading the finished HTML: what search indexes and shows in snippets,
//! what JSON-LD quotes and what readability grades.
//!
//! Blocks (paragraphs, list items, headings, table cells, quotes) end in a
//! line break, so list items do not run into each other and readability can
//! count sentences per block. Markup lumbar adds (heading links, citation
//! markers, card titles, pictures) comes as bare `Html` events and is left
//! out; the author's raw HTML comes inside an HTML block or as `InlineHtml`,
//! and its visible text is kept, without `<script>` and `<style>` bodies.

use lol_html::html_content::TextType;
use lol_html::{doc_text, rewrite_str, RewriteStrSettings};
use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

pub(super) struct Plain {
    pub text: String,
    /// For each range of events asked about (the care cards), the range
    /// of `text` its words are in.
    pub spans: Vec<Range<usize>>,
}

/// The text of `events`. `regions` are event ranges whose text ranges are
/// wanted (in order, not overlapping); `raw_html` says the author's HTML
/// was passed through (otherwise it arrives as text already).
pub(super) fn plain_text(events: &[Event], regions: &[Range<usize>], raw_html: bool) -> Plain {
    let mut w = Walk {
        text: String::new(),
        block_html: None,
        in_image: 0,
        hidden_inline: false,
        raw_html,
    };
    let mut spans = Vec::with_capacity(regions.len());
    let mut region = regions.iter().peekable();
    let mut open_at: Option<usize> = None;
    for (i, event) in events.iter().enumerate() {
        if region.peek().is_some_and(|r| r.start == i) {
            end_block(&mut w.text);
            open_at = Some(w.text.len());
        }
        w.event(event);
        if region.peek().is_some_and(|r| r.end == i + 1) {
            let end = w.text.trim_end().len();
            spans.push(open_at.take().unwrap_or(end)..end);
            region.next();
        }
    }
    // A region that runs past the events ends with them.
    for _ in region {
        let end = w.text.trim_end().len();
        spans.push(open_at.take().unwrap_or(end)..end);
    }
    let mut text = w.text;
    text.truncate(text.trim_end().len());
    text.shrink_to_fit();
    Plain { text, spans }
}

struct Walk {
    text: String,
    /// The author's block of raw HTML being gathered, if inside one.
    block_html: Option<String>,
    in_image: usize,
    /// Inside an inline `<script>` or `<style>`, whose body comes as text.
    hidden_inline: bool,
    raw_html: bool,
}

impl Walk {
    fn event(&mut self, event: &Event) {
        let text = &mut self.text;
        match event {
            Event::Start(Tag::HtmlBlock) => {
                end_block(text);
                self.block_html = Some(String::new());
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(html) = self.block_html.take() {
                    html_text(&html, text);
                }
                end_block(text);
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
                    html_text(h, text);
                }
            }
            // Escaped raw HTML is shown as written, so it is text.
            Event::InlineHtml(t) => push(text, t),
            Event::Start(Tag::Image { .. }) => self.in_image += 1,
            Event::End(TagEnd::Image) => self.in_image = self.in_image.saturating_sub(1),
            // An image's alt text is an attribute, not text on the page.
            Event::Text(_) | Event::Code(_) if self.in_image > 0 || self.hidden_inline => {}
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                push(text, t)
            }
            Event::SoftBreak | Event::HardBreak => space(text),
            Event::Start(tag) if !is_inline(&tag.to_end()) => end_block(text),
            Event::End(tag) if !is_inline(tag) => end_block(text),
            Event::Rule => end_block(text),
            _ => {}
        }
    }
}

/// Appends `t` without doubling a space or starting a line with one.
fn push(text: &mut String, t: &str) {
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

/// Ends the current block: one line break, no trailing spaces.
fn end_block(text: &mut String) {
    text.truncate(text.trim_end_matches(' ').len());
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

/// Appends the visible text of an HTML fragment the author wrote: its text
/// nodes with entities decoded, each element boundary a space (so
/// `<td>a</td><td>b</td>` gives two words), script and style bodies left out.
fn html_text(html: &str, text: &mut String) {
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
    for word in html_escape::decode_html_entities(&raw).split_whitespace() {
        space(text);
        text.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn plain(md: &str) -> String {
        let events: Vec<Event> = Parser::new_ext(md, Options::ENABLE_TABLES).collect();
        plain_text(&events, &[], true).text
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
            Event::Text("settles".into()),
            Event::Html(r##"<sup class="cite">[<a href="#r1">1</a>]</sup>"##.into()),
            Event::Text(".".into()),
            Event::End(TagEnd::Paragraph),
        ];
        assert_eq!(plain_text(&events, &[], true).text, "settles.");
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
        let p = plain_text(&events, std::slice::from_ref(&card), false);
        assert_eq!(p.text, "Before\nin the card too\nAfter");
        assert_eq!(&p.text[p.spans[0].clone()], "in the card too");
    }
}
