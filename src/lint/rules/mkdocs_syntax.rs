use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::markdown::options;
use crate::model::{Document, Level};

pub(super) static RULE: Rule = Rule {
    name: "mkdocs-syntax",
    default_level: Level::Warning,
    summary: "a body uses MkDocs-only syntax (`!!! note` admonitions, `{: …}` attribute lists) that shows as literal text",
    docs: "\
## What it does
Reports MkDocs admonitions (a paragraph starting `!!! note`, `??? tip` or `???+ warning`) and
attribute lists (`{: .class}`, `{:target=\"_blank\"}`) in document bodies. Code spans and code
blocks are skipped.

## Why it matters
They are common leftovers of a migration from MkDocs. Neither opsbook nor GitHub knows them: the
reader sees `!!! warning \"注意\"` and `{:target=\"_blank\"}` as text, and the indented content of
an admonition turns into a code block.

## Example
```markdown
!!! warning \"注意\"
    退款金额超过 500 元需主管审批。

[后台](https://admin.example.com){:target=\"_blank\"}
```

## Fix
Write a GitHub alert, which renders on GitHub and on the site alike:

```markdown
> [!WARNING]
> 退款金额超过 500 元需主管审批。
```

Drop attribute lists; Markdown has no way to set attributes on a link.
",
    summary_zh: "正文使用了 MkDocs 专有语法（`!!! note` 提示块、`{: …}` 属性列表），会原样显示为文本",
    docs_zh: "\
## 作用
报告文档正文中的 MkDocs 提示块（以 `!!! note`、`??? tip` 或 `???+ warning` 开头的段落）和属性列表（`{: .class}`、`{:target=\"_blank\"}`）。行内代码和代码块跳过不查。

## 为什么重要
它们常是从 MkDocs 迁移后留下的。opsbook 和 GitHub 都不认识这些语法：读者会看到文本 `!!! warning \"注意\"` 和 `{:target=\"_blank\"}`，提示块中缩进的内容还会变成代码块。

## 示例
```markdown
!!! warning \"注意\"
    退款金额超过 500 元需主管审批。

[后台](https://admin.example.com){:target=\"_blank\"}
```

## 修复
改用 GitHub 提示块，在 GitHub 和网站上都能正常显示：

```markdown
> [!WARNING]
> 退款金额超过 500 元需主管审批。
```

删除属性列表；Markdown 无法给链接设置属性。
",
    check,
};

/// The GitHub alert closest to an admonition type (MkDocs Material's names).
fn alert_for(kind: &str) -> &'static str {
    match kind.to_ascii_lowercase().as_str() {
        "tip" | "hint" | "success" | "check" | "done" => "TIP",
        "important" => "IMPORTANT",
        "warning" | "attention" => "WARNING",
        "danger" | "error" | "caution" | "failure" | "fail" | "bug" => "CAUTION",
        _ => "NOTE",
    }
}

/// The marker and type of an admonition that starts `text` (`!!! note`, `??? tip`, `???+ warning`).
fn admonition(text: &str) -> Option<(&'static str, &str)> {
    let (marker, rest) = ["!!!", "???+", "???"]
        .into_iter()
        .find_map(|marker| Some((marker, text.strip_prefix(marker)?)))?;
    let kind = rest
        .trim_start_matches(' ')
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .next()?;
    (!kind.is_empty()).then_some((marker, kind))
}

fn check(cx: &Context, out: &mut Findings) {
    for doc in &cx.handbook.documents {
        let body = doc.body();
        // Most bodies have neither: skip the parse.
        if !body.contains("!!!") && !body.contains("???") && !body.contains("{:") {
            continue;
        }
        let start = doc.layout.body_start.min(doc.text.len());
        // Text arrives in pieces (`_` splits it): attribute lists are looked for in each run of
        // adjacent pieces outside code.
        let mut run: Option<Range<usize>> = None;
        let mut in_code = false;
        for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
            let is_text = matches!(event, Event::Text(_)) && !in_code;
            match event {
                Event::Start(Tag::CodeBlock(_)) => in_code = true,
                Event::End(TagEnd::CodeBlock) => in_code = false,
                Event::Start(Tag::Paragraph) => admonition_at(out, doc, start, body, range.clone()),
                _ => {}
            }
            match (&mut run, is_text) {
                (Some(run), true) if run.end == range.start => run.end = range.end,
                (run, true) => attribute_lists(out, doc, start, body, run.replace(range)),
                (run, false) => attribute_lists(out, doc, start, body, run.take()),
            }
        }
        attribute_lists(out, doc, start, body, run);
    }
}

/// Report a paragraph at `range` of the body (at `start` in the file) that is an admonition.
fn admonition_at(
    out: &mut Findings,
    doc: &Document,
    start: usize,
    body: &str,
    range: Range<usize>,
) {
    let source = &body[range.clone()];
    let Some((marker, kind)) = admonition(source) else {
        return;
    };
    let line = source.lines().next().unwrap_or(source).trim_end();
    out.at_span(
        doc,
        start + range.start..start + range.start + line.len(),
        msg!("mkdocs-syntax.admonition", marker, kind),
    )
    .help(msg!("mkdocs-syntax.admonition.help", alert_for(kind)));
}

/// Report each `{: …}` in a run of text at `run` of the body (at `start` in the file).
fn attribute_lists(
    out: &mut Findings,
    doc: &Document,
    start: usize,
    body: &str,
    run: Option<Range<usize>>,
) {
    let Some(run) = run else { return };
    let text = &body[run.clone()];
    let mut from = 0;
    while let Some(i) = text[from..].find("{:") {
        let open = from + i;
        let Some(len) = text[open..].find('}') else {
            break;
        };
        let close = open + len + 1;
        out.at_span(
            doc,
            start + run.start + open..start + run.start + close,
            msg!("mkdocs-syntax.attributes", &text[open..close]),
        )
        .help(msg!("mkdocs-syntax.attributes.help"));
        from = close;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admonitions_are_recognised_by_marker_and_type() {
        assert_eq!(admonition("!!! note \"标题\""), Some(("!!!", "note")));
        assert_eq!(admonition("???+ warning"), Some(("???+", "warning")));
        assert_eq!(admonition("!!!danger"), Some(("!!!", "danger")));
        assert_eq!(admonition("!!! "), None);
        assert_eq!(admonition("这很重要!!!"), None);
        assert_eq!(alert_for("Danger"), "CAUTION");
    }
}
