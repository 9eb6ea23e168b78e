//! Search index size: lumbar's sharded index against the elasticlunr index
//! Zola would write for the same pages (Zola's defaults: title and full page
//! text, as `window.searchIndex = …` in search_index.en.js). A Zola site's
//! browser downloads all of its index for a first query; lumbar's fetches a
//! few of its files (benches/search.py measures which).
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
    let mut files = lumbar::search::index_files(site);
    for (from, first) in lumbar::search::result_runs(site) {
        files.extend(lumbar::search::result_files(site, from, first));
    }
    let part = |dir: &str| -> usize {
        files
            .iter()
            .filter(|(p, _)| p.starts_with(&format!("search/index/{dir}")))
            .map(|(_, b)| b.len())
            .sum()
    };
    let ours: usize = files.iter().map(|(_, b)| b.len()).sum();
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
        "lumbar index, all {:6} files:     {:8.2} MiB (term shards {:.2}, results' texts {:.2}, typo lists {:.2})",
        files.len(),
        mib(ours),
        mib(part("t/")),
        mib(part("d/")),
        mib(part("v/"))
    );
    println!(
        "elasticlunr (Zola default) index:  {:8.2} MiB",
        mib(zola.len())
    );
    println!(
        "ratio lumbar / elasticlunr:         {:8.2}",
        ours as f64 / zola.len() as f64
    );
    Ok(())
}
