use crate::lint::{Context, Findings, Rule, rules::RULES};
use crate::locale::{Arg, msg};
use crate::model::{Level, LoadIssue};
use crate::text::closest;

pub(super) static RULE: Rule = Rule {
    name: "unknown-field",
    default_level: Level::Warning,
    summary: "a key the kind does not define",
    docs: "\
## What it does
Reports front-matter keys that the document's kind does not define, and keys of
`handbook.yaml` (including rule names under `rules:`) that opsbook does not know, with the
closest known key as a suggestion.

## Why it matters
A misspelt key is silently ignored: `ownres: [cs-lead]` leaves the SOP without an owner, and the
site, the review page and CODEOWNERS never see it.

## Example
```yaml
title: 退款处理
ownres: [cs-lead]
```

## Fix
Correct the spelling (`owners`), or move organisation-specific data under `extra:`, which is
never validated.
",
    summary_zh: "该类别没有定义的键",
    docs_zh: "\
## 作用
报告文档类别没有定义的前置元数据键，以及 opsbook 不认识的 `handbook.yaml` 键（包括 `rules:` 下的规则名），并给出最接近的已知键作为建议。

## 为什么重要
拼错的键会被悄悄忽略：`ownres: [cs-lead]` 让 SOP 没有负责岗位，网站、复审页面和 CODEOWNERS 都看不到它。

## 示例
```yaml
title: 退款处理
ownres: [cs-lead]
```

## 修复
改正拼写（`owners`），或把组织自定义的数据放到 `extra:` 下，那里不做校验。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    for (doc, issue) in super::load_issues(cx.handbook) {
        if let LoadIssue::UnknownField {
            pointer,
            key,
            known,
        } = issue
        {
            let mut f = out.at(doc, pointer, true, msg!("unknown-field", key));
            match closest(key, known.iter().map(String::as_str)) {
                Some(best) => f.help(msg!("did-you-mean", best)),
                None if pointer.matches('/').count() == 1 && doc.path.ends_with(".md") => {
                    f.help(msg!("unknown-field.extra.help"))
                }
                None => f.help(msg!("unknown-field.known.help", Arg::identifiers(known))),
            };
        }
    }
    let config = &cx.handbook.config_doc;
    for name in cx.handbook.config.rules.keys() {
        if crate::lint::rule(name).is_none() {
            let mut f = out.at(
                config,
                &format!("/rules/{name}"),
                true,
                msg!("unknown-field.rule", name),
            );
            match closest(name, RULES.iter().map(|r| r.name)) {
                Some(best) => f.help(msg!("did-you-mean", best)),
                None => f.help(msg!("unknown-field.rule.help")),
            };
        }
    }
}
