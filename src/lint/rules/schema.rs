use crate::lint::{Context, Findings, Rule};
use crate::model::{Level, LoadIssue};

pub(super) static RULE: Rule = Rule {
    name: "schema",
    default_level: Level::Error,
    summary: "a field has the wrong type or value, or a required field is absent",
    docs: "\
## What it does
Validates each document's front matter against the JSON Schema of its kind (`opsbook schema`
writes them) and `handbook.yaml` against its own schema: types, allowed values, date and
duration formats, required fields, and id syntax.

## Why it matters
A date written `2026/5/1` or an owner list written as one string cannot be compared, linked or
shown; the document would look valid while its review status is unknown.

## Example
```yaml
title: 退款处理
review:
  last: 2026/05/01    # not YYYY-MM-DD
steps: 受理申请        # a list is expected
```

## Fix
Write dates as `YYYY-MM-DD`, durations like `6 months` or `30分钟`, and lists as `[a, b]` or one
`- item` per line. Point your editor at the schemas for completion as you type.
",
    summary_zh: "",
    docs_zh: "",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    for (doc, issue) in super::load_issues(cx.handbook) {
        if let LoadIssue::Schema {
            pointer,
            message,
            help,
            on_key,
        } = issue
        {
            out.at(doc, pointer, *on_key, message.clone())
                .help_opt(help.as_ref());
        }
    }
}
