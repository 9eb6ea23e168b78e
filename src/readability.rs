//! Flesch–Kincaid grade level, for patient-facing text. Sentences are counted
//! per block (paragraph, list item, heading, table cell: a line of the page's
//! plain text), so a bullet list without full stops does not read as one
//! endless sentence.

/// Grade = 0.39 × words/sentences + 11.8 × syllables/words − 15.59.
/// `None` for text too short to grade meaningfully.
pub fn grade(text: &str) -> Option<f64> {
    let c = counts(text, count_syllables)?;
    Some(0.39 * c.words / c.sentences + 11.8 * c.syllables / c.words - 15.59)
}

/// How a language's text is scored, by its tag's primary subtag: English
/// by Flesch–Kincaid grade, Spanish by Fernández Huerta's reading ease;
/// `None` for a language lumbar has no formula for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    FleschKincaid,
    FernandezHuerta,
}

impl Formula {
    pub fn for_language(tag: &str) -> Option<Formula> {
        match crate::config::primary_subtag(tag).as_str() {
            "en" => Some(Formula::FleschKincaid),
            "es" => Some(Formula::FernandezHuerta),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Formula::FleschKincaid => "Flesch–Kincaid",
            Formula::FernandezHuerta => "Fernández Huerta",
        }
    }

    /// The text's school grade: Flesch–Kincaid's own, or Fernández Huerta's
    /// ease on its grade scale (90–100 about the 4th grade, 60–70 the 7th
    /// to 8th, below 30 university), so one `max_reading_grade` serves both.
    pub fn grade(self, text: &str) -> Option<f64> {
        match self {
            Formula::FleschKincaid => grade(text),
            Formula::FernandezHuerta => {
                let ease = fernandez_huerta(text)?;
                Some(4.0 + (100.0 - ease.clamp(0.0, 100.0)) / 10.0)
            }
        }
    }
}

/// Fernández Huerta's reading ease for Spanish (0–100, higher is easier):
/// 206.84 − 0.60 × syllables per 100 words − 1.02 × words per sentence,
/// Flesch's formula refitted to Spanish. (It is often printed with
/// "sentences per 100 words" in the last term, which scores short
/// sentences as harder; the words-per-sentence reading is Flesch's.)
pub fn fernandez_huerta(text: &str) -> Option<f64> {
    let c = counts(text, spanish_syllables)?;
    Some(206.84 - 60.0 * c.syllables / c.words - 1.02 * c.words / c.sentences)
}

struct Counts {
    words: f64,
    sentences: f64,
    syllables: f64,
}

/// Words, sentences and syllables, a block (line) at a time: a block
/// without a full stop is one sentence. `None` below 30 words.
fn counts(text: &str, syllables_of: fn(&str) -> usize) -> Option<Counts> {
    let (mut words, mut sentences, mut syllables) = (0usize, 0usize, 0usize);
    for block in text.lines() {
        let mut block_words = 0;
        let mut block_sentences = 0;
        let mut open = false;
        for token in block.split_whitespace() {
            let word: String = token
                .chars()
                .filter(|c| c.is_alphabetic() || *c == '\'')
                .collect();
            if !word.is_empty() {
                block_words += 1;
                syllables += syllables_of(&word);
                open = true;
            }
            if open && token.ends_with(['.', '!', '?']) {
                block_sentences += 1;
                open = false;
            }
        }
        if open {
            block_sentences += 1;
        }
        words += block_words;
        sentences += block_sentences;
    }
    if words < 30 || sentences == 0 {
        return None;
    }
    Some(Counts {
        words: words as f64,
        sentences: sentences as f64,
        syllables: syllables as f64,
    })
}

