//! What every page of a build shares, computed once: navigation order, sections, reverse
//! references (what points at a role, a KPI, an SOP), and how one page links to another.
//!
//! Owns output paths and hrefs; knows nothing about templates.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use super::ids;

use crate::history::History;
use crate::model::{Date, Document, Handbook, Index, Kind, KindData, Relation, Status, Target};
use crate::url::{encode_fragment, encode_path};

/// A reference pointing at a document, seen from its target.
#[derive(Clone, Debug)]
pub(super) struct Backref {
    /// The referring document (index into `handbook.documents`).
    pub from: usize,
    pub relation: Relation,
    /// The step, level, department or list position the reference is written in.
    pub item: Option<usize>,
}

/// The facts of one build.
pub(super) struct Site<'a> {
    pub hb: &'a Handbook,
    pub index: &'a Index,
    pub today: Date,
    /// What follows from the documents' paths and front matter (read through `Deref`).
    pub shape: Arc<Shape>,
    /// Each document's revisions from git; `None` outside git or with `--no-git`.
    pub history: Option<&'a History>,
    /// `repo_url` of handbook.yaml when it is an http(s) address, encoded for an href and
    /// without a trailing `/`: commits link to `{repo_url}/commit/{hash}`.
    pub repo_url: Option<String>,
}

/// The structure of the site: what follows from the documents' paths and front matter and
/// from handbook.yaml alone (their bodies, today and git play no part). A build whose
/// documents' paths and front matter are those of the build before can take it from there
/// ([`Site::new`]'s `shape`): `serve` then spares a pass over every document on a body edit.
#[derive(Debug)]
pub(super) struct Shape {
    /// `index.md`, the home page, if the handbook has one.
    pub home: Option<usize>,
    /// Live documents other than the home page, by kind order then path: the reading order of
    /// the navigation, prev/next links, the print page and search results.
    pub order: Vec<usize>,
    /// Position of each document in `order`.
    pub position: Vec<Option<usize>>,
    /// Live documents per (kind, folder), in `order`.
    pub sections: BTreeMap<(Kind, String), Vec<usize>>,
    /// Per kind with live documents, where they begin in `order` and how many there are.
    pub kind_spans: BTreeMap<Kind, (usize, usize)>,
    /// Every reference to a document, keyed by the target; built in one pass over all documents.
    /// Never iterated into output (only looked up, or hashed per key by `memo`).
    pub backrefs: HashMap<(Kind, String), Vec<Backref>>,
    /// Live roles per department id.
    pub department_roles: BTreeMap<String, Vec<usize>>,
    /// Documents with a `doc_no`, retired ones included, by number then path: the controlled
    /// documents register. Empty when nothing is numbered (then there is no register page).
    pub register: Vec<usize>,
    /// Display names of folders by root-relative path: the `title` of a live `index.md` in the
    /// folder, else `titles:` in handbook.yaml. See [`Site::folder_title`].
    pub folder_titles: BTreeMap<String, String>,
}

impl std::ops::Deref for Site<'_> {
    type Target = Shape;
    fn deref(&self) -> &Shape {
        &self.shape
    }
}

impl<'a> Site<'a> {
    /// The facts of a build of `hb`; `shape`, when given, is that of a build whose documents
    /// had the same paths and front matter, and handbook.yaml the same text.
    pub(super) fn new(
        hb: &'a Handbook,
        index: &'a Index,
        today: Date,
        history: Option<&'a History>,
        shape: Option<Arc<Shape>>,
    ) -> Site<'a> {
        Site {
            hb,
            index,
            today,
            shape: shape.unwrap_or_else(|| Arc::new(Shape::new(hb))),
            history,
            repo_url: hb.config.repo_url.as_deref().and_then(crate::url::web_url),
        }
    }
}

