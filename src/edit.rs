//! Editing a document's front matter in place: `opsbook review` records a review by changing
//! the bytes of `review.last` (and `review.by`) and nothing else.
//!
//! Owns computing the edited text; reading and writing the file is the caller's. YAML is never
//! re-serialised: positions come from [`yaml::Tree::spot`], and the edit replaces exactly the
//! characters of the old value (inside its quotes, when it was quoted) or inserts one line in a
//! block map (one `key: value` entry in a flow map), in the file's own line ending and
//! indentation. Comments, key order, quoting, a BOM and the body stay as they were. The result
//! is parsed again before it is returned: an edit that would not read back as intended is an
//! error, never a broken file.

use std::ops::Range;

use crate::load::split_front_matter;
use crate::model::{Date, is_valid_id};
use crate::yaml::{self, Shape, Tree};

/// What a review records.
#[derive(Clone, Copy, Debug)]
pub struct ReviewEntry<'a> {
    /// The date of the review: the new `review.last`.
    pub date: Date,
    /// The reviewer's role id: the new `review.by`, left as it is when `None`.
    pub by: Option<&'a str>,
    /// Accept a date before the current `review.last` (to correct a mistaken date); refused
    /// otherwise, since a review recorded out of order is more often a typo than a fact.
    pub allow_earlier: bool,
}

/// The edited file and what it held before.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// The whole file, edited.
    pub text: String,
    /// `review.last` before the edit (`None` when it was missing).
    pub last_before: Option<Date>,
    /// `review.by` before the edit (`None` when it was missing).
    pub by_before: Option<String>,
}

impl Recorded {
    /// Whether the edit changed nothing (the same date and reviewer were already recorded).
    pub fn unchanged(&self, original: &str) -> bool {
        self.text == original
    }
}

/// Why a review cannot be recorded in a file.
#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
pub enum ReviewError {
    /// The front matter is missing, unterminated or not YAML this tool reads.
    #[error("the front matter cannot be read: {message}")]
    #[diagnostic(code(opsbook::review::front_matter))]
    FrontMatter {
        /// What the parser said.
        message: String,
        /// How to fix it.
        #[help]
        help: Option<String>,
    },
    /// `review:` holds something other than a map.
    #[error("`review` is not a map of `last:`, `every:`, `due:` and `by:`")]
    #[diagnostic(
        code(opsbook::review::not_a_map),
        help("write `review:` with `last: YYYY-MM-DD` on the next line, indented")
    )]
    NotAMap,
    /// `review.last` is there but not a date.
    #[error("`review.last` is `{0}`, not a date YYYY-MM-DD")]
    #[diagnostic(
        code(opsbook::review::last),
        help(
            "correct `review.last` by hand (the schema finding says the same), then record the review"
        )
    )]
    LastNotADate(String),
    /// The new date is before the recorded one.
    #[error("{date} is before the last recorded review, {last}")]
    #[diagnostic(
        code(opsbook::review::earlier),
        help(
            "give the date of this review; to correct a mistaken `review.last`, allow an earlier date"
        )
    )]
    Earlier {
        /// The recorded `review.last`.
        last: Date,
        /// The date asked for.
        date: Date,
    },
    /// The reviewer is not something that can be a role id.
    #[error("`{0}` is not a valid role id")]
    #[diagnostic(
        code(opsbook::review::by),
        help("role ids are letters (any script), digits, `-` and `_`")
    )]
    InvalidRole(String),
    /// The value is written in a way this tool does not edit (a multi-line or escaped scalar,
    /// a flow map at the top level), or the edit would not read back as intended.
    #[error("cannot edit `{0}` in place")]
    #[diagnostic(
        code(opsbook::review::unsupported),
        help("write it as a plain `key: value` line, or edit the file by hand")
    )]
    Unsupported(&'static str),
}

