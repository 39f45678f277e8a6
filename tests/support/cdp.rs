//! Just enough of the Chrome DevTools Protocol to drive Debian's headless Chromium from a test:
//! launch it with a fresh profile, find the page target, and talk JSON over a websocket (a
//! minimal RFC 6455 client: text frames out, masked; text frames in, reassembled).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The browser binary: `$CHROMIUM`, else `chromium` (Debian), `chromium-browser`,
/// `google-chrome` on the PATH.
pub(crate) fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path).chain([PathBuf::from("/usr/bin")]) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

pub(crate) struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    socket: TcpStream,
    next_id: u64,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A GET to the DevTools HTTP endpoint; it keeps connections open, so read Content-Length bytes.
fn http_get(port: u16, path: &str) -> std::io::Result<String> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        &stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )?;
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    Ok(String::from_utf8_lossy(&body).into_owned())
}

impl Browser {
    /// Start headless Chromium with the flags the project's checkers use and a new profile.
    pub(crate) fn launch(binary: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("a profile folder");
        let child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        // Chromium writes the port it picked into the profile.
        let port_file = profile.path().join("DevToolsActivePort");
        let started = Instant::now();
        let port: u16 = loop {
            if let Ok(text) = std::fs::read_to_string(&port_file)
                && let Some(port) = text.lines().next().and_then(|l| l.trim().parse().ok())
            {
                break port;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "Chromium did not start its DevTools server"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let ws_url = loop {
            let list: Value = http_get(port, "/json/list")
                .ok()
                .and_then(|body| serde_json::from_str(&body).ok())
                .unwrap_or(Value::Null);
            let page = list
                .as_array()
                .and_then(|targets| targets.iter().find(|t| t["type"] == "page"))
                .and_then(|t| t["webSocketDebuggerUrl"].as_str().map(str::to_string));
            if let Some(url) = page {
                break url;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "Chromium has no page target"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let path = ws_url
            .split_once(&format!("127.0.0.1:{port}"))
            .map(|(_, p)| p.to_string())
            .expect("a local websocket URL");
        let socket = TcpStream::connect(("127.0.0.1", port)).expect("connect to DevTools");
        socket
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("a timeout");
        let mut browser = Browser {
            child,
            _profile: profile,
            socket,
            next_id: 0,
        };
        browser.handshake(port, &path);
        browser
    }

    fn handshake(&mut self, port: u16, path: &str) {
        write!(
            self.socket,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: b3BzYm9vay10ZXN0LWtleQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .expect("send the handshake");
        let mut reader = BufReader::new(&self.socket);
        let mut status = String::new();
        reader.read_line(&mut status).expect("a handshake reply");
        assert!(status.contains(" 101 "), "websocket refused: {status}");
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("handshake headers");
            if line == "\r\n" {
                break;
            }
        }
    }

    fn send_frame(&mut self, opcode: u8, payload: &[u8]) {
        let mut frame = vec![0x80 | opcode];
        let mask = [0x6f, 0x70, 0x73, 0x62];
        match payload.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n <= u16::MAX as usize => {
                frame.push(0x80 | 126);
                frame.extend((n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend((n as u64).to_be_bytes());
            }
        }
        frame.extend(mask);
        frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
        self.socket.write_all(&frame).expect("send a frame");
    }

    fn read_message(&mut self) -> String {
        let mut message = Vec::new();
        loop {
            let mut head = [0u8; 2];
            self.socket
                .read_exact(&mut head)
                .expect("a frame from Chromium");
            let (fin, opcode) = (head[0] & 0x80 != 0, head[0] & 0x0f);
            let len = match head[1] & 0x7f {
                126 => {
                    let mut b = [0u8; 2];
                    self.socket.read_exact(&mut b).expect("a length");
                    u16::from_be_bytes(b) as usize
                }
                127 => {
                    let mut b = [0u8; 8];
                    self.socket.read_exact(&mut b).expect("a length");
                    u64::from_be_bytes(b) as usize
                }
                n => n as usize,
            };
            let mut payload = vec![0u8; len];
            self.socket.read_exact(&mut payload).expect("a payload");
            match opcode {
                0x0..=0x2 => message.extend(payload),
                0x8 => panic!("Chromium closed the DevTools connection"),
                0x9 => self.send_frame(0xA, &payload),
                _ => {}
            }
            if fin && matches!(opcode, 0x0..=0x2) {
                return String::from_utf8(message).expect("UTF-8 JSON");
            }
        }
    }

    /// Call a DevTools method and wait for its result (events in between are dropped).
    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        match self.try_call(method, params) {
            Ok(result) => result,
            Err(error) => panic!("{method} failed: {error}"),
        }
    }

    /// Call a DevTools method; its error reply as `Err`.
    fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        let request = json!({"id": id, "method": method, "params": params}).to_string();
        self.send_frame(0x1, request.as_bytes());
        loop {
            let reply: Value =
                serde_json::from_str(&self.read_message()).expect("JSON from Chromium");
            if reply["id"] == id {
                return match reply.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(reply["result"].clone()),
                };
            }
        }
    }

    /// Evaluate JavaScript in the page and return its value.
    pub(crate) fn eval(&mut self, script: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": script, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("`{script}` threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Poll `script` until it returns something truthy (not false, null, 0 or "").
    pub(crate) fn wait_for(&mut self, script: &str, what: &str) -> Value {
        let started = Instant::now();
        loop {
            // While a click navigates, the old page's context goes away under the evaluation
            // ("Inspected target navigated or closed"): not there yet, ask again.
            let value = match self.try_call(
                "Runtime.evaluate",
                json!({"expression": script, "returnByValue": true, "awaitPromise": true}),
            ) {
                Ok(result) if result.get("exceptionDetails").is_none() => {
                    result["result"]["value"].clone()
                }
                _ => Value::Null,
            };
            let truthy = match &value {
                Value::Null | Value::Bool(false) => false,
                Value::String(s) => !s.is_empty(),
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::Array(a) => !a.is_empty(),
                _ => true,
            };
            if truthy {
                return value;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "timed out waiting for {what}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Load `url` and wait until the page has loaded.
    pub(crate) fn navigate(&mut self, url: &str) {
        let result = self.call("Page.navigate", json!({"url": url}));
        assert!(
            result.get("errorText").is_none(),
            "cannot load {url}: {}",
            result["errorText"]
        );
        let script = format!(
            "document.readyState === 'complete' && location.href === {}",
            Value::String(url.to_string())
        );
        self.wait_for(&script, url);
    }

    /// Type text the way an input method commits it, one character at a time.
    pub(crate) fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.call("Input.insertText", json!({"text": c.to_string()}));
        }
    }

    /// Press a key (`ArrowDown`, `Enter`, …).
    pub(crate) fn press(&mut self, key: &str, code: u32) {
        let text = if key == "Enter" { "\r" } else { "" };
        self.call(
            "Input.dispatchKeyEvent",
            json!({"type": "keyDown", "key": key, "code": key, "windowsVirtualKeyCode": code, "text": text}),
        );
        self.call(
            "Input.dispatchKeyEvent",
            json!({"type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": code}),
        );
    }

    /// Lay pages out for a screen `width` × `height` CSS pixels wide, as a phone does (the
    /// viewport meta tag applies) when `mobile`.
    pub(crate) fn set_viewport(&mut self, width: u32, height: u32, mobile: bool) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
    }

    /// The page as a PNG, the whole length of the document.
    pub(crate) fn screenshot(&mut self) -> Vec<u8> {
        let result = self.call(
            "Page.captureScreenshot",
            json!({"format": "png", "captureBeyondViewport": true}),
        );
        base64_decode(result["data"].as_str().expect("PNG data"))
    }

    /// Print the page as Chromium's print-to-PDF does, honouring the page's `@page` size.
    pub(crate) fn print_to_pdf(&mut self) -> Vec<u8> {
        let result = self.call(
            "Page.printToPDF",
            json!({"preferCSSPageSize": true, "printBackground": true}),
        );
        base64_decode(result["data"].as_str().expect("PDF data"))
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}
