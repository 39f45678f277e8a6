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
#[schemars(transform = super::enum_with_descriptions)]
pub enum Status {
    /// Work in progress: the site marks it as a draft.
    Draft,
    /// In force.
    #[default]
    Active,
    /// No longer in force: left out of the site's navigation and of review and drill checks.
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
    /// The part before the `:`.
    pub kind: Kind,
    /// The part after the `:`, trimmed.
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
    /// `draft`, `active` (the default) or `retired`.
    pub status: Status,
    /// Role ids; required for sop, workflow, kpi, contingency and report.
    pub owners: Vec<String>,
    /// Review record `{last, every, due, by}`; required for sop and contingency.
    pub review: Option<Review>,
    /// Free-form version label, e.g. `2.1`.
    pub version: Option<Version>,
    /// Date the version takes effect.
    pub effective: Option<Date>,
    /// Free labels, shown on the page and found by search.
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
    /// Just the action, e.g. `- 核对订单`.
    Action(String),
    /// A map with `action` and details such as `role` and `within`.
    Detailed(Box<StepSpec>),
}

/// A step written as a map: its action and who does it, how fast, and what follows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["action"]))]
pub struct StepSpec {
    /// Name other steps and control points use for this step; defaults to the 1-based position.
    pub id: Option<StepId>,
    /// What is done, in one line.
    pub action: String,
    /// Role id of who does it.
    pub role: Option<String>,
    /// Time limit.
    pub within: Option<Duration>,
    /// How to do it, in Markdown; use a `|` block for several lines or a table.
    pub details: Option<String>,
    /// Id of the SOP that carries the step out (mostly in workflows).
    pub sop: Option<String>,
    /// What the step produces.
    pub output: Option<String>,
    /// The quality bar for the step's result.
    pub quality: Option<String>,
    /// Whether the step needs an approval; default `false`.
    pub approval: bool,
    /// Step ids that follow; default the next step.
    pub next: Vec<StepId>,
}

/// A step id as written: a name or a number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StepId {
    /// A number, e.g. `4`.
    Number(u64),
    /// A name, e.g. `check-order`.
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
    /// What is done: the text of a plain step, or the `action` of a detailed one.
    pub fn action(&self) -> &str {
        match self {
            Step::Action(a) => a,
            Step::Detailed(s) => &s.action,
        }
    }

    /// The step's map, or `None` for a plain action.
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

/// A check made at a step of an SOP.
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

/// A standard operating procedure (`sops/`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["resources", "steps", "control_points"]))]
pub struct Sop {
    /// Why the procedure exists.
    pub purpose: Option<String>,
    /// What and whom the procedure covers.
    pub scope: Option<String>,
    /// Tools and materials.
    #[schemars(length(min = 1))]
    pub resources: Vec<String>,
    /// The steps in order: each a plain action or a map with `action`, `role`, `within`, ….
    #[schemars(length(min = 1))]
    pub steps: Vec<Step>,
    /// Checks made along the way: `{step, check, standard}`.
    #[schemars(length(min = 1))]
    pub control_points: Vec<ControlPoint>,
    /// The standards the result must meet.
    pub quality_standards: Vec<String>,
    /// Kpi ids.
    pub kpis: Vec<String>,
    /// Id of the workflow this SOP belongs to.
    pub workflow: Option<String>,
}

/// A process across roles (`workflows/`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["steps"]))]
pub struct Workflow {
    /// What starts the workflow.
    pub trigger: Option<String>,
    /// What the workflow needs to start.
    pub inputs: Vec<String>,
    /// What the workflow delivers.
    pub outputs: Vec<String>,
    /// The steps: `sop`, `next` and `approval` are most useful here.
    #[schemars(length(min = 1))]
    pub steps: Vec<Step>,
}

/// A job and its duties (`roles/`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["responsibilities"]))]
pub struct Role {
    /// Department id from the overview.
    pub department: Option<String>,
    /// Role id of the manager; none for the top role.
    pub reports_to: Option<String>,
    /// The role's duties.
    #[schemars(length(min = 1))]
    pub responsibilities: Vec<String>,
    /// What the role aims to achieve.
    pub goals: Vec<String>,
    /// Kpi ids.
    pub kpis: Vec<String>,
    /// Skills the role needs.
    pub skills: Vec<String>,
    /// Names or `@handles` of the people in the role.
    pub members: Vec<String>,
}

/// How often a KPI is measured or a report is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(transform = super::enum_with_descriptions)]
pub enum Frequency {
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Every year.
    Yearly,
}

