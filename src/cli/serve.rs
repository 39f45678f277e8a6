//! `opsbook serve`: build the site into a scratch folder, serve it on 127.0.0.1, rebuild when
//! a file changes, and tell open pages to reload (server-sent events).
//!
//! The server answers one `GET` or `HEAD` per connection after reading its head within
//! [`MAX_HEAD`] bytes (431 past it, 400 for anything that is not HTTP/1.x). tiny_http, which
//! it used before, reads request lines and headers without a bound and has no hook to add
//! one; what a preview needs beyond that head is a status line and a body.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use miette::{IntoDiagnostic, Result};
use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{RecursiveMode, Watcher};
use opsbook::locale::Message;
use opsbook::model::Date;
use opsbook::preview::{
    BadRequest, EVENTS_PATH, MAX_HEAD, content_type, error_page, inject_reload, read_head,
    resolve_url,
};
use opsbook::{Flags, Preview};

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The handbook folder (default: found from the current folder)
    root: Option<PathBuf>,
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// The date review statuses are computed against (default: OPSBOOK_TODAY, else the clock)
    #[arg(long, value_parser = super::parse_date)]
    today: Option<Date>,
    /// Do not read document history from git (no revisions, no git-based findings)
    #[arg(long)]
    no_git: bool,
}

/// What the server shows: a build number pages wait on, and the last build's errors, if any.
#[derive(Default)]
struct State {
    generation: u64,
    errors: Option<String>,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

/// Editors write several events per save: a rebuild waits until they settle this long. Short,
/// since it adds to every save's delay; a save whose events straggle past it costs one more
/// rebuild of what changed, which is cheap.
const SETTLE: Duration = Duration::from_millis(10);
/// How often the root is looked at to notice it was removed and made again, or moved back.
const ROOT_POLL: Duration = Duration::from_secs(1);
/// How long a client may take to send its request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

pub(crate) fn run(args: Args) -> Result<ExitCode> {
    // Before any thread starts, so that every thread inherits it.
    let signals = stop_signals();
    let dir = std::env::temp_dir().join(format!("opsbook-serve-{}", std::process::id()));
    let mut settings = super::settings(Flags {
        root: args.root,
        today: args.today,
        out: Some(dir.clone()),
        theme: None,
        no_git: args.no_git,
        ..Flags::default()
    })?;
    // Watch events carry absolute paths; compare them with an absolute root.
    settings.root = settings.root.canonicalize().into_diagnostic()?;
    // Listen first: a busy port fails before anything is built.
    let listener = TcpListener::bind(("127.0.0.1", args.port)).map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => super::fail(
            Message::new("cli.port-in-use", vec![args.port.into()]),
            Some(Message::new("cli.port-in-use.help", vec![])),
        ),
        _ => super::fail(
            Message::new(
                "cli.cannot-listen",
                vec![args.port.into(), opsbook::locale::io_reason(&e)],
            ),
            None,
        ),
    })?;
    let addr = listener.local_addr().into_diagnostic()?;
    let root = settings.root.clone();
    let site = Arc::new(Site {
        dir,
        closed: Mutex::new(false),
        preview: Mutex::new(Preview::new(settings)),
        noted: Mutex::new(Vec::new()),
    });
    // Removes the site however `run` ends.
    let _cleanup = Cleanup(site.clone());
    let shared: Shared = Arc::default();
    site.rebuild(None, &shared);
    watch(root.clone(), site.clone(), shared.clone())?;
    let serving = Message::new(
        "serve.serving",
        vec![root.display().to_string().into(), addr.to_string().into()],
    );
    println!("{}", serving.render(super::lang()));

    let stopping = Arc::new(AtomicBool::new(false));
    if let Some(signals) = signals {
        let stopping = stopping.clone();
        std::thread::spawn(move || {
            signals.wait();
            stopping.store(true, Ordering::SeqCst);
            // Wake the accept below.
            let _ = TcpStream::connect(addr);
        });
    }
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let (site, shared) = (site.clone(), shared.clone());
        std::thread::spawn(move || respond(stream, &site.dir, &shared));
    }
    Ok(ExitCode::SUCCESS)
}

