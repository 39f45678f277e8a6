//! Formatting findings for people and machines: human (miette), JSON, SARIF 2.1.0, GitHub
//! workflow commands. Formatters return strings; only the binary prints.

mod human;
mod sarif;

use serde::Serialize;

use crate::lint::{Finding, Summary};
use crate::locale::{Lang, msg};

pub use human::{HumanStyle, human, relabel};
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
/// `prefix` is the handbook root relative to the repository (e.g. `handbook/`); `lang` is the
/// language of the findings, for the label of their help.
pub fn github(findings: &[Finding], prefix: &str, lang: Lang) -> String {
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
        let message = with_help(f, lang);
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

/// A finding's message, and its help on a line of its own (`help: …`, `帮助: …`): the one text
/// of a GitHub annotation or a SARIF result.
fn with_help(finding: &Finding, lang: Lang) -> String {
    match &finding.help {
        Some(help) => format!(
            "{}\n{} {help}",
            finding.message,
            msg!("label.help").render(lang)
        ),
        None => finding.message.clone(),
    }
}