impl Shape {
    fn new(hb: &Handbook) -> Shape {
        let live = |d: &Document| d.meta.status != Status::Retired;
        let home = hb
            .documents
            .iter()
            .position(|d| d.path == "index.md" && live(d));
        let mut order: Vec<usize> = (0..hb.documents.len())
            .filter(|&i| live(&hb.documents[i]) && Some(i) != home)
            .collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&hb.documents[a], &hb.documents[b]);
            (a.kind, &a.path).cmp(&(b.kind, &b.path))
        });
        let mut position = vec![None; hb.documents.len()];
        let mut sections: BTreeMap<(Kind, String), Vec<usize>> = BTreeMap::new();
        let mut department_roles: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut kind_spans: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
        for (p, &i) in order.iter().enumerate() {
            let doc = &hb.documents[i];
            position[i] = Some(p);
            kind_spans.entry(doc.kind).or_insert((p, 0)).1 += 1;
            sections
                .entry((doc.kind, folder_of(&doc.path).to_string()))
                .or_default()
                .push(i);
            if let KindData::Role(role) = &doc.data
                && let Some(dept) = &role.department
            {
                department_roles.entry(dept.clone()).or_default().push(i);
            }
        }
        // Each document's references in parallel (the costly part), then gathered in document
        // order: every target's list is by referring document, then as written.
        let found: Vec<Vec<_>> = hb
            .documents
            .par_iter()
            .map(|doc| match live(doc) {
                true => doc.references(),
                false => Vec::new(),
            })
            .collect();
        let mut backrefs: HashMap<(Kind, String), Vec<Backref>> = HashMap::new();
        for (i, refs) in found.into_iter().enumerate() {
            for r in refs {
                if let Target::Document(kind, id) = r.target {
                    backrefs.entry((kind, id)).or_default().push(Backref {
                        from: i,
                        relation: r.relation,
                        item: r.item,
                    });
                }
            }
        }
        let mut register: Vec<usize> = (0..hb.documents.len())
            .filter(|&i| hb.documents[i].meta.doc_no.is_some())
            .collect();
        register.sort_by(|&a, &b| {
            let (a, b) = (&hb.documents[a], &hb.documents[b]);
            (&a.meta.doc_no, &a.path).cmp(&(&b.meta.doc_no, &b.path))
        });
        let mut folder_titles: BTreeMap<String, String> = hb
            .config
            .titles
            .iter()
            .map(|(folder, title)| {
                (
                    folder.trim_matches('/').to_string(),
                    title.trim().to_string(),
                )
            })
            .filter(|(folder, title)| !folder.is_empty() && !title.is_empty())
            .collect();
        for doc in hb.documents.iter().filter(|d| live(d)) {
            if let Some(folder) = doc.path.strip_suffix("/index.md")
                && !doc.title().trim().is_empty()
            {
                folder_titles.insert(folder.to_string(), doc.title().trim().to_string());
            }
        }
        Shape {
            home,
            order,
            position,
            sections,
            kind_spans,
            backrefs,
            department_roles,
            register,
            folder_titles,
        }
    }
}

impl<'a> Site<'a> {
    /// What a folder is called on the site (`sops/customer-service` → 客户服务): its title from
    /// `folder_titles`, else its last path segment as spelled.
    pub(super) fn folder_title<'f>(&'f self, folder: &'f str) -> &'f str {
        match self.folder_titles.get(folder) {
            Some(title) => title,
            None => folder.rsplit('/').next().unwrap_or(folder),
        }
    }

