//! `opsbook serve` end to end: it serves the built site on 127.0.0.1 with the reload script,
//! refuses paths outside the site and oversize or malformed requests, tells open pages to
//! reload after a file changes (and only then), keeps watching a root that is removed and made
//! again or moved away and back, and leaves no temporary site behind.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `opsbook serve`, stopped with SIGTERM (as Ctrl-C would) when dropped.
struct Server {
    child: Child,
    addr: String,
    /// The server's TMPDIR, where its temporary site goes.
    tmp: tempfile::TempDir,
}

impl Server {
    /// `opsbook serve ROOT --port 0` in `cwd`, once it prints its address.
    fn start(cwd: &Path, root: &str) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_opsbook"))
            .args(["serve", root, "--port", "0", "--today", "2026-11-23"])
            .current_dir(cwd)
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        // "serving … at http://127.0.0.1:PORT/ (Ctrl-C to stop)"
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|s| s.split('/').next())
            .unwrap_or_else(|| panic!("prints its address: {line:?}"))
            .to_string();
        assert!(addr.starts_with("127.0.0.1:"), "{line}");
        Server { child, addr, tmp }
    }

    fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// Send `signal` and wait (up to 10 s) for the exit code.
    fn stop(&mut self, signal: i32) -> Option<i32> {
        // SAFETY: signalling our own child process.
        unsafe { libc::kill(self.pid(), signal) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// The files left in the server's TMPDIR.
    fn leftovers(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    }

    /// User plus system CPU time used so far, from /proc/PID/stat.
    fn cpu_time(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid())).unwrap();
        // Fields after the `(command)`; utime and stime are the 14th and 15th of the line.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .unwrap()
            .1
            .split_whitespace()
            .collect();
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        // SAFETY: sysconf reads a constant.
        let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
        Duration::from_secs_f64(ticks as f64 / per_second)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.stop(libc::SIGTERM).is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Send `request` as is; the whole response (bounded by read timeouts).
fn exchange(addr: &str, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

/// One HTTP GET (the connection closes after it); returns status line and body.
fn get(addr: &str, path: &str) -> (String, String) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let response = exchange(addr, request.as_bytes());
    let status = response.lines().next().unwrap_or("").to_string();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Listen on the event stream for up to `wait`: true when a `reload` arrives.
fn reload_within(addr: &str, wait: Duration) -> bool {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET /__opsbook/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    let deadline = Instant::now() + wait;
    let mut received = Vec::new();
    let mut buf = [0; 1024];
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => received.extend_from_slice(&buf[..n]),
        }
        if received.windows(12).any(|w| w == b"data: reload") {
            return true;
        }
    }
    false
}

/// Wait for a reload while `change` runs (the stream is open before it starts).
fn reload_after(addr: &str, change: impl FnOnce()) -> bool {
    let listener = {
        let addr = addr.to_string();
        std::thread::spawn(move || reload_within(&addr, Duration::from_secs(15)))
    };
    std::thread::sleep(Duration::from_millis(300));
    change();
    listener.join().unwrap()
}

/// The example handbook in `dir/hb`.
fn example_in(dir: &Path) -> PathBuf {
    let root = dir.join("hb");
    support::copy_tree(&support::example_root(), &root);
    root
}

