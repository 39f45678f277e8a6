//! An SOP's view: its steps, control points and the workflow steps that carry it out.

use serde::Serialize;

use super::{StepView, Views};
use crate::model::{Document, Kind, KindData, Relation, find_step};
use crate::render::ids;
use crate::render::site::LinkView;

/// One control point of an SOP.
#[derive(Serialize)]
pub(crate) struct ControlPointView {
    pub num: usize,
    pub anchor: String,
    pub step: Option<LinkView>,
    pub check: String,
    pub standard: Option<String>,
}

/// An SOP as its page shows it.
#[derive(Serialize)]
pub(crate) struct SopView {
    pub purpose: Option<String>,
    pub scope: Option<String>,
    pub resources: Vec<String>,
    pub steps: Vec<StepView>,
    pub control_points: Vec<ControlPointView>,
    pub quality_standards: Vec<String>,
    pub kpis: Vec<LinkView>,
    pub workflow: Option<LinkView>,
    /// Workflow steps carried out by this SOP.
    pub used_in: Vec<LinkView>,
}

impl Views<'_, '_, '_> {
    pub(super) fn sop(&self, doc: &Document) -> SopView {
        let KindData::Sop(sop) = &doc.data else {
            unreachable!("called for sops")
        };
        let linker = self.linker;
        let steps = self.steps(&sop.steps, &sop.control_points);
        let control_points = sop
            .control_points
            .iter()
            .enumerate()
            .map(|(n, cp)| {
                let step = cp.step.as_ref().map(|s| {
                    let s = s.to_string();
                    match find_step(&sop.steps, &s) {
                        Some(j) => LinkView {
                            label: format!("{}. {}", j + 1, sop.steps[j].action()),
                            href: Some(steps[j].href.clone()),
                        },
                        None => LinkView {
                            label: s,
                            href: None,
                        },
                    }
                });
                ControlPointView {
                    num: n + 1,
                    anchor: linker.anchor(&ids::control_point(n + 1)),
                    step,
                    check: self.inline(&cp.check),
                    standard: self.inline_opt(&cp.standard),
                }
            })
            .collect();
        let site = self.site();
        let used = site.referring(Kind::Sop, &doc.id, Relation::Uses);
        let used_in = used
            .into_iter()
            .map(|(i, s)| {
                let steps = site.doc(i).steps();
                let label = match steps.get(s) {
                    Some(step) => format!("{} · {}. {}", site.doc(i).title(), s + 1, step.action()),
                    None => site.doc(i).title().to_string(),
                };
                let anchor = steps.get(s).map(|step| ids::step(&step.id(s)));
                LinkView {
                    label,
                    href: linker.to_doc(i, anchor.as_deref()),
                }
            })
            .collect();
        SopView {
            purpose: self.block_opt(&sop.purpose),
            scope: self.block_opt(&sop.scope),
            resources: self.inlines(&sop.resources),
            steps,
            control_points,
            quality_standards: self.inlines(&sop.quality_standards),
            kpis: linker.references(Kind::Kpi, &sop.kpis),
            workflow: sop
                .workflow
                .as_ref()
                .map(|w| linker.reference(Kind::Workflow, w)),
            used_in,
        }
    }
}
