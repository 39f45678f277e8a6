use crate::history::{Change, Revision};
use crate::lint::{Context, Findings, Rule};
use crate::locale::msg;
use crate::model::{Level, Status};

pub(super) static RULE: Rule = Rule {
    name: "changed-after-approval",
    default_level: Level::Warning,
    summary: "git history shows a commit that changed the document's content (front matter other than `review`, or body) dated after `approval.approved`",
    docs: "\
## What it does
In a git work tree, looks at the commits that changed each approved document (following
renames) and reports the document when a commit dated after `approval.approved` changed its
content: its body, or any front matter other than the `review` block. A commit that only
records a periodic review (`opsbook review`, which changes nothing but `review`) or only moves
the file does not count, nor does a commit on the approval day itself. The commit that records
the sign-off (adds or changes the `approval` block, or adds the file with one) and the commits
before it are what was approved: merging an approved change a few days after its approval, or
bringing approved documents into git for the first time, is no change after approval. Uncommitted changes to
the content count as a change made today. Commit dates are compared, as git records them.
Retired documents are skipped. Outside git, or with `--no-git`, the rule reports nothing; in a
shallow clone it sees only the commits fetched.

## Why it matters
An approval (批准) covers the text that was approved. A procedure edited after its sign-off
is in force without anyone having approved what it now says (ISO 9001 §7.5.2 c, §7.5.3.2 c:
changes are controlled), and its page still shows the old approval date.

## Example
```yaml
# sops/refund.md
version: \"1.1\"
approval:
  approved_by: ops-director
  approved: 2026-01-10
# …and `git log` shows: a1b2c3d 2026-02-10 \"Refund: add a step\"
```

## Fix
Have the change approved, then record it: set `approval.approved` to the date of the new
approval (and raise `version`). If the change should not have been made, revert it.
",
    summary_zh: "git 历史显示，有提交在 `approval.approved` 之后修改了文档内容（`review` 之外的前置元数据或正文）",
    docs_zh: "\
## 作用
在 git 工作区中，查看修改过每个已审批文档的提交（跟踪重命名）；如果有日期晚于 `approval.approved` 的提交修改了文档内容（正文，或 `review` 块以外的前置元数据），就报告该文档。只记录定期复审的提交（`opsbook review`，只改 `review`）或只移动文件的提交不算，审批当天的提交也不算。记录签批的提交（新增或修改 `approval` 块，或新增带该块的文件）及其之前的提交就是审批过的内容：审批几天后才合并的已审批修改、首次把已审批文档纳入 git，都不算审批后的修改。尚未提交的内容修改按今天的修改计。比较的是 git 记录的提交日期。已废止的文档跳过。不在 git 中或使用 `--no-git` 时，本规则不报告任何内容；在浅克隆中只能看到已拉取的提交。

## 为什么重要
批准针对的是当时审批的文本。签批后又被修改的流程，现行内容无人批准（ISO 9001 §7.5.2 c、§7.5.3.2 c：更改须受控），页面上却仍显示旧的批准日期。

## 示例
```yaml
# sops/refund.md
version: \"1.1\"
approval:
  approved_by: ops-director
  approved: 2026-01-10
# ……而 `git log` 显示：a1b2c3d 2026-02-10 \"Refund: add a step\"
```

## 修复
先让这次修改通过审批，再记录下来：把 `approval.approved` 改为新的审批日期（并提高 `version`）。如果这次修改本不该做，就撤销它。
",
    check,
};

fn check(cx: &Context, out: &mut Findings) {
    let Some(history) = cx.history else { return };
    for doc in &cx.handbook.documents {
        if doc.meta.status == Status::Retired {
            continue;
        }
        let Some(approved) = doc.meta.approval.as_ref().and_then(|a| a.approved) else {
            continue;
        };
        // Newest first, down to the commit that recorded the sign-off: what it brought in,
        // and everything before, is what was approved.
        let later: Vec<&Revision> = history
            .revisions(&doc.path)
            .iter()
            .take_while(|r| r.records_approval != Some(true))
            .filter(|r| r.date > approved && r.change == Some(Change::Content))
            .collect();
        let help = msg!("changed-after-approval.help");
        if let Some(latest) = later.first() {
            let commit = msg!(
                "changed-after-approval.commit",
                &latest.short_hash,
                latest.date,
                one_line(&latest.subject)
            );
            let message = match later.len() {
                1 => msg!("changed-after-approval.one", approved, commit),
                n => msg!("changed-after-approval.many", n, approved, commit),
            };
            out.at(doc, "/approval/approved", false, message)
                .help(help.clone());
        }
        if cx.today > approved && history.changed_since_head(&doc.path, &doc.text) {
            let message = msg!("changed-after-approval.uncommitted", approved);
            out.at(doc, "/approval/approved", false, message).help(help);
        }
    }
}

/// A commit subject fit for one line of a terminal: control characters (an escape sequence
/// in a commit message) become spaces, and a long one is cut.
fn one_line(subject: &str) -> String {
    const MAX: usize = 72;
    let clean: String = subject
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match clean.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &clean[..at]),
        None => clean,
    }
}
