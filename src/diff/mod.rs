//! What changed between two versions of a handbook, in the terms of the model: documents
//! added, removed, renamed or modified; for each, the fields, the steps and whether the body
//! changed; and the changes a reviewer must not miss (flags).
//!
//! It compares two loaded [`Handbook`]s and knows nothing of where they came from: the CLI
//! loads each side from a folder or, through [`crate::git`], from a revision. Output is
//! [`markdown`] (a pull-request comment) or [`json`] (the contract's shape).

mod fields;
pub mod markdown;
mod steps;
mod wording;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};
use similar::{DiffTag, TextDiff};

use crate::locale::{Lang, Message, msg};
use crate::model::{Document, Handbook, Kind, KindData};
use wording::cut;

/// Every changed document, sorted by kind, id and path.
#[derive(Debug, Default, Serialize)]
pub struct Changes {
    /// Only documents that changed; empty when the two versions are the same.
    pub documents: Vec<DocumentChange>,
}

/// What happened to a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
    /// Found under another path (fields, steps or body may have changed too).
    Renamed,
    /// Same path, and its fields, steps or body changed.
    Modified,
}

impl Change {
    /// Every change, in the order the comment's summary and table list them.
    pub const ALL: [Change; 4] = [
        Change::Added,
        Change::Removed,
        Change::Renamed,
        Change::Modified,
    ];

    /// As written in JSON and in the comment: `added`, `removed`, `renamed`, `modified`.
    pub fn name(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Renamed => "renamed",
            Change::Modified => "modified",
        }
    }
}

/// One changed document. Added and removed documents carry no field or step changes.
#[derive(Debug, Serialize)]
pub struct DocumentChange {
    /// The document's kind, on the newer side when it has one.
    pub kind: Kind,
    /// The document's id, on the newer side when it has one.
    pub id: String,
    /// Added, removed, renamed or modified.
    pub change: Change,
    /// Relative to the handbook root; for a removed document, where it was.
    pub path: String,
    /// Where it was; none for an added document.
    pub old_path: Option<String>,
    /// Front-matter changes, common fields first and step fields (`steps.<id>.<field>`) last;
    /// empty when a side's front matter cannot be read.
    pub fields: Vec<FieldChange>,
    /// Steps added, removed, reworded or moved, in the newer version's order.
    pub steps: Vec<StepChange>,
    /// Whether the body changed by more than line endings and trailing space.
    pub body_changed: bool,
    /// The title on the newer side.
    pub title: String,
    /// What a reviewer must not miss; the comment sorts them by weight.
    pub flags: Vec<Flag>,
    /// The changed lines of the body, for people.
    #[serde(skip)]
    pub body: Option<BodyChange>,
}

/// A front-matter field that changed. Lists also say which items were added and removed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The key, dotted into maps: `owners`, `review.last`, `steps.calm.role`.
    pub field: String,
    /// The older value as written (invalid values included); `null` when absent.
    pub before: Value,
    /// The newer value as written (invalid values included); `null` when absent.
    pub after: Value,
    /// Items only in the newer list; `None` unless both sides are lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added: Option<Vec<Value>>,
    /// Items only in the older list; `None` unless both sides are lists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed: Option<Vec<Value>>,
}

impl FieldChange {
    fn scalar(field: String, before: Value, after: Value) -> FieldChange {
        FieldChange {
            field,
            before,
            after,
            added: None,
            removed: None,
        }
    }
}

/// What happened to a step. A step both reworded and moved is reported twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StepChangeKind {
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
    /// Matched (by id or wording), and its action changed.
    Reworded,
    /// Matched, and out of its old order relative to the other steps.
    Moved,
}

/// What happened to one step. `before` and `after` are its action; `from` and `to` its
/// 1-based positions.
#[derive(Debug, Clone, Serialize)]
pub struct StepChange {
    /// Added, removed, reworded or moved.
    pub change: StepChangeKind,
    /// The step's id: explicit, else its position (in the new version, unless removed).
    pub id: String,
    /// The action in the older version; `None` for an added step.
    pub before: Option<String>,
    /// The action in the newer version; `None` for a removed step.
    pub after: Option<String>,
    /// 1-based position in the older version; `None` for an added step.
    pub from: Option<usize>,
    /// 1-based position in the newer version; `None` for a removed step.
    pub to: Option<usize>,
}

