//! Typed front matter: the fields every kind shares ([`Meta`]) and each kind's own.
//!
//! Every struct defaults each field so that a document whose invalid values were dropped by the
//! schema check still loads; `extend("required" = …)` marks what the schema requires.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Date, Duration, Kind};

/// Free, organisation-specific fields.
pub type Extra = BTreeMap<String, serde_json::Value>;

/// `draft`, `active` (the default) or `retired`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    #[default]
    Active,
    Retired,
}

/// When a document was last reviewed, how often, and by whom.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["last"]))]
pub struct Review {
    /// Date of the last review.
    pub last: Option<Date>,
    /// Review interval, e.g. `12 months`.
    pub every: Option<Duration>,
    /// Explicit due date; wins over `last + every`.
    pub due: Option<Date>,
    /// Role id of the reviewer.
    pub by: Option<String>,
}

/// A free-form version label (`2.1`, `v3`): numbers are accepted as written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Version(pub String);

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Version(match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            _ => return Err(serde::de::Error::custom("expected a version string")),
        }))
    }
}

impl JsonSchema for Version {
    fn schema_name() -> Cow<'static, str> {
        "Version".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": ["string", "number"], "description": "free-form version, e.g. \"2.1\""})
    }
}

/// A reference to another document, written `kind:id`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reference {
    pub kind: Kind,
    pub id: String,
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind, self.id)
    }
}

impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let (kind, id) = text
            .split_once(':')
            .ok_or_else(|| serde::de::Error::custom("expected `kind:id`"))?;
        let kind = kind
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom("unknown kind"))?;
        Ok(Reference {
            kind,
            id: id.trim().to_string(),
        })
    }
}

/// The pattern of `kind:id`, shared by the schema and the deserializer.
pub const REFERENCE_PATTERN: &str =
    r"^\s*(overview|role|workflow|sop|kpi|contingency|guide|report|page)\s*:\s*\S+\s*$";

impl JsonSchema for Reference {
    fn schema_name() -> Cow<'static, str> {
        "Reference".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": REFERENCE_PATTERN,
            "description": "a reference `kind:id`, e.g. `sop:complaint-handling`",
        })
    }
}

/// Fields common to every kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["title"]))]
pub struct Meta {
    /// The document's title.
    pub title: String,
    /// Unique within the kind; defaults to the file stem.
    pub id: Option<String>,
    /// Defaults to the kind of the top-level folder.
    pub kind: Option<Kind>,
    /// One line, shown in lists and search results.
    pub summary: Option<String>,
    pub status: Status,
    /// Role ids; required for sop, workflow, kpi, contingency and report.
    pub owners: Vec<String>,
    pub review: Option<Review>,
    pub version: Option<Version>,
    /// Date the version takes effect.
    pub effective: Option<Date>,
    pub tags: Vec<String>,
    /// References `kind:id`.
    pub related: Vec<Reference>,
    /// Free, organisation-specific fields; never validated.
    pub extra: Extra,
    /// Document number (文件编号), e.g. `OPS-SOP-001`: unique across the handbook
    /// (`duplicate-doc-no`); `control.doc_no_pattern` in `handbook.yaml` may constrain its form
    /// (`doc-no-format`).
    pub doc_no: Option<String>,
    /// Who drafted, reviewed and approved this version (制定 / 审核 / 批准), and when it was
    /// approved; required for the kinds listed in `control.require_approval`
    /// (`missing-approval`).
    pub approval: Option<Approval>,
    /// The document that replaces this one, `kind:id`, for `status: retired`: the retired page
    /// points at its successor.
    pub superseded_by: Option<Reference>,
}

/// The sign-off of a controlled document: 制定 (drafted), 审核 (reviewed), 批准 (approved).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["approved"]))]
pub struct Approval {
    /// Role id of who drafted the document (制定).
    pub drafted_by: Option<String>,
    /// Role id of who reviewed the draft (审核).
    pub reviewed_by: Option<String>,
    /// Role id of who approved it (批准).
    pub approved_by: Option<String>,
    /// Date of the approval (批准日期), `YYYY-MM-DD`; not after today (`missing-approval`).
    pub approved: Option<Date>,
}

