use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::model::Level;
use crate::text::PLACEHOLDER;

pub(super) static RULE: Rule = Rule {
    name: "placeholder",
    default_level: Level::Warning,
    summary: "a front-matter value still holds a `TODO:` placeholder from `opsbook new`",
    docs: "\
## What it does
Reports front-matter values that start with `TODO:`, the placeholders `opsbook new` writes for
every field a kind requires.

## Why it matters
A placeholder passes the schema, so without this rule a half-written SOP would look complete on
the site and in CI.

## Example
```yaml
purpose: \"TODO: why this procedure exists\"
```

## Fix
Write the real value. To publish drafts anyway, set `status: draft` and run `check` without
`--deny-warnings`.
",
    summary_zh: "",
    docs_zh: "",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    for doc in &cx.handbook.documents {
        // Most documents have no placeholder: look for the text before parsing again.
        let yaml =
            &doc.text[doc.layout.front_start..doc.layout.front_end.max(doc.layout.front_start)];
        if !yaml.contains(PLACEHOLDER) {
            continue;
        }
        let Some(tree) = doc.front() else { continue };
        for pointer in tree.find_values(&|v| v.trim_start().starts_with(PLACEHOLDER)) {
            out.at(doc, &pointer, false, msg!("placeholder"))
                .help(msg!("placeholder.help"));
        }
    }
}
