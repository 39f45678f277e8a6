//! The one place that knows the YAML crate.
//!
//! serde_yaml is deprecated, its backend unmaintained, and it gives no positions for values;
//! marked-yaml keeps the line and column of every key and value and refuses anchors, aliases and
//! tags (so alias bombs cannot expand). It returns plain data, which this module turns into JSON
//! for the schema validator and serde, and keeps as a [`Tree`] to find positions on demand.

use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};

use marked_yaml::{LoadError, LoaderOptions, Node};
use serde_json::{Map, Number, Value};

use crate::locale::{Message, msg};

/// Front matter nested deeper than this is refused before parsing: real front matter is a few
/// levels deep, and a bounded depth keeps every recursive walk (ours and the crate's drop)
/// within the stack.
pub const MAX_DEPTH: usize = 64;

/// Parsed front matter, kept for finding where keys and values are.
#[derive(Debug)]
pub struct Tree(Node);

/// Why front matter could not be read. Offsets are in characters from the start of the YAML.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// What is wrong, for the finding.
    pub message: Message,
    /// How to fix it, if there is advice.
    pub help: Option<Message>,
    /// Characters of the YAML the problem is at; `0..0` when the parser gave no position.
    pub at: Range<usize>,
}

/// Parse YAML text whose top level must be a mapping.
pub fn parse(text: &str) -> Result<Tree, YamlError> {
    parse_in(text, 1)
}

/// [`parse`] YAML that starts on line `first_line` (1-based) of its file, so that messages
/// naming another line ("already set on line 3") use the file's line numbers.
pub fn parse_in(text: &str, first_line: usize) -> Result<Tree, YamlError> {
    check_shape(text)?;
    let options = LoaderOptions::default()
        .error_on_duplicate_keys(true)
        .prevent_coercion(true);
    // marked-yaml asserts on event orders it does not expect; `check_shape` rules out the ones we
    // know of, and this turns any other into a finding instead of a crash.
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        marked_yaml::parse_yaml_with_options(0, text, options)
    }));
    match parsed {
        Ok(Ok(node)) => Ok(Tree(node)),
        Ok(Err(e)) => Err(describe(e, text, first_line)),
        Err(_) => Err(YamlError {
            message: msg!("yaml.unreadable"),
            help: Some(msg!("yaml.unreadable.help")),
            at: 0..0,
        }),
    }
}

/// Refuse what the parser must never see: multiple documents and deep nesting.
fn check_shape(text: &str) -> Result<(), YamlError> {
    let mut chars = 0;
    let mut flow_depth: usize = 0;
    for line in text.split_inclusive('\n') {
        let len = line.chars().count();
        let content = line.trim_end();
        // A document start on the first line is plain YAML (`handbook.yaml` may have one).
        let opening = chars == 0 && content == "---";
        if !opening && content == "---"
            || content == "..."
            || content.starts_with("--- ")
            || content.starts_with("... ")
        {
            return Err(YamlError {
                message: msg!("yaml.document-marker"),
                help: Some(msg!("yaml.document-marker.help")),
                at: chars..chars + 3,
            });
        }
        // Block depth grows by indentation and by `- ` / `? ` indicators on one line.
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut rest = line.trim_start_matches(' ');
        let mut indicators = 0;
        while let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
            indicators += 1;
            rest = r.trim_start_matches(' ');
        }
        let mut in_quote: Option<char> = None;
        for c in line.chars() {
            match (in_quote, c) {
                (None, '"' | '\'') => in_quote = Some(c),
                (Some(q), c) if c == q => in_quote = None,
                (None, '[' | '{') => flow_depth += 1,
                (None, ']' | '}') => flow_depth = flow_depth.saturating_sub(1),
                (None, '#') => break,
                _ => {}
            }
            if flow_depth > MAX_DEPTH {
                break;
            }
        }
        if indent / 2 + indicators > MAX_DEPTH || flow_depth > MAX_DEPTH {
            return Err(YamlError {
                message: msg!("yaml.too-deep", MAX_DEPTH),
                help: Some(msg!("yaml.too-deep.help")),
                at: chars..chars + len.min(80),
            });
        }
        chars += len;
    }
    Ok(())
}

