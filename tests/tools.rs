//! opsbook among the tools around it: shell completions, the man page, `check --stdin` for
//! editors, the pre-commit hook and the GitHub Action.

mod support;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use opsbook::lint::rules::RULES;
use opsbook::model::Kind;
use serde_json::Value;
use support::{TODAY, copy_tree, example_root, opsbook, stderr, stdout};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The subcommands `opsbook --help` lists (without `help`).
fn subcommands() -> Vec<String> {
    let help = stdout(&opsbook(Path::new(ROOT), &["--help"]));
    let listed = help
        .split("Commands:")
        .nth(1)
        .expect("--help lists commands")
        .split("\n\n")
        .next()
        .unwrap_or_default();
    let names: Vec<String> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(String::from)
        .collect();
    assert!(names.len() >= 12, "{help}");
    names
}

/// Does `shell`'s completion script offer `value` as a word to complete, rather than only
/// mention it in a description?
fn offers(shell: &str, script: &str, value: &str) -> bool {
    match shell {
        "fish" => {
            script.contains(&format!("-a '{value}'")) || script.contains(&format!("-a \"{value}\""))
        }
        "powershell" => script.contains(&format!("[CompletionResult]::new('{value}'")),
        "bash" => script
            .lines()
            .filter_map(|l| l.trim().strip_prefix("opts=\""))
            .any(|opts| opts.trim_end_matches('"').split(' ').any(|w| w == value)),
        // zsh: `'value:description'`, `value\:"description"`, or a word list `:(a b c)`.
        _ => {
            let listed = script.split(":(").skip(1).any(|rest| {
                let list = rest.split(')').next().unwrap_or("");
                list.split_whitespace().any(|w| w == value)
            });
            listed
                || script.contains(&format!("'{value}:"))
                || script.contains(&format!("{value}\\:\""))
        }
    }
}

#[test]
fn completion_scripts_offer_subcommands_kinds_and_rules() {
    let names: Vec<String> = subcommands()
        .into_iter()
        .chain(Kind::ALL.map(|k| k.name().to_string()))
        .chain(RULES.iter().map(|r| r.name.to_string()))
        .chain(["handbook".to_string()])
        .collect();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = opsbook(Path::new(ROOT), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for name in &names {
            assert!(
                offers(shell, &script, name),
                "{shell} completion lacks `{name}`"
            );
        }
        assert!(!offers(shell, &script, "no-such-value"), "{shell}");
    }
}

#[test]
fn an_unknown_shell_is_refused() {
    let out = opsbook(Path::new(ROOT), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("tcsh"), "{}", stderr(&out));
}

