//! `opsbook serve` end to end: it serves the built site on 127.0.0.1 with the reload script,
//! refuses paths outside the site, and tells open pages to reload after a file changes.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP GET (the connection closes after it); returns status line and body (bounded by read timeouts).
fn get(addr: &str, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    let status = response.lines().next().unwrap_or("").to_string();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serves_the_site_and_reloads_after_a_change() {
    let dir = tempfile::tempdir().unwrap();
    support::copy_tree(&support::example_root(), dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["serve", ".", "--port", "0", "--today", "2026-11-23"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Server(child);
    // "serving … at http://127.0.0.1:PORT/ (Ctrl-C to stop)"
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("prints its address")
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");

    let (status, body) = get(&addr, "/");
    assert!(status.contains("200"), "{status}");
    assert!(
        body.contains("/__opsbook/events"),
        "the reload script is injected"
    );
    let (status, _) = get(&addr, "/sops/customer-service/refund.html");
    assert!(status.contains("200"), "{status}");
    let (status, _) = get(&addr, "/../../etc/passwd");
    assert!(!status.contains("200"), "{status}");

    // Wait for the next build on the event stream while a document changes.
    let events = {
        let addr = addr.clone();
        std::thread::spawn(move || get(&addr, "/__opsbook/events").1)
    };
    std::thread::sleep(Duration::from_millis(300));
    let page = dir.path().join("glossary.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("title:", "title: 新")).unwrap();
    let received = events.join().unwrap();
    assert!(received.contains("data: reload"), "got {received:?}");
}
