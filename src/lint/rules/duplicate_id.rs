use std::collections::BTreeMap;

use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::model::Level;

pub(super) static RULE: Rule = Rule {
    name: "duplicate-id",
    default_level: Level::Error,
    summary: "two documents of one kind share an id",
    docs: "\
## What it does
Reports documents whose id (front-matter `id`, else the file stem) is already used by another
document of the same kind. Ids of different kinds may repeat (`role:qa` and `kpi:qa`).

## Why it matters
References such as `owners: [cs-lead]` or `sop: refund` must name exactly one document.

## Example
```text
sops/refund.md                  # id refund
sops/customer-service/refund.md # id refund too
```

## Fix
Rename one file or give it an explicit `id:`.
",
    summary_zh: "同一类别的两个文档使用同一个 id",
    docs_zh: "\
## 作用
当一个文档的 id（前置元数据中的 `id`，否则为文件名）已被同类别的另一个文档使用时报告。不同类别的 id 可以重复（`role:qa` 和 `kpi:qa`）。

## 为什么重要
`owners: [cs-lead]`、`sop: refund` 这样的引用必须只指向一个文档。

## 示例
```text
sops/refund.md                  # id 为 refund
sops/customer-service/refund.md # id 也是 refund
```

## 修复
重命名其中一个文件，或为它写明 `id:`。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    let mut first = BTreeMap::new();
    for doc in &cx.handbook.documents {
        match first.get(&(doc.kind, doc.id.as_str())) {
            None => {
                first.insert((doc.kind, doc.id.as_str()), doc.path.as_str());
            }
            Some(other) => {
                let message = msg!("duplicate-id", doc.kind.noun(), &doc.id, *other);
                out.at(doc, "/id", true, message)
                    .help(msg!("duplicate-id.help"));
            }
        }
    }
}
