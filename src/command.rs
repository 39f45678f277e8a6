//! The pipeline as commands run it: [`check`] and [`build`], for one value of [`Settings`]
//! resolved once from the command line, the environment and the current folder.
//!
//! `check`, `build` and `serve` in the binary are "resolve, call, print, exit code"; `serve`
//! calls [`build`] for every rebuild, so a preview builds exactly what `build` builds.

use std::path::{Path, PathBuf};

use crate::history::{self, History, Note};
use crate::lint::{self, Finding, Summary};
use crate::load::{self, LoadError};
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
}

impl Settings {
    /// Resolve `flags` seen from `cwd`: the root as given or found at or above `cwd`; the date
    /// from `--today`, else `opsbook_today` (the `OPSBOOK_TODAY` variable), else the clock;
    /// the site folder from `--out`, else `ROOT/_site`.
    pub fn resolve(
        flags: Flags,
        cwd: &Path,
        opsbook_today: Option<&str>,
    ) -> Result<Settings, Error> {
        let root = load::find_root(flags.root.as_deref(), cwd)?;
        let today = Today::resolve(flags.today, opsbook_today)?;
        let out = flags.out.unwrap_or_else(|| root.join("_site"));
        Ok(Settings {
            root,
            today,
            out,
            theme: flags.theme,
            git: !flags.no_git,
            incremental: flags.incremental,
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
    // git walks its history on one core while the files load on the others.
    let (handbook, read) = std::thread::scope(|scope| {
        let read = scope.spawn(|| {
            if settings.git {
                history::read_history(&settings.root, previous, history::Cache::Use)
            } else {
                history::Read::default()
            }
        });
        let handbook = load::load_handbook_with(&settings.root, buffer);
        (handbook, read.join())
    });
    let handbook = handbook?;
    let mut read = read.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    if let Some(history) = &mut read.history
        && let Err(e) = history.read_approved_changes(&handbook)
    {
        read.history = None;
        read.notes.push(Note::Unreadable(e));
    }
    let today = settings.today.date();
    let index = Index::new(&handbook);
    let findings = lint::check(&lint::Context {
        handbook: &handbook,
        index: &index,
        today,
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
    let stats = render(
        &checked.handbook,
        &checked.index,
        checked.history.as_ref(),
        &options,
        progress,
    )?;
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
        let (handbook, read) = std::thread::scope(|scope| {
            let read = scope.spawn(|| {
                if settings.git {
                    history::read_history(&settings.root, previous.as_ref(), history::Cache::Use)
                } else {
                    history::Read::default()
                }
            });
            let handbook = match (kept, changed) {
                (Some(mut handbook), Some(paths)) => {
                    if load::reload(&mut handbook, paths) {
                        Ok(handbook)
                    } else {
                        load::load_handbook(&settings.root)
                    }
                }
                _ => load::load_handbook(&settings.root),
            };
            (handbook, read.join())
        });
        let handbook = handbook?;
        let mut read = read.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // As `check` and `write_site` do, so the site is the one `build` writes.
        if let Some(history) = &mut read.history
            && let Err(e) = history.read_approved_changes(&handbook)
        {
            read.history = None;
            read.notes.push(Note::Unreadable(e));
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
        let stats = render::render_site_with(
            &handbook,
            &index,
            read.history.as_ref(),
            &options,
            &mut self.memo,
            false,
            pages_done,
            &|_| {},
        );
        let findings = lint::check(&lint::Context {
            handbook: &handbook,
            index: &index,
            today,
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
        let resolve = |today, env| {
            let flags = Flags {
                today,
                ..Flags::default()
            };
            Settings::resolve(flags, dir.path(), env).map(|s| s.today)
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
        let settings = Settings::resolve(Flags::default(), &nested, None).unwrap();
        assert_eq!(settings.root, dir.path());
        assert_eq!(settings.out, dir.path().join("_site"));
        let flags = Flags {
            out: Some("/tmp/elsewhere".into()),
            ..Flags::default()
        };
        let settings = Settings::resolve(flags, &nested, None).unwrap();
        assert_eq!(settings.out, Path::new("/tmp/elsewhere"));
    }
}
