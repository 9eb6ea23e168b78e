//! Writes the index's own files from its postings: the manifest, the
//! stemmer, term shards and typo lists (result files are written by
//! [`super::results`]).

use super::{Files, Language, Settings, BODY, DESCRIPTION, HEADING, INDEX_DIR, TITLE};
use crate::text::script_safe_json;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;
use std::hash::Hasher;

/// Strings compared as JavaScript compares them, by UTF-16 code units.
pub(super) fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Postings as the script reads them: each result as the distance from the
/// previous one, with the weight code beside it in the same number (× 4 +
/// code): fewer, shorter numbers to download and parse.
fn write_postings(out: &mut String, list: &[u32]) {
    out.push('[');
    let mut prev = 0;
    for (j, p) in list.iter().enumerate() {
        if j > 0 {
            out.push(',');
        }
        let doc = p >> 2;
        let _ = write!(out, "{}", (doc - prev) * 4 + (p & 3));
        prev = doc;
    }
    out.push(']');
}

/// One shard key: its own postings if it is a word of the site, and the
/// other words that share it as their stem.
struct Key<'a> {
    key: &'a str,
    /// Taken when written: on a large site the postings and their JSON are
    /// most of the build's memory at that point, and need not be held both.
    postings: Option<Vec<u32>>,
    /// Whether the key is a word of the site (has postings of its own).
    word: bool,
    forms: Vec<&'a str>,
}

/// The manifest, stemmer, term shards and typo lists of an index of
/// `doc_count` results whose files add up to `digest`.
pub(super) fn serialise(
    settings: &Settings,
    lang: &Language,
    doc_count: u32,
    digest: u64,
    terms: Vec<(&str, Vec<u32>)>,
) -> Files {
    let stems: Vec<String> = terms
        .par_iter()
        .map(|(t, _)| lang.stem(t).into_owned())
        .collect();
    let words: Vec<&str> = terms.iter().map(|(t, _)| *t).collect();
    let mut keys: HashMap<&str, Key> = terms
        .into_iter()
        .map(|(t, l)| {
            (
                t,
                Key {
                    key: t,
                    postings: Some(l),
                    word: true,
                    forms: Vec::new(),
                },
            )
        })
        .collect();
    for (t, stem) in words.iter().zip(&stems) {
        if stem != t {
            let k = keys.entry(stem.as_str()).or_insert_with(|| Key {
                key: stem,
                postings: None,
                word: false,
                forms: Vec::new(),
            });
            k.forms.push(t);
        }
    }
    let mut keys: Vec<Key> = keys.into_values().collect();
    // In UTF-16 order, the order of the script's string comparisons: it
    // differs from Rust's for a word with a character beyond U+FFFF (a rare
    // CJK ideograph) beside one from U+E000–U+FFFF (halfwidth katakana), and
    // a shard looked up in the wrong order is a word not found.
    keys.par_sort_unstable_by(|a, b| utf16_cmp(a.key, b.key));
    let mut entries: Vec<String> = keys
        .par_iter_mut()
        .map(|k| {
            k.forms.sort_unstable();
            let postings = k.postings.take();
            let mut e = String::with_capacity(16 + postings.as_ref().map_or(0, |p| p.len() * 3));
            e.push('[');
            e.push_str(&script_safe_json(&k.key));
            e.push(',');
            match postings {
                Some(p) => write_postings(&mut e, &p),
                None => e.push('0'),
            }
            if !k.forms.is_empty() {
                e.push(',');
                e.push_str(&script_safe_json(&k.forms));
            }
            e.push(']');
            e
        })
        .collect();
    // Cut into shards of about SHARD_BYTES, each named by its first key.
    let mut shards: Vec<(usize, usize)> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, e) in entries.iter().enumerate() {
        if bytes >= SHARD_BYTES {
            shards.push((start, i));
            (start, bytes) = (i, 0);
        }
        bytes += e.len() + 1;
    }
    if start < entries.len() {
        shards.push((start, entries.len()));
    }
    let dir = INDEX_DIR.trim_start_matches('/');
    let mut files: Files = Vec::with_capacity(shards.len() + 40);
    // Last shard first, each entry let go once copied into its shard: the
    // entries are not held twice.
    for (n, &(a, b)) in shards.iter().enumerate().rev() {
        let mut shard =
            Vec::with_capacity(entries[a..b].iter().map(|e| e.len() + 1).sum::<usize>() + 1);
        shard.push(b'[');
        for (j, e) in entries.drain(a..b).enumerate() {
            if j > 0 {
                shard.push(b',');
            }
            shard.extend_from_slice(e.as_bytes());
        }
        shard.push(b']');
        files.push((format!("{dir}t/{n}.json"), shard));
    }
    files.reverse();
    // The words of the site by first letter, for typo correction.
    let mut vocab: BTreeMap<char, Vec<&str>> = BTreeMap::new();
    for k in keys.iter().filter(|k| k.word) {
        if let Some(c) = k.key.chars().next() {
            vocab.entry(c).or_default().push(k.key);
        }
    }
    files.extend(vocab.iter().map(|(c, words)| {
        (
            format!("{dir}v/{:x}.json", *c as u32),
            script_safe_json(words).into_bytes(),
        )
    }));
    // One id for this version of the index: the script asks for its other
    // files with `?v=id`, so a browser never mixes two versions' files.
    let mut hasher = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    hasher.write_u64(digest);
    for (path, bytes) in &files {
        hasher.write(path.as_bytes());
        hasher.write(bytes);
    }
    let id = format!("{:x}", hasher.finish() & 0xff_ffff_ffff);
    let stem_js = lang.stem_js();
    let meta = serde_json::json!({
        "v": 3,
        "lang": lang.code(),
        "stem": stem_js.as_ref().map(|_| "stem.js"),
        "stop": lang.stop_words(),
        "weights": [BODY, DESCRIPTION, HEADING, TITLE],
        "syn": settings.synonyms,
        "docs": doc_count,
        "shards": shards.iter().map(|&(a, _)| keys[a].key).collect::<Vec<_>>(),
        "id": id,
    });
    let mut out: Files = vec![(
        format!("{dir}meta.json"),
        script_safe_json(&meta).into_bytes(),
    )];
    if let Some(js) = stem_js {
        out.push((format!("{dir}stem.js"), js.into_bytes()));
    }
    out.extend(files);
    out
}

/// Roughly how many bytes of entries a term shard holds before the next
/// starts: about 8 KB once compressed, so a query's few shards stay small
/// while the manifest's list of shards stays short on large sites.
pub(super) const SHARD_BYTES: usize = 24_000;