/// A performance indicator (`kpis/`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["definition"]))]
pub struct Kpi {
    /// What the indicator measures.
    pub definition: String,
    /// How it is computed.
    pub formula: Option<String>,
    /// Unit of the value, e.g. `"%"` or `minutes`.
    pub unit: Option<String>,
    /// Comparator and number, e.g. `">= 95%"`.
    #[schemars(regex(pattern = r"^\s*(>=|<=|>|<|=|==|≥|≤)\s*-?[0-9]+(\.[0-9]+)?\s*\S*\s*$"))]
    pub target: Option<String>,
    /// How often it is measured.
    pub frequency: Option<Frequency>,
    /// Where the numbers come from.
    pub data_source: Option<String>,
    /// Role ids.
    pub applies_to: Vec<String>,
}

/// A severity level of a contingency and who responds to it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["level"]))]
pub struct Level {
    /// The level's name, e.g. `P2`.
    pub level: String,
    /// When a situation is at this level.
    pub criteria: Option<String>,
    /// Role ids.
    pub responders: Vec<String>,
    /// How fast the responders must react, e.g. `30 minutes`.
    pub respond_within: Option<Duration>,
}

/// When a contingency plan was last rehearsed, and how often it must be.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct Drill {
    /// Date of the last drill.
    pub last: Option<Date>,
    /// Drill interval, e.g. `6 months`; default the handbook's `review.every`.
    pub every: Option<Duration>,
}

/// An emergency plan (`contingency/`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(extend("required" = ["scenario", "steps"]))]
pub struct Contingency {
    /// The situation the plan is for.
    pub scenario: String,
    /// How the situation is noticed.
    pub triggers: Vec<String>,
    /// Severity levels: `{level, criteria, responders, respond_within}`.
    pub levels: Vec<Level>,
    /// What to do, in order.
    #[schemars(length(min = 1))]
    pub steps: Vec<Step>,
    /// Role ids, in order.
    pub escalation: Vec<String>,
    /// When the plan was last rehearsed: `{last, every}`.
    pub drill: Option<Drill>,
}

/// A frequently asked question and its answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["q", "a"]))]
pub struct Faq {
    /// The question.
    pub q: String,
    /// The answer, in Markdown.
    pub a: String,
}

/// A customer-service guide (`cs-guide/`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Guide {
    /// Principles of service.
    pub principles: Vec<String>,
    /// Channels customers reach the team through.
    pub channels: Vec<String>,
    /// Questions and answers: `{q, a}`.
    pub faq: Vec<Faq>,
}

/// A section of a report template.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["title"]))]
pub struct Section {
    /// The section's heading.
    pub title: String,
    /// What goes into the section.
    pub description: Option<String>,
}

/// A recurring report and its template (`reports/`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Report {
    /// How often the report is made.
    pub frequency: Option<Frequency>,
    /// Role ids.
    pub audience: Vec<String>,
    /// Kpi ids.
    pub kpis: Vec<String>,
    /// Where the numbers come from.
    pub data_sources: Vec<String>,
    /// Tools used to make the report.
    pub tools: Vec<String>,
    /// The report's sections: `{title, description}`.
    pub sections: Vec<Section>,
}

/// A milestone in the company's history.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["event"]))]
pub struct Event {
    /// When it happened.
    pub date: Option<Date>,
    /// What happened.
    pub event: String,
}

/// A department; roles name it in `department`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
#[schemars(extend("required" = ["id"]))]
pub struct Department {
    /// The id a role's `department` names.
    pub id: String,
    /// The name shown on the site.
    pub name: String,
    /// Role id.
    pub lead: Option<String>,
    /// What the department does.
    pub functions: Vec<String>,
}

/// The company at a glance (`overview/`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Overview {
    /// The company's name.
    pub company: Option<String>,
    /// What the company is for.
    pub mission: Option<String>,
    /// Where the company is heading.
    pub vision: Option<String>,
    /// The company's values.
    pub values: Vec<String>,
    /// Milestones: `{date, event}`.
    pub history: Vec<Event>,
    /// Departments: `{id, name, lead, functions}`; roles name them in `department`.
    pub departments: Vec<Department>,
}

/// A `page` has the common fields only.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Page {}

/// The kind-specific part of a document.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum KindData {
    /// An `overview` document's fields.
    Overview(Overview),
    /// A `role` document's fields.
    Role(Role),
    /// A `workflow` document's fields.
    Workflow(Workflow),
    /// A `sop` document's fields.
    Sop(Sop),
    /// A `kpi` document's fields.
    Kpi(Kpi),
    /// A `contingency` document's fields.
    Contingency(Contingency),
    /// A `guide` document's fields.
    Guide(Guide),
    /// A `report` document's fields.
    Report(Report),
    /// A `page` has none.
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
    /// The fields every kind shares.
    #[serde(flatten)]
    pub meta: Meta,
    /// The kind's own fields.
    #[serde(flatten)]
    pub data: K,
}
