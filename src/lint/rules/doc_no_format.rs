use regex::Regex;

use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::model::Level;
use crate::text::PLACEHOLDER;

pub(super) static RULE: Rule = Rule {
    name: "doc-no-format",
    default_level: Level::Error,
    summary: "a `doc_no` does not match `control.doc_no_pattern`",
    docs: "\
## What it does
When `handbook.yaml` sets `control.doc_no_pattern` (a regular expression), reports every
`doc_no` that does not match it; the help shows the pattern. The pattern matches anywhere in the
number unless it is anchored with `^…$`. Without a pattern any number is accepted. An invalid
pattern is a `schema` finding on `handbook.yaml`, and then no number is checked.

## Why it matters
A numbering scheme (prefix, document type, sequence) lets readers tell an SOP from a
contingency plan by its number and keeps numbers sortable; a number typed `OPS-SOP-1` or
`OPS_SOP_001` breaks both, and audits flag it.

## Example
```yaml
# handbook.yaml
control:
  doc_no_pattern: '^OPS-(SOP|CP)-\\d{3}$'
# sops/refund.md
doc_no: OPS-SOP-3      # three digits expected: OPS-SOP-003
```

## Fix
Write the number in the scheme's form, or change the pattern if the scheme changed. Quote the
pattern with single quotes in YAML so that `\\d` stays as written.
",
    summary_zh: "",
    docs_zh: "",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    let Some(pattern) = &cx.handbook.config.control.doc_no_pattern else {
        return;
    };
    // An invalid pattern is reported by `schema` when handbook.yaml is read.
    let Ok(regex) = Regex::new(pattern) else {
        return;
    };
    for doc in &cx.handbook.documents {
        let Some(doc_no) = doc.meta.doc_no.as_deref() else {
            continue;
        };
        if doc_no.trim_start().starts_with(PLACEHOLDER) || regex.is_match(doc_no) {
            continue;
        }
        out.at(doc, "/doc_no", false, msg!("doc-no-format", doc_no))
            .help(msg!("doc-no-format.help", pattern));
    }
}
