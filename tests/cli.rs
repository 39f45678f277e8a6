//! The binary as CI and authors use it: exit codes, every output format, and the commands
//! that write files.

mod support;

use std::path::Path;
use std::process::Command;

use support::{opsbook, stderr, stdout};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn fixture(rule: &str) -> String {
    format!("{ROOT}/tests/fixtures/rules/{rule}")
}

#[test]
fn clean_handbook_exits_0_and_errors_exit_1() {
    let ok = opsbook(
        Path::new(ROOT),
        &["check", "handbook", "--today", "2026-11-23"],
    );
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    // The example handbook is written with `language: zh-CN`: so is what `check` says.
    assert!(
        stdout(&ok).contains("篇文档：未发现问题"),
        "{}",
        stdout(&ok)
    );
    let bad = opsbook(
        Path::new(ROOT),
        &["check", &fixture("stale-review"), "--today", "2026-11-23"],
    );
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn warnings_pass_unless_denied() {
    let dir = fixture("review-due-soon");
    let warn = opsbook(Path::new(ROOT), &["check", &dir, "--today", "2026-11-23"]);
    assert_eq!(warn.status.code(), Some(0), "{}", stdout(&warn));
    assert!(stdout(&warn).contains("review-due-soon"));
    let denied = opsbook(
        Path::new(ROOT),
        &["check", &dir, "--today", "2026-11-23", "--deny-warnings"],
    );
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn today_comes_from_the_environment_when_not_given() {
    let dir = fixture("review-due-soon");
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["check", &dir, "--format", "json"])
        .env("OPSBOOK_TODAY", "2020-01-01")
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["summary"]["warnings"], 0,
        "in 2020 nothing is due soon"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["check", &dir])
        .env("OPSBOOK_TODAY", "next week")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("OPSBOOK_TODAY=`next week` is not a date YYYY-MM-DD"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn no_handbook_and_bad_arguments_exit_2() {
    let empty = tempfile::tempdir().unwrap();
    let none = opsbook(empty.path(), &["check"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("no handbook found"),
        "{}",
        stderr(&none)
    );
    let not_root = opsbook(empty.path(), &["check", "."]);
    assert_eq!(not_root.status.code(), Some(2));
    let bad_date = opsbook(Path::new(ROOT), &["check", "--today", "2026-13-40"]);
    assert_eq!(bad_date.status.code(), Some(2));
    let bad_format = opsbook(Path::new(ROOT), &["check", "--format", "xml"]);
    assert_eq!(bad_format.status.code(), Some(2));
}

#[test]
fn root_is_found_by_walking_up() {
    let out = opsbook(
        &Path::new(ROOT).join("handbook/sops"),
        &["check", "--today", "2026-11-23"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn human_output_matches_snapshot() {
    let out = opsbook(
        Path::new(&fixture("unknown-field")),
        &["check", ".", "--today", "2026-11-23"],
    );
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn json_output_has_the_contract_shape() {
    let out = opsbook(
        Path::new(&fixture("stale-review")),
        &["check", ".", "--format", "json", "--today", "2026-11-23"],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &json["diagnostics"][0];
    for key in [
        "rule", "severity", "file", "line", "column", "message", "help",
    ] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
    assert_eq!(first["rule"], "stale-review");
    assert_eq!(first["severity"], "error");
    assert_eq!(json["summary"]["errors"], 2);
    assert!(json["summary"]["documents"].as_u64().unwrap() >= 4);
    insta::assert_json_snapshot!(json);
}

#[test]
fn github_output_is_workflow_commands_with_repo_relative_paths() {
    let out = opsbook(
        Path::new(ROOT),
        &[
            "check",
            "tests/fixtures/rules/stale-review",
            "--format",
            "github",
            "--today",
            "2026-11-23",
        ],
    );
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("::error file=tests/fixtures/rules/stale-review/sops/bad-stale-due.md,line=6,col=8,title=stale-review::"),
        "{first}"
    );
    assert!(
        text.contains("%0Ahelp: "),
        "help is on its own line: {text}"
    );
}

#[test]
fn sarif_output_is_valid_against_the_official_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("data/sarif-2.1.0.schema.json")).unwrap();
    let validator = jsonschema::draft4::new(&schema).expect("schema compiles");
    // In English and in Chinese (the rules' descriptions too, and `run.language`).
    let cases = ["invalid-front-matter", "unknown-reference", "schema"]
        .into_iter()
        .flat_map(|rule| [(rule, "en"), (rule, "zh-CN")]);
    for (rule, lang) in cases {
        let out = opsbook(
            Path::new(ROOT),
            &[
                "check",
                &fixture(rule),
                "--format",
                "sarif",
                "--today",
                "2026-11-23",
                "--lang",
                lang,
            ],
        );
        let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let language = &sarif["runs"][0]["language"];
        match lang {
            "en" => assert!(language.is_null()),
            _ => assert_eq!(language, "zh-CN"),
        }
        let errors: Vec<String> = validator
            .iter_errors(&sarif)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        assert!(!results.is_empty());
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap();
        for r in results {
            let index = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
            let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            assert!(
                uri.is_ascii() && !uri.contains(' '),
                "uri must be percent-encoded: {uri}"
            );
        }
    }
}

#[test]
fn sarif_percent_encodes_chinese_paths() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("handbook.yaml"), "title: t\n").unwrap();
    std::fs::create_dir(dir.path().join("sops")).unwrap();
    std::fs::write(
        dir.path().join("sops/退款 流程.md"),
        "---\ntitle: 退款\n---\n",
    )
    .unwrap();
    let out = opsbook(dir.path(), &["check", ".", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "sops/%E9%80%80%E6%AC%BE%20%E6%B5%81%E7%A8%8B.md");
}

#[test]
fn explain_prints_docs_and_lists_rules() {
    let one = opsbook(Path::new(ROOT), &["explain", "stale-review"]);
    assert_eq!(one.status.code(), Some(0));
    assert!(stdout(&one).contains("## Why it matters"));
    let all = opsbook(Path::new(ROOT), &["explain"]);
    assert_eq!(
        stdout(&all).lines().count(),
        opsbook::lint::rules::RULES.len()
    );
    let typo = opsbook(Path::new(ROOT), &["explain", "stale-reveiw"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("did you mean `stale-review`?"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn explain_and_errors_speak_the_language_asked_for() {
    let one = opsbook(
        Path::new(ROOT),
        &["explain", "stale-review", "--lang", "zh-CN"],
    );
    assert_eq!(one.status.code(), Some(0));
    assert!(stdout(&one).contains("### 为什么重要"), "{}", stdout(&one));
    assert!(stdout(&one).contains("# `stale-review`"));
    // `--lang` is global: before the subcommand too.
    let typo = opsbook(
        Path::new(ROOT),
        &["--lang", "zh-CN", "explain", "stale-reveiw"],
    );
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("未知规则 `stale-reveiw`")
            && stderr(&typo).contains("是否应为 `stale-review`？"),
        "{}",
        stderr(&typo)
    );
    // A handbook that cannot be found: before any `language:` is read, the locale decides.
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["check", "/nonexistent/handbook"])
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("OPSBOOK_LANG")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("不是手册目录") && stderr(&out).contains("opsbook::no_root"),
        "{}",
        stderr(&out)
    );
    // OPSBOOK_LANG beats the locale, `--lang` beats both; a bad value is an error.
    let run = |env: &str, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_opsbook"))
            .args(args)
            .env("LANG", "zh_CN.UTF-8")
            .env_remove("LC_ALL")
            .env("OPSBOOK_LANG", env)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let fixture = fixture("missing-owner");
    let en = run("en", &["check", &fixture, "--today", "2026-11-23"]);
    assert!(stdout(&en).contains("has no owner"), "{}", stdout(&en));
    let zh = run(
        "en",
        &["check", &fixture, "--today", "2026-11-23", "--lang", "zh"],
    );
    assert!(stdout(&zh).contains("没有负责岗位"), "{}", stdout(&zh));
    let bad = run("fr", &["check", &fixture]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("OPSBOOK_LANG=`fr`"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn committed_schemas_match_the_code() {
    for (file, schema) in opsbook::validate::all_schemas() {
        let committed = std::fs::read_to_string(Path::new(ROOT).join("schemas").join(&file))
            .unwrap_or_else(|_| {
                panic!("schemas/{file} is missing: run `opsbook schema --out schemas`")
            });
        let generated = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        assert!(
            committed == generated,
            "schemas/{file} drifted: run `opsbook schema --out schemas`"
        );
    }
}

#[test]
fn init_makes_a_clean_handbook_and_new_adds_flagged_documents() {
    let dir = tempfile::tempdir().unwrap();
    let init = opsbook(dir.path(), &["init", "hb"]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let hb = dir.path().join("hb");
    let check = opsbook(&hb, &["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let again = opsbook(dir.path(), &["init", "hb"]);
    assert_eq!(again.status.code(), Some(2), "init refuses to overwrite");
    for kind in [
        "sop",
        "workflow",
        "role",
        "kpi",
        "contingency",
        "guide",
        "report",
        "overview",
        "page",
    ] {
        let new = opsbook(&hb, &["new", kind, &format!("new-{kind}")]);
        assert_eq!(new.status.code(), Some(0), "{kind}: {}", stderr(&new));
    }
    let check = opsbook(&hb, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let rules: std::collections::BTreeSet<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["placeholder"].into(),
        "new documents pass the schema; only placeholders are flagged"
    );
    assert_eq!(check.status.code(), Some(0));
    let placeholders: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "sops/new-sop.md")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    let sop = std::fs::read_to_string(hb.join("sops/new-sop.md")).unwrap();
    for field in ["doc_no:", "drafted_by:", "reviewed_by:", "approved_by:"] {
        assert!(
            sop.contains(field),
            "the new SOP asks for `{field}`:\n{sop}"
        );
    }
    assert!(placeholders.len() >= 4, "{placeholders:?}");
    let dup = opsbook(&hb, &["new", "sop", "new-sop"]);
    assert_eq!(dup.status.code(), Some(2));
    let bad_kind = opsbook(&hb, &["new", "sopp", "x"]);
    assert_eq!(bad_kind.status.code(), Some(2));
}

#[test]
fn init_never_overwrites_a_file_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let hb = dir.path().join("hb");
    std::fs::create_dir_all(hb.join("roles")).unwrap();
    std::fs::write(hb.join("index.md"), "mine").unwrap();
    std::fs::write(hb.join("roles/cs-lead.md"), "mine too").unwrap();
    std::fs::write(hb.join("notes.txt"), "unrelated").unwrap();

    let refused = opsbook(dir.path(), &["init", "hb"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("`hb` already has `index.md`, `roles/cs-lead.md`"),
        "lists the clashing files: {}",
        stderr(&refused)
    );
    assert_eq!(
        std::fs::read_to_string(hb.join("index.md")).unwrap(),
        "mine"
    );
    assert!(
        !hb.join("handbook.yaml").exists(),
        "nothing is written when one file clashes"
    );

    // A folder with other files only is fine: nothing of it is touched.
    std::fs::remove_file(hb.join("index.md")).unwrap();
    std::fs::remove_file(hb.join("roles/cs-lead.md")).unwrap();
    std::fs::write(hb.join(".gitignore"), "/private\n").unwrap();
    let init = opsbook(dir.path(), &["init", "hb"]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    assert_eq!(
        std::fs::read_to_string(hb.join("notes.txt")).unwrap(),
        "unrelated"
    );
    assert_eq!(
        std::fs::read_to_string(hb.join(".gitignore")).unwrap(),
        "/private\n",
        "an existing .gitignore is kept"
    );

    std::fs::write(hb.join("index.md"), "mine").unwrap();
    let forced = opsbook(dir.path(), &["init", "hb", "--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert_ne!(
        std::fs::read_to_string(hb.join("index.md")).unwrap(),
        "mine"
    );
}

#[test]
fn a_new_handbook_ignores_its_built_site() {
    let dir = tempfile::tempdir().unwrap();
    let init = opsbook(dir.path(), &["init", "hb"]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("hb/.gitignore")).unwrap(),
        "_site/\n"
    );
}

#[test]
fn new_refuses_an_id_its_kind_already_has_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let init = opsbook(dir.path(), &["init", "hb"]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let hb = dir.path().join("hb");
    // The same id in a subfolder of the kind's folder, which `new` would not write to.
    std::fs::create_dir_all(hb.join("sops/service")).unwrap();
    std::fs::rename(
        hb.join("sops/complaint-handling.md"),
        hb.join("sops/service/complaint-handling.md"),
    )
    .unwrap();
    let dup = opsbook(&hb, &["new", "sop", "complaint-handling"]);
    assert_eq!(dup.status.code(), Some(2), "{}", stderr(&dup));
    // miette wraps the message: read it as one line.
    let message = stderr(&dup).replace("\n  │ ", "");
    assert!(
        message.contains(
            "sop `complaint-handling` already exists: `sops/service/complaint-handling.md`"
        ),
        "{message}"
    );
    assert!(!hb.join("sops/complaint-handling.md").exists());
    // Another kind may use the id.
    let page = opsbook(&hb, &["new", "page", "complaint-handling"]);
    assert_eq!(page.status.code(), Some(0), "{}", stderr(&page));
}

#[test]
fn rules_pages_are_generated_from_the_registry() {
    use opsbook::locale::Lang;
    for (file, lang, flags) in [
        ("docs/rules.md", Lang::En, " --lang en"),
        ("docs/rules.zh-CN.md", Lang::Zh, " --lang zh-CN"),
    ] {
        let committed = std::fs::read_to_string(Path::new(ROOT).join(file)).unwrap();
        assert!(
            committed == opsbook::lint::rules_page(lang),
            "{file} drifted: run `opsbook explain --all{flags} > {file}`"
        );
    }
}

/// Run `args` in a folder holding the file `name`, which they give as an output folder: exit 2,
/// an error saying it is a file, and the file left as it was.
fn refuses_a_file_as_output_folder(args: &[&str], name: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), "keep me").unwrap();
    let args = [args, &["--lang", "en"]].concat();
    let out = opsbook(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let said = format!("`{name}` is a file, not a folder");
    assert!(stderr(&out).contains(&said), "{}", stderr(&out));
    let kept = std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(kept, "keep me");
}

#[test]
fn build_out_naming_a_file_says_it_is_a_file_and_leaves_it() {
    let handbook = format!("{ROOT}/handbook");
    let args = [
        "build",
        &handbook,
        "--out",
        "site.txt",
        "--today",
        "2026-11-23",
    ];
    refuses_a_file_as_output_folder(&args, "site.txt");
}

#[test]
fn schema_out_naming_a_file_says_it_is_a_file_and_leaves_it() {
    refuses_a_file_as_output_folder(&["schema", "--out", "schemas"], "schemas");
}

#[test]
fn human_output_counts_columns_in_characters_like_json() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("handbook.yaml"), "title: 手册\n").unwrap();
    let body = "---\ntitle: 首页\n---\n退款流程与退货规则请见[退款](missing.md)。\n";
    std::fs::write(dir.path().join("index.md"), body).unwrap();
    let json = opsbook(dir.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let finding = &json["diagnostics"][0];
    assert_eq!(finding["rule"], "broken-link");
    let (line, column) = (
        finding["line"].as_u64().unwrap(),
        finding["column"].as_u64().unwrap(),
    );
    assert_eq!(line, 4);
    assert!(
        column > 10 && column < 20,
        "column {column} counts characters"
    );
    let human = stdout(&opsbook(dir.path(), &["check"]));
    assert!(
        human.contains(&format!("[index.md:{line}:{column}]")),
        "human output gives the JSON position:\n{human}"
    );
}

#[test]
fn help_lists_wrap_between_ids_never_inside_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("handbook.yaml"), "title: 手册\n").unwrap();
    std::fs::create_dir(dir.path().join("roles")).unwrap();
    let ids = [
        "customer-service-lead",
        "finance-controller",
        "logistics-coordinator",
        "quality-inspector",
        "warehouse-supervisor",
    ];
    for id in ids {
        let role = format!("---\ntitle: {id}\nresponsibilities: [x]\n---\n");
        std::fs::write(dir.path().join(format!("roles/{id}.md")), role).unwrap();
    }
    let page = "---\ntitle: 首页\nrelated: [\"role:zz\"]\n---\n";
    std::fs::write(dir.path().join("index.md"), page).unwrap();
    let human = stdout(&opsbook(dir.path(), &["check"]));
    assert!(human.contains("unknown role `zz`"), "{human}");
    for id in ids {
        assert!(human.contains(id), "`{id}` is cut across lines:\n{human}");
    }
}

#[test]
fn front_matter_mistakes_are_pointed_at_where_the_author_fixes_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("handbook.yaml"), "title: 手册\n").unwrap();
    let page = |name: &str, front: &str| {
        std::fs::write(root.join(name), format!("---\n{front}---\n正文\n")).unwrap();
    };
    page("tab.md", "title: 标题\nextra:\n  a: 1\n\tb: 2\n");
    page("empty.md", "title: 标题\ntags:\nsummary: x\n");
    page("dup.md", "title: 标题\nsummary: x\ntitle: again\n");
    page("day.md", "title: 标题\neffective: 2026-02-30\n");
    let out = opsbook(root, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let find = |file: &str| {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["file"] == file)
            .unwrap_or_else(|| panic!("no finding for {file}: {json:#}"))
            .clone()
    };
    let at = |d: &serde_json::Value| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
    let tab = find("tab.md");
    assert_eq!(at(&tab), (5, 1), "the tab itself: {tab:#}");
    assert!(
        tab["help"]
            .as_str()
            .unwrap()
            .contains("does not allow tabs for indentation")
    );
    let empty = find("empty.md");
    assert_eq!(at(&empty), (3, 1), "the empty key: {empty:#}");
    assert!(
        empty["help"].as_str().unwrap().starts_with("fill it in"),
        "{empty:#}"
    );
    let dup = find("dup.md");
    assert_eq!(at(&dup), (4, 1));
    assert!(
        dup["help"]
            .as_str()
            .unwrap()
            .contains("already set on line 2;"),
        "{dup:#}"
    );
    let day = find("day.md");
    assert_eq!(
        day["message"],
        "`2026-02-30` is not a date: 2026-02 has 28 days"
    );
}

/// Words opsbook itself says in English (labels, status lines, summaries, clap's errors): none
/// may be left on a Chinese user's screen.
const ENGLISH_LABELS: &[&str] = &[
    "help:",
    "note:",
    "error:",
    "warning:",
    "tip:",
    "Usage:",
    "For more information",
    "checked",
    "document",
    "problems",
    "errors",
    "warnings",
    "not built",
    "built ",
    "created",
    "next:",
    "fill in",
    "unexpected argument",
    "unrecognized subcommand",
    "invalid value",
    "a similar",
    "required",
];

/// `opsbook ARGS` in `dir` as a Chinese user runs it: `LANG=zh_CN.UTF-8`, no `--lang`, no
/// OPSBOOK_LANG, on a handbook that sets no `language:`.
fn in_chinese(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .current_dir(dir)
        .args(args)
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("OPSBOOK_LANG")
        .env_remove("OPSBOOK_TODAY")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("opsbook runs")
}

/// Each line of `out`'s stdout and stderr that holds one of [`ENGLISH_LABELS`], outside
/// backticks (identifiers) and file paths.
fn english_lines(out: &std::process::Output) -> Vec<String> {
    let text = format!("{}{}", stdout(out), stderr(out));
    text.lines()
        .filter(|line| {
            let prose: String = line.split('`').step_by(2).collect();
            ENGLISH_LABELS.iter().any(|label| prose.contains(label))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn under_a_chinese_locale_a_broken_handbook_and_a_bad_command_line_speak_chinese() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    support::copy_tree(Path::new(&fixture("missing-owner")), &root);
    support::copy_tree(
        &Path::new(&fixture("unknown-field")).join("sops"),
        &root.join("sops"),
    );
    // A file whose front matter does not parse, and one that is not even text.
    std::fs::write(root.join("sops/broken.md"), "---\ntitle: [unclosed\n---\n").unwrap();
    std::fs::write(root.join("sops/binary.md"), [0u8, 159, 146, 150]).unwrap();
    let today = ["--today", "2026-11-23"];

    // `check`, as people read it and as CI does (JSON and SARIF: keys stay English, their
    // texts are checked in tests/rules.rs).
    for format in ["human", "github"] {
        let out = in_chinese(
            dir.path(),
            &[&["check", "hb", "--format", format], &today[..]].concat(),
        );
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let english = english_lines(&out);
        assert!(english.is_empty(), "{format}: {english:#?}");
    }
    let human = in_chinese(dir.path(), &[&["check", "hb"], &today[..]].concat());
    let text = stdout(&human);
    assert!(text.contains("  帮助: "), "{text}");
    assert!(text.trim_end().ends_with("个警告"), "{text}");

    // `build` refuses it, and says so in Chinese.
    let build = in_chinese(
        dir.path(),
        &[&["build", "hb", "--out", "site"], &today[..]].concat(),
    );
    assert_eq!(build.status.code(), Some(1));
    assert!(stderr(&build).contains("未生成"), "{}", stderr(&build));
    let english = english_lines(&build);
    assert!(english.is_empty(), "{english:#?}");

    // What `init` and `new` say when they made something.
    let init = in_chinese(dir.path(), &["init", "fresh"]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    assert!(
        stdout(&init).starts_with("已在 `fresh` 中创建手册"),
        "{}",
        stdout(&init)
    );
    let new = in_chinese(&dir.path().join("fresh"), &["new", "sop", "refund"]);
    assert_eq!(new.status.code(), Some(0), "{}", stderr(&new));
    assert!(stdout(&new).starts_with("已创建 `"), "{}", stdout(&new));
    for out in [&init, &new] {
        let english = english_lines(out);
        assert!(english.is_empty(), "{english:#?}");
    }

    // The command line's own errors: Chinese, exit code 2, as clap's would be.
    for args in [
        &["check", "hb", "--bogus"][..],
        &["chek", "hb"],
        &["check", "hb", "--format", "xml"],
        &["check", "hb", "--today"],
        &["check", "hb", "--today", "2026-13-01"],
        &["diff"],
        // clap's own parsers give English reasons: left out.
        &["serve", "hb", "--port", "abc"],
        &["serve", "hb", "--port", "70000"],
    ] {
        let out = in_chinese(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{args:?}");
        let err = stderr(&out);
        assert!(err.starts_with("错误: "), "{args:?}: {err}");
        assert!(
            !err.contains("invalid digit") && !err.contains("is not in"),
            "{args:?}: {err}"
        );
        assert!(
            err.trim_end().ends_with("如需更多信息，请使用 `--help`。"),
            "{err}"
        );
        let english = english_lines(&out);
        assert!(english.is_empty(), "{args:?}: {english:#?}");
    }
    let unknown = stderr(&in_chinese(dir.path(), &["check", "hb", "--dny-warnings"]));
    assert!(
        unknown.contains("无法识别的参数 `--dny-warnings`")
            && unknown.contains("提示: 有相近的参数：`--deny-warnings`")
            && unknown.contains("用法: opsbook check"),
        "{unknown}"
    );
    // `--lang en` (read before clap parses anything) brings clap's own English back, byte for
    // byte; help stays clap's, on stdout, exit code 0.
    let en = in_chinese(dir.path(), &["--lang", "en", "check", "hb", "--bogus"]);
    let c = opsbook(dir.path(), &["check", "hb", "--bogus"]);
    assert_eq!(en.status.code(), Some(2));
    assert_eq!(stderr(&en), stderr(&c));
    assert!(stderr(&c).starts_with("error: unexpected argument '--bogus' found"));
    let help = in_chinese(dir.path(), &["check", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("Usage: opsbook check"));
}
