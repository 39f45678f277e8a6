//! Templates for `opsbook init` and `opsbook new`.
//!
//! A new document has every field its kind requires, filled with placeholders that pass the
//! schema but start with [`PLACEHOLDER`], so the `placeholder` rule keeps asking until an author
//! writes the real content.

use crate::model::{Date, Kind};
use crate::text::PLACEHOLDER;

/// The front matter and body of a new document of `kind`.
pub fn document(kind: Kind, id: &str, today: Date) -> String {
    let t = PLACEHOLDER;
    let common = format!("title: \"{t} {id}\"\nsummary: \"{t} one line on what this is for\"\n");
    let owners = "owners: [\"TODO: role id\"]\n";
    let review = format!("review:\n  last: {today}\n  every: 12 months\n");
    // Controlled kinds (`control.require_approval` in `opsbook init`'s handbook.yaml): the
    // number and the sign-off are asked for by `placeholder` until written.
    let control = format!(
        "doc_no: \"{t} document number\"\napproval:\n  drafted_by: \"{t} role id\"\n  reviewed_by: \"{t} role id\"\n  approved_by: \"{t} role id\"\n  approved: {today}\n"
    );
    let steps = format!(
        "steps:\n  - id: start\n    action: \"{t} first step\"\n    role: \"TODO: role id\"\n  - \"{t} next step\"\n"
    );
    let (fields, body) = match kind {
        Kind::Sop => (
            format!(
                "{owners}{review}version: \"0.1\"\n{control}purpose: \"{t} why this procedure exists\"\nscope: \"{t} where it applies\"\nresources:\n  - \"{t} tool or material\"\n{steps}control_points:\n  - step: start\n    check: \"{t} what is checked\"\n    standard: \"{t} the standard\"\nquality_standards:\n  - \"{t} a measurable standard\"\n"
            ),
            "## 说明\n\nTODO: background, exceptions and examples.\n",
        ),
        Kind::Workflow => (
            format!("{owners}trigger: \"{t} what starts it\"\ninputs: []\noutputs: []\n{steps}"),
            "## 说明\n\nTODO: when to use this workflow.\n",
        ),
        Kind::Role => (
            format!("responsibilities:\n  - \"{t} a duty\"\ngoals: []\nskills: []\nmembers: []\n"),
            "## 岗位说明\n\nTODO: what a day in this role looks like.\n",
        ),
        Kind::Kpi => (
            format!(
                "{owners}definition: \"{t} what is measured\"\nformula: \"{t} how it is computed\"\nunit: \"%\"\ntarget: \">= 0\"\nfrequency: monthly\n"
            ),
            "## 口径说明\n\nTODO: data source details and exclusions.\n",
        ),
        Kind::Contingency => (
            format!(
                "{owners}{review}{control}scenario: \"{t} what goes wrong\"\ntriggers:\n  - \"{t} how we notice\"\nlevels:\n  - level: P1\n    criteria: \"{t} when it is P1\"\n    responders: []\n    respond_within: 30 minutes\n{steps}escalation: []\ndrill:\n  last: {today}\n  every: 6 months\n"
            ),
            "## 说明\n\nTODO: contacts and fallback tools.\n",
        ),
        Kind::Guide => (
            format!(
                "principles:\n  - \"{t} a principle\"\nchannels: []\nfaq:\n  - q: \"{t} a question\"\n    a: \"{t} its answer\"\n"
            ),
            "## 说明\n\nTODO: guidance for the front line.\n",
        ),
        Kind::Report => (
            format!(
                "{owners}frequency: weekly\naudience: []\nkpis: []\ndata_sources: []\ntools: []\nsections:\n  - title: \"{t} section\"\n    description: \"{t} what it shows\"\n"
            ),
            "## 模板\n\nTODO: the report template.\n",
        ),
        Kind::Overview => (
            format!(
                "company: \"{t} company name\"\nmission: \"{t} mission\"\nvalues: []\nhistory: []\ndepartments: []\n"
            ),
            "## 概况\n\nTODO: the company at a glance.\n",
        ),
        Kind::Page => (String::new(), "TODO: write the page.\n"),
    };
    let kind_line = if kind.folder().is_none() {
        format!("kind: {kind}\n")
    } else {
        String::new()
    };
    format!("---\n{common}{kind_line}{fields}---\n\n{body}")
}

/// The `.gitignore` of a new handbook: the site `opsbook build` writes by default.
pub const GITIGNORE: &str = "_site/\n";

/// The files of a new, valid handbook: `(relative path, contents)`.
pub fn skeleton(title: &str, today: Date) -> Vec<(&'static str, String)> {
    vec![
        (
            "handbook.yaml",
            format!(
                "title: {title}\nlanguage: zh-CN\nbase_url: /\nreview:\n  every: 12 months\n  warn_within: 30 days\nrules: {{}}\nfolders: {{}}\nexclude: []\nhtml: sanitize\ncontrol:\n  doc_no_pattern: '^(SOP|CP)-\\d{{3}}$'\n  require_approval: [sop, contingency]\n"
            ),
        ),
        (
            "index.md",
            "---\ntitle: 首页\nkind: page\nsummary: 运营手册首页\n---\n\n# 欢迎\n\n从[客服主管](roles/cs-lead.md)的岗位职责和[投诉处理](sops/complaint-handling.md#步骤说明)开始阅读。\n".into(),
        ),
        (
            "roles/cs-lead.md",
            "---\ntitle: 客服主管\nresponsibilities:\n  - 管理客服团队的排班与质量\n  - 处理升级投诉\nmembers: [\"@cs-lead\"]\n---\n\n## 岗位说明\n\n客服主管对客户满意度负责。\n".into(),
        ),
        (
            "sops/complaint-handling.md",
            format!(
                "---\ntitle: 投诉处理\nowners: [cs-lead]\nreview:\n  last: {today}\n  every: 12 months\n  by: cs-lead\nversion: \"1.0\"\neffective: {today}\ndoc_no: SOP-001\napproval:\n  drafted_by: cs-lead\n  approved_by: cs-lead\n  approved: {today}\nresources:\n  - 工单系统\nsteps:\n  - id: accept\n    action: 受理投诉并记录工单\n    role: cs-lead\n    within: 30 minutes\n  - 联系客户确认诉求\n  - 给出处理方案并回访\ncontrol_points:\n  - step: accept\n    check: 工单在 30 分钟内创建\n---\n\n## 步骤说明\n\n按上述步骤处理，重大投诉上报[客服主管](../roles/cs-lead.md)。\n"
            ),
        ),
    ]
}
