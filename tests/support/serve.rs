//! A static file server for a built site on 127.0.0.1 (a random port), as a plain web host
//! behaves: a folder gives its `index.html`, anything missing is a 404.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use opsbook::url::percent_decode;

pub(crate) struct Server {
    pub origin: String,
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
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

pub(crate) fn serve(root: &Path) -> Server {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("a local port"));
    let port = server.server_addr().to_ip().expect("an IP address").port();
    let root = root.to_path_buf();
    let incoming = Arc::clone(&server);
    let thread = std::thread::spawn(move || {
        for request in incoming.incoming_requests() {
            let response = match file_for(&root, request.url()) {
                Some(file) => {
                    let header = tiny_http::Header::from_bytes("Content-Type", content_type(&file))
                        .expect("a valid header");
                    tiny_http::Response::from_data(std::fs::read(&file).unwrap_or_default())
                        .with_header(header)
                        .boxed()
                }
                None => tiny_http::Response::from_string("not found")
                    .with_status_code(404)
                    .boxed(),
            };
            let _ = request.respond(response);
        }
    });
    Server {
        origin: format!("http://127.0.0.1:{port}"),
        server,
        thread: Some(thread),
    }
}
