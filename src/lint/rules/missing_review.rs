use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::model::Level;

pub(super) static RULE: Rule = Rule {
    name: "missing-review",
    default_level: Level::Error,
    summary: "a sop or contingency plan has no `review`",
    docs: "\
## What it does
Checks that every sop and contingency plan says when it was last reviewed (`review.last`).

## Why it matters
Procedures drift from practice. Without a review date nobody can tell whether a procedure is
current, and auditors (ISO 9001 clause 7.5) ask for exactly that.

## Example
```yaml
kind: sop
title: 退款处理
owners: [cs-lead]
```

## Fix
Add `review: {last: 2026-05-01, every: 12 months, by: ops-director}`.
",
    summary_zh: "sop 或应急预案没有 `review`",
    docs_zh: "\
## 作用
检查每个 sop 和应急预案是否写明上次复审的日期（`review.last`）。

## 为什么重要
流程会与实际做法渐行渐远。没有复审日期，就无法判断流程是否仍然适用，而审核员（ISO 9001 第 7.5 条）要问的正是这一点。

## 示例
```yaml
kind: sop
title: 退款处理
owners: [cs-lead]
```

## 修复
添加 `review: {last: 2026-05-01, every: 12 months, by: ops-director}`。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    for doc in &cx.handbook.documents {
        if doc.kind.needs_review() && doc.front_ok && doc.meta.review.is_none() {
            out.at(
                doc,
                "/review",
                true,
                msg!("missing-review", doc.kind.noun(), &doc.id),
            )
            .help(msg!("missing-review.help"));
        }
    }
}
