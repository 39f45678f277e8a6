//! A KPI's view.

use serde::Serialize;

use super::Views;
use crate::model::{Document, Kind, KindData, Relation};
use crate::render::html;
use crate::render::site::LinkView;

/// A KPI as its page shows it.
#[derive(Serialize)]
pub(crate) struct KpiView {
    pub definition: String,
    pub formula: Option<String>,
    pub unit: Option<String>,
    pub target: Option<String>,
    pub frequency: Option<&'static str>,
    pub data_source: Option<String>,
    pub applies_to: Vec<LinkView>,
    pub used_by: Vec<LinkView>,
}

impl Views<'_, '_, '_> {
    pub(super) fn kpi(&self, doc: &Document) -> KpiView {
        let KindData::Kpi(kpi) = &doc.data else {
            unreachable!("called for kpis")
        };
        KpiView {
            definition: html::block(&kpi.definition, self.linker),
            formula: kpi.formula.clone(),
            unit: kpi.unit.clone(),
            target: kpi.target.clone(),
            frequency: kpi.frequency.map(|f| self.lang.frequency(f)),
            data_source: self.inline_opt(&kpi.data_source),
            applies_to: self.linker.references(Kind::Role, &kpi.applies_to),
            used_by: self.referrers(doc, |r| r == Relation::Uses),
        }
    }
}
