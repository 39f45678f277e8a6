//! Every reference a document makes, with the JSON Pointer of where it is written.
//!
//! One list serves the `unknown-reference` rule, the role pages ("what this role owns and
//! does") and CODEOWNERS, so the three cannot disagree about what counts as a reference.

use super::{Document, Kind, KindData, Step, StepId};

/// What a reference names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The document `kind:id`.
    Document(Kind, String),
    /// A department, by the `id` an overview declares it under.
    Department(String),
    /// A step of the same document, by id or 1-based number.
    Step(String),
}

/// How a document refers to a role, for "what does this role do".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// Listed in `owners`.
    Owns,
    /// Named in `review.by`.
    Reviews,
    /// A step's `role`.
    PerformsStep,
    /// Among a contingency level's `responders`.
    Responds,
    /// In a contingency plan's `escalation` chain.
    Escalation,
    /// In a kpi's `applies_to`.
    AppliesTo,
    /// In a report's `audience`.
    Audience,
    /// A role's `reports_to`.
    ReportsTo,
    /// A department's `lead`, in an overview.
    Leads,
    /// A document put to use: a step's `sop`, an SOP's `workflow`, and `kpis` lists.
    Uses,
    /// Listed in `related`.
    Related,
    /// Anything else: a role's `department`, steps named by `next` or a control point.
    Other,
    /// `approval.drafted_by`: the role drafted the document (制定).
    Drafts,
    /// `approval.reviewed_by`: the role reviewed the draft before approval (审核).
    ChecksDraft,
    /// `approval.approved_by`: the role approved the document (批准).
    Approves,
    /// `superseded_by`: the retired document names its successor.
    SupersededBy,
}

/// One reference a document makes.
#[derive(Clone, Debug)]
pub struct Ref {
    /// Where it is written (JSON Pointer), for findings.
    pub pointer: String,
    /// What the reference names.
    pub target: Target,
    /// What the field says about the target (owner, reviewer, …).
    pub relation: Relation,
    /// The position of the list entry the reference is in: the step (`/steps/2/role` → 2), the
    /// level, the department, or the entry of a list of ids (`/escalation/1` → 1).
    pub item: Option<usize>,
}

/// A list of ids at `base`; each reference's item is its position in the list, or `item` when
/// the list itself sits in an entry (a contingency level's responders).
fn push_ids(
    out: &mut Vec<Ref>,
    base: &str,
    ids: &[String],
    kind: Kind,
    relation: Relation,
    item: Option<usize>,
) {
    for (i, id) in ids.iter().enumerate() {
        out.push(Ref {
            pointer: format!("{base}/{i}"),
            target: Target::Document(kind, id.clone()),
            relation,
            item: item.or(Some(i)),
        });
    }
}

fn push_one(
    out: &mut Vec<Ref>,
    pointer: &str,
    id: &Option<String>,
    kind: Kind,
    relation: Relation,
    item: Option<usize>,
) {
    if let Some(id) = id {
        out.push(Ref {
            pointer: pointer.into(),
            target: Target::Document(kind, id.clone()),
            relation,
            item,
        });
    }
}

fn push_steps(out: &mut Vec<Ref>, steps: &[Step]) {
    for (i, step) in steps.iter().enumerate() {
        let Some(spec) = step.spec() else { continue };
        let base = format!("/steps/{i}");
        push_one(
            out,
            &format!("{base}/role"),
            &spec.role,
            Kind::Role,
            Relation::PerformsStep,
            Some(i),
        );
        push_one(
            out,
            &format!("{base}/sop"),
            &spec.sop,
            Kind::Sop,
            Relation::Uses,
            Some(i),
        );
        for (j, next) in spec.next.iter().enumerate() {
            out.push(Ref {
                pointer: format!("{base}/next/{j}"),
                target: Target::Step(next.to_string()),
                relation: Relation::Other,
                item: Some(i),
            });
        }
    }
}

