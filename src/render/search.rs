//! The search index: built at build time, written as a JS file that sets a global, so the site
//! searches from `file://` too (a `<script>` loads where `fetch` is refused).
//!
//! Han, Kana and Hangul runs are indexed as overlapping bigrams, so any substring of two or more
//! characters finds a document, across word boundaries a segmenter would draw; other letters and
//! digits form lower-cased words, found by prefix. `site.js` splits queries the same way. Each
//! document also carries its plain text (capped) so results can show a snippet around the match
//! and Chinese matches can be confirmed as real substrings.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use super::html::plain_text;
use super::i18n::Lang;
use super::site::{Site, page_path};
use crate::model::{Document, Kind};
use crate::url::encode_path;

/// Characters of a document's text kept for snippets.
pub(super) const TEXT_CAP: usize = 1500;

/// Scripts searched by bigrams rather than words.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xAC00..=0xD7AF | 0x20000..=0x2FFFF)
}

/// The terms of a text: bigrams of CJK runs (a lone character stands for itself) and
/// lower-cased words of two or more letters or digits.
pub fn terms(text: &str, grams: &mut Vec<String>, words: &mut Vec<String>) {
    scan(
        text,
        |g| grams.push(gram_text(g)),
        |w| words.push(w.to_string()),
    );
}

/// A CJK term as a number: the two characters of a bigram, or a lone character and 0.
type Gram = u64;

fn gram_key(a: char, b: Option<char>) -> Gram {
    ((a as u64) << 32) | b.map_or(0, |b| b as u64)
}

fn gram_text(key: Gram) -> String {
    [key >> 32, key & 0xffff_ffff]
        .into_iter()
        .filter(|&c| c != 0)
        .filter_map(|c| char::from_u32(c as u32))
        .collect()
}

/// Call `gram` for every CJK term and `word` for every word of `text`.
fn scan(text: &str, mut gram: impl FnMut(Gram), mut word: impl FnMut(&str)) {
    let mut previous: Option<char> = None;
    let mut run = 0;
    let mut buf = String::new();
    fn end_run(previous: &mut Option<char>, run: &mut usize, gram: &mut dyn FnMut(Gram)) {
        if *run == 1
            && let Some(c) = *previous
        {
            gram(gram_key(c, None));
        }
        *run = 0;
        *previous = None;
    }
    fn end_word(buf: &mut String, word: &mut dyn FnMut(&str)) {
        if buf.chars().nth(1).is_some() {
            word(buf);
        }
        buf.clear();
    }
    for c in text.chars() {
        if is_cjk(c) {
            end_word(&mut buf, &mut word);
            if let Some(p) = previous {
                gram(gram_key(p, Some(c)));
            }
            previous = Some(c);
            run += 1;
        } else if c.is_alphanumeric() {
            end_run(&mut previous, &mut run, &mut gram);
            buf.extend(c.to_lowercase());
        } else {
            end_run(&mut previous, &mut run, &mut gram);
            end_word(&mut buf, &mut word);
        }
    }
    end_run(&mut previous, &mut run, &mut gram);
    end_word(&mut buf, &mut word);
}

/// FxHash (rustc's): much faster than SipHash for the millions of small keys of an index,
/// and the index's keys are not attacker-chosen in a way that matters for a build.
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

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

/// One document of the index, as `site.js` reads it. The keys are one letter because they repeat
/// for every document of the handbook.
#[derive(Serialize)]
struct SearchDoc<'a> {
    /// The page's href from the site root, percent-encoded.
    #[serde(rename = "u")]
    href: String,
    #[serde(rename = "t")]
    title: &'a str,
    /// The kind's name (a key of `kinds`).
    #[serde(rename = "k")]
    kind: &'static str,
    #[serde(rename = "s")]
    summary: &'a str,
    /// Plain text for snippets, cut at [`TEXT_CAP`] characters.
    #[serde(rename = "x")]
    text: String,
    /// Whether `text` was cut short (so a match past the cut cannot be confirmed).
    #[serde(rename = "c")]
    cut: bool,
}

