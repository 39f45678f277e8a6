//! Percent-encoding and decoding: the one place a handbook path becomes part of a URL.
//!
//! Every page and asset href, every fragment and every SARIF artifact URI is encoded here, so
//! a hostile file name (`javascript:x`, `"><script>`, spaces, Chinese) is inert wherever it goes.

/// Percent-encode a path for an href, keeping `/` and the characters URLs allow as is. Every
/// generated page and asset URL goes through here. `:` is encoded too: a folder or file named
/// `javascript:alert(1)` must never read as a URL scheme when the path starts an href.
pub fn encode_path(path: &str) -> String {
    encode(path, b"-._~/!$&'()*+,;=@")
}

/// Percent-encode a fragment (an element id).
pub fn encode_fragment(fragment: &str) -> String {
    encode(fragment, b"-._~/!$&'()*+,;=:@?")
}

/// Percent-encode a relative path for a URI (RFC 3986), keeping only unreserved characters and
/// `/`: `sops/退款.md` → `sops/%E9%80%80%E6%AC%BE.md`. SARIF artifact locations and diff links.
pub fn encode_uri_path(path: &str) -> String {
    encode(path, b"-._~/")
}

fn encode(text: &str, keep: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

/// A web address given in `handbook.yaml` (`repo_url`) made fit for an href: `http://` or
/// `https://` (any case) followed by a host, with no whitespace or control characters; characters
/// outside RFC 3986 (non-ASCII, `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|`, `}`) percent-encoded,
/// existing `%XX` escapes kept, and a trailing `/` dropped. `None` for anything else, so a value
/// such as `javascript:alert(1)` never becomes a link.
pub fn web_url(text: &str) -> Option<String> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let text = text.trim();
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    let scheme_len = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return None;
    };
    let rest = &text[scheme_len..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if host_end == 0 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let mut out = text[..scheme_len].to_ascii_lowercase();
    let bytes = rest.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let escape = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if escape || b.is_ascii_alphanumeric() || b"-._~/?#[]@!$&'()*+,;=:".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    while out.len() > scheme_len + host_end && out.ends_with('/') {
        out.pop();
    }
    Some(out)
}

/// Decode `%XX` escapes; invalid escapes are kept as written.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_addresses_become_web_urls_and_they_come_out_encoded() {
        assert_eq!(
            web_url(" https://github.com/org/repo/ ").as_deref(),
            Some("https://github.com/org/repo")
        );
        assert_eq!(
            web_url("HTTP://git.example/组/repo").as_deref(),
            Some("http://git.example/%E7%BB%84/repo")
        );
        assert_eq!(
            web_url("https://x.example/a\"><script>").as_deref(),
            Some("https://x.example/a%22%3E%3Cscript%3E")
        );
        assert_eq!(
            web_url("https://x.example/100%25/%zz").as_deref(),
            Some("https://x.example/100%25/%25zz")
        );
        for hostile in [
            "javascript:alert(1)",
            "JavaScript://x.example/%0aalert(1)",
            " data:text/html,x",
            "https:///path",
            "https://",
            "//x.example/repo",
            "https://x.example/a b",
            "https://x.example/\u{0}",
            "ftp://x.example",
            "",
        ] {
            assert_eq!(web_url(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn uri_paths_percent_encode_non_ascii_and_spaces() {
        assert_eq!(
            encode_uri_path("sops/退款 流程.md"),
            "sops/%E9%80%80%E6%AC%BE%20%E6%B5%81%E7%A8%8B.md"
        );
        assert_eq!(encode_uri_path("a-b_c.md"), "a-b_c.md");
        assert_eq!(encode_uri_path("a:b(1).md"), "a%3Ab%281%29.md");
    }

    #[test]
    fn paths_keep_sub_delims_but_never_read_as_a_scheme() {
        assert_eq!(encode_path("javascript:alert(1)"), "javascript%3Aalert(1)");
        assert_eq!(encode_fragment("a:b c"), "a:b%20c");
    }

    #[test]
    fn decoding_undoes_encoding_and_keeps_bad_escapes() {
        let path = "sops/退款 流程:1.md";
        assert_eq!(percent_decode(&encode_path(path)), path);
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("a%zz"), "a%zz");
    }
}
