//! `handbook.yaml`: the handbook's settings.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Duration, Kind};

/// A rule's level: how a finding of the rule counts.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[schemars(transform = super::enum_with_descriptions)]
pub enum Level {
    /// The rule does not run.
    Off,
    /// Reported; fails `check` only with `--deny-warnings`.
    Warning,
    /// Reported, and `check` and `build` fail.
    Error,
}

/// What happens to raw HTML in Markdown on the site.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum HtmlMode {
    /// Scripts, event handlers and `javascript:` URLs are removed.
    #[default]
    Sanitize,
    /// Raw HTML is kept as written.
    Trusted,
}

/// Review defaults for the whole handbook (`review:` in `handbook.yaml`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct ReviewDefaults {
    /// Interval for documents whose review has neither `every` nor `due`.
    pub every: Duration,
    /// How long before the due date `review-due-soon` fires.
    pub warn_within: Duration,
}

impl Default for ReviewDefaults {
    fn default() -> Self {
        ReviewDefaults {
            every: Duration::parse("12 months").expect("valid default"),
            warn_within: Duration::parse("30 days").expect("valid default"),
        }
    }
}

/// The settings in `handbook.yaml`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["title"]))]
pub struct Config {
    /// The handbook's title.
    pub title: String,
    /// Site UI language: `zh-CN` or `en`.
    #[schemars(regex(pattern = r"^(zh-CN|en)$"))]
    pub language: String,
    /// Prefix for site links.
    pub base_url: String,
    /// Review defaults: `{every, warn_within}`.
    pub review: ReviewDefaults,
    /// Rule name to level.
    pub rules: BTreeMap<String, Level>,
    /// Extra folder-name to kind mappings.
    pub folders: BTreeMap<String, Kind>,
    /// Glob patterns (relative to the root) to skip.
    pub exclude: Vec<String>,
    /// A theme folder overriding the embedded one, file by file.
    pub theme: Option<String>,
    /// Raw HTML in Markdown: `sanitize` or `trusted`.
    pub html: HtmlMode,
    /// Document control (受控文件): document numbers, required approvals, the notice on
    /// controlled copies.
    pub control: Control,
    /// The web address of the handbook's repository, e.g. `https://github.com/org/repo`: the
    /// revision history on each page links a commit to `{repo_url}/commit/{hash}`. Only
    /// `http://` and `https://` addresses are linked.
    #[schemars(regex(pattern = r"^\s*[hH][tT][tT][pP][sS]?://[^/?#\s]+\S*\s*$"))]
    pub repo_url: Option<String>,
    /// Display names of folders, keyed by the folder's path relative to the root
    /// (`sops/customer-service: 客户服务`): breadcrumbs and the groups of a kind's index show the
    /// name instead of the folder's own. An `index.md` in the folder gives its `title` first; a
    /// folder named in neither shows as it is spelled.
    pub titles: BTreeMap<String, String>,
    /// Labels for `extra:` keys (`headcount: 编制`): pages show the label instead of the key.
    /// A key without a label is shown as written, in code style.
    pub extra_labels: BTreeMap<String, String>,
}

/// `control:` in `handbook.yaml`: how controlled documents are numbered and approved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Control {
    /// A regular expression every `doc_no` must match (`doc-no-format`), e.g.
    /// `^OPS-(SOP|CP)-\d{3}$`. It matches anywhere in the number unless anchored with `^…$`.
    pub doc_no_pattern: Option<String>,
    /// Kinds whose documents must carry an `approval` (`missing-approval`), e.g.
    /// `[sop, contingency]`.
    pub require_approval: Vec<Kind>,
    /// The notice printed on controlled copies; by default one in the site's language
    /// ("受控文件：以网站上的现行版本为准，打印件仅供参考").
    pub controlled_notice: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            language: "zh-CN".into(),
            base_url: "/".into(),
            review: ReviewDefaults::default(),
            rules: BTreeMap::new(),
            folders: BTreeMap::new(),
            exclude: Vec::new(),
            theme: None,
            html: HtmlMode::default(),
            control: Control::default(),
            repo_url: None,
            titles: BTreeMap::new(),
            extra_labels: BTreeMap::new(),
        }
    }
}

impl Config {
    /// The kind a top-level folder name stands for.
    pub fn folder_kind(&self, folder: &str) -> Option<Kind> {
        if let Some(kind) = self.folders.get(folder) {
            return Some(*kind);
        }
        Kind::ALL.into_iter().find(|k| k.folder() == Some(folder))
    }
}