/// The text of `file` with a review recorded: `review.last` set to `entry.date`, `review.by`
/// to `entry.by` when given, `review:` created (block style, after `owners:` or else at the end
/// of the front matter) when missing. Every other byte is left as it was.
pub fn record_review(file: &str, entry: &ReviewEntry) -> Result<Recorded, ReviewError> {
    if let Some(by) = entry.by
        && !is_valid_id(by)
    {
        return Err(ReviewError::InvalidRole(by.to_string()));
    }
    let split = split_front_matter(file).map_err(|e| ReviewError::FrontMatter {
        message: e.message.en(),
        help: Some(e.help.en()),
    })?;
    let front = Front::new(file, split.yaml.clone())?;
    let date = entry.date.to_string();
    let mut edits = Vec::new();
    let mut last_before = None;
    let mut by_before = None;

    match front.review_key() {
        None => edits.push(front.new_review(&date, entry.by)?),
        Some(key_start) => match front.tree.spot("/review").map(|s| (s.start, s.shape)) {
            // `review:` with nothing after it: fill it as a block map.
            Some((_, Shape::Scalar { text, plain: true })) if text.is_empty() => {
                let at = front.after_line(front.byte(key_start));
                let indent = front.indent_of(key_start) + &front.step();
                edits.push((at..at, front.lines(&indent, &date, entry.by)));
            }
            Some((start, Shape::Mapping { keys })) => {
                let flow = front.yaml_char(start) == Some('{');
                let find = |name: &str| keys.iter().find(|(k, _)| k == name).map(|(_, at)| *at);
                let last = match find("last") {
                    Some(_) => {
                        let last = front.scalar("/review/last", "review.last")?;
                        let old = Date::parse(&last.text)
                            .ok_or_else(|| ReviewError::LastNotADate(last.text.clone()))?;
                        if entry.date < old && !entry.allow_earlier {
                            return Err(ReviewError::Earlier {
                                last: old,
                                date: entry.date,
                            });
                        }
                        last_before = Some(old);
                        edits.push((last.range.clone(), date.clone()));
                        Some(last.end)
                    }
                    None => None,
                };
                let by_key = find("by");
                let mut by_missing = None;
                if let Some(by) = entry.by {
                    if by_key.is_some() {
                        let old = front.scalar("/review/by", "review.by")?;
                        // Inside quotes as written; plain unless plain would not read as text.
                        let new = if old.quoted {
                            by.to_string()
                        } else {
                            plain_or_quoted(by)
                        };
                        by_before = Some(old.text);
                        edits.push((old.range, new));
                    } else {
                        by_missing = Some(by);
                    }
                } else if by_key.is_some() {
                    by_before = front.scalar("/review/by", "review.by").ok().map(|w| w.text);
                }
                edits.extend(front.insert_in_review(flow, start, &keys, last, &date, by_missing)?);
            }
            _ => return Err(ReviewError::NotAMap),
        },
    }

    let text = apply(file, edits);
    verify(&text, &date, entry.by)?;
    Ok(Recorded {
        text,
        last_before,
        by_before,
    })
}

/// Does `value`, written plain, read back as this text (not a number, boolean or null)?
fn reads_as_text(value: &str) -> bool {
    yaml::parse(&format!("v: {value}\n"))
        .is_ok_and(|t| t.to_json()["v"] == serde_json::Value::String(value.to_string()))
}

/// Replace each byte range by its text; ranges do not overlap (insertions are empty ranges).
fn apply(file: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(file.len() + 64);
    let mut at = 0;
    for (range, text) in edits {
        out.push_str(&file[at..range.start]);
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(&file[at..]);
    out
}

/// The edit reads back as intended: the front matter parses, `review.last` is the date and
/// `review.by` the reviewer.
fn verify(text: &str, date: &str, by: Option<&str>) -> Result<(), ReviewError> {
    let ok = split_front_matter(text)
        .ok()
        .and_then(|split| yaml::parse(&text[split.yaml]).ok())
        .map(|tree| tree.to_json())
        .is_some_and(|json| {
            json.pointer("/review/last").and_then(|v| v.as_str()) == Some(date)
                && by.is_none_or(|by| {
                    json.pointer("/review/by").and_then(|v| v.as_str()) == Some(by)
                })
        });
    if ok {
        Ok(())
    } else {
        Err(ReviewError::Unsupported("review"))
    }
}

/// The front matter of one file, parsed, with byte positions for its character offsets.
struct Front<'a> {
    file: &'a str,
    /// Byte range of the YAML in the file.
    yaml: Range<usize>,
    tree: Tree,
    /// The top-level keys with their character offsets, in document order.
    keys: Vec<(String, usize)>,
    /// The file's line ending.
    eol: &'static str,
    /// The byte offset of every [`CHECKPOINT`]th character of the YAML.
    checkpoints: Vec<usize>,
}

/// Characters between two entries of [`Front::checkpoints`].
const CHECKPOINT: usize = 256;

