//! `print.html`: the whole handbook as one document for CSS paged media (WeasyPrint, or a
//! browser's print to PDF): cover, table of contents with page numbers, one numbered chapter per
//! kind, every document on a new page. Each kind's chapter also has a print page of its own
//! (`print/sop.html`, same frame and numbers), in volumes of [`PRINT_VOLUME`] documents when
//! it has more (`print/sop-1.html`, …); above [`PRINT_BUDGET`] documents `print.html` keeps only
//! the cover, the preface and contents linking those pages.
//!
//! The frame (cover, contents) comes from the `print.html` template; the documents are each
//! rendered from their kind template (the article the site shows) and streamed into the file in chunks, so
//! a large handbook's print page is never held in memory twice.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use super::RenderError;
use super::i18n::Lang;
use super::ids;
use super::site::{
    LinkTokens, Linker, Mode, PRINT_BUDGET, PRINT_VOLUME, PrintScope, Read, Site, fragment_href,
    record, relative_href,
};
use super::theme::Theme;
use super::views::{Levels, Views};
use crate::model::{Kind, KindData};

/// Where the template places the documents.
const DOCUMENTS_MARKER: &str = "<!--opsbook:documents-->";

/// Documents rendered at once before they are written out.
const CHUNK: usize = 256;

#[derive(Serialize)]
struct Cover {
    title: String,
    company: Option<String>,
    version: Option<String>,
    date: String,
}

/// A chapter's own print page (or a volume of it), as `print.html` links it.
#[derive(Serialize)]
struct SectionLink {
    href: String,
    title: String,
    count: usize,
}

#[derive(Serialize)]
struct TocEntry {
    href: String,
    number: String,
    title: String,
}

#[derive(Serialize)]
struct TocChapter {
    #[serde(skip)]
    kind: Kind,
    href: String,
    anchor: String,
    title: String,
    docs: Vec<TocEntry>,
}

#[derive(Serialize, Clone)]
struct ChapterStart {
    anchor: String,
    title: String,
}

/// One document of the print page, in order.
struct Part {
    doc: usize,
    number: String,
    chapter: Option<ChapterStart>,
}

/// The print page of `scope`'s parts in order, its contents, and the preface's entry (the home
/// document) when it holds it. Chapters are numbered by kind through the handbook, documents
/// through their chapter; only the chapters and documents the page holds are made, so that a
/// handbook's many volumes together cost one pass over its documents. A page's first document
/// of each chapter opens it (a volume after the first opens with its chapter's heading too).
fn parts(
    site: &Site,
    lang: Lang,
    scope: PrintScope,
) -> (Vec<Part>, Vec<TocChapter>, Option<TocEntry>) {
    let mut parts = Vec::new();
    let mut toc: Vec<TocChapter> = Vec::new();
    let span = match scope {
        // The summary's contents name every chapter.
        PrintScope::Summary => site.print_span(PrintScope::Whole),
        _ => site.print_span(scope),
    };
    let preface = site
        .home
        .filter(|&home| scope.holds(site, home))
        .map(|home| {
            parts.push(Part {
                doc: home,
                number: String::new(),
                chapter: None,
            });
            TocEntry {
                href: fragment_href(&ids::print_doc(home)),
                number: String::new(),
                title: site.doc(home).title().to_string(),
            }
        });
    for (n, (&kind, &(start, count))) in (1..).zip(&site.kind_spans) {
        let held = span.start.max(start)..span.end.min(start + count);
        if held.is_empty() {
            continue;
        }
        let anchor = format!("ch{n}");
        let mut chapter = TocChapter {
            kind,
            href: fragment_href(&anchor),
            anchor,
            title: lang.chapter(n, kind),
            docs: Vec::with_capacity(held.len()),
        };
        for p in held.clone() {
            let i = site.order[p];
            let number = format!("{n}.{}", p - start + 1);
            parts.push(Part {
                doc: i,
                number: number.clone(),
                chapter: (p == held.start).then(|| ChapterStart {
                    anchor: chapter.anchor.clone(),
                    title: chapter.title.clone(),
                }),
            });
            chapter.docs.push(TocEntry {
                href: fragment_href(&ids::print_doc(i)),
                number,
                title: site.doc(i).title().to_string(),
            });
        }
        toc.push(chapter);
    }
    (parts, toc, preface)
}