impl StepChange {
    fn added(id: String, action: &str, at: usize) -> StepChange {
        StepChange {
            change: StepChangeKind::Added,
            id,
            before: None,
            after: Some(action.into()),
            from: None,
            to: Some(at + 1),
        }
    }

    fn removed(id: String, action: &str, at: usize) -> StepChange {
        StepChange {
            change: StepChangeKind::Removed,
            id,
            before: Some(action.into()),
            after: None,
            from: Some(at + 1),
            to: None,
        }
    }

    fn changed(
        change: StepChangeKind,
        id: String,
        before: &str,
        after: &str,
        from: usize,
        to: usize,
    ) -> StepChange {
        StepChange {
            change,
            id,
            before: Some(before.into()),
            after: Some(after.into()),
            from: Some(from + 1),
            to: Some(to + 1),
        }
    }
}

/// A change a reviewer must not miss, weightiest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagKind {
    /// A role left `owners`.
    OwnerRemoved,
    /// A control point went, and no added one checks something alike.
    ControlPointRemoved,
    /// A control point's step reference names another step than before.
    ControlPointRetargeted,
    /// `review.last` or `drill.last` moved to an earlier date.
    ReviewMovedBack,
    /// A field the kind requires was emptied, or every step removed.
    RequiredEmptied,
    /// An approved document's content changed while its `approval` did not: the new version
    /// is not what was signed off.
    NeedsReapproval,
    /// The front matter cannot be read on one side, so its fields were not compared.
    Unreadable,
    /// The newer side has schema problems (`opsbook check` tells which).
    Invalid,
}

/// A change a reviewer must not miss, and what it is in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flag {
    /// What kind of change.
    pub flag: FlagKind,
    /// One line naming what changed, in English, e.g. "owner `cs-lead` removed" (the JSON's).
    pub message: String,
    /// The same line in either language ([`Flag::message_in`]).
    #[serde(skip)]
    pub said: Message,
}

impl Flag {
    fn new(flag: FlagKind, said: Message) -> Flag {
        Flag {
            flag,
            message: said.en(),
            said,
        }
    }

    /// What changed, in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        self.said.render(lang)
    }
}

/// The body's changed lines: counts and the first few, prefixed `-` or `+`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BodyChange {
    /// Lines only in the newer body.
    pub added: usize,
    /// Lines only in the older body.
    pub removed: usize,
    /// The first changed lines (at most 12), prefixed `- ` or `+ `; a line over 160 characters
    /// shows the part around its change.
    pub excerpt: Vec<String>,
}

/// How many changed body lines the excerpt keeps, and how long each may be.
const EXCERPT_LINES: usize = 12;
const EXCERPT_WIDTH: usize = 160;

/// Compare two versions of a handbook.
pub fn diff_handbooks(old: &Handbook, new: &Handbook) -> Changes {
    let mut documents = Vec::new();
    let (pairs, removed, added) = pair_documents(&old.documents, &new.documents);
    for (a, b) in pairs {
        if let Some(change) = diff_documents(a, b) {
            documents.push(change);
        }
    }
    documents.extend(removed.into_iter().map(|d| lone(d, Change::Removed)));
    documents.extend(added.into_iter().map(|d| lone(d, Change::Added)));
    documents.sort_by(|a, b| (a.kind, &a.id, &a.path).cmp(&(b.kind, &b.id, &b.path)));
    Changes { documents }
}

type Pairs<'a> = (
    Vec<(&'a Document, &'a Document)>,
    Vec<&'a Document>,
    Vec<&'a Document>,
);

