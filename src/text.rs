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

/// `s` with each run of whitespace one space, and none at either end.
pub fn single_spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
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
    // Every page's JSON-LD and every search result goes through here, and
    // most have nothing to escape: memchr finds the few bytes that need
    // looking at (a byte-by-byte scan was 2 % of a build's instructions).
    let bytes = json.as_bytes();
    let special = |i: usize| match bytes[i] {
        b'<' => Some(("\\u003c", 1)),
        b'>' => Some(("\\u003e", 1)),
        b'&' => Some(("\\u0026", 1)),
        // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
        0xE2 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
            Some(0xA8) => Some(("\\u2028", 3)),
            Some(0xA9) => Some(("\\u2029", 3)),
            _ => None,
        },
        _ => None,
    };
    // The next `<`, `>` or `&`, and the next E2 (the lead byte of many
    // punctuation marks, not only of the two line terminators).
    let next = |from: usize| memchr::memchr3(b'<', b'>', b'&', &bytes[from..]).map(|i| from + i);
    let next_e2 = |from: usize| memchr::memchr(0xE2, &bytes[from..]).map(|i| from + i);
    let (mut angle, mut e2) = (next(0), next_e2(0));
    let mut out = String::new();
    let mut copied = 0;
    while let Some(i) = match (angle, e2) {
        (Some(a), Some(e)) => Some(a.min(e)),
        (a, e) => a.or(e),
    } {
        if let Some((escaped, len)) = special(i) {
            if out.capacity() == 0 {
                out.reserve(json.len() + 16);
            }
            out.push_str(&json[copied..i]);
            out.push_str(escaped);
            copied = i + len;
        }
        if angle == Some(i) {
            angle = next(i + 1);
        }
        if e2 == Some(i) {
            e2 = next_e2(i + 1);
        }
    }
    if copied == 0 {
        return json;
    }
    out.push_str(&json[copied..]);
    out
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

/// How a root-relative URL in rendered HTML becomes the one published:
/// `None` leaves it as written. The flag says the link is to another
/// language's page (it has `hreflang`), so it is already a site-wide path.
pub type LinkMap<'a> = &'a dyn Fn(&str, bool) -> Option<String>;

/// `base` in front of `url` when it is root-relative and not already there.
pub(crate) fn with_base(url: &str, base: &str) -> Option<String> {
    let trimmed = url.trim_start();
    let already = trimmed == base || trimmed.starts_with(&format!("{base}/"));
    (is_root_relative(trimmed) && !already).then(|| format!("{base}{trimmed}"))
}

fn is_root_relative(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//")
}

