//! A role's view: its own fields, plus what the rest of the handbook says it owns and does.

use serde::Serialize;

use super::Views;
use crate::model::{Document, Kind, KindData, Relation};
use crate::render::ids;
use crate::render::site::LinkView;

/// Something a role does in another document.
#[derive(Serialize)]
pub(crate) struct DutyView {
    pub doc: LinkView,
    /// The step, level or position within the document, when the duty is that precise.
    pub detail: Option<LinkView>,
    pub note: Option<String>,
}

/// Steps of one document a role performs.
#[derive(Serialize)]
pub(crate) struct StepGroup {
    pub doc: LinkView,
    pub steps: Vec<DutyView>,
}

/// A role as its page shows it.
#[derive(Serialize)]
pub(crate) struct RoleView {
    pub department: Option<LinkView>,
    pub reporting_line: Vec<LinkView>,
    pub direct_reports: Vec<LinkView>,
    pub responsibilities: Vec<String>,
    pub goals: Vec<String>,
    pub kpis: Vec<LinkView>,
    pub skills: Vec<String>,
    pub members: Vec<String>,
    pub owns: Vec<LinkView>,
    pub reviews: Vec<LinkView>,
    pub performs: Vec<StepGroup>,
    pub responds: Vec<DutyView>,
    pub escalation: Vec<DutyView>,
    pub measured_by: Vec<LinkView>,
    pub receives: Vec<LinkView>,
    pub leads: Vec<LinkView>,
    /// Documents whose `approval` names the role as drafter (制定), reviewer (审核), approver (批准).
    pub drafts: Vec<LinkView>,
    pub checks_drafts: Vec<LinkView>,
    pub approves: Vec<LinkView>,
    pub has_duties: bool,
}

