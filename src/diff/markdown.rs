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
use crate::locale::{Arg, Lang, Message, Noun, msg};
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
    /// The language of the comment's words (the handbook's own text is as written).
    pub lang: Lang,
}

/// Render the change list as a pull-request comment, in `comment.lang`.
pub fn render(changes: &Changes, comment: &Comment) -> String {
    let lang = comment.lang;
    let say = |m: Message| m.render(lang);
    let mut out = String::new();
    out.push_str(MARKER);
    out.push('\n');
    let heading = msg!("diff.heading", code(comment.base), code(comment.head));
    out.push_str(&format!("{}\n\n", say(heading)));
    let docs = &changes.documents;
    if docs.is_empty() {
        out.push_str(&format!("{}\n", say(msg!("diff.no-change"))));
        return out;
    }
    out.push_str(&summary(docs, lang));
    // With one document, its own section lists its flags right below.
    if docs.len() > 1 {
        out.push_str(&flag_list(docs, lang));
    }

    // Every document gets at least its brief line when those fit: a full section is only
    // taken while the brief lines of all that follow still fit after it.
    let briefs: Vec<String> = docs.iter().map(|d| brief_line(d, comment)).collect();
    // briefs_after[i]: the characters of the brief lines of the documents after the i-th.
    let mut briefs_after = vec![0; docs.len()];
    for i in (0..docs.len().saturating_sub(1)).rev() {
        briefs_after[i] = briefs_after[i + 1] + briefs[i + 1].chars().count();
    }
    let brief_heading = format!("{}\n\n", say(msg!("diff.brief-heading")));
    let mut used = out.chars().count();
    let mut room = Room::Full;
    let (mut brief, mut left_out) = (0, 0);
    for (i, doc) in docs.iter().enumerate() {
        if room == Room::Full {
            let full = section(doc, comment);
            let len = full.chars().count();
            // Counted in bytes, as ever: a little more room kept, never less.
            let rest = (briefs_after[i] + brief_heading.len()).min(comment.limit / 2);
            if used + len + rest + NOTE_ROOM <= comment.limit {
                out.push_str(&full);
                used += len;
                continue;
            }
            // Past the budget the rest stay brief, so the order still holds.
            room = Room::Brief;
            out.push_str(&brief_heading);
            used += brief_heading.chars().count();
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
            cut.push(if brief == 1 {
                msg!("diff.cut.brief.one", brief)
            } else {
                msg!("diff.cut.brief.many", brief)
            });
        }
        if left_out > 0 {
            cut.push(if left_out == 1 {
                msg!("diff.cut.left-out.one", left_out)
            } else {
                msg!("diff.cut.left-out.many", left_out)
            });
        }
        let cut = match <[Message; 2]>::try_from(cut) {
            Ok([a, b]) => msg!("diff.cut.and", a, b),
            Err(mut one) => one.remove(0),
        };
        out.push_str(&format!("\n{}\n", say(msg!("diff.cut", cut, comment.base))));
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

/// What a document change is called: `added`, `新增`.
fn change_name(change: Change) -> Message {
    match change {
        Change::Added => msg!("diff.change.added"),
        Change::Removed => msg!("diff.change.removed"),
        Change::Renamed => msg!("diff.change.renamed"),
        Change::Modified => msg!("diff.change.modified"),
    }
}

/// The total line and the table of changes by kind.
fn summary(docs: &[DocumentChange], lang: Lang) -> String {
    let count = |change: Change| docs.iter().filter(|d| d.change == change).count();
    let parts: Vec<String> = Change::ALL
        .into_iter()
        .filter(|c| count(*c) > 0)
        .map(|c| msg!("diff.count-change", count(c), change_name(c)).render(lang))
        .collect();
    let flags: usize = docs.iter().map(|d| d.flags.len()).sum();
    let documents = Arg::localized(|lang| lang.count(docs.len(), Noun::Document));
    let mut out = msg!("diff.summary", documents, lang.list(&parts)).render(lang);
    if flags > 0 {
        out.push_str(" · ");
        out.push_str(&msg!("diff.to-look-at", flags).render(lang));
    }
    let mut header = vec![msg!("diff.kind").render(lang)];
    header.extend(Change::ALL.map(|c| change_name(c).render(lang)));
    out.push_str(&format!(
        "\n\n| {} |\n|:--|--:|--:|--:|--:|\n",
        header.join(" | ")
    ));
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
            let kind = kind.noun().render(lang);
            out.push_str(&format!("| {kind} | {} |\n", cells.join(" | ")));
        }
    }
    out.push('\n');
    out
}