#[derive(Serialize)]
struct Index<'a> {
    /// Kind name to its label for result badges.
    kinds: BTreeMap<&'static str, &'static str>,
    docs: &'a [SearchDoc<'a>],
    /// Term to the documents holding it: numbers into `docs`, delta-encoded in base 36.
    grams: BTreeMap<String, String>,
    words: BTreeMap<String, String>,
}

/// The documents holding a term, delta-encoded in base 36 as they are added (in increasing
/// order): the index's largest part, kept as compact text from the start.
#[derive(Default)]
struct Postings {
    last: u32,
    text: String,
}

impl Postings {
    fn add(&mut self, doc: u32) {
        const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
        if !self.text.is_empty() {
            self.text.push(',');
        }
        let (mut delta, mut digits, mut len) = (doc - self.last, [0u8; 8], 0);
        loop {
            digits[len] = DIGITS[(delta % 36) as usize];
            len += 1;
            delta /= 36;
            if delta == 0 {
                break;
            }
        }
        self.text
            .extend(digits[..len].iter().rev().map(|&b| b as char));
        self.last = doc;
    }
}

/// Documents tokenized at once before their terms are merged into the index: bounds memory.
const CHUNK: usize = 1024;

/// Write `search-index.js`.
pub(super) fn write(site: &Site, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let order: Vec<usize> = site
        .home
        .into_iter()
        .chain(site.order.iter().copied())
        .collect();
    let mut docs = Vec::with_capacity(order.len());
    let mut grams: FxMap<Gram, Postings> = FxMap::default();
    let mut words: FxMap<String, Postings> = FxMap::default();
    for chunk in order.chunks(CHUNK) {
        let tokenized: Vec<_> = chunk
            .par_iter()
            .map(|&i| {
                let doc = site.doc(i);
                let mut text = document_text(doc);
                let (mut g, mut w) = (Vec::new(), Vec::new());
                let summary = doc.meta.summary.as_deref().unwrap_or("");
                for part in [doc.title(), summary, &doc.id, &text] {
                    scan(part, |x| g.push(x), |x| w.push(x.to_string()));
                }
                g.sort_unstable();
                g.dedup();
                w.sort_unstable();
                w.dedup();
                let cut = text.char_indices().nth(TEXT_CAP).map(|(at, _)| at);
                if let Some(at) = cut {
                    text.truncate(at);
                }
                let entry = SearchDoc {
                    href: encode_path(&page_path(doc)),
                    title: doc.title(),
                    kind: doc.kind.name(),
                    summary,
                    text,
                    cut: cut.is_some(),
                };
                (entry, g, w)
            })
            .collect();
        for (entry, g, w) in tokenized {
            let n = docs.len() as u32;
            docs.push(entry);
            for key in g {
                grams.entry(key).or_default().add(n);
            }
            for word in w {
                match words.get_mut(word.as_str()) {
                    Some(list) => list.add(n),
                    None => words.entry(word).or_default().add(n),
                }
            }
        }
    }
    let index = Index {
        kinds: Kind::ALL
            .iter()
            .map(|&k| (k.name(), lang.kind_name(k)))
            .collect(),
        grams: grams
            .into_iter()
            .map(|(k, p)| (gram_text(k), p.text))
            .collect(),
        words: words.into_iter().map(|(k, p)| (k, p.text)).collect(),
        docs: &docs,
    };
    // The BOM makes browsers read the file as UTF-8 whatever the server or file system says.
    out.write_all("\u{feff}window.OPSBOOK_SEARCH = ".as_bytes())?;
    serde_json::to_writer(&mut *out, &index)?;
    out.write_all(b";\n")
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
        let mut p = Postings::default();
        for doc in [0, 5, 41, 1337] {
            p.add(doc);
        }
        assert_eq!(p.text, "0,5,10,100");
    }
}
