//! The search index: built at build time, written in parts that a query loads on demand. Each
//! part is a script calling `OPSBOOK_SEARCH_PART(name, 'json')`, so the site searches from
//! `file://` too (a `<script>` loads where `fetch` is refused).
//!
//! Han, Kana and Hangul runs are indexed as overlapping bigrams, so any substring of two or more
//! characters finds a document, across word boundaries a segmenter would draw; other letters and
//! digits form lower-cased words, found by prefix. `site.js` splits queries the same way.
//!
//! The parts, all under `_opsbook/`:
//! - `search-index.js` (`index`): the document count, the number of term shards and of documents
//!   per data part, the kinds' labels. A few hundred bytes whatever the handbook's size.
//! - `search/t-N.js`: the terms whose [`shard_hash`] modulo the shard count is N, each with its
//!   postings. The count is chosen so a shard holds about [`SHARD_BYTES`].
//! - `search/d-N.js`: documents N × group … N × group + group − 1 (href, title, kind, summary and
//!   their whole plain text), loaded for the results shown: the text gives the snippet and
//!   confirms that a Chinese run of three or more characters is a real substring, not only its
//!   bigrams. The text is not cut, so a match anywhere in a document is confirmed.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use serde::Serialize;

use super::html::plain_text;
use super::i18n::Lang;
use super::site::{Site, page_path};
use crate::model::{Document, Kind};
use crate::url::encode_path;

/// Bytes of postings a term shard aims at: a query loads one shard per distinct term.
const SHARD_BYTES: usize = 32 * 1024;

/// Bytes a data part aims at: a page of results loads up to 20 of them.
const GROUP_BYTES: usize = 16 * 1024;

/// Documents per data part at most, for handbooks of tiny documents.
const MAX_GROUP: usize = 64;

/// The folder of the term shards and data parts; nothing else is written into it.
pub(super) const PARTS_DIR: &str = "_opsbook/search";

