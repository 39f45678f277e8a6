use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::markdown::{MAX_HTML_DEPTH, too_deep_html};
use crate::model::{HtmlMode, Level};

pub(super) static RULE: Rule = Rule {
    name: "deep-html",
    default_level: Level::Warning,
    summary: "a body's HTML (its Markdown and raw HTML together) nests more than 64 elements deep",
    docs: "\
## What it does
Follows the elements a document body (or a step's `details`, a FAQ answer) opens and closes, those
of its Markdown (quotes, lists, emphasis) and of its raw HTML alike, and reports where the 65th
level opens. Only with `html: sanitize`, the default.

## Why it matters
Cleaning HTML costs time in proportion to its depth for every tag, so a pile of nested elements
could stall `build` for minutes. Past 64 levels the site does not clean that text: it shows its
raw HTML as text and drops links with a scheme other than `http`, `https`, `mailto` and `tel`. No
handbook layout needs that many levels, so it is a mistake or an attack.

## Example
```markdown
<div><div><div><div> … 65 levels … </div></div></div></div>
```

## Fix
Flatten the nesting; write tables and lists in Markdown rather than nested HTML.
",
    summary_zh: "正文的 HTML（Markdown 与原始 HTML 合计）嵌套超过 64 层",
    docs_zh: "\
## 作用
跟踪文档正文（以及步骤的 `details`、常见问题的答案）打开和关闭的元素，Markdown 产生的（引用、列表、强调）和原始 HTML 一并计算，在第 65 层打开处报告。仅在 `html: sanitize`（默认）时检查。

## 为什么重要
清理 HTML 的耗时与每个标签的嵌套深度成正比，一堆层层嵌套的元素可能让 `build` 卡上几分钟。超过 64 层时，网站不再清理这段文本：把其中的原始 HTML 当作文本显示，并去掉 `http`、`https`、`mailto`、`tel` 以外协议的链接。手册排版用不到这么多层，出现了不是失误就是攻击。

## 示例
```markdown
<div><div><div><div> … 65 层 … </div></div></div></div>
```

## 修复
减少嵌套；表格和列表用 Markdown 写，不要用嵌套的 HTML。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    if cx.handbook.config.html != HtmlMode::Sanitize {
        return;
    }
    let message = msg!("deep-html", MAX_HTML_DEPTH);
    let help = msg!("deep-html.help");
    for doc in &cx.handbook.documents {
        let start = doc.layout.body_start.min(doc.text.len());
        if let Some(at) = too_deep_html(doc.body()) {
            out.at_span(doc, start + at.start..start + at.end, message.clone())
                .help(help.clone());
        }
        for (pointer, text) in doc.data.markdown_fields() {
            if too_deep_html(text).is_some() {
                out.at(doc, &pointer, false, message.clone())
                    .help(help.clone());
            }
        }
    }
}
