//! Loading: find the root, walk the tree, read every file into the model.
//!
//! Owns file IO for reading a handbook. A broken file becomes a document with [`LoadIssue`]s,
//! never an error: only a missing root or an unreadable `handbook.yaml` stops the run.

mod front_matter;
mod theme;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::git::{Blob, GitError, Repo};
use crate::locale::{Arg, Lang, Message, io_reason, msg};
use crate::markdown;
use crate::model::{
    Config, Document, Handbook, Kind, KindData, Layout, LoadIssue, Meta, is_valid_id,
};
use crate::{validate, yaml};

pub use front_matter::{Split, SplitError, split as split_front_matter};
pub use theme::{ThemeProblem, resolve_theme};

/// The settings file that marks a handbook's root.
pub const CONFIG_FILE: &str = "handbook.yaml";

/// Files larger than this are not read: a handbook page is kilobytes.
pub const MAX_FILE_SIZE: u64 = 8 * 1024 * 1024;

/// Why a handbook could not be loaded at all.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LoadError {
    #[error("no handbook found at or above `{0}`")]
    #[diagnostic(
        code(opsbook::no_root),
        help("a handbook is a folder with `handbook.yaml`; run `opsbook init` to make one")
    )]
    /// No `handbook.yaml` at or above the folder searched from (the path), nor in its
    /// `handbook/`.
    NoRoot(PathBuf),
    #[error("`{0}` is not a handbook: it has no `handbook.yaml`")]
    #[diagnostic(
        code(opsbook::no_root),
        help("give the folder that holds `handbook.yaml`")
    )]
    /// The folder given as the root (the path) has no `handbook.yaml`.
    NotAHandbook(PathBuf),
    #[error("there is no `{path}` at revision `{revision}`")]
    #[diagnostic(
        code(opsbook::no_root),
        help(
            "the handbook may be new since that revision, or `--root` names another folder than the one it had then"
        )
    )]
    /// The git revision has no `handbook.yaml` where the handbook's root is now.
    NoHandbookAt {
        /// The revision as the user wrote it.
        revision: String,
        /// `handbook.yaml`'s path from the repository's top, `/`-separated.
        path: String,
    },
    #[error(transparent)]
    #[diagnostic(transparent)]
    /// Reading a revision from git failed.
    Git(#[from] GitError),
    #[error("cannot read `{path}`")]
    #[diagnostic(code(opsbook::io))]
    /// `handbook.yaml` could not be read.
    Io {
        /// The file that could not be read.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// `language:` as written in `root`'s `handbook.yaml`, read before the handbook is: the
/// language diagnostics are in depends on it. `None` when the file cannot be read or parsed,
/// or does not set it (the site's default, Chinese, does not choose the diagnostics').
pub fn configured_language(root: &Path) -> Option<String> {
    let bytes = read_limited(&root.join(CONFIG_FILE)).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let tree = yaml::parse(&text).ok()?;
    tree.to_json().get("language")?.as_str().map(str::to_string)
}

/// The handbook root: `explicit` if given, else the nearest folder at or above `cwd` with
/// `handbook.yaml`, else `cwd/handbook/`.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf, LoadError> {
    if let Some(path) = explicit {
        let path = if path.is_file() && path.file_name() == Some(CONFIG_FILE.as_ref()) {
            path.parent().unwrap_or(Path::new(".")).to_path_buf()
        } else {
            path.to_path_buf()
        };
        return if path.join(CONFIG_FILE).is_file() {
            Ok(path)
        } else {
            Err(LoadError::NotAHandbook(path))
        };
    }
    for dir in cwd.ancestors() {
        if dir.join(CONFIG_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
    }
    let nested = cwd.join("handbook");
    if nested.join(CONFIG_FILE).is_file() {
        return Ok(nested);
    }
    Err(LoadError::NoRoot(cwd.to_path_buf()))
}

/// A file's bytes, or why they could not be read.
pub type FileBytes = Result<Vec<u8>, Message>;

/// A file's text taken from elsewhere than the disk (an editor's unsaved buffer), read in place
/// of the file at `path`, which need not exist yet.
#[derive(Clone, Debug)]
pub struct Buffer {
    /// Where the text would be saved: relative to the handbook root, `/`-separated.
    pub path: String,
    /// The text, as the editor would save it.
    pub bytes: Vec<u8>,
}

/// Read the whole handbook under `root` from disk.
pub fn load_handbook(root: &Path) -> Result<Handbook, LoadError> {
    load_handbook_with(root, None)
}

/// [`load_handbook`], with `buffer` read instead of the file at its path (`handbook.yaml` or a
/// document; added to the handbook when there is no such file yet, unless the path is one the
/// walk skips: hidden, `_site/`, `exclude:`).
pub fn load_handbook_with(root: &Path, buffer: Option<&Buffer>) -> Result<Handbook, LoadError> {
    let config_bytes = match buffer {
        Some(b) if b.path == CONFIG_FILE => b.bytes.clone(),
        _ => {
            let config_path = root.join(CONFIG_FILE);
            std::fs::read(&config_path).map_err(|source| LoadError::Io {
                path: config_path.clone(),
                source,
            })?
        }
    };
    let mut handbook = assemble(
        root,
        config_bytes,
        |excluded| {
            let (mut files, misnamed) = walk(root, excluded);
            if let Some(b) = buffer
                && !files.contains(&b.path)
                && !skipped_path(&b.path, excluded)
            {
                files.push(b.path.clone());
            }
            (files, misnamed)
        },
        |rel| match buffer {
            Some(b) if b.path == rel && b.bytes.len() as u64 > MAX_FILE_SIZE => Err(too_large()),
            Some(b) if b.path == rel => Ok(b.bytes.clone()),
            _ => read_limited(&root.join(rel)),
        },
    );
    // Only on disk: a revision's theme folder is never built from.
    if let Some(issue) = theme::theme_issue(root, &handbook.config) {
        handbook.config_doc.issues.push(issue);
    }
    Ok(handbook)
}

/// Bring `handbook`, loaded from disk by [`load_handbook`], up to date after the files at
/// `changed` (absolute paths, as a file watcher reports them) changed: each is read again,
/// added or removed, as a full load would find it. `false` when that cannot be done file by
/// file (handbook.yaml changed, a folder came or went, a path is not UTF-8): then load afresh.
pub fn reload(handbook: &mut Handbook, changed: &[PathBuf]) -> bool {
    let root = handbook.root.clone();
    let excluded = exclusions(&handbook.config.exclude);
    for path in changed {
        let Ok(rel) = path.strip_prefix(&root) else {
            continue;
        };
        let Some(rel) = rel.to_str() else {
            return false;
        };
        let rel = rel.replace(std::path::MAIN_SEPARATOR, "/");
        if rel.is_empty() || rel == CONFIG_FILE {
            return false;
        }
        if skipped_path(&rel, &excluded) {
            continue;
        }
        let meta = std::fs::symlink_metadata(path);
        if meta.as_ref().is_ok_and(|m| m.is_dir()) {
            return false;
        }
        let is_file = meta.as_ref().is_ok_and(|m| m.is_file());
        let docs = &mut handbook.documents;
        let at_doc = docs.binary_search_by(|d| d.path.as_str().cmp(&rel));
        let at_asset = handbook.assets.binary_search(&rel);
        match (is_file, rel.ends_with(".md")) {
            (true, true) => {
                let doc = read_document(rel, read_limited(path), &handbook.config);
                match at_doc {
                    Ok(i) => docs[i] = doc,
                    Err(i) => docs.insert(i, doc),
                }
            }
            (true, false) => {
                if let Err(i) = at_asset {
                    handbook.assets.insert(i, rel);
                }
            }
            (false, _) => {
                if let Ok(i) = at_doc {
                    docs.remove(i);
                } else if let Ok(i) = at_asset {
                    handbook.assets.remove(i);
                } else {
                    // A folder that went, with whatever was in it.
                    let folder = format!("{rel}/");
                    let held = |p: &String| p.starts_with(&folder);
                    if docs.iter().any(|d| held(&d.path)) || handbook.assets.iter().any(held) {
                        return false;
                    }
                }
            }
        }
    }
    true
}

/// Read a handbook from files held in memory (a git revision): `files` maps paths relative to
/// the handbook root, `/`-separated, to their bytes. `root` only labels the result. The same
/// files are skipped as on disk (hidden, `_site/`, `exclude:`).
pub fn load_files(
    root: &Path,
    mut files: BTreeMap<String, FileBytes>,
) -> Result<Handbook, LoadError> {
    let config_bytes = match files.remove(CONFIG_FILE) {
        Some(Ok(bytes)) => bytes,
        Some(Err(why)) => {
            return Err(LoadError::Io {
                path: root.join(CONFIG_FILE),
                source: std::io::Error::other(why.en()),
            });
        }
        None => return Err(LoadError::NotAHandbook(root.to_path_buf())),
    };
    Ok(assemble(
        root,
        config_bytes,
        |excluded| {
            let listed = files.keys().filter(|rel| !skipped_path(rel, excluded));
            (listed.cloned().collect(), Vec::new())
        },
        |rel| {
            files
                .get(rel)
                .cloned()
                .unwrap_or_else(|| Err(msg!("load.no-such-file")))
        },
    ))
}

/// Read the handbook as it is at a git `revision`, without checking anything out. `repo` is
/// the handbook folder in its repository; `root` labels the result.
pub fn load_revision(repo: &Repo, revision: &str, root: &Path) -> Result<Handbook, LoadError> {
    let commit = repo.resolve(revision)?;
    // Only documents and the config are ever read; an asset (up to MAX_FILE_SIZE each) is
    // only listed, so that links to it resolve.
    let wanted = |path: &str| path.ends_with(".md") || path == CONFIG_FILE;
    let files = repo
        .read_folder(&commit, MAX_FILE_SIZE, wanted)?
        .into_iter()
        .map(|(path, blob)| {
            let bytes = match blob {
                Blob::Read(bytes) => Ok(bytes),
                Blob::TooLarge => Err(too_large()),
                Blob::Skipped => Err(msg!("load.not-a-document")),
            };
            (path, bytes)
        })
        .collect();
    load_files(root, files).map_err(|e| match e {
        LoadError::NotAHandbook(_) => LoadError::NoHandbookAt {
            revision: revision.to_string(),
            path: format!("{}{CONFIG_FILE}", repo.prefix()),
        },
        e => e,
    })
}

/// Files whose path is not UTF-8, named lossily, each with what is wrong with it.
type Misnamed = Vec<(String, Message)>;

/// The one way a handbook is put together, wherever its files come from: read the config,
/// `list` the files it does not exclude (relative, sorted; and those whose names cannot be
/// read), `read` each Markdown file.
fn assemble(
    root: &Path,
    config_bytes: Vec<u8>,
    list: impl FnOnce(&GlobSet) -> (Vec<String>, Misnamed),
    read: impl Fn(&str) -> FileBytes + Sync,
) -> Handbook {
    let (config, config_doc) = read_config(config_bytes);
    let excluded = exclusions(&config.exclude);
    let (files, misnamed) = list(&excluded);
    let (markdown, mut assets): (Vec<String>, Vec<String>) = files
        .into_iter()
        .filter(|rel| rel != CONFIG_FILE)
        .partition(|rel| rel.ends_with(".md"));
    assets.sort();
    let mut documents: Vec<Document> = markdown
        .into_par_iter()
        .map(|rel| {
            let bytes = read(&rel);
            read_document(rel, bytes, &config)
        })
        .collect();
    documents.extend(
        misnamed
            .into_iter()
            .map(|(rel, message)| misnamed_document(rel, message, &config)),
    );
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    Handbook {
        root: root.to_path_buf(),
        config,
        config_doc,
        documents,
        assets,
    }
}

fn read_limited(path: &Path) -> FileBytes {
    let meta = std::fs::metadata(path).map_err(|e| msg!("text", io_reason(&e)))?;
    if meta.len() > MAX_FILE_SIZE {
        return Err(too_large());
    }
    std::fs::read(path).map_err(|e| msg!("text", io_reason(&e)))
}

/// Why a file over [`MAX_FILE_SIZE`] is not read.
fn too_large() -> Message {
    msg!("load.too-large", MAX_FILE_SIZE / 1024 / 1024)
}

/// Is this entry (`rel`, at `depth` below the root) skipped, with everything under it?
fn skipped_entry(rel: &str, depth: usize, excluded: &GlobSet) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.starts_with('.') || (depth == 1 && name == "_site") || excluded.is_match(rel)
}

/// Is the file at `rel` skipped, itself or through one of its folders?
fn skipped_path(rel: &str, excluded: &GlobSet) -> bool {
    rel.match_indices('/')
        .map(|(i, _)| &rel[..i])
        .chain([rel])
        .enumerate()
        .any(|(depth, prefix)| skipped_entry(prefix, depth + 1, excluded))
}

/// The files under `root`, relative, `/`-separated, sorted; apart, those whose path is not
/// UTF-8 (a name cannot be turned into text and back into the same file).
fn walk(root: &Path, excluded: &GlobSet) -> (Vec<String>, Misnamed) {
    let mut files = Vec::new();
    let mut misnamed = Vec::new();
    // Symlinks are not followed: no loops, and nothing outside the root is read.
    let entries = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !skipped_entry(&relative(root, e.path()), e.depth(), excluded)
        })
        .filter_map(Result::ok)
        .filter(|e| e.depth() > 0 && e.file_type().is_file());
    for e in entries {
        let rel = relative(root, e.path());
        if e.path()
            .strip_prefix(root)
            .is_ok_and(|p| p.to_str().is_some())
        {
            files.push(rel);
        } else if e.file_name().to_str().is_none() {
            misnamed.push((rel, msg!("load.file-name")));
        } else {
            misnamed.push((rel, msg!("load.folder-name")));
        }
    }
    (files, misnamed)
}

