//! JSON Schemas generated from the model, and validation of front matter against them.
//!
//! The schemas are what editors use for completion (committed under `schemas/`) and what `check`
//! validates with, so the two cannot drift apart. Validation errors become [`LoadIssue`]s at the
//! JSON Pointer of the offending value, and the offending values are dropped so that the rest of
//! the document still loads into the typed model.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use jsonschema::JsonType;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use crate::locale::{Arg, Lang, Message, msg};
use crate::model::{
    Config, Contingency, DURATION_FORMAT, FrontMatter, Guide, Kind, Kpi, LoadIssue, Overview, Page,
    Report, Role, Sop, Workflow,
};

/// The JSON Schema of one kind's front matter.
pub fn kind_schema(kind: Kind) -> Value {
    let generator = || schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let schema = match kind {
        Kind::Overview => generator().into_root_schema_for::<FrontMatter<Overview>>(),
        Kind::Role => generator().into_root_schema_for::<FrontMatter<Role>>(),
        Kind::Workflow => generator().into_root_schema_for::<FrontMatter<Workflow>>(),
        Kind::Sop => generator().into_root_schema_for::<FrontMatter<Sop>>(),
        Kind::Kpi => generator().into_root_schema_for::<FrontMatter<Kpi>>(),
        Kind::Contingency => generator().into_root_schema_for::<FrontMatter<Contingency>>(),
        Kind::Guide => generator().into_root_schema_for::<FrontMatter<Guide>>(),
        Kind::Report => generator().into_root_schema_for::<FrontMatter<Report>>(),
        Kind::Page => generator().into_root_schema_for::<FrontMatter<Page>>(),
    };
    let mut value = schema.to_value();
    let obj = value.as_object_mut().expect("a schema is an object");
    obj.insert(
        "title".into(),
        format!("opsbook {kind} front matter").into(),
    );
    // Flattened structs cannot deny unknown fields through serde; the schema does it instead.
    obj.insert("additionalProperties".into(), Value::Bool(false));
    value
}

/// The JSON Schema of `handbook.yaml`.
pub fn config_schema() -> Value {
    let mut value = schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<Config>()
        .to_value();
    value["title"] = "opsbook handbook.yaml".into();
    value
}

/// What `schema --out` writes: file name and schema, in a fixed order.
pub fn all_schemas() -> Vec<(String, Value)> {
    let mut all: Vec<(String, Value)> = Kind::ALL
        .into_iter()
        .map(|k| (format!("{k}.schema.json"), kind_schema(k)))
        .collect();
    all.push(("handbook.schema.json".into(), config_schema()));
    all
}

struct Compiled {
    schema: Value,
    validator: Validator,
}

fn compile(schema: Value) -> Compiled {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .with_format(DURATION_FORMAT, |s: &str| {
            crate::model::Duration::parse(s).is_some()
        })
        .build(&schema)
        .expect("generated schemas are valid");
    Compiled { schema, validator }
}

static KINDS: LazyLock<BTreeMap<Kind, Compiled>> = LazyLock::new(|| {
    Kind::ALL
        .into_iter()
        .map(|k| (k, compile(kind_schema(k))))
        .collect()
});
static CONFIG: LazyLock<Compiled> = LazyLock::new(|| compile(config_schema()));

/// The top-level fields a kind's schema requires.
pub fn required_fields(kind: Kind) -> Vec<&'static str> {
    let schema: &'static Value = &KINDS[&kind].schema;
    schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Validate a kind's front matter; report problems and drop the values at fault.
pub fn validate_document(kind: Kind, front: &mut Value) -> Vec<LoadIssue> {
    validate(&KINDS[&kind], front)
}

/// Validate `handbook.yaml`; report problems and drop the values at fault.
pub fn validate_config(config: &mut Value) -> Vec<LoadIssue> {
    validate(&CONFIG, config)
}

