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
    summary_zh: "",
    docs_zh: "",
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
