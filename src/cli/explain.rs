use std::process::ExitCode;

use miette::Result;
use opsbook::lint::{rule, rules::RULES};
use opsbook::text::closest;

#[derive(clap::Args)]
pub(crate) struct Args {
    /// A rule name, e.g. `stale-review`; without it, the list of rules
    #[arg(value_parser = super::Names::rules(), hide_possible_values = true)]
    rule: Option<String>,
    /// Print every rule's documentation as one Markdown page (docs/rules.md)
    #[arg(long, conflicts_with = "rule")]
    all: bool,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    if args.all {
        print!("{}", opsbook::lint::rules_page());
        return Ok(ExitCode::SUCCESS);
    }
    let Some(name) = args.rule else {
        for r in RULES {
            println!("{:<22} {:<8} {}", r.name, r.default_level_name(), r.summary);
        }
        return Ok(ExitCode::SUCCESS);
    };
    match rule(&name) {
        Some(r) => {
            println!("{}", r.page());
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let hint = closest(&name, RULES.iter().map(|r| r.name))
                .map(|b| format!("did you mean `{b}`?"))
                .unwrap_or_else(|| "`opsbook explain` lists the rules".into());
            Err(miette::miette!(help = hint, "unknown rule `{name}`"))
        }
    }
}
