//! A report's view.

use serde::Serialize;

use super::Views;
use crate::model::{Document, Kind, KindData};
use crate::render::site::LinkView;

/// One section of a report.
#[derive(Serialize)]
pub(crate) struct SectionView {
    pub title: String,
    pub description: Option<String>,
}

/// A report as its page shows it.
#[derive(Serialize)]
pub(crate) struct ReportView {
    pub frequency: Option<&'static str>,
    pub audience: Vec<LinkView>,
    pub kpis: Vec<LinkView>,
    pub data_sources: Vec<String>,
    pub tools: Vec<String>,
    pub sections: Vec<SectionView>,
}

impl Views<'_, '_, '_> {
    pub(super) fn report(&self, doc: &Document) -> ReportView {
        let KindData::Report(report) = &doc.data else {
            unreachable!("called for reports")
        };
        let linker = self.linker;
        ReportView {
            frequency: report.frequency.map(|f| self.lang.frequency(f)),
            audience: linker.references(Kind::Role, &report.audience),
            kpis: linker.references(Kind::Kpi, &report.kpis),
            data_sources: self.inlines(&report.data_sources),
            tools: self.inlines(&report.tools),
            sections: report
                .sections
                .iter()
                .map(|s| SectionView {
                    title: s.title.clone(),
                    description: self.block_opt(&s.description),
                })
                .collect(),
        }
    }
}
