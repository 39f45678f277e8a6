//! One module per subcommand, and what they share: finding the root, "today", terminal style.

pub mod build;
pub mod check;
pub mod diff;
pub mod explain;
pub mod init;
pub mod new;
pub mod owners;
pub mod schema;
pub mod serve;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use miette::{IntoDiagnostic, Result};
use opsbook::model::{Date, Handbook};
use opsbook::report::HumanStyle;

/// Load the handbook at `root` (or found from the current folder).
pub fn load(root: Option<&Path>) -> Result<Handbook> {
    let cwd = std::env::current_dir().into_diagnostic()?;
    let root = opsbook::load::find_root(root, &cwd)?;
    Ok(opsbook::load::load_handbook(&root)?)
}

/// `--today`, else `OPSBOOK_TODAY`, else the clock.
pub fn today(flag: Option<Date>) -> Result<Date> {
    if let Some(date) = flag {
        return Ok(date);
    }
    match std::env::var("OPSBOOK_TODAY") {
        Ok(text) if !text.trim().is_empty() => Date::parse(&text)
            .ok_or_else(|| miette::miette!("OPSBOOK_TODAY=`{text}` is not a date YYYY-MM-DD")),
        _ => Ok(opsbook::today_from_clock()),
    }
}

/// Parse `--today` values.
pub fn parse_date(text: &str) -> std::result::Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date YYYY-MM-DD"))
}

/// Colour only on a terminal and without NO_COLOR; width from the terminal, else 100.
pub fn human_style() -> HumanStyle {
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
pub fn repo_prefix(root: &Path) -> String {
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
