use crate::lint::{Context, Findings, Rule, rules::RULES};
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
            let f = out.at(doc, pointer, true, format!("unknown field `{key}`"));
            match closest(key, known.iter().map(String::as_str)) {
                Some(best) => f.help(format!("did you mean `{best}`?")),
                None if pointer.matches('/').count() == 1 && doc.path.ends_with(".md") => {
                    f.help("put organisation-specific fields under `extra:`")
                }
                None => f.help(format!("known fields: {}", known.join(", "))),
            };
        }
    }
    let config = &cx.handbook.config_doc;
    for name in cx.handbook.config.rules.keys() {
        if crate::lint::rule(name).is_none() {
            let f = out.at(
                config,
                &format!("/rules/{name}"),
                true,
                format!("unknown rule `{name}`"),
            );
            match closest(name, RULES.iter().map(|r| r.name)) {
                Some(best) => f.help(format!("did you mean `{best}`?")),
                None => f.help("`opsbook explain` lists the rules"),
            };
        }
    }
}