impl<'a> Front<'a> {
    fn new(file: &'a str, yaml: Range<usize>) -> Result<Front<'a>, ReviewError> {
        let tree = yaml::parse(&file[yaml.clone()]).map_err(|e| ReviewError::FrontMatter {
            message: e.message.en(),
            help: e.help.map(|h| h.en()),
        })?;
        let Some(top) = tree.spot("") else {
            return Err(ReviewError::Unsupported("front matter"));
        };
        let Shape::Mapping { keys } = top.shape else {
            return Err(ReviewError::Unsupported("front matter"));
        };
        // The opening `---` line says how lines end.
        let eol = match file.find('\n') {
            Some(i) if i > 0 && file.as_bytes()[i - 1] == b'\r' => "\r\n",
            _ => "\n",
        };
        let checkpoints = file[yaml.clone()]
            .char_indices()
            .step_by(CHECKPOINT)
            .map(|(i, _)| yaml.start + i)
            .collect();
        let front = Front {
            file,
            yaml,
            tree,
            keys,
            eol,
            checkpoints,
        };
        if front.yaml_char(top.start) == Some('{') {
            return Err(ReviewError::Unsupported(
                "front matter written as one `{…}` map",
            ));
        }
        Ok(front)
    }

    /// Byte offset in the file of a character offset in the YAML.
    /// From the nearest checkpoint: a bounded walk, so a front matter with many keys costs no
    /// quadratic time.
    fn byte(&self, char_offset: usize) -> usize {
        let Some(&from) = self.checkpoints.get(char_offset / CHECKPOINT) else {
            return self.yaml.end;
        };
        self.file[from..self.yaml.end]
            .char_indices()
            .nth(char_offset % CHECKPOINT)
            .map_or(self.yaml.end, |(i, _)| from + i)
    }

    fn yaml_char(&self, char_offset: usize) -> Option<char> {
        self.file[self.byte(char_offset)..self.yaml.end]
            .chars()
            .next()
    }

    fn review_key(&self) -> Option<usize> {
        self.keys
            .iter()
            .find(|(k, _)| k == "review")
            .map(|(_, at)| *at)
    }

    /// Start of the line holding byte `at`.
    fn line_start(&self, at: usize) -> usize {
        self.file[..at].rfind('\n').map_or(0, |i| i + 1)
    }

    /// Start of the line after the one holding byte `at` (the end of the YAML at most).
    fn after_line(&self, at: usize) -> usize {
        self.file[at..self.yaml.end]
            .find('\n')
            .map_or(self.yaml.end, |i| at + i + 1)
    }

    /// The spaces before the key starting at a character offset.
    fn indent_of(&self, char_offset: usize) -> String {
        let at = self.byte(char_offset);
        " ".repeat(at - self.line_start(at))
    }

    /// One level of indentation as this file writes it: that of the first nested block map or
    /// list (whose `- ` is indented), else two spaces.
    fn step(&self) -> String {
        let top = self
            .keys
            .first()
            .map_or(0, |(_, at)| self.indent_of(*at).len());
        for (key, at) in &self.keys {
            let pointer = format!("/{}", key.replace('~', "~0").replace('/', "~1"));
            let block = self
                .tree
                .spot(&pointer)
                .is_some_and(|spot| match spot.shape {
                    Shape::Mapping { .. } | Shape::Sequence => {
                        !matches!(self.yaml_char(spot.start), Some('{' | '['))
                    }
                    Shape::Scalar { .. } => false,
                });
            if !block {
                continue;
            }
            let from = self.after_line(self.byte(*at));
            let nested = self.file[from..self.yaml.end]
                .split_inclusive('\n')
                .map(str::trim_end)
                .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
            if let Some(line) = nested {
                let indent = line.len() - line.trim_start_matches(' ').len();
                if indent > top {
                    return " ".repeat(indent - top);
                }
            }
        }
        "  ".into()
    }

    /// Block lines `last:` (and `by:`) at `indent`.
    fn lines(&self, indent: &str, date: &str, by: Option<&str>) -> String {
        let eol = self.eol;
        let mut lines = format!("{indent}last: {date}{eol}");
        if let Some(by) = by {
            lines.push_str(&format!("{indent}by: {}{eol}", plain_or_quoted(by)));
        }
        lines
    }

    /// Where a scalar is written and what it reads as, when it is written on one line exactly
    /// as it reads: plain, or quoted without escapes.
    fn scalar(&self, pointer: &str, name: &'static str) -> Result<Written, ReviewError> {
        let Some(spot) = self.tree.spot(pointer) else {
            return Err(ReviewError::Unsupported(name));
        };
        let Shape::Scalar { text, plain } = spot.shape else {
            return Err(match name {
                "review.last" => ReviewError::LastNotADate("a list or map".into()),
                _ => ReviewError::Unsupported(name),
            });
        };
        let start = self.byte(spot.start);
        let rest = &self.file[start..self.yaml.end];
        let range = if plain {
            rest.starts_with(&text).then(|| start..start + text.len())
        } else {
            let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'');
            quote
                .filter(|q| rest[1..].starts_with(&text) && rest[1 + text.len()..].starts_with(*q))
                .map(|_| start + 1..start + 1 + text.len())
        };
        // Escapes, folded lines or a value the parser placed elsewhere: not edited blind.
        match range {
            Some(range) if !text.contains(['\n', '\r']) => Ok(Written {
                end: range.end + usize::from(!plain),
                range,
                quoted: !plain,
                text,
            }),
            _ => Err(ReviewError::Unsupported(name)),
        }
    }