fn describe(error: LoadError, text: &str, first_line: usize) -> YamlError {
    let at = |m: &marked_yaml::Marker| m.character()..m.character() + 1;
    let (message, help, range) = match &error {
        LoadError::TopLevelMustBeMapping(m) => {
            (msg!("yaml.not-map"), Some(msg!("yaml.not-map.help")), at(m))
        }
        LoadError::TopLevelMustBeSequence(m) => (msg!("yaml.not-list"), None, at(m)),
        LoadError::UnexpectedAnchor(m) => {
            (msg!("yaml.anchor"), Some(msg!("yaml.anchor.help")), at(m))
        }
        LoadError::MappingKeyMustBeScalar(m) => (
            msg!("yaml.key-not-scalar"),
            Some(msg!("yaml.key-not-scalar.help")),
            at(m),
        ),
        LoadError::UnexpectedTag(m) => (msg!("yaml.tag"), Some(msg!("yaml.tag.help")), at(m)),
        LoadError::DuplicateKey(inner) => {
            // Marker lines are 1-based within the YAML.
            let first = inner.prev_key.span().start().map_or(1, |m| m.line()) + first_line - 1;
            let key = &inner.key;
            let start = key.span().start().map(|m| m.character()).unwrap_or(0);
            (
                msg!("yaml.duplicate-key", key.as_str()),
                Some(msg!("yaml.duplicate-key.help", key.as_str(), first)),
                start..start + key.as_str().chars().count().max(1),
            )
        }
        LoadError::ScanError(m, e) => {
            match indenting_tab(text).filter(|_| e.info().contains("tab")) {
                // The scanner reports the token before the tab; point at the tab itself.
                Some(tab) => (msg!("yaml.tab"), Some(msg!("yaml.tab.help")), tab..tab + 1),
                // The scanner's own words are all it says: quoted as they are in Chinese.
                None => (
                    msg!("yaml.syntax", e.info()),
                    Some(msg!("yaml.syntax.help")),
                    at(m),
                ),
            }
        }
    };
    YamlError {
        message,
        help,
        at: range,
    }
}

/// The character offset of the first tab in a line's leading whitespace.
fn indenting_tab(text: &str) -> Option<usize> {
    let mut chars = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some(chars + i);
        }
        chars += line.chars().count();
    }
    None
}

impl Tree {
    /// The data as JSON, scalars typed the way YAML 1.2's core schema types plain scalars.
    pub fn to_json(&self) -> Value {
        to_json(&self.0)
    }

    /// Character range of the value (or its key) at a JSON Pointer, if it exists.
    pub fn locate(&self, pointer: &str, on_key: bool) -> Option<Range<usize>> {
        let mut node = &self.0;
        let mut key_range = None;
        for segment in pointer.split('/').skip(1) {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            match node {
                Node::Mapping(map) => {
                    // A hash lookup: a mapping may hold 100,000 keys, each with a finding.
                    let (key, value) = map.get_key_value(segment.as_str())?;
                    key_range = Some(scalar_range(key));
                    node = value;
                }
                Node::Sequence(seq) => {
                    node = seq.get(segment.parse::<usize>().ok()?)?;
                    key_range = None;
                }
                Node::Scalar(_) => return None,
            }
        }
        match (on_key, key_range) {
            (true, Some(k)) => Some(k),
            _ => Some(node_range(node)),
        }
    }
}

/// A value found at a JSON Pointer, with what editing it in place needs. Offsets are characters
/// from the start of the YAML, as everywhere in this module.
#[derive(Debug, Clone, PartialEq)]
pub struct Spot {
    /// Where the value starts: a scalar's first character (its opening quote when quoted), a
    /// flow collection's `{` or `[`, a block collection's first entry.
    pub start: usize,
    /// What the value is.
    pub shape: Shape,
}

/// The shape of a [`Spot`].
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A scalar: its text as read (quotes and escapes resolved), and whether it was written
    /// plain (without quotes).
    Scalar {
        /// The value.
        text: String,
        /// Written without quotes.
        plain: bool,
    },
    /// A list.
    Sequence,
    /// A map: its keys in document order, each with the character where it starts.
    Mapping {
        /// `(key, start)` pairs.
        keys: Vec<(String, usize)>,
    },
}

impl Tree {
    /// The value at a JSON Pointer, with its start and shape, if it exists.
    pub fn spot(&self, pointer: &str) -> Option<Spot> {
        let mut node = &self.0;
        for segment in pointer.split('/').skip(1) {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            node = match node {
                Node::Mapping(map) => map.get(segment.as_str())?,
                Node::Sequence(seq) => seq.get(segment.parse::<usize>().ok()?)?,
                Node::Scalar(_) => return None,
            };
        }
        let start = node.span().start().map(|m| m.character()).unwrap_or(0);
        let shape = match node {
            Node::Scalar(s) => Shape::Scalar {
                text: s.as_str().to_string(),
                plain: s.may_coerce(),
            },
            Node::Sequence(_) => Shape::Sequence,
            Node::Mapping(map) => Shape::Mapping {
                keys: map
                    .keys()
                    .map(|k| (k.as_str().to_string(), scalar_range(k).start))
                    .collect(),
            },
        };
        Some(Spot { start, shape })
    }
}

impl Tree {
    /// JSON Pointers of the scalar values for which `keep` holds, in document order.
    pub fn find_values(&self, keep: &dyn Fn(&str) -> bool) -> Vec<String> {
        let mut found = Vec::new();
        collect(&self.0, String::new(), keep, &mut found);
        found
    }
}

fn collect(node: &Node, pointer: String, keep: &dyn Fn(&str) -> bool, found: &mut Vec<String>) {
    match node {
        Node::Scalar(s) => {
            if keep(s.as_str()) {
                found.push(pointer);
            }
        }
        Node::Sequence(seq) => {
            for (i, item) in seq.iter().enumerate() {
                collect(item, format!("{pointer}/{i}"), keep, found);
            }
        }
        Node::Mapping(map) => {
            for (k, v) in map.iter() {
                let key = k.as_str().replace('~', "~0").replace('/', "~1");
                collect(v, format!("{pointer}/{key}"), keep, found);
            }
        }
    }
}

