//! `opsbook review`: record a periodic review of one document in its front matter, changing
//! only `review.last` (and `review.by`); the edit itself is `opsbook::edit::record_review`.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result};
use opsbook::edit::{ReviewEntry, ReviewError, record_review};
use opsbook::lint::{self, Summary};
use opsbook::locale::Message;
use opsbook::model::{Date, Document, Handbook, Index, Kind, LoadIssue};
use opsbook::report;
use opsbook::text::closest;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The document: a path (from the current folder or the handbook root) or `kind:id`
    target: String,
    /// The date of the review (default: OPSBOOK_TODAY, else the clock)
    #[arg(long, value_parser = super::parse_date)]
    date: Option<Date>,
    /// The reviewer's role id, recorded as `review.by`
    #[arg(long, value_name = "ROLE")]
    by: Option<String>,
    /// A note for the suggested commit message (printed, never run)
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// Record a date before the current `review.last` (to correct a mistaken date)
    #[arg(long)]
    allow_earlier: bool,
    /// The handbook folder (default: found from the current folder)
    #[arg(long)]
    root: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let cwd = std::env::current_dir().into_diagnostic()?;
    let root = opsbook::load::find_root(args.root.as_deref(), &cwd)?;
    let handbook = opsbook::load::load_handbook(&root)?;
    let index = Index::new(&handbook);
    let doc = find_document(&handbook, &index, &root, &cwd, &args.target)?;
    if let Some(by) = &args.by
        && index.get(Kind::Role, by).is_none()
    {
        let help = match closest(by, index.ids(Kind::Role)) {
            Some(best) => Message::new("did-you-mean", vec![best.into()]),
            None => Message::new("cli.no-role.help", vec![]),
        };
        let message = Message::new("cli.no-role", vec![by.as_str().into()]);
        return Err(super::fail(message, Some(help)));
    }
    refuse_unreadable(&handbook, &index, doc)?;

    let date = match args.date {
        Some(date) => date,
        None => super::today()?,
    };
    let entry = ReviewEntry {
        date,
        by: args.by.as_deref(),
        allow_earlier: args.allow_earlier,
    };
    let recorded = record_review(&doc.text, &entry).map_err(|e| match e {
        ReviewError::Earlier { last, date } => super::fail(
            Message::new(
                "cli.review-earlier",
                vec![doc.path.as_str().into(), date.into(), last.into()],
            ),
            Some(Message::new("cli.review-earlier.help", vec![])),
        ),
        e => {
            let lang = super::lang();
            let wrap = Message::new("cli.review-failed", vec![doc.path.as_str().into()]);
            match opsbook::command::describe_error(&e) {
                Some(why) if lang == opsbook::locale::Lang::Zh => {
                    let mut cause = why.message.render(lang);
                    if let Some(help) = why.help {
                        cause = format!("{cause}（{}）", help.render(lang));
                    }
                    miette::Report::msg(cause).wrap_err(wrap.render(lang))
                }
                _ => miette::Report::new(e).wrap_err(wrap.render(lang)),
            }
        }
    })?;
    let lang = super::lang();
    if recorded.unchanged(&doc.text) {
        let message = Message::new(
            "review.unchanged",
            vec![doc.path.as_str().into(), date.to_string().into()],
        );
        println!("{}", message.render(lang));
        return Ok(ExitCode::SUCCESS);
    }
    let file = root.join(&doc.path);
    write_atomically(&file, recorded.text.as_bytes()).map_err(|e| {
        let message = Message::new("error.io-write", vec![file.display().to_string().into()]);
        super::io_failure(message, &e)
    })?;

    // The fields are named as in the front matter, in either language.
    let none = Message::new("review.none", vec![]).render(lang);
    let was = |v: Option<String>| v.unwrap_or_else(|| none.clone());
    let mut line = format!(
        "{}: review.last {} → {date}",
        doc.path,
        was(recorded.last_before.map(|d| d.to_string()))
    );
    if let Some(by) = &args.by
        && recorded.by_before.as_deref() != Some(by)
    {
        line.push_str(&format!(", review.by {} → {by}", was(recorded.by_before)));
    }
    println!("{line}");
    if let Some(note) = &args.note {
        let message = format!("review: {} — {note}", doc.path);
        let path = relative_path(&cwd, &file);
        println!(
            "git commit -m {} -- {}",
            shell_quote(&message),
            shell_quote(&path)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The document `target` names: a file (from the current folder, else from the root), else
/// `kind:id`.
fn find_document<'h>(
    handbook: &'h Handbook,
    index: &Index,
    root: &Path,
    cwd: &Path,
    target: &str,
) -> Result<&'h Document> {
    let canonical_root = root.canonicalize().into_diagnostic()?;
    for candidate in [cwd.join(target), root.join(target)] {
        if !candidate.is_file() {
            continue;
        }
        let Ok(file) = candidate.canonicalize() else {
            continue;
        };
        let Ok(rel) = file.strip_prefix(&canonical_root) else {
            let shown = root.display().to_string();
            return Err(super::fail(
                Message::new("cli.target-outside", vec![target.into()]),
                Some(Message::new("cli.target-outside.help", vec![shown.into()])),
            ));
        };
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        return handbook.document(&rel.join("/")).ok_or_else(|| {
            super::fail(
                Message::new("cli.not-a-document", vec![target.into()]),
                Some(Message::new("cli.not-a-document.help", vec![])),
            )
        });
    }
    if let Some((kind, id)) = target.split_once(':')
        && let Ok(kind) = kind.parse::<Kind>()
    {
        if let Some(i) = index.get(kind, id) {
            return Ok(&handbook.documents[i]);
        }
        let help = match closest(id, index.ids(kind)) {
            Some(best) => Message::new("did-you-mean", vec![format!("{kind}:{best}").into()]),
            None => Message::new(
                "cli.no-such-document.help",
                vec![kind.name().into(), id.into()],
            ),
        };
        let message = Message::new(
            "cli.no-such-kind-document",
            vec![kind.noun().into(), id.into()],
        );
        return Err(super::fail(message, Some(help)));
    }
    let paths = handbook.documents.iter().map(|d| d.path.as_str());
    let help = match closest(target, paths) {
        Some(best) => Message::new("did-you-mean", vec![best.into()]),
        None => Message::new("cli.no-document.help", vec![]),
    };
    Err(super::fail(
        Message::new("cli.no-document", vec![target.into()]),
        Some(help),
    ))
}

