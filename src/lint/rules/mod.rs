//! The registry: every rule, sorted by name.

use super::{Context, Rule};
use crate::model::{
    Date, Document, Handbook, LoadIssue, Schedule, ScheduleKind, ScheduleStatus, Status,
};

mod broken_link;
mod changed_after_approval;
mod deep_html;
mod doc_no_format;
mod drill_overdue;
mod duplicate_doc_no;
mod duplicate_id;
mod invalid_front_matter;
mod missing_approval;
mod missing_owner;
mod missing_review;
mod mkdocs_syntax;
mod placeholder;
mod reference_to_retired;
mod reports_to_cycle;
mod review_due_soon;
mod schema;
mod stale_review;
mod unknown_field;
mod unknown_reference;

/// Every rule, sorted by name: the order `explain` and `docs/rules.md` list them in.
pub static RULES: &[&Rule] = &[
    &broken_link::RULE,
    &changed_after_approval::RULE,
    &deep_html::RULE,
    &doc_no_format::RULE,
    &drill_overdue::RULE,
    &duplicate_doc_no::RULE,
    &duplicate_id::RULE,
    &invalid_front_matter::RULE,
    &missing_approval::RULE,
    &missing_owner::RULE,
    &missing_review::RULE,
    &mkdocs_syntax::RULE,
    &placeholder::RULE,
    &reference_to_retired::RULE,
    &reports_to_cycle::RULE,
    &review_due_soon::RULE,
    &schema::RULE,
    &stale_review::RULE,
    &unknown_field::RULE,
    &unknown_reference::RULE,
];

/// The documents a rule looks at: the handbook's documents and `handbook.yaml`.
fn all_files(handbook: &Handbook) -> impl Iterator<Item = &Document> {
    std::iter::once(&handbook.config_doc).chain(handbook.documents.iter())
}

/// What loading found wrong in each file, for the rules that report it (`invalid-front-matter`,
/// `schema`, `unknown-field`): each picks its own kind of issue.
fn load_issues(handbook: &Handbook) -> impl Iterator<Item = (&Document, &LoadIssue)> {
    all_files(handbook).flat_map(|doc| doc.issues.iter().map(move |issue| (doc, issue)))
}

/// The `kind` schedules standing at `status`, with their due dates, of every document not
/// retired: what `stale-review`, `review-due-soon` and `drill-overdue` report.
fn schedules_at<'a>(
    cx: &Context<'a>,
    kind: ScheduleKind,
    status: ScheduleStatus,
) -> impl Iterator<Item = (&'a Document, Schedule<'a>, Date)> {
    let (defaults, today) = (&cx.handbook.config.review, cx.today);
    let live = cx.handbook.documents.iter();
    live.filter(|doc| doc.meta.status != Status::Retired)
        .filter_map(move |doc| {
            let schedule = match kind {
                ScheduleKind::Review => doc.review_schedule(defaults, today),
                ScheduleKind::Drill => doc.drill_schedule(defaults, today),
            }?;
            let due = schedule.due.filter(|_| schedule.status == status)?;
            Some((doc, schedule, due))
        })
}
