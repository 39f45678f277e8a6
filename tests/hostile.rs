//! Hostile input: every broken file gets a finding naming it, the rest is still checked, and
//! nothing panics, hangs or recurses without bound.

mod support;

use std::path::Path;

use opsbook::lint::{self, Finding};
use opsbook::model::{Config, Date, Index};
use proptest::prelude::*;
use support::opsbook;

fn check(dir: &Path) -> Vec<Finding> {
    let handbook = opsbook::load::load_handbook(dir).expect("loads");
    let index = Index::new(&handbook);
    lint::check_handbook(&handbook, &index, Date::parse("2026-11-23").unwrap())
}

fn write(dir: &Path, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn each_broken_file_gets_a_finding_and_the_valid_one_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "handbook.yaml", "title: t\n");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("sops/empty.md", vec![]),
        ("sops/no-front.md", b"# hello\n".to_vec()),
        ("sops/unterminated.md", b"---\ntitle: x\n".to_vec()),
        ("sops/list.md", b"---\n- a\n---\n".to_vec()),
        ("sops/scalar.md", b"---\njust text\n---\n".to_vec()),
        ("sops/invalid-utf8.md", b"---\ntitle: \xff\xfe\n---\n".to_vec()),
        ("sops/binary.md", vec![0, 1, 2, 3, 0xff, 0]),
        ("sops/bomb.md", b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n---\n".to_vec()),
        ("sops/deep-flow.md", format!("---\ntitle: {}{}\n---\n", "[".repeat(20_000), "]".repeat(20_000)).into_bytes()),
        ("sops/deep-block.md", format!("---\n{}\n---\n", (0..20_000).map(|i| format!("{}k:", " ".repeat(i))).collect::<Vec<_>>().join("\n")).into_bytes()),
        ("sops/tabs.md", b"---\ntitle: t\nreview:\n\tlast: 2026-01-01\n---\n".to_vec()),
        ("sops/dup.md", b"---\ntitle: a\ntitle: b\n---\n".to_vec()),
        ("sops/wrong-types.md", b"---\ntitle: [a]\nowners: {a: b}\nreview: yes\nresources: 3\nsteps: {a: 1}\ncontrol_points: x\nstatus: 7\ntags: true\nrelated: 1\nversion: [1]\neffective: monday\nextra: 5\n---\n".to_vec()),
        ("sops/long-line.md", format!("---\ntitle: {}\n---\n", "长".repeat(2_000_000)).into_bytes()),
    ];
    for (rel, bytes) in &cases {
        write(d, rel, bytes);
    }
    // A directory named like a document, and a symlink loop: neither is a document, neither hangs.
    std::fs::create_dir_all(d.join("sops/folder.md")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(d, d.join("sops/loop")).unwrap();
    write(d, "sops/good.md", "---\ntitle: 好\nowners: [nobody]\n---\n");

    let findings = check(d);
    for (rel, _) in &cases {
        if *rel == "sops/long-line.md" {
            continue; // valid, only incomplete: a title two million characters long is allowed
        }
        assert!(
            findings.iter().any(|f| f.file == *rel),
            "no finding for {rel}: {findings:#?}"
        );
    }
    assert!(
        findings
            .iter()
            .any(|f| f.file == "sops/good.md" && f.rule == "unknown-reference"),
        "the valid file is still checked"
    );
    assert!(
        findings
            .iter()
            .all(|f| !f.file.contains("loop") && !f.file.contains("folder.md"))
    );
    let bomb = findings.iter().find(|f| f.file == "sops/bomb.md").unwrap();
    assert_eq!(bomb.rule, "invalid-front-matter");
    assert_eq!(bomb.line, 2, "points at the first anchor");
}

#[test]
fn human_output_of_a_huge_line_stays_small() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "handbook.yaml", "title: t\n");
    write(
        dir.path(),
        "sops/x.md",
        format!("---\ntitle: {}\nbogus: 1\n---\n", "a".repeat(2_000_000)).into_bytes(),
    );
    write(
        dir.path(),
        "sops/y.md",
        format!("---\ntitle: t\nstatus: {}\n---\n", "b".repeat(2_000_000)).into_bytes(),
    );
    let handbook = opsbook::load::load_handbook(dir.path()).unwrap();
    let findings = check(dir.path());
    let summary = lint::Summary::new(handbook.documents.len(), &findings);
    let text = opsbook::report::human(
        &findings,
        &handbook,
        summary,
        opsbook::report::HumanStyle {
            color: false,
            width: 100,
            lang: opsbook::locale::Lang::En,
        },
    );
    assert!(text.contains("unknown field `bogus`"));
    assert!(text.len() < 20_000, "output is {} bytes", text.len());
}

