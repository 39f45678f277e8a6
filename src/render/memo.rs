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

use super::site::{self, KeyKind, Read, Shape, Site};
use crate::model::{Document, Handbook, Kind};

/// Raised whenever the memo's layout or meaning changes: an older memo is then not read.
const FORMAT: u32 = 3;

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
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Output {
    /// Hash of the contents.
    pub hash: u64,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch, when the file system gives one.
    pub mtime: Option<u128>,
}

/// One document's section of `print.html`, in order.
#[derive(Clone, Debug)]
pub(super) struct PrintPart {
    /// The document's path.
    pub doc: String,
    /// Its length in bytes in `print.html`.
    pub len: u64,
    /// What it read (see [`Memo::pages`]).
    pub reads: Vec<u64>,
}

/// How `print.html` is put together: the frame's head, each document's part, the frame's tail.
#[derive(Clone, Debug, Default)]
pub(super) struct PrintMemo {
    pub head: u64,
    pub tail: u64,
    /// What the frame (cover, contents) read.
    pub frame: Vec<u64>,
    pub parts: Vec<PrintPart>,
}

/// What an incremental build remembers of the site it wrote (see the module docs). Kept in
/// memory by `opsbook serve`, in a file beside the site by `opsbook build --incremental`.
#[derive(Clone, Debug, Default)]
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
    /// Not in the file, kept in memory only (`serve`): the paths of the documents read again since this memo's
    /// build, when every other document is known to be the very one that build saw
    /// ([`Memo::reread_only`]). `None`: any document may have changed.
    reread: Option<HashSet<String>>,
    /// Not in the file: the structure of the site this memo's build saw.
    /// With the hash of handbook.yaml's text, which it also follows from.
    shape: Option<(Arc<Shape>, u64)>,
}

/// The hashes of one document's facts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct DocHashes {
    /// Its path and front matter.
    pub front: u64,
    /// Its body.
    pub body: u64,
    /// Its git history.
    pub history: u64,
}

