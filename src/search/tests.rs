//! The index's files for small sites built in memory: what results and
//! postings hold, shards, runs of result files, and the dev server's writer
//! giving what a build gives.

use super::shards::{utf16_cmp, SHARD_BYTES};
use super::*;

/// A page rendered from its source text, as loading a site does.
fn page(config: &crate::config::Config, rel: &str, text: &str) -> crate::content::Page {
    crate::content::render_alone(crate::content::parse_text(rel, text).unwrap(), config)
}

fn site() -> Site {
    let config = crate::config::Config::parse(
        std::path::Path::new("site.toml"),
        "title = \"T\"\nbase_url = \"https://t.test\"\n",
    )
    .unwrap();
    let page = |rel: &str, text: &str| page(&config, rel, text);
    let pages = vec![
        page("a/sciatica.md", "---\ntitle: Running with sciatica\ndescription: Nerve pain and mileage.\ndate: 2025-01-01\n---\n\n## Easy runs first\n\nKeep the pace gentle.\n\n## Easy runs first\n\nAgain.\n\n## Über Dehnung\n\nText with numb feet.\n\n> [!EMERGENCY] Call 999 now if:\n> You have numb legs.\n"),
        page("faq/q.yaml", "title: Running FAQ\nquestions:\n  - question: Can I run with sciatica?\n    answer: Often, at an easy pace.\n  - question: Should I stretch?\n    answer: Gently.\n"),
    ];
    Site::new(
        config.clone(),
        crate::content::Content {
            pages,
            ..Default::default()
        },
    )
    .unwrap()
}

/// What a build writes: the index's own files and every run's results.
fn all_files(site: &Site) -> Files {
    let mut f = index_files(site);
    for (from, first) in result_runs(site) {
        f.extend(result_files(site, from, first));
    }
    f
}

/// The index's files as path → JSON.
fn files(f: Files) -> BTreeMap<String, serde_json::Value> {
    f.into_iter()
        .filter(|(p, _)| p.ends_with(".json"))
        .map(|(p, b)| (p, serde_json::from_slice(&b).unwrap()))
        .collect()
}

/// A key's entry, found through the manifest's shard list as the
/// script finds it.
fn entry(f: &BTreeMap<String, serde_json::Value>, key: &str) -> Option<serde_json::Value> {
    let shards = f["search/index/meta.json"]["shards"]
        .as_array()
        .unwrap()
        .clone();
    let n = shards
        .iter()
        .take_while(|s| utf16_cmp(s.as_str().unwrap(), key).is_le())
        .count()
        .max(1)
        - 1;
    f[&format!("search/index/t/{n}.json")]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e[0] == key)
        .cloned()
}

/// (doc number, weight) of a key's own postings, decoded as the script does.
fn postings(f: &BTreeMap<String, serde_json::Value>, key: &str) -> Vec<(u64, u64)> {
    let e = entry(f, key).unwrap_or_else(|| panic!("no key {key}"));
    let mut doc = 0;
    e[1].as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let n = n.as_u64().unwrap();
            doc += n >> 2;
            (doc, [1, 3, 4, 8][(n & 3) as usize])
        })
        .collect()
}

#[test]
fn updating_one_page_gives_the_index_a_full_build_gives() {
    let mut s = site();
    let mut index = Index::build(&s);
    assert_eq!(write_index(&index.snapshot(&s)), all_files(&s));
    let config = s.config.clone();
    let edited = page(
        &config,
        "faq/q.yaml",
        "title: Running FAQ\nquestions:\n  - question: Can I run with sciatica?\n    answer: Often.\n  - question: Should I stretch?\n    answer: Gently.\n  - question: New zebra question?\n    answer: Yes.\n",
    );
    let i = s.by_rel["faq/q.yaml"];
    s.replace_page(i, edited).unwrap().unwrap();
    index.update(&s, i);
    let written = write_index(&index.snapshot(&s));
    assert_eq!(written, all_files(&s));
    assert!(entry(&files(written), "zebra").is_some());
}

