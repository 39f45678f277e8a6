//! The handbook model: the one thing every stage shares.
//!
//! `load` builds it, `lint` checks it, `render` and `diff` read it. It owns the typed front
//! matter of every kind and how a document's kind and id are decided; it does no IO and reports
//! nothing.

mod config;
mod kinds;
mod refs;
mod schedule;
mod time;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use config::{Config, HtmlMode, Level, ReviewDefaults};
pub use kinds::*;
pub use refs::{Ref, Relation, Target};
pub use schedule::{Schedule, ScheduleKind, ScheduleStatus};
pub use time::{DURATION_FORMAT, DURATION_PATTERN, Date, Duration};

use crate::load::yaml::Tree;

/// The kinds of document, in the order the site and the print page present them.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Overview,
    Role,
    Workflow,
    Sop,
    Kpi,
    Contingency,
    Guide,
    Report,
    Page,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Overview,
        Kind::Role,
        Kind::Workflow,
        Kind::Sop,
        Kind::Kpi,
        Kind::Contingency,
        Kind::Guide,
        Kind::Report,
        Kind::Page,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Overview => "overview",
            Kind::Role => "role",
            Kind::Workflow => "workflow",
            Kind::Sop => "sop",
            Kind::Kpi => "kpi",
            Kind::Contingency => "contingency",
            Kind::Guide => "guide",
            Kind::Report => "report",
            Kind::Page => "page",
        }
    }

    /// The top-level folder the spec assigns to the kind.
    pub fn folder(self) -> Option<&'static str> {
        Some(match self {
            Kind::Overview => "overview",
            Kind::Role => "roles",
            Kind::Workflow => "workflows",
            Kind::Sop => "sops",
            Kind::Kpi => "kpis",
            Kind::Contingency => "contingency",
            Kind::Guide => "cs-guide",
            Kind::Report => "reports",
            Kind::Page => return None,
        })
    }

    pub fn needs_owners(self) -> bool {
        matches!(
            self,
            Kind::Sop | Kind::Workflow | Kind::Kpi | Kind::Contingency | Kind::Report
        )
    }

    pub fn needs_review(self) -> bool {
        matches!(self, Kind::Sop | Kind::Contingency)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = ();
    fn from_str(s: &str) -> Result<Kind, ()> {
        Kind::ALL.into_iter().find(|k| k.name() == s).ok_or(())
    }
}

/// Is `id` made of letters (any script), digits, `-` and `_`?
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// A Markdown link found in a document body or a Markdown field of its front matter.
#[derive(Clone, Debug)]
pub struct Link {
    pub dest: String,
    /// Byte range of the link in the file (in the field's text when `field` is set).
    pub span: Range<usize>,
    pub is_image: bool,
    /// JSON Pointer of the front-matter field holding the link (step `details`); `None` for
    /// the body.
    pub field: Option<String>,
}

/// A heading in a document body, with its anchor.
#[derive(Clone, Debug, Serialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub anchor: String,
}

/// Where a document's front matter and body sit in its file.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Byte offset of the first front-matter line (after the opening `---`).
    pub front_start: usize,
    /// Byte offset where the front matter's YAML ends.
    pub front_end: usize,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// A problem found while reading a file, turned into findings by the lint rules that own it.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadIssue {
    /// The front matter cannot be read (`invalid-front-matter`).
    FrontMatter {
        message: String,
        span: Range<usize>,
        help: Option<String>,
    },
    /// A value breaks the kind's schema (`schema`). `pointer` is a JSON Pointer into the front matter.
    Schema {
        pointer: String,
        message: String,
        help: Option<String>,
        on_key: bool,
    },
    /// A key the kind does not define (`unknown-field`).
    UnknownField {
        pointer: String,
        key: String,
        known: Vec<String>,
    },
}

/// One Markdown file of the handbook.
#[derive(Debug)]
pub struct Document {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    pub kind: Kind,
    pub id: String,
    pub meta: Meta,
    pub data: KindData,
    /// The whole file as text (invalid UTF-8 replaced).
    pub text: String,
    pub layout: Layout,
    /// Whether the front matter parsed. The tree itself is not kept: positions are only needed
    /// for findings, and re-parsing one document then costs less than holding every tree.
    pub front_ok: bool,
    pub links: Vec<Link>,
    pub headings: Vec<Heading>,
    pub issues: Vec<LoadIssue>,
}

