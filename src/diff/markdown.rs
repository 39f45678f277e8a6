//! The change list as Markdown to post on a pull request as is: a summary a reviewer takes in
//! at a glance (counts by kind, the flagged changes), then a section per document with its
//! field changes as a table and its step changes as a list, long parts folded in `<details>`.
//!
//! The text stays under GitHub's comment limit: past the budget, documents are listed in one
//! line each, then left out, and the comment says so.

use serde_json::Value;

use super::fields::text_of;
use super::wording::{Segment, cut, wording_diff};
use super::{
    BodyChange, Change, Changes, DocumentChange, FieldChange, Flag, StepChange, StepChangeKind,
};
use crate::model::Kind;
use crate::url::encode_uri_path;

/// GitHub refuses comments longer than this many characters.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// A marker so a CI job can find and update its earlier comment.
pub const MARKER: &str = "<!-- opsbook-diff -->";

/// Flagged changes listed at the top; the rest are in their documents' sections.
const TOP_FLAGS: usize = 20;
/// A document with more table rows and step lines than this folds them.
const FOLD_AFTER: usize = 12;
/// A list longer than this shows only its changed items.
const SHORT_LIST: usize = 5;
/// Longest value shown in a table cell, in characters.
const CELL_WIDTH: usize = 200;
/// Two strings at least this long show their wording change rather than both wordings.
const WORDING_DIFF_FROM: usize = 24;
/// Kept text shown on each side of a wording change, in characters.
const CONTEXT: usize = 24;
/// A wording change in more pieces than this shows as the whole before and after.
const MAX_PIECES: usize = 12;
/// Room kept for the note on what was cut.
const NOTE_ROOM: usize = 400;

/// How the comment is framed.
#[derive(Clone, Debug)]
pub struct Comment<'a> {
    /// What the sides are called: `origin/main`, `working tree`.
    pub base: &'a str,
    /// What the newer side is called.
    pub head: &'a str,
    /// The handbook folder relative to the repository, `/`-terminated or empty.
    pub prefix: &'a str,
    /// Put before every file link (a blob URL); empty keeps links relative.
    pub link_base: &'a str,
    /// At most this many characters.
    pub limit: usize,
}

/// Render the change list as a pull-request comment.
pub fn render(changes: &Changes, comment: &Comment) -> String {
    let mut out = String::new();
    out.push_str(MARKER);
    out.push('\n');
    out.push_str(&format!(
        "## 📖 Handbook changes: {} → {}\n\n",
        code(comment.base),
        code(comment.head)
    ));
    let docs = &changes.documents;
    if docs.is_empty() {
        out.push_str("No document changed.\n");
        return out;
    }
    out.push_str(&summary(docs));
    // With one document, its own section lists its flags right below.
    if docs.len() > 1 {
        out.push_str(&flag_list(docs));
    }

    // Every document gets at least its brief line when those fit: a full section is only
    // taken while the brief lines of all that follow still fit after it.
    let briefs: Vec<String> = docs.iter().map(|d| brief_line(d, comment)).collect();
    // briefs_after[i]: the characters of the brief lines of the documents after the i-th.
    let mut briefs_after = vec![0; docs.len()];
    for i in (0..docs.len().saturating_sub(1)).rev() {
        briefs_after[i] = briefs_after[i + 1] + briefs[i + 1].chars().count();
    }
    let mut used = out.chars().count();
    let mut room = Room::Full;
    let (mut brief, mut left_out) = (0, 0);
    for (i, doc) in docs.iter().enumerate() {
        if room == Room::Full {
            let full = section(doc, comment);
            let len = full.chars().count();
            let rest = (briefs_after[i] + BRIEF_HEADING.len()).min(comment.limit / 2);
            if used + len + rest + NOTE_ROOM <= comment.limit {
                out.push_str(&full);
                used += len;
                continue;
            }
            // Past the budget the rest stay brief, so the order still holds.
            room = Room::Brief;
            out.push_str(BRIEF_HEADING);
            used += BRIEF_HEADING.chars().count();
        }
        if room == Room::Brief {
            let len = briefs[i].chars().count();
            if used + len + NOTE_ROOM <= comment.limit {
                out.push_str(&briefs[i]);
                used += len;
                brief += 1;
                continue;
            }
            room = Room::None;
        }
        left_out += 1;
    }
    if brief + left_out > 0 {
        let mut cut = Vec::new();
        if brief > 0 {
            cut.push(format!(
                "{brief} document{} shown in brief",
                plural(brief, " is", "s are")
            ));
        }
        if left_out > 0 {
            cut.push(format!(
                "{left_out} document{} left out",
                plural(left_out, " is", "s are")
            ));
        }
        out.push_str(&format!(
            "\n✂️ To stay under GitHub's comment limit, {}. Run `opsbook diff {} --format json` \
             for every change.\n",
            cut.join(" and "),
            comment.base
        ));
    }
    out
}

