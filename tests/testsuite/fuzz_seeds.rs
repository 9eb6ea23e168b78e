//! Replays the fuzz targets' seed corpora (fuzz/seeds/, including inputs that
//! once crashed) through the same checks the fuzzers run, so CI keeps what the
//! fuzzers found without running libFuzzer. Each input must finish quickly.

use std::path::Path;
use std::time::{Duration, Instant};

mod support {
    include!("../../fuzz/fuzz_targets/support.rs");
}

fn seeds(target: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            Some((
                p.display().to_string(),
                String::from_utf8(std::fs::read(&p).ok()?).ok()?,
            ))
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds for {target}");
    out
}

fn replay(target: &str, run: impl Fn(&str)) {
    for (name, text) in seeds(target) {
        let start = Instant::now();
        run(&text);
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{name} took {:?}",
            start.elapsed()
        );
    }
}

#[test]
fn front_matter_seeds() {
    replay("front_matter", |t| support::page("a/page.md", t));
}

#[test]
fn faq_yaml_seeds() {
    replay("faq_yaml", |t| support::page("faq/questions.yaml", t));
}

#[test]
fn markdown_seeds() {
    use lumbar::markdown::{render, RenderOptions};
    let resolve = |p: &str| (p == "a/b.md").then(|| "/a/b/".to_string());
    let style = lumbar::markdown::PageStyle::default();
    let citations = [("a".to_string(), (1, "ref-a".to_string()))]
        .into_iter()
        .collect();
    replay("markdown", |t| {
        for unsafe_html in [true, false] {
            let opts = RenderOptions {
                unsafe_html,
                resolve: &resolve,
                dir: "a",
                strict_links: false,
                style: &style,
                citations: &citations,
                images: None,
                eager_first_image: true,
            };
            // Only a mistake of the author's may fail (an unknown care-card
            // tier, a citation of no reference), and then with a position.
            let r = match render(t, Path::new("a.md"), 1, &opts) {
                Ok(r) => r,
                Err(e @ lumbar::Error::Content { .. }) => {
                    assert!(e.to_string().starts_with("a.md:"), "{e}");
                    continue;
                }
                Err(e) => panic!("unexpected error: {e}"),
            };
            if !unsafe_html {
                assert!(!r.html.get().contains("<script"));
                assert!(!r
                    .html
                    .get()
                    .to_ascii_lowercase()
                    .contains("<a href=\"javascript:"));
            }
        }
    });
}
