use std::path::PathBuf;
use std::process::ExitCode;

use miette::{IntoDiagnostic, Result};
use opsbook::locale::Message;
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
            let kind: Kind = name.parse().map_err(|_| {
                let mut kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                kinds.push("handbook");
                super::fail(
                    Message::new("cli.unknown-kind", vec![name.into()]),
                    Some(Message::new(
                        "cli.kinds.help",
                        vec![super::identifiers(&kinds)],
                    )),
                )
            })?;
            vec![(format!("{kind}.schema.json"), kind_schema(kind))]
        }
    };
    if let Some(dir) = args.out.as_deref().filter(|dir| dir.is_file()) {
        return Err(super::fail(
            Message::new("error.output-file", vec![dir.display().to_string().into()]),
            Some(Message::new("cli.schema-out.help", vec![])),
        ));
    }
    for (file, schema) in schemas {
        let text = serde_json::to_string_pretty(&schema).into_diagnostic()? + "\n";
        match &args.out {
            Some(dir) => {
                std::fs::create_dir_all(dir).into_diagnostic()?;
                let path = dir.join(&file);
                std::fs::write(&path, text).map_err(|e| {
                    let shown = path.display().to_string();
                    super::io_failure(Message::new("cli.schema-write", vec![shown.into()]), &e)
                })?;
            }
            None => print!("{text}"),
        }
    }
    Ok(ExitCode::SUCCESS)
}
