//! The controlled documents register (受控文件清单): every document with a `doc_no`, retired
//! ones included, sorted by number, as a page (`register.html`) and as a spreadsheet
//! (`register.csv`).
//!
//! The CSV is UTF-8 with a byte-order mark (so that Excel reads Chinese correctly), quoted as
//! RFC 4180 says, with CRLF line ends; a cell a spreadsheet would take for a formula (starting
//! with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, so a hostile
//! title cannot run in the reader's spreadsheet.

use serde::Serialize;

use super::i18n::Lang;
use super::site::{LinkView, Linker, Site};
use super::views::{StatusView, doc_status, status_label};
use crate::model::{Kind, Status};

/// One row of the register.
#[derive(Serialize)]
pub(super) struct RegisterRow {
    pub doc_no: String,
    pub doc: LinkView,
    pub kind: &'static str,
    pub version: Option<String>,
    pub effective: Option<String>,
    pub approver: Option<LinkView>,
    pub approved: Option<String>,
    /// `draft`, `active` or `retired`.
    pub status: &'static str,
    pub status_label: &'static str,
    /// The next review, for documents in force (none for retired ones).
    pub review: Option<StatusView>,
}

/// The register's rows, by document number (then path).
pub(super) fn rows(site: &Site, linker: &Linker, lang: Lang) -> Vec<RegisterRow> {
    site.register
        .iter()
        .map(|&i| {
            let doc = site.doc(i);
            let meta = &doc.meta;
            let approval = meta.approval.as_ref();
            RegisterRow {
                doc_no: meta.doc_no.clone().unwrap_or_default(),
                doc: LinkView {
                    label: doc.title().to_string(),
                    href: Some(linker.file(&super::site::page_path(doc))),
                },
                kind: lang.kind_name(doc.kind),
                version: meta.version.as_ref().map(|v| v.0.clone()),
                effective: meta.effective.map(|d| d.in_lang(lang)),
                approver: approval
                    .and_then(|a| a.approved_by.as_ref())
                    .map(|r| linker.reference(Kind::Role, r)),
                approved: approval.and_then(|a| a.approved).map(|d| d.in_lang(lang)),
                status: doc_status(meta.status),
                status_label: status_label(lang, meta.status),
                review: (meta.status != Status::Retired)
                    .then(|| super::views::review_view(linker, lang, doc))
                    .flatten(),
            }
        })
        .collect()
}

/// `register.csv`: a header row in the site's language, then one row per register row.
pub(super) fn csv(rows: &[RegisterRow], lang: Lang) -> String {
    let header = [
        "doc_no",
        "doc_title",
        "kind",
        "version",
        "effective",
        "approver",
        "approved_on",
        "status",
        "next_review",
    ]
    .map(|key| lang.text(key));
    let mut out = String::from("\u{feff}");
    push_record(&mut out, &header);
    for r in rows {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let record = [
            r.doc_no.clone(),
            r.doc.label.clone(),
            r.kind.to_string(),
            opt(&r.version),
            opt(&r.effective),
            r.approver
                .as_ref()
                .map(|a| a.label.clone())
                .unwrap_or_default(),
            opt(&r.approved),
            r.status_label.to_string(),
            r.review
                .as_ref()
                .and_then(|s| s.due.clone())
                .unwrap_or_default(),
        ];
        push_record(&mut out, &record);
    }
    out
}

fn push_record<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (n, cell) in cells.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_cell(out, cell.as_ref());
    }
    out.push_str("\r\n");
}

/// One cell: defused if a spreadsheet would read it as a formula, quoted when it holds a
/// comma, a quote or a line break (quotes doubled).
fn push_cell(out: &mut String, cell: &str) {
    let formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = formula || cell.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in cell.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> String {
        let mut out = String::new();
        push_cell(&mut out, text);
        out
    }

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        assert_eq!(cell("退款办理"), "退款办理");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn cells_a_spreadsheet_would_run_as_formulas_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "\"'+1\"");
        assert_eq!(cell("-2"), "\"'-2\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell("\tx"), "\"'\tx\"");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        // Only the first character counts.
        assert_eq!(cell("a=b"), "a=b");
        assert_eq!(cell("OPS-SOP-001"), "OPS-SOP-001");
    }

    #[test]
    fn the_file_starts_with_a_byte_order_mark_and_ends_rows_with_crlf() {
        let text = csv(&[], Lang::Zh);
        assert!(text.starts_with("\u{feff}文件编号,文件名称,"));
        assert!(text.ends_with("下次复审\r\n"));
    }
}