#[test]
fn the_bash_script_is_valid_bash() {
    let script = stdout(&opsbook(Path::new(ROOT), &["completions", "bash"]));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("opsbook.bash");
    std::fs::write(&file, &script).unwrap();
    let parsed = Command::new("bash").arg("-n").arg(&file).output().unwrap();
    assert!(parsed.status.success(), "{}", stderr(&parsed));
    // Loaded into a shell, it completes `opsbook explain st` to the rule names.
    let run = format!(
        "source {}; COMP_WORDS=(opsbook explain st); COMP_CWORD=2; _opsbook opsbook st explain; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let out = Command::new("bash").arg("-c").arg(run).output().unwrap();
    assert_eq!(stdout(&out), "stale-review\n", "{}", stderr(&out));
}

#[test]
fn the_man_page_names_every_subcommand() {
    let out = opsbook(Path::new(ROOT), &["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie") && page.contains(".TH opsbook 1"),
        "{page}"
    );
    for name in subcommands() {
        assert!(
            page.contains(&format!("opsbook\\-{name}(1)")),
            "the page lacks `{name}`"
        );
    }
    assert!(!page.contains("opsbook\\-help"), "`help` has no page");
    assert_eq!(
        page,
        stdout(&opsbook(Path::new(ROOT), &["man"])),
        "deterministic"
    );
}

#[test]
fn man_out_writes_one_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("man1");
    let out = opsbook(
        Path::new(ROOT),
        &["man", "--out", out_dir.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written: BTreeSet<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let mut expected: BTreeSet<String> = subcommands()
        .iter()
        .map(|name| format!("opsbook-{name}.1"))
        .collect();
    expected.insert("opsbook.1".into());
    assert_eq!(written, expected);
    let check = std::fs::read_to_string(out_dir.join("opsbook-check.1")).unwrap();
    assert!(check.contains("\\-\\-deny\\-warnings"), "{check}");
}

/// `opsbook check --stdin --path FILE args…` run in `dir`, with `text` on standard input.
fn check_buffer(dir: &Path, file: &Path, text: &str, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("OPSBOOK_TODAY")
        .env_remove("OPSBOOK_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .args(["check", "--stdin", "--path", file.to_str().unwrap()])
        .args(["--today", TODAY, "--no-git"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A refused path ends the command before it reads its input: a closed pipe is no error.
    let written = child.stdin.take().unwrap().write_all(text.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

fn diagnostics(out: &Output) -> Vec<Value> {
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    json["diagnostics"].as_array().unwrap().clone()
}

/// The example handbook in a temporary folder, with one other document broken on disk.
fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example_root(), &dir.path().join("handbook"));
    let other = dir.path().join("handbook/sops/order-exception.md");
    let text = std::fs::read_to_string(&other).unwrap();
    std::fs::write(&other, text.replacen("owners:", "owner:", 1)).unwrap();
    dir
}

#[test]
fn a_broken_buffer_is_reported_at_its_own_lines_while_the_file_on_disk_is_fine() {
    let dir = example_copy();
    let file = dir.path().join("handbook/sops/incident-triage.md");
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("owners: [it-oncall]\n"));
    // Two lines more above the mistake than on disk, and an owner no role has.
    let buffer = saved.replacen(
        "owners: [it-oncall]\n",
        "# draft\n# draft\nowners: [it-on-call]\n",
        1,
    );
    let line = 1 + buffer[..buffer.find("it-on-call").unwrap()]
        .matches('\n')
        .count();
    // From a folder outside the handbook: the root is found from the file.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = check_buffer(elsewhere.path(), &file, &buffer, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let found = diagnostics(&out);
    assert_eq!(found.len(), 1, "only the buffer's file: {found:?}");
    assert_eq!(found[0]["rule"], "unknown-reference");
    assert_eq!(found[0]["file"], "sops/incident-triage.md");
    assert_eq!(found[0]["line"], line);
    assert_eq!(found[0]["column"], 10);
    assert!(
        found[0]["help"].as_str().unwrap().contains("it-oncall"),
        "{found:?}"
    );
    // The file on disk is untouched and clean; the broken one beside it is reported.
    assert_eq!(std::fs::read_to_string(&file).unwrap(), saved);
    let all = opsbook(
        dir.path(),
        &["check", "--format", "json", "--today", TODAY, "--no-git"],
    );
    let files: BTreeSet<String> = diagnostics(&all)
        .iter()
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert!(files.contains("sops/order-exception.md"), "{files:?}");
    assert!(!files.contains("sops/incident-triage.md"), "{files:?}");
}

#[test]
fn a_fixed_buffer_gives_no_findings() {
    let dir = example_copy();
    let file = dir.path().join("handbook/sops/incident-triage.md");
    let saved = std::fs::read_to_string(&file).unwrap();
    // Relative to the current folder, like an editor's task would give it.
    let out = check_buffer(
        dir.path(),
        Path::new("handbook/sops/incident-triage.md"),
        &saved,
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"], Value::Array(vec![]));
    assert_eq!(json["summary"]["documents"], 1);
}

#[test]
fn a_buffer_sees_the_rest_of_the_handbook() {
    let dir = example_copy();
    // A new file, not yet saved, whose id another document already has (its path sorts
    // after that document's, so the finding is the new file's).
    let file = dir.path().join("handbook/sops/triage-draft.md");
    let saved = std::fs::read_to_string(dir.path().join("handbook/sops/incident-triage.md"))
        .unwrap()
        .replacen("---\n", "---\nid: incident-triage\n", 1);
    let out = check_buffer(dir.path(), &file, &saved, &[]);
    let rules: Vec<String> = diagnostics(&out)
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect();
    assert!(rules.iter().any(|r| r == "duplicate-id"), "{rules:?}");
    assert!(!file.exists());
}

#[test]
fn a_buffer_honours_format_and_refuses_a_path_outside_the_handbook() {
    let dir = example_copy();
    let file = dir.path().join("handbook/sops/incident-triage.md");
    let text = "---\ntitle: [unclosed\n---\n";
    let out = check_buffer(dir.path(), &file, text, &["--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("::error file=handbook/sops/incident-triage.md,line=")
            && stdout(&out).contains("title=invalid-front-matter::"),
        "{}",
        stdout(&out)
    );
    let outside = dir.path().join("notes.md");
    std::fs::write(&outside, "").unwrap();
    let root = dir.path().join("handbook");
    let out = check_buffer(dir.path(), &outside, text, &[root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    // The example handbook is in Chinese (`language: zh-CN`), and so is the error.
    assert!(stderr(&out).contains("处手册中的文件"), "{}", stderr(&out));
    let needs_path = opsbook(dir.path(), &["check", "--stdin"]);
    assert_eq!(needs_path.status.code(), Some(2));
}

/// A YAML file of the repository as JSON; `list` when its top is a sequence.
fn yaml(file: &str, list: bool) -> Value {
    let text = std::fs::read_to_string(Path::new(ROOT).join(file)).unwrap();
    let options = marked_yaml::LoaderOptions::default();
    let options = if list {
        options.toplevel_sequence()
    } else {
        options
    };
    marked_yaml::from_yaml_with_options(0, &text, options).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Every `NAME` in `${{ … PREFIX.NAME … }}` in the strings under `value`.
fn names_after(value: &Value, prefix: &str, found: &mut BTreeSet<String>) {
    match value {
        Value::String(s) => {
            for expr in s.split("${{").skip(1) {
                let expr = expr.split("}}").next().unwrap_or_default();
                for part in expr.split(prefix).skip(1) {
                    let name: String = part
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                        .collect();
                    found.insert(name);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| names_after(v, prefix, found)),
        Value::Object(map) => map.values().for_each(|v| names_after(v, prefix, found)),
        _ => {}
    }
}

#[test]
fn the_action_declares_every_input_it_uses_and_keeps_them_out_of_scripts() {
    let action = yaml("action.yml", false);
    assert_eq!(action["runs"]["using"], "composite");
    let inputs = action["inputs"].as_object().expect("inputs");
    for (name, input) in inputs {
        assert!(
            input["description"].is_string(),
            "input `{name}` has no description"
        );
    }
    for wanted in ["root", "format", "diff-comment", "sarif", "toolchain"] {
        assert!(inputs.contains_key(wanted), "no input `{wanted}`");
    }
    let steps = action["runs"]["steps"].as_array().expect("steps");
    let mut used = BTreeSet::new();
    names_after(&action["runs"], "inputs.", &mut used);
    names_after(&action["outputs"], "inputs.", &mut used);
    let declared: BTreeSet<String> = inputs.keys().cloned().collect();
    assert!(
        used.is_subset(&declared),
        "undeclared: {:?}",
        &used - &declared
    );
    assert!(declared.is_subset(&used), "unused: {:?}", &declared - &used);
    let mut ids = BTreeSet::new();
    for step in steps {
        // Every step either runs a script in a named shell, or uses a pinned action.
        match (step["run"].as_str(), step["uses"].as_str()) {
            (Some(script), None) => {
                assert_eq!(step["shell"], "bash", "{step}");
                assert!(
                    !script.contains("${{"),
                    "expressions go through env: {script}"
                );
            }
            (None, Some(uses)) => assert!(uses.contains('@'), "{uses} is not pinned"),
            _ => panic!("a step with both or neither of run and uses: {step}"),
        }
        // A step refers only to the steps before it.
        let mut refs = BTreeSet::new();
        names_after(step, "steps.", &mut refs);
        assert!(
            refs.is_subset(&ids),
            "{:?} before their steps",
            &refs - &ids
        );
        if let Some(id) = step["id"].as_str() {
            ids.insert(id.to_string());
        }
    }
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.iter()
            .any(|u| u.starts_with("github/codeql-action/upload-sarif@")),
        "{uses:?}"
    );
    let scripts: String = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    for command in [
        "cargo install --locked --path \"$GITHUB_ACTION_PATH\"",
        "--format sarif",
        "gh pr comment",
        "--edit-last --create-if-none",
    ] {
        assert!(scripts.contains(command), "no `{command}`");
    }
}

#[test]
fn the_pre_commit_hook_runs_check_once_on_markdown_and_yaml() {
    let hooks = yaml(".pre-commit-hooks.yaml", true);
    let hooks = hooks.as_array().expect("a list of hooks");
    let hook = hooks
        .iter()
        .find(|h| h["id"] == "opsbook-check")
        .expect("opsbook-check");
    assert_eq!(hook["entry"], "opsbook check");
    assert_eq!(hook["language"], "rust");
    // marked-yaml keeps scalars as text: `false` here is YAML's boolean for pre-commit.
    assert_eq!(hook["pass_filenames"], "false");
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    for path in ["handbook/sops/a.md", "handbook/handbook.yaml", "x.yml"] {
        assert!(files.is_match(path), "{path}");
    }
    for path in ["src/main.rs", "handbook/assets/logo.png", "README.mdx"] {
        assert!(!files.is_match(path), "{path}");
    }
    // The example configuration in docs/ci.md names this hook.
    let ci = std::fs::read_to_string(Path::new(ROOT).join("docs/ci.md")).unwrap();
    assert!(
        ci.contains("id: opsbook-check"),
        "docs/ci.md has no pre-commit example"
    );
}
