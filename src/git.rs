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
    /// The git folder the repository's worktrees share (`.git` of the main worktree).
    common_dir: PathBuf,
}

impl Repo {
    /// The repository holding `dir`.
    pub fn open(dir: &Path) -> Result<Repo, GitError> {
        let out = git(
            dir,
            &[
                "rev-parse",
                "--show-toplevel",
                "--show-prefix",
                "--git-common-dir",
            ],
        )
        .map_err(|e| match e {
            GitError::Failed { ref stderr, .. } if stderr.contains("not a git repository") => {
                GitError::NotARepository(dir.to_path_buf())
            }
            e => e,
        })?;
        let text = String::from_utf8_lossy(&out);
        let mut lines = text.lines();
        let top = PathBuf::from(lines.next().unwrap_or_default());
        let prefix = lines.next().unwrap_or_default().to_string();
        // Relative to where git ran unless absolute.
        let common_dir = dir.join(lines.next().unwrap_or(".git"));
        Ok(Repo {
            dir: dir.to_path_buf(),
            top,
            prefix,
            common_dir,
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

    /// The git folder the repository's worktrees share (`git rev-parse --git-common-dir`):
    /// where a tool may keep what it derives from the repository, out of every worktree.
    pub fn common_dir(&self) -> &Path {
        &self.common_dir
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
        let mut blobs = Vec::new();
        self.each_blob(oids, max_size, |bytes| {
            blobs.push(bytes.map(<[u8]>::to_vec))
        })?;
        Ok(blobs)
    }

    /// Hand the contents of each blob, in the order given, to `each` (`None` for one over
    /// `max_size` bytes), through one `git cat-file --batch`, holding one blob at a time.
    pub fn each_blob<'a>(
        &self,
        oids: impl Iterator<Item = &'a str>,
        max_size: u64,
        mut each: impl FnMut(Option<&[u8]>),
    ) -> Result<(), GitError> {
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
        let mut bytes = Vec::new();
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
                each(None);
                continue;
            }
            bytes.resize(size as usize + 1, 0);
            reader.read_exact(&mut bytes).map_err(io)?;
            each(Some(&bytes[..size as usize]));
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
        Ok(())
    }
}

/// Where a repository's `HEAD` stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The commit `HEAD` names (a branch or, detached, a commit); `None` before the first
    /// commit (an unborn branch).
    pub commit: Option<String>,
    /// Whether the clone is shallow: history stops at its grafted commits.
    pub shallow: bool,
}

/// One commit of [`Repo::log`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    /// The full commit id.
    pub hash: String,
    /// The abbreviated id git prints for it (`core.abbrev`, unique in this repository).
    pub short_hash: String,
    /// The committer date, `YYYY-MM-DD` in the committer's own time zone.
    pub date: String,
    /// The author's name as recorded (no mailmap).
    pub author: String,
    /// The subject: the first paragraph of the message on one line.
    pub subject: String,
    /// The files under the folder it changed.
    pub changes: Vec<FileChange>,
}

/// One file a commit changed, as `git log --raw` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// `A` added, `M` modified, `D` deleted, `R` renamed, `T` type changed (the letter only;
    /// the similarity score of a rename is dropped).
    pub status: char,
    /// Relative to the folder. A name that is not UTF-8 is given with replacement characters.
    pub path: String,
    /// The path it had before, for a rename.
    pub from: Option<String>,
    /// The blob before the commit (`None` when added), abbreviated as git abbreviates (a
    /// unique prefix: one object, one string).
    pub old_blob: Option<String>,
    /// The blob after it (`None` when deleted), abbreviated likewise.
    pub new_blob: Option<String>,
}

/// A file of the work tree that differs from `HEAD` (staged or not), from `git status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncommitted {
    /// Relative to the folder.
    pub path: String,
    /// Its blob at `HEAD` (`None` when it is new).
    pub head_blob: Option<String>,
}