/// Refuse a document whose front matter cannot be read or whose `review` breaks the schema
/// (a missing `last` is what recording a review fixes), printing the findings as `check` does.
fn refuse_unreadable(handbook: &Handbook, index: &Index, doc: &Document) -> Result<()> {
    // Rendered in the language the findings below are checked in, to find them by message.
    let lang = super::lang();
    let blocking: Vec<String> = doc
        .issues
        .iter()
        .filter_map(|issue| match issue {
            LoadIssue::FrontMatter { message, .. } => Some(message.render(lang)),
            LoadIssue::Schema {
                pointer, message, ..
            } if (pointer == "/review" && message.en() != "missing required field `last`")
                || pointer.starts_with("/review/") =>
            {
                Some(message.render(lang))
            }
            _ => None,
        })
        .collect();
    if blocking.is_empty() {
        return Ok(());
    }
    let context = lint::Context {
        handbook,
        index,
        today: Date::today(),
        lang,
        history: None,
    };
    let findings: Vec<_> = lint::check(&context)
        .into_iter()
        .filter(|f| {
            f.file == doc.path
                && matches!(f.rule, "invalid-front-matter" | "schema")
                && blocking.contains(&f.message)
        })
        .collect();
    if findings.is_empty() {
        // The rules that report these are turned off: say what they would have said.
        for message in &blocking {
            eprintln!("{}: {message}", doc.path);
        }
    } else {
        let summary = Summary::new(1, &findings);
        eprint!(
            "{}",
            report::human(&findings, handbook, summary, super::human_style())
        );
    }
    let help = Message::new("cli.review-unreadable.help", vec![]);
    let message = Message::new("cli.review-unreadable", vec![doc.path.as_str().into()]);
    miette::bail!(help = help.render(lang), "{}", message.render(lang))
}

/// Replace `path` by `bytes` in one step: a temporary file in the same folder, with the
/// original's permissions, renamed over it. A failure leaves the original as it was.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    // Hidden, so a handbook walk running meanwhile skips it.
    let temp = dir.join(format!(".{name}.opsbook-{}.tmp", std::process::id()));
    let permissions = std::fs::metadata(path)?.permissions();
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::set_permissions(&temp, permissions)?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// `file` as written from `cwd`: relative (with `..` when needed), `/`-separated.
fn relative_path(cwd: &Path, file: &Path) -> String {
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    let file = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
    let from: Vec<Component> = cwd.components().collect();
    let to: Vec<Component> = file.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return file.display().to_string();
    }
    let ups = std::iter::repeat_n("..".to_string(), from.len() - common);
    let downs = to[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

/// `text` as one shell word: as is when it is only safe characters, else single-quoted with
/// each `'` written `'\''`.
fn shell_quote(text: &str) -> String {
    let safe = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c));
    if safe {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}
