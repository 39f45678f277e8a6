//! Reading a git repository through the `git` command line: where a folder sits in its
//! repository, which commit a revision names, and the files under that folder at a commit.
//! It owns every call to `git` and knows nothing about handbooks.
//!
//! Why the CLI and not a library: it costs nothing to compile (gix is about 100 crates, git2
//! builds libgit2 from C), every CI runner has it, and it reads whatever a repository can be —
//! shallow clones, worktrees, alternates, partial clones — exactly as the user's own git does.
//! Revisions are read without checking anything out: `rev-parse --verify` resolves them,
//! `ls-tree -r -z` lists a tree, and one `cat-file --batch` process streams all the blobs.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why git could not answer.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum GitError {
    #[error("cannot run `git`")]
    #[diagnostic(
        code(opsbook::git_missing),
        help("install git and make sure it is on PATH")
    )]
    /// The `git` program could not be started.
    Missing(#[source] std::io::Error),
    #[error("`{}` is not inside a git repository", .0.display())]
    #[diagnostic(
        code(opsbook::not_a_repository),
        help(
            "run it in a clone of the repository, or give `--root` inside one; to compare two folders, give both: `opsbook diff OLD_DIR NEW_DIR`"
        )
    )]
    /// The folder (the path) is not inside a git repository.
    NotARepository(PathBuf),
    #[error("unknown revision `{0}`")]
    #[diagnostic(
        code(opsbook::unknown_revision),
        help(
            "give a branch, tag or commit this clone has, e.g. `main`, `origin/main`, `HEAD~1`; in CI, fetch the base branch first (actions/checkout with `fetch-depth: 0`)"
        )
    )]
    /// The revision, as given, names no commit in this clone.
    UnknownRevision(String),
    #[error("`git {command}` failed: {stderr}")]
    #[diagnostic(code(opsbook::git))]
    /// `git` exited with an error.
    Failed {
        /// The arguments after `git`, space-separated.
        command: String,
        /// What git printed on stderr, trimmed.
        stderr: String,
    },
    #[error("cannot read the output of `git {command}`")]
    #[diagnostic(code(opsbook::git))]
    /// Talking to a running `git` failed.
    Io {
        /// The arguments after `git`, space-separated.
        command: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// A file listed at a commit, and its contents when they were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blob {
    /// Read: the file's bytes.
    Read(Vec<u8>),
    /// Over the size limit: not read.
    TooLarge,
    /// Not asked for: not read.
    Skipped,
}

/// A folder inside a git repository.
#[derive(Debug, Clone)]
pub struct Repo {
    /// Where git runs: the folder itself.
    dir: PathBuf,
    /// The repository's top folder (its worktree).
    top: PathBuf,
    /// The folder relative to the top, `/`-terminated, or empty at the top.
    prefix: String,
}

impl Repo {
    /// The repository holding `dir`.
    pub fn open(dir: &Path) -> Result<Repo, GitError> {
        let out =
            git(dir, &["rev-parse", "--show-toplevel", "--show-prefix"]).map_err(|e| match e {
                GitError::Failed { ref stderr, .. } if stderr.contains("not a git repository") => {
                    GitError::NotARepository(dir.to_path_buf())
                }
                e => e,
            })?;
        let text = String::from_utf8_lossy(&out);
        let mut lines = text.lines();
        let top = PathBuf::from(lines.next().unwrap_or_default());
        let prefix = lines.next().unwrap_or_default().to_string();
        Ok(Repo {
            dir: dir.to_path_buf(),
            top,
            prefix,
        })
    }

    /// The repository's top folder (its worktree), as git prints it.
    pub fn top(&self) -> &Path {
        &self.top
    }

    /// The folder relative to the repository's top, `/`-terminated (`handbook/`), or empty.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The commit id a revision names.
    pub fn resolve(&self, revision: &str) -> Result<String, GitError> {
        let spec = format!("{revision}^{{commit}}");
        let args = [
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ];
        match git(&self.dir, &args) {
            Ok(out) => Ok(String::from_utf8_lossy(&out).trim().to_string()),
            Err(GitError::Failed { .. }) => Err(GitError::UnknownRevision(revision.to_string())),
            Err(e) => Err(e),
        }
    }

