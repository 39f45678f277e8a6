//! The history of each document, from git: which commits changed it (following renames, so a
//! document moved between folders keeps its past), when, by whom, why, the `version` it had
//! then, and whether the change touched its content or only its `review` dates. Also which
//! documents have uncommitted changes.
//!
//! It reads git once per run, through [`crate::git`], which knows nothing about handbooks:
//! `rev-parse` (is there a `HEAD`, is the clone shallow), one `git log --raw` stream for the
//! handbook folder, one `git status`, and one `cat-file --batch` for the blobs of the changes
//! (never a process per file). Outside git, or before the first commit, there is no history;
//! a shallow clone or a repository git cannot read is said once, as a [`Note`], never as an
//! error: history only adds to a check.
//!
//! Dates are commit dates (when a change entered the branch, which is what an approval date
//! is compared with), in the committer's time zone, as git records them.
//!
//! What git's log took to work out is kept between runs in a cache file inside the
//! repository's git folder (`cache`), with the commit it was read at and whatever blobs were
//! read since: a run at the same `HEAD` reads that file and no log, and a run after new
//! commits on top of it reads only theirs (`git log OLD..HEAD`) and follows their renames onto
//! the cached paths. Anything else — another branch, a rebase, a merge between, a shallow
//! clone, a file that does not read back — is a full read, and the file is written afresh.
//! Uncommitted changes are never cached.

mod cache;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use crate::git::{Commit, FileChange, GitError, Repo};
use crate::load::{MAX_FILE_SIZE, front_matter_range};
use crate::locale::{Message, msg};
use crate::model::{Date, Handbook};

/// The history of every document of a handbook that git knows.
#[derive(Debug, Clone)]
pub struct History {
    /// Document path (relative to the handbook root, as [`crate::model::Document::path`]) →
    /// its revisions, newest first.
    revisions: HashMap<String, Vec<Revision>>,
    /// Document path → the content key of its file at `HEAD`, for documents whose work tree
    /// (or index) differs from `HEAD`; `None` for one new since `HEAD` or too large to read.
    uncommitted: HashMap<String, Option<u64>>,
    /// The commit `HEAD` named when the history was read.
    head: String,
    /// Whether the clone is shallow: revisions older than its cut are missing.
    shallow: bool,
    /// Where the blobs of [`History::read_contents`] come from.
    repo: Repo,
    /// Where the history is kept between runs, unless it is not.
    cache: Option<CacheFile>,
}

/// Whether [`read_history`] keeps the history between runs in the repository's git folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// Read the cache file, and write it when git had to be read.
    Use,
    /// Neither read nor write it: every run reads git's log.
    Off,
}

/// The cache file of a history, and the length of git's abbreviated ids it holds.
#[derive(Debug, Clone)]
struct CacheFile {
    path: PathBuf,
    abbrev: u32,
}

/// One commit that changed a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Revision {
    /// The full commit id.
    pub hash: String,
    /// The abbreviated commit id, as git prints it.
    pub short_hash: String,
    /// The commit date (committer date, in the committer's time zone).
    pub date: Date,
    /// The author's name.
    pub author: String,
    /// The first line of the commit message.
    pub subject: String,
    /// The document's path at that commit, relative to the handbook root: an older name when
    /// it was moved since.
    pub path: String,
    /// The front matter's `version` after the commit, if it had one; `None` too until
    /// [`History::read_contents`] read this revision.
    pub version: Option<String>,
    /// What the commit did to the document; `None` until [`History::read_contents`] read
    /// this revision (known at once for an added or a moved file).
    pub change: Option<Change>,
    /// Whether the commit recorded a sign-off: it added or changed the `approval` block (or
    /// added the file with one). `None` until [`History::read_contents`] read this revision.
    pub records_approval: Option<bool>,
    /// The blobs before and after (abbreviated ids), and whether they were read.
    old_blob: Option<String>,
    new_blob: Option<String>,
    read: bool,
}

