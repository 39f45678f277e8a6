//! SARIF 2.1.0 for code scanning, with the rule registry as `tool.driver.rules`.

use serde_json::{Value, json};

use crate::lint::{Finding, Severity, rules::RULES};
use crate::locale::Lang;
use crate::model::Level;

/// A SARIF log. `prefix` is the handbook root relative to the repository root, so code scanning
/// places results on the right files. `lang` is the language of the findings: the rules'
/// descriptions and help are given in it too, and a Chinese log says so (`run.language`).
pub fn sarif(findings: &[Finding], prefix: &str, lang: Lang) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.name,
                "name": r.name,
                "shortDescription": {"text": r.summary_in(lang)},
                "fullDescription": {"text": r.summary_in(lang)},
                "help": {"text": lang.pick(r.docs_zh, r.docs), "markdown": lang.pick(r.docs_zh, r.docs)},
                "defaultConfiguration": {"level": match r.default_level {
                    Level::Error => "error",
                    Level::Warning => "warning",
                    Level::Off => "none",
                }},
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = RULES.iter().position(|r| r.name == f.rule).unwrap_or(0);
            let text = super::with_help(f, lang);
            json!({
                "ruleId": f.rule,
                "ruleIndex": index,
                "level": if f.severity == Severity::Error { "error" } else { "warning" },
                "message": {"text": text},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": crate::url::encode_uri_path(&format!("{prefix}{}", f.file))},
                    "region": {"startLine": f.line, "startColumn": f.column},
                }}],
            })
        })
        .collect();
    let mut log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "opsbook",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/opsbook/opsbook",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    if lang == Lang::Zh {
        // The language of the log's texts; without it, `en-US`.
        log["runs"][0]["language"] = json!(lang.tag());
    }
    let mut text = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    text.push('\n');
    text
}
