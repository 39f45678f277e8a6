//! What an incremental build remembers of the site it wrote, and what changed since.
//!
//! Every page notes what it reads of the [`Site`] while it renders (`site::record`): the front
//! matter of the documents it shows or links, a document's body (only its own view reads it),
//! and the answers to "who has `kind:id`" and "who refers to `kind:id`". The memo keeps, per
//! page, those reads as numbers, and per fact a hash of its value. The next build hashes the
//! facts again; a page is rendered again only when one of its reads changed. What every page
//! shares (settings, the theme, today, the list of documents and assets, the reading order,
//! sections, the register) is hashed as a whole: when it changes, the build is a full one.
//!
//! `serve` keeps the handbook loaded and tells the memo which documents it read again
//! ([`Memo::reread_only`]): the others keep their hashes, and when the documents read again
//! kept their front matter, the site's structure ([`Shape`]: reading order, references, …) and
//! its hashes are taken as they were. A body edit then costs work on the order of one document,
//! not of the handbook.
//!
//! Hashes are SipHash with fixed keys (`DefaultHasher::new`): the same on every run of one
//! binary. The binary itself is part of the global hash, so a memo from another build of
//! opsbook is never trusted. A memo never changes what is built, only how much work it takes:
//! one that is missing, from another site or broken means a full build.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::site::{self, KeyKind, Read, Shape, Site};
use crate::model::{Document, Handbook, Kind};

/// Raised whenever the memo's layout or meaning changes: an older memo is then not read.
const FORMAT: u32 = 2;

/// A hash of `value` (SipHash with fixed keys).
pub(super) fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The hash of a file's contents; the same whether the bytes come at once or in pieces
/// (SipHash buffers what a piece leaves over).
pub(super) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// A file of the site as the build left it: enough to notice that something else changed it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct Output {
    /// Hash of the contents.
    pub hash: u64,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch, when the file system gives one.
    pub mtime: Option<u128>,
}

/// One document's section of `print.html`, in order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct PrintPart {
    /// The document's path.
    pub doc: String,
    /// Its length in bytes in `print.html`.
    pub len: u64,
    /// What it read (see [`Memo::pages`]).
    pub reads: Vec<u64>,
}

/// How `print.html` is put together: the frame's head, each document's part, the frame's tail.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(super) struct PrintMemo {
    pub head: u64,
    pub tail: u64,
    /// What the frame (cover, contents) read.
    pub frame: Vec<u64>,
    pub parts: Vec<PrintPart>,
}

/// What an incremental build remembers of the site it wrote (see the module docs). Kept in
/// memory by `opsbook serve`, in a file beside the site by `opsbook build --incremental`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Memo {
    format: u32,
    /// Hash of what every page depends on (see [`Facts::global`]).
    pub(super) global: u64,
    /// Hash of the shared structure (see [`Facts::structure`]).
    pub(super) structure: u64,
    /// Per document path: hashes of its front matter, its body and its history.
    pub(super) docs: HashMap<String, DocHashes>,
    /// Per question about ids ([`site::key_id`]): a hash of the answer.
    pub(super) keys: HashMap<u64, u64>,
    /// Per rendered page (and `register.csv`): what it read, as numbers ([`Facts::read_id`]).
    pub(super) pages: BTreeMap<String, Vec<u64>>,
    /// Per print page (`print.html`, `print/<kind>.html`).
    pub(super) print: BTreeMap<String, PrintMemo>,
    /// Every file of the site but the marker, by path relative to the site.
    pub(super) outputs: BTreeMap<String, Output>,
    /// Kept in memory only (`serve`): the paths of the documents read again since this memo's
    /// build, when every other document is known to be the very one that build saw
    /// ([`Memo::reread_only`]). `None`: any document may have changed.
    #[serde(skip)]
    reread: Option<HashSet<String>>,
    /// Kept in memory only: the structure of the site this memo's build saw.
    /// With the hash of handbook.yaml's text, which it also follows from.
    #[serde(skip)]
    shape: Option<(Arc<Shape>, u64)>,
}

