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
    summary_zh: "字段的类型或取值有误，或缺少必填字段",
    docs_zh: "\
## 作用
按各类别的 JSON Schema（由 `opsbook schema` 生成）校验每个文档的前置元数据，并按 `handbook.yaml` 自己的架构校验它：类型、允许的取值、日期和时长的格式、必填字段以及 id 的写法。

## 为什么重要
写成 `2026/5/1` 的日期、写成一个字符串的负责岗位列表，都无法比较、链接或显示；文档看似有效，复审状态却无从得知。

## 示例
```yaml
title: 退款处理
review:
  last: 2026/05/01    # 不是 YYYY-MM-DD
steps: 受理申请        # 这里应为列表
```

## 修复
日期写成 `YYYY-MM-DD`，时长写成 `30分钟` 或 `6 months` 这样的形式，列表写成 `[a, b]` 或每行一个 `- item`。在编辑器中配置这些架构，输入时即可获得补全。
",
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
