//! The browser's search script must split, lowercase and stem words exactly
//! as lumbar does when it builds the index, or a query finds nothing: it once
//! split Hindi words into letters and dropped them. These run the theme's
//! `search.js` tokenizer and the index's Snowball stemmers under node and
//! compare them with `lumbar::search`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SAMPLES: &[&str] = &[
    // Latin with accents, apostrophes, hyphens, numbers
    "Rückenschmerzen beim Kreuzheben: was tun?",
    "Douleur lombaire, sciatique & reprise du sport à 40 ans",
    "Dolor de espalda — ¿puedo seguir entrenando? Año 2026",
    "patient's own plan; L4-L5 disc; 3x10 reps @ 60%",
    "Ærøskøbing, Łódź, Dvořák, Þórr, straße, ÉCOLE, İstanbul, DİYARBAKIR",
    // Cyrillic, Greek (a word-final capital sigma lowercases to ς)
    "Боль в пояснице при становой тяге",
    "ΠΟΝΟΣ ΣΤΗ ΜΕΣΗ ΚΑΙ ΟΔΟΣ; Οδυσσέας",
    // Hindi and other Indic scripts with vowel signs
    "हिंदी में कमर दर्द और व्यायाम",
    "தமிழ் முதுகு வலி",
    "কোমরে ব্যথা",
    // CJK, Thai, Arabic, Hebrew
    "腰痛と筋トレ 椎間板ヘルニア",
    "腰痛 训练 康复",
    "요통 운동",
    "ปวดหลัง ออกกำลังกาย",
    "ألم أسفل الظهر والتمارين",
    "כאבי גב תחתון",
    // Emoji, symbols, mixed scripts, single letters and stop words
    "💪 back pain 🏋️‍♀️ squat👍deadlift ✔ a b c I am the best",
    "x² ½ ⅓ Ⅻ ①②③ 𝒜𝒷𝒸 𝟙𝟚 ﬁ ﬃ",
    "e\u{301}cole cafe\u{301} n\u{303}",
];

fn node() -> Option<String> {
    ["node", "nodejs"]
        .into_iter()
        .find(|n| {
            Command::new(n)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(str::to_string)
}

#[test]
fn search_js_tokenises_like_the_index() {
    let Some(node) = node() else {
        // The test script installs node; a developer without it is told.
        panic!("node is needed for this test (apt-get install nodejs)");
    };
    let script = format!(
        "const t = require({:?});\
         let input = ''; process.stdin.setEncoding('utf8'); process.stdin.on('data', d => input += d);\
         process.stdin.on('end', () => {{\
           const lines = JSON.parse(input);\
           process.stdout.write(JSON.stringify({{ tokens: lines.map((l) => t.tokens(l)), stop: t.STOP, weights: t.WEIGHTS }}));\
         }});",
        concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/js/search.js")
    );
    let v = run_node(&node, &script, &serde_json::to_string(SAMPLES).unwrap());
    for (i, sample) in SAMPLES.iter().enumerate() {
        let js: Vec<String> = serde_json::from_value(v["tokens"][i].clone()).unwrap();
        let rust = lumbar::search::tokens(sample);
        assert_eq!(js, rust, "{sample:?}");
    }
    // The script's defaults (before the manifest arrives) equal what an
    // English site's manifest carries.
    let files = lumbar::search::index_files(&empty_site());
    assert_eq!(files[0].0, "search/index/meta.json");
    let meta: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
    assert_eq!(v["stop"], meta["stop"]);
    assert_eq!(v["weights"], meta["weights"]);
    // The cases that once broke.
    assert_eq!(
        lumbar::search::tokens("हिंदी"),
        ["हिंदी"],
        "a Hindi word stays one word"
    );
    assert_eq!(lumbar::search::tokens("ΟΔΟΣ"), ["οδος"]);
}

/// Runs `script` under node with `input` on its standard input and parses
/// what it prints as JSON.
fn run_node(node: &str, script: &str, input: &str) -> serde_json::Value {
    let mut child = Command::new(node)
        .args(["-e", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Debian's word lists (packages wamerican, wspanish, …; the test script
/// installs them), one per language search stems.
fn word_list(code: &str) -> PathBuf {
    let name = match code {
        "en" => "american-english",
        "es" => "spanish",
        "fr" => "french",
        "de" => "ngerman",
        "it" => "italian",
        "pt" => "portuguese",
        "nl" => "dutch",
        other => panic!("no word list named for {other}: add one here and to scripts/test.sh"),
    };
    Path::new("/usr/share/dict").join(name)
}

/// The browser stems as the index does: for every language with a stemmer,
/// 5,000 words of its dictionary (every n-th, so all letters and endings
/// are covered), lowercased as the tokenizer lowercases them, are stemmed by
/// the very `stem.js` the index publishes and by rust-stemmers.
#[test]
fn browser_stemmers_stem_like_the_index() {
    let node = node().expect("node is needed for this test (apt-get install nodejs)");
    let dir = tempfile::tempdir().unwrap();
    let mut languages = 0;
    let mut problems = Vec::new();
    for code in lumbar::search::supported() {
        let list = word_list(code);
        let text = std::fs::read_to_string(&list).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (apt-get install the w* word lists; scripts/test.sh does)",
                list.display()
            )
        });
        let all: Vec<String> = text
            .lines()
            .filter(|w| !w.contains('\''))
            .map(|w| w.to_lowercase())
            .collect();
        let step = (all.len() / 5000).max(1);
        let words: Vec<&String> = all.iter().step_by(step).take(5000).collect();
        assert!(words.len() >= 4000, "{code}: only {} words", words.len());
        let lang = lumbar::search::Language::new(code);
        let js = dir.path().join(format!("{code}.js"));
        std::fs::write(&js, lang.stem_js().unwrap()).unwrap();
        let script = format!(
            "const stem = require({js:?});\
             let input = ''; process.stdin.setEncoding('utf8'); process.stdin.on('data', d => input += d);\
             process.stdin.on('end', () => process.stdout.write(JSON.stringify(JSON.parse(input).map(stem))));"
        );
        let v = run_node(&node, &script, &serde_json::to_string(&words).unwrap());
        let stems = v.as_array().unwrap();
        let mut differ = Vec::new();
        let mut changed = 0;
        for (w, js) in words.iter().zip(stems) {
            let rust = lang.stem(w);
            changed += usize::from(rust != w.as_str());
            if js.as_str() != Some(&*rust) {
                differ.push(format!("{w}: rust {rust}, js {js}"));
            }
        }
        if !differ.is_empty() {
            problems.push(format!(
                "{code}: {} of {} words differ, e.g. {:?}",
                differ.len(),
                words.len(),
                &differ[..differ.len().min(10)]
            ));
        }
        // A stemmer that returned every word unchanged would pass the above.
        if changed * 5 < words.len() {
            problems.push(format!("{code}: only {changed} words stemmed"));
        }
        languages += 1;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(languages, 7);
}

fn empty_site() -> lumbar::site::Site {
    let config = lumbar::config::Config::parse(
        std::path::Path::new("site.toml"),
        "title = \"T\"\nbase_url = \"https://t.test\"\n",
    )
    .unwrap();
    lumbar::site::Site::new(config, Default::default()).unwrap()
}
