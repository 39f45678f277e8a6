//! `opsbook build` as a user runs it: exit codes, findings printed like `check`, the previous
//! site kept when the handbook has errors, quiet when stderr is not a terminal.

mod support;

use std::process::Command;

use support::{opsbook, stderr, stdout};

#[test]
fn build_writes_the_site_to_root_site_by_default_and_stays_quiet_off_a_terminal() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("handbook");
    support::copy_tree(&support::example_root(), &root);
    let out = opsbook(
        dir.path(),
        &["build", "handbook", "--today", support::TODAY],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(root.join("_site/index.html").is_file());
    // The example handbook is in Chinese (`language: zh-CN`), and so is the status line.
    assert!(
        stdout(&out).starts_with("已生成 76 个页面、1 个资源文件，写入 "),
        "{}",
        stdout(&out)
    );
    // No progress bar (and nothing else) on a stderr that is not a terminal.
    assert_eq!(stderr(&out), "");
    // `--lang en` says it in English.
    let out = opsbook(
        dir.path(),
        &[
            "build",
            "handbook",
            "--today",
            support::TODAY,
            "--lang",
            "en",
        ],
    );
    assert!(
        stdout(&out).starts_with("built 76 pages and 1 assets into "),
        "{}",
        stdout(&out)
    );
}

#[test]
fn build_refuses_a_handbook_with_errors_and_keeps_the_previous_site() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    support::copy_tree(&support::example_root(), &root);
    let site = dir.path().join("site");
    let args = ["build", "hb", "--out", "site", "--today", support::TODAY];
    assert_eq!(opsbook(dir.path(), &args).status.code(), Some(0));
    let before = support::snapshot(&site);

    // An SOP loses its owners: `missing-owner` is an error.
    let sop = root.join("sops/incident-triage.md");
    let edited = std::fs::read_to_string(&sop)
        .expect("readable")
        .replace("owners: [it-oncall]", "owners: []");
    std::fs::write(&sop, edited).expect("writable");
    let out = opsbook(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1));
    let stdout = stdout(&out);
    assert!(
        stdout.contains("missing-owner") && stdout.contains("sops/incident-triage.md"),
        "{stdout}"
    );
    // The example handbook is in Chinese (`language: zh-CN`), and so is the summary.
    assert!(
        stdout.ends_with("已检查 55 篇文档：1 个错误，0 个警告\n"),
        "{stdout}"
    );
    assert!(
        stderr(&out).contains("未生成：请先修正上面的错误"),
        "{}",
        stderr(&out)
    );
    assert!(
        support::snapshot(&site) == before,
        "the previous site changed"
    );
}

#[test]
fn warnings_are_printed_and_the_site_is_built() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let out_dir = dir.path().join("site");
    let out = opsbook(
        dir.path(),
        &[
            "build",
            support::render_fixture("warning").to_str().expect("utf-8"),
            "--out",
            out_dir.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = stdout(&out);
    assert!(stdout.contains("unknown-field"), "{stdout}");
    assert!(
        stdout.contains("1 document checked: 0 errors, 1 warning"),
        "{stdout}"
    );
    assert!(out_dir.join("notes/a.html").is_file());
}

#[test]
fn an_output_folder_opsbook_did_not_write_exits_2() {
    let dir = tempfile::tempdir().expect("a temp folder");
    std::fs::create_dir(dir.path().join("mine")).expect("creatable");
    std::fs::write(dir.path().join("mine/notes.txt"), "keep me").expect("writable");
    let root = support::example_root();
    let out = opsbook(
        dir.path(),
        &[
            "build",
            root.to_str().expect("utf-8"),
            "--out",
            "mine",
            "--today",
            support::TODAY,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("不是空目录，也不是 opsbook 生成的"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("mine/notes.txt")).expect("kept"),
        "keep me"
    );
}

#[test]
fn the_theme_folder_named_in_handbook_yaml_overrides_the_default() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    support::copy_tree(&support::render_fixture("warning"), &root);
    std::fs::write(
        root.join("handbook.yaml"),
        "title: Themed\nlanguage: en\ntheme: look\n",
    )
    .expect("writable");
    std::fs::create_dir(root.join("look")).expect("creatable");
    std::fs::write(root.join("look/style.css"), "/* house style */\n").expect("writable");
    let out = opsbook(dir.path(), &["build", "hb", "--out", "site"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let css = std::fs::read_to_string(dir.path().join("site/_opsbook/style.css")).expect("written");
    assert_eq!(css, "/* house style */\n");
    assert!(
        !dir.path().join("site/look").exists(),
        "the theme folder is not copied as content"
    );
}

#[test]
fn a_build_into_a_folder_another_build_is_writing_says_it_waits() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("a temp folder");
    support::copy_tree(&support::render_fixture("warning"), &dir.path().join("hb"));
    let held = std::fs::File::create(dir.path().join(".site.opsbook-lock")).expect("creatable");
    held.lock().expect("locked");
    let mut child = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["build", "hb", "--out", "site", "--today", support::TODAY])
        .args(["--lang", "en"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("opsbook runs");
    let mut stderr = std::io::BufReader::new(child.stderr.take().expect("piped"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("readable");
    assert!(
        line.starts_with("waiting: another build is writing into `site`"),
        "{line}"
    );
    assert!(!dir.path().join("site").exists());
    drop(held);
    assert!(child.wait().expect("exits").success());
    assert!(dir.path().join("site/index.html").is_file());
}

#[test]
fn a_theme_named_in_handbook_yaml_outside_the_handbook_stops_the_build() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    support::copy_tree(&support::render_fixture("warning"), &root);
    std::fs::write(
        root.join("handbook.yaml"),
        "title: Themed\nlanguage: en\ntheme: /etc\n",
    )
    .expect("writable");
    let out = opsbook(dir.path(), &["build", "hb", "--out", "site"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("theme folder `/etc` is outside the handbook"),
        "{}",
        stdout(&out)
    );
    assert!(!dir.path().join("site").exists());
}