/// The hashes of one document's facts.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(super) struct DocHashes {
    /// Its path and front matter.
    pub front: u64,
    /// Its body.
    pub body: u64,
    /// Its git history.
    pub history: u64,
}

impl Memo {
    /// The memo as bytes, for a file.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// A memo read back from [`Memo::to_bytes`]; `None` when the bytes are not one of this
    /// format. The file lies in a site folder that may come from elsewhere (a CI cache): a memo
    /// naming a file outside the site, which an update might remove, is refused.
    pub fn from_bytes(bytes: &[u8]) -> Option<Memo> {
        serde_json::from_slice::<Memo>(bytes).ok().filter(|m| {
            m.format == FORMAT
                && m.outputs.keys().all(|p| inside_site(p))
                && m.print.keys().all(|p| inside_site(p))
                && m.pages.values().all(|reads| sorted(reads))
                && m.print
                    .values()
                    .all(|p| sorted(&p.frame) && p.parts.iter().all(|part| sorted(&part.reads)))
        })
    }

    /// Say that since this memo's build, only the documents at `paths` (relative to the
    /// handbook root, `/`-separated) were read again and the others kept as they were: the next
    /// build then hashes only those documents' text. Only the caller that keeps the handbook
    /// loaded between builds knows this (`serve`'s preview); the memo is used up by that build.
    pub fn reread_only(&mut self, paths: impl IntoIterator<Item = String>) {
        self.reread = Some(paths.into_iter().collect());
    }

    /// The structure of this memo's build when it still holds for `hb`: every document is the
    /// one that build saw ([`Memo::reread_only`]) or has the same path and front matter, and
    /// handbook.yaml is the same.
    pub(super) fn shape_for(&self, hb: &Handbook) -> Option<Arc<Shape>> {
        let ((shape, config), reread) = (self.shape.as_ref()?, self.reread.as_ref()?);
        if hb.documents.len() != self.docs.len() || *config != hash_of(&hb.config_doc.text) {
            return None;
        }
        for path in reread {
            let Ok(i) = hb.documents.binary_search_by(|d| d.path.as_str().cmp(path)) else {
                // Not a document now: gone (then the count differs too), or an asset.
                match self.docs.contains_key(path) {
                    true => return None,
                    false => continue,
                }
            };
            let old = self.docs.get(path)?;
            if old.front != front_hash(&hb.documents[i]) {
                return None;
            }
        }
        Some(shape.clone())
    }

    /// A memo for the facts of a build, its outputs still to be filled in.
    pub(super) fn new(facts: &Facts, site: &Site) -> Memo {
        Memo {
            format: FORMAT,
            global: facts.global,
            structure: facts.structure,
            docs: site
                .hb
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| (d.path.clone(), facts.docs[i]))
                .collect(),
            keys: facts.keys.clone(),
            pages: BTreeMap::new(),
            print: BTreeMap::new(),
            outputs: BTreeMap::new(),
            reread: None,
            shape: Some((site.shape.clone(), hash_of(&site.hb.config_doc.text))),
        }
    }

    /// The reads that changed between this memo and `facts`, or `None` when the two cannot be
    /// compared read by read (what every page shares changed): then everything is rendered.
    pub(super) fn changes(&self, facts: &Facts, site: &Site) -> Option<HashSet<u64>> {
        if self.format != FORMAT || self.global != facts.global || self.structure != facts.structure
        {
            return None;
        }
        let mut changed = HashSet::new();
        for (i, doc) in site.hb.documents.iter().enumerate() {
            let old = self.docs.get(&doc.path)?;
            let new = &facts.docs[i];
            if old.front != new.front {
                changed.insert(facts.front_key[i]);
            }
            if old.body != new.body || old.history != new.history {
                changed.insert(facts.body_key[i]);
            }
        }
        for (key, value) in &facts.keys {
            if self.keys.get(key) != Some(value) {
                changed.insert(*key);
            }
        }
        for key in self.keys.keys() {
            if !facts.keys.contains_key(key) {
                changed.insert(*key);
            }
        }
        Some(changed)
    }
}