    /// The files under the folder at `commit`, relative to the folder. Symlinks and submodules
    /// are left out, as they are when a folder is walked on disk. Only the files `wanted`
    /// accepts are read, and only up to `max_size` bytes each; the others are listed.
    pub fn read_folder(
        &self,
        commit: &str,
        max_size: u64,
        wanted: impl Fn(&str) -> bool,
    ) -> Result<BTreeMap<String, Blob>, GitError> {
        let (read, skipped): (Vec<_>, Vec<_>) = self
            .list_blobs(commit)?
            .into_iter()
            .partition(|(path, _)| wanted(path));
        let contents = self.read_blobs(read.iter().map(|(_, oid)| oid.as_str()), max_size)?;
        if contents.len() != read.len() {
            return Err(GitError::Failed {
                command: "cat-file --batch".into(),
                stderr: format!("{} objects asked for, {} read", read.len(), contents.len()),
            });
        }
        let read = read
            .into_iter()
            .zip(contents)
            .map(|((path, _), bytes)| (path, bytes.map_or(Blob::TooLarge, Blob::Read)));
        let skipped = skipped.into_iter().map(|(path, _)| (path, Blob::Skipped));
        Ok(read.chain(skipped).collect())
    }

    /// (path relative to the folder, blob id) of every regular file under it.
    fn list_blobs(&self, commit: &str) -> Result<Vec<(String, String)>, GitError> {
        // `--full-tree` makes paths and the pathspec relative to the top whatever the folder;
        // literal pathspecs keep a folder named `*` from being a glob.
        let mut args = vec![
            "--literal-pathspecs",
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            commit,
        ];
        if !self.prefix.is_empty() {
            args.extend(["--", self.prefix.as_str()]);
        }
        let out = git(&self.dir, &args)?;
        let mut blobs = Vec::new();
        for entry in out.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            // `<mode> SP <type> SP <object> TAB <path>`
            let text = String::from_utf8_lossy(entry);
            let Some((head, path)) = text.split_once('\t') else {
                continue;
            };
            let mut parts = head.split(' ');
            let (Some(mode), Some("blob"), Some(oid)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if mode == "120000" {
                continue;
            }
            if let Some(rel) = path.strip_prefix(&self.prefix) {
                blobs.push((rel.to_string(), oid.to_string()));
            }
        }
        Ok(blobs)
    }

    /// The contents of blobs, in the order given, through one `git cat-file --batch`.
    fn read_blobs<'a>(
        &self,
        oids: impl Iterator<Item = &'a str>,
        max_size: u64,
    ) -> Result<Vec<Option<Vec<u8>>>, GitError> {
        let command = "cat-file --batch";
        let io = |source| GitError::Io {
            command: command.into(),
            source,
        };
        let input: String = oids.map(|oid| format!("{oid}\n")).collect();
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(GitError::Missing)?;
        let mut stdin = child.stdin.take().expect("piped stdin");
        // Write from another thread: git answers while it reads, and a full pipe either way
        // would otherwise deadlock.
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut blobs = Vec::new();
        let mut header = String::new();
        loop {
            header.clear();
            if reader.read_line(&mut header).map_err(io)? == 0 {
                break;
            }
            // `<oid> SP <type> SP <size> LF <contents> LF`, or `<oid> SP missing LF`.
            let size = header
                .trim_end()
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse::<u64>().ok());
            let Some(size) = size else {
                return Err(GitError::Failed {
                    command: command.into(),
                    stderr: format!("cannot read object: {}", header.trim()),
                });
            };
            if size > max_size {
                std::io::copy(&mut (&mut reader).take(size + 1), &mut std::io::sink())
                    .map_err(io)?;
                blobs.push(None);
                continue;
            }
            let mut bytes = vec![0; size as usize + 1];
            reader.read_exact(&mut bytes).map_err(io)?;
            bytes.pop();
            blobs.push(Some(bytes));
        }
        let written = writer.join().expect("the writer thread does not panic");
        let out = child.wait_with_output().map_err(io)?;
        // git's own complaint says more than the broken pipe it leaves behind.
        if !out.status.success() {
            return Err(GitError::Failed {
                command: command.into(),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
            });
        }
        written.map_err(io)?;
        Ok(blobs)
    }
}

/// Run `git -C dir args…` and return its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = Command::new("git")
        // Untranslated messages: `open` recognises "not a git repository" by its words.
        .env("LC_ALL", "C")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(GitError::Missing)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(GitError::Failed {
            command: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}