/// A step of a procedure: a plain action, or a map with details.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Step {
    Action(String),
    Detailed(Box<StepSpec>),
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["action"]))]
pub struct StepSpec {
    /// Defaults to the 1-based position.
    pub id: Option<StepId>,
    pub action: String,
    /// Role id of who does it.
    pub role: Option<String>,
    /// Time limit.
    pub within: Option<Duration>,
    /// Markdown.
    pub details: Option<String>,
    /// The SOP that carries the step out (workflows only).
    pub sop: Option<String>,
    pub output: Option<String>,
    pub quality: Option<String>,
    /// Needs an approval.
    pub approval: bool,
    /// Step ids that follow; default the next step.
    pub next: Vec<StepId>,
}

/// A step id as written: a name or a number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StepId {
    Number(u64),
    Name(String),
}

impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepId::Number(n) => write!(f, "{n}"),
            StepId::Name(s) => f.write_str(s),
        }
    }
}

impl Step {
    pub fn action(&self) -> &str {
        match self {
            Step::Action(a) => a,
            Step::Detailed(s) => &s.action,
        }
    }

    pub fn spec(&self) -> Option<&StepSpec> {
        match self {
            Step::Action(_) => None,
            Step::Detailed(s) => Some(s),
        }
    }

    /// The step's id: explicit, else its 1-based position.
    pub fn id(&self, index: usize) -> String {
        match self.spec().and_then(|s| s.id.as_ref()) {
            Some(id) => id.to_string(),
            None => (index + 1).to_string(),
        }
    }
}

/// Find the index of the step a reference names: by explicit id, else by 1-based number.
pub fn find_step(steps: &[Step], reference: &str) -> Option<usize> {
    let reference = reference.trim();
    steps
        .iter()
        .enumerate()
        .position(|(i, s)| s.id(i) == reference)
        .or_else(|| {
            let n: usize = reference.parse().ok()?;
            (1..=steps.len()).contains(&n).then(|| n - 1)
        })
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["check"]))]
pub struct ControlPoint {
    /// Step id or 1-based step number.
    pub step: Option<StepId>,
    /// What is checked.
    pub check: String,
    /// The standard it is checked against.
    pub standard: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["resources", "steps", "control_points"]))]
pub struct Sop {
    pub purpose: Option<String>,
    pub scope: Option<String>,
    /// Tools and materials.
    #[schemars(length(min = 1))]
    pub resources: Vec<String>,
    #[schemars(length(min = 1))]
    pub steps: Vec<Step>,
    #[schemars(length(min = 1))]
    pub control_points: Vec<ControlPoint>,
    pub quality_standards: Vec<String>,
    /// Kpi ids.
    pub kpis: Vec<String>,
    /// Workflow id.
    pub workflow: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["steps"]))]
pub struct Workflow {
    pub trigger: Option<String>,
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
    #[schemars(length(min = 1))]
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["responsibilities"]))]
pub struct Role {
    /// Department id from the overview.
    pub department: Option<String>,
    /// Role id.
    pub reports_to: Option<String>,
    #[schemars(length(min = 1))]
    pub responsibilities: Vec<String>,
    pub goals: Vec<String>,
    /// Kpi ids.
    pub kpis: Vec<String>,
    pub skills: Vec<String>,
    /// Names or `@handles` of the people in the role.
    pub members: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["definition"]))]
pub struct Kpi {
    pub definition: String,
    pub formula: Option<String>,
    pub unit: Option<String>,
    /// Comparator and number, e.g. `">= 95%"`.
    #[schemars(regex(pattern = r"^\s*(>=|<=|>|<|=|==|≥|≤)\s*-?[0-9]+(\.[0-9]+)?\s*\S*\s*$"))]
    pub target: Option<String>,
    pub frequency: Option<Frequency>,
    pub data_source: Option<String>,
    /// Role ids.
    pub applies_to: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["level"]))]
