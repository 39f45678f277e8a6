//! Splitting a Markdown file into YAML front matter and body.

use std::ops::Range;

use crate::locale::{Message, msg};

/// Where the front matter and body are, as byte offsets into the file.
#[derive(Debug, PartialEq)]
pub struct Split {
    /// The YAML text between the `---` lines.
    pub yaml: Range<usize>,
    /// Where the Markdown body starts, after the closing line.
    pub body_start: usize,
}

/// Why a file has no front matter to read.
#[derive(Debug, PartialEq)]
pub struct SplitError {
    /// What is wrong, one fact.
    pub message: Message,
    /// How to fix it.
    pub help: Message,
    /// Byte range of the file the message is about.
    pub span: Range<usize>,
}

fn is_fence(line: &str, closing: bool) -> bool {
    let line = line.trim_end_matches(['\n', '\r', ' ', '\t']);
    line == "---" || (closing && line == "...")
}

/// Find the front matter: a first line `---` (after an optional BOM), YAML, a line `---` or `...`.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = text[start..].split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first, false) {
        return Err(SplitError {
            message: msg!("load.no-front-matter"),
            help: msg!("load.no-front-matter.help"),
            span: start..start + first.trim_end().len().min(80),
        });
    }
    let yaml_start = start + first.len();
    let mut offset = yaml_start;
    for l in lines {
        if is_fence(l, true) {
            return Ok(Split {
                yaml: yaml_start..offset,
                body_start: offset + l.len(),
            });
        }
        offset += l.len();
    }
    Err(SplitError {
        message: msg!("load.unclosed"),
        help: msg!("load.unclosed.help"),
        span: start..start + 3,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: a\r\n---\r\nbody";
        let s = split(text).unwrap();
        assert_eq!(&text[s.yaml.clone()], "title: a\r\n");
        assert_eq!(&text[s.body_start..], "body");
    }

    #[test]
    fn missing_and_unterminated_front_matter_are_errors() {
        assert_eq!(split("# hi").unwrap_err().message.en(), "no front matter");
        assert_eq!(split("").unwrap_err().message.en(), "no front matter");
        assert_eq!(
            split("---\ntitle: a\n").unwrap_err().message.en(),
            "front matter is not closed"
        );
        assert!(split("---\n---\n").is_ok());
    }
}
