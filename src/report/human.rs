//! Human output: rustc-style snippets through miette, with the offending key underlined.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use crate::lint::{Finding, Severity, Summary};
use crate::model::Handbook;

/// How to draw: colour or not, and the width to wrap at.
#[derive(Clone, Copy, Debug)]
pub struct HumanStyle {
    pub color: bool,
    pub width: usize,
}

struct Shown<'a> {
    finding: &'a Finding,
    source: NamedSource<String>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.finding.rule))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = &self.finding.span;
        let label = LabeledSpan::new_with_span(None, span.start..span.end);
        Some(Box::new(std::iter::once(label)))
    }
}

/// Every finding as a snippet of its file, then a summary line.
pub fn human(
    findings: &[Finding],
    handbook: &Handbook,
    summary: Summary,
    style: HumanStyle,
) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for finding in findings {
        let text = if finding.file == handbook.config_doc.path {
            &handbook.config_doc.text
        } else {
            handbook
                .document(&finding.file)
                .map(|d| &d.text)
                .unwrap_or(&handbook.config_doc.text)
        };
        // Spans past the end (an empty or binary file) are clamped so miette has something to show.
        let mut finding = finding.clone();
        finding.span.start = finding.span.start.min(text.len());
        finding.span.end = finding.span.end.clamp(finding.span.start, text.len());
        let shown = Shown {
            finding: &finding,
            source: NamedSource::new(&finding.file, text.clone()),
        };
        // Rendering into a String cannot fail.
        let _ = handler.render_report(&mut out, &shown);
        out.push('\n');
    }
    out.push_str(&summary_line(summary));
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `54 documents checked: 1 error, 2 warnings` or `54 documents checked: no problems`.
pub fn summary_line(s: Summary) -> String {
    let counts = if s.errors + s.warnings == 0 {
        "no problems".to_string()
    } else {
        format!(
            "{}, {}",
            plural(s.errors, "error"),
            plural(s.warnings, "warning")
        )
    };
    format!("{} checked: {counts}\n", plural(s.documents, "document"))
}
