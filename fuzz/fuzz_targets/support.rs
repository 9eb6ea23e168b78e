// Shared by the fuzz targets: parse a content file and render it the way a
// build does, checking the invariants that must hold for any input.
pub fn page(rel: &str, text: &str) {
    let Ok(parsed) = lumbar::content::parse_text(rel, text) else { return };
    let config = lumbar::config::Config::parse(
        std::path::Path::new("site.toml"),
        "title = \"F\"\nbase_url = \"https://f.test\"\nunsafe_html = false\n",
    )
    .expect("valid config");
    let no_links = |_: &str| None;
    if let Ok(page) = lumbar::content::render_parsed(parsed, &config, &no_links, false, &Default::default(), None) {
        for q in &page.questions {
            assert!(!q.answer.html.get().contains("<script"));
        }
        assert!(!page.body.html.get().contains("<script"));
        let json = lumbar::text::script_safe_json(&(&page.title, &page.description));
        assert!(!json.contains('<') && !json.contains('\u{2028}'));
    }
}
