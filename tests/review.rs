//! `opsbook review`: recording a review changes only `review.last` (and `review.by`), `check`
//! sees the new date, and what cannot be edited safely is refused with exit 2.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{copy_tree, opsbook, stderr, stdout};

const TRIAGE: &str = "sops/incident-triage.md";

/// A copy of the example handbook in a temporary folder.
fn handbook() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hb");
    copy_tree(&support::fixture("../../handbook"), &root);
    (dir, root)
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

fn stale_files(root: &Path, today: &str) -> Vec<String> {
    let out = opsbook(root, &["check", "--today", today, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "stale-review")
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_review_changes_only_the_date_and_check_sees_it() {
    let (_dir, root) = handbook();
    let before = read(&root, TRIAGE);
    assert!(stale_files(&root, "2027-03-01").contains(&TRIAGE.to_string()));

    let out = opsbook(&root, &["review", TRIAGE, "--date", "2027-02-20"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "sops/incident-triage.md: review.last 2026-08-01 → 2027-02-20\n"
    );
    assert_eq!(
        read(&root, TRIAGE),
        before.replacen("  last: 2026-08-01\n", "  last: 2027-02-20\n", 1)
    );
    assert!(!stale_files(&root, "2027-03-01").contains(&TRIAGE.to_string()));

    let again = opsbook(&root, &["review", TRIAGE, "--date", "2027-02-20"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stdout(&again).contains("nothing changed"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn the_date_defaults_to_opsbook_today_and_kind_id_names_a_document() {
    let (_dir, root) = handbook();
    let run = |dir: &Path, args: &[&str]| -> Output {
        Command::new(env!("CARGO_BIN_EXE_opsbook"))
            .current_dir(dir)
            .env("OPSBOOK_TODAY", "2026-11-28")
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(
        &root,
        &["review", "sop:incident-triage", "--by", "ops-director"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "sops/incident-triage.md: review.last 2026-08-01 → 2026-11-28, review.by it-oncall → ops-director\n"
    );
    assert!(
        read(&root, TRIAGE).contains("  last: 2026-11-28\n  every: 6 months\n  by: ops-director\n")
    );

    // A path from a subfolder, and a Chinese file name as kind:id from outside with --root.
    let sub = run(
        &root.join("sops"),
        &["review", "incident-triage.md", "--date", "2026-11-29"],
    );
    assert_eq!(sub.status.code(), Some(0), "{}", stderr(&sub));
    assert!(
        stdout(&sub).starts_with("sops/incident-triage.md: review.last 2026-11-28 → 2026-11-29")
    );
    let root_arg = root.to_str().unwrap();
    let zh = run(
        root.parent().unwrap(),
        &["review", "sop:退款审核", "--root", root_arg],
    );
    assert_eq!(zh.status.code(), Some(0), "{}", stderr(&zh));
    assert!(stdout(&zh).starts_with("sops/customer-service/退款审核.md: review.last "));
    assert!(read(&root, "sops/customer-service/退款审核.md").contains("last: 2026-11-28"));
}

#[test]
fn unknown_documents_and_roles_exit_2_with_a_suggestion() {
    let (_dir, root) = handbook();
    let before = read(&root, TRIAGE);
    let cases: [(&[&str], &str); 4] = [
        (
            &["review", "sop:incident-triag"],
            "did you mean `sop:incident-triage`?",
        ),
        (
            &["review", "sops/incident-triag.md"],
            "did you mean `sops/incident-triage.md`?",
        ),
        (
            &["review", TRIAGE, "--by", "it-oncal"],
            "did you mean `it-oncall`?",
        ),
        (
            &["review", "handbook.yaml"],
            "is not a document of the handbook",
        ),
    ];
    for (args, expected) in cases {
        let out = opsbook(&root, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty());
    }
    assert_eq!(read(&root, TRIAGE), before);
}

#[test]
fn an_earlier_date_is_refused_unless_allowed() {
    let (_dir, root) = handbook();
    let before = read(&root, TRIAGE);
    let out = opsbook(&root, &["review", TRIAGE, "--date", "2026-07-31"]);
    assert_eq!(out.status.code(), Some(2));
    // miette wraps the message; the words are what matter.
    let err = stderr(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        err.contains("2026-07-31 is before the last recorded review, │ 2026-08-01")
            || err.contains("2026-07-31 is before the last recorded review, 2026-08-01"),
        "{err}"
    );
    assert!(stderr(&out).contains("--allow-earlier"));
    assert_eq!(read(&root, TRIAGE), before);
    let allowed = opsbook(
        &root,
        &["review", TRIAGE, "--date", "2026-07-31", "--allow-earlier"],
    );
    assert_eq!(allowed.status.code(), Some(0), "{}", stderr(&allowed));
    assert!(read(&root, TRIAGE).contains("  last: 2026-07-31\n"));
}

#[test]
fn front_matter_that_does_not_parse_is_refused_with_the_check_finding() {
    let (_dir, root) = handbook();
    let broken = "---\ntitle: 坏\nowners: [cs-lead\n---\nbody\n";
    std::fs::write(root.join("sops/broken.md"), broken).unwrap();
    let bad_last = "---\ntitle: 坏\nowners: [cs-lead]\nreview:\n  last: soon\n---\nbody\n";
    std::fs::write(root.join("sops/bad-last.md"), bad_last).unwrap();

    let out = opsbook(&root, &["review", "sops/broken.md", "--date", "2026-11-28"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("invalid-front-matter"), "{err}");
    assert!(err.contains("[sops/broken.md:4:1]"), "{err}");
    assert!(
        err.contains("cannot record a review of `sops/broken.md`"),
        "{err}"
    );
    assert_eq!(read(&root, "sops/broken.md"), broken);

    let out = opsbook(&root, &["review", "sop:bad-last", "--date", "2026-11-28"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("schema"), "{err}");
    assert!(err.contains("`soon` is not a date"), "{err}");
    assert_eq!(read(&root, "sops/bad-last.md"), bad_last);
}

#[test]
fn a_note_prints_a_commit_line_quoted_for_the_shell_and_runs_no_git() {
    let (_dir, root) = handbook();
    let note = "checked with O'Brien; $(rm -rf ~)";
    let out = opsbook(
        &root,
        &["review", TRIAGE, "--date", "2026-11-28", "--note", note],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "sops/incident-triage.md: review.last 2026-08-01 → 2026-11-28\n\
         git commit -m 'review: sops/incident-triage.md — checked with O'\\''Brien; $(rm -rf ~)' -- sops/incident-triage.md\n"
    );
    assert!(!root.join(".git").exists());

    // The path is the one to give git from the current folder.
    let out = opsbook(
        &root.join("sops/customer-service"),
        &[
            "review",
            "退款审核.md",
            "--date",
            "2026-11-28",
            "--note",
            "ok",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with(
            "git commit -m 'review: sops/customer-service/退款审核.md — ok' -- '退款审核.md'\n"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn crlf_bom_and_permissions_are_kept() {
    let (_dir, root) = handbook();
    let file = root.join(TRIAGE);
    let crlf = format!("\u{feff}{}", read(&root, TRIAGE).replace('\n', "\r\n"));
    std::fs::write(&file, &crlf).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let out = opsbook(
        &root,
        &[
            "review",
            TRIAGE,
            "--date",
            "2026-11-28",
            "--by",
            "qa-specialist",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        read(&root, TRIAGE),
        crlf.replacen(
            "  last: 2026-08-01\r\n  every: 6 months\r\n  by: it-oncall\r\n",
            "  last: 2026-11-28\r\n  every: 6 months\r\n  by: qa-specialist\r\n",
            1
        )
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    let leftovers: Vec<_> = std::fs::read_dir(root.join("sops"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
