use crate::lint::{Context, Findings, Rule};
use crate::model::{Document, Level, Status};

pub static RULE: Rule = Rule {
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
    check,
};

/// The pointer to the value that decides the due date.
pub fn due_pointer(doc: &Document) -> &'static str {
    match doc.meta.review.as_ref().map(|r| r.due.is_some()) {
        Some(true) => "/review/due",
        _ => "/review/last",
    }
}

fn check(cx: &Context, out: &mut Findings) {
    let every = &cx.handbook.config.review.every;
    for doc in &cx.handbook.documents {
        if doc.meta.status == Status::Retired {
            continue;
        }
        let Some(due) = doc.review_due(every) else {
            continue;
        };
        if due < cx.today {
            let days = due.days_until(cx.today);
            out.at(
                doc,
                due_pointer(doc),
                false,
                format!("review was due on {due}, {days} days ago"),
            )
            .help("review the document, then set `review.last` to the date of the review");
        }
    }
}
