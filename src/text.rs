//! Small text helpers shared by content loading, rendering and checking.

/// URL- and anchor-safe form of a title: lowercase letters and digits
/// (Unicode letters kept), everything else collapsed into single hyphens.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            // Apostrophes vanish so "patient's" becomes "patients", not "patient-s".
            dash = true;
        }
    }
    out
}

/// `back-pain_at-night` → `Back pain at night`: a name as a title.
pub fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The URL part of a tag: its slug, with the symbols that tell tags apart
/// spelled out, so "C++", "C#" and "C" get three pages, not one.
pub fn tag_slug(name: &str) -> String {
    let mut spelled = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        match c {
            '+' => spelled.push_str(" plus "),
            '#' => spelled.push_str(" sharp "),
            '&' => spelled.push_str(" and "),
            c => spelled.push(c),
        }
    }
    slugify(&spelled)
}

/// Two tag names are the same tag when they differ only in case and in how
/// words are separated ("Back pain", "back-pain", "back_pain").
pub fn tag_key(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut last = 0;
    // Byte scan: every character that needs escaping is ASCII.
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
    out
}

/// Serialises a value as JSON that is safe inside `<script>`: `<`, `>`, `&`
/// and the JavaScript line terminators U+2028/U+2029 become `\uXXXX`, so
/// content can never close the script element or open an HTML comment.
pub fn script_safe_json<T: serde::Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).expect("serialising plain data cannot fail");
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// Visible text of rendered HTML: tags become spaces, entities are decoded,
/// and the `#` self-links lumbar adds to headings are left out, as are the
/// contents of `<script>` and `<style>` (raw HTML in Markdown may have them),
/// which no reader sees and which must not be searched or graded.
/// For `<script…` or `<style…` at the start of `html`, the offset just past
/// its closing tag (or the end).
fn hidden_element_end(html: &str) -> Option<usize> {
    let head = html.get(1..8)?.to_ascii_lowercase();
    let name = ["script", "style"].into_iter().find(|n| {
        head.starts_with(n) && !head[n.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
    })?;
    let mut from = 1;
    while let Some(j) = html[from..].find("</") {
        let at = from + j;
        if html
            .get(at + 2..at + 2 + name.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(name))
        {
            return Some(at + html[at..].find('>').map_or(html.len() - at, |e| e + 1));
        }
        from = at + 2;
    }
    Some(html.len())
}

/// True for the tags of elements that do not break a line of text.
fn is_inline_tag(tag: &str) -> bool {
    const INLINE: [&str; 17] = [
        "a", "abbr", "b", "bdi", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s",
        "small", "span", "strong",
    ];
    const MORE: [&str; 4] = ["sub", "sup", "time", "u"];
    let name: String = tag
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    INLINE.contains(&name.as_str()) || MORE.contains(&name.as_str())
}

pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() * 3 / 4);
    let mut rest = html;
    let space = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            if rest.starts_with("<a class=\"anchor\"") {
                let end = rest.find("</a>").map_or(rest.len(), |e| e + 4);
                rest = &rest[end..];
                continue;
            }
            if let Some(close) = hidden_element_end(rest) {
                rest = &rest[close..];
                space(&mut out);
                continue;
            }
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            // Inline elements sit inside a line of text ("see <a>this</a>."):
            // only block boundaries and line breaks separate words.
            let inline = is_inline_tag(&rest[..end]);
            rest = &rest[end..];
            if !inline {
                space(&mut out);
            }
        } else {
            // Bytes, not a str slice: 12 bytes may end inside a character.
            let end = rest.as_bytes()[..rest.len().min(12)]
                .iter()
                .position(|&b| b == b';');
            let decoded = end.and_then(|e| {
                let ent = &rest[1..e];
                let c = match ent {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "nbsp" => ' ',
                    _ => {
                        let num = ent.strip_prefix('#')?;
                        let code = match num.strip_prefix(['x', 'X']) {
                            Some(h) => u32::from_str_radix(h, 16).ok()?,
                            None => num.parse().ok()?,
                        };
                        char::from_u32(code)?
                    }
                };
                Some((c, e + 1))
            });
            match decoded {
                Some((c, len)) => {
                    out.push(c);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    // HTML whitespace is not significant; collapse it like a browser would.
    let mut collapsed = String::with_capacity(out.len());
    for w in out.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(w);
    }
    collapsed
}

/// Attributes whose value is one URL.
const URL_ATTRS: [&str; 11] = [
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "data",
    "cite",
    "background",
    "manifest",
    "data-index",
    "xlink:href",
];

/// `base` in front of `url` when it is root-relative and not already there.
fn with_base(url: &str, base: &str) -> Option<String> {
    let trimmed = url.trim_start();
    let already = trimmed == base || trimmed.starts_with(&format!("{base}/"));
    (trimmed.starts_with('/') && !trimmed.starts_with("//") && !already)
        .then(|| format!("{base}{trimmed}"))
}

/// Each candidate URL of a `srcset` (`a.jpg 480w, b.jpg 960w`).
fn srcset_with_base(srcset: &str, base: &str) -> Option<String> {
    let mut changed = false;
    let parts: Vec<String> = srcset
        .split(',')
        .map(|candidate| {
            let lead = candidate.len() - candidate.trim_start().len();
            let (url, rest) = candidate
                .trim_start()
                .split_once(char::is_whitespace)
                .unwrap_or((candidate.trim_start(), ""));
            match with_base(url, base) {
                Some(u) => {
                    changed = true;
                    let sep = if rest.is_empty() { "" } else { " " };
                    format!("{}{u}{sep}{rest}", &candidate[..lead])
                }
                None => candidate.to_string(),
            }
        })
        .collect();
    changed.then(|| parts.join(","))
}

/// Root-relative `url(...)`s in CSS (a `style` attribute or element).
fn css_with_base(css: &str, base: &str) -> Option<String> {
    let mut out = String::with_capacity(css.len() + 16);
    let mut rest = css;
    let mut changed = false;
    while let Some(i) = rest.find("url(") {
        let (before, after) = rest.split_at(i + 4);
        out.push_str(before);
        let ws = after.len() - after.trim_start().len();
        out.push_str(&after[..ws]);
        let after = &after[ws..];
        let quote = after.starts_with(['"', '\'']) as usize;
        out.push_str(&after[..quote]);
        let url_part = &after[quote..];
        if url_part.starts_with('/')
            && !url_part.starts_with("//")
            && !url_part.starts_with(&format!("{base}/"))
        {
            out.push_str(base);
            changed = true;
        }
        rest = url_part;
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// Puts `base` (a path such as `/clinic`) in front of every root-relative
/// URL in rendered HTML, so a site built for `https://x.org/clinic/` works
/// there, whatever its templates or authors wrote: URL attributes in either
/// quoting (`href`, `src`, `action`, `poster`, `data-index`…), every
/// candidate of `srcset`, and `url()` in `style` attributes and elements.
/// Protocol-relative `//host` links are left alone. An HTML rewriter does
/// this, not a string search, so attribute quoting and order cannot fool it.
pub fn prefix_root_links(html: &str, base: &str) -> String {
    use lol_html::html_content::ContentType;
    use lol_html::{element, rewrite_str, text, RewriteStrSettings};
    if base.is_empty() {
        return html.to_string();
    }
    let mut style = String::new();
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            element!("*", |el| {
                for attr in URL_ATTRS {
                    if let Some(v) = el.get_attribute(attr).and_then(|v| with_base(&v, base)) {
                        el.set_attribute(attr, &v)?;
                    }
                }
                for attr in ["srcset", "imagesrcset"] {
                    if let Some(v) = el
                        .get_attribute(attr)
                        .and_then(|v| srcset_with_base(&v, base))
                    {
                        el.set_attribute(attr, &v)?;
                    }
                }
                if let Some(v) = el
                    .get_attribute("style")
                    .and_then(|v| css_with_base(&v, base))
                {
                    el.set_attribute("style", &v)?;
                }
                Ok(())
            }),
            // A style element's text can arrive in pieces: gather, then rewrite.
            text!("style", |t| {
                style.push_str(t.as_str());
                if t.last_in_text_node() {
                    let css = std::mem::take(&mut style);
                    let css = css_with_base(&css, base).unwrap_or(css);
                    t.replace(&css, ContentType::Html);
                } else {
                    t.remove();
                }
                Ok(())
            }),
        ],
        ..RewriteStrSettings::new()
    };
    // Non-strict rewriting with no memory limit has no way to fail; should
    // it ever, the page is left as rendered rather than lost.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Minutes at an unhurried 200 words a minute, never less than one.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

/// The parts of a `/`-separated path with `.` and `..` resolved; the flag
/// says whether a `..` tried to go above the start (those are dropped, as a
/// browser does with `/../x`).
pub fn path_segments(path: &str) -> (Vec<&str>, bool) {
    let mut parts: Vec<&str> = Vec::new();
    let mut above = false;
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => above |= parts.pop().is_none(),
            p => parts.push(p),
        }
    }
    (parts, above)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_resolve_dots() {
        assert_eq!(path_segments("a/./b/../c/"), (vec!["a", "c"], false));
        assert_eq!(path_segments("/../x"), (vec!["x"], true));
        assert_eq!(path_segments(""), (vec![], false));
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Can I keep training?"), "can-i-keep-training");
        assert_eq!(
            slugify("  When -- to  get Assessed "),
            "when-to-get-assessed"
        );
        assert_eq!(slugify("Patient's guide"), "patients-guide");
        assert_eq!(slugify("Übung für den Rücken"), "übung-für-den-rücken");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn text_of_html() {
        let t = html_to_text("<h2 id=\"a\">Load &amp; rest<a class=\"anchor\" href=\"#a\">#</a></h2><p>Tom&#39;s <em>plan</em></p>");
        assert_eq!(t, "Load & rest Tom's plan");
    }

    #[test]
    fn entities_next_to_multibyte_characters() {
        // Found by the markdown fuzz target: a 12-byte look-ahead cut "’" in half.
        assert_eq!(
            html_to_text("<p>Tom &amp; Jerry’s &lt;@sc\u{9e}x</p>"),
            "Tom & Jerry’s <@sc\u{9e}x"
        );
    }

    #[test]
    fn root_links_get_the_base_path() {
        let html = r#"<a href="/a/">x</a><link rel="stylesheet" href="/css/s.css"><img src="/i.png" alt=""><a href="//cdn.test/x">c</a><a href="https://x.test/">e</a><form action="/" data-index="/s.json"><p title="/not-a-link">"/text"</p>"#;
        assert_eq!(
            prefix_root_links(html, "/clinic"),
            r#"<a href="/clinic/a/">x</a><link rel="stylesheet" href="/clinic/css/s.css"><img src="/clinic/i.png" alt=""><a href="//cdn.test/x">c</a><a href="https://x.test/">e</a><form action="/clinic/" data-index="/clinic/s.json"><p title="/not-a-link">"/text"</p>"#
        );
        assert_eq!(prefix_root_links(html, ""), html);
        // What the string search missed: single quotes, unquoted values,
        // srcset candidates, poster, and url() in styles.
        let html = r#"<a href='/a/'>x</a><a href=/b/>y</a><img srcset="/s-480.jpg 480w, /s-960.jpg 960w,https://x.test/o.jpg 2x" src="/s.jpg" alt=""><video poster="/p.jpg"></video><div style="background: url('/bg.png')"></div><style>.h{background:url(/h.png)} .c{background:url("//cdn/x.png")}</style><a href="/clinic/already/">z</a>"#;
        let out = prefix_root_links(html, "/clinic");
        for want in [
            r#"href="/clinic/a/""#,
            r#"href="/clinic/b/""#,
            r#"srcset="/clinic/s-480.jpg 480w, /clinic/s-960.jpg 960w,https://x.test/o.jpg 2x""#,
            r#"src="/clinic/s.jpg""#,
            r#"poster="/clinic/p.jpg""#,
            "url('/clinic/bg.png')",
            "url(/clinic/h.png)",
            r#"url("//cdn/x.png")"#,
            r#"href="/clinic/already/""#,
        ] {
            assert!(out.contains(want), "{want} in {out}");
        }
    }

    #[test]
    fn inline_elements_do_not_split_words_or_add_spaces() {
        assert_eq!(
            html_to_text("<p>listed in <a href=\"/x/\">when to get assessed</a>.</p><p>Next <strong>b</strong>old</p>").trim(),
            "listed in when to get assessed. Next bold"
        );
        assert_eq!(
            html_to_text("<li>one</li><li>two<br>three</li>").trim(),
            "one two three"
        );
    }

    #[test]
    fn script_and_style_bodies_are_not_text() {
        let html = "<p>Before</p><script>var secret = 1;</script><STYLE>.x{}</STYLE><p>After</p><scripted>kept</scripted>";
        assert_eq!(html_to_text(html).trim(), "Before After kept");
    }

    #[test]
    fn json_cannot_break_out_of_script() {
        let s = script_safe_json(&"</script><!-- \u{2028}");
        assert!(!s.contains('<') && !s.contains('\u{2028}'), "{s}");
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><!-- \u{2028}");
    }
}
