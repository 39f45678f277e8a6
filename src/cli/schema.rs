use std::path::PathBuf;
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result, WrapErr};
use opsbook::model::Kind;
use opsbook::validate::{all_schemas, config_schema, kind_schema};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// One kind (`sop`, `role`, …, or `handbook` for handbook.yaml); default all
    #[arg(value_parser = super::Names::schemas(), hide_possible_values = true)]
    kind: Option<String>,
    /// Write `<kind>.schema.json` files into this folder instead of printing
    #[arg(long)]
    out: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let schemas = match args.kind.as_deref() {
        None => all_schemas(),
        Some("handbook") => vec![("handbook.schema.json".into(), config_schema())],
        Some(name) => {
            let kind: Kind = name
                .parse()
                .map_err(|_| miette::miette!(help = "kinds: overview, role, workflow, sop, kpi, contingency, guide, report, page, handbook", "unknown kind `{name}`"))?;
            vec![(format!("{kind}.schema.json"), kind_schema(kind))]
        }
    };
    if let Some(dir) = args.out.as_deref().filter(|dir| dir.is_file()) {
        miette::bail!(
            help = "`--out` names the folder the `*.schema.json` files go into",
            "`{}` is a file, not a folder",
            dir.display()
        );
    }
    for (file, schema) in schemas {
        let text = serde_json::to_string_pretty(&schema).into_diagnostic()? + "\n";
        match &args.out {
            Some(dir) => {
                std::fs::create_dir_all(dir).into_diagnostic()?;
                let path = dir.join(&file);
                std::fs::write(&path, text)
                    .into_diagnostic()
                    .wrap_err_with(|| format!("cannot write {}", path.display()))?;
            }
            None => print!("{text}"),
        }
    }
    Ok(ExitCode::SUCCESS)
}
