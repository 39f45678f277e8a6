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
    summary_zh: "前置元数据中仍有 `opsbook new` 留下的 `TODO:` 占位内容",
    docs_zh: "\
## 作用
报告以 `TODO:` 开头的前置元数据值，即 `opsbook new` 为每个必填字段写入的占位内容。

## 为什么重要
占位内容能通过架构校验，没有这条规则，写了一半的 SOP 在网站上和 CI 中看起来都是完整的。

## 示例
```yaml
purpose: \"TODO: why this procedure exists\"
```

## 修复
写上实际内容。如果仍要发布草稿，请设置 `status: draft`，并在运行 `check` 时不加 `--deny-warnings`。
",
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
