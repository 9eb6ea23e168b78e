//! The browser's search script must split and lowercase words exactly as
//! lumbar does when it builds the index, or a query finds nothing: it once
//! split Hindi words into letters and dropped them. This runs the theme's
//! `search.js` tokenizer under node on a multilingual word list and compares
//! it with `lumbar::search::tokens`.

use std::io::Write;
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

/// ASCII headings, as authors write them.
const HEADINGS: &[&str] = &[
    "When to get assessed",
    "  Can I keep training?  ",
    "Patient's guide: week 1--2",
    "L4/L5 disc (MRI) & you",
    "100% effort -- or 60%?",
    "Don't stop moving!",
    "a_b-c.d",
    "---",
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
        "const HEADINGS = {};\
         const t = require({:?});\
         let input = ''; process.stdin.on('data', d => input += d);\
         process.stdin.on('end', () => {{\
           const lines = JSON.parse(input);\
           process.stdout.write(JSON.stringify({{ tokens: lines.map(t.tokens), slugs: HEADINGS.map(t.slug), stop: t.STOP, weights: t.WEIGHTS }}));\
         }});",
        serde_json::to_string(HEADINGS).unwrap(),
        concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/js/search.js")
    );
    let mut child = Command::new(node)
        .args(["-e", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(SAMPLES).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for (i, sample) in SAMPLES.iter().enumerate() {
        let js: Vec<String> = serde_json::from_value(v["tokens"][i].clone()).unwrap();
        let rust = lumbar::search::tokens(sample);
        assert_eq!(js, rust, "{sample:?}");
    }
    // The script derives the anchors of ASCII headings itself (the index
    // stores ids only for the others): the same slugs lumbar gives them.
    for (i, heading) in HEADINGS.iter().enumerate() {
        assert_eq!(v["slugs"][i], lumbar::text::slugify(heading), "{heading:?}");
    }
    // The script's defaults equal what the index carries.
    let json = lumbar::search::index_json(&empty_site());
    let index: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["stop"], index["stop"]);
    assert_eq!(v["weights"], index["weights"]);
    // The cases that once broke.
    assert_eq!(
        lumbar::search::tokens("हिंदी"),
        ["हिंदी"],
        "a Hindi word stays one word"
    );
    assert_eq!(lumbar::search::tokens("ΟΔΟΣ"), ["οδος"]);
}

fn empty_site() -> lumbar::site::Site {
    let config = lumbar::config::Config::parse(
        std::path::Path::new("site.toml"),
        "title = \"T\"\nbase_url = \"https://t.test\"\n",
    )
    .unwrap();
    lumbar::site::Site::new(config, Default::default()).unwrap()
}