/// Whether the site file at `path` is part of the search index.
pub(super) fn is_part(path: &str) -> bool {
    path == super::site::SEARCH_INDEX
        || path
            .strip_prefix(PARTS_DIR)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// A posting's flag: the term occurs in the document's title.
const IN_TITLE: u8 = 1;
/// A posting's flag: the term occurs in the document's summary.
const IN_SUMMARY: u8 = 2;

/// The shard key of an index term: FNV-1a over the code points (not bytes) of its first two
/// characters, so every word sharing a two-letter prefix lies in one shard and a prefix query
/// loads one shard. `site.js` computes the same with `Math.imul`; change both together.
pub fn shard_hash(term: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for c in term.chars().take(2) {
        hash ^= c as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

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

/// One document of the index, as `site.js` reads it from a data part. The keys are one letter
/// because they repeat for every document of the handbook.
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
    /// The whole plain text, for snippets and to confirm Chinese runs.
    #[serde(rename = "x")]
    text: String,
}

/// The manifest part (`index`).
#[derive(Serialize)]
struct Manifest {
    /// Documents in the index, numbered from 0 in reading order (the home page first).
    docs: usize,
    /// Term shards: `t-0` … `t-(terms − 1)`.
    terms: usize,
    /// Documents per data part: document n is entry n % group of `d-(n / group)`.
    group: usize,
    /// Kind name to its label for result badges.
    kinds: BTreeMap<&'static str, &'static str>,
}

/// The documents holding a term, delta-encoded in base 36 as they are added (in increasing
/// order), each followed by `A` (in the title), `B` (in the summary) or `C` (both) when it is:
/// the index's largest part, kept as compact text from the start.
#[derive(Default)]
struct Postings {
    last: u32,
    text: String,
}

impl Postings {
    fn add(&mut self, doc: u32, flags: u8) {
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
        if flags != 0 {
            self.text.push((b'A' + flags - 1) as char);
        }
        self.last = doc;
    }
}

/// Sort terms and merge repeats, keeping every place a term occurs in.
fn merge<T: Ord>(mut terms: Vec<(T, u8)>) -> Vec<(T, u8)> {
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(T, u8)> = Vec::with_capacity(terms.len());
    for (term, flags) in terms {
        match out.last_mut() {
            Some(last) if last.0 == term => last.1 |= flags,
            _ => out.push((term, flags)),
        }
    }
    out
}

/// Documents tokenized at once before their terms are merged into the index: bounds memory.
const CHUNK: usize = 1024;

/// One file of the index: its path in the site and its contents.
struct Part {
    /// Path from the site root.
    path: String,
    /// The script.
    text: String,
}

/// A part's script: `OPSBOOK_SEARCH_PART(name, '…json…');` with the JSON as a JS string
/// literal, parsed with `JSON.parse` (faster than a JS object literal of the same size). The
/// BOM makes browsers read the file as UTF-8 whatever the server or file system says.
fn part(path: String, name: &str, json: &str) -> Part {
    let mut text = String::with_capacity(json.len() + json.len() / 16 + 48);
    text.push('\u{feff}');
    text.push_str("OPSBOOK_SEARCH_PART(\"");
    text.push_str(name);
    text.push_str("\", '");
    for c in json.chars() {
        match c {
            '\\' => text.push_str("\\\\"),
            '\'' => text.push_str("\\'"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            '\u{2028}' => text.push_str("\\u2028"),
            '\u{2029}' => text.push_str("\\u2029"),
            c => text.push(c),
        }
    }
    text.push_str("');\n");
    Part { path, text }
}

/// The search index, built and not yet written. The document groups are made into scripts only
/// as they are written, so the largest part of the index is not held twice.
pub(super) struct SearchIndex {
    /// The manifest, then the term shards.
    parts: Vec<Part>,
    /// Each document's JSON, by number.
    docs: Vec<String>,
    /// Documents per data part.
    group: usize,
}

impl SearchIndex {
    /// Write every part through `write(path, bytes)`, in parallel; returns each part's path,
    /// size and what `write` gave for it, in a fixed order.
    pub(super) fn write<T: Send, E: Send>(
        &self,
        write: impl Fn(&str, &[u8]) -> Result<T, E> + Sync,
    ) -> Result<Vec<(String, u64, T)>, E> {
        let written = |p: &Part| {
            let made = write(&p.path, p.text.as_bytes())?;
            Ok((p.path.clone(), p.text.len() as u64, made))
        };
        let fixed = self.parts.par_iter().map(written);
        let groups = self
            .docs
            .par_chunks(self.group)
            .enumerate()
            .map(|(n, chunk)| {
                let name = format!("d-{n}");
                written(&part(
                    format!("{PARTS_DIR}/{name}.js"),
                    &name,
                    &format!("[{}]", chunk.join(",")),
                ))
            });
        fixed.chain(groups).collect()
    }
}

/// Build the search index of the site's documents in reading order (the home page first).
pub(super) fn build(site: &Site, lang: Lang) -> SearchIndex {
    let order: Vec<usize> = site
        .home
        .into_iter()
        .chain(site.order.iter().copied())
        .collect();
    let mut docs: Vec<String> = Vec::with_capacity(order.len());
    let mut grams: FxMap<Gram, Postings> = FxMap::default();
    let mut words: FxMap<String, Postings> = FxMap::default();
    for chunk in order.chunks(CHUNK) {
        let tokenized: Vec<_> = chunk
            .par_iter()
            .map(|&i| {
                let doc = site.doc(i);
                let text = document_text(doc);
                let (mut g, mut w) = (Vec::new(), Vec::new());
                let summary = doc.meta.summary.as_deref().unwrap_or("");
                let fields = [
                    (doc.title(), IN_TITLE),
                    (summary, IN_SUMMARY),
                    (doc.id.as_str(), 0),
                    (text.as_str(), 0),
                ];
                for (field, flags) in fields {
                    scan(
                        field,
                        // A lone character is never looked up: a query of one is too short,
                        // and in a longer query it is confirmed on the text.
                        |x| {
                            if x & 0xffff_ffff != 0 {
                                g.push((x, flags));
                            }
                        },
                        |x| w.push((x.to_string(), flags)),
                    );
                }
                let entry = SearchDoc {
                    href: encode_path(&page_path(doc)),
                    title: doc.title(),
                    kind: doc.kind.name(),
                    summary,
                    text,
                };
                let json = serde_json::to_string(&entry).unwrap_or_default();
                (json, merge(g), merge(w))
            })
            .collect();
        for (json, g, w) in tokenized {
            let n = docs.len() as u32;
            docs.push(json);
            for (key, flags) in g {
                grams.entry(key).or_default().add(n, flags);
            }
            for (word, flags) in w {
                match words.get_mut(word.as_str()) {
                    Some(list) => list.add(n, flags),
                    None => words.entry(word).or_default().add(n, flags),
                }
            }
        }
    }

    let terms: Vec<(String, String)> = grams
        .into_iter()
        .map(|(k, p)| (gram_text(k), p.text))
        .chain(words.into_iter().map(|(k, p)| (k, p.text)))
        .collect();
    let term_bytes: usize = terms.iter().map(|(k, p)| k.len() + p.len() + 6).sum();
    let shard_count = term_bytes.div_ceil(SHARD_BYTES).max(1);
    let mut shards: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); shard_count];
    for (term, postings) in &terms {
        shards[shard_hash(term) as usize % shard_count].insert(term, postings);
    }

    let doc_bytes: usize = docs.iter().map(String::len).sum();
    let group = (GROUP_BYTES * docs.len() / doc_bytes.max(1)).clamp(1, MAX_GROUP);
    let manifest = Manifest {
        docs: docs.len(),
        terms: shard_count,
        group,
        kinds: Kind::ALL
            .iter()
            .map(|&k| (k.name(), lang.kind_name(k)))
            .collect(),
    };
    let mut parts = vec![part(
        super::site::SEARCH_INDEX.to_string(),
        "index",
        &serde_json::to_string(&manifest).unwrap_or_default(),
    )];
    parts.par_extend(shards.par_iter().enumerate().map(|(n, shard)| {
        let name = format!("t-{n}");
        let json = serde_json::to_string(shard).unwrap_or_default();
        part(format!("{PARTS_DIR}/{name}.js"), &name, &json)
    }));
    SearchIndex { parts, docs, group }
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
    fn postings_are_delta_encoded_in_base_36_with_title_and_summary_flags() {
        let mut p = Postings::default();
        for (doc, flags) in [(0, 0), (5, IN_TITLE), (41, IN_SUMMARY), (1337, 3)] {
            p.add(doc, flags);
        }
        assert_eq!(p.text, "0,5A,10B,100C");
    }

    /// The same vectors are checked against `site.js` in Chromium (tests/browser.rs).
    #[test]
    fn shard_hash_is_fnv_1a_over_the_first_two_code_points() {
        assert_eq!(shard_hash(""), 0x811c_9dc5);
        assert_eq!(shard_hash("投诉"), shard_hash("投诉处理"));
        assert_eq!(shard_hash("refund"), shard_hash("re"));
        assert_ne!(shard_hash("投诉"), shard_hash("诉投"));
        // Computed apart from this code (FNV-1a 32-bit; `a` is the published test vector).
        let vectors = [
            ("a", 0xe40c_292c_u32),
            ("re", 0x5854_7550),
            ("投诉", 0xed58_0cbb),
            ("𠀀a", 0x6549_2d5a),
        ];
        for (term, hash) in vectors {
            assert_eq!(shard_hash(term), hash, "{term}");
        }
    }

    #[test]
    fn a_part_is_a_js_string_literal_that_parses_back_to_the_json() {
        // A real U+2028 and U+2029 (serde_json leaves them unescaped; a JS string literal may
        // not hold them raw in older engines), a quote, an escaped quote and a backslash.
        let json = "{\"x\":\"it's \\\"q\\\" \\\\ \u{2028}\u{2029} line\"}";
        let p = part("p.js".into(), "t-0", json);
        let literal = p
            .text
            .strip_prefix("\u{feff}OPSBOOK_SEARCH_PART(\"t-0\", '")
            .and_then(|s| s.strip_suffix("');\n"))
            .expect("the call's shape");
        assert!(json.contains('\u{2028}') && json.contains('\u{2029}'));
        assert!(!literal.contains(['\u{2028}', '\u{2029}']) && !literal.contains("'\""));
        // Undo the JS escapes: what `JSON.parse` receives.
        let mut back = String::new();
        let mut chars = literal.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                back.push(c);
                continue;
            }
            match chars.next() {
                Some('u') => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let code = u32::from_str_radix(&hex, 16).expect("hex");
                    back.push(char::from_u32(code).expect("a character"));
                }
                Some('n') => back.push('\n'),
                Some(other) => back.push(other),
                None => panic!("a lone backslash"),
            }
        }
        assert_eq!(back, json);
    }
}