    /// Document `i`; what a page reads of it is noted (see [`record`]).
    pub(super) fn doc(&self, i: usize) -> &'a Document {
        note(Read::Front(i));
        &self.hb.documents[i]
    }

    pub(super) fn lookup(&self, kind: Kind, id: &str) -> Option<usize> {
        note(Read::Key(key_id(KeyKind::Lookup, kind, id)));
        self.index.get(kind, id)
    }

    pub(super) fn backrefs(&self, kind: Kind, id: &str) -> &[Backref] {
        note(Read::Key(key_id(KeyKind::Backrefs, kind, id)));
        self.backrefs
            .get(&(kind, id.to_string()))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The references to `kind:id` with `relation`, as (referring document, item) pairs in
    /// reading order (then document, then item).
    pub(super) fn referring(
        &self,
        kind: Kind,
        id: &str,
        relation: Relation,
    ) -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = self
            .backrefs(kind, id)
            .iter()
            .filter(|b| b.relation == relation)
            .filter_map(|b| Some((b.from, b.item?)))
            .collect();
        found.sort_by_key(|&(i, item)| (self.position[i].unwrap_or(usize::MAX), i, item));
        found
    }

    /// Is the document part of the print page (live, or the home page)?
    pub(super) fn in_print(&self, i: usize) -> bool {
        self.position[i].is_some() || Some(i) == self.home
    }

    /// Does `print.html` inline every document? Not above [`PRINT_BUDGET`] documents: then
    /// each kind's chapter is printed from its own page only.
    pub(super) fn print_whole(&self) -> bool {
        self.order.len() <= PRINT_BUDGET
    }

    /// The print pages of `kind`'s chapter: one, or above [`PRINT_VOLUME`] documents one per
    /// volume. None for a kind without live documents.
    pub(super) fn print_sections(&self, kind: Kind) -> Vec<PrintScope> {
        let count = self.kind_spans.get(&kind).map_or(0, |&(_, count)| count);
        let volumes = count.div_ceil(PRINT_VOLUME);
        (0..volumes)
            .map(|volume| PrintScope::Section {
                kind,
                volume,
                volumes,
            })
            .collect()
    }

    /// The chapter's print page (or volume) that holds document `i`; `None` for the preface
    /// and documents on no print page.
    pub(super) fn print_section_of(&self, i: usize) -> Option<PrintScope> {
        let kind = self.doc(i).kind;
        let &(start, count) = self.kind_spans.get(&kind)?;
        Some(PrintScope::Section {
            kind,
            volume: (self.position[i]? - start) / PRINT_VOLUME,
            volumes: count.div_ceil(PRINT_VOLUME),
        })
    }

    /// The positions in `order` of the documents the print page of `scope` holds (the preface
    /// is on no position).
    pub(super) fn print_span(&self, scope: PrintScope) -> std::ops::Range<usize> {
        match scope {
            PrintScope::Whole => 0..self.order.len(),
            PrintScope::Summary => 0..0,
            PrintScope::Section { kind, volume, .. } => {
                let (start, count) = self.kind_spans.get(&kind).copied().unwrap_or((0, 0));
                let from = start + (volume * PRINT_VOLUME).min(count);
                from..start + ((volume + 1) * PRINT_VOLUME).min(count)
            }
        }
    }
}

/// Something a page's output depends on, noted while it renders so that an incremental build
/// renders it again only when one of these changed (`render::memo`). Facts shared by every page
/// (the reading order, sections, the handbook's settings) are not noted: a change to them
/// renders every page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Read {
    /// A document's path and front matter (index into `handbook.documents`).
    Front(usize),
    /// A document's body and its git history: only its own view reads them.
    Body(usize),
    /// The answer to a question about ids: see [`key_id`].
    Key(u64),
}

/// The questions about ids a page may ask of the [`Site`].
#[derive(Clone, Copy, Debug, Hash)]
pub(super) enum KeyKind {
    /// Which document has `kind:id`.
    Lookup,
    /// Which documents refer to `kind:id`, how.
    Backrefs,
}

/// A question about `kind:id` as a number.
pub(super) fn key_id(question: KeyKind, kind: Kind, id: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    (question, kind, id).hash(&mut hasher);
    hasher.finish()
}

thread_local! {
    /// The reads of the page rendering on this thread, while [`record`] runs.
    static READS: RefCell<Option<Vec<Read>>> = const { RefCell::new(None) };
}