/// How much of a document still fits in the comment.
#[derive(PartialEq)]
enum Room {
    Full,
    Brief,
    None,
}

const BRIEF_HEADING: &str = "### Further changes, in brief\n\n";

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// The total line and the table of changes by kind.
fn summary(docs: &[DocumentChange]) -> String {
    let count = |change: Change| docs.iter().filter(|d| d.change == change).count();
    let parts: Vec<String> = Change::ALL
        .into_iter()
        .filter(|c| count(*c) > 0)
        .map(|c| format!("{} {}", count(c), c.name()))
        .collect();
    let flags: usize = docs.iter().map(|d| d.flags.len()).sum();
    let mut out = format!(
        "**{} document{} changed:** {}",
        docs.len(),
        plural(docs.len(), "", "s"),
        parts.join(", ")
    );
    if flags > 0 {
        out.push_str(&format!(" · ⚠️ {flags} to look at"));
    }
    out.push_str("\n\n| kind | added | removed | renamed | modified |\n|:--|--:|--:|--:|--:|\n");
    for kind in Kind::ALL {
        let row: Vec<usize> = Change::ALL
            .into_iter()
            .map(|c| {
                docs.iter()
                    .filter(|d| d.kind == kind && d.change == c)
                    .count()
            })
            .collect();
        if row.iter().any(|n| *n > 0) {
            let cells: Vec<String> = row
                .iter()
                .map(|n| if *n == 0 { "·".into() } else { n.to_string() })
                .collect();
            out.push_str(&format!("| {kind} | {} |\n", cells.join(" | ")));
        }
    }
    out.push('\n');
    out
}

/// The flagged changes of every document, first [`TOP_FLAGS`] of them.
fn flag_list(docs: &[DocumentChange]) -> String {
    let mut flagged: Vec<(&DocumentChange, &Flag)> = docs
        .iter()
        .flat_map(|d| d.flags.iter().map(move |f| (d, f)))
        .collect();
    // The weightiest kinds first; within a kind, document order (the sort is stable).
    flagged.sort_by_key(|(_, f)| f.flag);
    let all: Vec<String> = flagged
        .iter()
        .map(|(d, f)| {
            format!(
                "- ⚠️ {} {}\n",
                code(&format!("{}:{}", d.kind, d.id)),
                flag_text(&f.message)
            )
        })
        .collect();
    if all.is_empty() {
        return String::new();
    }
    let mut out = String::from("**Look closely:**\n\n");
    for line in all.iter().take(TOP_FLAGS) {
        out.push_str(line);
    }
    if all.len() > TOP_FLAGS {
        out.push_str(&format!("- … and {} more, below\n", all.len() - TOP_FLAGS));
    }
    out.push('\n');
    out
}

/// A flag's message: its identifiers are in backticks already; the rest is text.
fn flag_text(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                code(part)
            } else {
                escape(&cut(part, CELL_WIDTH))
            }
        })
        .collect()
}

fn icon(change: Change) -> &'static str {
    match change {
        Change::Added => "➕",
        Change::Removed => "➖",
        Change::Renamed => "🚚",
        Change::Modified => "✏️",
    }
}

