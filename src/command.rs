//! The pipeline as commands run it: [`check`] and [`build`], for one value of [`Settings`]
//! resolved once from the command line, the environment and the current folder.
//!
//! `check`, `build` and `serve` in the binary are "resolve, call, print, exit code"; `serve`
//! calls [`build`] for every rebuild, so a preview builds exactly what `build` builds.

use std::path::{Path, PathBuf};

use crate::edit::ReviewError;
use crate::git::GitError;
use crate::history::{self, History, Note};
use crate::lint::{self, Finding, Summary};
use crate::load::{self, LoadError};
use crate::locale::{Lang, Message, msg};
use crate::model::{Date, Handbook, Index};
use crate::render::{self, Options, Progress, RenderError, Stats};

/// Where the date that reviews are checked against comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Today {
    /// `--today` or `OPSBOOK_TODAY`: the same date on every run.
    Fixed(Date),
    /// The system clock, read again on every run: a preview left open past midnight shows
    /// the new day's statuses after its next rebuild.
    Clock,
}

impl Today {
    /// `--today` if given, else `OPSBOOK_TODAY` (its value passed in) unless empty, else the clock.
    pub fn resolve(flag: Option<Date>, opsbook_today: Option<&str>) -> Result<Today, Error> {
        match (flag, opsbook_today.map(str::trim)) {
            (Some(date), _) => Ok(Today::Fixed(date)),
            (None, None | Some("")) => Ok(Today::Clock),
            (None, Some(text)) => Date::parse(text)
                .map(Today::Fixed)
                .ok_or_else(|| Error::Today(text.to_string())),
        }
    }

    /// The date for a run starting now.
    pub fn date(self) -> Date {
        match self {
            Today::Fixed(date) => date,
            Today::Clock => Date::today(),
        }
    }
}

/// What a command was asked to do, resolved: paths made definite, the date's source chosen.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The handbook root (the folder holding `handbook.yaml`).
    pub root: PathBuf,
    /// The date reviews are checked against.
    pub today: Today,
    /// The site folder `build` replaces as a whole.
    pub out: PathBuf,
    /// A theme folder chosen on the command line (it may be anywhere); `None` uses `theme:`
    /// of `handbook.yaml`, which must lie inside the handbook.
    pub theme: Option<PathBuf>,
    /// Whether to read each document's history from git (`--no-git` turns it off).
    pub git: bool,
    /// Whether `build` updates the site in place, rendering only what changed since the last
    /// such build (`--incremental`); the site is the same either way.
    pub incremental: bool,
    /// The language of findings and errors (see [`resolve_lang`]).
    pub lang: Lang,
}

/// What the environment says, as the binary read it: the library reads no variables.
#[derive(Clone, Debug, Default)]
pub struct Env {
    /// `OPSBOOK_TODAY`.
    pub today: Option<String>,
    /// `OPSBOOK_LANG`.
    pub lang: Option<String>,
    /// The locale messages are in: `LC_ALL`, else `LC_MESSAGES`, else `LANG` (POSIX order).
    pub locale: Option<String>,
}

/// The language of findings and errors: `--lang`, else `OPSBOOK_LANG`, else `language:` as
/// written in the handbook's `handbook.yaml` (`root`, when there is one), else the locale
/// (`zh*` is Chinese), else English. An `OPSBOOK_LANG` that names no language is an error.
pub fn resolve_lang(flag: Option<Lang>, env: &Env, root: Option<&Path>) -> Result<Lang, Error> {
    if let Some(lang) = flag {
        return Ok(lang);
    }
    match env.lang.as_deref().map(str::trim) {
        None | Some("") => {}
        Some(tag) => return Lang::from_tag(tag).ok_or_else(|| Error::Lang(tag.to_string())),
    }
    let configured = root.and_then(load::configured_language);
    if let Some(lang) = configured.as_deref().and_then(Lang::from_tag) {
        return Ok(lang);
    }
    Ok(env
        .locale
        .as_deref()
        .and_then(Lang::from_locale)
        .unwrap_or(Lang::En))
}

