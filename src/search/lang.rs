//! What search knows of the site's language: its Snowball stemmer (the same
//! algorithm at build time through rust-stemmers and in the browser through
//! Snowball's own JavaScript, vendored in `snowball/`) and its stop words.
//! A language lumbar has no stemmer for is searched by whole words and
//! prefixes, with no stop words: better than dropping words that matter.

use rust_stemmers::{Algorithm, Stemmer};

/// A supported language: its stemmer on both sides and its stop words.
struct Spec {
    code: &'static str,
    algorithm: Algorithm,
    /// The Snowball class name the JavaScript defines.
    class: &'static str,
    js: &'static str,
    stop: &'static [&'static str],
}

const BASE_JS: &str = include_str!("snowball/base-stemmer.js");

const SPECS: &[Spec] = &[
    Spec {
        code: "en",
        algorithm: Algorithm::English,
        class: "English",
        js: include_str!("snowball/english.js"),
        stop: &[
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "do", "for", "from", "has",
            "have", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "so",
            "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was",
            "we", "were", "what", "when", "which", "who", "will", "with", "you", "your",
        ],
    },
    Spec {
        code: "es",
        algorithm: Algorithm::Spanish,
        class: "Spanish",
        js: include_str!("snowball/spanish.js"),
        stop: &[
            "a", "al", "algo", "algunas", "algunos", "ante", "antes", "como", "con", "contra",
            "cual", "cuando", "de", "del", "desde", "donde", "durante", "e", "el", "ella", "ellos",
            "en", "entre", "es", "esa", "ese", "eso", "esta", "estar", "estas", "este", "esto",
            "estos", "fue", "ha", "han", "hasta", "hay", "la", "las", "le", "les", "lo", "los",
            "me", "mi", "mis", "mucho", "muchos", "muy", "más", "mí", "nada", "ni", "no", "nos",
            "nosotros", "o", "otra", "otras", "otro", "otros", "para", "pero", "poco", "por",
            "porque", "que", "quien", "quienes", "qué", "se", "ser", "sin", "sobre", "son", "su",
            "sus", "sí", "también", "tanto", "te", "ti", "todo", "todos", "tu", "tus", "tú", "un",
            "una", "uno", "unos", "y", "ya", "yo", "él",
        ],
    },
    Spec {
        code: "fr",
        algorithm: Algorithm::French,
        class: "French",
        js: include_str!("snowball/french.js"),
        stop: &[
            "a", "au", "aux", "avec", "avoir", "ce", "ces", "cet", "cette", "ceux", "comme",
            "dans", "de", "des", "du", "elle", "en", "est", "et", "eux", "il", "ils", "je", "la",
            "le", "les", "leur", "lui", "ma", "mais", "me", "mes", "moi", "mon", "même", "ne",
            "nos", "notre", "nous", "on", "ont", "ou", "où", "par", "pas", "plus", "pour", "qu",
            "que", "qui", "sa", "se", "ses", "si", "son", "sont", "sur", "ta", "te", "tes", "toi",
            "ton", "tu", "un", "une", "vos", "votre", "vous", "été", "être",
        ],
    },
    Spec {
        code: "de",
        algorithm: Algorithm::German,
        class: "German",
        js: include_str!("snowball/german.js"),
        stop: &[
            "aber", "alle", "als", "also", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis",
            "bist", "da", "damit", "dann", "das", "dass", "dem", "den", "der", "des", "die",
            "dies", "diese", "dieser", "doch", "du", "durch", "ein", "eine", "einem", "einen",
            "einer", "eines", "er", "es", "für", "hat", "hatte", "ich", "ihr", "im", "in", "ist",
            "ja", "jetzt", "kann", "man", "mit", "nach", "nicht", "noch", "nur", "ob", "oder",
            "sein", "sich", "sie", "sind", "so", "um", "und", "uns", "von", "vor", "war", "was",
            "weil", "wenn", "wie", "wir", "wird", "zu", "zum", "zur", "über",
        ],
    },
    Spec {
        code: "it",
        algorithm: Algorithm::Italian,
        class: "Italian",
        js: include_str!("snowball/italian.js"),
        stop: &[
            "ad", "al", "alla", "alle", "allo", "anche", "che", "chi", "ci", "come", "con", "da",
            "dal", "dalla", "degli", "dei", "del", "della", "delle", "di", "e", "ed", "gli", "ha",
            "hanno", "i", "il", "in", "io", "la", "le", "lei", "lo", "loro", "lui", "ma", "mi",
            "ne", "nei", "nel", "nella", "noi", "non", "o", "per", "più", "quella", "quello",
            "questa", "questo", "se", "si", "sia", "sono", "su", "sua", "sue", "suo", "suoi", "ti",
            "tra", "tu", "un", "una", "uno", "voi", "è",
        ],
    },
    Spec {
        code: "pt",
        algorithm: Algorithm::Portuguese,
        class: "Portuguese",
        js: include_str!("snowball/portuguese.js"),
        stop: &[
            "a", "ao", "aos", "as", "com", "como", "da", "das", "de", "do", "dos", "e", "ela",
            "elas", "ele", "eles", "em", "entre", "era", "essa", "esse", "esta", "este", "eu",
            "foi", "há", "isso", "isto", "já", "lhe", "mais", "mas", "me", "meu", "minha", "muito",
            "na", "nas", "nem", "no", "nos", "não", "nós", "o", "os", "ou", "para", "pela",
            "pelas", "pelo", "pelos", "por", "qual", "quando", "que", "se", "sem", "ser", "seu",
            "seus", "sua", "suas", "são", "também", "te", "tem", "um", "uma", "você", "é",
        ],
    },
    Spec {
        code: "nl",
        algorithm: Algorithm::Dutch,
        class: "Dutch",
        js: include_str!("snowball/dutch.js"),
        stop: &[
            "aan", "al", "als", "bij", "dat", "de", "den", "der", "deze", "die", "dit", "doch",
            "door", "dus", "een", "en", "er", "ge", "geen", "had", "heb", "hebben", "heeft", "het",
            "hij", "hoe", "hun", "ik", "in", "is", "ja", "je", "kan", "kon", "maar", "me", "met",
            "mij", "mijn", "na", "naar", "niet", "niets", "nog", "nu", "of", "om", "omdat", "ons",
            "ook", "op", "over", "te", "tot", "u", "uit", "van", "veel", "voor", "want", "was",
            "wat", "we", "wel", "werd", "wie", "wij", "wil", "worden", "zal", "ze", "zich", "zij",
            "zijn", "zo", "zou",
        ],
    },
];

