use std::collections::HashMap;

use crate::lint::{Context, Findings, Rule};
use crate::locale::{Arg, Message, msg};
use crate::model::{Kind, Level, Target, find_step};
use crate::text::{PLACEHOLDER, closest};

pub(super) static RULE: Rule = Rule {
    name: "unknown-reference",
    default_level: Level::Error,
    summary: "a reference names no document, department or step",
    docs: "\
## What it does
Checks that every reference resolves: role ids (`owners`, `review.by`, `reports_to`, step
`role`, `responders`, `escalation`, `applies_to`, `audience`, department `lead`), kpi ids, sop
and workflow ids, department ids from the overview, step ids (`next`, control point `step`) and
`related` references `kind:id`.
Document control: the roles of `approval` (`drafted_by`, `reviewed_by`, `approved_by`) and the
successor named by `superseded_by`.

## Why it matters
A reference to a role that was renamed leaves a procedure without a responsible person, and a
link on the site that leads nowhere.

## Example
```yaml
owners: [cs-leader]    # the role is `cs-lead`
control_points:
  - {step: 9, check: 复核金额}   # the SOP has 6 steps
```

## Fix
Use an existing id (the help suggests the closest one), or add the missing document.
",
    summary_zh: "引用指向不存在的文档、部门或步骤",
    docs_zh: "\
## 作用
检查每个引用能否找到目标：岗位 id（`owners`、`review.by`、`reports_to`、步骤的 `role`、`responders`、`escalation`、`applies_to`、`audience`、部门的 `lead`）、指标 id、sop 和工作流程 id、企业概要中的部门 id、步骤 id（`next`、控制点的 `step`）以及 `related` 中的 `kind:id` 引用。
文件控制方面：`approval` 中的岗位（`drafted_by`、`reviewed_by`、`approved_by`）和 `superseded_by` 指向的后继文件。

## 为什么重要
引用一个改过名的岗位，流程就没有了责任人，网站上的链接也无处可去。

## 示例
```yaml
owners: [cs-leader]    # 岗位其实是 `cs-lead`
control_points:
  - {step: 9, check: 复核金额}   # 这个 SOP 只有 6 个步骤
```

## 修复
使用已有的 id（帮助信息会给出最接近的一个），或补上缺少的文档。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    // Authors often write a role's title (`客服专员`) where its id belongs: title → id, the
    // first document of each kind with that title.
    let mut titled: HashMap<(Kind, &str), &str> = HashMap::new();
    for doc in &cx.handbook.documents {
        if !doc.meta.title.trim().is_empty() {
            titled
                .entry((doc.kind, doc.meta.title.trim()))
                .or_insert(&doc.id);
        }
    }
    for doc in &cx.handbook.documents {
        for r in doc.references() {
            let (what, id, candidates): (Message, &str, Vec<String>) = match &r.target {
                // `opsbook new` placeholders are the `placeholder` rule's business.
                Target::Document(_, id) if id.starts_with(PLACEHOLDER) => continue,
                Target::Document(kind, id) => {
                    if cx.index.get(*kind, id).is_some() {
                        continue;
                    }
                    (
                        kind.noun(),
                        id,
                        cx.index.ids(*kind).map(str::to_string).collect(),
                    )
                }
                Target::Department(id) => {
                    if cx.index.departments.contains_key(id) {
                        continue;
                    }
                    (
                        msg!("noun.department"),
                        id,
                        cx.index.departments.keys().cloned().collect(),
                    )
                }
                Target::Step(id) => {
                    if find_step(doc.steps(), id).is_some() {
                        continue;
                    }
                    let ids = doc
                        .steps()
                        .iter()
                        .enumerate()
                        .map(|(i, s)| s.id(i))
                        .collect();
                    (msg!("noun.step"), id, ids)
                }
            };
            let mut f = out.at(
                doc,
                &r.pointer,
                false,
                msg!("unknown-reference", what.clone(), id),
            );
            let by_title = match r.target {
                Target::Document(kind, _) => titled.get(&(kind, id.trim())),
                _ => None,
            };
            if let Some(real) = by_title {
                f.help(msg!("unknown-reference.title.help", *real, id.trim()));
                continue;
            }
            match closest(id, candidates.iter().map(String::as_str)) {
                Some(best) => f.help(msg!("did-you-mean", best)),
                None if candidates.is_empty() => match r.target {
                    Target::Department(_) => f.help(msg!("unknown-reference.departments.help")),
                    _ => f.help(msg!("unknown-reference.none-yet.help", what)),
                },
                None if candidates.len() <= 12 => f.help(msg!(
                    "unknown-reference.known.help",
                    Arg::identifiers(&candidates)
                )),
                None => f.help(msg!("unknown-reference.no-such.help", what)),
            };
        }
    }
}