    /// The insertions an existing `review` map needs: `last` when missing (first, as the
    /// spec orders the keys), `by` when asked for and missing (right after `last`).
    fn insert_in_review(
        &self,
        flow: bool,
        start: usize,
        keys: &[(String, usize)],
        last_end: Option<usize>,
        date: &str,
        by: Option<&str>,
    ) -> Result<Vec<(Range<usize>, String)>, ReviewError> {
        let by_entry = |sep: &str| by.map(|b| format!("{sep}by: {}", plain_or_quoted(b)));
        let mut edits = Vec::new();
        match (flow, last_end) {
            (true, Some(last)) => {
                if let Some(entry) = by_entry(", ") {
                    edits.push((last..last, entry));
                }
            }
            (true, None) => {
                let mut entry = format!("last: {date}");
                entry.push_str(&by_entry(", ").unwrap_or_default());
                match keys.first() {
                    Some((_, first)) => {
                        let at = self.byte(*first);
                        edits.push((at..at, format!("{entry}, ")));
                    }
                    None => {
                        // `{}` or `{ }`: right after the brace.
                        let at = self.byte(start) + 1;
                        edits.push((at..at, entry));
                    }
                }
            }
            (false, Some(last)) => {
                if let Some(by) = by {
                    let first = keys.first().map_or(0, |(_, at)| *at);
                    let indent = self.indent_of(first);
                    let at = self.after_line(last);
                    let lead = if self.file[..at].ends_with('\n') {
                        ""
                    } else {
                        self.eol
                    };
                    let line = format!("{lead}{indent}by: {}{}", plain_or_quoted(by), self.eol);
                    edits.push((at..at, line));
                }
            }
            (false, None) => {
                let Some((_, first)) = keys.first() else {
                    return Err(ReviewError::NotAMap);
                };
                let at = self.byte(*first);
                // The first key must begin its line (it does in block style).
                if !self.file[self.line_start(at)..at]
                    .trim_start_matches(' ')
                    .is_empty()
                {
                    return Err(ReviewError::Unsupported("review"));
                }
                let indent = self.indent_of(*first);
                edits.push((
                    self.line_start(at)..self.line_start(at),
                    self.lines(&indent, date, by),
                ));
            }
        }
        Ok(edits)
    }

    /// A new `review:` block: after the `owners` entry, else at the end of the front matter.
    fn new_review(
        &self,
        date: &str,
        by: Option<&str>,
    ) -> Result<(Range<usize>, String), ReviewError> {
        let top = self
            .keys
            .first()
            .map_or(String::new(), |(_, at)| self.indent_of(*at));
        let at = match self.keys.iter().position(|(k, _)| k == "owners") {
            Some(i) => {
                self.end_of_entry(self.keys[i].1, self.keys.get(i + 1).map(|k| k.1), top.len())
            }
            None => self.yaml.end,
        };
        let indent = format!("{top}{}", self.step());
        let mut block = String::new();
        if !self.file[..at].ends_with('\n') && at > self.yaml.start {
            block.push_str(self.eol);
        }
        block.push_str(&format!("{top}review:{}", self.eol));
        block.push_str(&self.lines(&indent, date, by));
        Ok((at..at, block))
    }

