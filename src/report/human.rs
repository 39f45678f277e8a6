//! Human output: rustc-style snippets through miette, with the offending key underlined.

use std::fmt;
use std::ops::Range;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use rayon::prelude::*;

use crate::lint::{Finding, Severity, Summary};
use crate::locale::{Arg, Lang, Noun, msg};
use crate::model::Handbook;

/// How to draw: colour or not, and the width to wrap at.
#[derive(Clone, Copy, Debug)]
pub struct HumanStyle {
    /// Colour the output (ANSI escapes).
    pub color: bool,
    /// Columns to wrap at.
    pub width: usize,
    /// The language of the summary line (findings come written in theirs).
    pub lang: Lang,
}

struct Shown<'a> {
    finding: &'a Finding,
    source: Excerpt,
}

/// A few lines around a finding, long lines cut to a window around the span, so a
/// two-million-character line prints as one screen line. Keeps the real line numbers.
struct Excerpt {
    name: String,
    text: String,
    /// 0-based line number of the excerpt's first line in the file.
    first_line: usize,
    /// The finding's span, in the excerpt.
    span: Range<usize>,
    /// The finding's 1-based line and column (in characters), for the `[file:line:col]`
    /// header: the same numbers JSON, SARIF and GitHub output give.
    at: (usize, usize),
}

/// Lines kept before and after the finding's line.
const CONTEXT: usize = 2;
/// Longest line shown whole, in characters.
const MAX_LINE: usize = 160;

/// Where each line of a file starts, found once per file so that an excerpt costs the same
/// for the 100,000th finding of a file as for the first.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// The 0-based line holding byte `offset`.
    fn of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Line `i` without its `\n`.
    fn get(&self, i: usize) -> Option<&'a str> {
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).map_or(self.text.len(), |e| e - 1);
        Some(&self.text[start..end])
    }
}

impl Excerpt {
    fn new(name: &str, lines: &Lines, span: Range<usize>, at: (usize, usize)) -> Excerpt {
        let text = lines.text;
        let start = span.start.min(text.len());
        let line_no = lines.of(start);
        let line_start = lines.starts[line_no];
        let first_line = line_no.saturating_sub(CONTEXT);
        let mut out = String::new();
        let mut new_span = 0..0;
        for i in first_line..first_line + CONTEXT * 2 + 1 {
            let Some(line) = lines.get(i) else { break };
            if i > first_line {
                out.push('\n');
            }
            let line = line.trim_end_matches('\r');
            if i != line_no {
                push_cut(&mut out, line, false);
                continue;
            }
            // The finding's line: a window that starts 40 characters before the span. Only
            // those characters are walked, not the line from its start.
            let long = line.chars().nth(MAX_LINE).is_some();
            let skipped = match text[line_start..start].char_indices().rev().nth(39) {
                Some((i, _)) if long => i.min(line.len()),
                _ => 0,
            };
            let base = out.len();
            push_cut(&mut out, &line[skipped..], skipped > 0);
            let prefix = if skipped > 0 { '…'.len_utf8() } else { 0 };
            let s = base + prefix + (start - line_start).saturating_sub(skipped);
            let e = (s + span.end.saturating_sub(start)).min(out.len()).max(s);
            new_span = s.min(out.len())..e;
        }
        Excerpt {
            name: name.to_string(),
            text: out,
            first_line,
            span: new_span,
            at,
        }
    }
}