/// The file's path in the repository, linked where it exists on the head side.
fn file_link(path: &str, comment: &Comment, linked: bool) -> String {
    let full = format!("{}{path}", comment.prefix);
    if linked {
        format!(
            "[{}]({}{})",
            code(&full),
            comment.link_base,
            encode_uri_path(&full)
        )
    } else {
        code(&full)
    }
}

fn section(doc: &DocumentChange, comment: &Comment) -> String {
    let mut out = format!(
        "### {} {} {} — {}\n\n",
        icon(doc.change),
        doc.kind,
        code(&doc.id),
        escape(&doc.title)
    );
    let here = file_link(&doc.path, comment, doc.change != Change::Removed);
    out.push_str(&match (doc.change, &doc.old_path) {
        (Change::Renamed, Some(old)) => {
            format!(
                "renamed from {} to {here}\n\n",
                file_link(old, comment, false)
            )
        }
        (change, _) => format!("{} · {here}\n\n", change.name()),
    });
    for flag in &doc.flags {
        out.push_str(&format!("- ⚠️ **{}**\n", flag_text(&flag.message)));
    }
    if !doc.flags.is_empty() {
        out.push('\n');
    }

    let (step_fields, fields): (Vec<&FieldChange>, Vec<&FieldChange>) = doc
        .fields
        .iter()
        .partition(|f| f.field.starts_with("steps."));
    let mut detail = String::new();
    if !fields.is_empty() {
        detail.push_str("| field | before | after |\n|:--|:--|:--|\n");
        for field in &fields {
            let (before, after) = cells(field);
            detail.push_str(&format!(
                "| {} | {before} | {after} |\n",
                code(&field.field)
            ));
        }
        detail.push('\n');
    }
    if !doc.steps.is_empty() || !step_fields.is_empty() {
        detail.push_str("**Steps**\n\n");
        for step in &doc.steps {
            detail.push_str(&step_line(step));
        }
        for field in &step_fields {
            detail.push_str(&step_field_line(field));
        }
        detail.push('\n');
    }
    let rows = fields.len() + doc.steps.len() + step_fields.len();
    if rows > FOLD_AFTER {
        out.push_str(&fold(
            &format!(
                "{} field change{}, {} step change{}",
                fields.len(),
                plural(fields.len(), "", "s"),
                doc.steps.len() + step_fields.len(),
                plural(doc.steps.len() + step_fields.len(), "", "s"),
            ),
            &detail,
        ));
    } else {
        out.push_str(&detail);
    }
    if let Some(body) = &doc.body {
        out.push_str(&body_excerpt(body));
    }
    out
}

fn brief_line(doc: &DocumentChange, comment: &Comment) -> String {
    let mut facts = Vec::new();
    if !doc.fields.is_empty() {
        facts.push(format!(
            "{} field{}",
            doc.fields.len(),
            plural(doc.fields.len(), "", "s")
        ));
    }
    if !doc.steps.is_empty() {
        facts.push(format!(
            "{} step{}",
            doc.steps.len(),
            plural(doc.steps.len(), "", "s")
        ));
    }
    if doc.body_changed {
        facts.push("body".into());
    }
    if !doc.flags.is_empty() {
        facts.push(format!("⚠️ {}", doc.flags.len()));
    }
    let facts = if facts.is_empty() {
        String::new()
    } else {
        format!(": {}", facts.join(", "))
    };
    format!(
        "- {} {} {} {} {}{facts}\n",
        icon(doc.change),
        doc.change.name(),
        doc.kind,
        code(&doc.id),
        file_link(&doc.path, comment, doc.change != Change::Removed),
    )
}

fn fold(summary: &str, content: &str) -> String {
    // GitHub renders Markdown inside <details> only after a blank line.
    format!("<details><summary>{summary}</summary>\n\n{content}</details>\n\n")
}

