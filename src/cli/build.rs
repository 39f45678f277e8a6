//! `opsbook build`: check the handbook like `check`, then render the site unless there are
//! errors. A progress bar on stderr when it is a terminal and the build takes a moment.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use miette::Result;
use opsbook::locale::{Lang, Message};
use opsbook::model::Date;
use opsbook::render::Progress;
use opsbook::{Flags, report};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The handbook folder (default: found from the current folder)
    root: Option<PathBuf>,
    /// The site folder (default: ROOT/_site); replaced as a whole when the build succeeds
    #[arg(long)]
    out: Option<PathBuf>,
    /// The date review statuses are computed against (default: OPSBOOK_TODAY, else the clock)
    #[arg(long, value_parser = super::parse_date)]
    today: Option<Date>,
    /// Do not read document history from git (no revisions, no git-based findings)
    #[arg(long)]
    no_git: bool,
    /// A theme folder whose files replace the default theme's (default: `theme:` in handbook.yaml)
    #[arg(long)]
    theme: Option<PathBuf>,
    /// Update the site in place, rendering only the pages whose content changed since the last
    /// `--incremental` build (remembered in a file beside the site); the result is the same as
    /// a full build
    #[arg(long)]
    incremental: bool,
}

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    let started = Instant::now();
    let settings = super::settings(Flags {
        root: args.root,
        today: args.today,
        out: args.out,
        theme: args.theme,
        no_git: args.no_git,
        incremental: args.incremental,
        ..Flags::default()
    })?;
    let out = &settings.out;
    let mut checked = opsbook::check(&settings)?;
    super::print_notes(&checked.notes);
    let noted = checked.notes.len();
    if !checked.findings.is_empty() {
        let style = super::human_style();
        let text = report::human(&checked.findings, &checked.handbook, checked.summary, style);
        print!("{text}");
    }
    let lang = settings.lang;
    let bar = ProgressBar::new(std::io::stderr().is_terminal(), lang);
    let written = opsbook::write_site(&settings, &mut checked, &|p| {
        if p.waiting {
            let folder = out.display().to_string();
            eprintln!(
                "{}",
                Message::new("build.waiting", vec![folder.into()]).render(lang)
            );
        } else {
            bar.update(p);
        }
    });
    bar.clear();
    super::print_notes(&checked.notes[noted..]);
    let Some(stats) = written? else {
        eprintln!("{}", Message::new("build.not-built", vec![]).render(lang));
        return Ok(ExitCode::from(1));
    };
    let pages = if stats.incremental {
        Message::new(
            "build.pages-of",
            vec![stats.rendered.into(), stats.pages.into()],
        )
    } else {
        Message::new("build.pages", vec![stats.pages.into()])
    };
    let built = Message::new(
        "build.built",
        vec![
            pages.into(),
            stats.assets.into(),
            out.display().to_string().into(),
            format!("{:.2}", started.elapsed().as_secs_f64()).into(),
            (stats.bytes / 1024).into(),
            (stats.search_index_bytes / 1024).into(),
            (stats.print_bytes / 1024).into(),
        ],
    );
    println!("{}", built.render(lang));
    Ok(ExitCode::SUCCESS)
}

/// A one-line bar redrawn with `\r`: shown only on a terminal and only once the build has run
/// for a moment, so quick builds and CI logs stay clean.
struct ProgressBar {
    enabled: bool,
    /// The language of its label.
    lang: Lang,
    started: Instant,
    /// When the bar was last drawn; `try_lock` lets a busy worker skip drawing.
    drawn: Mutex<Option<Instant>>,
}

impl ProgressBar {
    const DELAY: Duration = Duration::from_millis(300);
    const INTERVAL: Duration = Duration::from_millis(80);
    const WIDTH: usize = 30;

    fn new(enabled: bool, lang: Lang) -> ProgressBar {
        ProgressBar {
            enabled,
            lang,
            started: Instant::now(),
            drawn: Mutex::new(None),
        }
    }

    fn update(&self, p: Progress) {
        if !self.enabled || self.started.elapsed() < Self::DELAY {
            return;
        }
        let Ok(mut drawn) = self.drawn.try_lock() else {
            return;
        };
        let now = Instant::now();
        if drawn.is_some_and(|at| now - at < Self::INTERVAL) {
            return;
        }
        *drawn = Some(now);
        let filled = Self::WIDTH * p.done.min(p.total) / p.total.max(1);
        let mut err = std::io::stderr().lock();
        // A progress bar that cannot be drawn is not worth failing the build for.
        let bar = format!(
            "[{}{}] {}/{}",
            "=".repeat(filled),
            " ".repeat(Self::WIDTH - filled),
            p.done,
            p.total
        );
        let line = Message::new("build.progress", vec![bar.into()]).render(self.lang);
        let _ = write!(err, "\r{line}");
        let _ = err.flush();
    }

    fn clear(&self) {
        if self.drawn.lock().is_ok_and(|d| d.is_some()) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{}\r", " ".repeat(Self::WIDTH + 40));
            let _ = err.flush();
        }
    }
}