#[test]
fn articles_questions_and_care_cards_are_results_with_anchors() {
    let f = files(all_files(&site()));
    let meta = &f["search/index/meta.json"];
    assert_eq!(
        meta["docs"], 4,
        "one article, its care card and two questions"
    );
    assert_eq!(meta["lang"], "en");
    assert_eq!(meta["stem"], "stem.js");
    let a = &f["search/index/d/0.json"];
    assert_eq!(a["t"], "Running with sciatica");
    assert_eq!(a["u"], "/a/sciatica/");
    assert_eq!(a["k"], "a");
    // Headings carry their id and where their words start in the text.
    let text = a["x"].as_str().unwrap();
    for h in a["h"].as_array().unwrap() {
        let at = h[2].as_u64().unwrap() as usize;
        let title = h[0].as_str().unwrap();
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(
            String::from_utf16(&units[at..at + title.encode_utf16().count()]).unwrap(),
            title
        );
    }
    assert_eq!(a["h"][1][1], "easy-runs-first-1");
    let card = &f["search/index/d/1.json"];
    assert_eq!(card["k"], "c");
    assert_eq!(card["t"], "Call 999 now if:");
    assert_eq!(card["u"], "/a/sciatica/#über-dehnung");
    assert!(card["x"].as_str().unwrap().contains("numb legs"));
    let q = &f["search/index/d/2.json"];
    assert_eq!(q["t"], "Can I run with sciatica?");
    assert_eq!(q["u"], "/faq/q/#can-i-run-with-sciatica");
    assert_eq!(q["c"], "Running FAQ");
    assert_eq!(q["x"], "Often, at an easy pace.");
    // "sciatica" is in the article title (weight 8) and a question (weight 8).
    assert_eq!(postings(&f, "sciatica"), [(0, 8), (2, 8)]);
    // "gentle" only in the article body; "nerve" in its description;
    // a care card's words weigh as a heading's.
    assert_eq!(postings(&f, "gentle"), [(0, 1)]);
    assert_eq!(postings(&f, "nerve"), [(0, 3)]);
    assert_eq!(postings(&f, "numb"), [(0, 1), (1, 4)]);
    // Words are grouped under their stem: "running" and "runs" under
    // "run", a word of its own in the question; "sciatica" is its own stem.
    let run = entry(&f, "run").unwrap();
    assert_eq!(postings(&f, "run"), [(2, 8)]);
    assert_eq!(entry(&f, "sciatica").unwrap().as_array().unwrap().len(), 2);
    assert_eq!(run[2], serde_json::json!(["running", "runs"]));
    assert!(entry(&f, "with").is_none() && entry(&f, "the").is_none());
    // Keys are sorted across and within shards for the script's binary search.
    let keys: Vec<String> = (0..meta["shards"].as_array().unwrap().len())
        .flat_map(|n| {
            f[&format!("search/index/t/{n}.json")]
                .as_array()
                .unwrap()
                .clone()
        })
        .map(|e| e[0].as_str().unwrap().to_string())
        .collect();
    assert!(keys.windows(2).all(|w| utf16_cmp(&w[0], &w[1]).is_lt()));
    // The typo vocabulary: the site's words by first letter, not the
    // stems that are no word of it ("easy" is stemmed "easi").
    assert!(entry(&f, "easi").is_some());
    let r = f["search/index/v/72.json"].as_array().unwrap();
    assert!(r.iter().any(|w| w == "runs") && r.iter().any(|w| w == "run"));
    let e = f["search/index/v/65.json"].as_array().unwrap();
    assert!(e.iter().any(|w| w == "easy") && !e.iter().any(|w| w == "easi"));
}