/// The facts of one build, hashed: what [`Memo`] compares.
pub(super) struct Facts {
    /// What every page depends on: opsbook itself, handbook.yaml, today, the theme, the paths
    /// of documents and assets. Each document's index (which `print.html`'s ids use) follows
    /// from the paths.
    pub global: u64,
    /// The shared structure derived from every document: reading order with kinds, the home
    /// page, sections, roles per department, the register, folder titles, departments.
    pub structure: u64,
    /// Per document: hashes of its path and front matter, its body, its git history.
    pub docs: Vec<DocHashes>,
    /// Per document: the numbers of [`Read::Front`] and [`Read::Body`] of it.
    pub front_key: Vec<u64>,
    pub body_key: Vec<u64>,
    /// Per question about ids: a hash of the answer.
    pub keys: HashMap<u64, u64>,
}

impl Facts {
    /// Hash the facts of `site`. `theme` is the theme's fingerprint, `assets` the handbook's
    /// files the site copies. A document that `old` knows was not read again since its build
    /// ([`Memo::reread_only`]) keeps the hashes of its text from there: a save then costs the
    /// hashing of one file, not of the handbook.
    pub(super) fn new(site: &Site, theme: u64, assets: &[&String], old: Option<&Memo>) -> Facts {
        use rayon::prelude::*;
        let hb = site.hb;
        let docs = &hb.documents;
        let global = hash_of((
            FORMAT,
            env!("CARGO_PKG_VERSION"),
            executable(),
            &hb.config_doc.text,
            site.today.to_string(),
            theme,
            docs.iter().map(|d| d.path.as_str()).collect::<Vec<_>>(),
            assets,
        ));
        let known = |path: &String| {
            let old = old?;
            let reread = old.reread.as_ref()?;
            match reread.contains(path) {
                true => None,
                false => old.docs.get(path),
            }
        };
        let stamps: Vec<(DocHashes, u64, u64)> = docs
            .par_iter()
            .map(|doc| {
                let history = hash_of(
                    site.history
                        .map(|h| format!("{:?}", h.revisions(&doc.path))),
                );
                let hashes = match known(&doc.path) {
                    Some(old) => DocHashes { history, ..*old },
                    None => DocHashes {
                        front: front_hash(doc),
                        body: hash_bytes(&doc.text.as_bytes()[body_start(doc)..]),
                        history,
                    },
                };
                (
                    hashes,
                    hash_of(("front", &doc.path)),
                    hash_of(("body", &doc.path)),
                )
            })
            .collect();
        // The same structure as the build before (see `Memo::shape_for`): the same answers.
        let (structure, keys) = match old {
            Some(old)
                if old
                    .shape
                    .as_ref()
                    .is_some_and(|(s, _)| Arc::ptr_eq(s, &site.shape)) =>
            {
                (old.structure, old.keys.clone())
            }
            _ => structure_and_keys(site),
        };
        Facts {
            global,
            structure,
            docs: stamps.iter().map(|s| s.0).collect(),
            front_key: stamps.iter().map(|s| s.1).collect(),
            body_key: stamps.iter().map(|s| s.2).collect(),
            keys,
        }
    }