/// The flagged changes of every document, first [`TOP_FLAGS`] of them.
fn flag_list(docs: &[DocumentChange], lang: Lang) -> String {
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
                flag_text(&f.message_in(lang))
            )
        })
        .collect();
    if all.is_empty() {
        return String::new();
    }
    let mut out = format!("{}\n\n", msg!("diff.look-closely").render(lang));
    for line in all.iter().take(TOP_FLAGS) {
        out.push_str(line);
    }
    if all.len() > TOP_FLAGS {
        let more = msg!("diff.more-below", all.len() - TOP_FLAGS);
        out.push_str(&format!("- {}\n", more.render(lang)));
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
    let lang = comment.lang;
    let mut out = format!(
        "### {} {} {} — {}\n\n",
        icon(doc.change),
        doc.kind.noun().render(lang),
        code(&doc.id),
        escape(&doc.title)
    );
    let here = file_link(&doc.path, comment, doc.change != Change::Removed);
    out.push_str(&match (doc.change, &doc.old_path) {
        (Change::Renamed, Some(old)) => {
            let old = file_link(old, comment, false);
            format!("{}\n\n", msg!("diff.renamed-from", old, here).render(lang))
        }
        (change, _) => format!("{} · {here}\n\n", change_name(change).render(lang)),
    });
    for flag in &doc.flags {
        out.push_str(&format!("- ⚠️ **{}**\n", flag_text(&flag.message_in(lang))));
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
        let header =
            [msg!("diff.field"), msg!("diff.before"), msg!("diff.after")].map(|m| m.render(lang));
        detail.push_str(&format!("| {} |\n|:--|:--|:--|\n", header.join(" | ")));
        for field in &fields {
            let (before, after) = cells(field, lang);
            detail.push_str(&format!(
                "| {} | {before} | {after} |\n",
                code(&field.field)
            ));
        }
        detail.push('\n');
    }
    if !doc.steps.is_empty() || !step_fields.is_empty() {
        detail.push_str(&format!("{}\n\n", msg!("diff.steps").render(lang)));
        for step in &doc.steps {
            detail.push_str(&step_line(step, lang));
        }
        for field in &step_fields {
            detail.push_str(&step_field_line(field, lang));
        }
        detail.push('\n');
    }
    let rows = fields.len() + doc.steps.len() + step_fields.len();
    if rows > FOLD_AFTER {
        let steps = doc.steps.len() + step_fields.len();
        let fields = if fields.len() == 1 {
            msg!("diff.field-changes.one", fields.len())
        } else {
            msg!("diff.field-changes.many", fields.len())
        };
        let steps = if steps == 1 {
            msg!("diff.step-changes.one", steps)
        } else {
            msg!("diff.step-changes.many", steps)
        };
        let counts = [fields.render(lang), steps.render(lang)];
        out.push_str(&fold(&lang.list(&counts), &detail));
    } else {
        out.push_str(&detail);
    }
    if let Some(body) = &doc.body {
        out.push_str(&body_excerpt(body, lang));
    }
    out
}