/// A document's part of the print page of `scope`; on `print.html` holding every document,
/// also the part as its kind's own print page holds it, when that could be had from the same
/// rendering (see [`LinkTokens`]).
fn render_part(
    site: &Site,
    theme: &Theme,
    lang: Lang,
    scope: PrintScope,
    part: &Part,
) -> Result<(Vec<u8>, Option<Vec<u8>>), RenderError> {
    if scope == PrintScope::Whole
        && theme.default_templates
        && let Some(section) = site.print_section_of(part.doc)
    {
        let tokens = LinkTokens::new(section);
        let linker = Linker::print_shared(site, part.doc, &tokens);
        let html = render_part_with(site, theme, lang, scope, part, &linker)?;
        // A link the kind's page writes otherwise than by a token (a file, the preface) leaves
        // that page's part to be rendered there; print.html's is this one either way.
        if let Some(parts) = tokens.finish(&html) {
            return Ok(parts);
        }
    }
    let linker = Linker::print_page(site, scope, Some(part.doc));
    Ok((
        render_part_with(site, theme, lang, scope, part, &linker)?,
        None,
    ))
}

fn render_part_with(
    site: &Site,
    theme: &Theme,
    lang: Lang,
    scope: PrintScope,
    part: &Part,
    linker: &Linker,
) -> Result<Vec<u8>, RenderError> {
    let doc = site.doc(part.doc);
    let views = Views { linker, lang };
    let mut ctx = tera::Context::new();
    ctx.insert("doc", &views.document(part.doc, part.number.clone()));
    ctx.insert("h", &Levels::for_mode(Mode::Print));
    ctx.insert("print", &true);
    ctx.insert("chapter", &part.chapter);
    let template = format!("kinds/{}.html", doc.kind);
    let mut html = Vec::with_capacity(16 * 1024);
    let page = format!("{} ({})", scope.path(), doc.path);
    theme.render_to(&template, &ctx, &page, &mut html)?;
    Ok(html)
}

/// Parts of `print.html` (holding every document) as the kinds' own print pages, written after
/// it, hold them: those pages copy them instead of rendering. Each is taken once, with what it
/// read.
#[derive(Default)]
pub(super) struct Shared {
    parts: Mutex<HashMap<usize, SharedPart>>,
    /// Parts given to the kinds' pages.
    #[cfg(test)]
    given: std::sync::atomic::AtomicUsize,
}

/// A part as a kind's print page holds it, whether it opens its chapter, and what it read.
type SharedPart = (Vec<u8>, bool, Vec<Read>);

impl Shared {
    fn put(&self, part: &Part, html: Vec<u8>, reads: &[Read]) {
        let mut parts = self.parts.lock().unwrap_or_else(|e| e.into_inner());
        let opens = part.chapter.is_some();
        parts.insert(part.doc, (html, opens, reads.to_vec()));
    }

    /// The part `part` of a kind's page, unless it opens its chapter there and not on
    /// `print.html` (the first document of a volume after the first).
    fn take(&self, part: &Part) -> Option<(Vec<u8>, Vec<Read>)> {
        let mut parts = self.parts.lock().unwrap_or_else(|e| e.into_inner());
        let (html, opens, reads) = parts.remove(&part.doc)?;
        (opens == part.chapter.is_some()).then_some((html, reads))
    }

    /// Parts held and not yet taken, and parts given.
    #[cfg(test)]
    pub(super) fn counts(&self) -> (usize, usize) {
        let held = self.parts.lock().unwrap_or_else(|e| e.into_inner()).len();
        (held, self.given.load(std::sync::atomic::Ordering::Relaxed))
    }
}

/// The print pages a build writes: `print.html` (whole or, above [`PRINT_BUDGET`], a summary)
/// and one per kind with live documents, in order.
pub(super) fn scopes(site: &Site, kinds: &[Kind]) -> Vec<PrintScope> {
    let first = if site.print_whole() {
        PrintScope::Whole
    } else {
        PrintScope::Summary
    };
    std::iter::once(first)
        .chain(kinds.iter().flat_map(|&k| site.print_sections(k)))
        .collect()
}