impl Views<'_, '_, '_> {
    /// A role's page: its own fields, plus what the rest of the handbook says it owns and does
    /// (from the reverse references built once for the whole site).
    pub(super) fn role(&self, doc: &Document) -> RoleView {
        let KindData::Role(role) = &doc.data else {
            unreachable!("called for roles")
        };
        let site = self.site();
        let linker = self.linker;
        let mut owns = Vec::new();
        let mut reviews = Vec::new();
        let mut performs = Vec::new();
        let mut responds = Vec::new();
        let mut escalation = Vec::new();
        let mut measured_by = Vec::new();
        let mut receives = Vec::new();
        let mut reports = Vec::new();
        let mut leads = Vec::new();
        let mut drafts = Vec::new();
        let mut checks_drafts = Vec::new();
        let mut approves = Vec::new();
        for b in site.backrefs(Kind::Role, &doc.id) {
            let from = site.doc(b.from);
            match b.relation {
                Relation::Owns => owns.push(b.from),
                Relation::Reviews => reviews.push(b.from),
                Relation::AppliesTo => measured_by.push(b.from),
                Relation::Audience => receives.push(b.from),
                Relation::ReportsTo => reports.push(b.from),
                Relation::PerformsStep => {
                    let Some(s) = b.item else {
                        continue;
                    };
                    let Some(step) = from.steps().get(s) else {
                        continue;
                    };
                    let within = step
                        .spec()
                        .and_then(|spec| spec.within.as_ref())
                        .map(|d| d.in_lang(self.lang));
                    performs.push((
                        b.from,
                        s,
                        DutyView {
                            doc: linker.doc_link(b.from),
                            detail: Some(LinkView {
                                label: format!("{}. {}", s + 1, step.action()),
                                href: linker.to_doc(b.from, Some(&ids::step(&step.id(s)))),
                            }),
                            note: within,
                        },
                    ));
                }
                Relation::Responds => {
                    let KindData::Contingency(plan) = &from.data else {
                        continue;
                    };
                    let level = b.item.and_then(|l| plan.levels.get(l));
                    responds.push((
                        b.from,
                        0,
                        DutyView {
                            doc: linker.doc_link(b.from),
                            detail: level.map(|l| LinkView {
                                label: l.level.clone(),
                                href: None,
                            }),
                            note: level
                                .and_then(|l| l.respond_within.as_ref())
                                .map(|d| d.in_lang(self.lang)),
                        },
                    ));
                }
                Relation::Escalation => {
                    let position = b.item.map(|p| p + 1);
                    escalation.push((
                        b.from,
                        0,
                        DutyView {
                            doc: linker.doc_link(b.from),
                            detail: position.map(|p| LinkView {
                                label: p.to_string(),
                                href: None,
                            }),
                            note: None,
                        },
                    ));
                }
                Relation::Leads => {
                    let KindData::Overview(o) = &from.data else {
                        continue;
                    };
                    if let Some(d) = b.item.and_then(|d| o.departments.get(d)) {
                        leads.push(LinkView {
                            label: if d.name.is_empty() {
                                d.id.clone()
                            } else {
                                d.name.clone()
                            },
                            href: linker.to_doc(b.from, Some(&ids::department(&d.id))),
                        });
                    }
                }
                Relation::Drafts => drafts.push(b.from),
                Relation::ChecksDraft => checks_drafts.push(b.from),
                Relation::Approves => approves.push(b.from),
                Relation::Uses | Relation::Related | Relation::Other | Relation::SupersededBy => {}
            }
        }
        let links = |mut docs: Vec<usize>| {
            self.in_reading_order(&mut docs);
            docs.into_iter()
                .map(|i| linker.doc_link(i))
                .collect::<Vec<_>>()
        };
        let duties = |mut list: Vec<(usize, usize, DutyView)>| {
            list.sort_by_key(|(i, s, _)| (site.position[*i].unwrap_or(usize::MAX), *i, *s));
            list.into_iter().map(|(i, _, d)| (i, d)).collect::<Vec<_>>()
        };
        let department = role
            .department
            .as_ref()
            .map(|id| match site.index.departments.get(id) {
                Some(&o) => {
                    let name = match &site.doc(o).data {
                        KindData::Overview(ov) => ov
                            .departments
                            .iter()
                            .find(|d| &d.id == id)
                            .map(|d| d.name.clone())
                            .filter(|n| !n.is_empty()),
                        _ => None,
                    };
                    LinkView {
                        label: name.unwrap_or_else(|| id.clone()),
                        href: linker.to_doc(o, Some(&ids::department(id))),
                    }
                }
                None => LinkView {
                    label: id.clone(),
                    href: None,
                },
            });
        let owns = links(owns);
        let reviews = links(reviews);
        let mut performs_groups: Vec<StepGroup> = Vec::new();
        let mut last_doc = None;
        for (doc, duty) in duties(performs) {
            if last_doc != Some(doc) {
                last_doc = Some(doc);
                performs_groups.push(StepGroup {
                    doc: duty.doc.clone(),
                    steps: Vec::new(),
                });
            }
            if let Some(group) = performs_groups.last_mut() {
                group.steps.push(duty);
            }
        }
        let performs = performs_groups;
        let responds: Vec<DutyView> = duties(responds).into_iter().map(|(_, d)| d).collect();
        let escalation: Vec<DutyView> = duties(escalation).into_iter().map(|(_, d)| d).collect();
        let measured_by = links(measured_by);
        let receives = links(receives);
        let drafts = links(drafts);
        let checks_drafts = links(checks_drafts);
        let approves = links(approves);
        let has_duties = !(owns.is_empty()
            && reviews.is_empty()
            && performs.is_empty()
            && responds.is_empty()
            && escalation.is_empty()
            && measured_by.is_empty()
            && receives.is_empty()
            && leads.is_empty()
            && drafts.is_empty()
            && checks_drafts.is_empty()
            && approves.is_empty());
        RoleView {
            department,
            reporting_line: self.reporting_line(doc),
            direct_reports: links(reports),
            responsibilities: self.inlines(&role.responsibilities),
            goals: self.inlines(&role.goals),
            kpis: linker.references(Kind::Kpi, &role.kpis),
            skills: role.skills.clone(),
            members: role.members.clone(),
            owns,
            reviews,
            performs,
            responds,
            escalation,
            measured_by,
            receives,
            leads,
            drafts,
            checks_drafts,
            approves,
            has_duties,
        }
    }

    /// The managers above a role, nearest first; stops at a cycle or an unknown role.
    fn reporting_line(&self, doc: &Document) -> Vec<LinkView> {
        let site = self.site();
        let mut line = Vec::new();
        let mut seen = vec![doc.id.clone()];
        let mut current = doc;
        while let KindData::Role(role) = &current.data {
            let Some(boss) = &role.reports_to else { break };
            if seen.contains(boss) {
                break;
            }
            seen.push(boss.clone());
            line.push(self.linker.reference(Kind::Role, boss));
            match site.lookup(Kind::Role, boss) {
                Some(i) => current = site.doc(i),
                None => break,
            }
        }
        line
    }
}
