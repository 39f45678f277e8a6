//! Where `theme:` in handbook.yaml points. The folder must lie inside the handbook once symlinks
//! are resolved: a handbook is often someone else's pull request, and `theme: /etc` would
//! otherwise publish the machine's files with the site. `--theme DIR` on the command line is
//! the user's own choice and is not resolved here.

use std::path::{Path, PathBuf};

use crate::locale::msg;
use crate::model::{Config, LoadIssue};

/// Why `theme:` names no usable folder.
#[derive(Debug)]
pub enum ThemeProblem {
    /// Nothing is there (or it is not a folder).
    Missing,
    /// The folder, symlinks resolved, is the root itself or outside it.
    Outside,
}

/// The folder `theme:` names, canonical; `None` when `theme:` is unset or empty.
pub fn resolve_theme(root: &Path, config: &Config) -> Result<Option<PathBuf>, ThemeProblem> {
    let Some(theme) = config
        .theme
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    let root = root.canonicalize().map_err(|_| ThemeProblem::Missing)?;
    let dir = root
        .join(theme)
        .canonicalize()
        .map_err(|_| ThemeProblem::Missing)?;
    if dir == root || !dir.starts_with(&root) {
        return Err(ThemeProblem::Outside);
    }
    if !dir.is_dir() {
        return Err(ThemeProblem::Missing);
    }
    Ok(Some(dir))
}

/// The `schema` finding on `theme:` for a folder that cannot be used.
pub(super) fn theme_issue(root: &Path, config: &Config) -> Option<LoadIssue> {
    let problem = resolve_theme(root, config).err()?;
    let theme = config.theme.as_deref().unwrap_or_default().trim();
    let (message, help) = match problem {
        ThemeProblem::Outside => (
            msg!("load.theme-outside", theme),
            msg!("load.theme-outside.help"),
        ),
        ThemeProblem::Missing => (
            msg!("load.theme-missing", theme),
            msg!("load.theme-missing.help"),
        ),
    };
    Some(LoadIssue::Schema {
        pointer: "/theme".into(),
        message,
        help: Some(help),
        on_key: false,
    })
}