/// What a commit did to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Change {
    /// Added it, or changed its body or front matter beyond `review`.
    Content,
    /// Changed only its `review` block (a periodic review, as `opsbook review` records it).
    ReviewOnly,
    /// Moved or renamed it, bytes unchanged (or changed only its file mode).
    Moved,
}

/// Something to tell the user once about the history, on the side: not a finding.
#[derive(Debug)]
pub enum Note {
    /// The repository is a shallow clone: each document's history stops at the cut.
    Shallow,
    /// git could not read the repository (corrupt, or a newer format): no history this run.
    Unreadable(GitError),
}

impl Note {
    /// What to say, in either language.
    pub fn message(&self) -> Message {
        match self {
            Note::Shallow => msg!("note.shallow"),
            Note::Unreadable(e) => msg!("note.unreadable", git_reason(e)),
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en())
    }
}

fn git_reason(e: &GitError) -> String {
    match e {
        GitError::Failed { stderr, .. } if !stderr.is_empty() => {
            stderr.lines().next().unwrap_or(stderr).to_string()
        }
        e => e.to_string(),
    }
}

/// What [`read_history`] found: the history, if there is one, and what to tell the user.
#[derive(Debug, Default)]
pub struct Read {
    /// `None` outside git, before the first commit, or when git could not read it.
    pub history: Option<History>,
    /// Said once, on the side (the binary prints them to stderr).
    pub notes: Vec<Note>,
}

/// Read the history of the handbook at `root`. `previous`, a history read before (by
/// `serve`), is reused when `HEAD` has not moved: only `git status` runs again then. With
/// [`Cache::Use`], the history of the last run is read from the repository's git folder, and
/// written there when git's log had to be read (a cache that cannot be written is no error).
pub fn read_history(root: &Path, previous: Option<&History>, cache: Cache) -> Read {
    let repo = match Repo::open(root) {
        Ok(repo) => repo,
        // Not in git, or no git at all: a handbook need not live in git.
        Err(GitError::NotARepository(_) | GitError::Missing(_)) => return Read::default(),
        Err(e) => return unreadable(e),
    };
    match read_repo(&repo, previous, cache) {
        Ok(Some(history)) => {
            let notes = if history.shallow {
                vec![Note::Shallow]
            } else {
                Vec::new()
            };
            Read {
                history: Some(history),
                notes,
            }
        }
        Ok(None) => Read::default(),
        Err(e) => unreadable(e),
    }
}

fn unreadable(e: GitError) -> Read {
    Read {
        history: None,
        notes: vec![Note::Unreadable(e)],
    }
}

/// The history at `HEAD`, or `None` before the first commit.
fn read_repo(
    repo: &Repo,
    previous: Option<&History>,
    cache: Cache,
) -> Result<Option<History>, GitError> {
    let head = repo.head()?;
    let Some(commit) = head.commit else {
        return Ok(None);
    };
    let uncommitted = repo.uncommitted()?;
    let mut history = match previous {
        Some(p) if p.head == commit && p.shallow == head.shallow => History {
            uncommitted: HashMap::new(),
            repo: repo.clone(),
            ..p.clone()
        },
        // A shallow clone's history changes as it is deepened, with `HEAD` where it was.
        _ if cache == Cache::Use && !head.shallow => read_cached(repo, commit)?,
        _ => History {
            revisions: lineages(repo.log()?),
            uncommitted: HashMap::new(),
            head: commit,
            shallow: head.shallow,
            repo: repo.clone(),
            cache: None,
        },
    };
    let head_blobs: Vec<&str> = uncommitted
        .iter()
        .filter_map(|u| u.head_blob.as_deref())
        .collect();
    let facts = read_blobs(repo, head_blobs.into_iter())?;
    history.uncommitted = uncommitted
        .into_iter()
        .map(|u| {
            let key = u
                .head_blob
                .and_then(|oid| facts.get(&oid))
                .and_then(|f| f.key);
            (u.path, key)
        })
        .collect();
    Ok(Some(history))
}