    /// Where the top-level entry whose key starts at `key` ends: after its last line that is
    /// not blank and not a comment at the top level's indentation (such comments, and blank
    /// lines, belong to what follows). `next` is the following key, if any.
    fn end_of_entry(&self, key: usize, next: Option<usize>, top: usize) -> usize {
        let from = self.line_start(self.byte(key));
        let to = next.map_or(self.yaml.end, |n| self.line_start(self.byte(n)));
        let mut end = self.after_line(self.byte(key));
        let mut at = from;
        for line in self.file[from..to].split_inclusive('\n') {
            let content = line.trim_end();
            let indent = content.len() - content.trim_start_matches(' ').len();
            let top_comment = content.trim_start().starts_with('#') && indent <= top;
            if !content.trim().is_empty() && !top_comment {
                end = at + line.len();
            }
            at += line.len();
        }
        end
    }
}

/// A scalar as written in the file.
struct Written {
    /// Its text, inside the quotes when quoted.
    range: Range<usize>,
    /// Just after it, closing quote included.
    end: usize,
    /// Written in quotes.
    quoted: bool,
    /// What it reads as.
    text: String,
}

/// A role id as a plain scalar, or double-quoted when plain it would read as something else
/// (`true`, `123`).
fn plain_or_quoted(id: &str) -> String {
    if reads_as_text(id) {
        id.to_string()
    } else {
        format!("\"{id}\"")
    }
}

#[cfg(test)]
mod tests {
    use proptest::strategy::Strategy;

    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn review(file: &str, on: &str, by: Option<&str>) -> Result<String, ReviewError> {
        let entry = ReviewEntry {
            date: date(on),
            by,
            allow_earlier: false,
        };
        record_review(file, &entry).map(|r| r.text)
    }

    #[track_caller]
    fn edits(file: &str, on: &str, by: Option<&str>, expected: &str) {
        assert_eq!(review(file, on, by).unwrap(), expected);
    }

    #[test]
    fn a_plain_date_is_replaced_and_comments_stay() {
        edits(
            "---\n# 退款 SOP\ntitle: 退款处理 # 标题\nreview:  # 每年\n  last: 2026-05-01 # 上次\n  every: 6 months\n---\n正文 review: last\n",
            "2026-11-28",
            None,
            "---\n# 退款 SOP\ntitle: 退款处理 # 标题\nreview:  # 每年\n  last: 2026-11-28 # 上次\n  every: 6 months\n---\n正文 review: last\n",
        );
    }

    #[test]
    fn quoted_dates_keep_their_quotes() {
        edits(
            "---\nreview:\n  last: '2026-01-01'\n---\n",
            "2026-02-02",
            None,
            "---\nreview:\n  last: '2026-02-02'\n---\n",
        );
        edits(
            "---\nreview:\n  last: \"2026-01-01\"\n---\n",
            "2026-02-02",
            None,
            "---\nreview:\n  last: \"2026-02-02\"\n---\n",
        );
    }

    #[test]
    fn flow_maps_are_edited_inside_their_braces() {
        edits(
            "---\nreview: {last: 2026-01-01, every: 6 months}\n---\n",
            "2026-03-01",
            Some("qa-lead"),
            "---\nreview: {last: 2026-03-01, by: qa-lead, every: 6 months}\n---\n",
        );
        edits(
            "---\nreview: { every: 6 months }\n---\n",
            "2026-03-01",
            Some("qa"),
            "---\nreview: { last: 2026-03-01, by: qa, every: 6 months }\n---\n",
        );
        edits(
            "---\nreview: {last: '2026-01-01'}\n---\n",
            "2026-03-01",
            Some("qa"),
            "---\nreview: {last: '2026-03-01', by: qa}\n---\n",
        );
        edits(
            "---\nreview: {}\n---\n",
            "2026-03-01",
            None,
            "---\nreview: {last: 2026-03-01}\n---\n",
        );
        edits(
            "---\nreview: {last: 2026-01-01, by: old}\n---\n",
            "2026-03-01",
            Some("new"),
            "---\nreview: {last: 2026-03-01, by: new}\n---\n",
        );
    }

