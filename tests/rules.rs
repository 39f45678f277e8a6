//! Every rule has a fixture handbook under `tests/fixtures/rules/<rule>/`: files named `bad*`
//! must get at least one finding of the rule, files named `ok*` none. The findings of each
//! fixture are also snapshotted, so a changed message or position is reviewed.

mod support;

use std::path::Path;

use opsbook::lint::{self, Finding, rules::RULES};
use opsbook::model::{Date, Index};

/// The findings of the fixture handbook at `dir`. A fixture with a `.commits/` folder is
/// checked in a git repository made from it: each `.commits/NN YYYY-MM-DD subject/` folder is
/// copied over the work tree and committed on that date (its `.git-mv` lists `from TAB to`
/// moves made first), then the fixture's own files are copied over, left uncommitted.
fn check(dir: &Path) -> Vec<Finding> {
    if dir.join(".commits").is_dir() {
        return check_in_git(dir);
    }
    let handbook = opsbook::load::load_handbook(dir).expect("fixture loads");
    let index = Index::new(&handbook);
    lint::check_handbook(&handbook, &index, Date::parse("2026-11-23").unwrap())
}

fn check_in_git(dir: &Path) -> Vec<Finding> {
    let repo = in_git(dir);
    let handbook = opsbook::load::load_handbook(repo.path()).expect("fixture loads");
    let index = Index::new(&handbook);
    let mut history =
        opsbook::history::read_history(repo.path(), None, opsbook::history::Cache::Off)
            .history
            .expect("a history");
    history.read_approved_changes(&handbook).unwrap();
    lint::check(&lint::Context {
        handbook: &handbook,
        index: &index,
        today: Date::parse("2026-11-23").unwrap(),
        lang: opsbook::locale::Lang::En,
        history: Some(&history),
    })
}

