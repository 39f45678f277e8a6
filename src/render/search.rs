//! The search index: built at build time, written as a JS file that sets a global, so the site
//! searches from `file://` too (a `<script>` loads where `fetch` is refused).
//!
//! Han, Kana and Hangul runs are indexed as overlapping bigrams, so any substring of two or more
//! characters finds a document, across word boundaries a segmenter would draw; other letters and
//! digits form lower-cased words, found by prefix. `site.js` splits queries the same way. Each
//! document also carries its plain text (capped) so results can show a snippet around the match
//! and Chinese matches can be confirmed as real substrings.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::html::plain_text;
use super::i18n::Lang;
use super::site::{Site, encode_path, page_path};
use crate::model::{Document, Kind};

/// Characters of a document's text kept for snippets.
pub const TEXT_CAP: usize = 3000;

/// Scripts searched by bigrams rather than words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xAC00..=0xD7AF | 0x20000..=0x2FFFF)
}

/// The terms of a text: bigrams of CJK runs (a lone character stands for itself) and
/// lower-cased words of two or more letters or digits.
pub fn terms(text: &str, grams: &mut Vec<String>, words: &mut Vec<String>) {
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_run = |run: &mut Vec<char>, grams: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => grams.push(run[0].to_string()),
            _ => grams.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
        }
        run.clear();
    };
    let flush_word = |word: &mut String, words: &mut Vec<String>| {
        if word.chars().count() >= 2 {
            words.push(std::mem::take(word));
        }
        word.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            flush_word(&mut word, words);
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_run(&mut run, grams);
            word.extend(c.to_lowercase());
        } else {
            flush_run(&mut run, grams);
            flush_word(&mut word, words);
        }
    }
    flush_run(&mut run, grams);
    flush_word(&mut word, words);
}

/// Fields that hold ids, durations or flags rather than words a reader would search for (their
/// targets' titles are searchable on their own pages).
const NOT_TEXT: &[&str] = &[
    "id",
    "role",
    "sop",
    "next",
    "kpis",
    "workflow",
    "applies_to",
    "audience",
    "responders",
    "escalation",
    "reports_to",
    "department",
    "lead",
    "step",
    "within",
    "respond_within",
    "frequency",
    "approval",
    "date",
    "last",
    "every",
];

/// The string values of the kind's fields, for the text of a document.
fn field_text(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::String(s) => plain_text(s, out),
        serde_json::Value::Array(items) => items.iter().for_each(|v| field_text(v, out)),
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(key, _)| !NOT_TEXT.contains(&key.as_str()))
            .for_each(|(_, v)| field_text(v, out)),
        _ => {}
    }
}

/// A document's searchable text: tags, owners, kind fields, then the body.
fn document_text(doc: &Document) -> String {
    let mut text = String::new();
    for tag in &doc.meta.tags {
        text.push_str(tag);
        text.push(' ');
    }
    if let Ok(value) = serde_json::to_value(&doc.data) {
        field_text(&value, &mut text);
    }
    plain_text(doc.body(), &mut text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Serialize)]
struct Index<'a> {
    /// Kind name to its label for result badges.
    kinds: BTreeMap<&'static str, &'static str>,
    /// `[href from the root, title, kind, summary, text, text cut short (0/1)]`
    docs: Vec<(String, &'a str, &'static str, &'a str, String, u8)>,
    /// Term to the documents holding it: numbers into `docs`, delta-encoded in base 36.
    grams: BTreeMap<String, String>,
    words: BTreeMap<String, String>,
}

fn postings(docs: &[u32]) -> String {
    let mut out = String::new();
    let mut last = 0;
    for (n, &d) in docs.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        out.push_str(&base36(d - last));
        last = d;
    }
    out
}

fn base36(mut n: u32) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = Vec::new();
    loop {
        buf.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    buf.reverse();
    String::from_utf8(buf).expect("ascii digits")
}

/// The contents of `search-index.js`.
pub fn build(site: &Site, lang: Lang) -> String {
    let docs: Vec<usize> = site
        .home
        .into_iter()
        .chain(site.order.iter().copied())
        .collect();
    struct Entry<'a> {
        doc: &'a Document,
        text: String,
        grams: Vec<String>,
        words: Vec<String>,
    }
    let entries: Vec<Entry> = docs
        .par_iter()
        .map(|&i| {
            let doc = site.doc(i);
            let text = document_text(doc);
            let mut grams = Vec::new();
            let mut words = Vec::new();
            let summary = doc.meta.summary.as_deref().unwrap_or("");
            for part in [doc.title(), summary, &doc.id, &text] {
                terms(part, &mut grams, &mut words);
            }
            grams.sort_unstable();
            grams.dedup();
            words.sort_unstable();
            words.dedup();
            Entry {
                doc,
                text,
                grams,
                words,
            }
        })
        .collect();
    let mut grams: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut words: HashMap<&str, Vec<u32>> = HashMap::new();
    for (n, e) in entries.iter().enumerate() {
        for g in &e.grams {
            grams.entry(g).or_default().push(n as u32);
        }
        for w in &e.words {
            words.entry(w).or_default().push(n as u32);
        }
    }
    let encode = |map: HashMap<&str, Vec<u32>>| -> BTreeMap<String, String> {
        map.into_iter()
            .map(|(t, d)| (t.to_string(), postings(&d)))
            .collect()
    };
    let index = Index {
        kinds: Kind::ALL
            .iter()
            .map(|&k| (k.name(), lang.kind_name(k)))
            .collect(),
        grams: encode(grams),
        words: encode(words),
        docs: entries
            .iter()
            .map(|e| {
                let cut = e.text.char_indices().nth(TEXT_CAP).map(|(at, _)| at);
                let text = match cut {
                    Some(at) => e.text[..at].to_string(),
                    None => e.text.clone(),
                };
                (
                    encode_path(&page_path(e.doc)),
                    e.doc.title(),
                    e.doc.kind.name(),
                    e.doc.meta.summary.as_deref().unwrap_or(""),
                    text,
                    u8::from(cut.is_some()),
                )
            })
            .collect(),
    };
    let json = serde_json::to_string(&index).expect("the index serializes");
    // The BOM makes browsers read the file as UTF-8 whatever the server or file system says.
    format!("\u{feff}window.OPSBOOK_SEARCH = {json};\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> (Vec<String>, Vec<String>) {
        let (mut g, mut w) = (Vec::new(), Vec::new());
        terms(text, &mut g, &mut w);
        (g, w)
    }

    #[test]
    fn han_runs_become_overlapping_bigrams() {
        let (grams, words) = split("投诉处理");
        assert_eq!(grams, ["投诉", "诉处", "处理"]);
        assert!(words.is_empty());
    }

    #[test]
    fn latin_words_are_lower_cased_and_mixed_text_splits() {
        let (grams, words) = split("SLA：30秒内Refund 退款 a");
        assert_eq!(words, ["sla", "30", "refund"]);
        assert_eq!(grams, ["秒内", "退款"]);
    }

    #[test]
    fn postings_are_delta_encoded_in_base_36() {
        assert_eq!(postings(&[0, 5, 41, 1337]), "0,5,10,100");
    }
}