impl Document {
    /// All references, in front-matter order of kind-independent fields first.
    pub fn references(&self) -> Vec<Ref> {
        let mut out = Vec::new();
        let m = &self.meta;
        push_ids(
            &mut out,
            "/owners",
            &m.owners,
            Kind::Role,
            Relation::Owns,
            None,
        );
        if let Some(review) = &m.review {
            push_one(
                &mut out,
                "/review/by",
                &review.by,
                Kind::Role,
                Relation::Reviews,
                None,
            );
        }
        for (i, r) in m.related.iter().enumerate() {
            out.push(Ref {
                pointer: format!("/related/{i}"),
                target: Target::Document(r.kind, r.id.clone()),
                relation: Relation::Related,
                item: Some(i),
            });
        }
        if let Some(approval) = &m.approval {
            for (field, id, relation) in [
                ("drafted_by", &approval.drafted_by, Relation::Drafts),
                ("reviewed_by", &approval.reviewed_by, Relation::ChecksDraft),
                ("approved_by", &approval.approved_by, Relation::Approves),
            ] {
                let pointer = format!("/approval/{field}");
                push_one(&mut out, &pointer, id, Kind::Role, relation, None);
            }
        }
        if let Some(r) = &m.superseded_by {
            out.push(Ref {
                pointer: "/superseded_by".into(),
                target: Target::Document(r.kind, r.id.clone()),
                relation: Relation::SupersededBy,
                item: None,
            });
        }
        match &self.data {
            KindData::Sop(s) => {
                push_steps(&mut out, &s.steps);
                for (i, cp) in s.control_points.iter().enumerate() {
                    if let Some(step) = &cp.step {
                        let text = match step {
                            StepId::Number(n) => n.to_string(),
                            StepId::Name(n) => n.clone(),
                        };
                        out.push(Ref {
                            pointer: format!("/control_points/{i}/step"),
                            target: Target::Step(text),
                            relation: Relation::Other,
                            item: Some(i),
                        });
                    }
                }
                push_ids(&mut out, "/kpis", &s.kpis, Kind::Kpi, Relation::Uses, None);
                push_one(
                    &mut out,
                    "/workflow",
                    &s.workflow,
                    Kind::Workflow,
                    Relation::Uses,
                    None,
                );
            }
            KindData::Workflow(w) => push_steps(&mut out, &w.steps),
            KindData::Role(r) => {
                if let Some(d) = &r.department {
                    out.push(Ref {
                        pointer: "/department".into(),
                        target: Target::Department(d.clone()),
                        relation: Relation::Other,
                        item: None,
                    });
                }
                push_one(
                    &mut out,
                    "/reports_to",
                    &r.reports_to,
                    Kind::Role,
                    Relation::ReportsTo,
                    None,
                );
                push_ids(&mut out, "/kpis", &r.kpis, Kind::Kpi, Relation::Uses, None);
            }
            KindData::Kpi(k) => push_ids(
                &mut out,
                "/applies_to",
                &k.applies_to,
                Kind::Role,
                Relation::AppliesTo,
                None,
            ),
            KindData::Contingency(c) => {
                for (i, level) in c.levels.iter().enumerate() {
                    let base = format!("/levels/{i}/responders");
                    push_ids(
                        &mut out,
                        &base,
                        &level.responders,
                        Kind::Role,
                        Relation::Responds,
                        Some(i),
                    );
                }
                push_steps(&mut out, &c.steps);
                push_ids(
                    &mut out,
                    "/escalation",
                    &c.escalation,
                    Kind::Role,
                    Relation::Escalation,
                    None,
                );
            }
            KindData::Report(r) => {
                push_ids(
                    &mut out,
                    "/audience",
                    &r.audience,
                    Kind::Role,
                    Relation::Audience,
                    None,
                );
                push_ids(&mut out, "/kpis", &r.kpis, Kind::Kpi, Relation::Uses, None);
            }
            KindData::Overview(o) => {
                for (i, d) in o.departments.iter().enumerate() {
                    push_one(
                        &mut out,
                        &format!("/departments/{i}/lead"),
                        &d.lead,
                        Kind::Role,
                        Relation::Leads,
                        Some(i),
                    );
                }
            }
            KindData::Guide(_) | KindData::Page(_) => {}
        }
        out
    }
}
