//! Optional HTML minification (`minify_html = true`): whitespace runs in
//! text collapse to one character and comments go. Only what browsers
//! already ignore is removed: whitespace inside `pre`, `textarea`, `script`
//! and `style` is kept, attributes are untouched, and a run keeps one
//! character (a newline if it had one), so inline elements keep their gaps.
//! Done by an HTML rewriter, so markup inside attributes or scripts cannot
//! be mistaken for text.

use lol_html::html_content::ContentType;
use lol_html::{doc_comments, doc_text, element, rewrite_str, EndTagHandler, RewriteStrSettings};
use std::cell::Cell;
use std::rc::Rc;

/// Elements whose text is shown or run as written.
const PRESERVE: &str = "pre, textarea, script, style";

pub fn minify(html: &str) -> String {
    let depth = Rc::new(Cell::new(0usize));
    let (open, text) = (depth.clone(), depth);
    let settings = RewriteStrSettings {
        element_content_handlers: vec![element!(PRESERVE, move |el| {
            open.set(open.get() + 1);
            let close = open.clone();
            if let Some(handlers) = el.end_tag_handlers() {
                let on_close: EndTagHandler<'static> = Box::new(move |_| {
                    close.set(close.get().saturating_sub(1));
                    Ok(())
                });
                handlers.push(on_close);
            }
            Ok(())
        })],
        document_content_handlers: vec![
            doc_text!(move |t| {
                if text.get() == 0 {
                    let s = t.as_str();
                    if s.contains(|c: char| c.is_ascii_whitespace()) {
                        let collapsed = collapse(s);
                        t.replace(&collapsed, ContentType::Html);
                    }
                }
                Ok(())
            }),
            doc_comments!(|c| {
                c.remove();
                Ok(())
            }),
        ],
        ..RewriteStrSettings::new()
    };
    // Non-strict rewriting with no memory limit has no way to fail; should
    // it ever, the page is published as rendered.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// Each run of ASCII whitespace becomes one newline (if it held one) or one
/// space. Non-breaking spaces are content and stay.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run: Option<char> = None;
    for c in s.chars() {
        if c.is_ascii_whitespace() {
            run = Some(if c == '\n' || run == Some('\n') {
                '\n'
            } else {
                ' '
            });
        } else {
            if let Some(w) = run.take() {
                out.push(w);
            }
            out.push(c);
        }
    }
    if let Some(w) = run {
        out.push(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_text_whitespace_and_drops_comments() {
        let html = "<ul>\n    <li>a  b</li>\n\n    <li>c</li>\n</ul><!-- note -->\n";
        assert_eq!(minify(html), "<ul>\n<li>a b</li>\n<li>c</li>\n</ul>\n");
    }

    #[test]
    fn keeps_what_is_shown_or_run_as_written() {
        let html = "<pre>  a\n\n  b</pre> <textarea>  x  </textarea> <script>var  a = '  ';</script><style>a  {}</style><p title=\"a   b\">x   <code>y   z</code></p>";
        assert_eq!(
            minify(html),
            "<pre>  a\n\n  b</pre> <textarea>  x  </textarea> <script>var  a = '  ';</script><style>a  {}</style><p title=\"a   b\">x <code>y z</code></p>"
        );
    }

    #[test]
    fn entities_and_non_breaking_spaces_stay() {
        assert_eq!(
            minify("<p>a &amp;  b\u{a0}\u{a0}c &lt;x&gt;</p>"),
            "<p>a &amp; b\u{a0}\u{a0}c &lt;x&gt;</p>"
        );
    }

    #[test]
    fn text_after_a_preserved_element_is_collapsed_again() {
        assert_eq!(
            minify("<pre> a </pre>\n\n  <p> b   c </p>"),
            "<pre> a </pre>\n<p> b c </p>"
        );
    }
}