/// The languages with a stemmer, by primary subtag: what the README lists.
pub fn supported() -> impl Iterator<Item = &'static str> {
    SPECS.iter().map(|s| s.code)
}

/// Search's view of one language. Built once per index.
pub struct Language {
    spec: Option<&'static Spec>,
    stemmer: Option<Stemmer>,
}

impl Language {
    /// From a BCP 47 tag such as `en-GB`: its primary subtag picks the
    /// stemmer, case-insensitively.
    pub fn new(tag: &str) -> Language {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let spec = SPECS.iter().find(|s| s.code == primary);
        Language {
            spec,
            stemmer: spec.map(|s| Stemmer::create(s.algorithm)),
        }
    }

    pub fn code(&self) -> Option<&'static str> {
        self.spec.map(|s| s.code)
    }

    /// Sorted, for binary search; empty for a language without a list.
    pub fn stop_words(&self) -> &'static [&'static str] {
        self.spec.map_or(&[], |s| s.stop)
    }

    pub fn is_stop(&self, word: &str) -> bool {
        self.stop_words().binary_search(&word).is_ok()
    }

    /// A lowercased word's stem; the word itself without a stemmer.
    pub fn stem<'a>(&self, word: &'a str) -> std::borrow::Cow<'a, str> {
        match &self.stemmer {
            Some(s) => s.stem(word),
            None => std::borrow::Cow::Borrowed(word),
        }
    }

    /// The browser's stemmer as one self-contained script: under a browser it
    /// defines `lumbarStem(word)`, under node it is the module's export, so
    /// the parity test runs the very file the site serves.
    pub fn stem_js(&self) -> Option<String> {
        let s = self.spec?;
        Some(format!(
            "(function(){{\"use strict\";var BaseStemmer,{c};\n{BASE_JS}\n{js}\nvar s=new {c}();\
             var f=function(w){{return s.stemWord(w);}};\
             if(typeof module!==\"undefined\"&&module.exports)module.exports=f;else globalThis.lumbarStem=f;}})();\n",
            c = s.class,
            js = s.js
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_lists_are_sorted_and_unique() {
        for s in SPECS {
            assert!(s.stop.windows(2).all(|w| w[0] < w[1]), "{}", s.code);
        }
    }

    #[test]
    fn primary_subtag_picks_the_stemmer() {
        let en = Language::new("en-GB");
        assert_eq!(en.code(), Some("en"));
        assert_eq!(en.stem("stretching"), "stretch");
        assert_eq!(en.stem("stretches"), "stretch");
        assert!(en.is_stop("the") && !en.is_stop("back"));
        assert_eq!(Language::new("DE").stem("schmerzen"), "schmerz");
        let none = Language::new("hi");
        assert_eq!(none.code(), None);
        assert_eq!(none.stem("running"), "running");
        assert!(!none.is_stop("the"));
        assert!(none.stem_js().is_none());
        assert!(en.stem_js().unwrap().contains("new English()"));
    }
}
