//! `opsbook completions SHELL`: the completion script for a shell, from the same clap command
//! as `--help`, so subcommands, flags, kind names and rule names complete.

use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;
use miette::Result;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The shell to write the script for
    shell: Shell,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let mut cmd = crate::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "opsbook", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}
