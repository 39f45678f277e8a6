use crate::lint::{Context, Findings, Rule};
use crate::model::{Level, LoadIssue, Status};

pub(super) static RULE: Rule = Rule {
    name: "missing-approval",
    default_level: Level::Error,
    summary: "a kind listed in `control.require_approval` has no `approval`, or an approval has no date or one in the future",
    docs: "\
## What it does
For every kind listed in `control.require_approval` in `handbook.yaml` (e.g. `[sop,
contingency]`), reports documents without an `approval` (制定 / 审核 / 批准), and approvals
without an `approved` date. Drafts (`status: draft`) are not approved yet by definition and are
skipped. For every document of any kind, an `approval.approved` date after today is reported as
approved in the future. Whether the role ids exist is `unknown-reference`'s business.

## Why it matters
A controlled document takes effect only once approved (ISO 9001 §7.5.2 c). An SOP on the site
without a recorded approval looks binding while nobody signed it off; an approval dated next
month is a typo or a document published before its sign-off.

## Example
```yaml
# handbook.yaml
control:
  require_approval: [sop, contingency]
# sops/refund.md: no approval at all, or
approval:
  approved_by: ops-director
  approved: 2027-01-15      # after today
```

## Fix
Record the sign-off:

```yaml
approval:
  drafted_by: cs-lead        # 制定
  reviewed_by: qa-specialist # 审核
  approved_by: ops-director  # 批准
  approved: 2026-03-01
```

or set `status: draft` until it is approved.
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    let required = &cx.handbook.config.control.require_approval;
    for doc in &cx.handbook.documents {
        // A value that breaks the schema was dropped and is reported there; one finding is enough.
        let mistyped = doc.issues.iter().any(
            |i| matches!(i, LoadIssue::Schema { pointer, .. } if pointer.starts_with("/approval")),
        );
        if !doc.front_ok || mistyped {
            continue;
        }
        let needed = required.contains(&doc.kind) && doc.meta.status != Status::Draft;
        match &doc.meta.approval {
            None if needed => {
                let message = format!("{} `{}` has no approval", doc.kind, doc.id);
                out.at(doc, "/title", true, message).help(format!(
                    "`control.require_approval` lists `{}`: add `approval: {{drafted_by, reviewed_by, approved_by, approved}}`, or set `status: draft` until it is approved",
                    doc.kind
                ));
            }
            None => {}
            Some(approval) => match approval.approved {
                None if needed => {
                    out.at(doc, "/approval", true, "approval has no `approved` date")
                        .help("add `approved: YYYY-MM-DD`, the date it was signed off");
                }
                Some(date) if date > cx.today => {
                    let message = format!(
                        "approved in the future: {date} is after today ({})",
                        cx.today
                    );
                    out.at(doc, "/approval/approved", false, message)
                        .help("write the date the approval was given; a document is approved only once signed off");
                }
                _ => {}
            },
        }
    }
}