impl Repo {
    /// Where `HEAD` stands, and whether the clone is shallow, in one `git rev-parse`.
    pub fn head(&self) -> Result<Head, GitError> {
        let args = [
            "rev-parse",
            "--is-shallow-repository",
            "--verify",
            "--quiet",
            "HEAD",
        ];
        let out = run(&self.dir, &args)?;
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        let shallow = match lines.next() {
            Some("true") => true,
            Some("false") => false,
            _ => return Err(failed(&args, &out.stderr)),
        };
        let commit = lines.next().map(str::to_string);
        // `--verify --quiet` fails without a word when HEAD names no commit yet.
        if !out.status.success() && (commit.is_some() || !out.stderr.is_empty()) {
            return Err(failed(&args, &out.stderr));
        }
        Ok(Head { commit, shallow })
    }

    /// Every commit reachable from `HEAD` that changed a file under the folder, newest first,
    /// with the files it changed (renames detected): one `git log` process.
    pub fn log(&self) -> Result<Vec<Commit>, GitError> {
        self.log_range("HEAD")
    }

    /// [`Repo::log`] of the commits reachable from `HEAD` and not from `since` (a full commit
    /// id, as [`Repo::is_linear_since`] checked it).
    pub fn log_since(&self, since: &str) -> Result<Vec<Commit>, GitError> {
        self.log_range(&format!("{since}..HEAD"))
    }

    fn log_range(&self, range: &str) -> Result<Vec<Commit>, GitError> {
        // NUL-separated fields after a NUL, so that the parser finds a commit's fields by
        // position whatever a subject or name holds; `-z` leaves paths unquoted.
        let format = "--format=%x00%H%x00%h%x00%cs%x00%an%x00%s";
        let mut args = vec![
            "-c",
            "log.showSignature=false",
            "-c",
            "diff.relative=false",
            "--literal-pathspecs",
            "log",
            format,
            "-z",
            // Abbreviated blob ids: `--no-abbrev` would lengthen `%h` too, and a unique
            // prefix is as good an id for `cat-file`.
            "--raw",
            "-M",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--end-of-options",
            range,
        ];
        if !self.prefix.is_empty() {
            args.extend(["--", self.prefix.as_str()]);
        }
        // From the top: pathspecs are relative to where git runs.
        let out = git(&self.top, &args)?;
        Ok(parse_log(&out, &self.prefix))
    }

    /// Whether `HEAD` descends from `since` (a full commit id) through commits of one parent
    /// each: then the history from `HEAD` is its commits since `since`, then the history from
    /// `since`, whatever paths are asked for. `false` too when `since` is `HEAD`, is unknown
    /// (garbage collected), or a merge lies between: one `git rev-list`, which reads no tree.
    pub fn is_linear_since(&self, since: &str) -> Result<bool, GitError> {
        if since.len() < 40 || !since.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(false);
        }
        let range = format!("{since}..HEAD");
        let out = run(
            &self.dir,
            &["rev-list", "--parents", "--end-of-options", &range],
        )?;
        if !out.status.success() {
            return Ok(false);
        }
        // `commit parent…`, newest first: each line's one parent is the next line's commit,
        // the last one's is `since`.
        let text = String::from_utf8_lossy(&out.stdout);
        let mut expected: Option<&str> = None;
        let mut any = false;
        for line in text.lines() {
            let mut ids = line.split(' ');
            let (Some(commit), Some(parent), None) = (ids.next(), ids.next(), ids.next()) else {
                return Ok(false);
            };
            if expected.is_some_and(|e| e != commit) {
                return Ok(false);
            }
            expected = Some(parent);
            any = true;
        }
        Ok(any && expected == Some(since))
    }

    /// The abbreviated id of `HEAD` as git prints it now: its length is the abbreviation
    /// every `%h` of a log gets (longer only where a prefix is ambiguous).
    pub fn short_head(&self) -> Result<String, GitError> {
        let out = git(&self.dir, &["rev-parse", "--short", "--verify", "HEAD"])?;
        Ok(String::from_utf8_lossy(&out).trim().to_string())
    }

    /// The files under the folder that differ from `HEAD` in the index or the work tree
    /// (untracked files are left out): one `git status`, which takes no lock.
    pub fn uncommitted(&self) -> Result<Vec<Uncommitted>, GitError> {
        let mut args = vec![
            "--no-optional-locks",
            "-c",
            "status.relativePaths=false",
            "--literal-pathspecs",
            "status",
            "--porcelain=v2",
            "-z",
            "--untracked-files=no",
            "--ignore-submodules=all",
        ];
        if !self.prefix.is_empty() {
            args.extend(["--", self.prefix.as_str()]);
        }
        let out = git(&self.top, &args)?;
        let mut files = Vec::new();
        let mut entries = out.split(|b| *b == 0);
        while let Some(entry) = entries.next() {
            // `1 XY sub mH mI mW hH hI path`, `2 … X<score> path` NUL `origPath`,
            // `u XY sub m1 m2 m3 mW h1 h2 h3 path`.
            let fields = match entry.first() {
                Some(b'1') => 9,
                Some(b'2') => 10,
                Some(b'u') => 11,
                _ => continue,
            };
            if fields == 10 {
                entries.next();
            }
            let mut parts = entry.splitn(fields, |b| *b == b' ');
            let head_blob = parts.nth(6).and_then(|h| {
                let h = String::from_utf8_lossy(h);
                (!h.bytes().all(|b| b == b'0')).then(|| h.into_owned())
            });
            let head_blob = if fields == 11 { None } else { head_blob };
            let Some(path) = parts.last().and_then(|p| self.relative(p)) else {
                continue;
            };
            files.push(Uncommitted { path, head_blob });
        }
        Ok(files)
    }

    /// A path from the top of the repository made relative to the folder, if under it.
    fn relative(&self, path: &[u8]) -> Option<String> {
        relative(path, &self.prefix)
    }
}