impl Document {
    pub fn body(&self) -> &str {
        &self.text[self.layout.body_start.min(self.text.len())..]
    }

    pub fn title(&self) -> &str {
        if self.meta.title.is_empty() {
            &self.id
        } else {
            &self.meta.title
        }
    }

    /// The steps of a procedure (sop, workflow, contingency), else none.
    pub fn steps(&self) -> &[Step] {
        match &self.data {
            KindData::Sop(s) => &s.steps,
            KindData::Workflow(w) => &w.steps,
            KindData::Contingency(c) => &c.steps,
            _ => &[],
        }
    }

    /// The key `kind:id` other documents use to refer to this one.
    pub fn key(&self) -> String {
        format!("{}:{}", self.kind, self.id)
    }

    /// The review due date: `due`, else `last + every`, else `last + default_every`.
    pub fn review_due(&self, default_every: &Duration) -> Option<Date> {
        let review = self.meta.review.as_ref()?;
        if let Some(due) = review.due {
            return Some(due);
        }
        let last = review.last?;
        Some(last.plus(review.every.as_ref().unwrap_or(default_every)))
    }

    /// The front matter's YAML tree, parsed again from the text.
    pub fn front(&self) -> Option<Tree> {
        let yaml = self
            .text
            .get(self.layout.front_start..self.layout.front_end)?;
        self.front_ok
            .then(|| crate::load::yaml::parse(yaml).ok())
            .flatten()
    }

    /// Byte range and 1-based line and column of a front-matter value (or its key), found
    /// by JSON Pointer. A pointer that names nothing falls back to its nearest existing parent,
    /// and the whole front matter's opening line.
    pub fn locate(&self, pointer: &str, on_key: bool) -> Range<usize> {
        let front_text = &self.text[self.layout.front_start.min(self.text.len())..];
        // The root has no key: a finding about the whole front matter points at its first line.
        let found = match pointer {
            "" => None,
            _ => self.front().and_then(|tree| tree.locate(pointer, on_key)),
        };
        match found {
            Some(r) => {
                let start = self.layout.front_start + char_to_byte(front_text, r.start);
                let end = self.layout.front_start + char_to_byte(front_text, r.end);
                start..end.max(start)
            }
            None => {
                // The opening `---` line.
                let start = self.text.find("---").filter(|i| *i < 4).unwrap_or(0);
                start..(start + 3).min(self.text.len())
            }
        }
    }
}

fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let offset = (0..=offset)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    let before = &text[..offset];
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// The whole handbook as loaded.
#[derive(Debug)]
pub struct Handbook {
    pub root: std::path::PathBuf,
    pub config: Config,
    /// `handbook.yaml` as a document of its own so its findings point at lines.
    pub config_doc: Document,
    /// Sorted by path.
    pub documents: Vec<Document>,
    /// Non-Markdown files under the root, relative paths, sorted.
    pub assets: Vec<String>,
}

impl Handbook {
    pub fn document(&self, path: &str) -> Option<&Document> {
        self.documents
            .binary_search_by(|d| d.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.documents[i])
    }
}

/// Ids by kind, built once and shared by the rules and renderers.
#[derive(Debug, Default)]
pub struct Index {
    /// Per kind, id to document index (sorted, so `ids` lists them in order).
    by_kind: BTreeMap<Kind, BTreeMap<String, usize>>,
    pub departments: BTreeMap<String, usize>,
}

impl Index {
    pub fn new(handbook: &Handbook) -> Index {
        let mut index = Index::default();
        for (i, doc) in handbook.documents.iter().enumerate() {
            let ids = index.by_kind.entry(doc.kind).or_default();
            ids.entry(doc.id.clone()).or_insert(i);
            if let KindData::Overview(o) = &doc.data {
                for d in &o.departments {
                    index.departments.entry(d.id.clone()).or_insert(i);
                }
            }
        }
        index
    }

    pub fn get(&self, kind: Kind, id: &str) -> Option<usize> {
        self.by_kind.get(&kind)?.get(id).copied()
    }

    pub fn ids(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.by_kind
            .get(&kind)
            .into_iter()
            .flat_map(|ids| ids.keys().map(String::as_str))
    }
}
