use std::process::ExitCode;

use miette::Result;
use opsbook::lint::{rule, rules::RULES};
use opsbook::locale::Message;
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
    let lang = super::lang();
    if args.all {
        print!("{}", opsbook::lint::rules_page(lang));
        return Ok(ExitCode::SUCCESS);
    }
    let Some(name) = args.rule else {
        for r in RULES {
            let summary = r.summary_in(lang);
            println!("{:<22} {:<8} {summary}", r.name, r.default_level_name());
        }
        return Ok(ExitCode::SUCCESS);
    };
    match rule(&name) {
        Some(r) => {
            println!("{}", r.page(lang));
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let say = |m: Message| m.render(lang);
            let hint = match closest(&name, RULES.iter().map(|r| r.name)) {
                Some(b) => Message::new("did-you-mean", vec![b.into()]),
                None => Message::new("explain.unknown-rule.help", vec![]),
            };
            let message = Message::new("cli.unknown-rule", vec![name.as_str().into()]);
            Err(miette::miette!(help = say(hint), "{}", say(message)))
        }
    }
}