/// Spanish syllables: one per vowel group, except where two strong vowels
/// (a, e, o) meet or a weak one carries the stress mark (`día`, `oído`),
/// which Spanish says as two.
pub fn spanish_syllables(word: &str) -> usize {
    let strong = |c: char| matches!(c, 'a' | 'e' | 'o' | 'á' | 'é' | 'ó');
    let weak = |c: char| matches!(c, 'i' | 'u' | 'ü' | 'y');
    let stressed_weak = |c: char| matches!(c, 'í' | 'ú');
    let vowel = |c: char| strong(c) || weak(c) || stressed_weak(c);
    let chars: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    let mut count = 0;
    let mut prev: Option<char> = None;
    for (i, &c) in chars.iter().enumerate() {
        // `y` is a consonant before a vowel (`ya`, `mayo`).
        let v = vowel(c) && !(c == 'y' && chars.get(i + 1).is_some_and(|n| vowel(*n)));
        if v {
            let hiatus = prev
                .is_some_and(|p| (strong(p) && strong(c)) || stressed_weak(p) || stressed_weak(c));
            if prev.is_none() || hiatus {
                count += 1;
            }
            prev = Some(c);
        } else {
            prev = None;
        }
    }
    count.max(1)
}

/// English syllables by vowel groups, with the usual corrections for a
/// silent final "e" and "-le" endings. Good to within a syllable for most
/// words, which is all a grade estimate needs.
pub fn count_syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if w.is_empty() {
        return 0;
    }
    if w.len() <= 3 {
        return 1;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = w.len();
    // Silent final e ("make"), but not "-le" after a consonant ("table").
    let consonant_le = w[n - 2] == 'l' && !vowel(w[n - 3]);
    if w[n - 1] == 'e' && !consonant_le && count > 1 {
        count -= 1;
    }
    // "-ed" is usually silent unless after t or d ("wanted" vs "moved").
    if n > 3 && w[n - 2] == 'e' && w[n - 1] == 'd' && !matches!(w[n - 3], 't' | 'd') && count > 1 {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables() {
        for (w, n) in [
            ("back", 1),
            ("pain", 1),
            ("training", 2),
            ("table", 2),
            ("make", 1),
            ("moved", 1),
            ("wanted", 2),
            ("exercise", 3),
            ("the", 1),
            ("assessment", 3),
        ] {
            assert_eq!(count_syllables(w), n, "{w}");
        }
    }

    #[test]
    fn plain_text_grades_lower_than_dense_text() {
        let plain = "Keep moving. Walk each day. Rest when you need to. Sleep well at night. Lift light things first. Build up bit by bit. See us if it gets worse. Your back is strong. Most pain gets better.";
        let dense = "Intervertebral discogenic symptomatology frequently necessitates comprehensive multidisciplinary rehabilitation incorporating progressive neuromuscular stabilisation, individualised periodisation considerations and biopsychosocial contextualisation of nociceptive experiences.\n";
        let (p, d) = (grade(plain).unwrap(), grade(&dense.repeat(2)).unwrap());
        assert!(p < 4.0, "{p}");
        assert!(d > 20.0, "{d}");
        assert_eq!(grade("Too short."), None);
    }

    #[test]
    fn spanish_syllables_and_ease() {
        for (w, n) in [
            ("espalda", 3),
            ("dolor", 2),
            ("entrenamiento", 5),
            ("día", 2),
            ("ciática", 3),
            ("cuidar", 2),
            ("leer", 2),
            ("hoy", 1),
            ("mayo", 2),
        ] {
            assert_eq!(spanish_syllables(w), n, "{w}");
        }
        let plain = "Camine cada día. Descanse si lo necesita. Duerma bien. Levante poco peso al principio. Suba poco a poco. Si empeora, venga a vernos. Su espalda es fuerte. Casi siempre mejora.";
        let dense = "La sintomatología discogénica intervertebral frecuentemente requiere rehabilitación multidisciplinar exhaustiva con estabilización neuromuscular progresiva, periodización individualizada y contextualización biopsicosocial de experiencias nociceptivas.\n";
        let (p, d) = (
            fernandez_huerta(plain).unwrap(),
            fernandez_huerta(&dense.repeat(2)).unwrap(),
        );
        assert!(p > 80.0, "{p}");
        assert!(d < 30.0, "{d}");
        let f = Formula::for_language("es-ES").unwrap();
        assert!(f.grade(plain).unwrap() < 6.0);
        assert_eq!(Formula::for_language("cy"), None);
    }

    #[test]
    fn list_items_are_sentences() {
        let text = "Walk for ten minutes\n".repeat(10);
        assert!(grade(&text).unwrap() < 5.0, "{:?}", grade(&text));
        assert!(grade(&text.replace('\n', " ")).unwrap() > 9.0);
    }
}