    #[test]
    fn crlf_files_get_crlf_lines_and_a_bom_stays() {
        edits(
            "\u{feff}---\r\ntitle: a\r\nreview:\r\n  last: 2026-01-01\r\n---\r\nbody\r\n",
            "2026-03-01",
            Some("qa"),
            "\u{feff}---\r\ntitle: a\r\nreview:\r\n  last: 2026-03-01\r\n  by: qa\r\n---\r\nbody\r\n",
        );
        edits(
            "---\r\ntitle: a\r\n---\r\n",
            "2026-03-01",
            None,
            "---\r\ntitle: a\r\nreview:\r\n  last: 2026-03-01\r\n---\r\n",
        );
    }

    #[test]
    fn a_missing_review_goes_after_owners_in_the_files_indentation() {
        edits(
            "---\ntitle: 退款\nowners:\n    - cs-lead   # 客服\n    - ops\n\n# 步骤\nsteps:\n    - a\n---\n",
            "2026-03-01",
            Some("cs-lead"),
            "---\ntitle: 退款\nowners:\n    - cs-lead   # 客服\n    - ops\nreview:\n    last: 2026-03-01\n    by: cs-lead\n\n# 步骤\nsteps:\n    - a\n---\n",
        );
        edits(
            "---\ntitle: a\nowners: [x]\nextra:\n    k: v\n---\n",
            "2026-03-01",
            None,
            "---\ntitle: a\nowners: [x]\nreview:\n    last: 2026-03-01\nextra:\n    k: v\n---\n",
        );
        edits(
            "---\ntitle: a\n# trailing\n---\nbody",
            "2026-03-01",
            None,
            "---\ntitle: a\n# trailing\nreview:\n  last: 2026-03-01\n---\nbody",
        );
        edits(
            "---\n---\n",
            "2026-03-01",
            None,
            "---\nreview:\n  last: 2026-03-01\n---\n",
        );
    }

    #[test]
    fn a_review_with_only_every_gets_last_first_at_its_indentation() {
        edits(
            "---\nreview:\n    every: 6 months # 半年\n    due: 2026-09-01\n---\n",
            "2026-03-01",
            Some("qa"),
            "---\nreview:\n    last: 2026-03-01\n    by: qa\n    every: 6 months # 半年\n    due: 2026-09-01\n---\n",
        );
        edits(
            "---\nreview: # 待定\nnext: 1\n---\n",
            "2026-03-01",
            None,
            "---\nreview: # 待定\n  last: 2026-03-01\nnext: 1\n---\n",
        );
    }

    #[test]
    fn by_is_replaced_in_its_quotes_or_added_after_last() {
        edits(
            "---\nreview:\n  last: 2026-01-01  # x\n  every: 1 year\n---\n",
            "2026-03-01",
            Some("质量主管"),
            "---\nreview:\n  last: 2026-03-01  # x\n  by: 质量主管\n  every: 1 year\n---\n",
        );
        edits(
            "---\nreview:\n  by: 'old'\n  last: 2026-01-01\n---\n",
            "2026-03-01",
            Some("new"),
            "---\nreview:\n  by: 'new'\n  last: 2026-03-01\n---\n",
        );
        edits(
            "---\nreview:\n  last: 2026-01-01\n  by: old\n---\n",
            "2026-03-01",
            Some("123"),
            "---\nreview:\n  last: 2026-03-01\n  by: \"123\"\n---\n",
        );
    }

    #[test]
    fn long_front_matter_is_edited_at_the_right_place_in_linear_time() {
        // Many keys whose values are flow maps make every top-level key a candidate for the
        // indentation step; Chinese text makes characters and bytes differ.
        let keys: String = (0..20_000)
            .map(|i| format!("k{i}: {{a: 退款}}\n"))
            .collect();
        let file = format!(
            "---\ntitle: {}\n{keys}review:\n  last: 2026-01-01\n---\n",
            "退".repeat(3000)
        );
        let edited = review(&file, "2026-03-01", Some("qa")).unwrap();
        assert_eq!(
            edited,
            file.replace("  last: 2026-01-01\n", "  last: 2026-03-01\n  by: qa\n")
        );
        let missing = file.replace("review:\n  last: 2026-01-01\n", "");
        let created = review(&missing, "2026-03-01", None).unwrap();
        assert_eq!(
            created,
            missing.replace("\n---\n", "\nreview:\n  last: 2026-03-01\n---\n")
        );
    }

