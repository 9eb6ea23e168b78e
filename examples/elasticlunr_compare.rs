//! Search index size: lumbar's index against the elasticlunr index Zola would
//! write for the same pages (Zola's defaults: title and full page text, as
//! `window.searchIndex = …` in search_index.en.js).
//!
//!     cargo run --release --example elasticlunr_compare -- /tmp/lumbar-bench/lumbar-8000

use lumbar::content::Kind;

fn main() -> anyhow::Result<()> {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let loaded = lumbar::build::load(
        std::path::Path::new(&root),
        &lumbar::content::Selection::new(false, false),
        None,
        true,
    )?;
    let site = &loaded.site;
    let ours = lumbar::search::index_json(site);
    let mut index = elasticlunr::Index::new(&["title", "body"]);
    for p in &site.pages {
        // Zola indexes every page and section; FAQ questions are part of the page text.
        let mut body = p.body.text();
        if p.kind == Kind::Faq {
            for q in &p.questions {
                body.push(' ');
                body.push_str(&q.question);
                body.push(' ');
                body.push_str(&q.answer.text());
            }
        }
        index.add_doc(
            &site.config.permalink(&p.url),
            [p.title.as_str(), body.as_str()],
        );
    }
    let zola = format!("window.searchIndex = {};", index.to_json());
    let mib = |n: usize| n as f64 / 1024.0 / 1024.0;
    println!("pages: {}", site.pages.len());
    println!(
        "lumbar search-index.json:          {:8.2} MiB",
        mib(ours.len())
    );
    println!(
        "elasticlunr (Zola default) index:  {:8.2} MiB",
        mib(zola.len())
    );
    println!(
        "ratio lumbar / elasticlunr:         {:8.2}",
        ours.len() as f64 / zola.len() as f64
    );
    Ok(())
}
