//! Serializable views of documents, laid out by kind: what the templates see.
//!
//! Every href and element id is computed here through a [`Linker`], and Markdown fields are
//! rendered to HTML here, so templates only place values. The same view serves a site page and
//! the document's section of the print page; only the linker differs.

use serde::Serialize;

use super::html;
use super::i18n::Lang;
use super::site::{LinkView, Linker, Mode, Site, print_id};
use super::svg;
use crate::model::{
    ControlPoint, Document, Duration, Kind, KindData, Relation, Schedule, ScheduleKind,
    ScheduleStatus, Status, Step, find_step,
};

/// Heading levels: the site puts a document title at h1; the print page, under its cover (h1)
/// and chapters (h2), at h3.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Levels {
    pub title: u8,
    pub sec: u8,
    pub sub: u8,
}

impl Levels {
    pub fn for_mode(mode: Mode) -> Levels {
        match mode {
            Mode::Site => Levels {
                title: 1,
                sec: 2,
                sub: 3,
            },
            Mode::Print => Levels {
                title: 3,
                sec: 4,
                sub: 5,
            },
        }
    }
}

/// A review or drill schedule as a page shows it.
#[derive(Clone, Debug, Serialize)]
pub struct StatusView {
    pub last: Option<String>,
    pub every: Option<String>,
    pub due: Option<String>,
    pub by: Option<LinkView>,
    /// The status's CSS class suffix: `ok`, `soon`, `overdue` or `none`.
    pub status: &'static str,
    pub label: &'static str,
    /// Days until due; negative when overdue.
    pub days: i64,
    /// The status itself, for counting.
    #[serde(skip)]
    pub state: ScheduleStatus,
}

/// How a schedule status shows: its CSS class suffix and its label. The one place the theme's
/// names for statuses are decided.
fn status_look(status: ScheduleStatus, lang: Lang) -> (&'static str, &'static str) {
    match status {
        ScheduleStatus::Ok => ("ok", lang.text("status_ok")),
        ScheduleStatus::DueSoon => ("soon", lang.text("status_soon")),
        ScheduleStatus::Overdue => ("overdue", lang.text("status_overdue")),
        ScheduleStatus::None => ("none", ""),
    }
}

/// A document's status as the theme names it (`draft`, `active`, `retired`).
pub fn doc_status(status: Status) -> &'static str {
    match status {
        Status::Draft => "draft",
        Status::Active => "active",
        Status::Retired => "retired",
    }
}

/// The view of one of `doc`'s schedules; a review names its reviewer.
pub fn schedule_view(linker: &Linker, lang: Lang, doc: &Document, s: &Schedule) -> StatusView {
    let by = match s.kind {
        ScheduleKind::Review => doc.meta.review.as_ref().and_then(|r| r.by.as_ref()),
        ScheduleKind::Drill => None,
    };
    let (status, label) = status_look(s.status, lang);
    StatusView {
        last: s.last.map(|d| d.to_string()),
        every: s.every.map(Duration::to_string),
        due: s.due.map(|d| d.to_string()),
        by: by.map(|r| linker.reference(Kind::Role, r)),
        status,
        label,
        days: s.days,
        state: s.status,
    }
}

/// The view of `doc`'s review schedule, if it has one.
pub fn review_view(linker: &Linker, lang: Lang, doc: &Document) -> Option<StatusView> {
    let site = linker.site;
    let s = doc.review_schedule(&site.hb.config.review, site.today)?;
    Some(schedule_view(linker, lang, doc, &s))
}

#[derive(Serialize)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