fn exclusions(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        // Invalid patterns are `schema` findings on handbook.yaml (see `read_config`).
        if let Ok(glob) = Glob::new(p.trim_end_matches('/')) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Is this UTF-16 text: a byte-order mark, or (without one) NUL in at least every other byte of
/// one parity and hardly any of the other, as ASCII and most CJK text in UTF-16 have? Windows
/// editors save "Unicode" text so, and it would otherwise read as a binary or garbled file.
fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let pairs = bytes[..bytes.len().min(1024)].chunks_exact(2);
    let n = pairs.len();
    let (even, odd) = pairs.fold((0, 0), |(e, o), p| {
        (e + usize::from(p[0] == 0), o + usize::from(p[1] == 0))
    });
    let (most, least) = (even.max(odd), even.min(odd));
    n > 0 && most * 2 >= n && least * 8 <= most
}

/// Text from bytes: refuse binary and UTF-16, replace invalid UTF-8, and say where it went wrong.
fn decode(bytes: Vec<u8>, issues: &mut Vec<LoadIssue>) -> String {
    if is_utf16(&bytes) {
        issues.push(LoadIssue::FrontMatter {
            message: msg!("load.utf16"),
            span: 0..0,
            help: Some(msg!("load.utf16.help")),
        });
        return String::new();
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        issues.push(LoadIssue::FrontMatter {
            message: msg!("load.binary"),
            span: 0..0,
            help: Some(msg!("load.binary.help")),
        });
        return String::new();
    }
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            issues.push(LoadIssue::FrontMatter {
                message: msg!("load.not-utf8"),
                span: at..at + 1,
                help: Some(msg!("load.not-utf8.help")),
            });
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}