impl Memo {
    /// The memo as bytes, for a file (see [`file`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        file::encode(self)
    }

    /// A memo read back from [`Memo::to_bytes`]; `None` when the bytes are not one of this
    /// format (another version, cut short, corrupt). The file lies in a site folder that may
    /// come from elsewhere (a CI cache): a memo naming a file outside the site, which an update
    /// might remove, is refused.
    pub fn from_bytes(bytes: &[u8]) -> Option<Memo> {
        file::decode(bytes).filter(|m| {
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
                let history = hash_of(site.history.map(|h| h.revisions(&doc.path)));
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
/// Decoded lists follow the file's table, which a damaged file may hold out of order.
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

/// The memo's file: a compact binary form, read back without trusting a byte of it.
///
/// Little-endian; counts, lengths and read numbers are LEB128 varints, hashes 8 bytes.
/// The reads of pages and print parts (hashes, repeated over many pages) are stored once, in
/// a sorted table, and each list of reads as the gaps between its positions in the table: a
/// read costs one or two bytes, not twenty digits of JSON. In order:
///
/// ```text
/// magic "opsbook-memo\n", format, global, structure
/// docs:    count, then per document: path, front, body, history
/// keys:    count, then per key: key, hash
/// reads:   count, then each read (increasing)
/// pages:   count, then per page: path, reads
/// print:   count, then per print page: path, head, tail, frame reads,
///          part count, then per part: document path, length, reads
/// outputs: count, then per file: path, hash, size, 0 | 1 and mtime (16 bytes)
/// ```
///
/// A string is its length then its UTF-8 bytes; a list of reads its length then the gaps.
/// Decoding stops at the first thing out of place (short input, a count larger than what is
/// left, a read outside the table, bytes left over): `None`, and the build is a full one.
mod file {
    use std::collections::{BTreeMap, BTreeSet};

    use super::{DocHashes, FORMAT, Memo, Output, PrintMemo, PrintPart};

    const MAGIC: &[u8] = b"opsbook-memo\n";

    /// Room made for a list before it is read: its count comes from the file.
    const CAPACITY: usize = 4096;

    pub(super) fn encode(memo: &Memo) -> Vec<u8> {
        let mut table = BTreeSet::new();
        for reads in memo.pages.values() {
            table.extend(reads.iter().copied());
        }
        for print in memo.print.values() {
            table.extend(print.frame.iter().copied());
            for part in &print.parts {
                table.extend(part.reads.iter().copied());
            }
        }
        let table: Vec<u64> = table.into_iter().collect();
        let mut out = Writer(Vec::with_capacity(1 << 20));
        out.0.extend_from_slice(MAGIC);
        out.uint(memo.format as u64);
        out.u64(memo.global);
        out.u64(memo.structure);
        let mut docs: Vec<_> = memo.docs.iter().collect();
        docs.sort_unstable_by_key(|(path, _)| *path);
        out.uint(docs.len() as u64);
        for (path, d) in docs {
            out.str(path);
            out.u64(d.front);
            out.u64(d.body);
            out.u64(d.history);
        }
        let mut keys: Vec<_> = memo.keys.iter().collect();
        keys.sort_unstable();
        out.uint(keys.len() as u64);
        for (key, hash) in keys {
            out.u64(*key);
            out.u64(*hash);
        }
        out.uint(table.len() as u64);
        for read in &table {
            out.u64(*read);
        }
        out.uint(memo.pages.len() as u64);
        for (path, reads) in &memo.pages {
            out.str(path);
            out.reads(reads, &table);
        }
        out.uint(memo.print.len() as u64);
        for (path, print) in &memo.print {
            out.str(path);
            out.uint(print.head);
            out.uint(print.tail);
            out.reads(&print.frame, &table);
            out.uint(print.parts.len() as u64);
            for part in &print.parts {
                out.str(&part.doc);
                out.uint(part.len);
                out.reads(&part.reads, &table);
            }
        }
        out.uint(memo.outputs.len() as u64);
        for (path, o) in &memo.outputs {
            out.str(path);
            out.u64(o.hash);
            out.uint(o.size);
            match o.mtime {
                Some(t) => {
                    out.0.push(1);
                    out.0.extend_from_slice(&t.to_le_bytes());
                }
                None => out.0.push(0),
            }
        }
        out.0
    }

    pub(super) fn decode(bytes: &[u8]) -> Option<Memo> {
        let mut r = Reader(bytes.strip_prefix(MAGIC)?);
        let format = u32::try_from(r.uint()?).ok()?;
        if format != FORMAT {
            return None;
        }
        let mut memo = Memo {
            format,
            global: r.u64()?,
            structure: r.u64()?,
            ..Memo::default()
        };
        // Each entry takes at least one byte: a count larger than what is left is a lie.
        for _ in 0..r.count()? {
            let path = r.str()?;
            let d = DocHashes {
                front: r.u64()?,
                body: r.u64()?,
                history: r.u64()?,
            };
            memo.docs.insert(path, d);
        }
        for _ in 0..r.count()? {
            memo.keys.insert(r.u64()?, r.u64()?);
        }
        let n = r.count()?;
        let mut table = Vec::with_capacity(n.min(CAPACITY));
        for _ in 0..n {
            table.push(r.u64()?);
        }
        for _ in 0..r.count()? {
            memo.pages.insert(r.str()?, r.reads(&table)?);
        }
        for _ in 0..r.count()? {
            let path = r.str()?;
            let (head, tail, frame) = (r.uint()?, r.uint()?, r.reads(&table)?);
            let n = r.count()?;
            let mut parts = Vec::with_capacity(n.min(CAPACITY));
            for _ in 0..n {
                parts.push(PrintPart {
                    doc: r.str()?,
                    len: r.uint()?,
                    reads: r.reads(&table)?,
                });
            }
            let print = PrintMemo {
                head,
                tail,
                frame,
                parts,
            };
            memo.print.insert(path, print);
        }
        let mut outputs = BTreeMap::new();
        for _ in 0..r.count()? {
            let path = r.str()?;
            let (hash, size) = (r.u64()?, r.uint()?);
            let mtime = match r.take(1)?[0] {
                0 => None,
                1 => Some(u128::from_le_bytes(r.take(16)?.try_into().ok()?)),
                _ => return None,
            };
            outputs.insert(path, Output { hash, size, mtime });
        }
        memo.outputs = outputs;
        r.0.is_empty().then_some(memo)
    }

    struct Writer(Vec<u8>);

    impl Writer {
        fn u64(&mut self, n: u64) {
            self.0.extend_from_slice(&n.to_le_bytes());
        }

        fn uint(&mut self, mut n: u64) {
            while n >= 0x80 {
                self.0.push(n as u8 | 0x80);
                n >>= 7;
            }
            self.0.push(n as u8);
        }

        fn str(&mut self, s: &str) {
            self.uint(s.len() as u64);
            self.0.extend_from_slice(s.as_bytes());
        }

        /// `reads` (sorted, every one in `table`) as the gaps between their positions.
        fn reads(&mut self, reads: &[u64], table: &[u64]) {
            self.uint(reads.len() as u64);
            let mut last = 0;
            for read in reads {
                let at = table.binary_search(read).unwrap_or_default() as u64;
                // Reads out of order (never in a memo a build made) wrap to a gap that no
                // file has room for: such a file is refused when read.
                self.uint(at.wrapping_sub(last));
                last = at;
            }
        }
    }

    struct Reader<'a>(&'a [u8]);

    impl Reader<'_> {
        fn take(&mut self, n: usize) -> Option<&[u8]> {
            let (head, rest) = self.0.split_at_checked(n)?;
            self.0 = rest;
            Some(head)
        }

        fn u64(&mut self) -> Option<u64> {
            Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
        }

        fn uint(&mut self) -> Option<u64> {
            let mut n: u64 = 0;
            for shift in (0..64).step_by(7) {
                let byte = self.take(1)?[0];
                n |= u64::from(byte & 0x7f).checked_shl(shift)?;
                if byte < 0x80 {
                    return Some(n);
                }
            }
            None
        }

        /// A count of entries still to come, each at least a byte long.
        fn count(&mut self) -> Option<usize> {
            usize::try_from(self.uint()?)
                .ok()
                .filter(|&n| n <= self.0.len())
        }

        fn str(&mut self) -> Option<String> {
            let n = self.count()?;
            String::from_utf8(self.take(n)?.to_vec()).ok()
        }

        /// A list of reads, each a position in `table` given as the gap from the one before.
        fn reads(&mut self, table: &[u64]) -> Option<Vec<u64>> {
            let n = self.count()?;
            let mut reads = Vec::with_capacity(n.min(CAPACITY));
            let mut at: usize = 0;
            for _ in 0..n {
                at = at.checked_add(usize::try_from(self.uint()?).ok()?)?;
                reads.push(*table.get(at)?);
            }
            Some(reads)
        }
    }
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

    /// A memo with something in every part of the file.
    fn full_memo() -> Memo {
        let mut memo = Memo {
            format: FORMAT,
            global: u64::MAX,
            structure: 3,
            ..Memo::default()
        };
        let hashes = DocHashes {
            front: 1,
            body: 2,
            history: 3,
        };
        memo.docs.insert("sops/退款.md".into(), hashes);
        memo.docs.insert("roles/a.md".into(), DocHashes::default());
        memo.keys.insert(5, 6);
        memo.keys.insert(u64::MAX, 0);
        memo.pages.insert("a.html".into(), vec![1, 2, u64::MAX]);
        memo.pages.insert("b.html".into(), vec![]);
        memo.pages.insert("c.html".into(), vec![2, 300]);
        let part = PrintPart {
            doc: "sops/退款.md".into(),
            len: 1 << 40,
            reads: vec![300],
        };
        let print = PrintMemo {
            head: 10,
            tail: 20,
            frame: vec![1, 300],
            parts: vec![part.clone(), part],
        };
        memo.print.insert("print.html".into(), print);
        for (path, mtime) in [("a.html", Some(u128::MAX)), ("b.html", None)] {
            let output = Output {
                hash: 9,
                size: 300,
                mtime,
            };
            memo.outputs.insert(path.into(), output);
        }
        memo
    }

    #[test]
    fn every_part_of_a_memo_reads_back_from_its_file() {
        let memo = full_memo();
        let back = Memo::from_bytes(&memo.to_bytes()).expect("reads back");
        assert_eq!(back.global, memo.global);
        assert_eq!(back.structure, memo.structure);
        assert_eq!(back.docs, memo.docs);
        assert_eq!(back.keys, memo.keys);
        assert_eq!(back.pages, memo.pages);
        assert_eq!(back.outputs, memo.outputs);
        let (a, b) = (&back.print["print.html"], &memo.print["print.html"]);
        assert_eq!((a.head, a.tail, &a.frame), (b.head, b.tail, &b.frame));
        for (x, y) in a.parts.iter().zip(&b.parts) {
            assert_eq!((&x.doc, x.len, &x.reads), (&y.doc, y.len, &y.reads));
        }
        assert_eq!(a.parts.len(), b.parts.len());
        // The same memo, the same bytes, whatever the order of its hash maps.
        assert_eq!(back.to_bytes(), memo.to_bytes());
    }

    #[test]
    fn a_memo_cut_short_or_damaged_is_no_memo_and_no_panic() {
        let bytes = full_memo().to_bytes();
        for end in 0..bytes.len() {
            assert!(Memo::from_bytes(&bytes[..end]).is_none(), "cut at {end}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Memo::from_bytes(&longer).is_none(), "a byte too many");
        // Any byte changed: refused or read as some memo, never a panic or a huge allocation.
        for at in 0..bytes.len() {
            for value in [0, 1, 0x7f, 0x80, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] = value;
                let _ = Memo::from_bytes(&damaged);
            }
        }
        // Unsorted reads would make an update miss changes.
        let mut memo = full_memo();
        memo.pages.insert("d.html".into(), vec![300, 2]);
        assert!(Memo::from_bytes(&memo.to_bytes()).is_none());
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
