//! A contingency plan's view: levels, responders, steps and its drill schedule.

use serde::Serialize;

use super::{StatusView, StepView, Views, schedule_view};
use crate::model::{Document, Kind, KindData};
use crate::render::html;
use crate::render::site::LinkView;

/// One escalation level of a contingency plan.
#[derive(Serialize)]
pub(crate) struct LevelView {
    pub level: String,
    pub criteria: Option<String>,
    pub responders: Vec<LinkView>,
    pub respond_within: Option<String>,
}

/// A contingency plan as its page shows it.
#[derive(Serialize)]
pub(crate) struct ContingencyView {
    pub scenario: String,
    pub triggers: Vec<String>,
    pub levels: Vec<LevelView>,
    pub steps: Vec<StepView>,
    pub escalation: Vec<LinkView>,
    pub drill: Option<StatusView>,
}

impl Views<'_, '_, '_> {
    pub(super) fn contingency(&self, doc: &Document) -> ContingencyView {
        let KindData::Contingency(plan) = &doc.data else {
            unreachable!("called for contingency plans")
        };
        let linker = self.linker;
        ContingencyView {
            scenario: html::block(&plan.scenario, linker),
            triggers: self.inlines(&plan.triggers),
            levels: plan
                .levels
                .iter()
                .map(|l| LevelView {
                    level: l.level.clone(),
                    criteria: self.inline_opt(&l.criteria),
                    responders: linker.references(Kind::Role, &l.responders),
                    respond_within: l.respond_within.as_ref().map(|d| d.in_lang(self.lang)),
                })
                .collect(),
            steps: self.steps(&plan.steps, &[]),
            escalation: linker.references(Kind::Role, &plan.escalation),
            drill: doc
                .drill_schedule(&self.site().hb.config.review, self.site().today)
                .map(|s| schedule_view(self.linker, self.lang, doc, &s)),
        }
    }
}
