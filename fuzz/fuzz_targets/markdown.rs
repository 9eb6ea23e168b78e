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
        let citations = [("a".to_string(), (1, "ref-a".to_string()))].into_iter().collect();
        let opts = RenderOptions { unsafe_html, resolve: &resolve, dir: "a", strict_links: false, style: &style, citations: &citations, images: None, eager_first_image: true };
        // Only an author's mistake may fail (unknown care-card tier or citation), with a position.
        let r = match render(text, Path::new("a.md"), 1, &opts) {
            Ok(r) => r,
            Err(e @ lumbar::Error::Content { .. }) => {
                assert!(e.to_string().starts_with("a.md:"));
                continue;
            }
            Err(e) => panic!("unexpected error: {e}"),
        };
        if !unsafe_html {
            assert!(!r.html.get().contains("<script"), "raw HTML escaped when unsafe_html is off");
            assert!(!r.html.get().to_ascii_lowercase().contains("<a href=\"javascript:"), "script URLs neutralised");
        }
        let _ = r.toc();
        let _ = r.prose();
        for card in &r.care_cards {
            assert!(r.text().get(card.span.clone()).is_some(), "a card's span is inside the text");
        }
    }
});
