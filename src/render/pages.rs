//! The generated pages that are not documents: the home page's overview by kind, a kind's
//! index (roles/index.html, sops/index.html …) and the review-status page.

use serde::Serialize;

use super::i18n::{Lang, Noun};
use super::ids;
use super::site::{LinkView, Linker, Site, folder_of, kind_index_path};
use super::svg;
use super::views::{StatusView, doc_status, review_view, schedule_view};
use crate::model::{Kind, KindData, ScheduleStatus};

/// One document in a list.
#[derive(Serialize)]
pub(super) struct ListItem {
    pub title: String,
    pub href: String,
    pub summary: Option<String>,
    pub status: &'static str,
    pub owners: Vec<LinkView>,
    pub review: Option<StatusView>,
    /// A short line of kind-specific facts (a role's department and manager, a KPI's target).
    pub facts: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct Group {
    pub anchor: String,
    pub label: String,
    pub items: Vec<ListItem>,
}

#[derive(Serialize)]
pub(super) struct KindPage {
    pub kind: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub count: usize,
    /// "12 documents", "12 篇".
    pub count_label: String,
    pub groups: Vec<Group>,
    pub chart: Option<String>,
    /// The href of the kind's own print page (its first volume's, when it has volumes).
    pub print: String,
    /// Each volume of the kind's print page, when it has more than one.
    pub volumes: Vec<LinkView>,
}

fn list_item(site: &Site, linker: &Linker, lang: Lang, i: usize) -> ListItem {
    let doc = site.doc(i);
    let mut facts = Vec::new();
    match &doc.data {
        KindData::Role(role) => {
            if let Some(boss) = &role.reports_to {
                let boss = linker.reference(Kind::Role, boss).label;
                facts.push(format!("{} {boss}", lang.text("reports_to")));
            }
            if !role.members.is_empty() {
                facts.push(format!("{} {}", lang.text("members"), role.members.len()));
            }
        }
        KindData::Kpi(kpi) => {
            if let Some(target) = &kpi.target {
                facts.push(format!("{} {target}", lang.text("target")));
            }
            if let Some(f) = kpi.frequency {
                facts.push(lang.frequency(f).to_string());
            }
        }
        KindData::Sop(sop) => facts.push(lang.count(sop.steps.len(), Noun::Step)),
        KindData::Workflow(wf) => facts.push(lang.count(wf.steps.len(), Noun::Step)),
        KindData::Contingency(plan) if !plan.levels.is_empty() => {
            let levels: Vec<&str> = plan.levels.iter().map(|l| l.level.as_str()).collect();
            facts.push(levels.join(" / "));
        }
        KindData::Report(report) => {
            if let Some(f) = report.frequency {
                facts.push(lang.frequency(f).to_string());
            }
        }
        _ => {}
    }
    ListItem {
        title: doc.title().to_string(),
        href: linker.to_doc(i, None).unwrap_or_default(),
        summary: doc.meta.summary.clone().filter(|s| !s.trim().is_empty()),
        status: doc_status(doc.meta.status),
        owners: linker.references(Kind::Role, &doc.meta.owners),
        review: review_view(linker, lang, doc),
        facts,
    }
}

/// A kind's index page: its documents grouped by folder.
pub(super) fn kind_page(site: &Site, linker: &Linker, lang: Lang, kind: Kind) -> KindPage {
    let mut groups: Vec<Group> = Vec::new();
    let mut count = 0;
    for ((k, folder), docs) in site.sections.range((kind, String::new())..) {
        if *k != kind {
            break;
        }
        count += docs.len();
        let label = if folder.is_empty() || kind.folder() == Some(folder.as_str()) {
            lang.kind_label(kind).to_string()
        } else {
            site.folder_title(folder).to_string()
        };
        groups.push(Group {
            anchor: ids::folder_group(folder),
            label,
            items: docs
                .iter()
                .map(|&i| list_item(site, linker, lang, i))
                .collect(),
        });
    }
    // A kind has an index page only with live documents, so a print page at least.
    let print_pages = site.print_sections(kind);
    KindPage {
        kind: kind.name(),
        label: lang.kind_label(kind),
        description: lang.kind_description(kind),
        count,
        count_label: lang.count(count, Noun::Document),
        groups,
        print: print_pages
            .first()
            .map(|page| linker.file(&page.path()))
            .unwrap_or_default(),
        volumes: match print_pages.len() {
            0 | 1 => Vec::new(),
            _ => print_pages
                .iter()
                .enumerate()
                .map(|(n, page)| LinkView {
                    label: lang.volume(n + 1),
                    href: Some(linker.file(&page.path())),
                })
                .collect(),
        },
        chart: if kind == Kind::Role {
            svg::org_chart(site, linker, lang)
        } else {
            None
        },
    }
}

#[derive(Serialize)]
pub(super) struct HomeKind {
    pub kind: &'static str,
    pub label: &'static str,
    pub description: &'static str,
    pub href: String,
    pub count: usize,
    /// "12 documents", "12 篇".
    pub count_label: String,
    pub docs: Vec<LinkView>,
}

/// Documents listed per kind on the home page; the kind's index has the rest.
pub(super) const HOME_SAMPLE: usize = 6;

/// The home page's overview of the handbook by kind.
pub(super) fn home_kinds(
    site: &Site,
    linker: &Linker,
    lang: Lang,
    counts: &[(Kind, usize)],
) -> Vec<HomeKind> {
    let mut start = 0;
    counts
        .iter()
        .map(|&(kind, count)| {
            let docs = site.order[start..start + count]
                .iter()
                .take(HOME_SAMPLE)
                .map(|&i| linker.doc_link(i))
                .collect();
            start += count;
            HomeKind {
                kind: kind.name(),
                label: lang.kind_label(kind),
                description: lang.kind_description(kind),
                href: linker.file(&kind_index_path(kind)),
                count,
                count_label: lang.count(count, Noun::Document),
                docs,
            }
        })
        .collect()
}

#[derive(Serialize)]
pub(super) struct ReviewRow {
    pub doc: LinkView,
    pub kind: &'static str,
    pub folder: String,
    /// `review` or `drill`.
    pub item: &'static str,
    pub item_label: &'static str,
    pub owners: Vec<LinkView>,
    pub schedule: StatusView,
}

#[derive(Serialize, Default)]
pub(super) struct ReviewCounts {
    pub overdue: usize,
    pub soon: usize,
    pub ok: usize,
}

/// Every review and drill of live documents, by due date (undated last), then path.
pub(super) fn review_rows(
    site: &Site,
    linker: &Linker,
    lang: Lang,
) -> (Vec<ReviewRow>, ReviewCounts) {
    let mut rows = Vec::new();
    let docs = site.home.into_iter().chain(site.order.iter().copied());
    for i in docs {
        let doc = site.doc(i);
        for schedule in doc.schedules(&site.hb.config.review, site.today) {
            let item = schedule.kind.name();
            rows.push((
                (schedule.due.is_none(), schedule.due),
                doc.path.clone(),
                ReviewRow {
                    doc: linker.doc_link(i),
                    kind: lang.kind_name(doc.kind),
                    folder: folder_of(&doc.path).to_string(),
                    item,
                    item_label: lang.text(item),
                    owners: linker.references(Kind::Role, &doc.meta.owners),
                    schedule: schedule_view(linker, lang, doc, &schedule),
                },
            ));
        }
    }
    rows.sort_by(|a, b| (&a.0, &a.1, a.2.item).cmp(&(&b.0, &b.1, b.2.item)));
    let mut counts = ReviewCounts::default();
    for (_, _, row) in &rows {
        match row.schedule.state {
            ScheduleStatus::Overdue => counts.overdue += 1,
            ScheduleStatus::DueSoon => counts.soon += 1,
            ScheduleStatus::Ok => counts.ok += 1,
            ScheduleStatus::None => {}
        }
    }
    (rows.into_iter().map(|(_, _, r)| r).collect(), counts)
}