#[test]
fn twenty_thousand_unknown_keys_in_one_file_each_point_at_their_own_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "handbook.yaml", "title: t\n");
    let keys: String = (0..20_000).map(|i| format!("键-{i}: 值\n")).collect();
    write(
        dir.path(),
        "page.md",
        format!("---\ntitle: 很多\n{keys}---\n"),
    );
    let findings = check(dir.path());
    let unknown: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.rule == "unknown-field")
        .collect();
    assert_eq!(unknown.len(), 20_000, "one finding per unknown key");
    for f in &unknown {
        let i: usize = f.message["unknown field `键-".len()..f.message.len() - 1]
            .parse()
            .unwrap();
        assert_eq!((f.line, f.column), (i + 3, 1), "{f:?}");
    }
}

#[test]
fn thousands_of_broken_links_on_one_long_line_get_their_own_columns() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "handbook.yaml", "title: t\n");
    // One line of 20,000 links with Chinese text between them: columns count characters.
    let mut line = String::new();
    let mut expected = Vec::new();
    for i in 0..20_000 {
        line.push_str("见文档");
        expected.push((format!("missing-{i}.md"), line.chars().count() + 1));
        line.push_str(&format!("[文{i}](missing-{i}.md)，"));
    }
    write(
        dir.path(),
        "page.md",
        format!("---\ntitle: 链接\n---\n\n{line}\n"),
    );
    let findings = check(dir.path());
    let broken: Vec<(String, usize, usize)> = findings
        .iter()
        .filter(|f| f.rule == "broken-link")
        .map(|f| (f.message.clone(), f.line, f.column))
        .collect();
    let want: Vec<(String, usize, usize)> = expected
        .into_iter()
        .map(|(path, column)| (format!("link target `{path}` does not exist"), 5, column))
        .collect();
    assert_eq!(broken, want);
}

#[test]
fn utf16_files_are_reported_as_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "handbook.yaml", "title: t\n");
    let text = "---\ntitle: 退款\n---\n正文\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    write(d, "le-bom.md", [&[0xFF, 0xFE][..], &le].concat());
    write(d, "be-bom.md", [&[0xFE, 0xFF][..], &be].concat());
    write(d, "le.md", &le);
    write(d, "be.md", &be);
    let findings = check(d);
    let utf16: Vec<(&str, &str, Option<&str>)> = findings
        .iter()
        .map(|f| (f.file.as_str(), f.message.as_str(), f.help.as_deref()))
        .collect();
    let expected = |file| (file, "the file is UTF-16", Some("save it as UTF-8"));
    assert_eq!(
        utf16,
        [
            expected("be-bom.md"),
            expected("be.md"),
            expected("le-bom.md"),
            expected("le.md")
        ]
    );
}

#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_the_same_finding_in_check_and_build() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "handbook.yaml", "title: t\n");
    write(d, "index.md", "---\ntitle: 首页\n---\n");
    // GBK names, as Windows zip archives carry them: `退款.md`, `表.png`, folder `流程/`.
    let names: [&[u8]; 3] = [
        b"\xcd\xcb\xbf\xee.md",
        b"\xb1\xed.png",
        b"\xc1\xf7\xb3\xcc/a.md",
    ];
    for name in names {
        write(d, std::ffi::OsStr::from_bytes(name), "---\ntitle: t\n---\n");
    }
    let check = opsbook(d, &["check", "--today", "2026-11-23"]);
    let build = opsbook(d, &["build", "--today", "2026-11-23"]);
    let stdout = |o: &std::process::Output| String::from_utf8(o.stdout.clone()).unwrap();
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    assert_eq!(build.status.code(), Some(1), "{}", stdout(&build));
    assert_eq!(
        stdout(&check),
        stdout(&build),
        "build reports what check reports"
    );
    let text = stdout(&check);
    let what = ["file name", "file name", "folder name"];
    for (name, what) in names.into_iter().zip(what) {
        let shown = String::from_utf8_lossy(name);
        assert!(shown.contains('\u{FFFD}'));
        assert!(
            text.contains(&format!("[{shown}:1:1]")),
            "{shown} in:\n{text}"
        );
        assert!(
            text.contains(&format!("{what} is not valid UTF-8")),
            "{text}"
        );
    }
    assert!(text.contains("help: rename it in UTF-8"), "{text}");
    assert!(text.contains("3 errors"), "{text}");
    assert!(!d.join("_site").exists(), "nothing is built");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    /// Arbitrary bytes never panic the loader, and whatever cannot be read is reported.
    #[test]
    fn arbitrary_bytes_load_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let doc = opsbook::load::read_document("sops/x.md".into(), Ok(bytes), &Config::default());
        prop_assert!(doc.front_ok || !doc.issues.is_empty());
    }

    /// Front-matter-shaped noise: YAML punctuation, indentation and keys.
    #[test]
    fn yaml_like_noise_loads_without_panicking(body in "[a-z:\\-\\[\\]{}&*!|>'\"#\n \t0-9.,?%@`]{0,300}") {
        let text = format!("---\n{body}\n---\nbody");
        let doc = opsbook::load::read_document("sops/x.md".into(), Ok(text.into_bytes()), &Config::default());
        // Locating any pointer must not panic either.
        let _ = doc.locate_all(&[("/steps/0/action", false), ("/a", true), ("", false)]);
    }
}
