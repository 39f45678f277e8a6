//! Document history from git: revisions follow renames, hostile names survive, and a
//! repository without commits, shallow, detached or broken gives a note at most, never an
//! error.

mod support;

use std::path::Path;

use opsbook::history::{Cache, Change, Note, read_history};
use opsbook::model::Date;
use support::{Repo, opsbook, stderr};

const CONFIG: &str = "title: T\n";

fn sop(title: &str, version: &str, last: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\nowners: [lead]\nversion: \"{version}\"\nreview:\n  last: {last}\n  every: 12 months\nresources: [tool]\nsteps: [do it]\ncontrol_points:\n  - step: 1\n    check: done\n---\n\n{body}\n"
    )
}

/// A repository with the handbook in `hb/`, three commits on fixed dates.
fn repo() -> Repo {
    let repo = Repo::new();
    repo.write("hb/handbook.yaml", CONFIG);
    repo.write(
        "hb/roles/lead.md",
        "---\ntitle: Lead\nresponsibilities: [lead]\n---\n",
    );
    repo.write(
        "hb/sops/refund.md",
        &sop("Refund", "1.0", "2026-01-05", "Step one."),
    );
    repo.write("README.md", "not in the handbook\n");
    repo.commit_at("2026-01-05", "Add the refund procedure");
    repo.write(
        "hb/sops/refund.md",
        &sop("Refund", "1.1", "2026-01-05", "Step one. Step two."),
    );
    repo.commit_at("2026-02-10", "Refund: a second step");
    repo.write(
        "hb/sops/refund.md",
        &sop("Refund", "1.1", "2026-03-01", "Step one. Step two."),
    );
    repo.commit_at("2026-03-01", "Review the refund procedure");
    repo
}

fn summary(repo: &Repo, path: &str) -> Vec<String> {
    let read = read_history(&repo.path().join("hb"), None, Cache::Use);
    assert!(read.notes.is_empty(), "{:?}", read.notes);
    let mut history = read.history.expect("a history");
    history.read_contents(|_, _| true).expect("blobs read");
    history
        .revisions(path)
        .iter()
        .map(|r| {
            format!(
                "{} {} {} {:?} {} {:?}",
                r.date,
                r.path,
                r.author,
                r.version.as_deref(),
                r.subject,
                r.change.expect("read")
            )
        })
        .collect()
}

#[test]
fn each_document_lists_its_commits_newest_first_with_version_and_kind_of_change() {
    let repo = repo();
    assert_eq!(
        summary(&repo, "sops/refund.md"),
        [
            "2026-03-01 sops/refund.md t Some(\"1.1\") Review the refund procedure ReviewOnly",
            "2026-02-10 sops/refund.md t Some(\"1.1\") Refund: a second step Content",
            "2026-01-05 sops/refund.md t Some(\"1.0\") Add the refund procedure Content",
        ]
    );
    assert_eq!(summary(&repo, "roles/lead.md").len(), 1);
    assert!(summary(&repo, "README.md").is_empty());
    assert!(summary(&repo, "../README.md").is_empty());
    let read = read_history(&repo.path().join("hb"), None, Cache::Use);
    let history = read.history.unwrap();
    let revision = &history.revisions("sops/refund.md")[0];
    assert_eq!(revision.short_hash.len(), 7);
    assert!(revision.hash.starts_with(&revision.short_hash));
}