/// Documents the print page of `scope` renders, for progress.
pub(super) fn size(site: &Site, scope: PrintScope) -> usize {
    let home = usize::from(site.home.is_some());
    match scope {
        PrintScope::Whole => site.order.len() + home,
        PrintScope::Summary => home,
        PrintScope::Section { .. } => site.print_span(scope).len(),
    }
}

/// What a print page was made of, for an incremental build: the frame's head and tail, each
/// document's part, and what each read of the site.
pub(super) struct Recorded {
    pub head: (usize, Vec<Read>),
    pub tail: usize,
    /// Per part, in order: the document, its length and its reads.
    pub parts: Vec<(usize, usize, Vec<Read>)>,
}

/// Pieces of the previous print page an incremental build may keep as they are, read when
/// they are copied.
pub(super) trait Reuse: Sync {
    /// The frame's head and tail, if the frame need not be rendered again.
    fn frame(&self) -> Option<(Vec<u8>, Vec<u8>)>;
    /// Part `n`, if it need not be rendered again.
    fn part(&self, n: usize) -> Option<Vec<u8>>;
}

/// Nothing to reuse: a full build.
pub(super) struct Fresh;

impl Reuse for Fresh {
    fn frame(&self) -> Option<(Vec<u8>, Vec<u8>)> {
        None
    }
    fn part(&self, _: usize) -> Option<Vec<u8>> {
        None
    }
}

/// Write the print page of `scope`; returns its size in bytes and what it is made of. Pieces
/// `reuse` gives are copied rather than rendered, and so are the parts `shared` holds from
/// `print.html` written before (which leaves there those it can give).
#[allow(clippy::too_many_arguments)] // Each is one thing a page is made of; a struct would only rename them.
pub(super) fn write(
    site: &Site,
    theme: &Theme,
    lang: Lang,
    scope: PrintScope,
    file: &mut dyn Write,
    on_chunk: &(dyn Fn(usize) + Sync),
    reuse: &dyn Reuse,
    shared: &Shared,
) -> Result<(u64, Recorded), RenderError> {
    let page = scope.path();
    let reused = reuse.frame();
    // The contents list every document's title: the frame reads what the list of parts reads.
    let ((parts, frame), frame_reads) = record(|| {
        let (parts, ctx) = plan(site, lang, scope);
        let frame = reused
            .is_none()
            .then(|| theme.render("print.html", &ctx, page.clone()));
        (parts, frame)
    });
    let (head, tail) = match (reused, frame) {
        (Some((head, tail)), _) => (head, tail),
        (None, Some(frame)) => {
            let frame = frame?;
            let Some((head, tail)) = frame.split_once(DOCUMENTS_MARKER) else {
                return Err(RenderError::PrintFrame);
            };
            (head.as_bytes().to_vec(), tail.as_bytes().to_vec())
        }
        (None, None) => return Err(RenderError::PrintFrame),
    };
    let io = |source| RenderError::Io {
        path: page.clone().into(),
        source,
    };
    let mut recorded = Recorded {
        head: (head.len(), frame_reads),
        tail: tail.len(),
        parts: Vec::with_capacity(parts.len()),
    };
    let mut size = 0u64;
    file.write_all(&head).map_err(io)?;
    size += head.len() as u64;
    let numbered: Vec<(usize, &Part)> = parts.iter().enumerate().collect();
    for chunk in numbered.chunks(CHUNK) {
        let rendered: Vec<(Vec<u8>, Vec<Read>)> = chunk
            .par_iter()
            .map(|&(n, part)| {
                if let Some(bytes) = reuse.part(n) {
                    return Ok((bytes, Vec::new()));
                }
                if let PrintScope::Section { .. } = scope
                    && let Some(found) = shared.take(part)
                {
                    #[cfg(test)]
                    shared
                        .given
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return Ok(found);
                }
                let (html, reads) = record(|| render_part(site, theme, lang, scope, part));
                let (html, section) = html?;
                if let Some(section) = section {
                    shared.put(part, section, &reads);
                }
                Ok((html, reads))
            })
            .collect::<Result<_, RenderError>>()?;
        for ((_, part), (html, reads)) in chunk.iter().zip(rendered) {
            file.write_all(&html).map_err(io)?;
            size += html.len() as u64;
            recorded.parts.push((part.doc, html.len(), reads));
        }
        on_chunk(chunk.len());
    }
    file.write_all(&tail).map_err(io)?;
    size += tail.len() as u64;
    Ok((size, recorded))
}