fn validate(compiled: &Compiled, instance: &mut Value) -> Vec<LoadIssue> {
    let mut issues = Vec::new();
    let mut prune = Vec::new();
    for error in compiled.validator.iter_errors(instance) {
        describe(&compiled.schema, instance, &error, &mut issues, &mut prune);
    }
    // A value failing both `pattern` and `format` would be reported twice. A set, not a scan
    // of the kept issues: front matter may hold 100,000 unknown keys.
    let mut seen = HashSet::new();
    let mut keep = issues
        .iter()
        .map(|i| seen.insert(i))
        .collect::<Vec<_>>()
        .into_iter();
    issues.retain(|_| keep.next().unwrap_or(false));
    // Remove deepest and last first, so earlier pointers stay valid.
    prune.sort_by(|a: &String, b| b.cmp(a));
    prune.dedup();
    for pointer in prune {
        remove(instance, &pointer);
    }
    issues
}

fn describe(
    schema: &Value,
    instance: &Value,
    error: &ValidationError,
    issues: &mut Vec<LoadIssue>,
    prune: &mut Vec<String>,
) {
    let pointer = error.instance_path().as_str().to_string();
    let field = field_name(&pointer);
    let value = instance.pointer(&pointer);
    let shown = value.map(short).unwrap_or_default();
    let mut push = |pointer: String, message: Message, help: Option<Message>, on_key: bool| {
        issues.push(LoadIssue::Schema {
            pointer,
            message,
            help,
            on_key,
        })
    };
    // The validator's own words in English, the catalogue's in Chinese.
    let detail = |zh: Message| Arg::Both(zh.render(Lang::Zh), error.to_string());
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known: std::sync::Arc<[String]> = known_keys(schema, &pointer).into();
            for key in unexpected {
                issues.push(LoadIssue::UnknownField {
                    pointer: format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")),
                    key: key.clone(),
                    known: known.clone(),
                });
            }
            return;
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let help = Some(msg!("schema.required.help", name, expected_hint(name)));
            push(pointer.clone(), msg!("schema.required", name), help, true);
            return;
        }
        ValidationErrorKind::MinItems { .. } => {
            push(pointer, msg!("schema.min-items", field), None, true);
            return;
        }
        ValidationErrorKind::Type { kind } => {
            // `Option<T>` fields allow null too: name the type that is not null.
            let expected = match kind {
                TypeKind::Single(t) => Some(*t),
                TypeKind::Multiple(set) => set.iter().find(|t| *t != JsonType::Null),
            };
            let want = match expected {
                Some(JsonType::Array) => Want::List,
                Some(JsonType::Object) => Want::Map,
                Some(JsonType::Boolean) => Want::Bool,
                Some(JsonType::Integer | JsonType::Number) => Want::Number,
                _ => Want::Text,
            };
            let help = match value {
                Some(Value::String(_)) if want == Want::List => {
                    Some(msg!("schema.type.list.help", field.clone(), shown.as_str()))
                }
                // An empty value: the key is what the author wrote, so point at it, and say
                // what goes after it (removing it would only trade this for a missing field).
                Some(Value::Null) => Some(match want {
                    Want::List => msg!("schema.empty.list.help", field.clone()),
                    Want::Map => msg!("schema.empty.map.help", field.clone()),
                    _ => msg!("schema.empty.help", field.clone()),
                }),
                _ => None,
            };
            let on_key = matches!(value, Some(Value::Null));
            let want = match want {
                Want::List => msg!("schema.want.list"),
                Want::Map => msg!("schema.want.map"),
                Want::Bool => msg!("schema.want.bool"),
                Want::Number => msg!("schema.want.number"),
                Want::Text => msg!("schema.want.text"),
            };
            push(
                pointer.clone(),
                msg!("schema.type", field, want),
                help,
                on_key,
            );
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            let help = match crate::text::closest(&shown, options.iter().map(String::as_str)) {
                Some(best) => msg!("did-you-mean", best),
                None => msg!("schema.enum.help", Arg::identifiers(&options)),
            };
            push(
                pointer.clone(),
                msg!("schema.enum", shown.as_str(), field),
                Some(help),
                false,
            );
        }
        ValidationErrorKind::Format { format: rule }
        | ValidationErrorKind::Pattern { pattern: rule } => {
            let (what, help) = expected_shape(rule);
            let (message, help) = match (rule == "date").then(|| impossible_day(&shown)).flatten() {
                // Written as `YYYY-MM-DD`, but no such day: say that, not the format again.
                Some(why) => (
                    msg!("schema.impossible-day", shown.as_str(), why),
                    msg!("schema.impossible-day.help", shown.as_str()),
                ),
                None => (msg!("schema.shape", shown.as_str(), what), help),
            };
            push(pointer.clone(), message, Some(help), false);
        }
        ValidationErrorKind::AnyOf { context } => {
            // A step is a string or a map: explain against the branch that fits the value's type.
            let branch = context.iter().find(|errors| {
                !errors.iter().any(|e| {
                    e.instance_path().as_str() == pointer
                        && matches!(e.kind(), ValidationErrorKind::Type { .. })
                })
            });
            match branch {
                Some(errors) => {
                    for e in errors {
                        describe(schema, instance, e, issues, prune);
                    }
                    return;
                }
                None => push(
                    pointer.clone(),
                    msg!("schema.anyof", field),
                    Some(msg!("schema.anyof.help")),
                    false,
                ),
            }
        }
        ValidationErrorKind::Minimum { limit } => push(
            pointer.clone(),
            msg!(
                "schema.minimum",
                field,
                detail(msg!("quote", limit.to_string()))
            ),
            None,
            false,
        ),
        ValidationErrorKind::Constant { expected_value } => push(
            pointer.clone(),
            msg!(
                "schema.const",
                field,
                detail(msg!("quote", expected_value.to_string()))
            ),
            None,
            false,
        ),
        ValidationErrorKind::OneOfNotValid { .. }
        | ValidationErrorKind::OneOfMultipleValid { .. } => push(
            pointer.clone(),
            msg!(
                "schema.one-of",
                field,
                detail(msg!("schema.required.hint.none"))
            ),
            None,
            false,
        ),
        _ => push(
            pointer.clone(),
            msg!("schema.other", field, error.to_string()),
            None,
            false,
        ),
    }
    if !pointer.is_empty() {
        prune.push(pointer);
    }
}