#[test]
fn a_document_moved_to_another_kind_folder_keeps_its_history() {
    let repo = repo();
    std::fs::create_dir(repo.path().join("hb/contingency")).unwrap();
    repo.git(&["mv", "hb/sops/refund.md", "hb/contingency/refund.md"]);
    repo.commit_at("2026-04-01", "Refund becomes a contingency");
    let text = std::fs::read_to_string(repo.path().join("hb/contingency/refund.md")).unwrap();
    repo.write(
        "hb/contingency/refund.md",
        &text.replace("Step two.", "Step two, then three."),
    );
    repo.git(&[
        "mv",
        "hb/contingency/refund.md",
        "hb/contingency/refunds.md",
    ]);
    repo.commit_at("2026-04-02", "Rename and edit");
    // A new file where the old one was is another document.
    repo.write(
        "hb/sops/refund.md",
        &sop("New refund", "1.0", "2026-04-03", "Other."),
    );
    repo.commit_at("2026-04-03", "A new refund procedure");
    let moved = summary(&repo, "contingency/refunds.md");
    assert_eq!(
        moved[..2],
        [
            "2026-04-02 contingency/refunds.md t Some(\"1.1\") Rename and edit Content",
            "2026-04-01 contingency/refund.md t Some(\"1.1\") Refund becomes a contingency Moved",
        ]
    );
    assert_eq!(moved.len(), 5, "{moved:#?}");
    assert!(moved[4].starts_with("2026-01-05 sops/refund.md"));
    assert_eq!(
        summary(&repo, "sops/refund.md"),
        ["2026-04-03 sops/refund.md t Some(\"1.0\") A new refund procedure Content"]
    );
}

#[test]
fn a_deleted_document_leaves_no_history_to_one_added_later_at_its_path() {
    let repo = repo();
    std::fs::remove_file(repo.path().join("hb/sops/refund.md")).unwrap();
    repo.commit_at("2026-04-01", "Retire refund");
    repo.write(
        "hb/sops/refund.md",
        &sop("Again", "2.0", "2026-05-01", "New."),
    );
    repo.commit_at("2026-05-01", "Refund again");
    assert_eq!(
        summary(&repo, "sops/refund.md"),
        ["2026-05-01 sops/refund.md t Some(\"2.0\") Refund again Content"]
    );
}

#[test]
fn names_with_spaces_newlines_quotes_and_chinese_keep_their_history() {
    let repo = repo();
    let names = [
        "sops/a b.md",
        "sops/new\nline.md",
        "sops/\"quoted\".md",
        "sops/退款 流程.md",
    ];
    for name in names {
        repo.write(&format!("hb/{name}"), &sop("X", "1", "2026-01-01", name));
    }
    repo.commit_at("2026-03-05", "Hostile \"names\"\tand\ttabs: 中文");
    for name in names {
        assert_eq!(
            summary(&repo, name),
            [format!(
                "2026-03-05 {name} t Some(\"1\") Hostile \"names\"\tand\ttabs: 中文 Content"
            )],
            "{name:?}"
        );
    }
}

#[test]
fn an_empty_subject_and_author_name_do_not_shift_the_fields() {
    let repo = repo();
    repo.write("hb/sops/x.md", &sop("X", "1", "2026-01-01", "x"));
    repo.git(&["add", "-A"]);
    repo.git_at(
        "2026-03-06",
        &["commit", "-q", "--allow-empty-message", "-m", ""],
    );
    assert_eq!(
        summary(&repo, "sops/x.md"),
        ["2026-03-06 sops/x.md t Some(\"1\")  Content"]
    );
    assert_eq!(summary(&repo, "sops/refund.md").len(), 3);
}

#[test]
fn uncommitted_content_counts_and_an_uncommitted_review_does_not() {
    let repo = repo();
    let hb = repo.path().join("hb");
    let read = |path: &str, text: &str| {
        read_history(&hb, None, Cache::Use)
            .history
            .unwrap()
            .changed_since_head(path, text)
    };
    let committed = sop("Refund", "1.1", "2026-03-01", "Step one. Step two.");
    assert!(!read("sops/refund.md", &committed));
    let reviewed = sop("Refund", "1.1", "2026-06-01", "Step one. Step two.");
    std::fs::write(hb.join("sops/refund.md"), &reviewed).unwrap();
    assert!(!read("sops/refund.md", &reviewed));
    let edited = sop("Refund", "1.1", "2026-03-01", "Step one only.");
    std::fs::write(hb.join("sops/refund.md"), &edited).unwrap();
    assert!(read("sops/refund.md", &edited));
    // Staged counts as well.
    repo.git(&["add", "-A"]);
    assert!(read("sops/refund.md", &edited));
    // A new, uncommitted document has nothing to compare with.
    std::fs::write(hb.join("sops/new.md"), &edited).unwrap();
    repo.git(&["add", "-A"]);
    assert!(!read("sops/new.md", &edited));
}