/// Pair documents by kind and id (the same path first, when an id is duplicated), then what is
/// left by path: a file whose `id:` or `kind:` changed is still one document.
fn pair_documents<'a>(old: &'a [Document], new: &'a [Document]) -> Pairs<'a> {
    let by_key = |docs: &'a [Document]| {
        let mut map: BTreeMap<(Kind, &str), Vec<&'a Document>> = BTreeMap::new();
        for d in docs {
            map.entry((d.kind, d.id.as_str())).or_default().push(d);
        }
        map
    };
    let (mut old_keys, mut new_keys) = (by_key(old), by_key(new));
    let mut pairs = Vec::new();
    for (key, olds) in old_keys.iter_mut() {
        let Some(news) = new_keys.get_mut(key) else {
            continue;
        };
        olds.retain(|o| match news.iter().position(|n| n.path == o.path) {
            Some(k) => {
                pairs.push((*o, news.remove(k)));
                false
            }
            None => true,
        });
        while !olds.is_empty() && !news.is_empty() {
            pairs.push((olds.remove(0), news.remove(0)));
        }
    }
    let mut removed: Vec<&Document> = old_keys.into_values().flatten().collect();
    let mut added: Vec<&Document> = new_keys.into_values().flatten().collect();
    removed.retain(|o| match added.iter().position(|n| n.path == o.path) {
        Some(k) => {
            pairs.push((*o, added.remove(k)));
            false
        }
        None => true,
    });
    (pairs, removed, added)
}

fn lone(doc: &Document, change: Change) -> DocumentChange {
    let mut flags = Vec::new();
    if change == Change::Added {
        flags.extend(readability_flags(None, doc));
    }
    DocumentChange {
        kind: doc.kind,
        id: doc.id.clone(),
        change,
        path: doc.path.clone(),
        old_path: (change == Change::Removed).then(|| doc.path.clone()),
        fields: Vec::new(),
        steps: Vec::new(),
        body_changed: false,
        title: doc.title().to_string(),
        flags,
        body: None,
    }
}

/// The changes between two versions of one document, or none when nothing changed.
fn diff_documents(old: &Document, new: &Document) -> Option<DocumentChange> {
    // Most documents of a pull request are untouched: the same bytes at the same path cannot
    // differ, and skipping them spares parsing their front matter again.
    if old.path == new.path && old.text == new.text {
        return None;
    }
    // A side whose front matter cannot be read has no fields to compare: reporting every field
    // as emptied would bury the one fact that matters, which the flag states.
    let comparable = old.front_ok && new.front_ok;
    let (fields, steps, mut flags) = if comparable {
        compare_front(old, new)
    } else {
        Default::default()
    };
    flags.extend(readability_flags(Some(old), new));
    let body = diff_bodies(old.body(), new.body());
    if comparable {
        flags.extend(fields::needs_reapproval(
            new,
            &fields,
            &steps,
            body.is_some(),
        ));
    }
    let renamed = old.path != new.path;
    let changed = renamed
        || !fields.is_empty()
        || !steps.is_empty()
        || body.is_some()
        || (!comparable && old.text != new.text);
    if !changed {
        return None;
    }
    Some(DocumentChange {
        kind: new.kind,
        id: new.id.clone(),
        change: if renamed {
            Change::Renamed
        } else {
            Change::Modified
        },
        path: new.path.clone(),
        old_path: Some(old.path.clone()),
        fields,
        steps,
        body_changed: body.is_some(),
        // An unreadable side has no title; the other side's names the document better.
        title: if new.front_ok { new } else { old }.title().to_string(),
        flags,
        body,
    })
}

/// The field and step changes between two readable versions, and the flags they raise.
fn compare_front(old: &Document, new: &Document) -> (Vec<FieldChange>, Vec<StepChange>, Vec<Flag>) {
    let step_diff = steps::diff_steps(old.steps(), new.steps());
    let mut fields = fields::compare_maps("", &front_fields(old), &front_fields(new));
    fields.extend(step_diff.fields);
    fields.sort_by(|a, b| field_order(&a.field).cmp(&field_order(&b.field)));
    let mut flags = fields::flags(new.kind, &fields);
    if let (KindData::Sop(a), KindData::Sop(b)) = (&old.data, &new.data) {
        flags.extend(steps::retargeted_control_points(a, b, &step_diff.pairs));
    }
    if !old.steps().is_empty() && new.steps().is_empty() && fields::is_required(new.kind, "steps") {
        flags.push(Flag::new(
            FlagKind::RequiredEmptied,
            msg!("diff.flag.every-step-removed"),
        ));
    }
    (fields, step_diff.steps, flags)
}