/// The scratch folder the site is built into. Once closed it is gone and never built again.
struct Site {
    dir: PathBuf,
    closed: Mutex<bool>,
    /// The handbook, its git history and what the site was built from, kept between builds: a
    /// save reads one file and renders the pages it changes; `git log` runs once per commit.
    preview: Mutex<Preview>,
    /// The notes already said: each once per session, not once per rebuild.
    noted: Mutex<Vec<String>>,
}

struct Cleanup(Arc<Site>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        // Waits for a build in progress, so that it cannot write the site again afterwards.
        let mut closed = self.0.closed.lock().unwrap_or_else(|e| e.into_inner());
        *closed = true;
        let _ = std::fs::remove_dir_all(&self.0.dir);
        if let Some(spare) = opsbook::render::spare_path(&self.0.dir) {
            let _ = std::fs::remove_dir_all(spare);
        }
    }
}

impl Site {
    /// Bring the site up to date after the files at `changed` changed (`None`: anything may
    /// have), with "today" read afresh unless it was fixed. Open pages reload as soon as the
    /// pages are written, and again should the rules then find errors (or no longer find them).
    fn rebuild(&self, changed: Option<Vec<PathBuf>>, shared: &Shared) {
        let closed = self.closed.lock().unwrap_or_else(|e| e.into_inner());
        if *closed {
            return;
        }
        let started = Instant::now();
        let pages_at = Mutex::new(None);
        let reload = || {
            *pages_at.lock().unwrap_or_else(|e| e.into_inner()) = Some(started.elapsed());
            let (lock, changed) = &**shared;
            let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
            state.generation += 1;
            changed.notify_all();
        };
        let mut preview = self.preview.lock().unwrap_or_else(|e| e.into_inner());
        let lang = preview.settings().lang;
        let (errors, notes, pages) = match preview.rebuild(changed.as_deref(), &reload) {
            Ok(rebuilt) => {
                let style = opsbook::report::HumanStyle {
                    color: false,
                    width: 100,
                    lang,
                };
                let errors = preview
                    .handbook()
                    .filter(|_| rebuilt.summary.errors > 0)
                    .map(|handbook| {
                        opsbook::report::human(&rebuilt.findings, handbook, rebuilt.summary, style)
                    });
                let pages = (rebuilt.stats.rendered, rebuilt.stats.pages);
                (errors, rebuilt.notes, Some(pages))
            }
            Err(e) => (
                Some(super::error_text(&miette::Report::new(e))),
                Vec::new(),
                None,
            ),
        };
        drop(preview);
        drop(closed);
        let mut noted = self.noted.lock().unwrap_or_else(|e| e.into_inner());
        for note in notes.iter().map(|n| super::note_line(n.message(), lang)) {
            if !noted.contains(&note) {
                eprintln!("{note}");
                noted.push(note);
            }
        }
        let pages_at = *pages_at.lock().unwrap_or_else(|e| e.into_inner());
        let seconds = |d: Duration| format!("{:.3}", d.as_secs_f64());
        let line = match (&errors, pages, pages_at) {
            (Some(text), _, _) => {
                let shown = Message::new("serve.errors-shown", vec![]);
                format!("{text}\n{}", shown.render(lang))
            }
            (None, Some((rendered, pages)), Some(at)) => Message::new(
                "serve.rebuilt-pages",
                vec![
                    rendered.into(),
                    pages.into(),
                    seconds(at).into(),
                    seconds(started.elapsed()).into(),
                ],
            )
            .render(lang),
            _ => {
                Message::new("serve.rebuilt", vec![seconds(started.elapsed()).into()]).render(lang)
            }
        };
        eprintln!("{line}");
        let (lock, changed) = &**shared;
        let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
        // Pages reloaded when they were written; again only if what they show instead changed.
        if state.errors != errors || pages_at.is_none() {
            state.generation += 1;
            state.errors = errors;
            changed.notify_all();
        }
    }
}