/// A document as its page (or print section) shows it.
#[derive(Serialize)]
pub struct DocView {
    pub title: String,
    pub kind: &'static str,
    pub kind_name: &'static str,
    pub id: String,
    pub source: String,
    /// The element id of the document's section (print page); empty on the site.
    pub anchor: String,
    /// "4.2" on the print page; empty on the site.
    pub number: String,
    pub summary: Option<String>,
    pub status: &'static str,
    pub owners: Vec<LinkView>,
    pub version: Option<String>,
    pub effective: Option<String>,
    pub tags: Vec<String>,
    pub review: Option<StatusView>,
    pub related: Vec<LinkView>,
    pub referenced_by: Vec<LinkView>,
    pub extra: Vec<KeyValue>,
    /// The Markdown body as HTML.
    pub body: String,
    /// The id of the title: the anchor of a first `# heading` that repeated the title.
    pub title_id: Option<String>,
    pub data: KindView,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum KindView {
    Overview(OverviewView),
    Role(RoleView),
    Workflow(WorkflowView),
    Sop(SopView),
    Kpi(KpiView),
    Contingency(ContingencyView),
    Guide(GuideView),
    Report(ReportView),
    Page(PageView),
}

#[derive(Serialize)]
pub struct PageView {}

#[derive(Serialize)]
pub struct StepView {
    pub num: usize,
    pub id: String,
    pub anchor: String,
    pub href: String,
    pub action: String,
    pub role: Option<LinkView>,
    pub within: Option<String>,
    pub details: Option<String>,
    pub sop: Option<LinkView>,
    pub output: Option<String>,
    pub quality: Option<String>,
    pub approval: bool,
    /// Explicit `next:` steps (the default, the following step, is not listed).
    pub next: Vec<LinkView>,
    /// Control points on this step.
    pub checks: Vec<LinkView>,
}

#[derive(Serialize)]
pub struct ControlPointView {
    pub num: usize,
    pub anchor: String,
    pub step: Option<LinkView>,
    pub check: String,
    pub standard: Option<String>,
}

#[derive(Serialize)]
pub struct SopView {
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

#[derive(Serialize)]
pub struct WorkflowView {
    pub trigger: Option<String>,
    pub inputs: Vec<String>,
    pub outputs: Vec<String>,
    pub steps: Vec<StepView>,
    pub chart: String,
}

#[derive(Serialize)]
pub struct DutyView {
    pub doc: LinkView,
    /// The step, level or position within the document, when the duty is that precise.
    pub detail: Option<LinkView>,
    pub note: Option<String>,
}

/// Steps of one document a role performs.
#[derive(Serialize)]
pub struct StepGroup {
    pub doc: LinkView,
    pub steps: Vec<DutyView>,
}

#[derive(Serialize)]
pub struct RoleView {
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
    pub has_duties: bool,
}

#[derive(Serialize)]
pub struct KpiView {
    pub definition: String,
    pub formula: Option<String>,
    pub unit: Option<String>,
    pub target: Option<String>,
    pub frequency: Option<&'static str>,
    pub data_source: Option<String>,
    pub applies_to: Vec<LinkView>,
    pub used_by: Vec<LinkView>,
}

#[derive(Serialize)]
pub struct LevelView {
    pub level: String,
    pub criteria: Option<String>,
    pub responders: Vec<LinkView>,
    pub respond_within: Option<String>,
}

#[derive(Serialize)]
pub struct ContingencyView {
    pub scenario: String,
    pub triggers: Vec<String>,
    pub levels: Vec<LevelView>,
    pub steps: Vec<StepView>,
    pub escalation: Vec<LinkView>,
    pub drill: Option<StatusView>,
}

#[derive(Serialize)]
pub struct FaqView {
    pub anchor: String,
    pub q: String,
    pub a: String,
}

#[derive(Serialize)]
pub struct GuideView {
    pub principles: Vec<String>,
    pub channels: Vec<String>,
    pub faq: Vec<FaqView>,
}

#[derive(Serialize)]
pub struct SectionView {
    pub title: String,
    pub description: Option<String>,
}

#[derive(Serialize)]
pub struct ReportView {
    pub frequency: Option<&'static str>,
    pub audience: Vec<LinkView>,
    pub kpis: Vec<LinkView>,
    pub data_sources: Vec<String>,
    pub tools: Vec<String>,
    pub sections: Vec<SectionView>,
}

#[derive(Serialize)]
pub struct EventView {
    pub date: Option<String>,
    pub event: String,
}

#[derive(Serialize)]
pub struct DepartmentView {
    pub anchor: String,
    pub id: String,
    pub name: String,
    pub lead: Option<LinkView>,
    pub functions: Vec<String>,
    pub roles: Vec<LinkView>,
}

#[derive(Serialize)]
pub struct OverviewView {
    pub company: Option<String>,
    pub mission: Option<String>,
    pub vision: Option<String>,
    pub values: Vec<String>,
    pub history: Vec<EventView>,
    pub departments: Vec<DepartmentView>,
    pub chart: Option<String>,
}

/// Builds views for one page.
pub struct Views<'l, 's, 'a> {
    pub linker: &'l Linker<'s, 'a>,
    pub lang: Lang,
}

impl Views<'_, '_, '_> {
    fn site(&self) -> &Site<'_> {
        self.linker.site
    }

    fn inline(&self, text: &str) -> String {
        html::inline(text, self.linker)
    }

    fn inline_opt(&self, text: &Option<String>) -> Option<String> {
        text.as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| self.inline(t))
    }

    fn block_opt(&self, text: &Option<String>) -> Option<String> {
        text.as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| html::block(t, self.linker))
    }

    fn inlines(&self, items: &[String]) -> Vec<String> {
        items.iter().map(|t| self.inline(t)).collect()
    }

    /// The view of document `i`; `number` is its print numbering.
    pub fn document(&self, i: usize, number: String) -> DocView {
        let site = self.site();
        let linker = self.linker;
        let doc = site.doc(i);
        let meta = &doc.meta;
        let shift = match linker.mode {
            Mode::Site => 0,
            Mode::Print => 2,
        };
        let data = match &doc.data {
            KindData::Sop(_) => KindView::Sop(self.sop(doc)),
            KindData::Workflow(_) => KindView::Workflow(self.workflow(doc)),
            KindData::Role(_) => KindView::Role(self.role(doc)),
            KindData::Kpi(_) => KindView::Kpi(self.kpi(doc)),
            KindData::Contingency(_) => KindView::Contingency(self.contingency(doc)),
            KindData::Guide(_) => KindView::Guide(self.guide(doc)),
            KindData::Report(_) => KindView::Report(self.report(doc)),
            KindData::Overview(_) => KindView::Overview(self.overview(doc)),
            KindData::Page(_) => KindView::Page(PageView {}),
        };
        // Roles list who refers to them by duty; KPIs and SOPs list their users in their own
        // sections already.
        let referenced_by = match doc.kind {
            Kind::Role => Vec::new(),
            Kind::Kpi | Kind::Sop => self.referrers(doc, |r| r != Relation::Uses),
            _ => self.referrers(doc, |_| true),
        };
        let body = html::body(doc.body(), &doc.headings, linker, shift, doc.title());
        DocView {
            title: doc.title().to_string(),
            kind: doc.kind.name(),
            kind_name: self.lang.kind_name(doc.kind),
            id: doc.id.clone(),
            source: doc.path.clone(),
            anchor: match linker.mode {
                Mode::Site => String::new(),
                Mode::Print => print_id(i),
            },
            number,
            summary: meta.summary.clone().filter(|s| !s.trim().is_empty()),
            status: doc_status(meta.status),
            owners: linker.references(Kind::Role, &meta.owners),
            version: meta.version.as_ref().map(|v| v.0.clone()),
            effective: meta.effective.map(|d| d.to_string()),
            tags: meta.tags.clone(),
            review: review_view(linker, self.lang, doc),
            related: meta
                .related
                .iter()
                .map(|r| linker.reference(r.kind, &r.id))
                .collect(),
            referenced_by,
            extra: meta
                .extra
                .iter()
                .map(|(key, value)| KeyValue {
                    key: key.clone(),
                    value: match value {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    },
                })
                .collect(),
            body: body.html,
            title_id: body.title_id,
            data,
        }
    }

    /// Distinct live documents that refer to `doc` with a relation `keep` accepts, in reading order.
    fn referrers(&self, doc: &Document, keep: impl Fn(Relation) -> bool) -> Vec<LinkView> {
        let site = self.site();
        let mut from: Vec<usize> = site
            .backrefs(doc.kind, &doc.id)
            .iter()
            .filter(|b| keep(b.relation) && site.doc(b.from).path != doc.path)
            .map(|b| b.from)
            .collect();
        self.in_reading_order(&mut from);
        from.into_iter().map(|i| self.linker.doc_link(i)).collect()
    }

    fn in_reading_order(&self, docs: &mut Vec<usize>) {
        let site = self.site();
        docs.sort_by_key(|&i| (site.position[i].unwrap_or(usize::MAX), i));
        docs.dedup();
    }

    fn step_anchor(id: &str) -> String {
        let id: String = id
            .chars()
            .map(|c| if c.is_whitespace() { '-' } else { c })
            .collect();
        format!("ob-step-{id}")
    }

    fn steps(&self, steps: &[Step], control_points: &[ControlPoint]) -> Vec<StepView> {
        let linker = self.linker;
        let mut views: Vec<StepView> = steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let id = step.id(i);
                let anchor = linker.anchor(&Self::step_anchor(&id));
                let spec = step.spec();
                let next = spec
                    .map(|s| {
                        s.next
                            .iter()
                            .map(|n| {
                                let n = n.to_string();
                                match find_step(steps, &n) {
                                    Some(j) => LinkView {
                                        label: format!("{}. {}", j + 1, steps[j].action()),
                                        href: Some(
                                            linker.local(&Self::step_anchor(&steps[j].id(j))),
                                        ),
                                    },
                                    None => LinkView {
                                        label: n,
                                        href: None,
                                    },
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                StepView {
                    num: i + 1,
                    href: super::site::fragment_href(&anchor),
                    anchor,
                    id,
                    action: self.inline(step.action()),
                    role: spec
                        .and_then(|s| s.role.as_ref())
                        .map(|r| linker.reference(Kind::Role, r)),
                    within: spec
                        .and_then(|s| s.within.as_ref())
                        .map(Duration::to_string),
                    details: spec.and_then(|s| self.block_opt(&s.details)),
                    sop: spec
                        .and_then(|s| s.sop.as_ref())
                        .map(|id| linker.reference(Kind::Sop, id)),
                    output: spec.and_then(|s| self.inline_opt(&s.output)),
                    quality: spec.and_then(|s| self.inline_opt(&s.quality)),
                    approval: spec.is_some_and(|s| s.approval),
                    next,
                    checks: Vec::new(),
                }
            })
            .collect();
        for (n, cp) in control_points.iter().enumerate() {
            let target = cp
                .step
                .as_ref()
                .and_then(|s| find_step(steps, &s.to_string()));
            if let Some(j) = target {
                views[j].checks.push(LinkView {
                    label: format!("{}", n + 1),
                    href: Some(linker.local(&format!("ob-cp-{}", n + 1))),
                });
            }
        }
        views
    }

    fn sop(&self, doc: &Document) -> SopView {
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
                    anchor: linker.anchor(&format!("ob-cp-{}", n + 1)),
                    step,
                    check: self.inline(&cp.check),
                    standard: self.inline_opt(&cp.standard),
                }
            })
            .collect();
        let site = self.site();
        let mut used: Vec<(usize, usize)> = site
            .backrefs(Kind::Sop, &doc.id)
            .iter()
            .filter(|b| b.relation == Relation::Uses && b.pointer.starts_with("/steps/"))
            .filter_map(|b| Some((b.from, pointer_index(&b.pointer, 1)?)))
            .collect();
        used.sort_by_key(|&(i, s)| (site.position[i].unwrap_or(usize::MAX), i, s));
        let used_in = used
            .into_iter()
            .map(|(i, s)| {
                let steps = site.doc(i).steps();
                let label = match steps.get(s) {
                    Some(step) => format!("{} · {}. {}", site.doc(i).title(), s + 1, step.action()),
                    None => site.doc(i).title().to_string(),
                };
                let anchor = steps.get(s).map(|step| Self::step_anchor(&step.id(s)));
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

    fn workflow(&self, doc: &Document) -> WorkflowView {
        let KindData::Workflow(wf) = &doc.data else {
            unreachable!("called for workflows")
        };
        let steps = self.steps(&wf.steps, &[]);
        WorkflowView {
            trigger: self.block_opt(&wf.trigger),
            inputs: self.inlines(&wf.inputs),
            outputs: self.inlines(&wf.outputs),
            chart: svg::flowchart(doc.title(), &wf.steps, &steps, self.linker, self.lang),
            steps,
        }
    }

    /// A role's page: its own fields, plus what the rest of the handbook says it owns and does
    /// (from the reverse references built once for the whole site).
    fn role(&self, doc: &Document) -> RoleView {
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
        for b in site.backrefs(Kind::Role, &doc.id) {
            let from = site.doc(b.from);
            match b.relation {
                Relation::Owns => owns.push(b.from),
                Relation::Reviews => reviews.push(b.from),
                Relation::AppliesTo => measured_by.push(b.from),
                Relation::Audience => receives.push(b.from),
                Relation::ReportsTo => reports.push(b.from),
                Relation::PerformsStep => {
                    let Some(s) = pointer_index(&b.pointer, 1) else {
                        continue;
                    };
                    let Some(step) = from.steps().get(s) else {
                        continue;
                    };
                    let within = step
                        .spec()
                        .and_then(|spec| spec.within.as_ref())
                        .map(Duration::to_string);
                    performs.push((
                        b.from,
                        s,
                        DutyView {
                            doc: linker.doc_link(b.from),
                            detail: Some(LinkView {
                                label: format!("{}. {}", s + 1, step.action()),
                                href: linker.to_doc(b.from, Some(&Self::step_anchor(&step.id(s)))),
                            }),
                            note: within,
                        },
                    ));
                }
                Relation::Responds => {
                    let KindData::Contingency(plan) = &from.data else {
                        continue;
                    };
                    let level = pointer_index(&b.pointer, 1).and_then(|l| plan.levels.get(l));
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
                                .map(Duration::to_string),
                        },
                    ));
                }
                Relation::Escalation => {
                    let position = pointer_index(&b.pointer, 1).map(|p| p + 1);
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
                    if let Some(d) = pointer_index(&b.pointer, 1).and_then(|d| o.departments.get(d))
                    {
                        leads.push(LinkView {
                            label: if d.name.is_empty() {
                                d.id.clone()
                            } else {
                                d.name.clone()
                            },
                            href: linker.to_doc(b.from, Some(&format!("ob-dept-{}", d.id))),
                        });
                    }
                }
                Relation::Uses | Relation::Related | Relation::Other => {}
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
                        href: linker.to_doc(o, Some(&format!("ob-dept-{id}"))),
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
        let has_duties = !(owns.is_empty()
            && reviews.is_empty()
            && performs.is_empty()
            && responds.is_empty()
            && escalation.is_empty()
            && measured_by.is_empty()
            && receives.is_empty()
            && leads.is_empty());
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

    fn kpi(&self, doc: &Document) -> KpiView {
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

    fn contingency(&self, doc: &Document) -> ContingencyView {
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
                    respond_within: l.respond_within.as_ref().map(Duration::to_string),
                })
                .collect(),
            steps: self.steps(&plan.steps, &[]),
            escalation: linker.references(Kind::Role, &plan.escalation),
            drill: doc
                .drill_schedule(&self.site().hb.config.review, self.site().today)
                .map(|s| schedule_view(self.linker, self.lang, doc, &s)),
        }
    }

    fn guide(&self, doc: &Document) -> GuideView {
        let KindData::Guide(guide) = &doc.data else {
            unreachable!("called for guides")
        };
        GuideView {
            principles: self.inlines(&guide.principles),
            channels: self.inlines(&guide.channels),
            faq: guide
                .faq
                .iter()
                .enumerate()
                .map(|(n, f)| FaqView {
                    anchor: self.linker.anchor(&format!("ob-faq-{}", n + 1)),
                    q: self.inline(&f.q),
                    a: html::block(&f.a, self.linker),
                })
                .collect(),
        }
    }

    fn report(&self, doc: &Document) -> ReportView {
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

    fn overview(&self, doc: &Document) -> OverviewView {
        let KindData::Overview(o) = &doc.data else {
            unreachable!("called for overviews")
        };
        let site = self.site();
        let linker = self.linker;
        let departments = o
            .departments
            .iter()
            .map(|d| DepartmentView {
                anchor: linker.anchor(&format!("ob-dept-{}", d.id)),
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
                    date: e.date.map(|d| d.to_string()),
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

/// The `n`-th number in a JSON Pointer: `/steps/3/role` → 3 for n = 1.
fn pointer_index(pointer: &str, n: usize) -> Option<usize> {
    pointer.split('/').skip(1).nth(n)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::pointer_index;

    #[test]
    fn pointer_index_reads_array_positions() {
        assert_eq!(pointer_index("/steps/3/role", 1), Some(3));
        assert_eq!(pointer_index("/levels/0/responders/2", 3), Some(2));
        assert_eq!(pointer_index("/owners", 1), None);
    }
}