/// Note that the page rendering on this thread read `read` (nothing happens outside [`record`]).
pub(super) fn note(read: Read) {
    READS.with(|reads| {
        if let Some(list) = reads.borrow_mut().as_mut() {
            list.push(read);
        }
    });
}

/// Run `render` and return what it read of the site, sorted and without repeats. Pages render
/// on one thread each (nothing below a page uses rayon), so a thread-local list sees exactly
/// one page's reads.
pub(super) fn record<T>(render: impl FnOnce() -> T) -> (T, Vec<Read>) {
    let outer = READS.with(|reads| reads.borrow_mut().replace(Vec::new()));
    let value = render();
    let mut list = READS
        .with(|reads| std::mem::replace(&mut *reads.borrow_mut(), outer))
        .unwrap_or_default();
    list.sort_unstable_by_key(|r| match *r {
        Read::Front(i) => (0, i as u64),
        Read::Body(i) => (1, i as u64),
        Read::Key(k) => (2, k),
    });
    list.dedup();
    // A recording inside another: the outer page read this too.
    READS.with(|reads| {
        if let Some(outer) = reads.borrow_mut().as_mut() {
            outer.extend_from_slice(&list);
        }
    });
    (value, list)
}

/// Documents `print.html` inlines at most; above this it holds the cover, the contents and the
/// preface, and links each kind's own print page (`print/<kind>.html`), which every handbook
/// has. One 10,000-document print page is some 90 MB that no browser prints.
pub const PRINT_BUDGET: usize = 2_000;

/// Documents a kind's own print page holds at most; a kind with more is printed in volumes of
/// this many, in reading order (`print/sop-1.html`, `print/sop-2.html`, …). Headless Chromium
/// prints a volume of 500 SOPs of the generated 10,000-document handbook (4 MB) in 46 s with
/// 0.76 GB; the 7,500 on one page (60 MB) it had not printed after 11 minutes and 9.7 GB.
pub const PRINT_VOLUME: usize = 500;

/// The folder part of a root-relative path (`sops/cs/refund.md` → `sops/cs`, `index.md` → ``).
pub(super) fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("")
}

/// Where a document's page goes: its source path with `.html`.
pub(super) fn page_path(doc: &Document) -> String {
    let stem = doc.path.strip_suffix(".md").unwrap_or(&doc.path);
    format!("{stem}.html")
}

/// Where a kind's index page goes: `sops/index.html`, `roles/index.html`, `pages/index.html`.
pub(super) fn kind_index_path(kind: Kind) -> String {
    format!("{}/index.html", kind.folder().unwrap_or("pages"))
}

pub(super) const REVIEW_PAGE: &str = "review.html";
pub(super) const PRINT_PAGE: &str = "print.html";
/// The folder of the print pages of single kinds (`print/sop.html`).
pub(super) const PRINT_DIR: &str = "print";

/// Which documents a print page holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PrintScope {
    /// `print.html` with every document.
    Whole,
    /// `print.html` of a handbook over the size budget: the cover, the contents linking the
    /// chapters' own print pages, and the preface (the home document) only.
    Summary,
    /// The print page of one kind's chapter, or of one of its volumes (numbered from 0) when
    /// it has more than [`PRINT_VOLUME`] documents.
    Section {
        kind: Kind,
        volume: usize,
        volumes: usize,
    },
}

impl PrintScope {
    /// Does this print page hold document `i` (which is on some print page)?
    pub(super) fn holds(self, site: &Site, i: usize) -> bool {
        match self {
            PrintScope::Whole => true,
            PrintScope::Summary => Some(i) == site.home,
            PrintScope::Section { .. } => site.print_section_of(i) == Some(self),
        }
    }