/// Rebuild after every change of content under `root`, from a thread of its own.
///
/// Only changes count: the watcher also reports every file the build opens, and reacting to
/// those rebuilt the site forever. A removed root loses its watch, and a moved one takes it
/// along; the root is looked at every [`ROOT_POLL`] and watched afresh when it is back.
fn watch(root: PathBuf, site: Arc<Site>, shared: Shared) -> Result<()> {
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(tx).into_diagnostic()?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .into_diagnostic()?;
    std::thread::spawn(move || {
        let mut seen = identity(&root);
        let mut lost = false;
        let mut polled = Instant::now();
        loop {
            // The files changed since the last rebuild; `None` when anything may have.
            let mut changed = Some(Vec::new());
            let mut any = match rx.recv_timeout(ROOT_POLL) {
                Ok(event) => {
                    let (change, gone) = classify(&root, &site.dir, event, &mut changed);
                    lost |= gone;
                    change
                }
                Err(RecvTimeoutError::Timeout) => false,
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if polled.elapsed() >= ROOT_POLL {
                polled = Instant::now();
                let now = identity(&root);
                if now.is_none() {
                    lost = true;
                } else if lost || now != seen {
                    // Drop the old watch (it may follow the folder elsewhere), watch anew.
                    let _ = watcher.unwatch(&root);
                    lost = watcher.watch(&root, RecursiveMode::Recursive).is_err();
                    any = true;
                    changed = None;
                }
                seen = now;
            }
            if !any {
                continue;
            }
            loop {
                match rx.recv_timeout(SETTLE) {
                    Ok(event) => lost |= classify(&root, &site.dir, event, &mut changed).1,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            site.rebuild(changed, &shared);
        }
    });
    Ok(())
}

/// Whether an event changes content, and whether it says the root itself went away. The
/// content paths it names are added to `changed`, which becomes `None` when the watcher lost
/// track (anything may have changed).
fn classify(
    root: &Path,
    site: &Path,
    event: notify::Result<notify::Event>,
    changed: &mut Option<Vec<PathBuf>>,
) -> (bool, bool) {
    let Ok(event) = event else {
        *changed = None;
        return (true, false);
    };
    let gone = event.paths.iter().any(|p| p == root)
        && matches!(
            event.kind,
            EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
        );
    let content: Vec<&PathBuf> = event
        .paths
        .iter()
        .filter(|p| is_content(root, site, p))
        .collect();
    let change = is_change(&event) && !content.is_empty();
    if event.need_rescan() {
        *changed = None;
    } else if change && let Some(list) = changed {
        list.extend(content.into_iter().cloned());
    }
    (change || event.need_rescan(), gone)
}

/// Creating, writing, renaming or removing a file, or changing its permissions; not opening,
/// reading or closing it, nor its access time.
fn is_change(event: &notify::Event) -> bool {
    match event.kind {
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

/// Paths that matter: under the root, not the site, not hidden, not a built `_site`.
fn is_content(root: &Path, site: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    !path.starts_with(site)
        && !rel.components().any(|c| {
            let name = c.as_os_str().to_string_lossy();
            name.starts_with('.') || name == "_site"
        })
}

/// What tells a folder from another made in its place: device and inode.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_dir())
        .map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(path: &Path) -> Option<(u64, u64)> {
    path.is_dir().then_some((0, 0))
}

/// SIGINT and SIGTERM, blocked in every thread so that one thread can wait for them and
/// the server can stop by returning (and remove its site) rather than die where it stands.
#[cfg(unix)]
struct Signals(libc::sigset_t);

#[cfg(unix)]
fn stop_signals() -> Option<Signals> {
    // SAFETY: plain libc calls on a zeroed, then initialised, local signal set.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        (libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) == 0)
            .then_some(Signals(set))
    }
}

#[cfg(unix)]
impl Signals {
    fn wait(&self) {
        let mut signal = 0;
        // SAFETY: `sigwait` reads the set and writes the signal number; both outlive the call.
        unsafe { libc::sigwait(&self.0, &mut signal) };
    }
}

#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
fn stop_signals() -> Option<Signals> {
    None
}

#[cfg(not(unix))]
impl Signals {
    fn wait(&self) {}
}

/// Answer one request on `stream`, then close it.
fn respond(mut stream: TcpStream, site: &Path, shared: &Shared) {
    let request = read_head(&mut Deadline {
        stream: &stream,
        until: Instant::now() + HEAD_TIMEOUT,
    });
    let request = match request {
        Ok(request) => request,
        Err(BadRequest::TooLarge) => {
            let why = format!("request headers over {} KiB", MAX_HEAD / 1024);
            return refuse(stream, "431 Request Header Fields Too Large", &why);
        }
        Err(BadRequest::Malformed) => return refuse(stream, "400 Bad Request", "bad request"),
        Err(BadRequest::Io(_)) => return,
    };
    let head_only = request.method == "HEAD";
    if !head_only && request.method != "GET" {
        return refuse(stream, "405 Method Not Allowed", "only GET and HEAD");
    }
    let url = request.target;
    if url == EVENTS_PATH {
        return events(stream, shared);
    }
    let errors = shared.0.lock().ok().and_then(|s| s.errors.clone());
    let file = resolve_url(site, &url);
    let is_html = |f: &Path| content_type(f).starts_with("text/html");
    let (status, kind, body) = match (errors, file) {
        (Some(text), Some(f)) if is_html(&f) => {
            ("200 OK", content_type(&f), error_page(&text).into_bytes())
        }
        (_, Some(f)) => match std::fs::read(&f) {
            Ok(bytes) if is_html(&f) => (
                "200 OK",
                content_type(&f),
                inject_reload(&String::from_utf8_lossy(&bytes)).into_bytes(),
            ),
            Ok(bytes) => ("200 OK", content_type(&f), bytes),
            Err(_) => (
                "404 Not Found",
                "text/plain; charset=utf-8",
                b"not found".to_vec(),
            ),
        },
        (_, None) => (
            "400 Bad Request",
            "text/plain; charset=utf-8",
            b"bad path".to_vec(),
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    if !head_only {
        let _ = stream.write_all(&body);
    }
}

/// Answer an error and close without leaving the client's unread bytes behind: closing on
/// them would reset the connection, and the client might never read the answer.
fn refuse(mut stream: TcpStream, status: &str, why: &str) {
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{why}",
        why.len()
    );
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let _ = std::io::copy(&mut (&stream).take(1 << 20), &mut std::io::sink());
}

/// An event stream that sends one `reload` when the next build finishes, then ends (the page
/// reloads and opens a new one). A comment every 15 s keeps idle connections open and notices
/// a closed page.
fn events(mut stream: TcpStream, shared: &Shared) {
    let (lock, changed) = &**shared;
    let seen = lock.lock().map(|s| s.generation).unwrap_or(0);
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    loop {
        let state = lock.lock().unwrap_or_else(|e| e.into_inner());
        let (state, _) = changed
            .wait_timeout_while(state, Duration::from_secs(15), |s| s.generation == seen)
            .unwrap_or_else(|e| e.into_inner());
        let rebuilt = state.generation != seen;
        drop(state);
        let message: &[u8] = if rebuilt {
            b"data: reload\n\n"
        } else {
            b": keep-alive\n\n"
        };
        if stream.write_all(message).is_err() || rebuilt {
            return;
        }
    }
}

/// A stream whose reads all end by one deadline: a client sending a byte at a time cannot
/// hold its connection open longer.
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}