fn touch_glossary(root: &Path) {
    let page = root.join("glossary.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("title:", "title: 新", 1)).unwrap();
}

#[test]
fn serves_the_site_and_reloads_after_a_change() {
    let dir = tempfile::tempdir().unwrap();
    let root = example_in(dir.path());
    let server = Server::start(&root, ".");
    let addr = &server.addr;

    let (status, body) = get(addr, "/");
    assert!(status.contains("200"), "{status}");
    assert!(
        body.contains("/__opsbook/events"),
        "the reload script is injected"
    );
    let (status, _) = get(addr, "/sops/customer-service/refund.html");
    assert!(status.contains("200"), "{status}");
    let (status, _) = get(addr, "/../../etc/passwd");
    assert!(!status.contains("200"), "{status}");
    let head = exchange(addr, b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.ends_with("\r\n\r\n"), "no body after HEAD: {head}");

    assert!(reload_after(addr, || touch_glossary(&root)));
}

#[test]
fn an_idle_server_does_not_rebuild_and_uses_almost_no_cpu() {
    let dir = tempfile::tempdir().unwrap();
    let root = example_in(dir.path());
    let server = Server::start(&root, ".");
    // Let the first build's own file events pass.
    std::thread::sleep(Duration::from_secs(1));
    let before = server.cpu_time();
    let window = Duration::from_secs(5);
    let started = Instant::now();
    assert!(
        !reload_within(&server.addr, window),
        "no rebuild while nothing changes"
    );
    let elapsed = started.elapsed();
    let used = server.cpu_time() - before;
    assert!(
        used.as_secs_f64() < 0.05 * elapsed.as_secs_f64(),
        "{used:?} of CPU in {elapsed:?} idle"
    );
}

#[test]
fn a_root_removed_and_made_again_is_watched_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = example_in(dir.path());
    let copy = dir.path().join("copy");
    support::copy_tree(&root, &copy);
    let server = Server::start(dir.path(), "hb");
    let addr = &server.addr;

    assert!(reload_after(addr, || std::fs::remove_dir_all(&root).unwrap()));
    // The watcher may report some files gone before the folder: a first rebuild can still
    // build what is left, so wait for the rebuild that finds no handbook.
    let started = std::time::Instant::now();
    let body = loop {
        let (_, body) = get(addr, "/");
        if body.contains("The handbook has errors") || started.elapsed() > Duration::from_secs(10) {
            break body;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(body.contains("The handbook has errors"), "{body}");
    std::thread::sleep(Duration::from_millis(500));
    assert!(reload_after(addr, || support::copy_tree(&copy, &root)));
    // Let the copy's own events pass, then: an edit in the new folder is seen.
    std::thread::sleep(Duration::from_millis(1500));
    let (_, body) = get(addr, "/");
    assert!(!body.contains("The handbook has errors"), "{body}");
    assert!(reload_after(addr, || touch_glossary(&root)));
}

#[test]
fn a_root_moved_away_and_back_is_watched_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = example_in(dir.path());
    let away = dir.path().join("away");
    let server = Server::start(dir.path(), "hb");
    let addr = &server.addr;

    assert!(reload_after(addr, || std::fs::rename(&root, &away).unwrap()));
    std::thread::sleep(Duration::from_millis(1500));
    assert!(reload_after(addr, || std::fs::rename(&away, &root).unwrap()));
    std::thread::sleep(Duration::from_millis(1500));
    assert!(reload_after(addr, || touch_glossary(&root)));
}

#[test]
fn oversize_headers_get_431_and_malformed_requests_400() {
    let dir = tempfile::tempdir().unwrap();
    let root = example_in(dir.path());
    let server = Server::start(&root, ".");
    let addr = &server.addr;

    let big = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    let response = exchange(addr, big.as_bytes());
    assert!(response.starts_with("HTTP/1.1 431 "), "{response:.80}");
    // Endless headers are cut off at the bound, not read on.
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    let mut response = Vec::new();
    for _ in 0..64 {
        if stream.write_all(&[b'a'; 1024]).is_err() {
            break;
        }
    }
    let _ = stream.read_to_end(&mut response);
    assert!(
        response.starts_with(b"HTTP/1.1 431 "),
        "{:?}",
        String::from_utf8_lossy(&response)
    );

    for garbage in [
        &b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n"[..],
        b"HELLO\r\n\r\n",
        b"GET /a b c HTTP/1.1\r\n\r\n",
        b"GET / HTTP/1.1\r\nno colon here\r\n\r\n",
    ] {
        let response = exchange(addr, garbage);
        assert!(
            response.starts_with("HTTP/1.1 400 "),
            "{garbage:?}: {response:.80}"
        );
    }
    let (status, _) = get(addr, "/");
    assert!(status.contains("200"), "still serving: {status}");
}

#[test]
fn a_busy_port_exits_2_with_a_message_and_leaves_no_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = example_in(dir.path());
    let tmp = tempfile::tempdir().unwrap();
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_opsbook"))
        .args(["serve", ".", "--port", &port, "--today", "2026-11-23"])
        .current_dir(&root)
        .env("TMPDIR", tmp.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The example handbook is in Chinese (`language: zh-CN`), and so is the error.
    assert!(
        stderr.contains(&format!("127.0.0.1 的端口 {port} 已被占用")),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn sigterm_and_ctrl_c_stop_the_server_and_remove_its_site() {
    let dir = tempfile::tempdir().unwrap();
    let root = example_in(dir.path());
    for signal in [libc::SIGTERM, libc::SIGINT] {
        let mut server = Server::start(&root, ".");
        let site = server
            .tmp
            .path()
            .join(format!("opsbook-serve-{}", server.pid()));
        assert!(site.join("index.html").is_file(), "the site is built");
        // An open page waits on the event stream: it must not keep the server up.
        let _page = TcpStream::connect(&server.addr).and_then(|mut s| {
            s.write_all(b"GET /__opsbook/events HTTP/1.1\r\n\r\n")?;
            Ok(s)
        });
        assert_eq!(server.stop(signal), Some(0), "signal {signal}");
        assert_eq!(server.leftovers(), Vec::<PathBuf>::new(), "signal {signal}");
    }
}