/// The history at `head` (not shallow) from the cache file where it can be, then kept there.
fn read_cached(repo: &Repo, head: String) -> Result<History, GitError> {
    let file = CacheFile {
        path: cache::path(repo.common_dir(), repo.prefix()),
        // The abbreviation grows with the repository: ids cached shorter than git abbreviates
        // now would not be what a full read gives.
        abbrev: u32::try_from(repo.short_head()?.len()).unwrap_or(0),
    };
    let cached = cache::load(&file.path).and_then(|bytes| decode(&bytes, repo.prefix(), &file));
    let (revisions, read_log) = match cached {
        Some((at, revisions)) if at == head => (revisions, false),
        Some((at, revisions)) if repo.is_linear_since(&at)? => {
            match extend(revisions, repo.log_since(&at)?) {
                Some(revisions) => (revisions, true),
                None => (lineages(repo.log()?), true),
            }
        }
        _ => (lineages(repo.log()?), true),
    };
    let history = History {
        revisions,
        uncommitted: HashMap::new(),
        head,
        shallow: false,
        repo: repo.clone(),
        cache: Some(file),
    };
    if read_log {
        history.save();
    }
    Ok(history)
}

/// Revisions read from cache file bytes written by [`History::save`] for the folder at
/// `prefix`, with the commit they were read at; `None` for anything else.
fn decode(
    bytes: &[u8],
    prefix: &str,
    file: &CacheFile,
) -> Option<(String, HashMap<String, Vec<Revision>>)> {
    let mut r = cache::Reader::open(bytes)?;
    if r.str()? != prefix || r.u32()? != file.abbrev {
        return None;
    }
    let head = r.str()?.to_string();
    // hash, short hash, date, author, subject: five lengths at least.
    let mut commits = Vec::new();
    for _ in 0..r.count(20)? {
        let (hash, short_hash, date) = (r.str()?, r.str()?, r.str()?);
        let (author, subject) = (r.str()?, r.str()?);
        commits.push((hash, short_hash, Date::parse(date)?, author, subject));
    }
    let mut revisions = HashMap::new();
    for _ in 0..r.count(8)? {
        let path = r.str()?.to_string();
        // commit, path, flags
        let n = r.count(9)?;
        let mut list = Vec::with_capacity(n);
        for _ in 0..n {
            let (hash, short_hash, date, author, subject) =
                *commits.get(usize::try_from(r.u32()?).ok()?)?;
            let path = r.str()?.to_string();
            let flags = r.u8()?;
            let mut optional = |bit: u8| -> Option<Option<String>> {
                Some(if flags & bit != 0 {
                    Some(r.str()?.to_string())
                } else {
                    None
                })
            };
            let (version, old_blob, new_blob) = (
                optional(flag::VERSION)?,
                optional(flag::OLD_BLOB)?,
                optional(flag::NEW_BLOB)?,
            );
            // Blob ids go to `cat-file`, one a line: hex digits, nothing else.
            let hex = |id: &Option<String>| {
                id.as_ref()
                    .is_none_or(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit()))
            };
            if !hex(&old_blob) || !hex(&new_blob) {
                return None;
            }
            let read = flags & flag::READ != 0;
            let records_approval = match flags & flag::APPROVAL {
                0 => None,
                flag::APPROVAL_NO => Some(false),
                _ => Some(true),
            };
            let change = match flags & flag::CHANGE {
                0 => None,
                1 => Some(Change::Content),
                2 => Some(Change::ReviewOnly),
                _ => Some(Change::Moved),
            };
            list.push(Revision {
                hash: hash.to_string(),
                short_hash: short_hash.to_string(),
                date,
                author: author.to_string(),
                subject: subject.to_string(),
                path,
                version,
                change,
                records_approval,
                old_blob,
                new_blob,
                read,
            });
        }
        if revisions.insert(path, list).is_some() {
            return None;
        }
    }
    r.is_done().then_some((head, revisions))
}

