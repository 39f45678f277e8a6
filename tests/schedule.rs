//! Review and drill schedules: the one computation the lint rules and the pages share.

use opsbook::load::read_document;
use opsbook::model::{Config, Date, Document, ScheduleKind, ScheduleStatus};

fn doc(path: &str, front: &str) -> Document {
    let text = format!("---\n{front}\n---\n\nBody.\n");
    read_document(path.into(), Ok(text.into_bytes()), &Config::default())
}

fn day(text: &str) -> Date {
    Date::parse(text).expect("a date")
}

#[test]
fn a_review_is_overdue_due_soon_or_ok_against_today_and_the_warning_window() {
    let config = Config::default();
    let d = doc(
        "sops/a.md",
        "title: A\nowners: [x]\nreview: {last: 2025-12-01, every: 12 months}",
    );
    let at = |today: &str| {
        d.review_schedule(&config.review, day(today))
            .expect("a review")
    };
    let overdue = at("2026-12-03");
    assert_eq!(overdue.status, ScheduleStatus::Overdue);
    assert_eq!(overdue.days, -2);
    assert_eq!(overdue.pointer, "/review/last");
    let soon = at("2026-11-23");
    assert_eq!((soon.status, soon.days), (ScheduleStatus::DueSoon, 8));
    assert_eq!(at("2026-12-01").status, ScheduleStatus::DueSoon);
    assert_eq!(at("2026-10-01").status, ScheduleStatus::Ok);
    assert_eq!(soon.due, Some(day("2026-12-01")));
}

#[test]
fn an_explicit_due_date_wins_and_is_what_findings_point_at() {
    let config = Config::default();
    let d = doc(
        "sops/a.md",
        "title: A\nowners: [x]\nreview: {last: 2025-12-01, due: 2026-01-05}",
    );
    let review = d
        .review_schedule(&config.review, day("2026-11-23"))
        .expect("a review");
    assert_eq!(review.due, Some(day("2026-01-05")));
    assert_eq!(review.pointer, "/review/due");
    assert_eq!(review.status, ScheduleStatus::Overdue);
}

#[test]
fn a_drill_without_a_last_date_has_no_status_and_sorts_as_undated() {
    let config = Config::default();
    let d = doc(
        "contingency/a.md",
        "title: A\nkind: contingency\nowners: [x]\nscenario: s\nsteps: [a]\ndrill: {every: 6 months}",
    );
    let all = d.schedules(&config.review, day("2026-11-23"));
    let kinds: Vec<_> = all.iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [ScheduleKind::Drill]);
    assert_eq!(all[0].status, ScheduleStatus::None);
    assert_eq!(all[0].due, None);
}

#[test]
fn a_drill_falls_due_after_the_handbook_interval_when_it_names_none() {
    let config = Config::default();
    let d = doc(
        "contingency/a.md",
        "title: A\nkind: contingency\nowners: [x]\nscenario: s\nsteps: [a]\ndrill: {last: 2025-03-01}",
    );
    let drill = d
        .drill_schedule(&config.review, day("2026-11-23"))
        .expect("a drill");
    assert_eq!(drill.due, Some(day("2026-03-01")));
    assert_eq!(drill.status, ScheduleStatus::Overdue);
    assert_eq!(drill.every, None);
}
