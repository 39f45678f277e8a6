//! Formatting findings for people and machines: human (miette), JSON, SARIF 2.1.0, GitHub
//! workflow commands. Formatters return strings; only the binary prints.

mod human;
mod sarif;

use serde::Serialize;

use crate::lint::{Finding, Summary};

pub use human::{HumanStyle, human};
pub use sarif::sarif;

/// `--format json`: `{"diagnostics": […], "summary": {…}}`.
pub fn json(findings: &[Finding], summary: Summary) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        diagnostics: &'a [Finding],
        summary: Summary,
    }
    let mut text = serde_json::to_string_pretty(&Out {
        diagnostics: findings,
        summary,
    })
    .expect("findings serialize");
    text.push('\n');
    text
}

/// `--format github`: one workflow command per finding, so GitHub annotates the pull request.
/// `prefix` is the handbook root relative to the repository (e.g. `handbook/`).
pub fn github(findings: &[Finding], prefix: &str) -> String {
    let escape_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_prop = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for f in findings {
        let level = match f.severity {
            crate::lint::Severity::Error => "error",
            crate::lint::Severity::Warning => "warning",
        };
        let message = match &f.help {
            Some(help) => format!("{}\nhelp: {help}", f.message),
            None => f.message.clone(),
        };
        out.push_str(&format!(
            "::{level} file={},line={},col={},title={}::{}\n",
            escape_prop(&format!("{prefix}{}", f.file)),
            f.line,
            f.column,
            escape_prop(f.rule),
            escape_data(&message),
        ));
    }
    out
}

/// Percent-encode a relative path for a URI (RFC 3986): `sops/退款.md` → `sops/%E9%80%80%E6%AC%BE.md`.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_percent_encode_non_ascii_and_spaces() {
        assert_eq!(
            uri_path("sops/退款 流程.md"),
            "sops/%E9%80%80%E6%AC%BE%20%E6%B5%81%E7%A8%8B.md"
        );
        assert_eq!(uri_path("a-b_c.md"), "a-b_c.md");
    }
}