/// The YAML of a file: parsed, validated, with positions; problems as issues.
struct Front {
    json: Value,
    tree: Option<yaml::Tree>,
}

fn parse_front(text: &str, layout: &Layout, yaml_text: &str, issues: &mut Vec<LoadIssue>) -> Front {
    let first_line = text[..layout.front_start.min(text.len())]
        .matches('\n')
        .count()
        + 1;
    match yaml::parse_in(yaml_text, first_line) {
        Ok(tree) => Front {
            json: tree.to_json(),
            tree: Some(tree),
        },
        Err(e) => {
            let to_byte = |c: usize| {
                layout.front_start
                    + yaml_text
                        .char_indices()
                        .nth(c)
                        .map(|(i, _)| i)
                        .unwrap_or(yaml_text.len())
            };
            let span = to_byte(e.at.start)..to_byte(e.at.end).min(text.len());
            issues.push(LoadIssue::FrontMatter {
                message: e.message,
                span,
                help: e.help,
            });
            Front {
                json: Value::Object(Default::default()),
                tree: None,
            }
        }
    }
}

/// Deserialize validated (and pruned) JSON; a failure here means schema and types disagree,
/// which is reported rather than trusted.
fn typed<T: DeserializeOwned + Default>(json: &Value, issues: &mut Vec<LoadIssue>) -> T {
    match T::deserialize(json) {
        Ok(v) => v,
        Err(e) => {
            issues.push(LoadIssue::Schema {
                pointer: String::new(),
                message: msg!("load.typed", e.to_string()),
                help: None,
                on_key: false,
            });
            T::default()
        }
    }
}

