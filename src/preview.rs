//! The live preview's pure parts: which file a URL names, its content type, and the script
//! that reloads a page when the site is rebuilt. The server loop itself is `opsbook serve`.

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

/// The file under `site` a request path names (`/` and folders serve `index.html`), or `None`
/// for anything that would climb out of the site.
pub fn resolve_url(site: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = crate::markdown::percent_decode(path);
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

    #[test]
    fn the_reload_script_goes_before_the_body_end() {
        assert_eq!(
            inject_reload("<body>x</body></html>"),
            format!("<body>x{RELOAD_SCRIPT}</body></html>")
        );
        assert!(error_page("<script>").contains("&lt;script&gt;"));
    }
}
