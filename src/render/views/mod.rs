//! Serializable views of documents, laid out by kind: what the templates see. One file per
//! kind's view; this module holds what they share (the document frame, steps, schedules).
//!
//! Every href and element id is computed here through a [`Linker`] and [`ids`], and Markdown
//! fields are rendered to HTML here, so templates only place values. The same view serves a site
//! page and the document's section of the print page; only the linker differs.

mod contingency;
mod control;
mod guide;
mod kpi;
mod overview;
mod report;
mod role;
mod sop;
mod workflow;

use serde::Serialize;

use contingency::ContingencyView;
pub(super) use control::status_label;
use control::{ControlView, RevisionView};
use guide::GuideView;
use kpi::KpiView;
use overview::OverviewView;
use report::ReportView;
use role::RoleView;
use sop::SopView;
use workflow::WorkflowView;

use super::html;
use super::i18n::Lang;
use super::ids;
use super::site::{LinkView, Linker, Mode, Site};
use crate::model::{
    ControlPoint, Document, Kind, KindData, Relation, Schedule, ScheduleKind, ScheduleStatus,
    Status, Step, find_step,
};

/// Heading levels: the site puts a document title at h1; the print page, under its cover (h1)
/// and chapters (h2), at h3.
#[derive(Clone, Copy, Debug, Serialize)]
pub(super) struct Levels {
    pub title: u8,
    pub sec: u8,
    pub sub: u8,
}

impl Levels {
    /// The levels of a page of `mode`.
    pub(super) fn for_mode(mode: Mode) -> Levels {
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
pub(super) struct StatusView {
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
pub(super) fn doc_status(status: Status) -> &'static str {
    match status {
        Status::Draft => "draft",
        Status::Active => "active",
        Status::Retired => "retired",
    }
}

/// The view of one of `doc`'s schedules; a review names its reviewer.
pub(super) fn schedule_view(
    linker: &Linker,
    lang: Lang,
    doc: &Document,
    s: &Schedule,
) -> StatusView {
    let by = match s.kind {
        ScheduleKind::Review => doc.meta.review.as_ref().and_then(|r| r.by.as_ref()),
        ScheduleKind::Drill => None,
    };
    let (status, label) = status_look(s.status, lang);
    StatusView {
        last: s.last.map(|d| d.in_lang(lang)),
        every: s.every.map(|d| d.in_lang(lang)),
        due: s.due.map(|d| d.in_lang(lang)),
        by: by.map(|r| linker.reference(Kind::Role, r)),
        status,
        label,
        days: s.days,
        state: s.status,
    }
}

/// The view of `doc`'s review schedule, if it has one.
pub(super) fn review_view(linker: &Linker, lang: Lang, doc: &Document) -> Option<StatusView> {
    let site = linker.site;
    let s = doc.review_schedule(&site.hb.config.review, site.today)?;
    Some(schedule_view(linker, lang, doc, &s))
}

/// An `extra` front-matter field, shown as it was written.
#[derive(Serialize)]
pub(super) struct KeyValue {
    pub key: String,
    /// The key's label from `extra_labels:` in handbook.yaml; without one, the page shows the
    /// key itself, in code style.
    pub label: Option<String>,
    pub value: String,
}

/// A document as its page (or print section) shows it.
#[derive(Serialize)]
pub(super) struct DocView {
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
    /// The control block (文件编号, 版本, 制定 / 审核 / 批准 …), when the document has a `doc_no`
    /// or an `approval`.
    pub control: Option<ControlView>,
    /// The revision history from git, newest first; empty without git.
    pub revisions: Vec<RevisionView>,
    /// The successor named by `superseded_by`.
    pub superseded_by: Option<LinkView>,
    /// The notice of controlled copies, printed at the foot of the document.
    pub controlled_notice: String,
    /// The Markdown body as HTML.
    pub body: String,
    /// The id of the title: the anchor of a first `# heading` that repeated the title.
    pub title_id: Option<String>,
    pub data: KindView,
}

/// The kind-specific part of a [`DocView`].
#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum KindView {
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

/// A plain page has nothing beyond the common fields.
#[derive(Serialize)]
pub(super) struct PageView {}

/// One step of a procedure (SOP, workflow, contingency plan).
#[derive(Serialize)]
pub(super) struct StepView {
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

/// Builds views for one page.
pub(super) struct Views<'l, 's, 'a> {
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
    pub(super) fn document(&self, i: usize, number: String) -> DocView {
        let site = self.site();
        let linker = self.linker;
        let doc = site.doc(i);
        super::site::note(super::site::Read::Body(i));
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
                Mode::Print => ids::print_doc(i),
            },
            number,
            summary: meta.summary.clone().filter(|s| !s.trim().is_empty()),
            status: doc_status(meta.status),
            owners: linker.references(Kind::Role, &meta.owners),
            version: meta.version.as_ref().map(|v| v.0.clone()),
            effective: meta.effective.map(|d| d.in_lang(self.lang)),
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
                    label: site
                        .hb
                        .config
                        .extra_labels
                        .get(key)
                        .map(|l| l.trim())
                        .filter(|l| !l.is_empty())
                        .map(str::to_string),
                    value: match value {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    },
                })
                .collect(),
            control: self.control(doc),
            revisions: self.revisions(doc),
            superseded_by: self.successor(doc),
            controlled_notice: self
                .lang
                .controlled_notice(&site.hb.config.control)
                .to_string(),
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

    fn steps(&self, steps: &[Step], control_points: &[ControlPoint]) -> Vec<StepView> {
        let linker = self.linker;
        let mut views: Vec<StepView> = steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let id = step.id(i);
                let anchor = linker.anchor(&ids::step(&id));
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
                                        href: Some(linker.local(&ids::step(&steps[j].id(j)))),
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
                        .map(|d| d.in_lang(self.lang)),
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
                    href: Some(linker.local(&ids::control_point(n + 1))),
                });
            }
        }
        views
    }
}