    /// A page's reads as the numbers a memo keeps.
    pub(super) fn read_ids(&self, reads: &[Read]) -> Vec<u64> {
        let mut ids: Vec<u64> = reads
            .iter()
            .map(|r| match *r {
                Read::Front(i) => self.front_key[i],
                Read::Body(i) => self.body_key[i],
                Read::Key(k) => k,
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// The hash of the shared structure of `site` and the answers to every question about ids
/// (see [`Facts`]).
fn structure_and_keys(site: &Site) -> (u64, HashMap<u64, u64>) {
    let docs = &site.hb.documents;
    let order: Vec<(&str, Kind)> = site
        .order
        .iter()
        .map(|&i| (docs[i].path.as_str(), docs[i].kind))
        .collect();
    let path = |i: &usize| docs[*i].path.as_str();
    let structure = hash_of((
        order,
        site.home.map(|h| &docs[h].path),
        site.sections
            .iter()
            .map(|(k, v)| (k, v.iter().map(path).collect::<Vec<_>>()))
            .collect::<Vec<_>>(),
        site.department_roles
            .iter()
            .map(|(k, v)| (k, v.iter().map(path).collect::<Vec<_>>()))
            .collect::<Vec<_>>(),
        site.register.iter().map(path).collect::<Vec<_>>(),
        &site.folder_titles,
        site.index
            .departments
            .iter()
            .map(|(k, v)| (k, path(v)))
            .collect::<Vec<_>>(),
        &site.repo_url,
    ));
    let mut keys = HashMap::new();
    for kind in Kind::ALL {
        for id in site.index.ids(kind) {
            let at = site.index.get(kind, id).map(|i| &docs[i].path);
            keys.insert(site::key_id(KeyKind::Lookup, kind, id), hash_of(at));
        }
    }
    for ((kind, id), refs) in &site.backrefs {
        let list: Vec<_> = refs
            .iter()
            .map(|b| (&docs[b.from].path, b.relation, b.item))
            .collect();
        keys.insert(site::key_id(KeyKind::Backrefs, *kind, id), hash_of(list));
    }
    (structure, keys)
}

/// Where a document's body starts in its text.
fn body_start(doc: &Document) -> usize {
    doc.layout.body_start.min(doc.text.len())
}

/// The hash of a document's path and front matter: all that [`Shape`] follows from.
fn front_hash(doc: &Document) -> u64 {
    hash_of((&doc.path, &doc.text.as_bytes()[..body_start(doc)]))
}

/// Are `reads` in increasing order, as [`Facts::read_ids`] gives them (updates search them)?
fn sorted(reads: &[u64]) -> bool {
    reads.windows(2).all(|w| w[0] < w[1])
}

/// Is `path` a file path inside the site: relative, `/`-separated, no `..`, `.` or empty parts?
fn inside_site(path: &str) -> bool {
    !path.is_empty()
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'))
}

/// What tells this build of opsbook from another: its executable's size and modification time.
/// Templates are embedded, but so is the code that fills them.
fn executable() -> Option<(u64, Option<u128>)> {
    let meta = std::env::current_exe().and_then(std::fs::metadata).ok()?;
    Some((meta.len(), mtime(&meta)))
}

/// A file's modification time in nanoseconds since the epoch.
pub(super) fn mtime(meta: &std::fs::Metadata) -> Option<u128> {
    meta.modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_reads_back_and_anything_else_is_no_memo() {
        let mut memo = Memo {
            format: FORMAT,
            global: 7,
            ..Memo::default()
        };
        memo.pages.insert("a.html".into(), vec![1, 2, 3]);
        let back = Memo::from_bytes(&memo.to_bytes()).expect("reads back");
        assert_eq!(back.global, 7);
        assert_eq!(back.pages["a.html"], [1, 2, 3]);
        assert!(Memo::from_bytes(b"{ not json").is_none());
        assert!(Memo::from_bytes(b"").is_none());
        let older = Memo {
            format: FORMAT + 1,
            ..Memo::default()
        };
        assert!(Memo::from_bytes(&older.to_bytes()).is_none());
        for outside in [
            "../x.html",
            "/etc/passwd",
            "a/../../b",
            "",
            "a//b",
            "a\\..\\b",
        ] {
            let mut memo = memo.clone();
            let output = Output {
                hash: 0,
                size: 0,
                mtime: None,
            };
            memo.outputs.insert(outside.into(), output);
            assert!(Memo::from_bytes(&memo.to_bytes()).is_none(), "{outside}");
        }
    }

    #[test]
    fn a_files_hash_does_not_depend_on_how_its_bytes_arrive() {
        let bytes = "一段正文 and some text".repeat(100);
        let mut hasher = DefaultHasher::new();
        for piece in bytes.as_bytes().chunks(7) {
            hasher.write(piece);
        }
        assert_eq!(hasher.finish(), hash_bytes(bytes.as_bytes()));
    }
}
