//! Search as patients use it, on the example site: the theme's own
//! `search.js` runs under node (tests/js/search-node.js) over the index a real
//! build wrote, so what is asserted here is what the browser would show.

use crate::common::build;
use std::io::Write;
use std::process::{Command, Stdio};

/// What a patient types, and an address (a page, or a page and anchor) that
/// must be among the first three results. Symptoms, lay words, synonyms,
/// misspellings and whole questions.
const QUERIES: &[(&str, &str)] = &[
    // Whole questions, as typed into a search box
    (
        "can i keep training with back pain",
        "/faq/can-i-keep-training/#can-i-keep-training-with-back-pain",
    ),
    (
        "Can I keep training with back pain?",
        "/faq/can-i-keep-training/#can-i-keep-training-with-back-pain",
    ),
    (
        "should i wear a belt when lifting",
        "/faq/can-i-keep-training/#should-i-wear-a-lifting-belt",
    ),
    (
        "should i stop squatting",
        "/faq/can-i-keep-training/#should-i-stop-deadlifting-and-squatting",
    ),
    (
        "is it normal to be sore the day after",
        "/faq/can-i-keep-training/#is-it-normal-for-my-back-to-hurt-the-day-after-training",
    ),
    (
        "why does my back hurt when i lift",
        "/faq/when-to-stop-self-managing/#why-does-my-back-hurt-when-i-lift-weights",
    ),
    (
        "when should i see someone about my back",
        "/training/when-to-get-assessed/",
    ),
    (
        "what to do when my back flares up",
        "/faq/when-to-stop-self-managing/#what-should-i-do-on-the-day-my-back-flares-up",
    ),
    // Symptoms and warning signs: the care cards and the page that has them
    (
        "numbness in my legs",
        "/training/when-to-get-assessed/#warning-signs-that-need-a-prompt-check",
    ),
    ("bladder problems", "/training/when-to-get-assessed/"),
    ("cauda equina", "/training/when-to-get-assessed/"),
    ("red flags", "/training/when-to-get-assessed/"),
    ("pins and needles", "/training/when-to-get-assessed/"),
    ("weakness in leg", "/training/when-to-get-assessed/"),
    ("sciatica", "/training/when-to-get-assessed/"),
    ("emergency", "/training/when-to-get-assessed/"),
    // Lay words and the site's synonyms
    ("physio", "/people/maya-okafor/"),
    ("chiropractor", "/people/tom-reyes/"),
    ("insomnia", "/training/recovery/"),
    ("slipped disc", "/training/when-to-get-assessed/"),
    (
        "sore back next day",
        "/faq/can-i-keep-training/#is-it-normal-for-my-back-to-hurt-the-day-after-training",
    ),
    (
        "heat or ice",
        "/training/recovery/#heat-ice-and-other-comforts",
    ),
    ("core exercises", "/training/core-stability/"),
    ("plank", "/training/core-stability/"),
    ("sleep", "/training/recovery/#sleep-comes-first"),
    (
        "rounded back",
        "/faq/when-to-stop-self-managing/#does-lifting-with-a-rounded-back-cause-injury",
    ),
    ("afraid of pain", "/training/why-back-pain-slows-training/"),
    (
        "lifting belt",
        "/faq/can-i-keep-training/#should-i-wear-a-lifting-belt",
    ),
    // Other forms of a word (stemming)
    ("stretching", "/training/mobility/"),
    ("stretches", "/training/mobility/"),
    (
        "deadlifts",
        "/faq/when-to-stop-self-managing/#why-does-my-back-hurt-more-after-deadlifts-than-squats",
    ),
    ("recovering between sessions", "/training/recovery/"),
    ("drills for mobility", "/training/mobility/"),
    // Misspellings
    ("sciatca", "/training/when-to-get-assessed/"),
    (
        "deadlfit",
        "/faq/can-i-keep-training/#should-i-stop-deadlifting-and-squatting",
    ),
    ("mobilty", "/training/mobility/"),
    ("recovry", "/training/recovery/"),
    // Still being typed: the last word is a prefix
    ("core stab", "/training/core-stability/"),
];

/// The first results of each query, run by the theme's script over `public`.
fn search(public: &std::path::Path, queries: &[&str]) -> serde_json::Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/js/search-node.js");
    let mut child = Command::new("node")
        .arg(script)
        .arg(public)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node is needed for this test (apt-get install nodejs)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(queries).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "search-node.js failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The example site built once for these tests (they only read it), on a
/// fixed day so every article but the scheduled one is published. Into
/// cargo's folder for test files, replaced by each run's build.
fn example_build() -> &'static std::path::Path {
    static BUILT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("search-example");
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        build(
            repo,
            &[
                "--output",
                out.to_str().unwrap(),
                "--allow-outside-output",
                "--today",
                "2026-12-01",
            ],
        );
        out
    })
}