/// The bits of a cached revision's flags byte.
mod flag {
    /// [`super::Change`]: 0 not known yet, 1 content, 2 review only, 3 moved.
    pub(super) const CHANGE: u8 = 0b11;
    /// Whether it records an approval: 0 not known yet, then no, then yes.
    pub(super) const APPROVAL: u8 = 0b1100;
    pub(super) const APPROVAL_NO: u8 = 0b0100;
    pub(super) const APPROVAL_YES: u8 = 0b1000;
    pub(super) const READ: u8 = 1 << 4;
    pub(super) const VERSION: u8 = 1 << 5;
    pub(super) const OLD_BLOB: u8 = 1 << 6;
    pub(super) const NEW_BLOB: u8 = 1 << 7;
}

/// The cached revisions (by the paths their files had at the cached commit) brought up to
/// `HEAD` by `newer`, the commits since, newest first: their revisions come first, and a
/// cached file they renamed is found under its new name, as a full read would have it.
/// `None` when two cached files would end up under one name (a full read orders their
/// revisions by date, which this cannot).
fn extend(
    cached: HashMap<String, Vec<Revision>>,
    newer: Vec<Commit>,
) -> Option<HashMap<String, Vec<Revision>>> {
    let (mut revisions, now_of) = lineages_with_names(newer);
    let mut taken = HashSet::new();
    for (path, older) in cached {
        let now = match now_of.get(&path) {
            Some(now) => now.clone(),
            None => Some(path),
        };
        let Some(now) = now else { continue };
        if !taken.insert(now.clone()) {
            return None;
        }
        revisions.entry(now).or_default().extend(older);
    }
    Some(revisions)
}

/// What a blob tells: its content key (`None` when too large to read), the key of its
/// `approval` block (`None` without one) and its `version`.
#[derive(Debug, Default)]
struct BlobFacts {
    key: Option<u64>,
    approval: Option<u64>,
    version: Option<String>,
}

/// Read each distinct blob once, through one `cat-file --batch`.
fn read_blobs<'a>(
    repo: &Repo,
    oids: impl Iterator<Item = &'a str>,
) -> Result<HashMap<String, BlobFacts>, GitError> {
    let mut seen = HashSet::new();
    let wanted: Vec<&str> = oids.filter(|oid| seen.insert(*oid)).collect();
    let mut facts = HashMap::with_capacity(wanted.len());
    let mut next = wanted.iter();
    repo.each_blob(wanted.iter().copied(), MAX_FILE_SIZE, |bytes| {
        let Some(oid) = next.next() else { return };
        let fact = bytes.map_or_else(BlobFacts::default, |bytes| {
            let text = String::from_utf8_lossy(bytes);
            BlobFacts {
                key: Some(content_key(&text)),
                approval: block_key(&text, "approval"),
                version: version_of(&text),
            }
        });
        facts.insert(oid.to_string(), fact);
    })?;
    if facts.len() != wanted.len() {
        return Err(GitError::Failed {
            command: "cat-file --batch".into(),
            stderr: format!("{} objects asked for, {} read", wanted.len(), facts.len()),
        });
    }
    Ok(facts)
}

impl Revision {
    /// A revision as the log tells it, before any blob is read: the kind of change is known
    /// for an added file (content) and for one moved with its bytes unchanged.
    fn new(commit: &Commit, change: FileChange) -> Revision {
        let FileChange {
            status,
            path,
            old_blob,
            new_blob,
            ..
        } = change;
        let change = if matches!(status, 'A' | 'T') || old_blob.is_none() {
            Some(Change::Content)
        } else if old_blob == new_blob {
            Some(Change::Moved)
        } else {
            None
        };
        Revision {
            hash: commit.hash.clone(),
            short_hash: commit.short_hash.clone(),
            // Checked when the lineages were made.
            date: Date::parse(&commit.date).unwrap_or(Date(jiff::civil::Date::MIN)),
            author: commit.author.clone(),
            subject: commit.subject.clone(),
            path,
            version: None,
            change,
            records_approval: None,
            old_blob,
            new_blob,
            read: false,
        }
    }