/// Push at most [`MAX_LINE`] characters of `line`, marking cuts with `…`: before it when
/// `cut_before` (the line was cut on the left), after it when it goes on.
fn push_cut(out: &mut String, line: &str, cut_before: bool) {
    if cut_before {
        out.push('…');
    }
    let mut chars = line.chars();
    out.extend(chars.by_ref().take(MAX_LINE));
    if chars.next().is_some() {
        out.push('…');
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        // miette reads the primary span without context for the header, and would count its
        // column in bytes of the (possibly cut) excerpt line; give it the finding's own.
        let (line, column) = if before == 0 && after == 0 {
            (self.at.0 - 1, self.at.1 - 1)
        } else {
            (inner.line() + self.first_line, inner.column())
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count(),
        )))
    }
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
        let span = &self.source.span;
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
        .with_links(false)
        // Ids and paths wrap whole: `logistics-coordinator`, never `logistics-` / `coordinator`.
        .with_break_words(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut out = String::new();
    // Findings come grouped by file: the line table is built once per file. Snippets are drawn
    // in parallel, a bounded batch at a time, and joined in order.
    for group in findings.chunk_by(|a, b| a.file == b.file) {
        let file = &group[0].file;
        let text = if *file == handbook.config_doc.path {
            &handbook.config_doc.text
        } else {
            handbook
                .document(file)
                .map(|d| &d.text)
                .unwrap_or(&handbook.config_doc.text)
        };
        let lines = Lines::new(text);
        for batch in group.chunks(4096) {
            let drawn: Vec<String> = batch
                .par_iter()
                .map(|finding| {
                    let at = (finding.line.max(1), finding.column.max(1));
                    let source = Excerpt::new(file, &lines, finding.span.clone(), at);
                    let mut text = String::new();
                    // Rendering into a String cannot fail.
                    let _ = handler.render_report(&mut text, &Shown { finding, source });
                    let mut text = relabel(&text, style.lang);
                    text.push('\n');
                    text
                })
                .collect();
            out.extend(drawn);
        }
    }
    out.push_str(&summary_line(summary, style.lang));
    out
}

/// What miette labels a diagnostic's help with (`  help: `, first on its line, after any
/// colour escapes), written in `lang` (`  帮助: `). The Chinese label is as wide as the English
/// one (six columns), so the wrapped lines under it stay aligned. Text that is not miette's
/// footer is left as it is: a message line starts with `×`/`⚠` or is indented further, a
/// snippet line with its gutter.
pub fn relabel(text: &str, lang: Lang) -> String {
    let label = msg!("label.help").render(lang);
    if label == "help:" {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.split_inclusive('\n') {
        // Skip the colour escapes (`ESC [ … m`) miette puts before the label.
        let mut rest = line;
        while let Some(after) = rest.strip_prefix("\x1b[") {
            match after.find('m') {
                Some(end) => rest = &after[end + 1..],
                None => break,
            }
        }
        match rest.strip_prefix("  help: ") {
            Some(after) => {
                out.push_str(&line[..line.len() - rest.len()]);
                out.push_str("  ");
                out.push_str(&label);
                out.push(' ');
                out.push_str(after);
            }
            None => out.push_str(line),
        }
    }
    out
}

/// `54 documents checked: 1 error, 2 warnings` or `54 documents checked: no problems`;
/// `已检查 54 篇文档：1 个错误，2 个警告`.
pub(super) fn summary_line(s: Summary, lang: Lang) -> String {
    let count = |n, noun| Arg::localized(|lang| lang.count(n, noun));
    let counts = if s.errors + s.warnings == 0 {
        msg!("report.no-problems")
    } else {
        msg!(
            "report.counts",
            count(s.errors, Noun::Error),
            count(s.warnings, Noun::Warning)
        )
    };
    let documents = count(s.documents, Noun::Document);
    format!(
        "{}\n",
        msg!("report.summary", documents, counts).render(lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_label_is_written_in_the_language_and_nothing_else_changes() {
        let drawn = "  × `help: ` is not a key\n   ╭─[a.md:1:1]\n 1 │   help: x\n   ╰────\n  help: \
                     add `owners`\n        wrapped\n";
        let zh = relabel(drawn, Lang::Zh);
        assert!(
            zh.contains("\n  帮助: add `owners`\n        wrapped\n"),
            "{zh}"
        );
        assert!(zh.contains("`help: ` is not a key") && zh.contains(" 1 │   help: x"));
        assert_eq!(relabel(drawn, Lang::En), drawn);
        // With colour, the label comes after miette's escapes and keeps them.
        let coloured = "\u{1b}[38;5;14m  help: \u{1b}[0madd it\n";
        assert_eq!(
            relabel(coloured, Lang::Zh),
            "\u{1b}[38;5;14m  帮助: \u{1b}[0madd it\n"
        );
        // The Chinese label is as wide as the English one, so wrapped lines stay aligned.
        let width = |s: &str| {
            s.chars()
                .map(|c| if c.is_ascii() { 1 } else { 2 })
                .sum::<usize>()
        };
        assert_eq!(width("  帮助: "), width("  help: "));
    }
}
