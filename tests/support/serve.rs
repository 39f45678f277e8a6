//! A static file server for a built site on 127.0.0.1 (a random port), as a plain web host
//! behaves: a folder gives its `index.html`, anything missing is a 404. Just enough HTTP/1.1 for
//! a browser's GETs: one request per connection (`Connection: close`), a thread per connection,
//! so a connection the browser opens ahead and never uses blocks nothing.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

use opsbook::url::percent_decode;

pub(crate) struct Server {
    pub origin: String,
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

fn file_for(root: &Path, url: &str) -> Option<PathBuf> {
    let path = percent_decode(url.split(['?', '#']).next().unwrap_or(""));
    if path.split('/').any(|s| s == "..") {
        return None;
    }
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

/// Answer one request: its line `GET /path HTTP/1.1`, headers skipped up to the blank line.
fn answer(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let url = line.split(' ').nth(1).unwrap_or("").to_string();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let (status, kind, body) = match file_for(root, &url) {
        Some(file) => ("200 OK", content_type(&file), std::fs::read(&file)?),
        None => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    out.write_all(&body)?;
    out.flush()
}

pub(crate) fn serve(root: &Path) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    let addr = listener.local_addr().expect("an address");
    let stop = Arc::new(AtomicBool::new(false));
    let root = root.to_path_buf();
    let stopped = Arc::clone(&stop);
    let thread = std::thread::spawn(move || {
        for stream in listener.incoming() {
            if stopped.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let root = root.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &root);
            });
        }
    });
    Server {
        origin: format!("http://{addr}"),
        addr,
        stop,
        thread: Some(thread),
    }
}