    /// Fill in the version and the kind of change from what the blobs tell.
    fn finish(&mut self, facts: &HashMap<String, BlobFacts>) {
        let fact = |oid: &Option<String>| oid.as_ref().and_then(|oid| facts.get(oid));
        let (old, new) = (fact(&self.old_blob), fact(&self.new_blob));
        self.version = new.and_then(|f| f.version.clone());
        let approval = |f: Option<&BlobFacts>| f.and_then(|f| f.approval);
        self.records_approval = Some(
            approval(new).is_some() && (self.old_blob.is_none() || approval(old) != approval(new)),
        );
        if self.change.is_none() {
            self.change = Some(match (old.and_then(|f| f.key), new.and_then(|f| f.key)) {
                (Some(old), Some(new)) if old == new => Change::ReviewOnly,
                _ => Change::Content,
            });
        }
        self.read = true;
    }
}

/// Group the changes of `commits` (newest first) by the path each file has now, following
/// renames backwards. A file deleted at some point and a file added later at the same path
/// are two lineages: the older one is of no document now.
fn lineages(commits: Vec<Commit>) -> HashMap<String, Vec<Revision>> {
    lineages_with_names(commits).0
}

/// [`lineages`], and for each path the commits changed, the path its file has at the newest
/// of them (`None`: gone); an unchanged path keeps its name.
#[allow(clippy::type_complexity)] // two maps, each documented above
fn lineages_with_names(
    commits: Vec<Commit>,
) -> (
    HashMap<String, Vec<Revision>>,
    HashMap<String, Option<String>>,
) {
    // A path as it was at the point reached → the path its file has now (`None`: gone).
    let mut now_of: HashMap<String, Option<String>> = HashMap::new();
    let mut revisions: HashMap<String, Vec<Revision>> = HashMap::new();
    for mut commit in commits {
        if Date::parse(&commit.date).is_none() {
            continue;
        }
        let changes = std::mem::take(&mut commit.changes);
        // Every change of one commit is seen from the state after it: the name it frees
        // may be taken by another of its changes (`a` renamed to `b`, a new `a` added).
        let current: Vec<Option<String>> = changes
            .iter()
            .map(|c| match now_of.get(&c.path) {
                Some(now) => now.clone(),
                None => Some(c.path.clone()),
            })
            .collect();
        for c in &changes {
            // Before an add, a delete or a rename, nothing of now was at that path.
            if matches!(c.status, 'A' | 'D' | 'R') {
                now_of.insert(c.path.clone(), None);
            }
        }
        for (c, now) in changes.iter().zip(&current) {
            if let Some(from) = &c.from {
                now_of.insert(from.clone(), now.clone());
            }
        }
        for (change, now) in changes.into_iter().zip(current) {
            let Some(now) = now.filter(|_| change.status != 'D') else {
                continue;
            };
            let revision = Revision::new(&commit, change);
            revisions.entry(now).or_default().push(revision);
        }
    }
    (revisions, now_of)
}

impl History {
    /// The revisions of the document at `path` (relative to the handbook root), newest first;
    /// empty for one git does not know.
    pub fn revisions(&self, path: &str) -> &[Revision] {
        self.revisions.get(path).map_or(&[], Vec::as_slice)
    }

    /// Read the blobs of the revisions `wanted` picks (by document path) that were not read
    /// yet, through one `cat-file --batch`, to fill in their `version` and `change`. Reading
    /// is what costs: a check reads only what its rules need, a site every revision.
    pub fn read_contents(
        &mut self,
        wanted: impl Fn(&str, &Revision) -> bool,
    ) -> Result<(), GitError> {
        let mut oids = Vec::new();
        for (path, list) in &self.revisions {
            for r in list.iter().filter(|r| !r.read && wanted(path, r)) {
                oids.extend(r.old_blob.as_deref().filter(|_| r.change.is_none()));
                oids.extend(r.new_blob.as_deref());
            }
        }
        if oids.is_empty() {
            return Ok(());
        }
        let facts = read_blobs(&self.repo, oids.into_iter())?;
        for (path, list) in &mut self.revisions {
            for r in list.iter_mut() {
                if !r.read && wanted(path, r) {
                    r.finish(&facts);
                }
            }
        }
        self.save();
        Ok(())
    }