fn brief_line(doc: &DocumentChange, comment: &Comment) -> String {
    let lang = comment.lang;
    let mut facts = Vec::new();
    if !doc.fields.is_empty() {
        let n = doc.fields.len();
        let fields = if n == 1 {
            msg!("diff.fields.one", n)
        } else {
            msg!("diff.fields.many", n)
        };
        facts.push(fields.render(lang));
    }
    if !doc.steps.is_empty() {
        facts.push(lang.count(doc.steps.len(), Noun::Step));
    }
    if doc.body_changed {
        facts.push(msg!("diff.body").render(lang));
    }
    if !doc.flags.is_empty() {
        facts.push(format!("⚠️ {}", doc.flags.len()));
    }
    let facts = if facts.is_empty() {
        String::new()
    } else {
        format!("{}{}", lang.pick("：", ": "), lang.list(&facts))
    };
    format!(
        "- {} {} {} {} {}{facts}\n",
        icon(doc.change),
        change_name(doc.change).render(lang),
        doc.kind.noun().render(lang),
        code(&doc.id),
        file_link(&doc.path, comment, doc.change != Change::Removed),
    )
}

fn fold(summary: &str, content: &str) -> String {
    // GitHub renders Markdown inside <details> only after a blank line.
    format!("<details><summary>{summary}</summary>\n\n{content}</details>\n\n")
}

/// The before and after cells of a field change.
fn cells(field: &FieldChange, lang: Lang) -> (String, String) {
    if let (Value::Array(before), Value::Array(after), Some(added), Some(removed)) =
        (&field.before, &field.after, &field.added, &field.removed)
    {
        return (
            list_cell(before, removed, del, lang),
            list_cell(after, added, ins, lang),
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
fn list_cell(items: &[Value], changed: &[Value], mark: fn(&str) -> String, lang: Lang) -> String {
    let is_changed = |item: &Value| changed.contains(item);
    let separator = if items.iter().any(Value::is_object) {
        "<br>"
    } else {
        lang.separator()
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
        shown.push(format!(
            "*{}*",
            msg!("diff.more-unchanged", hidden).render(lang)
        ));
    }
    if shown.is_empty() {
        "—".into()
    } else {
        shown.join(separator)
    }
}

fn step_name(step: &StepChange) -> Message {
    msg!("diff.step", code(&step.id))
}

fn step_line(step: &StepChange, lang: Lang) -> String {
    let text = |t: &Option<String>| escape(&cut(t.as_deref().unwrap_or_default(), CELL_WIDTH));
    let (icon, line) = match step.change {
        StepChangeKind::Added => (
            "➕",
            msg!("diff.step.added", step_name(step), ins(&text(&step.after))),
        ),
        StepChangeKind::Removed => (
            "➖",
            msg!(
                "diff.step.removed",
                step_name(step),
                del(&text(&step.before))
            ),
        ),
        StepChangeKind::Reworded => {
            let change = wording(
                step.before.as_deref().unwrap_or_default(),
                step.after.as_deref().unwrap_or_default(),
            );
            ("✏️", msg!("diff.step.reworded", step_name(step), change))
        }
        StepChangeKind::Moved => (
            "↕️",
            msg!(
                "diff.step.moved",
                step_name(step),
                step.from.unwrap_or_default(),
                step.to.unwrap_or_default(),
                text(&step.after)
            ),
        ),
    };
    format!("- {icon} {}\n", line.render(lang))
}

/// `steps.<id>.<field>` as a step line.
fn step_field_line(field: &FieldChange, lang: Lang) -> String {
    let rest = field.field.trim_start_matches("steps.");
    let (id, name) = rest.split_once('.').unwrap_or((rest, ""));
    let (before, after) = cells(field, lang);
    let line = msg!("diff.step.field", code(id), code(name), before, after);
    format!("- 🔧 {}\n", line.render(lang))
}

/// The body's changed lines in a folded diff block.
fn body_excerpt(body: &BodyChange, lang: Lang) -> String {
    let lines = body.excerpt.join("\n");
    let shown = body.excerpt.len();
    let total = body.added + body.removed;
    let mut content = fenced("diff", &lines);
    if total > shown {
        let more = msg!("diff.more-lines", total - shown);
        content.push_str(&format!("{}\n\n", more.render(lang)));
    }
    let summary = msg!("diff.body-changed", body.added, body.removed);
    fold(&summary.render(lang), &content)
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
