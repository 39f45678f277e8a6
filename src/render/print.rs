//! `print.html`: the whole handbook as one document for CSS paged media (WeasyPrint, or a
//! browser's print to PDF): cover, table of contents with page numbers, one numbered chapter per
//! kind, every document on a new page.
//!
//! The frame (cover, contents) comes from the `print.html` template; the documents are each
//! rendered from their kind template (the article the site shows) and streamed into the file in chunks, so
//! a large handbook's print page is never held in memory twice.

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use super::RenderError;
use super::i18n::Lang;
use super::ids;
use super::site::{Linker, Mode, Site, fragment_href};
use super::theme::Theme;
use super::views::{Levels, Views};
use crate::model::KindData;

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

#[derive(Serialize)]
struct TocEntry {
    href: String,
    number: String,
    title: String,
}

#[derive(Serialize)]
struct TocChapter {
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

fn parts(site: &Site, lang: Lang) -> (Vec<Part>, Vec<TocChapter>, Option<TocEntry>) {
    let mut parts = Vec::new();
    let mut toc: Vec<TocChapter> = Vec::new();
    let preface = site.home.map(|home| {
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
    let mut current = None;
    for &i in &site.order {
        let kind = site.doc(i).kind;
        let new_chapter = current != Some(kind);
        if new_chapter {
            current = Some(kind);
            let n = toc.len() + 1;
            let anchor = format!("ch{n}");
            toc.push(TocChapter {
                href: fragment_href(&anchor),
                anchor: anchor.clone(),
                title: lang.chapter(n, kind),
                docs: Vec::new(),
            });
        }
        let n = toc.len();
        let chapter = toc.last_mut().expect("a chapter was just ensured");
        let number = format!("{n}.{}", chapter.docs.len() + 1);
        parts.push(Part {
            doc: i,
            number: number.clone(),
            chapter: new_chapter.then(|| ChapterStart {
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
    (parts, toc, preface)
}

fn render_part(site: &Site, theme: &Theme, lang: Lang, part: &Part) -> Result<String, RenderError> {
    let doc = site.doc(part.doc);
    let linker = Linker::print_page(site, Some(part.doc));
    let views = Views {
        linker: &linker,
        lang,
    };
    let mut ctx = tera::Context::new();
    ctx.insert("doc", &views.document(part.doc, part.number.clone()));
    ctx.insert("h", &Levels::for_mode(Mode::Print));
    ctx.insert("print", &true);
    ctx.insert("chapter", &part.chapter);
    let template = format!("kinds/{}.html", doc.kind);
    theme.render(&template, &ctx, format!("print.html ({})", doc.path))
}

/// Write `print.html`; returns its size in bytes.
pub(super) fn write(
    site: &Site,
    theme: &Theme,
    lang: Lang,
    file: &mut dyn Write,
    on_chunk: &(dyn Fn(usize) + Sync),
) -> Result<u64, RenderError> {
    let (parts, toc, preface) = parts(site, lang);
    let company = site.order.iter().find_map(|&i| match &site.doc(i).data {
        KindData::Overview(o) => o.company.clone(),
        _ => None,
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
    ctx.insert("documents", DOCUMENTS_MARKER);
    ctx.insert("root", "");
    let frame = theme.render("print.html", &ctx, "print.html")?;
    let Some((head, tail)) = frame.split_once(DOCUMENTS_MARKER) else {
        return Err(RenderError::PrintFrame);
    };
    let io = |source| RenderError::Io {
        path: "print.html".into(),
        source,
    };
    let mut size = 0u64;
    file.write_all(head.as_bytes()).map_err(io)?;
    size += head.len() as u64;
    for chunk in parts.chunks(CHUNK) {
        let rendered: Vec<String> = chunk
            .par_iter()
            .map(|part| render_part(site, theme, lang, part))
            .collect::<Result<_, _>>()?;
        for html in rendered {
            file.write_all(html.as_bytes()).map_err(io)?;
            size += html.len() as u64;
        }
        on_chunk(chunk.len());
    }
    file.write_all(tail.as_bytes()).map_err(io)?;
    size += tail.len() as u64;
    Ok(size)
}
