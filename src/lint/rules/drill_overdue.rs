use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::model::{Level, ScheduleKind, ScheduleStatus};

pub(super) static RULE: Rule = Rule {
    name: "drill-overdue",
    default_level: Level::Warning,
    summary: "a contingency plan's drill is past due",
    docs: "\
## What it does
For contingency plans with a `drill: {last, every}`, reports when `last + every` (or `last +` the
handbook's `review.every`) is before today.

## Why it matters
A contingency plan that has not been rehearsed fails on the day it is needed: phone numbers
change, responders leave, tools move.

## Example
```yaml
kind: contingency
drill: {last: 2025-03-01, every: 6 months}
```

## Fix
Run the drill, then set `drill.last` to its date.
",
    summary_zh: "应急预案的演练已逾期",
    docs_zh: "\
## 作用
对写有 `drill: {last, every}` 的应急预案，当 `last + every`（或 `last +` 手册的 `review.every`）早于今天时报告。

## 为什么重要
没有演练过的应急预案，到真正用时就会失灵：电话号码变了，响应人员离职了，工具也换了地方。

## 示例
```yaml
kind: contingency
drill: {last: 2025-03-01, every: 6 months}
```

## 修复
组织演练，然后把 `drill.last` 设为演练日期。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    for (doc, drill, due) in super::schedules_at(cx, ScheduleKind::Drill, ScheduleStatus::Overdue) {
        let message = msg!("drill-overdue", due, -drill.days);
        out.at(doc, drill.pointer, false, message)
            .help(msg!("drill-overdue.help"));
    }
}