#[test]
fn only_the_revisions_asked_for_are_read() {
    let repo = repo();
    let mut history = read_history(&repo.path().join("hb"), None, Cache::Use)
        .history
        .unwrap();
    let revisions = |h: &opsbook::history::History| {
        h.revisions("sops/refund.md")
            .iter()
            .map(|r| (r.version.clone(), r.change))
            .collect::<Vec<_>>()
    };
    // Known from the log alone: an added file is content.
    assert_eq!(
        revisions(&history),
        [(None, None), (None, None), (None, Some(Change::Content))]
    );
    let after = Date::parse("2026-02-01").unwrap();
    history
        .read_contents(|path, r| path == "sops/refund.md" && r.date > after)
        .unwrap();
    let v = Some("1.1".to_string());
    assert_eq!(
        revisions(&history),
        [
            (v.clone(), Some(Change::ReviewOnly)),
            (v, Some(Change::Content)),
            (None, Some(Change::Content))
        ]
    );
}

#[test]
fn a_history_read_before_is_reused_until_head_moves() {
    let repo = repo();
    let hb = repo.path().join("hb");
    let all = |_: &str, _: &opsbook::history::Revision| true;
    let mut first = read_history(&hb, None, Cache::Off).history.unwrap();
    first.read_contents(all).unwrap();
    // Lose the first version's blob: reading afresh fails, reusing does not read it.
    let blob = repo.git(&["rev-parse", "HEAD~2:hb/sops/refund.md"]);
    let blob = blob.trim();
    std::fs::remove_file(
        repo.path()
            .join(".git/objects")
            .join(&blob[..2])
            .join(&blob[2..]),
    )
    .unwrap();
    let mut fresh = read_history(&hb, None, Cache::Off).history.unwrap();
    assert!(fresh.read_contents(all).is_err());
    let mut again = read_history(&hb, Some(&first), Cache::Off).history.unwrap();
    again.read_contents(all).unwrap();
    assert_eq!(again.head(), first.head());
    assert_eq!(
        again.revisions("sops/refund.md"),
        first.revisions("sops/refund.md")
    );
    // Once HEAD moves, it is read afresh.
    repo.write("hb/sops/refund.md", &sop("R", "2", "2026-01-01", "new"));
    repo.commit_at("2026-05-01", "Moved HEAD");
    let mut moved = read_history(&hb, Some(&first), Cache::Off).history.unwrap();
    assert_ne!(moved.head(), first.head());
    assert!(moved.read_contents(all).is_err());
}

