//! `opsbook man`: the manual page (roff), from the same clap command as `--help`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory;
use miette::{IntoDiagnostic, Result};
use opsbook::locale::Message;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Write `opsbook.1` and one page per subcommand (`opsbook-check.1`, …) into this folder
    /// instead of printing `opsbook.1`
    #[arg(long)]
    out: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    // As `clap_mangen::generate_to` does: `help` gets no page of its own, so none is listed.
    let cmd = crate::Cli::command().disable_help_subcommand(true);
    match args.out {
        Some(dir) => {
            let shown = dir.display().to_string();
            if dir.is_file() {
                return Err(super::fail(
                    Message::new("cli.man-out-file", vec![shown.into()]),
                    Some(Message::new("cli.man-out-file.help", vec![])),
                ));
            }
            std::fs::create_dir_all(&dir).map_err(|e| {
                let message = Message::new("error.io-create", vec![shown.as_str().into()]);
                super::io_failure(message, &e)
            })?;
            clap_mangen::generate_to(cmd, &dir).map_err(|e| {
                let message = Message::new("cli.man-write", vec![shown.as_str().into()]);
                super::io_failure(message, &e)
            })?;
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut page)
                .into_diagnostic()?;
            std::io::Write::write_all(&mut std::io::stdout(), &page).into_diagnostic()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
