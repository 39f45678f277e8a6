//! The overview's view: the company, its history and departments, and the org chart.

use serde::Serialize;

use super::Views;
use crate::model::{Document, Kind, KindData};
use crate::render::site::LinkView;
use crate::render::{ids, svg};

/// One event of the company history.
#[derive(Serialize)]
pub(crate) struct EventView {
    pub date: Option<String>,
    pub event: String,
}

/// One department of the overview.
#[derive(Serialize)]
pub(crate) struct DepartmentView {
    pub anchor: String,
    pub id: String,
    pub name: String,
    pub lead: Option<LinkView>,
    pub functions: Vec<String>,
    pub roles: Vec<LinkView>,
}

/// The overview as its page shows it.
#[derive(Serialize)]
pub(crate) struct OverviewView {
    pub company: Option<String>,
    pub mission: Option<String>,
    pub vision: Option<String>,
    pub values: Vec<String>,
    pub history: Vec<EventView>,
    pub departments: Vec<DepartmentView>,
    pub chart: Option<String>,
}

impl Views<'_, '_, '_> {
    pub(super) fn overview(&self, doc: &Document) -> OverviewView {
        let KindData::Overview(o) = &doc.data else {
            unreachable!("called for overviews")
        };
        let site = self.site();
        let linker = self.linker;
        let departments = o
            .departments
            .iter()
            .map(|d| DepartmentView {
                anchor: linker.anchor(&ids::department(&d.id)),
                id: d.id.clone(),
                name: if d.name.is_empty() {
                    d.id.clone()
                } else {
                    d.name.clone()
                },
                lead: d.lead.as_ref().map(|r| linker.reference(Kind::Role, r)),
                functions: self.inlines(&d.functions),
                roles: site
                    .department_roles
                    .get(&d.id)
                    .map(|roles| roles.iter().map(|&i| linker.doc_link(i)).collect())
                    .unwrap_or_default(),
            })
            .collect();
        OverviewView {
            company: o.company.clone(),
            mission: self.block_opt(&o.mission),
            vision: self.block_opt(&o.vision),
            values: self.inlines(&o.values),
            history: o
                .history
                .iter()
                .map(|e| EventView {
                    date: e.date.map(|d| d.in_lang(self.lang)),
                    event: self.inline(&e.event),
                })
                .collect(),
            departments,
            chart: (!o.departments.is_empty())
                .then(|| svg::org_chart(site, linker, self.lang))
                .flatten(),
        }
    }
}