    /// The page's path in the site.
    pub(super) fn path(self) -> String {
        match self {
            PrintScope::Whole | PrintScope::Summary => PRINT_PAGE.to_string(),
            // Where the print page of a kind's chapter goes: `print/sop.html`, or per volume
            // `print/sop-1.html`, `print/sop-2.html`, ….
            PrintScope::Section { kind, volumes, .. } if volumes <= 1 => {
                format!("{PRINT_DIR}/{}.html", kind.name())
            }
            PrintScope::Section { kind, volume, .. } => {
                format!("{PRINT_DIR}/{}-{}.html", kind.name(), volume + 1)
            }
        }
    }
}
/// The controlled documents register, as a page and as a spreadsheet.
pub(super) const REGISTER_PAGE: &str = "register.html";
pub(super) const REGISTER_CSV: &str = "register.csv";
/// The folder generated files (theme CSS and JS, the search index) live in.
pub(super) const STATIC_DIR: &str = "_opsbook";
pub(super) const SEARCH_INDEX: &str = "_opsbook/search-index.js";

/// `../` once per folder of `page`: the way back to the site root.
pub(super) fn root_prefix(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// A relative href from the page at `from` to the file at `to` (both root-relative). Called
/// for every link of every page, so it walks the two paths without collecting them.
pub(super) fn relative_href(from: &str, to: &str) -> String {
    let mut rest = to;
    let mut ups = 0;
    let mut same = true;
    for dir in folder_of(from).split('/').filter(|s| !s.is_empty()) {
        if same {
            match rest.split_once('/') {
                Some((head, tail)) if head == dir => {
                    rest = tail;
                    continue;
                }
                _ => same = false,
            }
        }
        ups += 1;
    }
    let encoded = encode_path(rest);
    if ups == 0 {
        return encoded;
    }
    let mut href = String::with_capacity(3 * ups + encoded.len());
    for _ in 0..ups {
        href.push_str("../");
    }
    href.push_str(&encoded);
    href
}

/// An href to the element `id` of the same page.
pub(super) fn fragment_href(id: &str) -> String {
    format!("#{}", encode_fragment(id))
}

/// A link as templates show it: a label, and an href unless the target does not exist.
#[derive(Clone, Debug, Serialize)]
pub(super) struct LinkView {
    pub label: String,
    pub href: Option<String>,
}

/// Where links go: between site pages (relative, so `file://` works) or inside the one print
/// page (fragments).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mode {
    Site,
    Print,
}

/// Computes every href and element id of one page.
pub(super) struct Linker<'s, 'a> {
    pub site: &'s Site<'a>,
    pub mode: Mode,
    /// The output path of the page being written.
    pub page: String,
    /// The document the page shows, if any.
    pub doc: Option<usize>,
    /// On a print page, which documents it holds; `Whole` on site pages (unused there).
    pub scope: PrintScope,
    /// On `print.html` holding every document: hrefs made so that the part rendered also
    /// gives its kind's own print page (see [`LinkTokens`]).
    pub tokens: Option<&'s LinkTokens>,
}

/// Renders a document's part of `print.html` (holding every document) once for two pages: it
/// and the kind's own print page (`print/sop.html`, or the volume `print/sop-2.html` holding
/// it). The part is the same on both but for the links to documents on other print pages, `#d7`
/// on one and `role.html#d7` on the other. Each such href is made with a token in front that
/// [`LinkTokens::finish`] then removes for `print.html` and replaces with `role.html` for the
/// kind's page. A token carries a random number drawn once per run, which no handbook can know,
/// so none can forge one; `role.html` and `sop-2.html` are letters, digits, `-` and a dot,
/// written the same however the href is escaped. Anything else that differs between the pages
/// (a file link, a link to the preface) leaves the kind's page to render its part itself.
pub(super) struct LinkTokens {
    /// The kind's print page (or volume) that holds the document.
    section: PrintScope,
    /// Per token, what the kind's page puts in front of the href.
    prefixes: std::sync::Mutex<Vec<String>>,
    /// Set when some href differs in another way.
    differs: AtomicBool,
}

impl LinkTokens {
    pub(super) fn new(section: PrintScope) -> LinkTokens {
        LinkTokens {
            section,
            prefixes: std::sync::Mutex::new(Vec::new()),
            differs: AtomicBool::new(false),
        }
    }