/// What a chapter's print page is called: "第 4 章 标准操作流程", or with its volume
/// ("第 4 章 标准操作流程 · 第 2 册") when it has more than one.
fn volume_title(lang: Lang, chapter: &str, volume: usize, volumes: usize) -> String {
    match volumes {
        0 | 1 => chapter.to_string(),
        _ => format!("{chapter} · {}", lang.volume(volume + 1)),
    }
}

/// The parts of the print page of `scope`, and the context its frame is rendered with.
fn plan(site: &Site, lang: Lang, scope: PrintScope) -> (Vec<Part>, tera::Context) {
    let (mut parts, mut toc, preface) = parts(site, lang, scope);
    let page = scope.path();
    // A chapter's own print pages, as this page links them: one, or one per volume.
    let links = |c: &TocChapter| -> Vec<(SectionLink, TocEntry)> {
        let pages = site.print_sections(c.kind);
        let volumes = pages.len();
        pages
            .iter()
            .zip(c.docs.chunks(PRINT_VOLUME))
            .enumerate()
            .map(|(n, (to, docs))| {
                let href = relative_href(&page, &to.path());
                let (first, last) = (&docs[0].number, &docs[docs.len() - 1].number);
                let link = SectionLink {
                    href: href.clone(),
                    title: volume_title(lang, &c.title, n, volumes),
                    count: docs.len(),
                };
                let entry = TocEntry {
                    href,
                    number: lang.volume(n + 1),
                    title: format!("{first}–{last}"),
                };
                (link, entry)
            })
            .collect()
    };
    let mut section = None;
    let mut sections = Vec::new();
    match scope {
        PrintScope::Whole => {
            sections = toc.iter().flat_map(&links).map(|(l, _)| l).collect();
        }
        PrintScope::Summary => {
            // The contents name the chapters, each linking its own page, or its volumes.
            for chapter in &mut toc {
                let (links, volumes): (Vec<_>, Vec<_>) = links(chapter).into_iter().unzip();
                chapter.href = links.into_iter().next().map(|l| l.href).unwrap_or_default();
                chapter.docs = if volumes.len() > 1 {
                    volumes
                } else {
                    Vec::new()
                };
            }
            parts.retain(|p| Some(p.doc) == site.home);
        }
        PrintScope::Section {
            volume, volumes, ..
        } => {
            section = toc
                .first()
                .map(|c| volume_title(lang, &c.title, volume, volumes));
        }
    }
    let overviews = site.kind_spans.get(&Kind::Overview).copied();
    let company = overviews.and_then(|(start, count)| {
        site.order[start..start + count]
            .iter()
            .find_map(|&i| match &site.doc(i).data {
                KindData::Overview(o) => o.company.clone(),
                _ => None,
            })
    });
    let version = site
        .home
        .and_then(|h| site.doc(h).meta.version.as_ref().map(|v| v.0.clone()));
    let mut ctx = tera::Context::new();
    ctx.insert(
        "cover",
        &Cover {
            title: site.hb.config.title.clone(),
            company,
            version,
            date: site.today.in_lang(lang),
        },
    );
    ctx.insert("toc", &toc);
    ctx.insert("preface", &preface);
    ctx.insert("section", &section);
    ctx.insert("sections", &sections);
    ctx.insert("summary", &(scope == PrintScope::Summary));
    ctx.insert("budget", &PRINT_BUDGET);
    ctx.insert("documents", DOCUMENTS_MARKER);
    ctx.insert("root", &super::site::root_prefix(&page));
    (parts, ctx)
}
