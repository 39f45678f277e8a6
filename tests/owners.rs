//! `opsbook owners`: CODEOWNERS generated from document owners, and `--check` of the committed
//! file.

mod support;

use support::{Repo, copy_tree, fixture, opsbook, stderr, stdout};

/// A repository with the owners fixture as `handbook/`.
fn repo() -> Repo {
    let repo = Repo::new();
    copy_tree(&fixture("owners/handbook"), &repo.path().join("handbook"));
    repo.commit("handbook");
    repo
}

#[test]
fn each_document_maps_to_the_handles_of_its_owner_roles() {
    let repo = repo();
    let out = opsbook(repo.path(), &["owners"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn documents_whose_owners_have_no_handle_are_warned_about() {
    let repo = repo();
    let out = opsbook(repo.path(), &["owners"]);
    let warnings: Vec<String> = stderr(&out).lines().map(String::from).collect();
    assert_eq!(
        warnings,
        vec![
            "warning: `handbook/sops/shipping.md` gets no reviewer: its owners (warehouse) list no `@handle` in `members`"
        ]
    );
    assert!(!stdout(&out).contains("shipping.md"));
}

#[test]
fn check_passes_on_the_written_file_and_fails_once_members_change() {
    let repo = repo();
    let handbook = repo.path().join("handbook");
    // Written from inside the handbook, checked from the top: the file is the same one.
    let out = opsbook(&handbook, &["owners", "--out", "../.github/CODEOWNERS"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let check = opsbook(repo.path(), &["owners", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    let role = handbook.join("roles/ops-director.md");
    let text = std::fs::read_to_string(&role).unwrap();
    std::fs::write(&role, text.replace("\"@li-na\", ", "")).unwrap();
    let check = opsbook(repo.path(), &["owners", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("is out of date"),
        "{}",
        stderr(&check)
    );
    let diff = stdout(&check);
    assert!(
        diff.contains("-/handbook/sops/refund.md @wang-fang @zhao-lei @li-na @acme/ops-leads\n"),
        "{diff}"
    );
    assert!(diff.contains("+/handbook/sops/refund.md @wang-fang @zhao-lei @acme/ops-leads\n"));
}

#[test]
fn check_fails_when_the_file_is_missing_and_compares_with_out_when_given() {
    let repo = repo();
    let check = opsbook(repo.path(), &["owners", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("does not exist"),
        "{}",
        stderr(&check)
    );

    let generated = stdout(&opsbook(repo.path(), &["owners"]));
    std::fs::write(repo.path().join("CODEOWNERS"), generated).unwrap();
    let check = opsbook(repo.path(), &["owners", "--check", "--out", "CODEOWNERS"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn a_path_with_a_line_break_is_an_error_and_writes_no_line_of_its_own() {
    let repo = repo();
    // The file name ends one CODEOWNERS line and starts another that owns everything.
    let hostile = repo.path().join("handbook/sops/x\n* @attacker.md");
    std::fs::write(&hostile, "---\ntitle: x\nowners: [cs-lead]\n---\n\nx\n").unwrap();
    let out = opsbook(repo.path(), &["owners"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains("attacker"), "{text}");
    assert!(
        text.lines()
            .all(|l| l.starts_with("# ") || l.starts_with("/handbook/")),
        "{text}"
    );
    assert!(
        stderr(&out).contains(
            "error: `handbook/sops/x\\n* @attacker.md` is left out of CODEOWNERS: its path holds a control character"
        ),
        "{}",
        stderr(&out)
    );

    let written = opsbook(repo.path(), &["owners", "--out", "CODEOWNERS"]);
    assert_eq!(written.status.code(), Some(1));
    let file = std::fs::read_to_string(repo.path().join("CODEOWNERS")).unwrap();
    assert_eq!(file, text, "the written file leaves the path out too");
}

#[test]
fn owners_works_on_a_folder_outside_git_with_paths_from_the_handbook() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("handbook");
    copy_tree(&fixture("owners/handbook"), &root);
    let out = opsbook(&root, &["owners"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.lines().any(|l| l.starts_with("/sops/")), "{text}");
    assert!(!text.contains("handbook/"), "{text}");
    // --check looks for .github/CODEOWNERS in the handbook folder.
    let out = opsbook(&root, &["owners", "--out", ".github/CODEOWNERS"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = opsbook(&root, &["owners", "--check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