    /// The run's secret: lower-case letters and digits only, so no escaping changes it.
    fn nonce() -> &'static str {
        static NONCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        NONCE.get_or_init(|| {
            use std::hash::BuildHasher;
            let (a, b) = (
                std::collections::hash_map::RandomState::new().hash_one(1u8),
                std::collections::hash_map::RandomState::new().hash_one(2u8),
            );
            format!("obtok{a:016x}{b:016x}n")
        })
    }

    /// The token to put in front of an href that the kind's page writes with `prefix` in
    /// front; `None` (and the part is rendered for each page) when the prefix is not made of
    /// characters every escaping leaves alone.
    fn token(&self, prefix: String) -> Option<String> {
        let plain = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-';
        if prefix.is_empty() || !prefix.chars().all(plain) {
            self.differs.store(true, Ordering::Relaxed);
            return None;
        }
        let mut prefixes = self.prefixes.lock().unwrap_or_else(|e| e.into_inner());
        prefixes.push(prefix);
        Some(format!("{}{}x", LinkTokens::nonce(), prefixes.len() - 1))
    }

    fn differ(&self) {
        self.differs.store(true, Ordering::Relaxed);
    }

    /// The part as `print.html` holds it, from what was rendered with these tokens, and as
    /// the kind's page holds it when the two differ only by tokens. `None` when the part holds
    /// something shaped like a token that this run did not make (it cannot know the nonce).
    pub(super) fn finish(&self, html: &[u8]) -> Option<(Vec<u8>, Option<Vec<u8>>)> {
        let same = !self.differs.load(Ordering::Relaxed);
        let prefixes = self.prefixes.lock().unwrap_or_else(|e| e.into_inner());
        let nonce = LinkTokens::nonce().as_bytes();
        let (mut whole, mut section) = (Vec::with_capacity(html.len()), Vec::new());
        if same {
            section.reserve(html.len() + 16 * prefixes.len());
        }
        let mut rest = html;
        while let Some(at) = rest.windows(nonce.len()).position(|w| w == nonce) {
            whole.extend_from_slice(&rest[..at]);
            let after = &rest[at + nonce.len()..];
            let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
            let n: usize = std::str::from_utf8(&after[..digits]).ok()?.parse().ok()?;
            if after.get(digits) != Some(&b'x') {
                return None;
            }
            let prefix = prefixes.get(n)?;
            if same {
                section.extend_from_slice(&rest[..at]);
                section.extend_from_slice(prefix.as_bytes());
            }
            rest = &after[digits + 1..];
        }
        whole.extend_from_slice(rest);
        section.extend_from_slice(rest);
        Some((whole, same.then_some(section)))
    }
}

impl<'s, 'a> Linker<'s, 'a> {
    pub(super) fn site_page(site: &'s Site<'a>, page: String, doc: Option<usize>) -> Self {
        Linker {
            site,
            mode: Mode::Site,
            page,
            doc,
            scope: PrintScope::Whole,
            tokens: None,
        }
    }

    pub(super) fn print_page(site: &'s Site<'a>, scope: PrintScope, doc: Option<usize>) -> Self {
        Linker {
            site,
            mode: Mode::Print,
            page: scope.path(),
            doc,
            scope,
            tokens: None,
        }
    }

    /// The linker of document `doc`'s part of `print.html` holding every document, rendered
    /// once for its kind's page too (see [`LinkTokens`]).
    pub(super) fn print_shared(site: &'s Site<'a>, doc: usize, tokens: &'s LinkTokens) -> Self {
        Linker {
            tokens: Some(tokens),
            ..Linker::print_page(site, PrintScope::Whole, Some(doc))
        }
    }

    /// An element id on this page. In print every document's ids share one page, so they are
    /// prefixed with the document's own id.
    pub(super) fn anchor(&self, name: &str) -> String {
        match (self.mode, self.doc) {
            (Mode::Print, Some(doc)) => format!("{}-{name}", ids::print_doc(doc)),
            _ => name.to_string(),
        }
    }

