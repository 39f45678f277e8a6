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
    summary_zh: "前置元数据不是有效的 YAML、不是映射，或没有结束行",
    docs_zh: "\
## 作用
检查每个 Markdown 文件是否以两行 `---` 之间的 YAML 前置元数据开头，YAML 能否解析，以及它是否为 `key: value` 形式的映射。锚点、别名、标签、重复的键、制表符、过深的嵌套、二进制文件、UTF-16 文件、无效的 UTF-8 以及不是 UTF-8 的文件名，也在这里报告。

## 为什么重要
前置元数据读不出来的文档，就没有标题、负责岗位和复审日期：其他检查、网站和差异比较都会悄悄跳过它。

## 示例
```markdown
---
title: 退款处理
owners: [cs-lead
---
```

## 修复
补全列表（`owners: [cs-lead]`），用空格缩进，把值完整写出，不要用锚点（`&x`）和别名（`*x`）。
",
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