pub struct Level {
    pub level: String,
    pub criteria: Option<String>,
    /// Role ids.
    pub responders: Vec<String>,
    pub respond_within: Option<Duration>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Drill {
    pub last: Option<Date>,
    pub every: Option<Duration>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["scenario", "steps"]))]
pub struct Contingency {
    pub scenario: String,
    pub triggers: Vec<String>,
    pub levels: Vec<Level>,
    #[schemars(length(min = 1))]
    pub steps: Vec<Step>,
    /// Role ids, in order.
    pub escalation: Vec<String>,
    pub drill: Option<Drill>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["q", "a"]))]
pub struct Faq {
    pub q: String,
    pub a: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Guide {
    pub principles: Vec<String>,
    pub channels: Vec<String>,
    pub faq: Vec<Faq>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["title"]))]
pub struct Section {
    pub title: String,
    pub description: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Report {
    pub frequency: Option<Frequency>,
    /// Role ids.
    pub audience: Vec<String>,
    /// Kpi ids.
    pub kpis: Vec<String>,
    pub data_sources: Vec<String>,
    pub tools: Vec<String>,
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["event"]))]
pub struct Event {
    pub date: Option<Date>,
    pub event: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["id"]))]
pub struct Department {
    pub id: String,
    pub name: String,
    /// Role id.
    pub lead: Option<String>,
    pub functions: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Overview {
    pub company: Option<String>,
    pub mission: Option<String>,
    pub vision: Option<String>,
    pub values: Vec<String>,
    pub history: Vec<Event>,
    pub departments: Vec<Department>,
}

/// A `page` has the common fields only.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Page {}

/// The kind-specific part of a document.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum KindData {
    Overview(Overview),
    Role(Role),
    Workflow(Workflow),
    Sop(Sop),
    Kpi(Kpi),
    Contingency(Contingency),
    Guide(Guide),
    Report(Report),
    Page(Page),
}

impl KindData {
    /// The front-matter fields written in Markdown (step `details`, FAQ answers), with their
    /// JSON Pointers.
    pub fn markdown_fields(&self) -> Vec<(String, &str)> {
        let steps = match self {
            KindData::Sop(s) => &s.steps[..],
            KindData::Workflow(w) => &w.steps[..],
            KindData::Contingency(c) => &c.steps[..],
            _ => &[],
        };
        let details = steps.iter().enumerate().filter_map(|(i, step)| {
            let text = step.spec()?.details.as_deref()?;
            Some((format!("/steps/{i}/details"), text))
        });
        let answers = match self {
            KindData::Guide(g) => &g.faq[..],
            _ => &[],
        };
        let answers = answers
            .iter()
            .enumerate()
            .map(|(i, f)| (format!("/faq/{i}/a"), f.a.as_str()));
        details.chain(answers).collect()
    }

    /// An empty value of the kind, for documents whose front matter could not be read.
    pub fn empty(kind: Kind) -> KindData {
        match kind {
            Kind::Overview => KindData::Overview(Overview::default()),
            Kind::Role => KindData::Role(Role::default()),
            Kind::Workflow => KindData::Workflow(Workflow::default()),
            Kind::Sop => KindData::Sop(Sop::default()),
            Kind::Kpi => KindData::Kpi(Kpi::default()),
            Kind::Contingency => KindData::Contingency(Contingency::default()),
            Kind::Guide => KindData::Guide(Guide::default()),
            Kind::Report => KindData::Report(Report::default()),
            Kind::Page => KindData::Page(Page::default()),
        }
    }
}

/// One kind's whole front matter, as the schema describes it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
pub struct FrontMatter<K> {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(flatten)]
    pub data: K,
}