    /// An href to an element of this page.
    pub(super) fn local(&self, name: &str) -> String {
        fragment_href(&self.anchor(name))
    }

    /// An href to a file of the site (a page, an asset).
    pub(super) fn file(&self, path: &str) -> String {
        if let Some(tokens) = self.tokens {
            // Relative to the page: the kind's print page lies a folder deeper.
            tokens.differ();
        }
        relative_href(&self.page, path)
    }

    /// An href to a document, optionally to one of its headings. None when the target is not on
    /// the print page.
    pub(super) fn to_doc(&self, i: usize, fragment: Option<&str>) -> Option<String> {
        let fragment = fragment.filter(|f| !f.is_empty());
        match self.mode {
            Mode::Site => {
                let mut href = if Some(i) == self.doc && fragment.is_some() {
                    String::new()
                } else {
                    self.file(&page_path(self.site.doc(i)))
                };
                if let Some(f) = fragment {
                    href.push_str(&fragment_href(f));
                }
                Some(href)
            }
            Mode::Print => {
                if !self.site.in_print(i) {
                    return None;
                }
                let mut href = if self.holds(i) {
                    String::new()
                } else if Some(i) == self.site.home {
                    self.file(PRINT_PAGE)
                } else {
                    match self.site.print_section_of(i) {
                        Some(section) => self.file(&section.path()),
                        None => return None,
                    }
                };
                href.push_str(&match fragment {
                    Some(f) => fragment_href(&format!("{}-{f}", ids::print_doc(i))),
                    None => fragment_href(&ids::print_doc(i)),
                });
                if let Some(tokens) = self.tokens
                    && !tokens.section.holds(self.site, i)
                {
                    // The kind's page links the page that holds `i`: the preface's lies a
                    // folder up (a `/` that escaping may change), another chapter's or
                    // volume's beside it.
                    let token = self.site.print_section_of(i).and_then(|to| {
                        tokens.token(relative_href(&tokens.section.path(), &to.path()))
                    });
                    match token {
                        Some(token) => href.insert_str(0, &token),
                        None => tokens.differ(),
                    }
                }
                Some(href)
            }
        }
    }

    /// Does this print page hold document `i` (which is on some print page)? Links to the
    /// others go to the page that does: `print.html` for the preface, else the kind's own.
    fn holds(&self, i: usize) -> bool {
        self.scope.holds(self.site, i)
    }

    pub(super) fn doc_link(&self, i: usize) -> LinkView {
        LinkView {
            label: self.site.doc(i).title().to_string(),
            href: self.to_doc(i, None),
        }
    }

    /// A link to `kind:id`: the document's title, or the bare id when nothing has that id.
    pub(super) fn reference(&self, kind: Kind, id: &str) -> LinkView {
        match self.site.lookup(kind, id) {
            Some(i) => self.doc_link(i),
            None => LinkView {
                label: id.to_string(),
                href: None,
            },
        }
    }

