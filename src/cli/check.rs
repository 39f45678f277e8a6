//! `opsbook check`: run the schema and every rule, print the findings, exit 1 on errors.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result};
use opsbook::lint::Summary;
use opsbook::load::{Buffer, MAX_FILE_SIZE};
use opsbook::locale::Message;
use opsbook::model::Date;
use opsbook::{Flags, report};

#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
pub(crate) enum Format {
    #[default]
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The handbook folder (default: found from the current folder)
    root: Option<PathBuf>,
    /// How to print the findings [default: human; json with --stdin]
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// The date reviews are checked against (default: OPSBOOK_TODAY, else the clock)
    #[arg(long, value_parser = super::parse_date)]
    today: Option<Date>,
    /// Do not read document history from git (no revisions, no git-based findings)
    #[arg(long)]
    no_git: bool,
    /// Exit 1 on warnings too
    #[arg(long)]
    deny_warnings: bool,
    /// Check the text on standard input (an editor's unsaved buffer) as the file --path, in the
    /// handbook found from it; print only that file's findings
    #[arg(long, requires = "path")]
    stdin: bool,
    /// The file the text from --stdin would be saved to
    #[arg(long, value_name = "FILE", requires = "stdin")]
    path: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let buffer_file = args.path.filter(|_| args.stdin);
    let root = match &buffer_file {
        Some(file) => Some(buffer_root(args.root.as_deref(), file)?),
        None => args.root,
    };
    let settings = super::settings(Flags {
        root,
        today: args.today,
        no_git: args.no_git,
        ..Flags::default()
    })?;
    let (checked, default_format) = match &buffer_file {
        Some(file) => {
            let buffer = read_buffer(&settings.root, file)?;
            (opsbook::check_buffer(&settings, &buffer)?, Format::Json)
        }
        None => (opsbook::check(&settings)?, Format::Human),
    };
    super::print_notes(&checked.notes);
    let (findings, summary) = (&checked.findings, checked.summary);
    let prefix = super::repo_prefix(&settings.root);
    let text = match args.format.unwrap_or(default_format) {
        Format::Human => report::human(findings, &checked.handbook, summary, super::human_style()),
        Format::Json => report::json(findings, summary),
        Format::Sarif => report::sarif(findings, &prefix, settings.lang),
        Format::Github => report::github(findings, &prefix, settings.lang),
    };
    print!("{text}");
    Ok(exit_code(summary, args.deny_warnings))
}

/// The handbook `file` belongs to: `root` if given, else found by walking up from its folder.
fn buffer_root(root: Option<&Path>, file: &Path) -> Result<PathBuf> {
    let cwd = std::env::current_dir().into_diagnostic()?;
    let file = cwd.join(file);
    let from = file.parent().unwrap_or(&cwd);
    Ok(opsbook::load::find_root(root, from)?)
}

/// Standard input as the text of `file`, named by its path in the handbook at `root`.
fn read_buffer(root: &Path, file: &Path) -> Result<Buffer> {
    let outside = || {
        let (file, root) = (file.display().to_string(), root.display().to_string());
        super::fail(
            Message::new("cli.stdin-outside", vec![file.into(), root.into()]),
            Some(Message::new("cli.stdin-outside.help", vec![])),
        )
    };
    // The file need not exist yet (a new buffer), but its folder must.
    if file.is_dir() {
        return Err(outside());
    }
    let name = file.file_name().ok_or_else(outside)?;
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let folder = folder.canonicalize().map_err(|_| outside())?;
    let root = root.canonicalize().into_diagnostic()?;
    let rel = folder.join(name);
    let rel = rel.strip_prefix(&root).map_err(|_| outside())?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    let path = parts.ok_or_else(outside)?.join("/");
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| super::io_failure(Message::new("cli.stdin-unreadable", vec![]), &e))?;
    Ok(Buffer { path, bytes })
}

/// 1 when there is an error (or a warning with `--deny-warnings`), else 0.
fn exit_code(summary: Summary, deny_warnings: bool) -> ExitCode {
    let failed = summary.errors > 0 || (deny_warnings && summary.warnings > 0);
    ExitCode::from(u8::from(failed))
}
