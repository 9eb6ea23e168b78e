//! Markdown rendering of a page body, with raw HTML both kept and escaped.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lumbar::markdown::{render, RenderOptions};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let resolve = |p: &str| (p == "a/b.md").then(|| "/a/b/".to_string());
    for unsafe_html in [true, false] {
        let style = lumbar::markdown::PageStyle::default();
        let opts = RenderOptions { unsafe_html, resolve: &resolve, strict_links: false, style: &style };
        let r = render(text, Path::new("a.md"), 1, &opts).expect("non-strict rendering cannot fail");
        if !unsafe_html {
            assert!(!r.html.contains("<script"), "raw HTML escaped when unsafe_html is off");
            assert!(!r.html.to_ascii_lowercase().contains("<a href=\"javascript:"), "script URLs neutralised");
        }
        let _ = r.toc();
        let _ = r.text();
    }
});
