//! One module per subcommand, and what they share: finding the root, "today", terminal style.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod diff;
pub(crate) mod explain;
pub(crate) mod init;
pub(crate) mod man;
pub(crate) mod new;
pub(crate) mod owners;
pub(crate) mod review;
pub(crate) mod schema;
pub(crate) mod serve;

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use miette::{IntoDiagnostic, Result};
use opsbook::model::{Date, Handbook};
use opsbook::report::HumanStyle;
use opsbook::{Flags, Settings, Today};

/// Load the handbook at `root` (or found from the current folder).
pub(crate) fn load(root: Option<&Path>) -> Result<Handbook> {
    let cwd = std::env::current_dir().into_diagnostic()?;
    let root = opsbook::load::find_root(root, &cwd)?;
    Ok(opsbook::load::load_handbook(&root)?)
}

/// Resolve the command line, the current folder and `OPSBOOK_TODAY` into settings.
pub(crate) fn settings(flags: Flags) -> Result<Settings> {
    let cwd = std::env::current_dir().into_diagnostic()?;
    let env = std::env::var("OPSBOOK_TODAY").ok();
    Ok(Settings::resolve(flags, &cwd, env.as_deref())?)
}

/// `OPSBOOK_TODAY`, else the clock: the date new documents are written with.
pub(crate) fn today() -> Result<Date> {
    let env = std::env::var("OPSBOOK_TODAY").ok();
    Ok(Today::resolve(None, env.as_deref())?.date())
}

/// What the library asks to say once on the side (a shallow clone, unreadable git history).
pub(crate) fn print_notes(notes: &[opsbook::history::Note]) {
    for note in notes {
        eprintln!("note: {note}");
    }
}

/// Parse `--today` values.
pub(crate) fn parse_date(text: &str) -> std::result::Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date YYYY-MM-DD"))
}

/// Colour only on a terminal and without NO_COLOR; width from the terminal, else 100.
pub(crate) fn human_style() -> HumanStyle {
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    HumanStyle { color, width }
}

/// The handbook root as seen from the current folder, `/`-terminated (`handbook/`), or empty
/// when the root is the current folder or not below it: the prefix CI annotations need.
pub(crate) fn repo_prefix(root: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let root: PathBuf = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    match root.strip_prefix(&cwd) {
        Ok(rel) if !rel.as_os_str().is_empty() => {
            let parts: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            format!("{}/", parts.join("/"))
        }
        _ => String::new(),
    }
}

/// A text argument naming one of a registry's entries (a kind, a rule). It takes any text, so
/// that the command itself says what is wrong with a bad name (with "did you mean"), but it
/// offers the names to completion scripts and the man page, straight from the registry.
#[derive(Clone)]
pub(crate) struct Names(fn() -> Vec<PossibleValue>);

impl Names {
    /// Document kinds (`new KIND`).
    pub(crate) fn kinds() -> Names {
        Names(|| {
            opsbook::model::Kind::ALL
                .map(|k| PossibleValue::new(k.name()))
                .to_vec()
        })
    }

    /// Document kinds and `handbook` (`schema KIND`: `handbook.yaml`'s schema).
    pub(crate) fn schemas() -> Names {
        Names(|| {
            let mut names = (Names::kinds().0)();
            names.push(PossibleValue::new("handbook").help("handbook.yaml"));
            names
        })
    }

    /// Rule names, each with its one-line summary (`explain RULE`).
    pub(crate) fn rules() -> Names {
        Names(|| {
            opsbook::lint::rules::RULES
                .iter()
                .map(|r| PossibleValue::new(r.name).help(r.summary))
                .collect()
        })
    }
}

impl TypedValueParser for Names {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> std::result::Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter()))
    }
}