/// The command-line values [`Settings`] are resolved from; `None` where a flag was not given.
#[derive(Clone, Debug, Default)]
pub struct Flags {
    /// The handbook folder, or a `handbook.yaml` in it.
    pub root: Option<PathBuf>,
    /// `--today`.
    pub today: Option<Date>,
    /// `--out`.
    pub out: Option<PathBuf>,
    /// `--theme`.
    pub theme: Option<PathBuf>,
    /// `--no-git`.
    pub no_git: bool,
    /// `--incremental`.
    pub incremental: bool,
    /// `--lang`.
    pub lang: Option<Lang>,
}

impl Settings {
    /// Resolve `flags` seen from `cwd`: the root as given or found at or above `cwd`; the date
    /// from `--today`, else `OPSBOOK_TODAY`, else the clock; the site folder from `--out`, else
    /// `ROOT/_site`; the language by [`resolve_lang`].
    pub fn resolve(flags: Flags, cwd: &Path, env: &Env) -> Result<Settings, Error> {
        let root = load::find_root(flags.root.as_deref(), cwd)?;
        let today = Today::resolve(flags.today, env.today.as_deref())?;
        let lang = resolve_lang(flags.lang, env, Some(&root))?;
        let out = flags.out.unwrap_or_else(|| root.join("_site"));
        Ok(Settings {
            root,
            today,
            out,
            theme: flags.theme,
            git: !flags.no_git,
            incremental: flags.incremental,
            lang,
        })
    }
}

/// Why a command could not run to its end. Findings are not errors: they are in [`Checked`].
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    /// The handbook could not be found or read.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Load(#[from] LoadError),
    /// The site could not be written.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Render(#[from] RenderError),
    /// `OPSBOOK_TODAY` holds something that is not a date.
    #[error("OPSBOOK_TODAY=`{0}` is not a date YYYY-MM-DD")]
    #[diagnostic(
        code(opsbook::today),
        help("set it to a date such as 2026-11-23, or unset it to use the clock")
    )]
    Today(String),
    /// `OPSBOOK_LANG` names no language this tool speaks.
    #[error("OPSBOOK_LANG=`{0}` is not a language: use `zh-CN` or `en`")]
    #[diagnostic(code(opsbook::lang))]
    Lang(String),
}

/// An error of a command in words of either language: what went wrong, how to fix it, and
/// why (the system's reason, for a file that could not be read or written).
#[derive(Clone, Debug)]
pub struct Described {
    /// What went wrong.
    pub message: Message,
    /// How to fix it.
    pub help: Option<Message>,
    /// Why, when the error has a cause worth saying.
    pub cause: Option<Message>,
}

