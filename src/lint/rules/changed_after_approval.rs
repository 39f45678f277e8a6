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
    summary_zh: "",
    docs_zh: "",
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
                latest.date.to_string(),
                one_line(&latest.subject)
            );
            let approved = approved.to_string();
            let message = match later.len() {
                1 => msg!("changed-after-approval.one", approved, commit),
                n => msg!("changed-after-approval.many", n, approved, commit),
            };
            out.at(doc, "/approval/approved", false, message)
                .help(help.clone());
        }
        if cx.today > approved && history.changed_since_head(&doc.path, &doc.text) {
            let message = msg!("changed-after-approval.uncommitted", approved.to_string());
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