/// What type a value should have had.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    List,
    Map,
    Bool,
    Number,
    Text,
}

/// Why text written as `YYYY-MM-DD` names no day (`2026-02-30`, `2026-13-01`), or `None` when
/// it is not written that way.
fn impossible_day(text: &str) -> Option<Message> {
    if !crate::model::Date::is_shaped(text) {
        return None;
    }
    let (year, month, day): (i16, i8, i8) = (
        text[..4].parse().ok()?,
        text[5..7].parse().ok()?,
        text[8..].parse().ok()?,
    );
    if !(1..=12).contains(&month) {
        return Some(msg!("schema.no-month", month));
    }
    let last = jiff::civil::Date::new(year, month, 1).ok()?.days_in_month();
    // `2026-02 has 28 days`, `2026 年 2 月只有 28 天`.
    let month = Arg::Both(month.to_string(), format!("{month:02}"));
    (day < 1 || day > last).then(|| msg!("schema.month-days", year, month, last))
}

/// What a `format` or `pattern` asks for, and how to write it.
fn expected_shape(rule: &str) -> (Message, Message) {
    if rule == "date" {
        (msg!("schema.shape.date"), msg!("schema.shape.date.help"))
    } else if rule.contains("overview|role") {
        (
            msg!("schema.shape.reference"),
            msg!("schema.shape.reference.help"),
        )
    } else if rule.contains(">=") {
        (
            msg!("schema.shape.target"),
            msg!("schema.shape.target.help"),
        )
    } else if rule.contains("zh-CN") {
        (
            msg!("schema.shape.language"),
            msg!("schema.shape.language.help"),
        )
    } else {
        (
            msg!("schema.shape.duration"),
            msg!("schema.shape.duration.help"),
        )
    }
}

