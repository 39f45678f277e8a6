use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::model::{Level, ScheduleKind, ScheduleStatus};

pub(super) static RULE: Rule = Rule {
    name: "stale-review",
    default_level: Level::Error,
    summary: "the review due date is before today",
    docs: "\
## What it does
Computes each document's review due date (`review.due`, else `review.last + review.every`, else
`review.last +` the handbook's `review.every`) and reports documents whose due date has passed.
Retired documents are skipped.

## Why it matters
An overdue review means the procedure may no longer match how work is done, and an audit will
find it before you do.

## Example
```yaml
review:
  last: 2025-01-10
  every: 6 months    # due 2025-07-10
```

## Fix
Review the document with its owners, then set `review.last` to the date of that review.
",
    summary_zh: "复审到期日早于今天",
    docs_zh: "\
## 作用
计算每个文档的复审到期日（`review.due`；否则为 `review.last + review.every`；否则为 `review.last +` 手册的 `review.every`），报告到期日已过的文档。已废止的文档跳过。

## 为什么重要
复审逾期意味着流程可能已不符合实际做法，审核时一定会被查出来。

## 示例
```yaml
review:
  last: 2025-01-10
  every: 6 months    # 2025-07-10 到期
```

## 修复
与负责岗位一起复审文档，然后把 `review.last` 设为复审日期。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    for (doc, review, due) in super::schedules_at(cx, ScheduleKind::Review, ScheduleStatus::Overdue)
    {
        let message = msg!("stale-review", due, -review.days);
        out.at(doc, review.pointer, false, message)
            .help(msg!("stale-review.help"));
    }
}
