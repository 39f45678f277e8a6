//! `opsbook serve`: build the site into a scratch folder, serve it on 127.0.0.1, rebuild when
//! a file changes, and tell open pages to reload (server-sent events).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use miette::{IntoDiagnostic, Result};
use notify::{RecursiveMode, Watcher};
use opsbook::lint::{self, Summary};
use opsbook::model::{Date, Index};
use opsbook::preview::{EVENTS_PATH, content_type, error_page, inject_reload, resolve_url};
use opsbook::render;
use tiny_http::{Header, Response, Server};

#[derive(clap::Args)]
pub struct Args {
    /// The handbook folder (default: found from the current folder)
    root: Option<PathBuf>,
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// The date review statuses are computed against (default: OPSBOOK_TODAY, else the clock)
    #[arg(long, value_parser = super::parse_date)]
    today: Option<Date>,
}

/// What the server shows: a build number pages wait on, and the last build's errors, if any.
#[derive(Default)]
struct State {
    generation: u64,
    errors: Option<String>,
}

type Shared = Arc<(Mutex<State>, Condvar)>;

pub fn run(args: Args) -> Result<ExitCode> {
    let cwd = std::env::current_dir().into_diagnostic()?;
    let root = opsbook::load::find_root(args.root.as_deref(), &cwd)?;
    // Watch events carry absolute paths; compare them with an absolute root.
    let root = root.canonicalize().into_diagnostic()?;
    let today = super::today(args.today)?;
    let site = std::env::temp_dir().join(format!("opsbook-serve-{}", std::process::id()));
    let shared: Shared = Arc::default();
    rebuild(&root, &site, today, &shared);

    let server = Server::http(("127.0.0.1", args.port))
        .map_err(|e| miette::miette!("cannot listen on 127.0.0.1:{}: {e}", args.port))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| miette::miette!("no address"))?;
    println!(
        "serving {} at http://{addr}/ (Ctrl-C to stop)",
        root.display()
    );

    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(tx).into_diagnostic()?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .into_diagnostic()?;
    let watched_root = root.clone();
    let watched = shared.clone();
    let watched_site = site.clone();
    std::thread::spawn(move || {
        while let Ok(event) = rx.recv() {
            if !event.is_ok_and(|e| e.paths.iter().any(|p| is_content(&watched_root, p))) {
                continue;
            }
            // Editors write several events per save: wait until they settle.
            loop {
                match rx.recv_timeout(Duration::from_millis(150)) {
                    Ok(_) => continue,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            rebuild(&watched_root, &watched_site, today, &watched);
        }
    });

    for request in server.incoming_requests() {
        let shared = shared.clone();
        let site = site.clone();
        std::thread::spawn(move || respond(request, &site, &shared));
    }
    Ok(ExitCode::SUCCESS)
}

/// Changes that matter: not the output, not hidden files.
fn is_content(root: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    !rel.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        name.starts_with('.') || name == "_site"
    })
}

fn rebuild(root: &Path, site: &Path, today: Date, shared: &Shared) {
    let started = Instant::now();
    let errors = match opsbook::load::load_handbook(root) {
        Err(e) => Some(format!("{:?}", miette::Report::new(e))),
        Ok(handbook) => {
            let index = Index::new(&handbook);
            let findings = lint::check_handbook(&handbook, &index, today);
            let summary = Summary::new(handbook.documents.len(), &findings);
            let style = opsbook::report::HumanStyle {
                color: false,
                width: 100,
            };
            let text = opsbook::report::human(&findings, &handbook, summary, style);
            if summary.errors > 0 {
                Some(text)
            } else {
                let options = render::Options {
                    out: site.to_path_buf(),
                    today,
                    // `theme:` of handbook.yaml, kept inside the handbook by the library.
                    theme: None,
                };
                render::render_site(&handbook, &index, &options, &|_| {})
                    .err()
                    .map(|e| format!("{:?}", miette::Report::new(e)))
            }
        }
    };
    match &errors {
        Some(text) => {
            eprintln!("{text}\nnot rebuilt: the browser shows these errors until they are fixed")
        }
        None => eprintln!("rebuilt in {:.2}s", started.elapsed().as_secs_f64()),
    }
    let (lock, changed) = &**shared;
    let mut state = lock.lock().unwrap_or_else(|e| e.into_inner());
    state.generation += 1;
    state.errors = errors;
    changed.notify_all();
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name, value).expect("valid header")
}

fn respond(request: tiny_http::Request, site: &Path, shared: &Shared) {
    let url = request.url().to_string();
    if url == EVENTS_PATH {
        let generation = shared.0.lock().map(|s| s.generation).unwrap_or(0);
        let events = NextBuild {
            shared: shared.clone(),
            seen: generation,
            sent: false,
        };
        let response = Response::new(
            200.into(),
            vec![
                header("Content-Type", "text/event-stream"),
                header("Cache-Control", "no-cache"),
            ],
            events,
            None,
            None,
        );
        let _ = request.respond(response);
        return;
    }
    let errors = shared.0.lock().ok().and_then(|s| s.errors.clone());
    let file = resolve_url(site, &url);
    let response = match (errors, file) {
        (Some(text), Some(f)) if content_type(&f).starts_with("text/html") => {
            html(error_page(&text))
        }
        (_, Some(f)) => match std::fs::read(&f) {
            Ok(bytes) if content_type(&f).starts_with("text/html") => {
                html(inject_reload(&String::from_utf8_lossy(&bytes)))
            }
            Ok(bytes) => {
                Response::from_data(bytes).with_header(header("Content-Type", content_type(&f)))
            }
            Err(_) => Response::from_string("not found").with_status_code(404),
        },
        (_, None) => Response::from_string("bad path").with_status_code(400),
    };
    let _ = request.respond(response);
}

fn html(text: String) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(text).with_header(header("Content-Type", "text/html; charset=utf-8"))
}

/// An event stream that sends one `reload` when the next build finishes, then ends (the page
/// reloads and opens a new one). A comment every 15 s keeps idle connections open.
struct NextBuild {
    shared: Shared,
    seen: u64,
    sent: bool,
}

impl Read for NextBuild {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.sent {
            return Ok(0);
        }
        let (lock, changed) = &*self.shared;
        let state = lock.lock().unwrap_or_else(|e| e.into_inner());
        let (state, timeout) = changed
            .wait_timeout_while(state, Duration::from_secs(15), |s| {
                s.generation == self.seen
            })
            .unwrap_or_else(|e| e.into_inner());
        let message: &[u8] = if timeout.timed_out() && state.generation == self.seen {
            b": keep-alive\n\n"
        } else {
            self.sent = true;
            b"data: reload\n\n"
        };
        let n = message.len().min(buf.len());
        buf[..n].copy_from_slice(&message[..n]);
        Ok(n)
    }
}
