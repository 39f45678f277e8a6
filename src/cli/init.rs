use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use miette::Result;
use opsbook::locale::{Arg, Message};

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
        let quoted: Vec<String> = clashes.iter().map(|rel| format!("`{rel}`")).collect();
        let listed = Arg::localized(|lang| lang.list(&quoted));
        return Err(super::fail(
            Message::new(
                "cli.init-clash",
                vec![dir.display().to_string().into(), listed],
            ),
            Some(Message::new("cli.init-clash.help", vec![])),
        ));
    }
    for (rel, text) in &files {
        write(&dir.join(rel), text, args.force)?;
    }
    // A new handbook keeps its built site out of git; a folder's own `.gitignore` is kept.
    let gitignore = dir.join(".gitignore");
    if gitignore.symlink_metadata().is_err() {
        write(&gitignore, opsbook::scaffold::GITIGNORE, false)?;
    }
    let shown = dir.display().to_string();
    let created = Message::new(
        "init.created",
        vec![shown.as_str().into(), shown.as_str().into()],
    );
    println!("{}", created.render(super::lang()));
    Ok(ExitCode::SUCCESS)
}

/// Write a file; without `overwrite`, only a new one (so a file that appeared since the clash
/// check is still never replaced).
fn write(path: &Path, text: &str, overwrite: bool) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            let message =
                Message::new("error.io-create", vec![parent.display().to_string().into()]);
            super::io_failure(message, &e)
        })?;
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
        .map_err(|e| {
            let message = Message::new("error.io-write", vec![path.display().to_string().into()]);
            super::io_failure(message, &e)
        })
}
