//! `opsbook check`: run the schema and every rule, print the findings, exit 1 on errors.

use std::path::PathBuf;
use std::process::ExitCode;

use miette::Result;
use opsbook::lint::Summary;
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
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// The date reviews are checked against (default: OPSBOOK_TODAY, else the clock)
    #[arg(long, value_parser = super::parse_date)]
    today: Option<Date>,
    /// Do not read document history from git (no revisions, no git-based findings)
    #[arg(long)]
    no_git: bool,
    /// Exit 1 on warnings too
    #[arg(long)]
    deny_warnings: bool,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let settings = super::settings(Flags {
        root: args.root,
        today: args.today,
        no_git: args.no_git,
        ..Flags::default()
    })?;
    let checked = opsbook::check(&settings)?;
    super::print_notes(&checked.notes);
    let (findings, summary) = (&checked.findings, checked.summary);
    let prefix = super::repo_prefix(&settings.root);
    let text = match args.format {
        Format::Human => report::human(findings, &checked.handbook, summary, super::human_style()),
        Format::Json => report::json(findings, summary),
        Format::Sarif => report::sarif(findings, &prefix),
        Format::Github => report::github(findings, &prefix),
    };
    print!("{text}");
    Ok(exit_code(summary, args.deny_warnings))
}

/// 1 when there is an error (or a warning with `--deny-warnings`), else 0.
fn exit_code(summary: Summary, deny_warnings: bool) -> ExitCode {
    let failed = summary.errors > 0 || (deny_warnings && summary.warnings > 0);
    ExitCode::from(u8::from(failed))
}
