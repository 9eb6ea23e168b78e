//! Flesch–Kincaid grade level, for patient-facing text. Sentences are counted
//! per block (paragraph, list item, heading, table cell: a line of the page's
//! plain text), so a bullet list without full stops does not read as one
//! endless sentence.

/// Grade = 0.39 × words/sentences + 11.8 × syllables/words − 15.59.
/// `None` for text too short to grade meaningfully.
pub fn grade(text: &str) -> Option<f64> {
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
                syllables += count_syllables(&word);
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
    Some(0.39 * words as f64 / sentences as f64 + 11.8 * syllables as f64 / words as f64 - 15.59)
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
    fn list_items_are_sentences() {
        let text = "Walk for ten minutes\n".repeat(10);
        assert!(grade(&text).unwrap() < 5.0, "{:?}", grade(&text));
        assert!(grade(&text.replace('\n', " ")).unwrap() > 9.0);
    }
}