/// `error` in words of either language when it is one of the library's errors (what the
/// binary prints in Chinese); `None` for any other error, which keeps its own words. The
/// English of each is its `Display` text, and a test keeps the two equal.
pub fn describe_error(error: &(dyn std::error::Error + 'static)) -> Option<Described> {
    let plain = |message: Message, help: Option<Message>| Described {
        message,
        help,
        cause: None,
    };
    let io = |message: Message, source: &std::io::Error| Described {
        message,
        help: None,
        cause: Some(msg!("text", crate::locale::io_reason(source))),
    };
    let path = |p: &Path| p.display().to_string();
    if let Some(e) = error.downcast_ref::<Error>() {
        return match e {
            Error::Load(e) => describe_error(e),
            Error::Render(e) => describe_error(e),
            Error::Today(value) => Some(plain(
                msg!("error.today", value),
                Some(msg!("error.today.help")),
            )),
            Error::Lang(value) => Some(plain(msg!("error.lang", value), None)),
        };
    }
    if let Some(e) = error.downcast_ref::<LoadError>() {
        return match e {
            LoadError::NoRoot(p) => Some(plain(
                msg!("error.no-root", path(p)),
                Some(msg!("error.no-root.help")),
            )),
            LoadError::NotAHandbook(p) => Some(plain(
                msg!("error.not-a-handbook", path(p)),
                Some(msg!("error.not-a-handbook.help")),
            )),
            LoadError::NoHandbookAt { revision, path } => Some(plain(
                msg!("error.no-handbook-at", path, revision),
                Some(msg!("error.no-handbook-at.help")),
            )),
            LoadError::Git(e) => describe_error(e),
            LoadError::Io { path: p, source } => Some(io(msg!("error.io-read", path(p)), source)),
        };
    }
    if let Some(e) = error.downcast_ref::<RenderError>() {
        return Some(match e {
            RenderError::Io { path: p, source } => io(msg!("error.io-write", path(p)), source),
            RenderError::ForeignOutput(p) => plain(
                msg!("error.foreign-output", path(p)),
                Some(msg!("error.foreign-output.help")),
            ),
            RenderError::OutputIsFile(p) => plain(
                msg!("error.output-file", path(p)),
                Some(msg!("error.output-file.help")),
            ),
            RenderError::BadOutput(p) => plain(
                msg!("error.output-invalid", path(p)),
                Some(msg!("error.output-invalid.help")),
            ),
            RenderError::NoTheme(p) => plain(msg!("error.no-theme", path(p)), None),
            RenderError::ThemeOutside(theme) => plain(
                msg!("error.theme-outside", theme),
                Some(msg!("error.theme-outside.help")),
            ),
            // Tera's own words follow as the cause, in English.
            RenderError::Template(_) => plain(msg!("error.template"), None),
            RenderError::Render { page, .. } => plain(msg!("error.render", page), None),
            RenderError::PrintFrame => plain(
                msg!("error.print-no-documents"),
                Some(msg!("error.print-no-documents.help")),
            ),
            RenderError::Collision {
                path,
                first,
                second,
            } => plain(
                msg!("error.output-collision", path, first, second),
                Some(msg!("error.output-collision.help")),
            ),
        });
    }
    if let Some(e) = error.downcast_ref::<ReviewError>() {
        return Some(match e {
            ReviewError::FrontMatter { message, .. } => {
                plain(msg!("review.front-matter", message), None)
            }
            ReviewError::NotAMap => plain(
                msg!("review.not-a-map"),
                Some(msg!("review.not-a-map.help")),
            ),
            ReviewError::LastNotADate(value) => plain(
                msg!("review.last-not-a-date", value),
                Some(msg!("review.last-not-a-date.help")),
            ),
            ReviewError::Earlier { last, date } => plain(
                msg!("review.earlier", *date, *last),
                Some(msg!("review.earlier.help")),
            ),
            ReviewError::InvalidRole(role) => plain(
                msg!("review.invalid-role", role),
                Some(msg!("review.invalid-role.help")),
            ),
            ReviewError::Unsupported(what) => plain(
                msg!("review.unsupported", *what),
                Some(msg!("review.unsupported.help")),
            ),
        });
    }
    if let Some(e) = error.downcast_ref::<GitError>() {
        return Some(match e {
            GitError::Missing(source) => Described {
                help: Some(msg!("error.git-missing.help")),
                ..io(msg!("error.git-missing"), source)
            },
            GitError::NotARepository(p) => plain(
                msg!("error.not-a-repository", path(p)),
                Some(msg!("error.not-a-repository.help")),
            ),
            GitError::UnknownRevision(revision) => plain(
                msg!("error.unknown-revision", revision),
                Some(msg!("error.unknown-revision.help")),
            ),
            GitError::Failed { command, stderr } => {
                plain(msg!("error.git-failed", command, stderr), None)
            }
            GitError::Io { command, source } => io(msg!("error.git-io", command), source),
        });
    }
    None
}

/// A checked handbook: what was loaded, and what the schema and rules found in it.
#[derive(Debug)]
pub struct Checked {
    /// The handbook as loaded.
    pub handbook: Handbook,
    /// Its ids and references.
    pub index: Index,
    /// The date the checks ran against.
    pub today: Date,
    /// Every finding, in report order.
    pub findings: Vec<Finding>,
    /// Counts of documents, errors and warnings.
    pub summary: Summary,
    /// Each document's revisions from git: `None` outside git, before the first commit, with
    /// `--no-git`, or when git could not read the repository (then a note says so).
    pub history: Option<History>,
    /// What to tell the user once, on the side (a shallow clone, an unreadable repository).
    pub notes: Vec<Note>,
}

/// Load the handbook and run every check on it.
pub fn check(settings: &Settings) -> Result<Checked, Error> {
    check_after(settings, None)
}

/// [`check`] for a run after one that read `previous` (`serve`'s rebuilds): that history is
/// reused when `HEAD` has not moved since, so that only `git status` runs again.
pub fn check_after(settings: &Settings, previous: Option<&History>) -> Result<Checked, Error> {
    check_with(settings, previous, None)
}

/// [`check`] an editor's unsaved text as the file it would be saved to: the handbook is read
/// from disk with `buffer` in place of that file, so that rules across documents (references,
/// duplicate ids) see the rest of the handbook, and only that file's findings are kept. Git
/// history, when read, is the repository's: it knows the file as it is on disk.
pub fn check_buffer(settings: &Settings, buffer: &load::Buffer) -> Result<Checked, Error> {
    let mut checked = check_with(settings, None, Some(buffer))?;
    checked.findings.retain(|f| f.file == buffer.path);
    let documents = usize::from(buffer.path.ends_with(".md"));
    checked.summary = Summary::new(documents, &checked.findings);
    Ok(checked)
}

fn check_with(
    settings: &Settings,
    previous: Option<&History>,
    buffer: Option<&load::Buffer>,
) -> Result<Checked, Error> {
    let (handbook, read) = load_with_history(settings, previous, || {
        load::load_handbook_with(&settings.root, buffer)
    })?;
    let today = settings.today.date();
    let index = Index::new(&handbook);
    let findings = lint::check(&lint::Context {
        handbook: &handbook,
        index: &index,
        today,
        lang: settings.lang,
        history: read.history.as_ref(),
    });
    let summary = Summary::new(handbook.documents.len(), &findings);
    Ok(Checked {
        handbook,
        index,
        today,
        findings,
        summary,
        history: read.history,
        notes: read.notes,
    })
}

/// Load the handbook with `load` while git's history is read on another thread (reusing
/// `previous` when `HEAD` has not moved), then join them: the approved changes recorded in the
/// history are read for the documents loaded. Should git fail at that, the history is dropped
/// and a note says why.
fn load_with_history(
    settings: &Settings,
    previous: Option<&History>,
    load: impl FnOnce() -> Result<Handbook, LoadError>,
) -> Result<(Handbook, history::Read), Error> {
    let (handbook, read) = std::thread::scope(|scope| {
        let read = scope.spawn(|| {
            if settings.git {
                history::read_history(&settings.root, previous, history::Cache::Use)
            } else {
                history::Read::default()
            }
        });
        (load(), read.join())
    });
    let handbook = handbook?;
    let mut read = read.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    if let Some(history) = &mut read.history
        && let Err(e) = history.read_approved_changes(&handbook)
    {
        read.history = None;
        read.notes.push(Note::Unreadable(e));
    }
    Ok((handbook, read))
}

/// A build: the check it ran, and what it wrote (`None` when errors stopped it before
/// anything was written, the previous site left as it was).
#[derive(Debug)]
pub struct Built {
    /// The check that came first.
    pub checked: Checked,
    /// What the site holds, when it was written.
    pub stats: Option<Stats>,
}

/// Check the handbook, then write its site into `settings.out` unless the check found errors.
pub fn build(settings: &Settings, progress: &(dyn Fn(Progress) + Sync)) -> Result<Built, Error> {
    build_after(settings, None, progress)
}

/// [`build`] for a run after `previous` (`serve`'s rebuilds), reusing its git history when
/// `HEAD` has not moved (see [`check_after`]).
pub fn build_after(
    settings: &Settings,
    previous: Option<&History>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Built, Error> {
    let mut checked = check_after(settings, previous)?;
    let stats = write_site(settings, &mut checked, progress)?;
    Ok(Built { checked, stats })
}

/// The second half of [`build`], for callers that show the findings before the site is
/// written: the site of `checked` replaces `settings.out`, unless the check found errors
/// (then `None`, and the previous site is left as it was).
///
/// Document pages show every revision with its version, so the rest of the history's
/// contents is read first (into `checked.history`, which a later run may reuse). Should git
/// fail at that, a note is added to `checked.notes` and the pages show the revisions without
/// the versions not read.
pub fn write_site(
    settings: &Settings,
    checked: &mut Checked,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Option<Stats>, Error> {
    if checked.summary.errors > 0 {
        return Ok(None);
    }
    if let Some(history) = &mut checked.history
        && let Err(e) = history.read_contents(|_, _| true)
    {
        checked.notes.push(Note::Unreadable(e));
    }
    let options = Options {
        out: settings.out.clone(),
        today: checked.today,
        theme: settings.theme.clone(),
    };
    let render = if settings.incremental {
        render::render_site_incremental
    } else {
        render::render_site
    };
    let inputs = render::Inputs {
        handbook: &checked.handbook,
        index: &checked.index,
        history: checked.history.as_ref(),
        options: &options,
    };
    let stats = render(inputs, progress)?;
    Ok(Some(stats))
}

/// A handbook kept loaded between builds of one site: `serve`'s rebuilds. A save reads that
/// file again (not the handbook), and renders the pages whose content changed (not the site):
/// see [`render::render_site_with`]. The site is the same as a full build's.
///
/// Unlike [`build`], the site is written before the rules run, so that the browser reloads as
/// soon as the pages are there; a preview shows findings with errors in place of every page.
pub struct Preview {
    settings: Settings,
    handbook: Option<Handbook>,
    history: Option<History>,
    memo: Option<render::Memo>,
}

/// What one rebuild of a [`Preview`] found.
#[derive(Debug)]
pub struct Rebuilt {
    /// Every finding, in report order.
    pub findings: Vec<Finding>,
    /// Counts of documents, errors and warnings.
    pub summary: Summary,
    /// What to tell the user once, on the side.
    pub notes: Vec<Note>,
    /// What the site holds.
    pub stats: Stats,
}

impl Preview {
    /// A preview of the handbook `settings` names, built into `settings.out`; nothing is read
    /// before the first [`Preview::rebuild`].
    pub fn new(settings: Settings) -> Preview {
        Preview {
            settings,
            handbook: None,
            history: None,
            memo: None,
        }
    }

    /// What the preview was made with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The handbook as the last rebuild loaded it.
    pub fn handbook(&self) -> Option<&Handbook> {
        self.handbook.as_ref()
    }

    /// Load what changed (the files at `changed`, absolute paths; `None`: anything may have),
    /// bring the site up to date, calling `pages_done` once its pages are written (before the
    /// search index, the print page and the rules), then run the rules.
    pub fn rebuild(
        &mut self,
        changed: Option<&[PathBuf]>,
        pages_done: &(dyn Fn() + Sync),
    ) -> Result<Rebuilt, Error> {
        let settings = &self.settings;
        let previous = self.history.take();
        let kept = self.handbook.take();
        // The documents read again, when the others stayed as they were.
        let mut reread = None;
        let (handbook, mut read) =
            load_with_history(settings, previous.as_ref(), || match (kept, changed) {
                (Some(mut handbook), Some(paths)) => {
                    if load::reload(&mut handbook, paths) {
                        reread = Some(relative_paths(&handbook.root, paths));
                        Ok(handbook)
                    } else {
                        load::load_handbook(&settings.root)
                    }
                }
                _ => load::load_handbook(&settings.root),
            })?;
        // The memo describes the handbook as it was before this reload (a build that fails
        // leaves none): only the documents just read can differ from it.
        if let (Some(memo), Some(paths)) = (&mut self.memo, reread) {
            memo.reread_only(paths);
        }
        if let Some(history) = &mut read.history
            && let Err(e) = history.read_contents(|_, _| true)
        {
            read.notes.push(Note::Unreadable(e));
        }
        let today = settings.today.date();
        let index = Index::new(&handbook);
        let options = Options {
            out: settings.out.clone(),
            today,
            theme: settings.theme.clone(),
        };
        let inputs = render::Inputs {
            handbook: &handbook,
            index: &index,
            history: read.history.as_ref(),
            options: &options,
        };
        let stats = render::render_site_with(inputs, &mut self.memo, false, pages_done, &|_| {});
        let findings = lint::check(&lint::Context {
            handbook: &handbook,
            index: &index,
            today,
            lang: settings.lang,
            history: read.history.as_ref(),
        });
        let summary = Summary::new(handbook.documents.len(), &findings);
        self.handbook = Some(handbook);
        self.history = read.history;
        Ok(Rebuilt {
            findings,
            summary,
            notes: read.notes,
            stats: stats?,
        })
    }
}

/// `paths` relative to `root`, `/`-separated, as documents name their paths (those outside the
/// root, which `load::reload` skips, left out; a name that is not UTF-8 made a full load).
fn relative_paths(root: &Path, paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .filter_map(|path| path.strip_prefix(root).ok()?.to_str())
        .map(|rel| rel.replace(std::path::MAIN_SEPARATOR, "/"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handbook() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("handbook.yaml"), "title: T\n").unwrap();
        dir
    }

    #[test]
    fn the_date_comes_from_the_flag_then_the_variable_then_the_clock() {
        let dir = handbook();
        let resolve = |today, env: Option<&str>| {
            let flags = Flags {
                today,
                ..Flags::default()
            };
            let env = Env {
                today: env.map(str::to_string),
                ..Env::default()
            };
            Settings::resolve(flags, dir.path(), &env).map(|s| s.today)
        };
        let flag = Date::parse("2026-01-02").unwrap();
        let env = Date::parse("2026-03-04").unwrap();
        assert_eq!(
            resolve(Some(flag), Some("2026-03-04")).unwrap(),
            Today::Fixed(flag)
        );
        assert_eq!(
            resolve(None, Some(" 2026-03-04 ")).unwrap(),
            Today::Fixed(env)
        );
        assert_eq!(resolve(None, Some("")).unwrap(), Today::Clock);
        assert_eq!(resolve(None, None).unwrap(), Today::Clock);
        assert!(matches!(resolve(None, Some("soon")), Err(Error::Today(t)) if t == "soon"));
    }

    #[test]
    fn the_site_goes_into_the_root_unless_out_is_given() {
        let dir = handbook();
        let nested = dir.path().join("sops");
        std::fs::create_dir(&nested).unwrap();
        let settings = Settings::resolve(Flags::default(), &nested, &Env::default()).unwrap();
        assert_eq!(settings.root, dir.path());
        assert_eq!(settings.out, dir.path().join("_site"));
        let flags = Flags {
            out: Some("/tmp/elsewhere".into()),
            ..Flags::default()
        };
        let settings = Settings::resolve(flags, &nested, &Env::default()).unwrap();
        assert_eq!(settings.out, Path::new("/tmp/elsewhere"));
    }

    #[test]
    fn the_language_comes_from_the_flag_the_variable_the_handbook_then_the_locale() {
        let dir = handbook();
        let env = |lang: Option<&str>, locale: Option<&str>| Env {
            lang: lang.map(str::to_string),
            locale: locale.map(str::to_string),
            ..Env::default()
        };
        let root = Some(dir.path());
        let zh_locale = env(None, Some("zh_CN.UTF-8"));
        assert_eq!(resolve_lang(None, &zh_locale, root).unwrap(), Lang::Zh);
        assert_eq!(
            resolve_lang(None, &env(None, Some("C.UTF-8")), root).unwrap(),
            Lang::En
        );
        assert_eq!(
            resolve_lang(None, &env(None, None), root).unwrap(),
            Lang::En
        );
        // `language:` as written beats the locale; the site's default does not.
        std::fs::write(dir.path().join("handbook.yaml"), "title: T\nlanguage: en\n").unwrap();
        assert_eq!(resolve_lang(None, &zh_locale, root).unwrap(), Lang::En);
        std::fs::write(
            dir.path().join("handbook.yaml"),
            "title: T\nlanguage: zh-CN\n",
        )
        .unwrap();
        assert_eq!(
            resolve_lang(None, &env(None, Some("C")), root).unwrap(),
            Lang::Zh
        );
        assert_eq!(
            resolve_lang(None, &env(None, None), None).unwrap(),
            Lang::En
        );
        // OPSBOOK_LANG beats the handbook, and the flag beats everything.
        let en = env(Some("en"), Some("zh_CN.UTF-8"));
        assert_eq!(resolve_lang(None, &en, root).unwrap(), Lang::En);
        assert_eq!(resolve_lang(Some(Lang::Zh), &en, root).unwrap(), Lang::Zh);
        assert!(matches!(
            resolve_lang(None, &env(Some("klingon"), None), root),
            Err(Error::Lang(v)) if v == "klingon"
        ));
        // Settings resolve it once, with the handbook's root.
        let flags = Flags::default();
        let settings = Settings::resolve(flags, dir.path(), &env(None, Some("C"))).unwrap();
        assert_eq!(settings.lang, Lang::Zh);
    }

    #[test]
    fn described_errors_say_in_english_what_they_display() {
        let io = || std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let errors: Vec<Box<dyn miette::Diagnostic + 'static>> = vec![
            Box::new(Error::Today("soon".into())),
            Box::new(Error::Lang("fr".into())),
            Box::new(LoadError::NoRoot("/tmp/x".into())),
            Box::new(LoadError::NotAHandbook("/tmp/x".into())),
            Box::new(LoadError::NoHandbookAt {
                revision: "HEAD~1".into(),
                path: "handbook/handbook.yaml".into(),
            }),
            Box::new(LoadError::Io {
                path: "/tmp/x/handbook.yaml".into(),
                source: io(),
            }),
            Box::new(RenderError::Io {
                path: "/tmp/site".into(),
                source: io(),
            }),
            Box::new(RenderError::ForeignOutput("mine".into())),
            Box::new(RenderError::OutputIsFile("site.txt".into())),
            Box::new(RenderError::BadOutput("/".into())),
            Box::new(RenderError::NoTheme("theme".into())),
            Box::new(RenderError::ThemeOutside("../theme".into())),
            Box::new(RenderError::PrintFrame),
            Box::new(RenderError::Collision {
                path: "review.html".into(),
                first: "the review page".into(),
                second: "`review.md`".into(),
            }),
            Box::new(GitError::Missing(io())),
            Box::new(GitError::NotARepository("/tmp/x".into())),
            Box::new(GitError::UnknownRevision("nope".into())),
            Box::new(GitError::Failed {
                command: "log".into(),
                stderr: "fatal: bad".into(),
            }),
            Box::new(GitError::Io {
                command: "log".into(),
                source: io(),
            }),
            Box::new(ReviewError::FrontMatter {
                message: "no front matter".into(),
                help: None,
            }),
            Box::new(ReviewError::NotAMap),
            Box::new(ReviewError::LastNotADate("soon".into())),
            Box::new(ReviewError::Earlier {
                last: Date::parse("2026-05-01").unwrap(),
                date: Date::parse("2026-04-01").unwrap(),
            }),
            Box::new(ReviewError::InvalidRole("a b".into())),
            Box::new(ReviewError::Unsupported("review")),
        ];
        for error in &errors {
            let described = describe_error(error.as_ref()).expect("a library error");
            assert_eq!(described.message.en(), error.to_string());
            let help = error.help().map(|h| h.to_string());
            assert_eq!(described.help.map(|h| h.en()), help, "{error}");
            let zh = described.message.render(Lang::Zh);
            assert!(
                zh.contains(|c: char| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
        }
        let cause = describe_error(errors[5].as_ref()).unwrap().cause.unwrap();
        assert_eq!(cause.render(Lang::Zh), "没有权限");
        assert_eq!(cause.en(), io().to_string());
    }
}
