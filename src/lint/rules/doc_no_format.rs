use regex::Regex;

use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::model::Level;
use crate::text::PLACEHOLDER;

pub(super) static RULE: Rule = Rule {
    name: "doc-no-format",
    default_level: Level::Error,
    summary: "a `doc_no` does not match `control.doc_no_pattern`",
    docs: "\
## What it does
When `handbook.yaml` sets `control.doc_no_pattern` (a regular expression), reports every
`doc_no` that does not match it; the help shows the pattern. The pattern matches anywhere in the
number unless it is anchored with `^…$`. Without a pattern any number is accepted. An invalid
pattern is a `schema` finding on `handbook.yaml`, and then no number is checked.

## Why it matters
A numbering scheme (prefix, document type, sequence) lets readers tell an SOP from a
contingency plan by its number and keeps numbers sortable; a number typed `OPS-SOP-1` or
`OPS_SOP_001` breaks both, and audits flag it.

## Example
```yaml
# handbook.yaml
control:
  doc_no_pattern: '^OPS-(SOP|CP)-\\d{3}$'
# sops/refund.md
doc_no: OPS-SOP-3      # three digits expected: OPS-SOP-003
```

## Fix
Write the number in the scheme's form, or change the pattern if the scheme changed. Quote the
pattern with single quotes in YAML so that `\\d` stays as written.
",
    summary_zh: "`doc_no` 不符合 `control.doc_no_pattern`",
    docs_zh: "\
## 作用
`handbook.yaml` 设置了 `control.doc_no_pattern`（正则表达式）时，报告每个不匹配的 `doc_no`；帮助信息会给出该格式。除非用 `^…$` 锚定，格式可以匹配编号的任意部分。没有设置格式时，任何编号都接受。格式本身无效时，会在 `handbook.yaml` 上报告 `schema` 问题，此时不检查任何编号。

## 为什么重要
编号规则（前缀、文件类型、流水号）让读者从编号就能分辨 SOP 和应急预案，也让编号可以排序；写成 `OPS-SOP-1` 或 `OPS_SOP_001` 的编号两者都做不到，审核时也会被指出。

## 示例
```yaml
# handbook.yaml
control:
  doc_no_pattern: '^OPS-(SOP|CP)-\\d{3}$'
# sops/refund.md
doc_no: OPS-SOP-3      # 应为三位数字：OPS-SOP-003
```

## 修复
按规则的格式写编号；如果规则变了，就修改格式。在 YAML 中用单引号括住格式，`\\d` 才能保持原样。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    let Some(pattern) = &cx.handbook.config.control.doc_no_pattern else {
        return;
    };
    // An invalid pattern is reported by `schema` when handbook.yaml is read.
    let Ok(regex) = Regex::new(pattern) else {
        return;
    };
    for doc in &cx.handbook.documents {
        let Some(doc_no) = doc.meta.doc_no.as_deref() else {
            continue;
        };
        if doc_no.trim_start().starts_with(PLACEHOLDER) || regex.is_match(doc_no) {
            continue;
        }
        out.at(doc, "/doc_no", false, msg!("doc-no-format", doc_no))
            .help(msg!("doc-no-format.help", pattern));
    }
}
