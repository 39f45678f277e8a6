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

pub use config::{Config, Control, HtmlMode, Level, ReviewDefaults};
pub use kinds::*;
pub use refs::{Ref, Relation, Target};
pub use schedule::{Schedule, ScheduleKind, ScheduleStatus};
pub use time::{DURATION_FORMAT, DURATION_PATTERN, Date, Duration};

use crate::locale::{Message, msg};
use crate::yaml::Tree;

/// The kinds of document, in the order the site and the print page present them.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[schemars(transform = enum_with_descriptions)]
pub enum Kind {
    /// The company at a glance (`overview/`).
    Overview,
    /// A job and its duties (`roles/`).
    Role,
    /// A process across roles (`workflows/`).
    Workflow,
    /// A standard operating procedure (`sops/`).
    Sop,
    /// A performance indicator (`kpis/`).
    Kpi,
    /// An emergency plan (`contingency/`).
    Contingency,
    /// A customer-service guide (`cs-guide/`).
    Guide,
    /// A recurring report and its template (`reports/`).
    Report,
    /// Any other page: the root's files and unmapped folders.
    Page,
}

/// Turns the `oneOf` of `const`s that schemars makes for a unit enum with documented variants
/// back into the plain `enum` it makes without docs, which validation reads for its "did you
/// mean" help; the variants' docs go to `enumDescriptions`, which editors (VS Code) show next to
/// each value.
fn enum_with_descriptions(schema: &mut schemars::Schema) {
    let Some(serde_json::Value::Array(branches)) = schema.remove("oneOf") else {
        return;
    };
    let (values, descriptions): (Vec<_>, Vec<_>) = branches
        .iter()
        .map(|b| {
            let description = b.get("description").cloned();
            (b["const"].clone(), description.unwrap_or_else(|| "".into()))
        })
        .unzip();
    schema.insert("type".into(), "string".into());
    schema.insert("enum".into(), values.into());
    schema.insert("enumDescriptions".into(), descriptions.into());
}

impl Kind {
    /// Every kind, in presentation order.
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

    /// The name written in front matter and in `kind:id` references (`sop`, `role`, …).
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

    /// Whether documents of the kind must have `owners` (`missing-owner`).
    pub fn needs_owners(self) -> bool {
        matches!(
            self,
            Kind::Sop | Kind::Workflow | Kind::Kpi | Kind::Contingency | Kind::Report
        )
    }

    /// Whether documents of the kind must have a `review` (`missing-review`).
    pub fn needs_review(self) -> bool {
        matches!(self, Kind::Sop | Kind::Contingency)
    }
}

