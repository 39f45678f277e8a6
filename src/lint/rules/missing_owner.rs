use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::model::{Level, LoadIssue};

pub(super) static RULE: Rule = Rule {
    name: "missing-owner",
    default_level: Level::Error,
    summary: "a kind that needs owners has none (empty list or absent)",
    docs: "\
## What it does
Checks that every sop, workflow, kpi, contingency plan and report names at least one owner role
in `owners`.

## Why it matters
A procedure nobody owns is not kept up to date, and nobody is asked to review changes to it.

## Example
```yaml
kind: sop
title: 退款处理
owners: []
```

## Fix
Name the accountable role by its id: `owners: [cs-lead]`.
",
    summary_zh: "需要负责岗位的类别没有写（列表为空或缺少该字段）",
    docs_zh: "\
## 作用
检查每个 sop、workflow、kpi、应急预案和报告是否在 `owners` 中至少写明一个负责岗位。

## 为什么重要
没人负责的流程不会有人维护，修改时也没人被请来审核。

## 示例
```yaml
kind: sop
title: 退款处理
owners: []
```

## 修复
用岗位 id 写明负责的岗位：`owners: [cs-lead]`。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    for doc in &cx.handbook.documents {
        if !doc.kind.needs_owners() || !doc.front_ok || !doc.meta.owners.is_empty() {
            continue;
        }
        // `owners: cs-lead` (not a list) is already a `schema` finding; one finding is enough.
        let mistyped = doc.issues.iter().any(
            |i| matches!(i, LoadIssue::Schema { pointer, .. } if pointer.starts_with("/owners")),
        );
        if mistyped {
            continue;
        }
        out.at(
            doc,
            "/owners",
            true,
            msg!("missing-owner", doc.kind.noun(), &doc.id),
        )
        .help(msg!("missing-owner.help"));
    }
}
