use crate::lint::{Context, Findings, Rule};
use crate::model::{Level, ScheduleStatus, Status};

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
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    let defaults = &cx.handbook.config.review;
    for doc in &cx.handbook.documents {
        if doc.meta.status == Status::Retired {
            continue;
        }
        let Some(review) = doc.review_schedule(defaults, cx.today) else {
            continue;
        };
        if let (ScheduleStatus::DueSoon, Some(due)) = (review.status, review.due) {
            let days = review.days;
            out.at(
                doc,
                review.pointer,
                false,
                format!("review is due on {due}, in {days} days"),
            )
            .help("schedule the review with the document's owners");
        }
    }
}
