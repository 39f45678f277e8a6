//! The site's search index read back from its parts, and searched the way `site.js` searches
//! it (without its ranking and page of 20): the Rust side the tests check recall and results
//! with. Also a generator of handbooks of random Chinese text, where bigrams of different
//! documents collide.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

/// The name and the JSON a part passes to `OPSBOOK_SEARCH_PART(name, 'json')`.
pub(crate) fn part(site: &Path, rel: &str) -> (String, Value) {
    let text = super::read(site, rel);
    let call = text
        .strip_prefix("\u{feff}OPSBOOK_SEARCH_PART(\"")
        .unwrap_or_else(|| panic!("{rel} is not a part: {}", &text[..text.len().min(80)]));
    let (name, rest) = call.split_once("\", '").expect("the name, then the JSON");
    let literal = rest.strip_suffix("');\n").expect("the call's end");
    let mut json = String::new();
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        assert!(
            c != '\'' && c != '\n',
            "{rel}: an unescaped {c:?} ends the literal"
        );
        if c != '\\' {
            json.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let code = u32::from_str_radix(&hex, 16).expect("\\u and four hex digits");
                json.push(char::from_u32(code).expect("a character"));
            }
            Some('n') => json.push('\n'),
            Some('r') => json.push('\r'),
            Some(c @ ('\\' | '\'')) => json.push(c),
            other => panic!("{rel}: unexpected escape {other:?}"),
        }
    }
    let value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{rel}: {e}"));
    (name.to_string(), value)
}

/// A whole index, every part read.
pub(crate) struct SiteIndex {
    /// The manifest: `{docs, terms, group, kinds}`.
    pub manifest: Value,
    /// Term to postings (`3,5A,10B`), from every shard.
    pub terms: BTreeMap<String, String>,
    /// Documents `{u, t, k, s, x}` by number.
    pub docs: Vec<Value>,
}

/// The same ranges as `is_cjk` in src/render/search.rs and `CJK` in site.js.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xAC00..=0xD7AF | 0x20000..=0x2FFFF)
}

/// A query as `split` in site.js cuts it: CJK runs and lower-cased words.
pub(crate) fn split(text: &str) -> (Vec<String>, Vec<String>) {
    let (mut runs, mut words, mut run, mut word) = (vec![], vec![], String::new(), String::new());
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            run.push(c);
        } else if c.is_alphanumeric() {
            if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
            word.extend(c.to_lowercase());
        } else {
            for (buf, out) in [(&mut run, &mut runs), (&mut word, &mut words)] {
                if !buf.is_empty() {
                    out.push(std::mem::take(buf));
                }
            }
        }
    }
    for (buf, out) in [(run, &mut runs), (word, &mut words)] {
        if !buf.is_empty() {
            out.push(buf);
        }
    }
    (runs, words)
}

/// Postings `3,5A,10B` → document numbers.
pub(crate) fn decode(postings: &str) -> BTreeSet<u64> {
    let mut last = 0;
    postings
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|entry| {
            let digits = entry.trim_end_matches(|c: char| c.is_ascii_uppercase());
            last += u64::from_str_radix(digits, 36).expect("base 36");
            last
        })
        .collect()
}

impl SiteIndex {
    /// Read every part of `site`'s index; every term must lie in the shard its hash names.
    pub(crate) fn read(site: &Path) -> SiteIndex {
        let (name, manifest) = part(site, "_opsbook/search-index.js");
        assert_eq!(name, "index");
        let shards = manifest["terms"].as_u64().expect("a shard count");
        let group = manifest["group"].as_u64().expect("a group size");
        let count = manifest["docs"].as_u64().expect("a document count");
        let mut terms = BTreeMap::new();
        for n in 0..shards {
            let (name, shard) = part(site, &format!("_opsbook/search/t-{n}.js"));
            assert_eq!(name, format!("t-{n}"));
            for (term, postings) in shard.as_object().expect("a shard is an object") {
                let hash = opsbook::render::search_shard_hash(term);
                assert_eq!(
                    u64::from(hash) % shards,
                    n,
                    "`{term}` is in the wrong shard"
                );
                terms.insert(
                    term.clone(),
                    postings.as_str().expect("postings").to_string(),
                );
            }
        }
        let mut docs = Vec::new();
        for n in 0..count.div_ceil(group) {
            let (name, group) = part(site, &format!("_opsbook/search/d-{n}.js"));
            assert_eq!(name, format!("d-{n}"));
            docs.extend(
                group
                    .as_array()
                    .expect("a list of documents")
                    .iter()
                    .cloned(),
            );
        }
        assert_eq!(docs.len() as u64, count);
        assert!(!site.join(format!("_opsbook/search/t-{shards}.js")).exists());
        assert!(
            !site
                .join(format!("_opsbook/search/d-{}.js", count.div_ceil(group)))
                .exists()
        );
        SiteIndex {
            manifest,
            terms,
            docs,
        }
    }