    /// Write the history (without its uncommitted changes) to its cache file, if it has one.
    /// A git folder that cannot be written to (read-only, full) only costs the next run a full
    /// read: nothing is said.
    fn save(&self) {
        if let Some(file) = &self.cache {
            let _ = cache::store(&file.path, &self.encode(file));
        }
    }

    /// The cache file's bytes: the folder, git's abbreviation, `HEAD`, a table of the commits,
    /// then each document (sorted, so that one history gives one file) with its revisions.
    fn encode(&self, file: &CacheFile) -> Vec<u8> {
        let mut w = cache::Writer::new();
        w.str(self.repo.prefix());
        w.u32(file.abbrev);
        w.str(&self.head);
        let mut paths: Vec<&String> = self.revisions.keys().collect();
        paths.sort();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut commits: Vec<&Revision> = Vec::new();
        for r in paths.iter().flat_map(|p| &self.revisions[*p]) {
            index.entry(&r.hash).or_insert_with(|| {
                commits.push(r);
                commits.len() - 1
            });
        }
        w.len(commits.len());
        for c in &commits {
            w.str(&c.hash);
            w.str(&c.short_hash);
            w.str(&c.date.to_string());
            w.str(&c.author);
            w.str(&c.subject);
        }
        w.len(paths.len());
        for path in paths {
            let list = &self.revisions[path];
            w.str(path);
            w.len(list.len());
            for r in list {
                w.len(index[r.hash.as_str()]);
                w.str(&r.path);
                // A read revision's blobs are not needed again.
                let (old_blob, new_blob) = if r.read {
                    (None, None)
                } else {
                    (r.old_blob.as_deref(), r.new_blob.as_deref())
                };
                let change = match r.change {
                    None => 0,
                    Some(Change::Content) => 1,
                    Some(Change::ReviewOnly) => 2,
                    Some(Change::Moved) => 3,
                };
                let approval = match r.records_approval {
                    None => 0,
                    Some(false) => flag::APPROVAL_NO,
                    Some(true) => flag::APPROVAL_YES,
                };
                let has = |bit: u8, value: Option<&str>| if value.is_some() { bit } else { 0 };
                w.u8(change
                    | approval
                    | if r.read { flag::READ } else { 0 }
                    | has(flag::VERSION, r.version.as_deref())
                    | has(flag::OLD_BLOB, old_blob)
                    | has(flag::NEW_BLOB, new_blob));
                for value in [r.version.as_deref(), old_blob, new_blob]
                    .into_iter()
                    .flatten()
                {
                    w.str(value);
                }
            }
        }
        w.finish()
    }

    /// Read what `changed-after-approval` needs: the revisions dated after each document's
    /// `approval.approved`, and nothing else.
    pub fn read_approved_changes(&mut self, handbook: &Handbook) -> Result<(), GitError> {
        let approved: HashMap<&str, Date> = handbook
            .documents
            .iter()
            .filter_map(|doc| Some((doc.path.as_str(), doc.meta.approval.as_ref()?.approved?)))
            .collect();
        if approved.is_empty() {
            return Ok(());
        }
        self.read_contents(|path, r| approved.get(path).is_some_and(|a| r.date > *a))
    }

    /// How many revisions all documents have together.
    pub fn revision_count(&self) -> usize {
        self.revisions.values().map(Vec::len).sum()
    }

    /// Whether the clone is shallow, so that histories may be cut short.
    pub fn is_shallow(&self) -> bool {
        self.shallow
    }

    /// The commit `HEAD` named when the history was read.
    pub fn head(&self) -> &str {
        &self.head
    }

    /// Whether the document at `path`, whose file now reads `text`, has uncommitted changes
    /// to its content (beyond its `review` block) against `HEAD`. A document new since `HEAD`
    /// has none: it has no history to compare with.
    pub fn changed_since_head(&self, path: &str, text: &str) -> bool {
        match self.uncommitted.get(path) {
            Some(Some(key)) => *key != content_key(text),
            Some(None) => self.revisions.contains_key(path),
            None => false,
        }
    }
}

