//! What the integration tests share: running the `opsbook` binary, git repositories in
//! temporary folders (built with nothing from the machine's git configuration), building a
//! handbook into a site, and reading the HTML back.

#![allow(dead_code)] // each test file uses its own part of this

pub(crate) mod cdp;
pub(crate) mod html;
pub(crate) mod pdf;
pub(crate) mod search;
pub(crate) mod serve;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use opsbook::model::{Date, Handbook, Index};
use opsbook::render::{Inputs, Options, RenderError, Stats, render_site};

pub(crate) fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// Copy a folder's files into `to`, replacing what was there (a built `_site/` is left out).
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).unwrap();
    }
    let entries = walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| e.file_name() != "_site");
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

/// A git repository in a temporary folder.
pub(crate) struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    pub(crate) fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn git(&self, args: &[&str]) -> String {
        self.run_git(None, args)
    }

    /// Stage everything and commit.
    pub(crate) fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Stage everything and commit as author `t`, authored and committed at noon UTC on
    /// `date` (`YYYY-MM-DD`): the same commit ids on every run.
    pub(crate) fn commit_at(&self, date: &str, message: &str) {
        self.git(&["add", "-A"]);
        self.git_at(date, &["commit", "-q", "--allow-empty", "-m", message]);
    }

    /// `git args…` with the author and committer dates fixed at noon UTC on `date`.
    pub(crate) fn git_at(&self, date: &str, args: &[&str]) -> String {
        self.run_git(Some(&format!("{date}T12:00:00+0000")), args)
    }

    /// `git args…` in the repository, with nothing from the machine's configuration, and
    /// author and committer dates `stamp` when given.
    fn run_git(&self, stamp: Option<&str>, args: &[&str]) -> String {
        let mut command = Command::new("git");
        command
            .current_dir(self.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(["-c", "commit.gpgsign=false"]);
        if let Some(stamp) = stamp {
            command
                .env("GIT_AUTHOR_DATE", stamp)
                .env("GIT_COMMITTER_DATE", stamp);
        }
        let out = command.args(args).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Write `text` to `rel` (folders made as needed).
    pub(crate) fn write(&self, rel: &str, text: &str) {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Run `opsbook args…` in `dir`.
pub(crate) fn opsbook(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("OPSBOOK_TODAY")
        // The language of messages comes from the handbook or the arguments, not from the
        // machine the tests run on.
        .env_remove("OPSBOOK_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .args(args)
        .output()
        .unwrap()
}

pub(crate) fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

pub(crate) const TODAY: &str = "2026-11-23";

pub(crate) fn today() -> Date {
    Date::parse(TODAY).expect("a valid date")
}

/// The example handbook's site, built once per test binary (no git history).
pub(crate) fn example_site() -> &'static Path {
    static SITE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    let (_, path) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp folder");
        let out = dir.path().join("site");
        build(&example_root(), &out, None).expect("the example builds");
        (dir, out)
    });
    path
}

/// The example handbook of the repository.
pub(crate) fn example_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("handbook")
}

pub(crate) fn render_fixture(name: &str) -> PathBuf {
    fixture("render").join(name)
}

pub(crate) fn load(root: &Path) -> Handbook {
    opsbook::load::load_handbook(root).expect("the handbook loads")
}

/// Build `root` into `out` with the test's fixed date.
pub(crate) fn build(root: &Path, out: &Path, theme: Option<&Path>) -> Result<Stats, RenderError> {
    let handbook = load(root);
    let index = Index::new(&handbook);
    let options = Options {
        out: out.to_path_buf(),
        today: today(),
        theme: theme.map(Path::to_path_buf),
    };
    render_site(
        Inputs {
            handbook: &handbook,
            index: &index,
            history: None,
            options: &options,
        },
        &|_| {},
    )
}

/// Every file under `dir`, relative and `/`-separated, sorted.
pub(crate) fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .expect("under dir")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Every file of a tree with its bytes, for comparing two builds.
pub(crate) fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).expect("readable file");
            (f, bytes)
        })
        .collect()
}

pub(crate) fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}
