use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::model::{Level, ScheduleKind, ScheduleStatus};

pub(super) static RULE: Rule = Rule {
    name: "review-due-soon",
    default_level: Level::Warning,
    summary: "due within `review.warn_within`",
    docs: "\
## What it does
Warns about documents whose review falls due within the handbook's `review.warn_within`
(default 30 days), so reviews can be planned before they become `stale-review` errors.

## Why it matters
A review is a meeting with the owners; it needs to be scheduled, not discovered on the day CI
turns red.

## Example
```yaml
# handbook.yaml: review: {warn_within: 30 days}; today 2026-11-23
review: {last: 2025-12-01, every: 12 months}   # due 2026-12-01
```

## Fix
Schedule the review. To silence the warning for the whole handbook set
`rules: {review-due-soon: off}` in `handbook.yaml`.
",
    summary_zh: "将在 `review.warn_within` 内到期",
    docs_zh: "\
## 作用
当文档的复审将在手册的 `review.warn_within`（默认 30 天）内到期时发出警告，以便在变成 `stale-review` 错误之前安排复审。

## 为什么重要
复审要和负责岗位开会，需要提前安排，而不是等到 CI 变红那天才发现。

## 示例
```yaml
# handbook.yaml：review: {warn_within: 30 days}；今天是 2026-11-23
review: {last: 2025-12-01, every: 12 months}   # 2026-12-01 到期
```

## 修复
安排复审。要对整本手册关闭这条警告，在 `handbook.yaml` 中设置 `rules: {review-due-soon: off}`。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    for (doc, review, due) in super::schedules_at(cx, ScheduleKind::Review, ScheduleStatus::DueSoon)
    {
        let message = msg!("review-due-soon", due, review.days);
        out.at(doc, review.pointer, false, message)
            .help(msg!("review-due-soon.help"));
    }
}
