use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
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
    summary_zh: "`control.require_approval` 中列出的类别缺少 `approval`，或审批信息没有日期、日期在未来",
    docs_zh: "\
## 作用
对 `handbook.yaml` 中 `control.require_approval` 列出的每个类别（如 `[sop, contingency]`），报告没有 `approval`（制定 / 审核 / 批准）的文档，以及没有 `approved` 日期的审批信息。草稿（`status: draft`）本来就尚未审批，跳过不查。对任何类别的文档，`approval.approved` 晚于今天的，报告为审批日期在未来。角色 id 是否存在由 `unknown-reference` 负责。

## 为什么重要
受控文件经批准后才生效（ISO 9001 §7.5.2 c）。网站上没有审批记录的 SOP 看起来具有约束力，其实没有人签批过；下个月的审批日期不是笔误，就是文件在签批前就发布了。

## 示例
```yaml
# handbook.yaml
control:
  require_approval: [sop, contingency]
# sops/refund.md：完全没有 approval，或者
approval:
  approved_by: ops-director
  approved: 2027-01-15      # 晚于今天
```

## 修复
记录签批：

```yaml
approval:
  drafted_by: cs-lead        # 制定
  reviewed_by: qa-specialist # 审核
  approved_by: ops-director  # 批准
  approved: 2026-03-01
```

或在审批通过前设为 `status: draft`。
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
                let message = msg!("missing-approval", doc.kind.noun(), &doc.id);
                out.at(doc, "/title", true, message)
                    .help(msg!("missing-approval.help", doc.kind.name()));
            }
            None => {}
            Some(approval) => match approval.approved {
                None if needed => {
                    out.at(doc, "/approval", true, msg!("missing-approval.no-date"))
                        .help(msg!("missing-approval.no-date.help"));
                }
                Some(date) if date > cx.today => {
                    let message = msg!("missing-approval.future", date, cx.today);
                    out.at(doc, "/approval/approved", false, message)
                        .help(msg!("missing-approval.future.help"));
                }
                _ => {}
            },
        }
    }
}
