//! Citations (`[@key]`) in a Markdown event stream: found in the text and
//! turned into numbered links to the page's reference list.

use super::parser_options;
use crate::error::{Error, Location, Result};
use crate::text::escape_html;
use pulldown_cmark::{CowStr, Event, Parser};
use std::collections::HashMap;

/// Characters a citation key may have (`[@nice-ng59]`, `[@smith2020:b]`).
fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/')
}

/// The keys of a citation's inside (`@a; @b`), or `None` if it is not one.
fn citation_keys(inside: &str) -> Option<Vec<&str>> {
    let keys: Option<Vec<&str>> = inside
        .split([';', ','])
        .map(|part| {
            let key = part.trim().strip_prefix('@')?;
            (!key.is_empty() && key.chars().all(is_key_char)).then_some(key)
        })
        .collect();
    keys.filter(|k| !k.is_empty())
}

type Located<'a> = (Event<'a>, std::ops::Range<usize>, bool);

/// The parser's events with adjacent text joined and citations (`[@key]`,
/// `[@a; @b]`) turned into links to the reference list; the third field
/// marks HTML lumbar made, which passes even when raw HTML is escaped. A
/// key the page has no reference for is an error at its place.
pub(super) fn cite<'a>(
    src: &'a str,
    citations: &HashMap<String, (usize, String)>,
    locate: &dyn Fn(usize) -> Location,
) -> Result<Box<dyn Iterator<Item = Located<'a>> + 'a>> {
    let events = Parser::new_ext(src, parser_options()).into_offset_iter();
    // Most pages cite nothing: their events pass straight through.
    if !src.contains("[@") {
        return Ok(Box::new(events.map(|(e, r)| (e, r, false))));
    }
    let mut joined: Vec<Located<'a>> = Vec::new();
    for (event, range) in events {
        if let (Event::Text(t), Some((Event::Text(prev), prev_range, _))) =
            (&event, joined.last_mut())
        {
            // Adjacent, or split only by the backslash of `\[`.
            if matches!(src.get(prev_range.end..range.start), Some("" | "\\")) {
                let mut s = prev.to_string();
                s.push_str(t);
                *prev = CowStr::from(s);
                prev_range.end = range.end;
                continue;
            }
        }
        joined.push((event, range, false));
    }
    let mut out = Vec::with_capacity(joined.len());
    for (event, range, ours) in joined {
        match &event {
            Event::Text(t) if t.contains("[@") => {
                match cite_text(t, src, &range, citations, locate)? {
                    Some(pieces) => out.extend(pieces),
                    None => out.push((event, range, ours)),
                }
            }
            _ => out.push((event, range, ours)),
        }
    }
    Ok(Box::new(out.into_iter()))
}

/// One text's citations as links, with the text around them; `None` when
/// it has none (only brackets that are not citations, or escaped ones).
fn cite_text<'a>(
    t: &str,
    src: &str,
    range: &std::ops::Range<usize>,
    citations: &HashMap<String, (usize, String)>,
    locate: &dyn Fn(usize) -> Location,
) -> Result<Option<Vec<Located<'a>>>> {
    let mut pieces: Vec<Located<'a>> = Vec::new();
    let mut literal = String::new();
    let mut rest = t;
    // Where in the source to look for the next citation as written.
    let mut cursor = range.start;
    while let Some(open) = rest.find("[@") {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        let inside = &rest[open + 1..close];
        let written = &rest[open..=close];
        let at = src
            .get(cursor..range.end.min(src.len()))
            .and_then(|s| s.find(written))
            .map(|o| cursor + o);
        // Written `\[@x]` in the source: meant literally.
        let escaped = at.is_some_and(|a| a > 0 && src.as_bytes()[a - 1] == b'\\');
        let keys = citation_keys(inside);
        if keys.is_some() {
            // This occurrence is used up, escaped or not.
            if let Some(a) = at {
                cursor = a + written.len();
            }
        }
        let Some(keys) = keys.filter(|_| !escaped) else {
            let end = if escaped { close + 1 } else { open + 2 };
            literal.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        };
        let mut links = Vec::with_capacity(keys.len());
        for key in keys {
            let Some((n, id)) = citations.get(&crate::text::slugify(key)) else {
                let mut known: Vec<&str> = citations.keys().map(String::as_str).collect();
                known.sort();
                let message = if known.is_empty() {
                    format!("[@{key}] cites a reference, but the page has no `references:` with `id: {key}`")
                } else {
                    format!(
                        "[@{key}] cites no reference of this page; ids: {}",
                        known.join(", ")
                    )
                };
                return Err(Error::content(locate(at.unwrap_or(range.start)), message));
            };
            links.push(format!(r##"<a href="#{}">{n}</a>"##, escape_html(id)));
        }
        literal.push_str(&rest[..open]);
        if !literal.is_empty() {
            pieces.push((
                Event::Text(std::mem::take(&mut literal).into()),
                range.clone(),
                false,
            ));
        }
        // `Html`, not `InlineHtml`: markup lumbar adds is always a bare
        // `Html` event, so the plain text (which keeps only the author's
        // inline HTML) leaves the markers out.
        pieces.push((
            Event::Html(format!(r##"<sup class="cite">[{}]</sup>"##, links.join(", ")).into()),
            range.clone(),
            true,
        ));
        rest = &rest[close + 1..];
    }
    if pieces.is_empty() {
        return Ok(None);
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push((Event::Text(literal.into()), range.clone(), false));
    }
    Ok(Some(pieces))
}
