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