fn relative(path: &[u8], prefix: &str) -> Option<String> {
    let rel = path.strip_prefix(prefix.as_bytes())?;
    (!rel.is_empty()).then(|| String::from_utf8_lossy(rel).into_owned())
}

/// Read the output of [`Repo::log`]: NUL-separated tokens, each commit's five fields after an
/// empty token, then its `--raw` entries (`:modes oids status` NUL path [NUL path]).
fn parse_log(out: &[u8], prefix: &str) -> Vec<Commit> {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let mut commits: Vec<Commit> = Vec::new();
    let mut tokens = out.split(|b| *b == 0);
    while let Some(token) = tokens.next() {
        let token = token.strip_prefix(b"\n").unwrap_or(token);
        if token.is_empty() {
            continue;
        }
        if let Some(raw) = token.strip_prefix(b":") {
            // `old_mode new_mode old_oid new_oid status`
            let raw = text(raw);
            let mut parts = raw.split(' ');
            let (Some(_), Some(_), Some(old), Some(new), Some(status)) = (
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
                parts.next(),
            ) else {
                continue;
            };
            let status = status.chars().next().unwrap_or('M');
            let first = tokens.next().unwrap_or_default();
            let (from, path) = if matches!(status, 'R' | 'C') {
                (Some(first), tokens.next().unwrap_or_default())
            } else {
                (None, first)
            };
            let blob = |oid: &str| (!oid.bytes().all(|b| b == b'0')).then(|| oid.to_string());
            let Some(path) = relative(path, prefix) else {
                continue;
            };
            let change = FileChange {
                status: if status == 'C' { 'A' } else { status },
                path,
                // A copy keeps its source where it was: the copy is a new file.
                from: from
                    .filter(|_| status == 'R')
                    .and_then(|from| relative(from, prefix)),
                old_blob: blob(old).filter(|_| status != 'C'),
                new_blob: blob(new),
            };
            if let Some(commit) = commits.last_mut() {
                commit.changes.push(change);
            }
            continue;
        }
        let mut field = || text(tokens.next().unwrap_or_default());
        let (short_hash, date, author, subject) = (field(), field(), field(), field());
        commits.push(Commit {
            hash: text(token),
            short_hash,
            date,
            author,
            subject,
            changes: Vec::new(),
        });
    }
    commits
}

/// Run `git -C dir args…` and return what it did, whether it succeeded or not.
fn run(dir: &Path, args: &[&str]) -> Result<std::process::Output, GitError> {
    Command::new("git")
        .env("LC_ALL", "C")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(GitError::Missing)
}

fn failed(args: &[&str], stderr: &[u8]) -> GitError {
    GitError::Failed {
        command: args.join(" "),
        stderr: String::from_utf8_lossy(stderr).trim().to_string(),
    }
}

/// Run `git -C dir args…` and return its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    // Untranslated messages (`run` sets `LC_ALL=C`): `open` recognises "not a git repository"
    // by its words.
    let out = run(dir, args)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(failed(args, &out.stderr))
    }
}