/// A hash of a document's content with its `review` block left out: two versions of a file
/// that differ only in `review` have the same key. The block is the top-level `review:` line of
/// the front matter and every line after it up to the next top-level key; everything else
/// counts byte for byte (`opsbook review` leaves every other byte as it was).
pub fn content_key(text: &str) -> u64 {
    // SipHash with fixed keys: the same on every run.
    let mut hasher = std::hash::DefaultHasher::new();
    let Some((yaml, _)) = front_matter_range(text) else {
        hasher.write(text.as_bytes());
        return hasher.finish();
    };
    hasher.write(&text.as_bytes()[..yaml.start]);
    let mut in_review = false;
    for line in text[yaml.clone()].split_inclusive('\n') {
        if is_top_level(line) {
            in_review = top_level_key(line) == Some("review");
        }
        if !in_review {
            hasher.write(line.as_bytes());
        }
    }
    hasher.write(&text.as_bytes()[yaml.end..]);
    hasher.finish()
}

/// A hash of the top-level block `key` of a file's front matter (its line and the lines up to
/// the next top-level key), or `None` when it has none.
fn block_key(text: &str, key: &str) -> Option<u64> {
    let (yaml, _) = front_matter_range(text)?;
    let mut hasher = std::hash::DefaultHasher::new();
    let (mut inside, mut found) = (false, false);
    for line in text[yaml].split_inclusive('\n') {
        if is_top_level(line) {
            inside = top_level_key(line) == Some(key);
            found |= inside;
        }
        if inside {
            hasher.write(line.trim_end().as_bytes());
            hasher.write_u8(b'\n');
        }
    }
    found.then(|| hasher.finish())
}

/// Does this front-matter line start a top-level entry (not indented, not blank, no comment)?
fn is_top_level(line: &str) -> bool {
    !line.starts_with([' ', '\t', '#', '\r', '\n'])
}

/// The key of a top-level `key: value` line, quotes removed.
fn top_level_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    Some(key.trim_end().trim_matches(['"', '\'']))
}

/// The top-level `version:` of a file's front matter, as written (quotes and a trailing
/// comment removed); `None` without one. Read from the text rather than parsed: only this
/// one scalar is needed, from every revision.
pub fn version_of(text: &str) -> Option<String> {
    let (yaml, _) = front_matter_range(text)?;
    let line = text[yaml]
        .lines()
        .find(|line| is_top_level(line) && top_level_key(line) == Some("version"))?;
    let value = line.split_once(':')?.1.trim();
    let value = match value.chars().next() {
        Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
        _ => value.split(" #").next().unwrap_or_default().trim(),
    };
    (!value.is_empty()).then(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_block_does_not_count_as_content() {
        let a = "---\ntitle: A\nreview:\n  last: 2026-01-01\n  every: 6 months\nowners: [x]\n---\nbody\n";
        let b = "---\ntitle: A\nreview:\n  last: 2026-07-01\n  by: lead\n  every: 6 months\nowners: [x]\n---\nbody\n";
        let flow = "---\ntitle: A\nreview: {last: 2026-09-01}\nowners: [x]\n---\nbody\n";
        assert_eq!(content_key(a), content_key(b));
        assert_eq!(content_key(a), content_key(flow));
        let body = b.replace("body", "body changed");
        let owners = b.replace("[x]", "[y]");
        assert_ne!(content_key(a), content_key(&body));
        assert_ne!(content_key(a), content_key(&owners));
        // A key that only starts like `review` is content.
        let reviewer = a.replace("owners: [x]", "reviewers: [x]");
        assert_ne!(content_key(a), content_key(&reviewer));
    }

    #[test]
    fn the_version_is_read_from_the_front_matter_only() {
        assert_eq!(
            version_of("---\nversion: \"1.2\"\n---\n").as_deref(),
            Some("1.2")
        );
        assert_eq!(
            version_of("---\ntitle: t\nversion: 2.0 # major\n---\n").as_deref(),
            Some("2.0")
        );
        assert_eq!(version_of("---\nsteps:\n  version: 3\n---\n"), None);
        assert_eq!(version_of("---\ntitle: t\n---\nversion: 4\n"), None);
        assert_eq!(version_of("no front matter"), None);
    }
}
