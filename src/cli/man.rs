//! `opsbook man`: the manual page (roff), from the same clap command as `--help`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::CommandFactory;
use miette::{IntoDiagnostic, Result, WrapErr};

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
            if dir.is_file() {
                miette::bail!(
                    help = "`--out` names the folder the pages go into",
                    "`{}` is a file, not a folder",
                    dir.display()
                );
            }
            std::fs::create_dir_all(&dir).into_diagnostic()?;
            clap_mangen::generate_to(cmd, &dir)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot write the pages into {}", dir.display()))?;
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