fn urls(result: &serde_json::Value) -> Vec<String> {
    result["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn patients_find_the_page_they_need_in_the_first_three() {
    let public = example_build();
    let queries: Vec<&str> = QUERIES.iter().map(|(q, _)| *q).collect();
    let results = search(public, &queries);
    let mut missed = Vec::new();
    for ((q, want), r) in QUERIES.iter().zip(results.as_array().unwrap()) {
        let top: Vec<String> = urls(r).into_iter().take(3).collect();
        if !top.iter().any(|u| u.starts_with(want)) {
            missed.push(format!("{q:?}: wanted {want}, got {top:?}"));
        }
    }
    let recall = 1.0 - missed.len() as f64 / QUERIES.len() as f64;
    println!(
        "recall@3 over {} queries: {:.1} %",
        QUERIES.len(),
        recall * 100.0
    );
    for m in &missed {
        println!("missed {m}");
    }
    assert!(QUERIES.len() >= 30);
    assert!(
        recall >= 0.9,
        "recall@3 {:.0} %, missed:\n{}",
        recall * 100.0,
        missed.join("\n")
    );
}

#[test]
fn results_show_the_answer_with_the_words_highlighted_and_typos_stay_rare() {
    let public = example_build();
    let results = search(
        public,
        &[
            "lifting belt",
            "belt",
            "xylophone quartz",
            "sciatica zebra",
            "red flags",
        ],
    );
    // A FAQ hit shows the answer's text, the query's words marked.
    let belt = &results[0]["results"][0];
    assert_eq!(belt["kind"], "q");
    assert_eq!(belt["title"], "Should I wear a lifting belt?");
    assert_eq!(
        belt["context"],
        "Training with back pain: your questions answered"
    );
    let marked: Vec<String> = belt["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p[1] == true)
        .map(|p| p[0].as_str().unwrap().to_lowercase())
        .collect();
    assert!(marked.iter().any(|m| m == "belt"), "{belt}");
    // "belt" (four letters) is not guessed as "best", "felt" or "bent":
    // every result really has the word.
    for r in results[1]["results"].as_array().unwrap() {
        let text: String = r["snippet"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[0].as_str().unwrap())
            .collect::<String>()
            + r["title"].as_str().unwrap();
        assert!(text.to_lowercase().contains("belt"), "{r}");
    }
    // Nothing at all: no results, not a page with a guessed word.
    assert_eq!(results[2]["total"], 0);
    assert_eq!(results[2]["partial"], false);
    // Some words found: the pages with some of them, said to be partial.
    assert_eq!(results[3]["partial"], true);
    assert!(results[3]["total"].as_u64().unwrap() > 0);
    // Warning signs: the emergency card comes first, as a card of its own
    // whose context says what kind of card it is.
    let first = &results[4]["results"][0];
    assert_eq!(first["kind"], "c", "{first}");
    assert!(
        first["title"].as_str().unwrap().starts_with("Call 999"),
        "{first}"
    );
    assert!(
        first["context"]
            .as_str()
            .unwrap()
            .starts_with("Emergency · "),
        "{first}"
    );
}

#[test]
fn a_query_fetches_only_the_index_files_it_needs() {
    let public = example_build();
    let results = search(public, &["sciatica", "sleep"]);
    let fetched = |r: &serde_json::Value| -> Vec<String> {
        r["fetched"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect()
    };
    let first = fetched(&results[0]);
    // The manifest, the stemmer, a term shard and the shown results' files.
    assert!(first[0].starts_with("/search/index/meta.json"), "{first:?}");
    assert!(first.iter().any(|f| f.starts_with("/search/index/stem.js")));
    assert!(first.iter().any(|f| f.starts_with("/search/index/t/")));
    let docs = first
        .iter()
        .filter(|f| f.starts_with("/search/index/d/"))
        .count();
    assert_eq!(docs as u64, results[0]["total"].as_u64().unwrap().min(8));
    // Typo lists are fetched only to correct a typo.
    assert!(
        !first.iter().any(|f| f.starts_with("/search/index/v/")),
        "{first:?}"
    );
    // A second query reuses what the first fetched: no manifest again.
    let second = fetched(&results[1]);
    assert!(
        !second
            .iter()
            .any(|f| f.contains("meta.json") || f.contains("stem.js")),
        "{second:?}"
    );
    // Every file named by the index's version, so a browser never mixes two.
    assert!(
        first
            .iter()
            .chain(&second)
            .skip(1)
            .all(|f| f.contains("?v=")),
        "{first:?}"
    );
}

/// The script finds a word's shard by comparing strings as JavaScript does,
/// in UTF-16 order, which is not Rust's for characters beyond U+FFFF (a
/// CJK Extension B ideograph such as 𠀋) beside U+E000–U+FFFF (halfwidth
/// katakana such as ｱ). With enough of both words to fill several shards,
/// each is still found.
#[test]
fn words_beyond_the_basic_plane_are_found_in_their_shard() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    crate::common::write(
        root,
        "site.toml",
        "title = \"T\"\nbase_url = \"https://t.test\"\nlanguage = \"ja\"\n",
    );
    let words: Vec<String> = (0..2500)
        .flat_map(|n| [format!("𠀋{n}"), format!("ｱｲ{n}"), format!("w{n}x")])
        .collect();
    crate::common::write(
        root,
        "content/a.md",
        format!(
            "---\ntitle: Words\ndate: 2024-01-01\n---\n\n{}\n",
            words.join(" ")
        ),
    );
    build(root, &[]);
    let public = root.join("public");
    let shards = crate::common::read(&public, "search/index/meta.json");
    let meta: serde_json::Value = serde_json::from_str(&shards).unwrap();
    assert!(meta["shards"].as_array().unwrap().len() > 4, "{meta}");
    let queries = [
        "𠀋0",
        "𠀋1249",
        "𠀋2499",
        "ｱｲ0",
        "ｱｲ1777",
        "ｱｲ2499",
        "w2000x",
    ];
    let results = search(&public, &queries);
    for (q, r) in queries.iter().zip(results.as_array().unwrap()) {
        assert_eq!(r["total"], 1, "{q}: {r}");
    }
}