    fn postings(&self, term: &str) -> BTreeSet<u64> {
        self.terms.get(term).map(|p| decode(p)).unwrap_or_default()
    }

    /// The hrefs of every document `query` finds, in index order: documents holding every
    /// bigram of the query's Chinese runs and a word beginning with each of its words, then
    /// confirmed on the text for runs and one-letter words (as site.js does).
    pub(crate) fn search(&self, query: &str) -> Vec<String> {
        let (runs, words) = split(query);
        if (runs.is_empty() && words.is_empty()) || query.trim().chars().count() < 2 {
            return vec![];
        }
        let mut sets: Vec<BTreeSet<u64>> = Vec::new();
        for run in &runs {
            let chars: Vec<char> = run.chars().collect();
            for pair in chars.windows(2) {
                sets.push(self.postings(&pair.iter().collect::<String>()));
            }
        }
        for word in words.iter().filter(|w| w.chars().count() >= 2) {
            sets.push(
                self.terms
                    .range(word.clone()..)
                    .take_while(|(k, _)| k.starts_with(word.as_str()))
                    .flat_map(|(_, p)| decode(p))
                    .collect(),
            );
        }
        let Some(first) = sets.first() else {
            return vec![];
        };
        let checked: Vec<&String> = runs
            .iter()
            .chain(words.iter().filter(|w| w.chars().count() < 2))
            .collect();
        first
            .iter()
            .filter(|d| sets.iter().all(|s| s.contains(d)))
            .map(|&d| &self.docs[d as usize])
            .filter(|doc| {
                let fields = ["t", "s", "x"].map(|k| doc[k].as_str().unwrap_or("").to_lowercase());
                checked
                    .iter()
                    .all(|term| fields.iter().any(|f| f.contains(term.as_str())))
            })
            .map(|doc| doc["u"].as_str().expect("an href").to_string())
            .collect()
    }
}

/// A deterministic generator (the LCG of examples/gen_corpus.rs).
pub(crate) struct Rng(pub u64);

impl Rng {
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n.max(1)
    }
}

/// Few characters, so that bigrams repeat across documents and a run's bigrams often occur in a
/// document that lacks the run.
const ALPHABET: &[char] = &[
    '客', '户', '投', '诉', '处', '理', '退', '款', '审', '核', '工', '单', '流', '转', '服', '务',
    '质', '量', '应', '急', '演', '练', '数', '据', '分', '析', '𠀀', 'カ',
];

/// A run of `len` random characters.
pub(crate) fn chinese(rng: &mut Rng, len: usize) -> String {
    (0..len)
        .map(|_| ALPHABET[rng.below(ALPHABET.len())])
        .collect()
}

/// Write a handbook of `n` pages of random Chinese runs into `root`, one much longer than
/// the rest; returns each page's path and its body.
pub(crate) fn random_handbook(root: &Path, n: usize, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng(seed);
    std::fs::create_dir_all(root.join("notes")).expect("creatable");
    std::fs::write(
        root.join("handbook.yaml"),
        "title: 随机手册\nlanguage: zh\n",
    )
    .expect("writable");
    let mut pages = Vec::new();
    for i in 0..n {
        let runs = if i == n / 2 { 400 } else { 3 + rng.below(6) };
        let body: Vec<String> = (0..runs)
            .map(|_| {
                let len = 2 + rng.below(14);
                chinese(&mut rng, len)
            })
            .collect();
        let body = body.join(if i % 2 == 0 { "。" } else { " ok " });
        let path = format!("notes/n{i:03}.md");
        let text = format!("---\ntitle: 第{i}篇\n---\n{body}\n");
        std::fs::write(root.join(&path), text).expect("writable");
        pages.push((format!("notes/n{i:03}.html"), body));
    }
    pages
}
