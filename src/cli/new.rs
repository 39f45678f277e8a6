use std::path::PathBuf;
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result};
use opsbook::locale::Message;
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
        let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        super::fail(
            Message::new("cli.unknown-kind", vec![args.kind.as_str().into()]),
            Some(Message::new(
                "cli.kinds.help",
                vec![super::identifiers(&kinds)],
            )),
        )
    })?;
    if !is_valid_id(&args.id) {
        return Err(super::fail(
            Message::new("load.invalid-id", vec![args.id.as_str().into()]),
            Some(Message::new("load.invalid-id.help", vec![])),
        ));
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
        let message = Message::new(
            "cli.document-exists",
            vec![
                kind.noun().into(),
                args.id.as_str().into(),
                handbook.documents[i].path.as_str().into(),
            ],
        );
        let help = Message::new("cli.document-exists.help", vec![]);
        return Err(super::fail(message, Some(help)));
    }
    let path = root.join(&rel);
    if path.exists() {
        return Err(super::fail(
            Message::new("cli.file-exists", vec![path.display().to_string().into()]),
            Some(Message::new("cli.file-exists.help", vec![])),
        ));
    }
    std::fs::create_dir_all(path.parent().unwrap_or(&root)).into_diagnostic()?;
    let today = super::today()?;
    std::fs::write(&path, opsbook::scaffold::document(kind, &args.id, today)).into_diagnostic()?;
    let created = Message::new("new.created", vec![rel.as_str().into()]);
    println!("{}", created.render(super::lang()));
    Ok(ExitCode::SUCCESS)
}