#[test]
fn outside_git_and_before_the_first_commit_there_is_no_history_and_nothing_to_say() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("handbook.yaml"), CONFIG).unwrap();
    let read = read_history(dir.path(), None, Cache::Use);
    assert!(read.history.is_none() && read.notes.is_empty());
    let repo = Repo::new();
    repo.write("handbook.yaml", CONFIG);
    let read = read_history(repo.path(), None, Cache::Use);
    assert!(read.history.is_none() && read.notes.is_empty());
    let out = opsbook(repo.path(), &["check", "--today", "2026-11-23"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

#[test]
fn a_detached_head_has_the_history_of_its_commit() {
    let repo = repo();
    repo.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    assert_eq!(summary(&repo, "sops/refund.md").len(), 2);
}

#[test]
fn a_shallow_clone_is_said_once_and_its_history_is_partial() {
    let repo = repo();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let target = clone.path().join("c");
    repo.git(&[
        "clone",
        "-q",
        "--depth",
        "1",
        &url,
        target.to_str().unwrap(),
    ]);
    let read = read_history(&target.join("hb"), None, Cache::Use);
    assert!(
        matches!(read.notes[..], [Note::Shallow]),
        "{:?}",
        read.notes
    );
    let history = read.history.unwrap();
    assert!(history.is_shallow());
    assert_eq!(history.revisions("sops/refund.md").len(), 1);
    let out = opsbook(&target.join("hb"), &["check", "--today", "2026-11-23"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.matches("shallow clone").count(), 1, "{err}");
    assert!(err.starts_with("note: "), "{err}");
    let out = opsbook(
        &target.join("hb"),
        &["check", "--today", "2026-11-23", "--no-git"],
    );
    assert_eq!(stderr(&out), "");
}

/// Remove every object of the repository: git still finds `HEAD` but cannot read it.
fn remove_objects(repo: &Path) {
    let objects = repo.join(".git/objects");
    for entry in std::fs::read_dir(&objects).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.len() == 2 || name == "pack" {
            std::fs::remove_dir_all(&path).unwrap();
        }
    }
}

#[test]
fn a_corrupt_repository_is_a_note_and_the_check_still_runs() {
    let repo = repo();
    remove_objects(repo.path());
    let read = read_history(&repo.path().join("hb"), None, Cache::Use);
    assert!(read.history.is_none());
    assert!(
        matches!(read.notes[..], [Note::Unreadable(_)]),
        "{:?}",
        read.notes
    );
    let out = opsbook(&repo.path().join("hb"), &["check", "--today", "2026-11-23"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("note: cannot read the git history ("),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_garbage_head_gives_no_history_and_no_panic() {
    let repo = repo();
    std::fs::write(repo.path().join(".git/HEAD"), "garbage\n").unwrap();
    let read = read_history(&repo.path().join("hb"), None, Cache::Use);
    assert!(read.history.is_none());
    let out = opsbook(&repo.path().join("hb"), &["check", "--today", "2026-11-23"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn check_warns_of_a_change_after_approval_but_not_of_a_recorded_review() {
    let repo = repo();
    let approved = |body: &str| {
        sop("Approved", "1.0", "2026-01-10", body).replace(
            "resources:",
            "approval:\n  approved_by: lead\n  approved: 2026-01-10\nresources:",
        )
    };
    repo.write("hb/sops/approved.md", &approved("Step one."));
    repo.commit_at("2026-01-10", "Approve");
    let hb = repo.path().join("hb");
    let review = opsbook(&hb, &["review", "sops/approved.md", "--date", "2026-03-01"]);
    assert!(review.status.success(), "{}", stderr(&review));
    repo.commit_at("2026-03-01", "Review: nothing changed");
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--today", "2026-11-23", "--format", "json"];
        args.extend(extra);
        support::stdout(&opsbook(&hb, &args))
    };
    assert!(
        !check(&[]).contains("changed-after-approval"),
        "{}",
        check(&[])
    );
    let reviewed = std::fs::read_to_string(hb.join("sops/approved.md")).unwrap();
    repo.write(
        "hb/sops/approved.md",
        &reviewed.replace("Step one.", "Step one, changed."),
    );
    repo.commit_at("2026-04-01", "Change a step");
    let out = check(&[]);
    assert_eq!(out.matches("changed-after-approval").count(), 1, "{out}");
    assert!(out.contains("(2026-04-01, \\\"Change a step\\\")"), "{out}");
    assert!(!check(&["--no-git"]).contains("changed-after-approval"));
}

/// Every revision of every file under `hb/` at `HEAD`, read with `cache`, each field a user
/// can see, after reading every revision's blobs; `Err` when a blob could not be read.
fn full_history(repo: &Repo, cache: Cache) -> Result<Vec<String>, String> {
    let read = read_history(&repo.path().join("hb"), None, cache);
    assert!(read.notes.is_empty(), "{:?}", read.notes);
    let mut history = read.history.expect("a history");
    history
        .read_contents(|_, _| true)
        .map_err(|e| e.to_string())?;
    let files = repo.git(&["ls-tree", "-r", "--name-only", "HEAD", "--", "hb"]);
    let mut lines = vec![format!("HEAD {}", history.head())];
    for file in files.lines() {
        let path = file.strip_prefix("hb/").unwrap();
        for r in history.revisions(path) {
            lines.push(format!(
                "{path}: {} {} {} {} {:?} {} {:?} {:?} {:?}",
                r.hash,
                r.short_hash,
                r.date,
                r.path,
                r.author,
                r.subject,
                r.version,
                r.change,
                r.records_approval
            ));
        }
    }
    Ok(lines)
}

/// The cache files of the repository's git folder, with their bytes.
fn cache_files(repo: &Repo) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(repo.path().join(".git/opsbook")) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Delete the loose object of `spec` (`HEAD~2:hb/sops/refund.md`): reading it from git fails.
fn lose_blob(repo: &Repo, spec: &str) {
    let blob = repo.git(&["rev-parse", spec]);
    let blob = blob.trim();
    let path = repo
        .path()
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn a_warm_run_reads_the_cache_and_equals_a_cold_run() {
    let repo = repo();
    let cold = full_history(&repo, Cache::Off).unwrap();
    assert!(cache_files(&repo).is_empty(), "Cache::Off writes nothing");
    assert_eq!(full_history(&repo, Cache::Use).unwrap(), cold);
    let files = cache_files(&repo);
    assert_eq!(files.len(), 1);
    assert!(files[0].0.starts_with("history-v1-"), "{}", files[0].0);
    // Without the first version's blob only the cache still knows what it held.
    lose_blob(&repo, "HEAD~2:hb/sops/refund.md");
    assert!(full_history(&repo, Cache::Off).is_err());
    assert_eq!(full_history(&repo, Cache::Use).unwrap(), cold);
    // Nothing new was read: the file was not written again.
    assert_eq!(cache_files(&repo), files);
}

#[test]
fn the_check_reads_the_same_with_a_warm_cache_byte_for_byte() {
    let repo = repo();
    let approved = sop("Approved", "1.0", "2026-01-10", "Step one.").replace(
        "resources:",
        "approval:\n  approved_by: lead\n  approved: 2026-01-10\nresources:",
    );
    repo.write("hb/sops/approved.md", &approved);
    repo.commit_at("2026-01-10", "Approve");
    repo.write("hb/sops/approved.md", &approved.replace("one.", "two."));
    repo.commit_at("2026-02-01", "Change after approval");
    let hb = repo.path().join("hb");
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--today", "2026-11-23", "--format", "json"];
        args.extend(extra);
        let out = opsbook(&hb, &args);
        assert_eq!(stderr(&out), "");
        support::stdout(&out)
    };
    assert!(!check(&["--no-git"]).contains("changed-after-approval"));
    assert!(cache_files(&repo).is_empty(), "--no-git writes nothing");
    let cold = check(&[]);
    assert_eq!(cold.matches("changed-after-approval").count(), 1, "{cold}");
    assert_eq!(cache_files(&repo).len(), 1);
    // The revision the rule read is cached with what its blobs told.
    lose_blob(&repo, "HEAD:hb/sops/approved.md");
    lose_blob(&repo, "HEAD~1:hb/sops/approved.md");
    assert_eq!(check(&[]), cold);
}

#[test]
fn new_commits_are_read_on_top_of_the_cache_and_follow_its_files_through_a_rename() {
    let repo = repo();
    full_history(&repo, Cache::Use).unwrap();
    std::fs::create_dir(repo.path().join("hb/contingency")).unwrap();
    repo.git(&["mv", "hb/sops/refund.md", "hb/contingency/refund.md"]);
    repo.commit_at("2026-04-01", "Refund becomes a contingency");
    let text = std::fs::read_to_string(repo.path().join("hb/contingency/refund.md")).unwrap();
    repo.write(
        "hb/contingency/refund.md",
        &text.replace("Step two.", "Step two, then three."),
    );
    repo.git(&["rm", "-q", "hb/roles/lead.md"]);
    repo.commit_at("2026-04-02", "Edit, and no lead");
    // A new file where a cached one was is another document.
    repo.write(
        "hb/sops/refund.md",
        &sop("New", "1.0", "2026-04-03", "Other."),
    );
    repo.write("hb/roles/lead.md", "---\ntitle: Lead again\n---\n");
    repo.commit_at("2026-04-03", "New files at old names");
    let full = full_history(&repo, Cache::Off).unwrap();
    assert!(full.iter().any(|l| l.starts_with("contingency/refund.md: ")
        && l.contains(" sops/refund.md ")
        && l.contains("Add the refund procedure")));
    // Only the cache knows the first version now: a full read would fail.
    lose_blob(&repo, "HEAD~5:hb/sops/refund.md");
    assert_eq!(full_history(&repo, Cache::Use).unwrap(), full);
}

#[test]
fn a_head_that_does_not_descend_from_the_cache_is_read_in_full() {
    let repo = repo();
    full_history(&repo, Cache::Use).unwrap();
    let before = cache_files(&repo);
    repo.git(&["reset", "-q", "--hard", "HEAD~2"]);
    let full = full_history(&repo, Cache::Off).unwrap();
    assert_eq!(full.len(), 4, "HEAD and one revision each: {full:?}");
    assert_eq!(full_history(&repo, Cache::Use).unwrap(), full);
    assert_ne!(cache_files(&repo), before, "rewritten at the new HEAD");
    // Another branch, merged: a merge between is read in full too.
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.write("hb/roles/lead.md", "---\ntitle: Lead, side\n---\n");
    repo.commit_at("2026-05-01", "Side");
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        "hb/sops/refund.md",
        &sop("Main", "3.0", "2026-05-02", "Main."),
    );
    repo.commit_at("2026-05-02", "Main");
    full_history(&repo, Cache::Use).unwrap();
    repo.git_at(
        "2026-05-03",
        &["merge", "-q", "--no-ff", "-m", "Merge side", "side"],
    );
    let full = full_history(&repo, Cache::Off).unwrap();
    assert!(full.iter().any(|l| l.contains("Side")), "{full:?}");
    assert_eq!(full_history(&repo, Cache::Use).unwrap(), full);
}

#[test]
fn a_broken_cache_file_is_ignored_and_rewritten() {
    let repo = repo();
    let cold = full_history(&repo, Cache::Off).unwrap();
    full_history(&repo, Cache::Use).unwrap();
    let [(name, good)] = &cache_files(&repo)[..] else {
        panic!("one cache file")
    };
    let path = repo.path().join(".git/opsbook").join(name);
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x20;
    let broken: [&[u8]; 5] = [
        b"",
        &good[..good.len() / 2],
        &good[..good.len() - 1],
        &flipped,
        b"opsbook history cache\n\xff\xff\xff\xff garbage",
    ];
    for bytes in broken {
        std::fs::write(&path, bytes).unwrap();
        assert_eq!(full_history(&repo, Cache::Use).unwrap(), cold);
        assert_eq!(&std::fs::read(&path).unwrap(), good, "rewritten");
    }
    // A file larger than any history is not even read.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(2 << 30).unwrap();
    drop(file);
    assert_eq!(full_history(&repo, Cache::Use).unwrap(), cold);
    assert_eq!(&std::fs::read(&path).unwrap(), good, "rewritten");
}

#[test]
fn a_git_folder_the_cache_cannot_be_written_to_costs_nothing_but_time() {
    let repo = repo();
    let cold = full_history(&repo, Cache::Off).unwrap();
    // A file where the cache folder goes: no run can write there, whoever runs it.
    std::fs::write(repo.path().join(".git/opsbook"), "not a folder").unwrap();
    assert_eq!(full_history(&repo, Cache::Use).unwrap(), cold);
    assert_eq!(full_history(&repo, Cache::Use).unwrap(), cold);
    let out = opsbook(&repo.path().join("hb"), &["check", "--today", "2026-11-23"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}
