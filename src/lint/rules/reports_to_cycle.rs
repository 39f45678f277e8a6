use std::collections::BTreeMap;

use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::model::{Kind, KindData, Level};

pub(super) static RULE: Rule = Rule {
    name: "reports-to-cycle",
    default_level: Level::Error,
    summary: "roles' `reports_to` forms a cycle",
    docs: "\
## What it does
Follows each role's `reports_to` chain and reports chains that come back to where they started.

## Why it matters
An org chart with a loop has no top: escalation paths never end and the org chart cannot be drawn.

## Example
```yaml
# roles/cs-lead.md
reports_to: ops-director
# roles/ops-director.md
reports_to: cs-lead
```

## Fix
Break the loop: the top role has no `reports_to`.
",
    summary_zh: "岗位的 `reports_to` 构成循环",
    docs_zh: "\
## 作用
沿着每个岗位的 `reports_to` 链往上找，报告绕回起点的链。

## 为什么重要
有环的组织架构没有顶端：升级路径永无尽头，组织架构图也画不出来。

## 示例
```yaml
# roles/cs-lead.md
reports_to: ops-director
# roles/ops-director.md
reports_to: cs-lead
```

## 修复
打破循环：最上层的岗位不设 `reports_to`。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    let boss: BTreeMap<&str, &str> = cx
        .handbook
        .documents
        .iter()
        .filter_map(|d| match &d.data {
            KindData::Role(r) => r.reports_to.as_deref().map(|b| (d.id.as_str(), b)),
            _ => None,
        })
        .collect();
    // A functional graph: walk each chain once, marking roles with the walk that reached them.
    // A walk that meets its own mark has found a cycle; one that meets another's stops. O(roles).
    let mut walk_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (walk, &start) in boss.keys().enumerate() {
        let mut current = start;
        loop {
            match walk_of.get(current) {
                Some(&w) if w == walk => {
                    report(cx, out, &boss, current);
                    break;
                }
                Some(_) => break,
                None => {
                    walk_of.insert(current, walk);
                }
            }
            match boss.get(current) {
                Some(&next) => current = next,
                None => break,
            }
        }
    }
}

/// Report the cycle through `member` once, at its smallest role id.
fn report(cx: &Context, out: &mut Findings, boss: &BTreeMap<&str, &str>, member: &str) {
    let mut cycle = vec![member];
    let mut current = boss[member];
    while current != member {
        cycle.push(current);
        current = boss[current];
    }
    let smallest = cycle
        .iter()
        .position(|r| cycle.iter().all(|o| r <= o))
        .unwrap_or(0);
    cycle.rotate_left(smallest);
    cycle.push(cycle[0]);
    let Some(i) = cx.index.get(Kind::Role, cycle[0]) else {
        return;
    };
    let doc = &cx.handbook.documents[i];
    out.at(
        doc,
        "/reports_to",
        false,
        msg!("reports-to-cycle", cycle.join(" → ")),
    )
    .help(msg!("reports-to-cycle.help"));
}