/// Each candidate URL of a `srcset` (`a.jpg 480w, b.jpg 960w`).
fn srcset_with(srcset: &str, map: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut changed = false;
    let parts: Vec<String> = srcset
        .split(',')
        .map(|candidate| {
            let lead = candidate.len() - candidate.trim_start().len();
            let (url, rest) = candidate
                .trim_start()
                .split_once(char::is_whitespace)
                .unwrap_or((candidate.trim_start(), ""));
            match map(url) {
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
fn css_with(css: &str, map: &dyn Fn(&str) -> Option<String>) -> Option<String> {
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
        let end = url_part
            .find(|c: char| c == ')' || c == '"' || c == '\'' || c.is_whitespace())
            .unwrap_or(url_part.len());
        match map(&url_part[..end]) {
            Some(u) => {
                out.push_str(&u);
                changed = true;
                rest = &url_part[end..];
            }
            None => rest = url_part,
        }
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
    if base.is_empty() {
        return html.to_string();
    }
    rewrite_root_links(html, &|url, _| with_base(url, base))
}

/// [`prefix_root_links`] with any mapping: a language's pages also put
/// their language's folder in front of links to its own pages.
pub fn rewrite_root_links(html: &str, map: LinkMap) -> String {
    use lol_html::html_content::ContentType;
    use lol_html::{element, rewrite_str, text, RewriteStrSettings};
    let local = |u: &str| map(u, false);
    let mut style = String::new();
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            element!("*", |el| {
                let global = el.has_attribute("hreflang");
                for attr in URL_ATTRS {
                    if let Some(v) = el.get_attribute(attr).and_then(|v| map(&v, global)) {
                        el.set_attribute(attr, &v)?;
                    }
                }
                for attr in ["srcset", "imagesrcset"] {
                    if let Some(v) = el.get_attribute(attr).and_then(|v| srcset_with(&v, &local)) {
                        el.set_attribute(attr, &v)?;
                    }
                }
                if let Some(v) = el.get_attribute("style").and_then(|v| css_with(&v, &local)) {
                    el.set_attribute("style", &v)?;
                }
                Ok(())
            }),
            // A style element's text can arrive in pieces: gather, then rewrite.
            text!("style", |t| {
                style.push_str(t.as_str());
                if t.last_in_text_node() {
                    let css = std::mem::take(&mut style);
                    let css = css_with(&css, &local).unwrap_or(css);
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

/// How a language writes a date for readers: the theme strings
/// `date_format` (`{day} {month} {year}`, `{day} de {month} de {year}`) and
/// `months` (twelve names, comma-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat {
    pattern: String,
    months: Vec<String>,
}

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Default for DateFormat {
    fn default() -> Self {
        DateFormat {
            pattern: "{day} {month} {year}".into(),
            months: ENGLISH_MONTHS.map(String::from).to_vec(),
        }
    }
}

impl DateFormat {
    /// Twelve month names or the English ones: a theme string with the
    /// wrong count is a `lumbar check` finding, not a broken page.
    pub fn new(pattern: &str, months: &str) -> DateFormat {
        let mut names: Vec<String> = months.split(',').map(|m| m.trim().to_string()).collect();
        if names.len() != 12 || names.iter().any(String::is_empty) {
            names = ENGLISH_MONTHS.map(String::from).to_vec();
        }
        DateFormat {
            pattern: if pattern.contains("{day}") || pattern.contains("{month}") {
                pattern.to_string()
            } else {
                "{day} {month} {year}".into()
            },
            months: names,
        }
    }

    /// Every list entry shows a date or two: one pass over the pattern,
    /// where three `replace`s each copied the whole string.
    pub fn show(&self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        use std::fmt::Write;
        let mut out = String::with_capacity(self.pattern.len() + 12);
        let mut rest = self.pattern.as_str();
        while let Some(at) = rest.find('{') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            if let Some(after) = rest.strip_prefix("{day}") {
                let _ = write!(out, "{}", d.day());
                rest = after;
            } else if let Some(after) = rest.strip_prefix("{month}") {
                out.push_str(&self.months[d.month0() as usize]);
                rest = after;
            } else if let Some(after) = rest.strip_prefix("{year}") {
                let _ = write!(out, "{}", d.year());
                rest = after;
            } else {
                out.push('{');
                rest = &rest[1..];
            }
        }
        out.push_str(rest);
        out
    }
}

/// Words as `split_whitespace` counts them. Every page's body is counted:
/// ASCII text, most of it, is counted a byte at a time.
pub fn word_count(s: &str) -> usize {
    if !s.is_ascii() {
        return s.split_whitespace().count();
    }
    // `char::is_whitespace` in ASCII: tab, line feed, vertical tab, form
    // feed, carriage return and space (`u8::is_ascii_whitespace` leaves out
    // the vertical tab).
    let space = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let mut words = 0;
    let mut in_word = false;
    for &b in s.as_bytes() {
        let word = !space(b);
        words += usize::from(word && !in_word);
        in_word = word;
    }
    words
}

/// How many UTF-16 code units `s` is (what JavaScript's string offsets
/// count): one per character, two for one beyond U+FFFF. Counted on the
/// bytes: each character has one leading byte, and four-byte ones are
/// those beyond U+FFFF.
pub fn utf16_len(s: &str) -> usize {
    s.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
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

    /// The one-pass date agrees with replacing each placeholder in turn,
    /// on the patterns themes write and on stray braces and non-ASCII.
    #[test]
    fn dates_show_as_the_pattern_says() {
        let months = "janvier, février, mars, avril, mai, juin, juillet, août, septembre, octobre, novembre, décembre";
        let d = chrono::NaiveDate::from_ymd_opt(2026, 8, 6).unwrap();
        for (pattern, want) in [
            ("{day} {month} {year}", "6 août 2026"),
            ("{month} {day}, {year}", "août 6, 2026"),
            ("{day} de {month} de {year}", "6 de août de 2026"),
            ("Le {day}ᵉ {month} {year} {", "Le 6ᵉ août 2026 {"),
            ("{weekday} {day} {month}", "{weekday} 6 août"),
            ("{{day}} {month}{year}", "{6} août2026"),
        ] {
            let f = DateFormat::new(pattern, months);
            assert_eq!(f.show(d), want, "{pattern}");
            let chained = pattern
                .replace("{day}", "6")
                .replace("{month}", "août")
                .replace("{year}", "2026");
            assert_eq!(f.show(d), chained, "{pattern}");
        }
    }

    /// The fast paths against the definitions they stand in for, on text
    /// with every kind of character they tell apart.
    #[test]
    fn word_and_utf16_counts_match_the_standard_library() {
        let cases = [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tand\nline\x0bvertical\x0cfeed\rreturn",
            "no\u{a0}break and\u{2003}em space",
            "café — naïve 😀 𝕏 ｶﾀｶﾅ",
            "\u{2028}line\u{2029}para",
        ];
        for s in cases {
            assert_eq!(word_count(s), s.split_whitespace().count(), "{s:?}");
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s:?}");
        }
    }

    #[test]
    fn script_safe_json_escapes_what_could_end_a_script() {
        let naive = |v: &str| {
            let json = serde_json::to_string(v).unwrap();
            json.replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026")
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029")
        };
        for v in [
            "plain",
            "</script><!-- & -->",
            "a\u{2028}b\u{2029}c — \u{2027}\u{202a} é",
            "<",
            "ends with &",
            "\u{2028}",
        ] {
            let out = script_safe_json(&v);
            assert_eq!(out, naive(v), "{v:?}");
            assert!(!out.contains(['<', '>', '&', '\u{2028}', '\u{2029}']));
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), v);
        }
        // Every sequence of four of these: the escapes, other characters
        // led by the same byte as U+2028 (E2), and plain text, in every order.
        let parts = [
            "a", "<", ">", "&", "\u{2028}", "\u{2029}", "—", "…", "é", "\"",
        ];
        for n in 0..parts.len().pow(4) {
            let v: String = (0..4)
                .map(|d| parts[n / parts.len().pow(d) % parts.len()])
                .collect();
            assert_eq!(script_safe_json(&v), naive(&v), "{v:?}");
        }
    }

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
    fn json_cannot_break_out_of_script() {
        let s = script_safe_json(&"</script><!-- \u{2028}");
        assert!(!s.contains('<') && !s.contains('\u{2028}'), "{s}");
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><!-- \u{2028}");
    }
}