/// Flags for a side that cannot be read, or that breaks the schema on the newer side.
fn readability_flags(old: Option<&Document>, new: &Document) -> Vec<Flag> {
    let mut flags = Vec::new();
    for (side, doc) in [
        (msg!("diff.side.base"), old),
        (msg!("diff.side.head"), Some(new)),
    ] {
        if let Some(doc) = doc
            && !doc.front_ok
        {
            flags.push(Flag::new(
                FlagKind::Unreadable,
                msg!("diff.flag.unreadable", side),
            ));
        }
    }
    let problems = new.issues.len();
    if new.front_ok && problems > 0 {
        let said = if problems == 1 {
            msg!("diff.flag.invalid.one", problems)
        } else {
            msg!("diff.flag.invalid.many", problems)
        };
        flags.push(Flag::new(FlagKind::Invalid, said));
    }
    flags
}

/// Where a field sorts: common fields in the order authors write them, then the kind's own,
/// then `extra`, then steps (kept in step order by the stable sort).
fn field_order(field: &str) -> (usize, &str) {
    const COMMON: &[&str] = &[
        "kind",
        "id",
        "title",
        "summary",
        "status",
        "owners",
        "review",
        "version",
        "effective",
        "doc_no",
        "approval",
        "superseded_by",
        "tags",
        "related",
    ];
    let top = field.split('.').next().unwrap_or(field);
    match COMMON.iter().position(|c| *c == top) {
        Some(i) => (i, field),
        None if top == "extra" => (COMMON.len() + 1, field),
        None if top == "steps" => (COMMON.len() + 2, ""),
        None => (COMMON.len(), field),
    }
}

/// The document's front matter as the author wrote it — invalid values included, which the
/// typed model drops — without its steps (compared one by one), with the effective kind and id.
fn front_fields(doc: &Document) -> Map<String, Value> {
    let mut map = match doc.front().map(|tree| tree.to_json()) {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    map.remove("steps");
    map.insert("kind".into(), doc.kind.name().into());
    map.insert("id".into(), doc.id.clone().into());
    map
}

/// The changed lines of a body, or none when only line endings or trailing space changed.
fn diff_bodies(old: &str, new: &str) -> Option<BodyChange> {
    let normalize = |s: &str| s.replace("\r\n", "\n").trim_end().to_string() + "\n";
    let (old, new) = (normalize(old), normalize(new));
    if old == new {
        return None;
    }
    let diff = TextDiff::from_lines(&old, &new);
    let old_lines: Vec<&str> = diff.iter_old_slices().collect();
    let new_lines: Vec<&str> = diff.iter_new_slices().collect();
    let mut body = BodyChange::default();
    for op in diff.ops() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        let removed = &old_lines[old_range];
        let added = &new_lines[new_range];
        body.removed += removed.len();
        body.added += added.len();
        if body.excerpt.len() >= EXCERPT_LINES {
            continue;
        }
        let shown = |lines: &[&str]| -> Vec<String> {
            lines
                .iter()
                .map(|l| cut(l.trim_end(), EXCERPT_WIDTH))
                .collect()
        };
        let (mut shown_removed, mut shown_added) = (shown(removed), shown(added));
        // A long line and its replacement, both cut at one width, would often look alike:
        // each shows around where it changed instead.
        for (i, (a, b)) in removed.iter().zip(added).enumerate() {
            let (a, b) = (a.trim_end(), b.trim_end());
            if a != b && a.chars().count().max(b.chars().count()) > EXCERPT_WIDTH {
                (shown_removed[i], shown_added[i]) = wording::changed_window(a, b, EXCERPT_WIDTH);
            }
        }
        let lines = (shown_removed.into_iter().map(|l| format!("- {l}")))
            .chain(shown_added.into_iter().map(|l| format!("+ {l}")));
        for line in lines.take(EXCERPT_LINES - body.excerpt.len()) {
            body.excerpt.push(line.trim_end().to_string());
        }
    }
    Some(body)
}

/// `--format json`: `{"documents": […]}` as the contract shows.
pub fn json(changes: &Changes) -> String {
    let mut text = serde_json::to_string_pretty(changes).expect("changes serialize");
    text.push('\n');
    text
}
