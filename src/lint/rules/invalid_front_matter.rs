use crate::lint::{Context, Findings, Rule};
use crate::model::{Level, LoadIssue};

pub(super) static RULE: Rule = Rule {
    name: "invalid-front-matter",
    default_level: Level::Error,
    summary: "front matter is not valid YAML, or not a map, or unterminated",
    docs: "\
## What it does
Checks that every Markdown file starts with YAML front matter between two `---` lines, that the
YAML parses, and that it is a map of `key: value`. Anchors, aliases, tags, duplicate keys, tabs,
deep nesting, binary files, UTF-16 files, invalid UTF-8 and file names that are not UTF-8 are
reported here too.

## Why it matters
A document whose front matter cannot be read has no title, owner or review date: every other
check, the site and the diff would silently skip it.

## Example
```markdown
---
title: 退款处理
owners: [cs-lead
---
```

## Fix
Close the list (`owners: [cs-lead]`), indent with spaces, and write values out in full instead of
using anchors (`&x`) and aliases (`*x`).
",
    summary_zh: "",
    docs_zh: "",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    for (doc, issue) in super::load_issues(cx.handbook) {
        if let LoadIssue::FrontMatter {
            message,
            span,
            help,
        } = issue
        {
            out.at_span(doc, span.clone(), message.clone())
                .help_opt(help.as_ref());
        }
    }
}