/// The before and after cells of a field change.
fn cells(field: &FieldChange) -> (String, String) {
    if let (Value::Array(before), Value::Array(after), Some(added), Some(removed)) =
        (&field.before, &field.after, &field.added, &field.removed)
    {
        return (
            list_cell(before, removed, del),
            list_cell(after, added, ins),
        );
    }
    match (&field.before, &field.after) {
        (Value::String(b), Value::String(a))
            if b.chars().count() >= WORDING_DIFF_FROM && a.chars().count() >= WORDING_DIFF_FROM =>
        {
            (escape(&cut(b, CELL_WIDTH)), wording(b, a))
        }
        (b, a) => (value_cell(b), value_cell(a)),
    }
}

fn value_cell(value: &Value) -> String {
    let text = text_of(value);
    if text.is_empty() {
        "—".into()
    } else {
        escape(&cut(&text, CELL_WIDTH))
    }
}

/// A list's items, the `changed` ones marked; a long list shows only those.
fn list_cell(items: &[Value], changed: &[Value], mark: fn(&str) -> String) -> String {
    let is_changed = |item: &Value| changed.contains(item);
    let separator = if items.iter().any(Value::is_object) {
        "<br>"
    } else {
        ", "
    };
    // Maps (control points, levels) are long to read: only the changed ones show.
    let short = items.len() <= SHORT_LIST && !items.iter().any(Value::is_object);
    let mut shown: Vec<String> = items
        .iter()
        .filter(|item| short || is_changed(item))
        .map(|item| {
            let text = escape(&cut(&text_of(item), CELL_WIDTH));
            if is_changed(item) { mark(&text) } else { text }
        })
        .collect();
    let hidden = items.len() - shown.len();
    if hidden > 0 {
        shown.push(format!("*{hidden} more unchanged*"));
    }
    if shown.is_empty() {
        "—".into()
    } else {
        shown.join(separator)
    }
}

fn step_name(step: &StepChange) -> String {
    format!("step {}", code(&step.id))
}

fn step_line(step: &StepChange) -> String {
    let text = |t: &Option<String>| escape(&cut(t.as_deref().unwrap_or_default(), CELL_WIDTH));
    match step.change {
        StepChangeKind::Added => format!(
            "- ➕ {} added: {}\n",
            step_name(step),
            ins(&text(&step.after))
        ),
        StepChangeKind::Removed => format!(
            "- ➖ {} removed: {}\n",
            step_name(step),
            del(&text(&step.before))
        ),
        StepChangeKind::Reworded => format!(
            "- ✏️ {} reworded: {}\n",
            step_name(step),
            wording(
                step.before.as_deref().unwrap_or_default(),
                step.after.as_deref().unwrap_or_default()
            )
        ),
        StepChangeKind::Moved => format!(
            "- ↕️ {} moved from position {} to {}: {}\n",
            step_name(step),
            step.from.unwrap_or_default(),
            step.to.unwrap_or_default(),
            text(&step.after)
        ),
    }
}

/// `steps.<id>.<field>` as a step line.
fn step_field_line(field: &FieldChange) -> String {
    let rest = field.field.trim_start_matches("steps.");
    let (id, name) = rest.split_once('.').unwrap_or((rest, ""));
    let (before, after) = cells(field);
    format!(
        "- 🔧 step {} {}: {before} → {after}\n",
        code(id),
        code(name)
    )
}

/// The body's changed lines in a folded diff block.
fn body_excerpt(body: &BodyChange) -> String {
    let lines = body.excerpt.join("\n");
    let shown = body.excerpt.len();
    let total = body.added + body.removed;
    let mut content = fenced("diff", &lines);
    if total > shown {
        content.push_str(&format!("… and {} more changed lines\n\n", total - shown));
    }
    fold(
        &format!("Body changed: +{} −{} lines", body.added, body.removed),
        &content,
    )
}

/// A fenced code block whose fence is longer than any backtick run inside.
fn fenced(info: &str, text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}{info}\n{text}\n{fence}\n\n")
}