impl Kind {
    /// The kind as a noun in diagnostics: `sop` in English (its name), `SOP`, `岗位` in Chinese.
    pub fn noun(self) -> Message {
        match self {
            Kind::Overview => msg!("kind.overview"),
            Kind::Role => msg!("kind.role"),
            Kind::Workflow => msg!("kind.workflow"),
            Kind::Sop => msg!("kind.sop"),
            Kind::Kpi => msg!("kind.kpi"),
            Kind::Contingency => msg!("kind.contingency"),
            Kind::Guide => msg!("kind.guide"),
            Kind::Report => msg!("kind.report"),
            Kind::Page => msg!("kind.page"),
        }
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
    /// The destination as written, not yet percent-decoded; an e-mail autolink gets `mailto:`.
    pub dest: String,
    /// Byte range of the link in the file (in the field's text when `field` is set).
    pub span: Range<usize>,
    /// An image (`![alt](src)`) rather than a link.
    pub is_image: bool,
    /// JSON Pointer of the front-matter field holding the link (step `details`); `None` for
    /// the body.
    pub field: Option<String>,
}

/// A heading in a document body, with its anchor.
#[derive(Clone, Debug, Serialize)]
pub struct Heading {
    /// 1 for `#` to 6 for `######`.
    pub level: u8,
    /// The heading's plain text, trimmed, without Markdown markup.
    pub text: String,
    /// The `{#custom-id}` if given, else GitHub's slug of the text, made unique in the document
    /// (`-1`, `-2`, …); without the `#`.
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
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LoadIssue {
    /// The front matter cannot be read (`invalid-front-matter`).
    FrontMatter {
        /// What is wrong, for the finding.
        message: Message,
        /// Byte range into the file's text the finding points at.
        span: Range<usize>,
        /// How to fix it, if there is advice.
        help: Option<Message>,
    },
    /// A value breaks the kind's schema (`schema`). `pointer` is a JSON Pointer into the front matter.
    Schema {
        /// JSON Pointer of the value at fault (`""` for the whole front matter).
        pointer: String,
        /// What is wrong, for the finding.
        message: Message,
        /// How to fix it, if there is advice.
        help: Option<Message>,
        /// Point the finding at the key rather than the value (a missing field points at its
        /// parent's key).
        on_key: bool,
    },
    /// A key the kind does not define (`unknown-field`).
    UnknownField {
        /// JSON Pointer of the unknown key's value.
        pointer: String,
        /// The key as written.
        key: String,
        /// Shared by all unknown keys of one map: there may be 100,000 of them.
        known: std::sync::Arc<[String]>,
    },
}

/// One Markdown file of the handbook.
#[derive(Debug)]
pub struct Document {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// Front matter's `kind:`, else the kind of the top-level folder, else `page`.
    pub kind: Kind,
    /// Front matter's `id:` if valid, else the file stem; unique within the kind unless
    /// `duplicate-id` reports it.
    pub id: String,
    /// The fields every kind shares; invalid values dropped, so defaults stand in for them.
    pub meta: Meta,
    /// The kind's own fields; empty when the front matter could not be read.
    pub data: KindData,
    /// The whole file as text (invalid UTF-8 replaced).
    pub text: String,
    /// Where the front matter and body sit in `text`.
    pub layout: Layout,
    /// Whether the front matter parsed. The tree itself is not kept: positions are only needed
    /// for findings, and parsing again, once for all of a document's findings, costs less than
    /// holding every tree (96 MB at 10,000 documents).
    pub front_ok: bool,
    /// Links and images of the body and of the front matter's Markdown fields, in that order.
    pub links: Vec<Link>,
    /// The body's headings in document order.
    pub headings: Vec<Heading>,
    /// Problems met while reading the file, for the rules that report them.
    pub issues: Vec<LoadIssue>,
}

impl Document {
    /// The Markdown body: the text after the front matter's closing line.
    pub fn body(&self) -> &str {
        &self.text[self.layout.body_start.min(self.text.len())..]
    }

    /// The title to show: front matter's `title`, else the id.
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
            .then(|| crate::yaml::parse(yaml).ok())
            .flatten()
    }

