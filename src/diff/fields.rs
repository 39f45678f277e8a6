//! Front-matter fields compared value by value, and the changes a reviewer must not miss.
//!
//! Both sides are seen as JSON, maps are followed down to dotted names (`review.last`), and
//! lists compare as sets: only what was added or removed counts, not the order — except where
//! the order is the meaning.

use serde_json::{Map, Value};

use super::wording::similarity;
use super::{FieldChange, Flag, FlagKind, StepChange};
use crate::locale::{Arg, msg};
use crate::model::{Date, Document, Kind};
use crate::validate;

/// Lists whose order is their meaning: escalation runs down the list.
const ORDERED: &[&str] = &["escalation"];

/// Two `check`s at least this alike are one control point reworded, not one removed.
const SAME_CHECK: f32 = 0.5;

/// Compare two maps of fields, naming each change `prefix` + its dotted path.
pub(super) fn compare_maps(
    prefix: &str,
    before: &Map<String, Value>,
    after: &Map<String, Value>,
) -> Vec<FieldChange> {
    let mut out = Vec::new();
    compare_into(prefix, before, after, &mut out);
    out
}

fn compare_into(
    prefix: &str,
    before: &Map<String, Value>,
    after: &Map<String, Value>,
    out: &mut Vec<FieldChange>,
) {
    let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let field = format!("{prefix}{key}");
        let b = before.get(key).unwrap_or(&Value::Null);
        let a = after.get(key).unwrap_or(&Value::Null);
        match (b, a) {
            (Value::Object(b), Value::Object(a)) => compare_into(&format!("{field}."), b, a, out),
            (Value::Object(b), a) if is_empty(a) => {
                compare_into(&format!("{field}."), b, &Map::new(), out)
            }
            (b, Value::Object(a)) if is_empty(b) => {
                compare_into(&format!("{field}."), &Map::new(), a, out)
            }
            (Value::Array(bs), Value::Array(as_)) => {
                out.extend(compare_lists(&field, key, bs, as_));
            }
            (b, a) if is_empty(b) && is_empty(a) => {}
            (b, a) if b != a => out.push(FieldChange::scalar(field, b.clone(), a.clone())),
            _ => {}
        }
    }
}

fn compare_lists(field: &str, key: &str, before: &[Value], after: &[Value]) -> Option<FieldChange> {
    let mut added: Vec<Value> = after.to_vec();
    let mut removed = Vec::new();
    for item in before {
        match added.iter().position(|a| a == item) {
            Some(i) => {
                added.remove(i);
            }
            None => removed.push(item.clone()),
        }
    }
    let reordered = ORDERED.contains(&key) && before != after;
    if added.is_empty() && removed.is_empty() && !reordered {
        return None;
    }
    Some(FieldChange {
        field: field.to_string(),
        before: Value::Array(before.to_vec()),
        after: Value::Array(after.to_vec()),
        added: Some(added),
        removed: Some(removed),
    })
}

/// Null, `""`, `[]` and `{}` all mean "not given".
pub(super) fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// The changes among `fields` of a `kind` document that deserve a reviewer's second look.
pub(super) fn flags(kind: Kind, fields: &[FieldChange]) -> Vec<Flag> {
    let mut flags = Vec::new();
    for change in fields {
        let field = change.field.as_str();
        if field == "owners" {
            for owner in change.removed.iter().flatten() {
                flags.push(Flag::new(
                    FlagKind::OwnerRemoved,
                    msg!("diff.flag.owner-removed", text_of(owner)),
                ));
            }
        }
        if field == "control_points" {
            let added = change.added.as_deref().unwrap_or_default();
            for point in change.removed.iter().flatten() {
                let check = text_of(&point["check"]);
                let reworded = added
                    .iter()
                    .any(|a| similarity(&check, &text_of(&a["check"])) >= SAME_CHECK);
                if !reworded {
                    flags.push(Flag::new(
                        FlagKind::ControlPointRemoved,
                        msg!("diff.flag.control-point-removed", check),
                    ));
                }
            }
        }
        if matches!(field, "review.last" | "drill.last") {
            let date = |v: &Value| v.as_str().and_then(Date::parse);
            if let (Some(b), Some(a)) = (date(&change.before), date(&change.after))
                && a < b
            {
                flags.push(Flag::new(
                    FlagKind::ReviewMovedBack,
                    msg!(
                        "diff.flag.review-moved-back",
                        field,
                        b.to_string(),
                        a.to_string()
                    ),
                ));
            }
        }
        if is_required(kind, field) && !is_empty(&change.before) && is_empty(&change.after) {
            flags.push(Flag::new(
                FlagKind::RequiredEmptied,
                msg!("diff.flag.required-emptied", field),
            ));
        }
    }
    flags
}

/// Fields whose change leaves a document's content as it was approved: the periodic review
/// (`opsbook review` sets it), the approval itself, and the document's identity (a renamed file
/// changes its id, not what it says).
const NOT_CONTENT: &[&str] = &["review", "approval", "kind", "id"];

/// ⚠️ "needs re-approval": `new` has an `approval`, its content changed (a field other than
/// [`NOT_CONTENT`], a step, or the body), and its `approval` did not.
pub(super) fn needs_reapproval(
    new: &Document,
    fields: &[FieldChange],
    steps: &[StepChange],
    body_changed: bool,
) -> Option<Flag> {
    let approval = new.meta.approval.as_ref()?;
    let top = |f: &FieldChange| f.field.split('.').next().unwrap_or_default().to_string();
    if fields.iter().any(|f| top(f) == "approval") {
        return None;
    }
    let mut changed: Vec<String> = Vec::new();
    let steps_changed = (!steps.is_empty()).then(|| "steps".to_string());
    let body = body_changed.then(|| "body".to_string());
    for name in fields.iter().map(top).chain(steps_changed).chain(body) {
        if !NOT_CONTENT.contains(&name.as_str()) && !changed.contains(&name) {
            changed.push(name);
        }
    }
    if changed.is_empty() {
        return None;
    }
    let since = match approval.approved {
        Some(date) => Arg::from(msg!("diff.flag.approved-on", date.to_string())),
        None => Arg::from(""),
    };
    let what: Vec<String> = changed.iter().map(|c| format!("`{c}`")).collect();
    let what = Arg::localized(|lang| lang.list(&what));
    Some(Flag::new(
        FlagKind::NeedsReapproval,
        msg!("diff.flag.needs-reapproval", what, since),
    ))
}

/// Must a `kind` document give `field` (a top-level or dotted name)?
pub(super) fn is_required(kind: Kind, field: &str) -> bool {
    match field {
        "owners" => kind.needs_owners(),
        "review" | "review.last" => kind.needs_review(),
        _ => !field.contains('.') && validate::required_fields(kind).contains(&field),
    }
}

/// A value as one line of plain text: strings as written, lists joined, maps as `key: value`
/// with the key that names the item (`step`, `level`, …) first.
pub(super) fn text_of(value: &Value) -> String {
    const NAMING: &[&str] = &["step", "level", "id", "title", "q", "date"];
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(", "),
        Value::Object(map) => {
            let mut pairs: Vec<(&String, &Value)> =
                map.iter().filter(|(_, v)| !is_empty(v)).collect();
            pairs.sort_by_key(|(k, _)| NAMING.iter().position(|n| n == k).unwrap_or(NAMING.len()));
            pairs
                .iter()
                .map(|(k, v)| format!("{k}: {}", text_of(v)))
                .collect::<Vec<_>>()
                .join(" · ")
        }
        other => other.to_string(),
    }
}
