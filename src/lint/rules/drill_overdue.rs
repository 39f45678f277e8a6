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
    summary_zh: "",
    docs_zh: "",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    for (doc, drill, due) in super::schedules_at(cx, ScheduleKind::Drill, ScheduleStatus::Overdue) {
        let message = msg!("drill-overdue", due.to_string(), -drill.days);
        out.at(doc, drill.pointer, false, message)
            .help(msg!("drill-overdue.help"));
    }
}
