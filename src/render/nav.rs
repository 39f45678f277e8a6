//! Navigation around a page: the sidebar, breadcrumbs, previous/next.
//!
//! The sidebar holds the kinds (each linking its index page) and only the current section, cut
//! to a window around the current page, so its size does not grow with the handbook: 10,000
//! documents do not mean 10,000 links on every page.

use serde::Serialize;

use super::i18n::Lang;
use super::ids;
use super::site::{
    LinkView, Linker, PRINT_PAGE, REGISTER_PAGE, REVIEW_PAGE, Site, folder_of, kind_index_path,
};
use crate::model::Kind;

/// Documents of the current section shown in the sidebar, at most.
pub(super) const SECTION_WINDOW: usize = 10;

#[derive(Serialize)]
pub(super) struct NavItem {
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Serialize)]
pub(super) struct NavKind {
    pub kind: &'static str,
    pub label: &'static str,
    pub href: String,
    pub count: usize,
    pub current: bool,
    /// The current section's documents, on pages of this kind.
    pub items: Vec<NavItem>,
    /// Documents of the section left out of `items`.
    pub more: usize,
}

#[derive(Serialize)]
pub(super) struct Sidebar {
    pub home: String,
    pub kinds: Vec<NavKind>,
    pub review: String,
    /// The controlled documents register, when the handbook numbers its documents.
    pub register: Option<String>,
    pub print: String,
}

/// Live documents per kind.
pub(super) fn kind_counts(site: &Site) -> Vec<(Kind, usize)> {
    site.kind_spans
        .iter()
        .map(|(&kind, &(_, count))| (kind, count))
        .collect()
}

/// The sidebar of a page; `current` is the document shown, `current_kind` the kind whose index
/// or document is shown.
pub(super) fn sidebar(
    site: &Site,
    linker: &Linker,
    lang: Lang,
    counts: &[(Kind, usize)],
    current: Option<usize>,
    current_kind: Option<Kind>,
) -> Sidebar {
    let section = current.map(|i| {
        let doc = site.doc(i);
        (doc.kind, folder_of(&doc.path).to_string())
    });
    let kinds = counts
        .iter()
        .map(|&(kind, count)| {
            let mut items = Vec::new();
            let mut more = 0;
            if let (Some(i), Some((k, folder))) = (current, &section)
                && *k == kind
                && let Some(docs) = site.sections.get(&(kind, folder.clone()))
            {
                let at = docs.iter().position(|&d| d == i).unwrap_or(0);
                let start = at
                    .saturating_sub(SECTION_WINDOW / 2)
                    .min(docs.len().saturating_sub(SECTION_WINDOW));
                let end = (start + SECTION_WINDOW).min(docs.len());
                more = docs.len() - (end - start);
                items = docs[start..end]
                    .iter()
                    .map(|&d| NavItem {
                        label: site.doc(d).title().to_string(),
                        href: linker.to_doc(d, None).unwrap_or_default(),
                        current: d == i,
                    })
                    .collect();
            }
            NavKind {
                kind: kind.name(),
                label: lang.kind_label(kind),
                href: linker.file(&kind_index_path(kind)),
                count,
                current: current_kind == Some(kind),
                items,
                more,
            }
        })
        .collect();
    Sidebar {
        home: linker.file("index.html"),
        kinds,
        review: linker.file(REVIEW_PAGE),
        register: (!site.register.is_empty()).then(|| linker.file(REGISTER_PAGE)),
        print: linker.file(PRINT_PAGE),
    }
}

/// Home › kind › folders › the page. The last crumb has no href.
pub(super) fn crumbs(site: &Site, linker: &Linker, lang: Lang, doc: usize) -> Vec<LinkView> {
    let d = site.doc(doc);
    let mut crumbs = vec![LinkView {
        label: lang.text("home").to_string(),
        href: Some(linker.file("index.html")),
    }];
    if Some(doc) == site.home {
        crumbs[0].href = None;
        return crumbs;
    }
    let kind_page = kind_index_path(d.kind);
    crumbs.push(LinkView {
        label: lang.kind_label(d.kind).to_string(),
        href: Some(linker.file(&kind_page)),
    });
    // Folders below the kind's own folder, each pointing at its group on the kind's index.
    let folder = folder_of(&d.path);
    let mut parts: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    if !parts.is_empty() {
        parts.remove(0);
    }
    let mut path = folder_of(&d.path)
        .split('/')
        .next()
        .unwrap_or("")
        .to_string();
    for part in parts {
        path.push('/');
        path.push_str(part);
        crumbs.push(LinkView {
            label: site.folder_title(&path).to_string(),
            href: Some(
                linker.file(&kind_page) + &super::site::fragment_href(&ids::folder_group(&path)),
            ),
        });
    }
    crumbs.push(LinkView {
        label: d.title().to_string(),
        href: None,
    });
    crumbs
}

/// The documents before and after in reading order.
pub(super) fn pager(
    site: &Site,
    linker: &Linker,
    doc: usize,
) -> (Option<LinkView>, Option<LinkView>) {
    let Some(p) = site.position[doc] else {
        return (None, None);
    };
    let prev = p.checked_sub(1).map(|q| linker.doc_link(site.order[q]));
    let next = site.order.get(p + 1).map(|&q| linker.doc_link(q));
    (prev, next)
}