    pub(super) fn references(&self, kind: Kind, ids: &[String]) -> Vec<LinkView> {
        ids.iter().map(|id| self.reference(kind, id)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_tokens_become_nothing_on_one_page_and_their_prefix_on_the_other() {
        let tokens = LinkTokens::new(PrintScope::Section {
            kind: Kind::Sop,
            volume: 0,
            volumes: 1,
        });
        let a = tokens.token("role.html".into()).expect("plain");
        let b = tokens.token("kpi.html".into()).expect("plain");
        let forged = "obtok0123456789abcdef0123456789abcdefn0x";
        let html = format!("<a href=\"{a}#d1\">x</a>{forged}<a href=\"{b}#d2\">{a}#d1</a>");
        let (whole, section) = tokens.finish(html.as_bytes()).expect("tokens of this run");
        let section = section.expect("no other difference");
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        assert_eq!(
            text(whole),
            format!("<a href=\"#d1\">x</a>{forged}<a href=\"#d2\">#d1</a>")
        );
        assert_eq!(
            text(section),
            format!(
                "<a href=\"role.html#d1\">x</a>{forged}<a href=\"kpi.html#d2\">role.html#d1</a>"
            )
        );
        // A token that names no prefix: nothing to trust. A prefix that escaping could change:
        // print.html's part stands, the kind's page renders its own.
        let unknown = format!("{}7x", LinkTokens::nonce());
        assert!(tokens.finish(unknown.as_bytes()).is_none());
        assert!(tokens.token("../print.html".into()).is_none());
        assert_eq!(tokens.finish(b"plain"), Some((b"plain".to_vec(), None)));
    }

    #[test]
    fn relative_hrefs_climb_only_as_far_as_needed() {
        assert_eq!(
            relative_href("sops/cs/refund.html", "roles/a.html"),
            "../../roles/a.html"
        );
        assert_eq!(
            relative_href("sops/cs/refund.html", "sops/x.html"),
            "../x.html"
        );
        assert_eq!(
            relative_href("sops/cs/refund.html", "sops/cs/y.html"),
            "y.html"
        );
        assert_eq!(
            relative_href("index.html", "sops/a b.html"),
            "sops/a%20b.html"
        );
        assert_eq!(
            relative_href("index.html", "cs-guide/话术.html"),
            "cs-guide/%E8%AF%9D%E6%9C%AF.html"
        );
    }

    /// The scheme a browser would read at the start of `href`, if any.
    fn scheme(href: &str) -> Option<&str> {
        let (scheme, _) = href.split_once(':')?;
        let mut chars = scheme.chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        valid.then_some(scheme)
    }

    #[test]
    fn a_path_named_like_a_url_scheme_stays_relative() {
        for (from, to) in [
            ("index.html", "javascript:alert(1)/a.html"),
            ("index.html", "javascript:alert(2).html"),
            ("javascript:alert(1)/a.html", "javascript:alert(1)/b.html"),
            ("sops/a.html", "sops/data:text/html,x.html"),
        ] {
            let href = relative_href(from, to);
            assert_eq!(scheme(&href), None, "{from} -> {to}: {href}");
        }
        assert_eq!(
            relative_href("index.html", "javascript:alert(1)/a.html"),
            "javascript%3Aalert(1)/a.html"
        );
    }

    /// `relative_href` as first written: both paths split into folders, the common ones dropped.
    fn relative_href_by_parts(from: &str, to: &str) -> String {
        let from_dirs: Vec<&str> = folder_of(from)
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        let to_parts: Vec<&str> = to.split('/').collect();
        let to_dirs = &to_parts[..to_parts.len() - 1];
        let common = from_dirs
            .iter()
            .zip(to_dirs)
            .take_while(|(a, b)| a == b)
            .count();
        let mut href = "../".repeat(from_dirs.len() - common);
        href.push_str(&encode_path(&to_parts[common..].join("/")));
        href
    }

    proptest::proptest! {
        #[test]
        fn relative_hrefs_equal_those_made_by_splitting_the_paths(
            from in "(/?[ab]{0,2}/){0,3}[ab]{0,2}\\.html",
            to in "(/?[ab]{0,2}/){0,3}[ab ]{0,2}\\.html",
        ) {
            proptest::prop_assert_eq!(relative_href(&from, &to), relative_href_by_parts(&from, &to));
        }

        #[test]
        fn no_generated_href_has_a_scheme(
            from in "([a-z:]{1,4}/){0,2}[a-z:]{1,4}\\.html",
            to in "([a-z:]{1,4}/){0,2}[a-z:]{1,4}\\.html",
        ) {
            let href = relative_href(&from, &to);
            proptest::prop_assert_eq!(scheme(&href), None, "{}", href);
        }
    }

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("sops/cs/refund.html"), "../../");
    }
}
