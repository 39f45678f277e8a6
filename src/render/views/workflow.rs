//! A workflow's view: its steps and the flowchart drawn from them.

use serde::Serialize;

use super::{StepView, Views};
use crate::model::{Document, Kind, KindData, Step, find_step};
use crate::render::ids;
use crate::render::site::LinkView;
use crate::render::svg::{self, Flow, FlowNode};

/// A workflow as its page shows it.
#[derive(Serialize)]
pub(crate) struct WorkflowView {
    pub trigger: Option<String>,
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
    pub steps: Vec<StepView>,
    pub chart: String,
}

/// The arrows of a procedure: explicit `next:`, else the following step.
fn edges(steps: &[Step]) -> Vec<(usize, usize)> {
    let mut edges = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let next = step.spec().map(|s| s.next.as_slice()).unwrap_or(&[]);
        if next.is_empty() {
            if i + 1 < steps.len() {
                edges.push((i, i + 1));
            }
        } else {
            for id in next {
                if let Some(j) = find_step(steps, &id.to_string()) {
                    edges.push((i, j));
                }
            }
        }
    }
    edges
}

impl Views<'_, '_, '_> {
    pub(super) fn workflow(&self, doc: &Document) -> WorkflowView {
        let KindData::Workflow(wf) = &doc.data else {
            unreachable!("called for workflows")
        };
        let steps = self.steps(&wf.steps, &[]);
        WorkflowView {
            trigger: self.block_opt(&wf.trigger),
            inputs: self.inlines(&wf.inputs),
            outputs: self.inlines(&wf.outputs),
            chart: svg::flowchart(&self.flow(doc.title(), &wf.steps, &steps), self.lang),
            steps,
        }
    }

    /// The flowchart's input: one lane per role in order of first appearance; steps without a
    /// role share the last.
    fn flow(&self, title: &str, steps: &[Step], views: &[StepView]) -> Flow {
        fn role_of(s: &Step) -> Option<&str> {
            s.spec().and_then(|s| s.role.as_deref())
        }
        let mut lanes: Vec<Option<&str>> = Vec::new();
        for role in steps.iter().filter_map(role_of) {
            if !lanes.contains(&Some(role)) {
                lanes.push(Some(role));
            }
        }
        if steps.iter().any(|s| role_of(s).is_none()) {
            lanes.push(None);
        }
        let nodes = steps
            .iter()
            .zip(views)
            .map(|(step, view)| FlowNode {
                lane: lanes.iter().position(|l| *l == role_of(step)).unwrap_or(0),
                action: svg::plain(step.action()),
                within: view.within.clone(),
                href: view.href.clone(),
                approval: view.approval,
            })
            .collect();
        Flow {
            title: title.to_string(),
            lanes: lanes
                .iter()
                .map(|role| match role {
                    Some(id) => self.linker.reference(Kind::Role, id),
                    None => LinkView {
                        label: self.lang.text("unassigned").to_string(),
                        href: None,
                    },
                })
                .collect(),
            nodes,
            edges: edges(steps),
            marker: self.linker.anchor(ids::ARROW),
        }
    }
}
