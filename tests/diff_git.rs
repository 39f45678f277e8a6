//! `opsbook diff` on real git repositories: revisions read without a checkout, the working
//! tree, two folders, and the errors when it cannot run.

mod support;

use support::{Repo, copy_tree, fixture, opsbook, stderr, stdout};

/// A repository whose `handbook/` is a fixture's old side in the first commit and its new side
/// in the second.
fn repo_with(case: &str) -> Repo {
    let repo = Repo::new();
    let handbook = repo.path().join("handbook");
    copy_tree(&fixture(&format!("diff/{case}/old")), &handbook);
    std::fs::write(repo.path().join("README.md"), "not part of the handbook\n").unwrap();
    repo.commit("old");
    copy_tree(&fixture(&format!("diff/{case}/new")), &handbook);
    repo.commit("new");
    repo
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(out)).expect("JSON on stdout")
}

#[test]
fn two_revisions_are_diffed_without_a_checkout() {
    let repo = repo_with("step-reworded-zh");
    let out = opsbook(repo.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = &json(&out)["documents"];
    assert_eq!(docs.as_array().unwrap().len(), 1);
    assert_eq!(docs[0]["path"], "sops/refund.md");
    assert_eq!(docs[0]["steps"][0]["change"], "reworded");
    assert_eq!(
        docs[0]["steps"][0]["after"],
        "按退款金额判断审批级别和审批人"
    );
    // Nothing was checked out: the working tree still holds the new side.
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn the_markdown_links_files_from_the_repository_top() {
    let repo = repo_with("owners-changed");
    let out = opsbook(repo.path(), &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    // The handbook is in Chinese (`language: zh-CN`), and so is the comment.
    assert!(text.contains("## 📖 手册变更：`HEAD~1` → `HEAD`"), "{text}");
    assert!(text.contains("[`handbook/sops/refund.md`](handbook/sops/refund.md)"));
    assert!(text.contains("负责岗位 `cs-lead` 被移除"), "{text}");
    // `--lang en` (or OPSBOOK_LANG) says it in English; the JSON's words are English anyway.
    let out = opsbook(repo.path(), &["diff", "HEAD~1", "HEAD", "--lang", "en"]);
    let text = stdout(&out);
    assert!(
        text.contains("## 📖 Handbook changes: `HEAD~1` → `HEAD`"),
        "{text}"
    );
    assert!(text.contains("owner `cs-lead` removed"));
    let out = opsbook(repo.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(
        json(&out)["documents"][0]["flags"][0]["message"],
        "owner `cs-lead` removed"
    );

    let base = "https://github.com/o/r/blob/abc/";
    let out = opsbook(repo.path(), &["diff", "HEAD~1", "--link-base", base]);
    assert!(stdout(&out).contains(
        "[`handbook/sops/refund.md`](https://github.com/o/r/blob/abc/handbook/sops/refund.md)"
    ));
}

#[test]
fn head_defaults_to_the_working_tree() {
    let repo = repo_with("step-moved");
    let refund = repo.path().join("handbook/sops/refund.md");
    let text = std::fs::read_to_string(&refund).unwrap();
    std::fs::write(
        &refund,
        text.replace("owners: [cs-lead]", "owners: [cs-lead, ops-director]"),
    )
    .unwrap();
    // A new file with a space and Chinese in its name, not yet committed.
    let exchange = repo.path().join("handbook/sops/换货 处理.md");
    std::fs::write(&exchange, "---\ntitle: 换货\n---\n\n换货。\n").unwrap();

    let out = opsbook(repo.path(), &["diff", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = json(&out)["documents"].clone();
    assert_eq!(docs[0]["change"], "modified");
    assert_eq!(
        docs[0]["fields"][0]["added"],
        serde_json::json!(["ops-director"])
    );
    assert_eq!(docs[1]["change"], "added");
    assert_eq!(docs[1]["path"], "sops/换货 处理.md");

    // Committed with that name, git's side reads it too.
    repo.commit("exchange");
    let out = opsbook(repo.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(json(&out)["documents"][1]["path"], "sops/换货 处理.md");
}

#[test]
fn the_handbook_is_found_from_a_subfolder_or_given_with_root() {
    let repo = repo_with("review-moved-back");
    let sops = repo.path().join("handbook/sops");
    let from_inside = opsbook(&sops, &["diff", "HEAD~1", "--format", "json"]);
    assert_eq!(
        from_inside.status.code(),
        Some(0),
        "{}",
        stderr(&from_inside)
    );
    let given = opsbook(
        repo.path(),
        &["diff", "HEAD~1", "--root", "handbook", "--format", "json"],
    );
    assert_eq!(json(&from_inside), json(&given));
    assert_eq!(
        json(&given)["documents"][0]["flags"][0]["flag"],
        "review-moved-back"
    );
}

#[test]
fn two_folders_are_diffed_without_git() {
    let dir = fixture("diff/renamed");
    let out = opsbook(&dir, &["diff", "old", "new", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["documents"][0]["change"], "renamed");
}

#[test]
fn an_unknown_revision_exits_2_with_a_clear_message() {
    let repo = repo_with("added");
    let out = opsbook(repo.path(), &["diff", "no-such-branch"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(err.contains("unknown revision `no-such-branch`"), "{err}");
    assert!(
        err.contains("fetch-depth: 0"),
        "the help says how to fix it: {err}"
    );
}

#[test]
fn outside_a_git_repository_exits_2_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("diff/added/old"), &dir.path().join("handbook"));
    let out = opsbook(dir.path(), &["diff", "main"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("is not inside a git repository"), "{err}");
    assert!(err.contains("OLD_DIR NEW_DIR"), "{err}");
}

#[test]
fn a_revision_without_the_handbook_exits_2_and_says_so() {
    let repo = Repo::new();
    std::fs::write(repo.path().join("README.md"), "before the handbook\n").unwrap();
    repo.commit("start");
    copy_tree(&fixture("diff/added/new"), &repo.path().join("handbook"));
    let out = opsbook(repo.path(), &["diff", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("no `handbook/handbook.yaml` at revision `HEAD`"),
        "{err}"
    );
}

#[test]
fn assets_are_listed_but_never_read_from_git() {
    let repo = repo_with("step-reworded-zh");
    let asset = repo.path().join("handbook/sops/training.mp4");
    std::fs::write(&asset, vec![7u8; 4 * 1024 * 1024]).unwrap();
    repo.commit("a large asset");
    // Delete the asset's blob from the object store: reading it would fail the diff.
    let oid = repo.git(&["rev-parse", "HEAD:handbook/sops/training.mp4"]);
    let oid = oid.trim();
    std::fs::remove_file(
        repo.path()
            .join(".git/objects")
            .join(&oid[..2])
            .join(&oid[2..]),
    )
    .unwrap();
    let out = opsbook(repo.path(), &["diff", "HEAD~2", "HEAD", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = &json(&out)["documents"];
    assert_eq!(docs.as_array().unwrap().len(), 1);
    assert_eq!(docs[0]["steps"][0]["change"], "reworded");
}
