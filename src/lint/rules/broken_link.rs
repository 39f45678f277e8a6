use crate::lint::{Context, Findings, Made, Rule};
use crate::locale::{Message, msg};
use crate::markdown::{LinkTarget, is_relative, resolve_link};
use crate::model::{Document, Level, Link};
use crate::text::closest;

pub(super) static RULE: Rule = Rule {
    name: "broken-link",
    default_level: Level::Error,
    summary: "a relative Markdown link names a missing file or heading anchor",
    docs: "\
## What it does
Checks every relative link and image in document bodies: the file must exist in the handbook,
and a `#anchor` must match a heading of the target (GitHub's anchor rule: lower-case,
punctuation dropped, spaces become `-`, Chinese kept; `{#id}` attributes count). Links that climb
out of the handbook root are reported too, and so are links with no target at all (`[text]()`).
Links with a scheme (`https:`, `mailto:`, `<name@example.com>`) are not fetched.

## Why it matters
Links are how a reader gets from a workflow to the SOP that carries out a step. A broken one
strands them mid-procedure, on the site and on GitHub alike.

## Example
```markdown
见[升级规则](../contingency/system-outage.md#升级流程)   <!-- the heading is `## 升级规则` -->
```

## Fix
Correct the path or the anchor; the help names the closest heading.
",
    summary_zh: "相对 Markdown 链接指向不存在的文件或标题锚点",
    docs_zh: "\
## 作用
检查文档正文中的每个相对链接和图片：目标文件必须在手册中存在；`#锚点` 必须对应目标文档的某个标题（按 GitHub 的锚点规则：字母转小写，去掉标点，空格换成 `-`，中文保留；`{#id}` 属性也算）。跳出手册根目录的链接，以及没有目标的链接（`[文字]()`）也会报告。带协议的链接（`https:`、`mailto:`、`<name@example.com>`）不会去访问。

## 为什么重要
读者靠链接从工作流程跳到执行某一步的 SOP。链接失效，读者就卡在流程中间，网站和 GitHub 上都是如此。

## 示例
```markdown
见[升级规则](../contingency/system-outage.md#升级流程)   <!-- 标题其实是 `## 升级规则` -->
```

## 修复
改正路径或锚点；帮助信息会给出最接近的标题。
",
    check,
};

/// A finding at the link: its place in the body, or the front-matter field that holds it.
fn at_link<'a>(out: &'a mut Findings, doc: &Document, link: &Link, message: Message) -> Made<'a> {
    match &link.field {
        Some(pointer) => out.at(doc, pointer, false, message),
        None => out.at_span(doc, link.span.clone(), message),
    }
}

fn check(cx: &Context, out: &mut Findings) {
    let hb = cx.handbook;
    for doc in &hb.documents {
        for link in &doc.links {
            if link.dest.trim().is_empty() {
                at_link(out, doc, link, msg!("broken-link.empty"))
                    .help(msg!("broken-link.empty.help"));
                continue;
            }
            if !is_relative(&link.dest) {
                continue;
            }
            let (path, fragment) = match resolve_link(&doc.path, &link.dest) {
                LinkTarget::Outside => {
                    at_link(out, doc, link, msg!("broken-link.outside", &link.dest))
                        .help(msg!("broken-link.outside.help"));
                    continue;
                }
                LinkTarget::Inside { path, fragment } => (path, fragment),
            };
            let target = if path.is_empty() {
                Some(doc)
            } else {
                hb.document(&path)
            };
            let Some(target) = target else {
                let is_asset = hb.assets.binary_search(&path).is_ok();
                if !is_asset {
                    let mut f = at_link(out, doc, link, msg!("broken-link.missing", &path));
                    let all = hb
                        .documents
                        .iter()
                        .map(|d| d.path.as_str())
                        .chain(hb.assets.iter().map(String::as_str));
                    if let Some(best) = closest(&path, all) {
                        f.help(msg!("did-you-mean", best));
                    }
                }
                continue;
            };
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            if target.headings.iter().any(|h| h.anchor == fragment) {
                continue;
            }
            let mut f = at_link(
                out,
                doc,
                link,
                msg!("broken-link.anchor", &target.path, fragment.as_str()),
            );
            match closest(&fragment, target.headings.iter().map(|h| h.anchor.as_str())) {
                Some(best) => f.help(msg!("did-you-mean", format!("#{best}"))),
                None => f.help(msg!("broken-link.anchor.help")),
            };
        }
    }
}
