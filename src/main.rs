//! The `opsbook` command: parses arguments, calls the library, prints, picks the exit code.

mod cli;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand};

/// See Cargo.toml: glibc's malloc is a fifth of a large build's CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// An operations handbook as code: check it, build it into a site, diff it in review.
#[derive(Parser)]
#[command(name = "opsbook", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of messages: zh-CN or en (default: OPSBOOK_LANG, else `language:` of
    /// handbook.yaml, else LANG)
    #[arg(long, global = true, value_name = "LANG", value_parser = cli::parse_lang)]
    lang: Option<opsbook::locale::Lang>,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the handbook: schema and rules
    Check(cli::check::Args),
    /// Build the static site and the print page
    Build(cli::build::Args),
    /// Show what changed between two versions of the handbook, for review
    Diff(cli::diff::Args),
    /// Generate CODEOWNERS from document owners, or check the committed one
    Owners(cli::owners::Args),
    /// Preview the site with live reload on 127.0.0.1
    Serve(cli::serve::Args),
    /// Print a rule's documentation, or list the rules
    Explain(cli::explain::Args),
    /// Write the JSON Schemas of front matter (for editors)
    Schema(cli::schema::Args),
    /// Create a new handbook skeleton
    Init(cli::init::Args),
    /// Create a new document from its kind's template
    New(cli::new::Args),
    /// Record a periodic review of a document (sets review.last, and review.by)
    Review(cli::review::Args),
    /// Print the shell completion script (bash, zsh, fish, powershell)
    Completions(cli::completions::Args),
    /// Print the manual page, or write one page per subcommand with --out
    Man(cli::man::Args),
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    cli::set_args_lang(cli::usage::lang_in_args(&args));
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version are not errors, and the help stays English; an error about the
            // command line is in the run's language where `usage` knows it, else clap's.
            let shown = match error.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => None,
                _ => cli::usage::localized(&error, cli::lang()),
            };
            match shown {
                Some(text) => {
                    eprint!("{text}");
                    return ExitCode::from(2);
                }
                None => error.exit(),
            }
        }
    };
    cli::set_lang_flag(cli.lang);
    let result = match cli.command {
        Command::Check(args) => cli::check::run(args),
        Command::Build(args) => cli::build::run(args),
        Command::Diff(args) => cli::diff::run(args),
        Command::Owners(args) => cli::owners::run(args),
        Command::Serve(args) => cli::serve::run(args),
        Command::Explain(args) => cli::explain::run(args),
        Command::Schema(args) => cli::schema::run(args),
        Command::Init(args) => cli::init::run(args),
        Command::New(args) => cli::new::run(args),
        Command::Review(args) => cli::review::run(args),
        Command::Completions(args) => cli::completions::run(args),
        Command::Man(args) => cli::man::run(args),
    };
    match result {
        Ok(code) => code,
        Err(report) => {
            eprintln!("{}", cli::error_text(&report));
            ExitCode::from(2)
        }
    }
}