    #[test]
    fn the_previous_values_are_reported() {
        let entry = ReviewEntry {
            date: date("2026-03-01"),
            by: None,
            allow_earlier: false,
        };
        let file = "---\nreview:\n  last: 2026-01-01\n  by: qa\n---\n";
        let recorded = record_review(file, &entry).unwrap();
        assert_eq!(recorded.last_before, Some(date("2026-01-01")));
        assert_eq!(recorded.by_before.as_deref(), Some("qa"));
        assert!(!recorded.unchanged(file));
        let same = record_review(&recorded.text, &entry).unwrap();
        assert!(same.unchanged(&recorded.text));
    }

    #[test]
    fn an_earlier_date_is_refused_unless_allowed() {
        let file = "---\nreview:\n  last: 2026-05-01\n---\n";
        assert_eq!(
            review(file, "2026-04-30", None),
            Err(ReviewError::Earlier {
                last: date("2026-05-01"),
                date: date("2026-04-30")
            })
        );
        let entry = ReviewEntry {
            date: date("2026-04-30"),
            by: None,
            allow_earlier: true,
        };
        assert_eq!(
            record_review(file, &entry).unwrap().text,
            "---\nreview:\n  last: 2026-04-30\n---\n"
        );
    }

    #[test]
    fn what_cannot_be_edited_safely_is_refused() {
        let on = "2026-03-01";
        assert!(matches!(
            review("no front matter", on, None),
            Err(ReviewError::FrontMatter { .. })
        ));
        assert!(matches!(
            review("---\nowners: [a\n---\n", on, None),
            Err(ReviewError::FrontMatter { .. })
        ));
        assert_eq!(
            review("---\nreview: 2026-01-01\n---\n", on, None),
            Err(ReviewError::NotAMap)
        );
        assert_eq!(
            review("---\nreview: ~\n---\n", on, None),
            Err(ReviewError::NotAMap)
        );
        assert_eq!(
            review("---\nreview:\n  last: soon\n---\n", on, None),
            Err(ReviewError::LastNotADate("soon".into()))
        );
        assert_eq!(
            review("---\nreview:\n  last: \"2026-01-\\x301\"\n---\n", on, None),
            Err(ReviewError::Unsupported("review.last"))
        );
        assert_eq!(
            review(
                "---\nreview:\n  last: 2026-01-01\n---\n",
                on,
                Some("a\nb: 1")
            ),
            Err(ReviewError::InvalidRole("a\nb: 1".into()))
        );
        assert!(matches!(
            review("---\n{title: a}\n---\n", on, None),
            Err(ReviewError::Unsupported(_))
        ));
    }

    /// A front matter built from the generator's choices, and the byte range of its `review`
    /// entry (empty, where it would go, when there is none).
    struct Generated {
        text: String,
        review: Option<Range<usize>>,
    }

    #[allow(clippy::too_many_arguments)] // one argument per generated choice, read in order
    fn generate(
        (crlf, bom, four, comments): (bool, bool, bool, bool),
        order: &[usize],
        (form, has_last, has_every, by_first): (usize, bool, bool, bool),
        (last_quote, old_by): (usize, Option<&str>),
        old: Date,
        owners_block: bool,
    ) -> Generated {
        let eol = if crlf { "\r\n" } else { "\n" };
        let ind = if four { "    " } else { "  " };
        let quote = |text: &str, how: usize| match how {
            1 => format!("'{text}'"),
            2 => format!("\"{text}\""),
            _ => text.to_string(),
        };
        let cm = |text: &str| {
            if comments {
                format!(" # {text}")
            } else {
                String::new()
            }
        };
        let mut review = String::new();
        if form == 1 {
            review = format!("review:{}{eol}", cm("复核"));
            let mut lines = Vec::new();
            if has_last {
                lines.push(format!(
                    "{ind}last: {}{}{eol}",
                    quote(&old.to_string(), last_quote),
                    cm("上次")
                ));
            }
            if has_every || (!has_last && old_by.is_none()) {
                lines.push(format!("{ind}every: 6 months{eol}"));
            }
            if let Some(by) = old_by {
                let line = format!("{ind}by: {}{eol}", quote(by, last_quote));
                if by_first {
                    lines.insert(0, line)
                } else {
                    lines.push(line)
                }
            }
            review.extend(lines);
        } else if form == 2 {
            let mut items = Vec::new();
            if has_last {
                items.push(format!("last: {}", quote(&old.to_string(), last_quote)));
            }
            if has_every {
                items.push("every: 6 months".to_string());
            }
            if let Some(by) = old_by {
                items.push(format!("by: {by}"));
            }
            review = format!("review: {{{}}}{}{eol}", items.join(", "), cm("flow"));
        } else if form == 3 {
            review = format!("review:{}{eol}", cm("待定"));
        }
        let entries = [
            format!("title: '退款 处理'{}{eol}", cm("标题")),
            if owners_block {
                format!(
                    "owners:{eol}{ind}- cs-lead{}{eol}{ind}- 质量主管{eol}",
                    cm("主")
                )
            } else {
                format!("owners: [cs-lead, 质量主管]{eol}")
            },
            format!("tags: [a, \"b: c\"]{eol}"),
            format!(
                "extra:{eol}{ind}k: v{}{eol}{ind}n:{eol}{ind}{ind}x: 1{eol}",
                cm("k")
            ),
            review,
        ];
        let mut text = String::new();
        if bom {
            text.push('\u{feff}');
        }
        text.push_str(&format!("---{eol}"));
        let mut range = None;
        for &i in order {
            if comments {
                text.push_str(&format!("# 注释 {i}{eol}"));
            }
            if i == 4 && form == 0 {
                continue;
            }
            let start = text.len();
            text.push_str(&entries[i]);
            if i == 4 {
                range = Some(start..text.len());
            }
        }
        text.push_str(&format!("---{eol}正文 review: last{eol}"));
        Generated {
            text,
            review: range,
        }
    }

