//! Validation: the rule registry, findings, and running every rule over a handbook.
//!
//! Rules live one per file under `rules/`; each holds its name, default level, documentation
//! and `check` function. Rules never do IO and never print: they add findings to a [`Findings`].

pub mod rules;

use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Date, Document, Handbook, Index, Level, line_col};

/// A lint rule: its documentation is what `opsbook explain` prints.
pub struct Rule {
    /// Stable kebab-case name.
    pub name: &'static str,
    pub default_level: Level,
    /// One line: when the rule fires.
    pub summary: &'static str,
    /// Markdown with the sections *What it does*, *Why it matters*, *Example*, *Fix*.
    pub docs: &'static str,
    pub check: fn(&Context, &mut Findings),
}

/// What rules may read.
pub struct Context<'a> {
    pub handbook: &'a Handbook,
    pub index: &'a Index,
    pub today: Date,
}

/// A finding's severity (a rule at level `off` reports nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem, located in a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    /// Relative to the handbook root, `/`-separated.
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Byte range in the file.
    #[serde(skip)]
    pub span: Range<usize>,
}

impl Finding {
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
}

/// Collects one rule's findings.
pub struct Findings {
    rule: &'static str,
    severity: Severity,
    list: Vec<Finding>,
}

impl Findings {
    /// A finding at a byte range of a document's file.
    pub fn at_span(
        &mut self,
        doc: &Document,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Finding {
        let (line, column) = line_col(&doc.text, span.start);
        self.list.push(Finding {
            rule: self.rule,
            severity: self.severity,
            file: doc.path.clone(),
            line,
            column,
            message: message.into(),
            help: None,
            span,
        });
        self.list.last_mut().expect("just pushed")
    }

    /// A finding at a front-matter value (or its key) named by JSON Pointer.
    pub fn at(
        &mut self,
        doc: &Document,
        pointer: &str,
        on_key: bool,
        message: impl Into<String>,
    ) -> &mut Finding {
        let span = doc.locate(pointer, on_key);
        self.at_span(doc, span, message)
    }
}

/// The level a rule runs at in this handbook.
pub fn level_of(handbook: &Handbook, rule: &Rule) -> Level {
    handbook
        .config
        .rules
        .get(rule.name)
        .copied()
        .unwrap_or(rule.default_level)
}

/// Run every rule; findings sorted by file, line, column.
pub fn check_handbook(handbook: &Handbook, index: &Index, today: Date) -> Vec<Finding> {
    let cx = Context {
        handbook,
        index,
        today,
    };
    let mut all: Vec<Finding> = rules::RULES
        .par_iter()
        .flat_map_iter(|rule| {
            let severity = match level_of(handbook, rule) {
                Level::Off => return Vec::new(),
                Level::Warning => Severity::Warning,
                Level::Error => Severity::Error,
            };
            let mut findings = Findings {
                rule: rule.name,
                severity,
                list: Vec::new(),
            };
            (rule.check)(&cx, &mut findings);
            findings.list
        })
        .collect();
    all.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.rule, &b.message))
    });
    all.dedup();
    all
}

/// Find a rule by name.
pub fn rule(name: &str) -> Option<&'static Rule> {
    rules::RULES.iter().copied().find(|r| r.name == name)
}

/// The candidate closest to `word`, if any is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// Counts for summaries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub documents: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn new(documents: usize, findings: &[Finding]) -> Summary {
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Summary {
            documents,
            errors,
            warnings: findings.len() - errors,
        }
    }
}