fn typed_data(kind: Kind, json: &Value, issues: &mut Vec<LoadIssue>) -> KindData {
    match kind {
        Kind::Overview => KindData::Overview(typed(json, issues)),
        Kind::Role => KindData::Role(typed(json, issues)),
        Kind::Workflow => KindData::Workflow(typed(json, issues)),
        Kind::Sop => KindData::Sop(typed(json, issues)),
        Kind::Kpi => KindData::Kpi(typed(json, issues)),
        Kind::Contingency => KindData::Contingency(typed(json, issues)),
        Kind::Guide => KindData::Guide(typed(json, issues)),
        Kind::Report => KindData::Report(typed(json, issues)),
        Kind::Page => KindData::Page(typed(json, issues)),
    }
}

/// Where a file's YAML front matter lies (between the `---` lines) and where its body starts,
/// when it has front matter: the same split [`read_document`] makes.
pub fn front_matter_range(text: &str) -> Option<(std::ops::Range<usize>, usize)> {
    front_matter::split(text)
        .ok()
        .map(|split| (split.yaml, split.body_start))
}

/// Read one Markdown file into a document. Never fails: problems become issues.
pub fn read_document(path: String, bytes: FileBytes, config: &Config) -> Document {
    let mut issues = Vec::new();
    let text = match bytes {
        Ok(bytes) => decode(bytes, &mut issues),
        Err(why) => {
            issues.push(LoadIssue::FrontMatter {
                message: msg!("load.cannot-read", why),
                span: 0..0,
                help: None,
            });
            String::new()
        }
    };
    let folder_kind = path
        .split_once('/')
        .and_then(|(top, _)| config.folder_kind(top))
        .unwrap_or(Kind::Page);
    let stem = path
        .rsplit('/')
        .next()
        .unwrap_or(&path)
        .trim_end_matches(".md")
        .to_string();

    let mut layout = Layout::default();
    let mut front = Front {
        json: Value::Object(Default::default()),
        tree: None,
    };
    let unreadable = !issues.is_empty();
    if !unreadable {
        match front_matter::split(&text) {
            Ok(split) => {
                layout.front_start = split.yaml.start;
                layout.front_end = split.yaml.end;
                layout.body_start = split.body_start;
                front = parse_front(&text, &layout, &text[split.yaml], &mut issues);
            }
            Err(e) => issues.push(LoadIssue::FrontMatter {
                message: e.message,
                span: e.span,
                help: Some(e.help),
            }),
        }
    }

    let kind = front
        .json
        .get("kind")
        .and_then(Value::as_str)
        .and_then(|k| k.parse().ok())
        .unwrap_or(folder_kind);
    let parsed = front.tree.is_some();
    if parsed {
        issues.extend(validate::validate_document(kind, &mut front.json));
    }
    let meta: Meta = if parsed {
        typed(&front.json, &mut issues)
    } else {
        Meta::default()
    };
    let data = if parsed {
        typed_data(kind, &front.json, &mut issues)
    } else {
        KindData::empty(kind)
    };
    let id = match &meta.id {
        Some(id) if is_valid_id(id) => id.clone(),
        Some(id) => {
            issues.push(LoadIssue::Schema {
                pointer: "/id".into(),
                message: msg!("load.invalid-id", id),
                help: Some(msg!("load.invalid-id.help")),
                on_key: false,
            });
            stem
        }
        None if is_valid_id(&stem) || front.tree.is_none() => stem,
        None => {
            issues.push(LoadIssue::Schema {
                pointer: String::new(),
                message: msg!("load.invalid-stem", &stem),
                help: Some(msg!("load.invalid-stem.help")),
                on_key: false,
            });
            stem
        }
    };
    let (headings, mut links) = if unreadable {
        Default::default()
    } else {
        let body_start = layout.body_start.min(text.len());
        markdown::outline(&text[body_start..], body_start)
    };
    // Step details and FAQ answers are Markdown too: their links are checked like the body's.
    for (pointer, text) in data.markdown_fields() {
        let (_, found) = markdown::outline(text, 0);
        links.extend(found.into_iter().map(|mut l| {
            l.field = Some(pointer.clone());
            l
        }));
    }
    Document {
        path,
        kind,
        id,
        meta,
        data,
        text,
        layout,
        front_ok: front.tree.is_some(),
        links,
        headings,
        issues,
    }
}