    /// Byte ranges of front-matter values (or their keys), found by JSON Pointer, one per
    /// `(pointer, on_key)`, parsing the front matter once for all. The root (`""`), a pointer
    /// that names nothing, and front matter that does not parse point at the opening `---`.
    pub fn locate_all(&self, pointers: &[(&str, bool)]) -> Vec<Range<usize>> {
        // The root has no key: a finding about the whole front matter points at its first line.
        let tree = pointers
            .iter()
            .any(|(p, _)| !p.is_empty())
            .then(|| self.front())
            .flatten();
        let found: Vec<Option<Range<usize>>> = pointers
            .iter()
            .map(|&(pointer, on_key)| match (&tree, pointer) {
                (Some(tree), p) if !p.is_empty() => tree.locate(pointer, on_key),
                _ => None,
            })
            .collect();
        let front_text = &self.text[self.layout.front_start.min(self.text.len())..];
        let mut chars: Vec<usize> = found
            .iter()
            .flatten()
            .flat_map(|r| [r.start, r.end])
            .collect();
        chars.sort_unstable();
        chars.dedup();
        let bytes = chars_to_bytes(front_text, &chars);
        let to_byte = |c: usize| {
            let i = chars.binary_search(&c).expect("every offset was converted");
            self.layout.front_start + bytes[i]
        };
        // The opening `---` line: only a marker in the first bytes is one.
        let opening = self
            .text
            .as_bytes()
            .windows(3)
            .take(4)
            .position(|w| w == b"---")
            .unwrap_or(0);
        found
            .into_iter()
            .map(|r| match r {
                Some(r) => {
                    let start = to_byte(r.start);
                    start..to_byte(r.end).max(start)
                }
                None => opening..(opening + 3).min(self.text.len()),
            })
            .collect()
    }
}

/// Byte offsets of the sorted character offsets `chars` in `text` (`text.len()` past its end),
/// in one pass.
fn chars_to_bytes(text: &str, chars: &[usize]) -> Vec<usize> {
    let mut seen = 0;
    let mut at = 0;
    chars
        .iter()
        .map(|&c| {
            while seen < c && at < text.len() {
                at += text[at..].chars().next().map_or(1, char::len_utf8);
                seen += 1;
            }
            at
        })
        .collect()
}

/// 1-based line and column (in characters) of each byte offset (an offset inside a character
/// counts as that character's start), in one pass over `text` however many offsets there are.
pub fn line_cols(text: &str, offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(1, 1); offsets.len()];
    let (mut at, mut line, mut column) = (0, 1, 1);
    for i in order {
        let mut offset = offsets[i].min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        for &b in &text.as_bytes()[at..offset] {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else if b & 0xC0 != 0x80 {
                // Not a UTF-8 continuation byte: a character starts here.
                column += 1;
            }
        }
        at = offset;
        out[i] = (line, column);
    }
    out
}

/// The whole handbook as loaded.
#[derive(Debug)]
pub struct Handbook {
    /// The folder holding `handbook.yaml`; for a git revision only a label, never read.
    pub root: std::path::PathBuf,
    /// `handbook.yaml`'s settings, defaults standing in for invalid values.
    pub config: Config,
    /// `handbook.yaml` as a document of its own so its findings point at lines.
    pub config_doc: Document,
    /// Sorted by path.
    pub documents: Vec<Document>,
    /// Non-Markdown files under the root, relative paths, sorted.
    pub assets: Vec<String>,
}

impl Handbook {
    /// The document at `path` (relative to the root, `/`-separated).
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
    /// Department id to the index of the first overview document declaring it.
    pub departments: BTreeMap<String, usize>,
}

impl Index {
    /// Index the documents of `handbook`; where an id repeats, the first document by path wins.
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

    /// Index in `Handbook::documents` of the document `kind:id`.
    pub fn get(&self, kind: Kind, id: &str) -> Option<usize> {
        self.by_kind.get(&kind)?.get(id).copied()
    }

    /// The ids of `kind`, sorted.
    pub fn ids(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.by_kind
            .get(&kind)
            .into_iter()
            .flat_map(|ids| ids.keys().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition: count what comes before the offset.
    fn naive_line_col(text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }

    #[test]
    fn line_cols_count_characters_not_bytes() {
        let text = "ab\n退款 x\n\nz";
        let offsets = [0, 3, "ab\n退款 ".len(), 4, text.len(), 99];
        assert_eq!(
            line_cols(text, &offsets),
            [(1, 1), (2, 1), (2, 4), (2, 1), (4, 2), (4, 2)]
        );
    }

    proptest! {
        #[test]
        fn line_cols_agree_with_counting_from_the_start(
            text in "[a-z退\n\r ]{0,60}",
            offsets in proptest::collection::vec(0usize..80, 0..12),
        ) {
            let expected: Vec<_> = offsets.iter().map(|&o| naive_line_col(&text, o)).collect();
            prop_assert_eq!(line_cols(&text, &offsets), expected);
        }

        #[test]
        fn chars_to_bytes_agrees_with_char_indices(
            text in "[a-z退款\n]{0,40}",
            mut chars in proptest::collection::vec(0usize..50, 0..10),
        ) {
            chars.sort_unstable();
            let expected: Vec<usize> = chars
                .iter()
                .map(|&c| text.char_indices().nth(c).map_or(text.len(), |(i, _)| i))
                .collect();
            prop_assert_eq!(chars_to_bytes(&text, &chars), expected);
        }
    }
}