/// A wording change inline: removed text struck through, added text bold, long kept text
/// shortened to the context around the changes.
fn wording(before: &str, after: &str) -> String {
    let segments = wording_diff(before, after);
    if segments.len() > MAX_PIECES {
        return format!(
            "{} → {}",
            del(&escape(&cut(before, CELL_WIDTH))),
            ins(&escape(&cut(after, CELL_WIDTH)))
        );
    }
    let last = segments.len().saturating_sub(1);
    segments
        .iter()
        .enumerate()
        .map(|(i, segment)| match segment {
            Segment::Same(text) => escape(&elide(text, i > 0, i < last)),
            Segment::Changed { before, after } => {
                let mut out = String::new();
                if !before.is_empty() {
                    out.push_str(&del(&escape(&cut(before, CELL_WIDTH))));
                }
                if !after.is_empty() {
                    out.push_str(&ins(&escape(&cut(after, CELL_WIDTH))));
                }
                out
            }
        })
        .collect()
}

/// Kept text cut to the context a change needs: its start after a change, its end before one.
fn elide(text: &str, after_change: bool, before_change: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let head = if after_change { CONTEXT } else { 0 };
    let tail = if before_change { CONTEXT } else { 0 };
    if chars.len() <= head + tail + 1 {
        return text.to_string();
    }
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    out.extend(&chars[chars.len() - tail..]);
    out
}

fn del(text: &str) -> String {
    mark(text, "~~", "del")
}

fn ins(text: &str) -> String {
    mark(text, "**", "strong")
}

/// `text` (already escaped) between `delimiter`s, or in an HTML tag where Markdown would not
/// read the delimiters as such: CommonMark only opens and closes emphasis next to punctuation
/// or space under conditions that depend on the neighbours, so text that starts or ends with
/// anything but a letter or digit takes the tag, which always works.
fn mark(text: &str, delimiter: &str, tag: &str) -> String {
    let core = text.trim();
    let (lead, trail) = (
        &text[..text.len() - text.trim_start().len()],
        &text[text.trim_end().len()..],
    );
    let edge_ok = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if core.is_empty() {
        text.to_string()
    } else if edge_ok(core.chars().next()) && edge_ok(core.chars().last()) {
        format!("{lead}{delimiter}{core}{delimiter}{trail}")
    } else {
        format!("{lead}<{tag}>{core}</{tag}>{trail}")
    }
}

/// Text as inline Markdown that reads as written: one line, Markdown's and HTML's special
/// characters escaped, and `@name` kept from notifying anyone (a zero-width space after `@`).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        if "\\`*_~[]<>|#&!".contains(c) {
            out.push('\\');
        }
        out.push(c);
        if c == '@' && chars.peek().is_some_and(|n| n.is_alphanumeric()) {
            out.push('\u{200B}');
        }
    }
    out
}

/// An identifier in a code span, which needs no escaping.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_fall_back_to_tags_next_to_punctuation() {
        assert_eq!(del("旧"), "~~旧~~");
        assert_eq!(ins("，新"), "<strong>，新</strong>");
        assert_eq!(del("a\\*"), "<del>a\\*</del>");
        assert_eq!(ins("whole "), "**whole** ");
    }

    #[test]
    fn escaping_keeps_text_literal_and_silences_mentions() {
        assert_eq!(escape(" a|b *c*\n @wang "), " a\\|b \\*c\\* @\u{200B}wang ");
    }

    #[test]
    fn long_kept_text_is_cut_to_the_context_of_the_change() {
        let kept = "很长的不变的文字".repeat(10);
        let shown = wording(&format!("{kept}旧{kept}"), &format!("{kept}新{kept}"));
        assert_eq!(shown.chars().filter(|c| *c == '…').count(), 2, "{shown}");
        assert!(shown.contains("~~旧~~**新**"));
        assert!(shown.chars().count() < 70, "{shown}");
    }

    #[test]
    fn fences_outgrow_backticks_inside() {
        assert!(fenced("diff", "```x```").starts_with("````diff\n"));
    }
}