/// A file whose path is not UTF-8, as a document with that one issue: `check` and `build`
/// report it alike, and nothing reads or renders the file under a name that is not its own.
fn misnamed_document(path: String, message: Message, config: &Config) -> Document {
    let mut doc = read_document(path, Ok(Vec::new()), config);
    doc.issues = vec![LoadIssue::FrontMatter {
        message,
        span: 0..0,
        help: Some(msg!("load.misnamed.help")),
    }];
    doc
}

/// Read `handbook.yaml`: the settings (defaults where invalid) and a document for locating
/// its findings.
fn read_config(bytes: Vec<u8>) -> (Config, Document) {
    let mut issues = Vec::new();
    let text = decode(bytes, &mut issues);
    let layout = Layout {
        front_start: 0,
        front_end: text.len(),
        body_start: text.len(),
    };
    let mut front = parse_front(&text, &layout, &text, &mut issues);
    let config: Config = if front.tree.is_some() {
        issues.extend(validate::validate_config(&mut front.json));
        let config: Config = typed(&front.json, &mut issues);
        for (i, pattern) in config.exclude.iter().enumerate() {
            if let Err(e) = Glob::new(pattern) {
                issues.push(LoadIssue::Schema {
                    pointer: format!("/exclude/{i}"),
                    message: msg!("load.glob", pattern, glob_problem(e.kind())),
                    help: Some(msg!("load.glob.help")),
                    on_key: false,
                });
            }
        }
        if let Some(pattern) = &config.control.doc_no_pattern
            && let Err(e) = regex::Regex::new(pattern)
        {
            issues.push(pattern_issue(pattern, &e));
        }
        config
    } else {
        Config::default()
    };
    let doc = Document {
        path: CONFIG_FILE.into(),
        kind: Kind::Page,
        id: "handbook".into(),
        meta: Meta {
            title: config.title.clone(),
            ..Meta::default()
        },
        data: KindData::empty(Kind::Page),
        text,
        layout,
        front_ok: front.tree.is_some(),
        links: Vec::new(),
        headings: Vec::new(),
        issues,
    };
    (config, doc)
}

