use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result, WrapErr};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// Where to create the handbook (default: `./handbook`)
    dir: Option<PathBuf>,
    /// The handbook's title
    #[arg(long, default_value = "运营服务手册")]
    title: String,
    /// Overwrite files of the skeleton that already exist in DIR (without it, init refuses
    /// and lists them); other files, and an existing `.gitignore`, are left alone
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("handbook"));
    let today = super::today()?;
    let files = opsbook::scaffold::skeleton(&args.title, today);
    // `symlink_metadata`: a dangling symlink is a file that writing would follow.
    let clashes: Vec<&str> = files
        .iter()
        .map(|(rel, _)| *rel)
        .filter(|rel| dir.join(rel).symlink_metadata().is_ok())
        .collect();
    if !clashes.is_empty() && !args.force {
        miette::bail!(
            help = "choose an empty folder, or give `--force` to overwrite these files",
            "`{}` already has {}",
            dir.display(),
            clashes
                .iter()
                .map(|rel| format!("`{rel}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for (rel, text) in &files {
        write(&dir.join(rel), text, args.force)?;
    }
    // A new handbook keeps its built site out of git; a folder's own `.gitignore` is kept.
    let gitignore = dir.join(".gitignore");
    if gitignore.symlink_metadata().is_err() {
        write(&gitignore, opsbook::scaffold::GITIGNORE, false)?;
    }
    println!(
        "created a handbook in `{}`; next: opsbook check {}",
        dir.display(),
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Write a file; without `overwrite`, only a new one (so a file that appeared since the clash
/// check is still never replaced).
fn write(path: &Path, text: &str, overwrite: bool) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot create `{}`", parent.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write `{}`", path.display()))
}
