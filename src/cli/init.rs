use std::path::PathBuf;
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result, WrapErr};

#[derive(clap::Args)]
pub struct Args {
    /// Where to create the handbook (default: `./handbook`)
    dir: Option<PathBuf>,
    /// The handbook's title
    #[arg(long, default_value = "运营服务手册")]
    title: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("handbook"));
    if dir.join(opsbook::load::CONFIG_FILE).exists() {
        miette::bail!(
            help = "choose an empty folder",
            "`{}` already holds a handbook",
            dir.display()
        );
    }
    let today = super::today(None)?;
    for (rel, text) in opsbook::scaffold::skeleton(&args.title, today) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir)).into_diagnostic()?;
        std::fs::write(&path, text)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot write `{}`", path.display()))?;
    }
    println!(
        "created a handbook in `{}`; next: opsbook check {}",
        dir.display(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}