/// What is wrong with a glob pattern, by the kind globset names: globset's own words in
/// English, the catalogue's in Chinese.
fn glob_problem(kind: &globset::ErrorKind) -> Arg {
    use globset::ErrorKind as K;
    let zh = match kind {
        K::UnclosedClass => msg!("load.glob.unclosed-class"),
        K::InvalidRange(a, b) => msg!("load.glob.invalid-range", a.to_string(), b.to_string()),
        K::UnopenedAlternates => msg!("load.glob.unopened-alternates"),
        K::UnclosedAlternates => msg!("load.glob.unclosed-alternates"),
        K::NestedAlternates => msg!("load.glob.nested-alternates"),
        K::DanglingEscape => msg!("load.glob.dangling-escape"),
        K::InvalidRecursive => msg!("load.glob.invalid-recursive"),
        other => msg!("load.glob.other", other.to_string()),
    };
    Arg::Both(zh.render(Lang::Zh), kind.to_string())
}

/// An invalid `control.doc_no_pattern`: a `schema` finding at the value. The regex crate's
/// message spans lines (the pattern, a caret, the error); its last line names the problem.
fn pattern_issue(pattern: &str, error: &regex::Error) -> LoadIssue {
    let text = error.to_string();
    let reason = text.lines().last().unwrap_or_default();
    let reason = reason.trim().trim_start_matches("error: ");
    LoadIssue::Schema {
        pointer: "/control/doc_no_pattern".into(),
        message: msg!("load.regex", pattern, reason),
        help: Some(msg!("load.regex.help")),
        on_key: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_memory(paths: &[&str], config: &str) -> Handbook {
        let mut files: BTreeMap<String, FileBytes> = paths
            .iter()
            .map(|p| (p.to_string(), Ok(b"---\ntitle: t\n---\n".to_vec())))
            .collect();
        files.insert(CONFIG_FILE.into(), Ok(config.as_bytes().to_vec()));
        load_files(Path::new("handbook"), files).unwrap()
    }

    #[test]
    fn files_in_memory_are_skipped_as_on_disk() {
        let handbook = in_memory(
            &[
                "sops/a.md",
                ".github/x.md",
                "sops/.hidden.md",
                "_site/sops/a.md",
                "guide/_site/kept.md",
                "drafts/b.md",
                "assets/logo.svg",
            ],
            "title: t\nexclude: [drafts/]\n",
        );
        let paths: Vec<&str> = handbook.documents.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["guide/_site/kept.md", "sops/a.md"]);
        assert_eq!(handbook.assets, ["assets/logo.svg"]);
    }

    #[test]
    fn a_handbook_reads_alike_from_disk_and_from_memory() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("handbook");
        let disk = load_handbook(&root).unwrap();
        let files = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    relative(&root, e.path()),
                    Ok(std::fs::read(e.path()).unwrap()),
                )
            })
            .collect();
        let memory = load_files(&root, files).unwrap();
        let summary = |h: &Handbook| -> Vec<(String, String, String, usize)> {
            h.documents
                .iter()
                .map(|d| {
                    (
                        d.path.clone(),
                        d.key(),
                        d.meta.title.clone(),
                        d.issues.len(),
                    )
                })
                .collect()
        };
        assert_eq!(disk.documents.len(), 55);
        assert_eq!(summary(&disk), summary(&memory));
        assert_eq!(disk.assets, memory.assets);
        assert_eq!(disk.config, memory.config);
    }

    #[test]
    fn a_buffer_replaces_its_file_or_joins_the_handbook_unless_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(CONFIG_FILE, "title: t\nexclude: [drafts/]\n");
        write("sops/a.md", "---\ntitle: on disk\n---\n");
        let title = |buffer: &Buffer| -> Vec<(String, String)> {
            let handbook = load_handbook_with(dir.path(), Some(buffer)).unwrap();
            let docs = handbook.documents.iter();
            docs.map(|d| (d.path.clone(), d.meta.title.clone()))
                .collect()
        };
        let buffer = |path: &str| Buffer {
            path: path.into(),
            bytes: b"---\ntitle: in the editor\n---\n".to_vec(),
        };
        let pair = |p: &str, t: &str| (p.to_string(), t.to_string());
        assert_eq!(
            title(&buffer("sops/a.md")),
            [pair("sops/a.md", "in the editor")]
        );
        assert_eq!(
            title(&buffer("sops/b.md")),
            [
                pair("sops/a.md", "on disk"),
                pair("sops/b.md", "in the editor")
            ]
        );
        assert_eq!(
            title(&buffer("drafts/c.md")),
            [pair("sops/a.md", "on disk")]
        );
        assert_eq!(title(&buffer(".hidden.md")), [pair("sops/a.md", "on disk")]);
        let config = Buffer {
            path: CONFIG_FILE.into(),
            bytes: b"title: from the editor\n".to_vec(),
        };
        let handbook = load_handbook_with(dir.path(), Some(&config)).unwrap();
        assert_eq!(handbook.config.title, "from the editor");
        assert_eq!(handbook.documents.len(), 1);
    }

    fn config_issues(config: &str) -> Vec<LoadIssue> {
        in_memory(&[], config).config_doc.issues
    }

    #[test]
    fn an_invalid_doc_no_pattern_is_a_schema_issue_at_the_value() {
        let issues = config_issues("title: t\ncontrol:\n  doc_no_pattern: '^OPS-(SOP-\\d{3}$'\n");
        let [
            LoadIssue::Schema {
                pointer, message, ..
            },
        ] = &issues[..]
        else {
            panic!("one schema issue expected, got {issues:?}");
        };
        assert_eq!(pointer, "/control/doc_no_pattern");
        let message = message.en();
        assert!(message.contains("unclosed group"), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }

    #[test]
    fn a_valid_doc_no_pattern_and_control_keys_read_clean() {
        let handbook = in_memory(
            &[],
            "title: t\ncontrol:\n  doc_no_pattern: '^OPS-(SOP|CP)-\\d{3}$'\n  require_approval: [sop, contingency]\n  controlled_notice: 仅供参考\n",
        );
        assert!(
            handbook.config_doc.issues.is_empty(),
            "{:?}",
            handbook.config_doc.issues
        );
        let control = &handbook.config.control;
        assert_eq!(control.require_approval, [Kind::Sop, Kind::Contingency]);
        assert_eq!(control.controlled_notice.as_deref(), Some("仅供参考"));
    }

    #[test]
    fn an_unknown_kind_or_key_under_control_is_reported() {
        let issues = config_issues("title: t\ncontrol:\n  require_approval: [sops]\n  notice: x\n");
        assert!(issues.iter().any(|i| matches!(i, LoadIssue::Schema { pointer, .. } if pointer == "/control/require_approval/0")), "{issues:?}");
        assert!(
            issues
                .iter()
                .any(|i| matches!(i, LoadIssue::UnknownField { key, .. } if key == "notice")),
            "{issues:?}"
        );
    }

    #[test]
    fn a_missing_config_in_memory_is_not_a_handbook() {
        let files = BTreeMap::from([("sops/a.md".to_string(), Ok(Vec::new()))]);
        let err = load_files(Path::new("handbook"), files).unwrap_err();
        assert!(matches!(err, LoadError::NotAHandbook(_)));
    }
}
