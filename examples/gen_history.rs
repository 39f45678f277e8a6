//! Makes a git repository with a history for benchmarks: the handbook of CORPUS_DIR (made by
//! `gen_corpus`) under `handbook/`, added in one commit, then COMMITS − 1 more, each changing
//! five documents (most in their body, one in three only in `review.last`) and every 25th
//! moving a procedure to another folder. Built with one `git fast-import`, then checked out.
//! Same arguments, same repository (commit ids included).
//!
//! cargo run --release --example gen_history -- CORPUS_DIR OUT_DIR COMMITS
//!
//! With `time ROOT [RUNS]` instead, it reads the history of the handbook at ROOT (a
//! repository made by it) RUNS times with its cache cold, warm, and one commit behind, and
//! prints the median times and what it found.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize % n.max(1)
    }
}

fn git(dir: &Path, args: &[&str]) -> std::process::Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(args);
    command
}

/// Median seconds of `read_history` and of reading every revision's blobs (`read_contents`)
/// in three states of the history cache: cold (no cache: one `git log`, `git status`, then
/// the cache written), warm (the cache at `HEAD`) and warm after one new commit (the cache at
/// `HEAD~1`, made through a worktree there); then the number of revisions.
fn time(root: &Path, runs: usize) {
    use opsbook::history::{Cache, read_history};
    let repo = root.parent().expect("ROOT is REPO/handbook");
    let cache_dir = repo.join(".git/opsbook");
    let all = |_: &str, _: &opsbook::history::Revision| true;
    let median = |mut times: Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    // One run: set the cache up, then time the history read and the blobs.
    let measure = |prepare: &dyn Fn()| {
        let (mut log, mut contents, mut revisions) = (Vec::new(), Vec::new(), 0);
        for _ in 0..runs.max(1) {
            prepare();
            let started = Instant::now();
            let read = read_history(root, None, Cache::Use);
            log.push(started.elapsed().as_secs_f64());
            let mut history = read.history.expect("a history");
            let started = Instant::now();
            history.read_contents(all).expect("blobs read");
            contents.push(started.elapsed().as_secs_f64());
            revisions = history.revision_count();
        }
        (median(log), median(contents), revisions)
    };
    let clear = || {
        let _ = std::fs::remove_dir_all(&cache_dir);
    };
    // The cache a run at `HEAD~1` leaves.
    let before = repo.with_file_name(format!(
        "{}-prev",
        repo.file_name().unwrap().to_string_lossy()
    ));
    if !before.join("handbook").exists() {
        let status = git(repo, &["worktree", "add", "-q", "--detach"])
            .arg(&before)
            .arg("HEAD~1")
            .status()
            .unwrap();
        assert!(status.success());
    }
    clear();
    let mut previous = read_history(&before.join("handbook"), None, Cache::Use)
        .history
        .expect("a history at HEAD~1");
    previous.read_contents(all).expect("blobs read");
    let stale: Vec<(std::path::PathBuf, Vec<u8>)> = std::fs::read_dir(&cache_dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect();
    let cache_size: usize = stale.iter().map(|(_, b)| b.len()).sum();

    let (cold, cold_contents, revisions) = measure(&clear);
    let (warm, warm_contents, _) = measure(&|| {});
    let (newer, newer_contents, _) = measure(&|| {
        clear();
        std::fs::create_dir_all(&cache_dir).unwrap();
        for (path, bytes) in &stale {
            std::fs::write(path, bytes).unwrap();
        }
    });
    println!(
        "{cold:.3} {cold_contents:.3} {warm:.3} {warm_contents:.3} {newer:.3} {newer_contents:.3} {revisions} {cache_size}"
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("time") {
        let runs = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
        return time(Path::new(&args[1]), runs);
    }
    let [corpus, out, commits] = &args[..] else {
        panic!("usage: gen_history CORPUS_DIR OUT_DIR COMMITS | gen_history time ROOT [RUNS]");
    };
    let (corpus, out) = (Path::new(corpus), Path::new(out));
    let commits: usize = commits.parse().expect("COMMITS is a number");
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(corpus).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(corpus).unwrap();
            let rel = rel.to_str().expect("UTF-8 names").replace('\\', "/");
            files.insert(
                format!("handbook/{rel}"),
                std::fs::read_to_string(entry.path()).unwrap(),
            );
        }
    }
    // Only procedures in the three subfolders move: same depth, so their links still work.
    let movable = ["sops/customer-service/", "sops/logistics/", "sops/data/"];
    std::fs::create_dir_all(out).unwrap();
    assert!(
        git(out, &["init", "-q", "-b", "main"])
            .status()
            .unwrap()
            .success()
    );
    let mut child = git(out, &["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stream = std::io::BufWriter::new(child.stdin.take().unwrap());
    let mut rng = Rng(commits as u64);
    let start = 1_735_732_800; // 2025-01-01T12:00:00Z
    for i in 0..commits {
        let mut ops = String::new();
        let message = if i == 0 {
            for (path, text) in &files {
                let _ = write!(ops, "M 100644 inline {path}\ndata {}\n{text}\n", text.len());
            }
            "Add the handbook".to_string()
        } else {
            let docs: Vec<&String> = files.keys().filter(|p| p.ends_with(".md")).collect();
            let mut picked: Vec<String> = (0..5)
                .map(|_| docs[rng.below(docs.len())].clone())
                .collect();
            picked.sort();
            picked.dedup();
            for (n, path) in picked.iter().enumerate() {
                let text = files.get_mut(path).unwrap();
                if (i + n) % 3 == 0 && text.contains("\n  last: ") {
                    *text = text.replacen("\n  last: ", "\n  last:  ", 1);
                } else {
                    text.push_str(&format!("\n修订 {i}：补充说明。\n"));
                }
                let _ = write!(ops, "M 100644 inline {path}\ndata {}\n{text}\n", text.len());
            }
            if i % 25 == 0 {
                let from = files
                    .keys()
                    .filter(|p| movable.iter().any(|m| p.contains(m)))
                    .nth(rng.below(100))
                    .cloned();
                if let Some(from) = from {
                    let folder = movable.iter().find(|m| from.contains(*m)).unwrap();
                    let to_folder = movable
                        [(movable.iter().position(|m| m == folder).unwrap() + 1) % movable.len()];
                    let to = from.replace(folder, to_folder);
                    if !files.contains_key(&to) {
                        let text = files.remove(&from).unwrap();
                        files.insert(to.clone(), text);
                        let _ = writeln!(ops, "R {from} {to}");
                    }
                }
            }
            format!("Revise {} documents ({i})", picked.len())
        };
        let when = start + i as u64 * 3600;
        write!(
            stream,
            "commit refs/heads/main\nauthor 编辑{} <e@example.com> {when} +0000\ncommitter bench <b@example.com> {when} +0000\ndata {}\n{message}\n",
            i % 7,
            message.len()
        )
        .unwrap();
        stream.write_all(ops.as_bytes()).unwrap();
        writeln!(stream).unwrap();
    }
    drop(stream);
    assert!(child.wait().unwrap().success());
    assert!(
        git(out, &["checkout", "-q", "-f", "main"])
            .status()
            .unwrap()
            .success()
    );
    eprintln!(
        "wrote {} files in {commits} commits to {}",
        files.len(),
        out.display()
    );
}
