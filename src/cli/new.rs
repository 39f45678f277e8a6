use std::path::PathBuf;
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result};
use opsbook::model::{Index, Kind, is_valid_id};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// overview, role, workflow, sop, kpi, contingency, guide, report or page
    #[arg(value_parser = super::Names::kinds(), hide_possible_values = true)]
    kind: String,
    /// The document id, which becomes its file name
    id: String,
    /// The handbook folder (default: found from the current folder)
    #[arg(long)]
    root: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let kind: Kind = args.kind.parse().map_err(|_| {
        miette::miette!(
            help = "kinds: overview, role, workflow, sop, kpi, contingency, guide, report, page",
            "unknown kind `{}`",
            args.kind
        )
    })?;
    if !is_valid_id(&args.id) {
        miette::bail!(
            help = "ids are letters (any script), digits, `-` and `_`",
            "`{}` is not a valid id",
            args.id
        );
    }
    let cwd = std::env::current_dir().into_diagnostic()?;
    let root = opsbook::load::find_root(args.root.as_deref(), &cwd)?;
    let rel = match kind.folder() {
        Some(folder) => format!("{folder}/{}.md", args.id),
        None => format!("{}.md", args.id),
    };
    // The id may be taken by a file elsewhere (a subfolder, an `id:` in front matter, a
    // `kind:` outside the kind's folder): two documents with one id break every reference.
    let handbook = opsbook::load::load_handbook(&root)?;
    if let Some(i) = Index::new(&handbook).get(kind, &args.id) {
        miette::bail!(
            help = "pick another id, or edit the existing document",
            "{kind} `{}` already exists: `{}`",
            args.id,
            handbook.documents[i].path
        );
    }
    let path = root.join(&rel);
    if path.exists() {
        miette::bail!(
            help = "pick another id",
            "`{}` already exists",
            path.display()
        );
    }
    std::fs::create_dir_all(path.parent().unwrap_or(&root)).into_diagnostic()?;
    let today = super::today()?;
    std::fs::write(&path, opsbook::scaffold::document(kind, &args.id, today)).into_diagnostic()?;
    println!("created `{rel}`: fill in the `TODO:` values, then run `opsbook check`");
    Ok(ExitCode::SUCCESS)
}
