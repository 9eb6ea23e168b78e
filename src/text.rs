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

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
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

pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Minutes at an unhurried 200 words a minute, never less than one.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(200).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Can I keep training?"), "can-i-keep-training");
        assert_eq!(slugify("  When -- to  get Assessed "), "when-to-get-assessed");
        assert_eq!(slugify("Patient's guide"), "patients-guide");
        assert_eq!(slugify("Übung für den Rücken"), "übung-für-den-rücken");
        assert_eq!(slugify("???"), "");
    }

    #[test]
    fn json_cannot_break_out_of_script() {
        let s = script_safe_json(&"</script><!-- \u{2028}");
        assert!(!s.contains('<') && !s.contains('\u{2028}'), "{s}");
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "</script><!-- \u{2028}");
    }
}
