//! The live preview's pure parts: reading a request's head within bounds, which file a URL
//! names, its content type, and the script that reloads a page when the site is rebuilt. The
//! server loop itself is `opsbook serve`.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The server-sent-events endpoint pages listen on for "rebuilt".
pub const EVENTS_PATH: &str = "/__opsbook/events";

/// Injected before `</body>` of every HTML page the preview serves (never into built sites).
pub const RELOAD_SCRIPT: &str =
    "<script>new EventSource(\"/__opsbook/events\").onmessage = () => location.reload();</script>";

/// Add the reload script to an HTML page.
pub fn inject_reload(html: &str) -> String {
    match html.rfind("</body>") {
        Some(i) => format!("{}{RELOAD_SCRIPT}{}", &html[..i], &html[i..]),
        None => format!("{html}{RELOAD_SCRIPT}"),
    }
}

/// The most a request's head (request line and headers) may take, in bytes.
pub const MAX_HEAD: usize = 16 * 1024;

/// The request line of a well-formed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    /// As sent: `GET`, `HEAD`, ….
    pub method: String,
    /// The path and query, as sent (`/sops/a.html?x=1`).
    pub target: String,
}

/// Why a request is not answered normally.
#[derive(Debug)]
pub enum BadRequest {
    /// The head is over [`MAX_HEAD`]: answer 431.
    TooLarge,
    /// Not an HTTP/1.x request: answer 400.
    Malformed,
    /// The connection closed or timed out first: nothing to answer.
    Io(std::io::Error),
}

/// Read one request head, up to the blank line after its headers, and never more than
/// [`MAX_HEAD`] bytes (plus one, to tell). A malformed request line is refused as soon as it
/// is complete. Bytes after the head are left unread: the preview answers one `GET` or `HEAD`
/// per connection, and neither has a body.
pub fn read_head(reader: &mut impl Read) -> Result<RequestLine, BadRequest> {
    let mut reader = reader.take(MAX_HEAD as u64 + 1);
    let mut head: Vec<u8> = Vec::new();
    let mut line: Option<RequestLine> = None;
    let mut chunk = [0; 4096];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) if head.len() > MAX_HEAD => return Err(BadRequest::TooLarge),
            Ok(0) => return Err(BadRequest::Io(std::io::ErrorKind::UnexpectedEof.into())),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(BadRequest::Io(e)),
        };
        // Only the new bytes (and the three before, where a terminator may begin) are searched.
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..n]);
        let find = |pattern: &[u8]| {
            head[from..]
                .windows(pattern.len())
                .position(|w| w == pattern)
                .map(|i| from + i)
        };
        if line.is_none()
            && let Some(end) = find(b"\r\n")
        {
            line = Some(parse_request_line(&head[..end]).ok_or(BadRequest::Malformed)?);
        }
        if let Some(end) = find(b"\r\n\r\n") {
            if end + 4 > MAX_HEAD {
                return Err(BadRequest::TooLarge);
            }
            let headers = head[..end].split(|b| *b == b'\n').skip(1);
            if !headers
                .map(|h| h.strip_suffix(b"\r").unwrap_or(h))
                .all(is_header)
            {
                return Err(BadRequest::Malformed);
            }
            return line.ok_or(BadRequest::Malformed);
        }
        if head.len() > MAX_HEAD {
            return Err(BadRequest::TooLarge);
        }
    }
}

/// `METHOD SP /target SP HTTP/1.x`, every part visible ASCII.
fn parse_request_line(line: &[u8]) -> Option<RequestLine> {
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let token = !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase());
    let path = target.starts_with('/') && target.bytes().all(|b| b.is_ascii_graphic());
    let http = matches!(version, "HTTP/1.0" | "HTTP/1.1");
    (parts.next().is_none() && token && path && http).then(|| RequestLine {
        method: method.to_string(),
        target: target.to_string(),
    })
}

/// `name: value`, the name a token, the value free of control characters but tabs.
fn is_header(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|b| *b == b':') else {
        return false;
    };
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    !name.is_empty()
        && name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b))
        && value.iter().all(|b| *b == b'\t' || !b.is_ascii_control())
}

/// The file under `site` a request path names (`/` and folders serve `index.html`), or `None`
/// for anything that would climb out of the site.
pub fn resolve_url(site: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = crate::url::percent_decode(path);
    let mut file = site.to_path_buf();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

/// The `Content-Type` for a file of the site, by its extension; `application/octet-stream` for
/// unknown ones.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A page showing why the last build failed, shown in place of every page until it is fixed.
pub fn error_page(findings: &str) -> String {
    let escaped = findings
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    inject_reload(&format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>opsbook: build failed</title></head>\
         <body><main><h1>The handbook has errors</h1><p>Fix them and save: this page reloads by itself.</p>\
         <pre>{escaped}</pre></main></body></html>"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_files_and_never_climb_out() {
        let site = Path::new("/srv/site");
        assert_eq!(
            resolve_url(site, "/sops/a.html?x=1"),
            Some(PathBuf::from("/srv/site/sops/a.html"))
        );
        assert_eq!(
            resolve_url(site, "/roles/%E4%B8%BB%E7%AE%A1.html"),
            Some(PathBuf::from("/srv/site/roles/主管.html"))
        );
        assert_eq!(resolve_url(site, "/../etc/passwd"), None);
        assert_eq!(resolve_url(site, "/a/%2e%2e/%2e%2e/etc"), None);
    }

    fn head(bytes: &[u8]) -> Result<RequestLine, BadRequest> {
        read_head(&mut &bytes[..])
    }

    #[test]
    fn a_request_head_is_read_up_to_its_blank_line() {
        let line = head(b"GET /a.html?x=1 HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\nrest").unwrap();
        assert_eq!(line.method, "GET");
        assert_eq!(line.target, "/a.html?x=1");
    }

    #[test]
    fn a_head_over_16_kib_is_too_large_and_garbage_is_malformed() {
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(matches!(head(big.as_bytes()), Err(BadRequest::TooLarge)));
        // Exactly at the bound is fine.
        let filler = MAX_HEAD - "GET / HTTP/1.1\r\nX: \r\n\r\n".len();
        let fits = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(filler));
        assert_eq!(fits.len(), MAX_HEAD);
        assert!(head(fits.as_bytes()).is_ok());
        for bad in [
            &b"\x16\x03\x01\x02\x00\r\n\r\n"[..],
            b"HELLO\r\n\r\n",
            b"GET /a b HTTP/1.1\r\n\r\n",
            b"GET a HTTP/1.1\r\n\r\n",
            b"GET / HTTP/2.0\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET / HTTP/1.1\r\nX: a\x00b\r\n\r\n",
        ] {
            assert!(matches!(head(bad), Err(BadRequest::Malformed)), "{bad:?}");
        }
        // Refused as soon as the request line is complete, without waiting for more.
        assert!(matches!(head(b"\xff\xfe\r\n"), Err(BadRequest::Malformed)));
        assert!(matches!(
            head(b"GET / HTTP/1.1\r\n"),
            Err(BadRequest::Io(_))
        ));
    }

    #[test]
    fn the_reload_script_goes_before_the_body_end() {
        assert_eq!(
            inject_reload("<body>x</body></html>"),
            format!("<body>x{RELOAD_SCRIPT}</body></html>")
        );
        assert!(error_page("<script>").contains("&lt;script&gt;"));
    }
}
