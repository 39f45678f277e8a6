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
pub(crate) mod usage;

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use miette::{IntoDiagnostic, Result};
use opsbook::command::{Env, describe_error, resolve_lang};
use opsbook::locale::{Lang, Message};
use opsbook::model::{Date, Handbook};
use opsbook::report::HumanStyle;
use opsbook::{Flags, Settings, Today};

/// `--lang`, a global flag: set once by `main` before the subcommand runs, read by
/// [`settings`] and [`lang`] (each subcommand builds its own [`Flags`]).
static LANG_FLAG: OnceLock<Option<Lang>> = OnceLock::new();

/// `--lang` as found on the command line before clap parsed it ([`usage::lang_in_args`]):
/// the language of clap's errors, and of the reasons `parse_date` and `parse_lang` give them.
static ARGS_LANG: OnceLock<Option<Lang>> = OnceLock::new();

/// The language [`settings`] resolved, with the handbook's `language:`.
static RESOLVED: OnceLock<Lang> = OnceLock::new();

/// Record `--lang` as found on the command line, before it is parsed.
pub(crate) fn set_args_lang(lang: Option<Lang>) {
    let _ = ARGS_LANG.set(lang);
}

/// Record `--lang` for the run.
pub(crate) fn set_lang_flag(lang: Option<Lang>) {
    let _ = LANG_FLAG.set(lang);
}

/// The environment the library resolves settings from.
fn env() -> Env {
    let var = |name| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    Env {
        today: std::env::var("OPSBOOK_TODAY").ok(),
        lang: var("OPSBOOK_LANG"),
        locale: var("LC_ALL")
            .or_else(|| var("LC_MESSAGES"))
            .or_else(|| var("LANG")),
    }
}

/// The language to speak: the one [`settings`] resolved with the handbook's `language:`,
/// else (no handbook yet: `explain`, an error finding it, or the command line's own errors)
/// `--lang`, `OPSBOOK_LANG` or the locale; English when even that fails, e.g. for a bad
/// `OPSBOOK_LANG`.
pub(crate) fn lang() -> Lang {
    if let Some(lang) = RESOLVED.get() {
        return *lang;
    }
    lang_with(None)
}

/// The language for the handbook at `root`, for a command that resolves no [`settings`]
/// (`diff`): `--lang`, `OPSBOOK_LANG`, the handbook's `language:`, the locale; English when
/// even that fails.
pub(crate) fn lang_with(root: Option<&Path>) -> Lang {
    let flag = match LANG_FLAG.get() {
        Some(flag) => *flag,
        None => ARGS_LANG.get().copied().flatten(),
    };
    resolve_lang(flag, &env(), root).unwrap_or(Lang::En)
}

/// `--lang` for clap: `zh-CN`, `en` (and `zh`, `zh_CN`, `en-GB`, …).
pub(crate) fn parse_lang(text: &str) -> std::result::Result<Lang, BadValue> {
    Lang::from_tag(text)
        .ok_or_else(|| BadValue(Message::new("cli.bad-lang", vec![text.into()]).render(lang())))
}

/// Why one of opsbook's own argument parsers refused a value, in the run's language: what
/// clap's errors show in Chinese (clap's own parsers' reasons are English and are not shown).
#[derive(Debug)]
pub(crate) struct BadValue(String);

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadValue {}

/// A command-line error in the language of the run: `message`, and `help` when there is one.
pub(crate) fn fail(message: Message, help: Option<Message>) -> miette::Report {
    let lang = lang();
    match help {
        Some(help) => miette::miette!(help = help.render(lang), "{}", message.render(lang)),
        None => miette::miette!("{}", message.render(lang)),
    }
}

/// A file that could not be read or written: `message`, and the system's reason under it
/// (in Chinese by its kind, see [`opsbook::locale::io_reason`]).
pub(crate) fn io_failure(message: Message, error: &std::io::Error) -> miette::Report {
    let lang = lang();
    let reason = Message::new("text", vec![opsbook::locale::io_reason(error)]);
    miette::Report::msg(reason.render(lang)).wrap_err(message.render(lang))
}

/// Identifiers as an argument of a message (`a, b` / `` `a`、`b` ``).
pub(crate) fn identifiers(items: &[&str]) -> opsbook::locale::Arg {
    opsbook::locale::Arg::identifiers(items)
}

/// An error as the user reads it: in English as its own diagnostic; in Chinese, the
/// library's errors in the catalogue's words (rustc style, with the same code), any other
/// error as it is; the label of its help in the language either way.
pub(crate) fn error_text(report: &miette::Report) -> String {
    let lang = lang();
    opsbook::report::relabel(&diagnostic_text(report, lang), lang)
}

fn diagnostic_text(report: &miette::Report, lang: Lang) -> String {
    let error: &(dyn std::error::Error + 'static) = &**report;
    match describe_error(error) {
        Some(described) if lang == Lang::Zh => {
            let mut diagnostic = miette::MietteDiagnostic::new(described.message.render(lang));
            if let Some(code) = report.code() {
                diagnostic = diagnostic.with_code(code.to_string());
            }
            if let Some(help) = &described.help {
                diagnostic = diagnostic.with_help(help.render(lang));
            }
            let mut text = format!("{:?}", miette::Report::new(diagnostic));
            let cause = described.cause.map(|c| c.render(lang)).or_else(|| {
                // Causes the catalogue does not know (a template's error) are shown as they are.
                std::error::Error::source(error).map(ToString::to_string)
            });
            if let Some(cause) = cause {
                text = text.trim_end().to_string();
                text.push_str(&format!("\n  ╰─▶ {cause}"));
            }
            text
        }
        _ => format!("{report:?}"),
    }
}

/// Load the handbook at `root` (or found from the current folder).
pub(crate) fn load(root: Option<&Path>) -> Result<Handbook> {
    let cwd = std::env::current_dir().into_diagnostic()?;
    let root = opsbook::load::find_root(root, &cwd)?;
    Ok(opsbook::load::load_handbook(&root)?)
}

/// Resolve the command line (with the global `--lang`), the current folder and the
/// environment into settings.
pub(crate) fn settings(mut flags: Flags) -> Result<Settings> {
    let cwd = std::env::current_dir().into_diagnostic()?;
    flags.lang = flags.lang.or(LANG_FLAG.get().copied().flatten());
    let settings = Settings::resolve(flags, &cwd, &env())?;
    let _ = RESOLVED.set(settings.lang);
    Ok(settings)
}

/// `OPSBOOK_TODAY`, else the clock: the date new documents are written with.
pub(crate) fn today() -> Result<Date> {
    let env = std::env::var("OPSBOOK_TODAY").ok();
    Ok(Today::resolve(None, env.as_deref())?.date())
}

/// What the library asks to say once on the side (a shallow clone, unreadable git history).
pub(crate) fn print_notes(notes: &[opsbook::history::Note]) {
    let lang = lang();
    for note in notes {
        eprintln!("{}", note_line(note.message(), lang));
    }
}

/// A note as printed on the side: `note: …`, `注意: …`.
pub(crate) fn note_line(note: Message, lang: Lang) -> String {
    Message::new("label.note", vec![note.into()]).render(lang)
}

/// Parse `--today` values.
pub(crate) fn parse_date(text: &str) -> std::result::Result<Date, BadValue> {
    Date::parse(text)
        .ok_or_else(|| BadValue(Message::new("cli.bad-date", vec![text.into()]).render(lang())))
}

/// Colour only on a terminal and without NO_COLOR; width from the terminal, else 100.
pub(crate) fn human_style() -> HumanStyle {
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    HumanStyle {
        color,
        width,
        lang: lang(),
    }
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