/// What to write after a missing required field's name.
fn expected_hint(name: &str) -> Message {
    match name {
        "steps" => msg!("schema.required.hint.steps"),
        "resources" => msg!("schema.required.hint.resources"),
        "control_points" => msg!("schema.required.hint.control-points"),
        "responsibilities" => msg!("schema.required.hint.responsibilities"),
        _ => msg!("schema.required.hint.none"),
    }
}

/// The field a pointer ends at (list indices skipped), or "front matter" for the whole of it.
fn field_name(pointer: &str) -> Arg {
    match pointer
        .rsplit('/')
        .find(|s| s.parse::<usize>().is_err())
        .filter(|s| !s.is_empty())
    {
        Some(name) => Arg::Text(name.replace("~1", "/").replace("~0", "~")),
        None => Arg::Message(msg!("noun.front-matter")),
    }
}

fn short(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

/// The property names a schema allows for the object at `pointer`.
fn known_keys(root: &Value, pointer: &str) -> Vec<String> {
    let mut node = resolve(root, root);
    for segment in pointer.split('/').skip(1) {
        let next = if segment.parse::<usize>().is_ok() {
            node.get("items")
        } else {
            node.get("properties").and_then(|p| p.get(segment))
        };
        let Some(next) = next else { return Vec::new() };
        node = resolve(root, next);
    }
    let mut keys: Vec<String> = node
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

/// Follow `$ref` and pick the object branch of `anyOf`/`oneOf`.
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..8 {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            match root.pointer(r.trim_start_matches('#')) {
                Some(target) => node = target,
                None => return node,
            }
        } else if let Some(branches) = node
            .get("anyOf")
            .or_else(|| node.get("oneOf"))
            .and_then(Value::as_array)
        {
            match branches
                .iter()
                .find(|b| b.get("$ref").is_some() || b.get("properties").is_some())
            {
                Some(b) => node = b,
                None => return node,
            }
        } else {
            return node;
        }
    }
    node
}

fn remove(instance: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    match instance.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = last.parse::<usize>()
                && i < items.len()
            {
                items.remove(i);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn messages(kind: Kind, mut front: Value) -> (Vec<String>, Value) {
        let issues = validate_document(kind, &mut front);
        let texts = issues
            .iter()
            .map(|i| match i {
                LoadIssue::Schema {
                    pointer, message, ..
                } => format!("{pointer}: {}", message.en()),
                LoadIssue::UnknownField { pointer, known, .. } => {
                    format!("{pointer}: unknown ({})", known.len())
                }
                LoadIssue::FrontMatter { message, .. } => message.en(),
            })
            .collect();
        (texts, front)
    }

    #[test]
    fn wrong_types_are_reported_at_their_pointer_and_dropped() {
        let (msgs, front) = messages(
            Kind::Sop,
            json!({"title": "t", "owners": "cs-lead", "resources": ["a"], "steps": ["s"],
                   "control_points": [{"check": "c"}], "review": {"last": "2026-13-01"}}),
        );
        assert!(
            msgs.contains(&"/owners: `owners` should be a list".to_string()),
            "{msgs:?}"
        );
        assert!(
            msgs.contains(
                &"/review/last: `2026-13-01` is not a date: there is no month 13".to_string()
            ),
            "{msgs:?}"
        );
        assert!(front.get("owners").is_none());
        assert!(front["review"].get("last").is_none());
    }

    #[test]
    fn missing_required_fields_and_unknown_keys_are_named() {
        let (msgs, _) = messages(Kind::Sop, json!({"title": "t", "ownr": ["x"]}));
        assert!(
            msgs.contains(&": missing required field `steps`".to_string()),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.starts_with("/ownr: unknown (")),
            "{msgs:?}"
        );
    }

    #[test]
    fn a_step_map_is_explained_against_the_map_branch() {
        let (msgs, _) = messages(
            Kind::Workflow,
            json!({"title": "t", "steps": [{"role": "x", "within": "soon"}]}),
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("missing required field `action`")),
            "{msgs:?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("`soon` is not a duration")),
            "{msgs:?}"
        );
    }

    #[test]
    fn every_schema_compiles() {
        for (_, schema) in all_schemas() {
            compile(schema);
        }
    }
}
