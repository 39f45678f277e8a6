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
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "opsbook", &mut script);
    let mut script = String::from_utf8_lossy(&script).into_owned();
    // clap_complete's bash and zsh scripts offer the values of positional arguments (`new
    // KIND`, `explain RULE`); its fish and PowerShell scripts only those of flags.
    match args.shell {
        Shell::Fish => script.push_str(&fish_values(&cmd)),
        Shell::PowerShell => script = powershell_values(&cmd, script),
        _ => {}
    }
    print!("{script}");
    Ok(ExitCode::SUCCESS)
}

/// Each subcommand's positional values: (subcommand, value, help).
fn positional_values(cmd: &clap::Command) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for sub in cmd.get_subcommands() {
        for arg in sub.get_positionals() {
            for value in arg
                .get_value_parser()
                .possible_values()
                .into_iter()
                .flatten()
            {
                let help = value.get_help().map(|h| h.to_string()).unwrap_or_default();
                found.push((
                    sub.get_name().to_string(),
                    value.get_name().to_string(),
                    help,
                ));
            }
        }
    }
    found
}

/// One more line per value, using the function clap_complete's fish script defines.
fn fish_values(cmd: &clap::Command) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"));
    let mut out = String::new();
    for (sub, value, help) in positional_values(cmd) {
        let condition = format!("__fish_opsbook_using_subcommand {sub}");
        out.push_str(&format!(
            "complete -c opsbook -n {} -f -a {}",
            quote(&condition),
            quote(&value)
        ));
        if !help.is_empty() {
            out.push_str(&format!(" -d {}", quote(&help)));
        }
        out.push('\n');
    }
    out
}

/// The values added to each subcommand's case of the PowerShell script, before its flags.
fn powershell_values(cmd: &clap::Command, mut script: String) -> String {
    let quote = |s: &str| format!("'{}'", s.replace('\'', "''"));
    for (sub, value, help) in positional_values(cmd).into_iter().rev() {
        let case = format!("'opsbook;{sub}' {{\n");
        let Some(at) = script.find(&case) else {
            continue;
        };
        let help = if help.is_empty() { value.clone() } else { help };
        let line = format!(
            "            [CompletionResult]::new({}, {}, [CompletionResultType]::ParameterValue, {})\n",
            quote(&value),
            quote(&value),
            quote(&help)
        );
        script.insert_str(at + case.len(), &line);
    }
    script
}
