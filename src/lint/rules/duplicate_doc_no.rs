use std::collections::BTreeMap;

use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::model::Level;
use crate::text::PLACEHOLDER;

pub(super) static RULE: Rule = Rule {
    name: "duplicate-doc-no",
    default_level: Level::Error,
    summary: "two documents share a `doc_no`",
    docs: "\
## What it does
Reports a document whose `doc_no` (文件编号) another document already has, whatever the kinds
of the two (an SOP and a contingency plan may not share a number either). Numbers are compared
as written, ignoring surrounding spaces and ASCII letter case (`ops-sop-001` is `OPS-SOP-001`).
The first document in path order keeps the number; each later one is reported, and the help
names the first. Retired documents count: a number is never reused.

## Why it matters
A document number identifies one controlled document on printed copies, in audits and in
records that cite it (\"按 OPS-SOP-003 执行\"). Two documents with one number make every such
citation ambiguous.

## Example
```yaml
# sops/refund.md
doc_no: OPS-SOP-003
# contingency/system-outage.md
doc_no: OPS-SOP-003    # copied from the SOP
```

## Fix
Give the later document a number of its own. A new version of a document that keeps its file
keeps its number; a successor in a new file (the old one `status: retired` with
`superseded_by`) gets a new number.
",
    summary_zh: "两个文档使用同一个 `doc_no`",
    docs_zh: "\
## 作用
当一个文档的 `doc_no`（文件编号）已被另一个文档使用时报告，无论两者是什么类别（SOP 和应急预案也不能共用编号）。编号按书写比较，忽略首尾空格和英文字母大小写（`ops-sop-001` 即 `OPS-SOP-001`）。按路径排序的第一个文档保留编号，之后的每个都会报告，帮助信息会指出第一个。已废止的文档也算：编号永不复用。

## 为什么重要
文件编号在打印件、审核和引用它的记录中（“按 OPS-SOP-003 执行”）唯一标识一份受控文件。两个文档共用一个编号，所有这样的引用都会产生歧义。

## 示例
```yaml
# sops/refund.md
doc_no: OPS-SOP-003
# contingency/system-outage.md
doc_no: OPS-SOP-003    # 从 SOP 复制过来的
```

## 修复
给后一个文档另编一个号。沿用原文件的新版本保留原编号；放在新文件中的后继文件（旧文件设 `status: retired` 和 `superseded_by`）使用新编号。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    let mut first: BTreeMap<String, &str> = BTreeMap::new();
    for doc in &cx.handbook.documents {
        let Some(doc_no) = doc.meta.doc_no.as_deref().map(str::trim) else {
            continue;
        };
        // Empty numbers are nobody's number; `opsbook new` placeholders are `placeholder`'s.
        if doc_no.is_empty() || doc_no.starts_with(PLACEHOLDER) {
            continue;
        }
        match first.get(&doc_no.to_ascii_lowercase()) {
            None => {
                first.insert(doc_no.to_ascii_lowercase(), doc.path.as_str());
            }
            Some(other) => {
                out.at(doc, "/doc_no", false, msg!("duplicate-doc-no", doc_no))
                    .help(msg!("duplicate-doc-no.help", *other));
            }
        }
    }
}