/// The fixture at `dir` as a git repository made from its `.commits/`.
fn in_git(dir: &Path) -> support::Repo {
    let repo = support::Repo::new();
    let mut commits: Vec<_> = std::fs::read_dir(dir.join(".commits"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    commits.sort();
    for commit in commits {
        let name = commit.file_name().unwrap().to_str().unwrap().to_string();
        let mut words = name.splitn(3, ' ');
        let (_, date, subject) = (words.next(), words.next().unwrap(), words.next().unwrap());
        if let Ok(moves) = std::fs::read_to_string(commit.join(".git-mv")) {
            for line in moves.lines() {
                let (from, to) = line.split_once('\t').unwrap();
                let to_dir = repo.path().join(to);
                std::fs::create_dir_all(to_dir.parent().unwrap()).unwrap();
                repo.git(&["mv", from, to]);
            }
        }
        overlay(&commit, repo.path());
        repo.commit_at(date, subject);
    }
    overlay(dir, repo.path());
    repo
}

/// Copy the files under `from` (not those under a folder or named with a leading `.`) into
/// `to`, over what is there.
fn overlay(from: &Path, to: &Path) {
    let entries = walkdir::WalkDir::new(from)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn stem(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[test]
fn every_rule_fires_on_its_bad_files_and_spares_its_ok_files() {
    for rule in RULES {
        let dir = Path::new("tests/fixtures/rules").join(rule.name);
        assert!(
            dir.is_dir(),
            "rule `{}` has no fixture at {}",
            rule.name,
            dir.display()
        );
        let findings = check(&dir);
        let handbook = opsbook::load::load_handbook(&dir).unwrap();
        let mut bad = 0;
        for doc in &handbook.documents {
            let hits = findings
                .iter()
                .filter(|f| f.file == doc.path && f.rule == rule.name)
                .count();
            if stem(&doc.path).starts_with("bad") {
                bad += 1;
                assert!(hits > 0, "`{}` should fire on {}", rule.name, doc.path);
            }
            if stem(&doc.path).starts_with("ok") {
                let all: Vec<_> = findings.iter().filter(|f| f.file == doc.path).collect();
                assert!(all.is_empty(), "{} should be clean, got {all:#?}", doc.path);
            }
        }
        let config_hits = findings
            .iter()
            .any(|f| f.file == "handbook.yaml" && f.rule == rule.name);
        assert!(
            bad > 0 || config_hits,
            "fixture of `{}` has no bad case",
            rule.name
        );
    }
}

#[test]
fn findings_of_each_fixture_match_their_snapshot() {
    for rule in RULES {
        let findings = check(&Path::new("tests/fixtures/rules").join(rule.name));
        let lines: Vec<String> = findings
            .iter()
            .map(|f| {
                let help = f
                    .help
                    .as_deref()
                    .map(|h| format!(" (help: {h})"))
                    .unwrap_or_default();
                format!(
                    "{}:{}:{} {} {:?}: {}{help}",
                    f.file, f.line, f.column, f.rule, f.severity, f.message
                )
            })
            .collect();
        insta::assert_snapshot!(rule.name, lines.join("\n"));
    }
}

#[test]
fn registry_is_sorted_unique_and_documented() {
    let names: Vec<_> = RULES.iter().map(|r| r.name).collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(names, sorted, "rules must be unique and sorted by name");
    for rule in RULES {
        assert!(
            rule.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'),
            "{} is not kebab-case",
            rule.name
        );
        for section in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Fix",
        ] {
            assert!(
                rule.docs.contains(section),
                "`{}` docs lack `{section}`",
                rule.name
            );
        }
        // The Chinese docs have the same sections, in the same order, and as many code blocks.
        let sections = |docs: &str| -> Vec<usize> {
            docs.lines()
                .enumerate()
                .filter(|(_, l)| l.starts_with("## "))
                .map(|(i, _)| i)
                .collect()
        };
        let zh_sections: Vec<&str> = rule
            .docs_zh
            .lines()
            .filter(|l| l.starts_with("## "))
            .collect();
        assert_eq!(
            zh_sections,
            ["## 作用", "## 为什么重要", "## 示例", "## 修复"],
            "`{}` Chinese docs sections",
            rule.name
        );
        assert_eq!(
            sections(rule.docs).len(),
            4,
            "`{}` docs sections",
            rule.name
        );
        assert_eq!(
            rule.docs.matches("```").count(),
            rule.docs_zh.matches("```").count(),
            "`{}`: the Chinese docs have other examples",
            rule.name
        );
        assert!(
            rule.summary_zh
                .contains(|c: char| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "`{}` has no Chinese summary",
            rule.name
        );
        for summary in [rule.summary, rule.summary_zh] {
            assert!(
                !summary.ends_with('.') && !summary.ends_with('。'),
                "`{}` summary ends with a period",
                rule.name
            );
        }
    }
}

#[test]
fn the_example_handbook_checks_clean() {
    let findings = check(Path::new("handbook"));
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn rule_levels_from_handbook_yaml_apply() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new("tests/fixtures/rules/stale-review");
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(dir.path().join(rel)).unwrap();
        } else {
            std::fs::copy(entry.path(), dir.path().join(rel)).unwrap();
        }
    }
    std::fs::write(
        dir.path().join("handbook.yaml"),
        "title: t\nrules:\n  stale-review: warning\n",
    )
    .unwrap();
    let findings = check(dir.path());
    assert!(findings.iter().any(|f| f.rule == "stale-review"));
    assert!(
        findings
            .iter()
            .all(|f| f.severity == lint::Severity::Warning),
        "{findings:#?}"
    );
    std::fs::write(
        dir.path().join("handbook.yaml"),
        "title: t\nrules:\n  stale-review: off\n",
    )
    .unwrap();
    assert!(check(dir.path()).iter().all(|f| f.rule != "stale-review"));
}

#[test]
fn a_long_chain_of_successors_is_followed_to_its_end_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("handbook.yaml"), "title: t\n").unwrap();
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    let n = 1_000;
    let write = |last_retired: bool| {
        for i in 0..n {
            let text = if i + 1 < n {
                format!(
                    "---\ntitle: v{i}\nstatus: retired\nsuperseded_by: page:p{}\n---\n",
                    i + 1
                )
            } else if last_retired {
                format!("---\ntitle: v{i}\nstatus: retired\n---\n")
            } else {
                format!("---\ntitle: v{i}\n---\n")
            };
            std::fs::write(dir.path().join(format!("pages/p{i}.md")), text).unwrap();
        }
    };
    let retired_findings = |findings: Vec<Finding>| {
        findings
            .into_iter()
            .filter(|f| f.rule == "reference-to-retired")
            .collect::<Vec<_>>()
    };
    write(false);
    assert!(retired_findings(check(dir.path())).is_empty());
    write(true);
    let found = retired_findings(check(dir.path()));
    // Every version but the last points at a retired successor, and every chain ends at the last.
    assert_eq!(found.len(), n - 1, "{:?}", found.first());
    assert!(found.iter().all(|f| f.message.contains("`page:p999`")));
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

/// Columns a terminal gives a line: two for CJK and full-width characters, one for others.
fn columns(line: &str) -> usize {
    line.chars()
        .map(|c| {
            if is_han(c) || ('\u{ac00}'..='\u{d7a3}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// English words in `text` outside backticks, but for names of tools and formats.
fn english_words(text: &str) -> Vec<String> {
    const NAMES: &[&str] = &[
        "id", "opsbook", "git", "yaml", "MkDocs", "GitHub", "Markdown", "HTML", "YAML", "UTF",
        "GBK", "SOP", "MiB", "YYYY", "MM", "DD", "handbook", "sop", "kpi",
    ];
    // Identifiers are in backticks; what authors wrote (a commit subject) in “quotes”.
    let prose: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    let prose: String = prose
        .split(['“', '”'])
        .step_by(2)
        .collect::<Vec<_>>()
        .join(" ");
    prose
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.len() > 1 && w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !NAMES.contains(w))
        .map(str::to_string)
        .collect()
}

/// Run `opsbook check` on `root` as a Chinese user does (`LANG=zh_CN.UTF-8`), in `format`.
fn check_in_chinese(root: &Path, format: &str, columns: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .current_dir(root)
        .args(["check", ".", "--today", "2026-11-23", "--format", format])
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("OPSBOOK_LANG")
        .env("NO_COLOR", "1")
        .env("COLUMNS", columns)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("opsbook runs");
    assert!(out.status.code().is_some_and(|c| c < 2), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn under_a_chinese_locale_every_message_of_every_fixture_is_chinese() {
    for rule in RULES {
        let dir = Path::new("tests/fixtures/rules").join(rule.name);
        let repo = dir.join(".commits").is_dir().then(|| in_git(&dir));
        let root = repo
            .as_ref()
            .map_or(dir.clone(), |r| r.path().to_path_buf());

        // JSON: every message and help, keys and rule names as they are.
        let json: serde_json::Value =
            serde_json::from_str(&check_in_chinese(&root, "json", "100")).expect("JSON");
        let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
        assert!(
            diagnostics.iter().any(|d| d["rule"] == rule.name),
            "`{}` reports nothing on its fixture",
            rule.name
        );
        for d in diagnostics {
            for field in ["message", "help"] {
                let Some(text) = d[field].as_str() else {
                    continue;
                };
                let prose: String = text.split('`').step_by(2).collect();
                assert!(
                    prose.contains(is_han),
                    "{} {field} is not Chinese: {text}",
                    d["rule"]
                );
                let english = english_words(text);
                assert!(
                    english.is_empty(),
                    "{} {field} has English {english:?}: {text}",
                    d["rule"]
                );
            }
        }

        // SARIF: the same messages; rule ids stay.
        let sarif: serde_json::Value =
            serde_json::from_str(&check_in_chinese(&root, "sarif", "100")).expect("SARIF");
        for result in sarif["runs"][0]["results"].as_array().expect("results") {
            let text = result["message"]["text"].as_str().expect("text");
            assert!(text.contains(is_han), "{text}");
            assert!(RULES.iter().any(|r| result["ruleId"] == r.name));
            assert!(!text.contains("help:"), "{text}");
        }
        // …and the rules' descriptions and help, in a log that says it is in Chinese.
        assert_eq!(sarif["runs"][0]["language"], "zh-CN");
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules");
        assert_eq!(rules.len(), RULES.len());
        for rule in rules {
            for text in [
                &rule["shortDescription"]["text"],
                &rule["fullDescription"]["text"],
                &rule["help"]["text"],
                &rule["help"]["markdown"],
            ] {
                let text = text.as_str().expect("text");
                assert!(text.contains(is_han), "{}: {text}", rule["id"]);
            }
        }

        // Human: rustc style at a narrow width; each message block (from `×`/`⚠` or `帮助:`
        // to the snippet or the next block) is Chinese, and no line is wider than the screen
        // (miette and textwrap count a CJK character as two columns).
        let human = check_in_chinese(&root, "human", "60");
        let mut blocks: Vec<String> = Vec::new();
        let mut open = false;
        for line in human.lines() {
            let t = line.trim_start();
            // Source lines are cut, not wrapped (a snippet keeps the file's lines).
            let snippet = t.starts_with(['╭', '│', '·', '╰']) || t.contains('│');
            assert!(
                snippet || columns(line) <= 60,
                "wider than 60 columns: {line}"
            );
            if let Some(rest) = t.strip_prefix("× ").or_else(|| t.strip_prefix("⚠ ")) {
                blocks.push(rest.to_string());
                open = true;
            } else if let Some(rest) = t.strip_prefix("帮助: ") {
                blocks.push(rest.to_string());
                open = true;
            } else if t.is_empty() || snippet {
                open = false;
            } else if open {
                blocks.last_mut().expect("a block").push_str(t);
            }
        }
        assert!(!blocks.is_empty(), "{human}");
        // miette's label of the help is in Chinese too.
        assert!(
            !human.lines().any(|l| l.trim_start().starts_with("help:")),
            "{human}"
        );
        for block in &blocks {
            let prose: String = block.split('`').step_by(2).collect();
            assert!(prose.contains(is_han), "not Chinese: {block}\n{human}");
        }
        let summary = human.lines().last().expect("a summary");
        assert!(summary.starts_with("已检查 "), "{summary}");
    }
}