#[test]
fn shards_stay_near_their_size_and_a_key_is_found_through_the_manifest() {
    let mut s = site();
    let config = s.config.clone();
    let words: Vec<String> = (0..6000).map(|n| format!("w{n:05}x")).collect();
    let big = page(
        &config,
        "a/big.md",
        &format!(
            "---\ntitle: Big\ndate: 2024-01-01\n---\n\n{}\n",
            words.join(" ")
        ),
    );
    s = Site::new(
        config,
        crate::content::Content {
            pages: s.pages.drain(..).chain([big]).collect(),
            ..Default::default()
        },
    )
    .unwrap();
    let f = files(all_files(&s));
    let shards = f["search/index/meta.json"]["shards"]
        .as_array()
        .unwrap()
        .len();
    assert!(shards > 3, "{shards} shards");
    for n in 0..shards {
        let len = serde_json::to_string(&f[&format!("search/index/t/{n}.json")])
            .unwrap()
            .len();
        assert!(len < SHARD_BYTES * 2, "shard {n}: {len} bytes");
    }
    for w in ["w00000x", "w02999x", "w05999x", "sciatica"] {
        assert!(entry(&f, w).is_some(), "{w}");
    }
}

#[test]
fn result_files_are_written_in_runs_numbered_as_the_postings_count_them() {
    let config = site().config.clone();
    let page = |rel: String, text: String| page(&config, &rel, &text);
    // 300 articles with a care card each (2 results) and 300 FAQ pages of
    // 3 questions: runs of 256 pages hold different numbers of results.
    let mut pages = Vec::new();
    for n in 0..300 {
        pages.push(page(
            format!("a/p{n}.md"),
            format!("---\ntitle: Page {n} word{n}\ndate: 2024-01-01\n---\n\nBody {n}.\n\n> [!URGENT]\n> Call if numb {n}.\n"),
        ));
        pages.push(page(
            format!("faq/f{n}.yaml"),
            format!("title: FAQ {n}\nquestions:\n  - question: One {n}?\n    answer: Yes.\n  - question: Two {n}?\n    answer: No.\n  - question: Three {n}?\n    answer: Maybe.\n"),
        ));
    }
    let s = Site::new(
        config.clone(),
        crate::content::Content {
            pages,
            ..Default::default()
        },
    )
    .unwrap();
    // Articles first (2 results each), then FAQ pages (3 each).
    assert_eq!(
        result_runs(&s),
        [(0, 0), (256, 512), (512, 512 + 44 * 2 + 212 * 3)]
    );
    let f = all_files(&s);
    let meta: serde_json::Value = serde_json::from_slice(&f[0].1).unwrap();
    assert_eq!(meta["docs"], 300 * 2 + 300 * 3);
    let docs: Vec<&str> = f
        .iter()
        .filter(|(p, _)| p.starts_with("search/index/d/"))
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(docs.len(), 1500);
    assert!(docs.contains(&"search/index/d/1499.json"));
    // The dev server's writer gives the same files, the same id.
    let mut written = write_index(&Index::build(&s).snapshot(&s));
    let mut built = f.clone();
    written.sort();
    built.sort();
    assert_eq!(written, built);
    // And a changed result file changes the id, though no word changed.
    let ids = |f: &Files| -> String {
        let m: serde_json::Value = serde_json::from_slice(&f[0].1).unwrap();
        m["id"].as_str().unwrap().to_string()
    };
    let mut pages: Vec<_> = s.pages.clone();
    let i = s.by_rel["faq/f7.yaml"];
    pages[i] = page(
        "faq/f7.yaml".into(),
        "title: FAQ 7\nquestions:\n  - question: One 7?\n    answer: Yes!\n  - question: Two 7?\n    answer: No.\n  - question: Three 7?\n    answer: Maybe.\n".into(),
    );
    let s2 = Site::new(
        config,
        crate::content::Content {
            pages,
            ..Default::default()
        },
    )
    .unwrap();
    assert_ne!(ids(&index_files(&s2)), ids(&f));
    assert_eq!(
        index_files(&s2)[2..],
        index_files(&s)[2..],
        "the same shards"
    );
}

#[test]
fn tokenising_drops_stop_words_and_short_words() {
    let t = tokens("Can I run with Sciatica? A 5-minute check");
    assert_eq!(t, ["can", "run", "sciatica", "minute", "check"]);
}