fn scalar_range(s: &marked_yaml::types::MarkedScalarNode) -> Range<usize> {
    let start = s.span().start().map(|m| m.character()).unwrap_or(0);
    start..start + s.as_str().chars().count().max(1)
}

fn node_range(node: &Node) -> Range<usize> {
    match node {
        Node::Scalar(s) => scalar_range(s),
        // Collections point at their first character only: a label over a whole list says less.
        other => {
            let start = other.span().start().map(|m| m.character()).unwrap_or(0);
            start..start + 1
        }
    }
}

fn to_json(node: &Node) -> Value {
    match node {
        Node::Scalar(s) if s.may_coerce() => plain_scalar(s.as_str()),
        Node::Scalar(s) => Value::String(s.as_str().to_string()),
        Node::Sequence(seq) => Value::Array(seq.iter().map(to_json).collect()),
        Node::Mapping(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.as_str().to_string(), to_json(v)))
                .collect::<Map<_, _>>(),
        ),
    }
}

/// YAML 1.2 core schema: `null`/`~`/empty, `true`/`false`, integers and floats; all else text.
fn plain_scalar(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    // A number only when it reads back as written: `version: 2.10` stays the text "2.10".
    let numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        && text.bytes().any(|b| b.is_ascii_digit());
    if numeric {
        if let Some(i) = text.parse::<i64>().ok().filter(|i| i.to_string() == text) {
            return Value::Number(i.into());
        }
        let float = text.parse::<f64>().ok().filter(|f| f.to_string() == text);
        if let Some(n) = float.and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    Value::String(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spots_give_starts_quoting_and_keys_in_characters() {
        let tree =
            parse("t: 退款\nreview:\n  last: '2026-01-01'\n  by: qa\nr: {a: 1, b: 2}\n").unwrap();
        let Some(Spot {
            shape: Shape::Mapping { keys },
            ..
        }) = tree.spot("/review")
        else {
            panic!("review is a map");
        };
        assert_eq!(keys, [("last".to_string(), 16), ("by".to_string(), 37)]);
        let last = tree.spot("/review/last").unwrap();
        assert_eq!(last.start, 22, "at the opening quote");
        assert_eq!(
            last.shape,
            Shape::Scalar {
                text: "2026-01-01".into(),
                plain: false
            }
        );
        assert_eq!(
            tree.spot("/r").unwrap().start,
            47,
            "a flow map starts at its brace"
        );
        assert_eq!(tree.spot("/nope"), None);
        assert_eq!(tree.spot("/t/0"), None);
    }

    #[test]
    fn plain_scalars_are_typed_and_quoted_ones_are_text() {
        let tree =
            parse("---\na: 1\nb: '1'\nc: true\nd:\ne: 2.5\nf: 2026-01-01\ng: 2.10\nh: 007\n")
                .unwrap();
        assert_eq!(
            tree.to_json(),
            serde_json::json!({"a": 1, "b": "1", "c": true, "d": null, "e": 2.5, "f": "2026-01-01", "g": "2.10", "h": "007"})
        );
    }

    #[test]
    fn locate_finds_keys_and_values_in_characters() {
        let tree = parse("title: 退款\nowners:\n  - cs-lead\n").unwrap();
        assert_eq!(tree.locate("/title", true), Some(0..5));
        assert_eq!(tree.locate("/title", false), Some(7..9));
        assert_eq!(tree.locate("/owners/0", false), Some(22..29));
        assert_eq!(tree.locate("/nope", false), None);
    }

    #[test]
    fn anchors_tags_duplicates_and_lists_are_refused() {
        assert!(
            parse("a: &x 1\nb: *x\n")
                .unwrap_err()
                .message
                .en()
                .contains("anchors")
        );
        assert!(
            parse("a: !!str 1\n")
                .unwrap_err()
                .message
                .en()
                .contains("tags")
        );
        assert!(
            parse("a: 1\na: 2\n")
                .unwrap_err()
                .message
                .en()
                .contains("duplicate key `a`")
        );
        assert!(
            parse("- a\n- b\n")
                .unwrap_err()
                .message
                .en()
                .contains("not a map")
        );
        assert!(
            parse("just text\n")
                .unwrap_err()
                .message
                .en()
                .contains("not a map")
        );
        assert!(parse("a: 1\n--- x\nb: 2\n").is_err());
        assert!(parse("a:\n\tb: 1\n").is_err());
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let flow = format!("a: {}{}\n", "[".repeat(20_000), "]".repeat(20_000));
        assert!(parse(&flow).unwrap_err().message.en().contains("nested"));
        let block: String = (0..20_000)
            .map(|i| format!("{}k:\n", " ".repeat(i * 2)))
            .collect();
        assert!(parse(&block).unwrap_err().message.en().contains("nested"));
        let dashes = format!("a:\n{}x\n", "- ".repeat(20_000));
        assert!(parse(&dashes).unwrap_err().message.en().contains("nested"));
    }
}
