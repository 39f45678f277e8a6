use std::path::PathBuf;
use std::process::ExitCode;

use miette::Result;
use opsbook::lint::{self, Summary};
use opsbook::model::{Date, Index};
use opsbook::report;

#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(clap::Args)]
pub struct Args {
    /// The handbook folder (default: found from the current folder)
    root: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    /// The date reviews are checked against (default: OPSBOOK_TODAY, else the clock)
    #[arg(long, value_parser = super::parse_date)]
    today: Option<Date>,
    /// Exit 1 on warnings too
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let handbook = super::load(args.root.as_deref())?;
    let today = super::today(args.today)?;
    let index = Index::new(&handbook);
    let findings = lint::check_handbook(&handbook, &index, today);
    let summary = Summary::new(handbook.documents.len(), &findings);
    let prefix = super::repo_prefix(&handbook.root);
    let text = match args.format {
        Format::Human => report::human(&findings, &handbook, summary, super::human_style()),
        Format::Json => report::json(&findings, summary),
        Format::Sarif => report::sarif(&findings, &prefix),
        Format::Github => report::github(&findings, &prefix),
    };
    print!("{text}");
    Ok(exit_code(summary, args.deny_warnings))
}

/// 1 when there is an error (or a warning with `--deny-warnings`), else 0.
pub fn exit_code(summary: Summary, deny_warnings: bool) -> ExitCode {
    let failed = summary.errors > 0 || (deny_warnings && summary.warnings > 0);
    ExitCode::from(u8::from(failed))
}