    fn front_json(text: &str) -> serde_json::Value {
        let split = split_front_matter(text).expect("front matter");
        yaml::parse(&text[split.yaml]).expect("parses").to_json()
    }

    proptest::proptest! {
        #[test]
        fn only_the_review_bytes_change(
            style in proptest::arbitrary::any::<(bool, bool, bool, bool)>(),
            order in proptest::strategy::Just((0..5).collect::<Vec<usize>>()).prop_shuffle(),
            form in (0usize..4, proptest::bool::ANY, proptest::bool::ANY, proptest::bool::ANY),
            last_quote in 0usize..3,
            old_by in proptest::option::of(proptest::sample::select(vec!["qa", "old-lead"])),
            old in (2000i16..2050, 1i8..13, 1i8..29),
            new in (2000i16..2050, 1i8..13, 1i8..29),
            by in proptest::option::of(proptest::sample::select(vec!["qa", "质量主管", "123", "ops-lead"])),
            owners_block in proptest::bool::ANY,
        ) {
            let day = |(y, m, d): (i16, i8, i8)| Date(jiff::civil::date(y, m, d));
            let generated = generate(style, &order, form, (last_quote, old_by), day(old), owners_block);
            let file = &generated.text;
            let entry = ReviewEntry { date: day(new), by, allow_earlier: true };
            let edited = record_review(file, &entry).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{e}: {file:?}")))?.text;

            let (before, after) = (front_json(file), front_json(&edited));
            let date = day(new).to_string();
            proptest::prop_assert_eq!(after["review"]["last"].as_str(), Some(date.as_str()));
            if let Some(by) = by {
                proptest::prop_assert_eq!(after["review"]["by"].as_str(), Some(by));
            }
            for (key, value) in before.as_object().unwrap() {
                if key == "review" {
                    for (k, v) in value.as_object().into_iter().flatten() {
                        if k != "last" && k != "by" {
                            proptest::prop_assert_eq!(&after["review"][k], v);
                        }
                    }
                } else {
                    proptest::prop_assert_eq!(&after[key], value);
                }
            }
            proptest::prop_assert_eq!(after.as_object().unwrap().len(), before.as_object().unwrap().len() + usize::from(generated.review.is_none()));

            // Outside the review entry, the file is byte for byte what it was.
            let prefix = file.bytes().zip(edited.bytes()).take_while(|(a, b)| a == b).count();
            let max_suffix = file.len().min(edited.len()) - prefix;
            let suffix = file.bytes().rev().zip(edited.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
            let changed = prefix..file.len() - suffix;
            match &generated.review {
                Some(review) => proptest::prop_assert!(
                    changed.is_empty() || (review.start <= changed.start && changed.end <= review.end),
                    "changed {changed:?} outside review {review:?}:\n{file}\n{edited}"
                ),
                None => proptest::prop_assert!(changed.is_empty(), "{file:?} → {edited:?}"),
            }
        }
    }
}
