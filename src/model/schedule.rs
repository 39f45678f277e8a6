//! Review and drill schedules: when a document's next review or drill falls due, and where that
//! stands against a given day.
//!
//! This is the one implementation of "due", "due soon" and "overdue": the lint rules
//! `stale-review`, `review-due-soon` and `drill-overdue` and every page that shows a schedule read
//! it. How a status looks (CSS class, label) is the renderer's business.

use super::{Date, Document, Duration, KindData, ReviewDefaults};

/// What a schedule is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleKind {
    /// The document's `review`.
    Review,
    /// A contingency plan's `drill`.
    Drill,
}

impl ScheduleKind {
    /// The front-matter key the schedule is written under: `review` or `drill`.
    pub fn name(self) -> &'static str {
        match self {
            ScheduleKind::Review => "review",
            ScheduleKind::Drill => "drill",
        }
    }
}

/// Where a schedule's due date stands against today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleStatus {
    /// Due after the warning window.
    Ok,
    /// Due today or within `review.warn_within`.
    DueSoon,
    /// Due before today.
    Overdue,
    /// No due date can be worked out (no `last` and no `due`).
    None,
}

/// A review or drill schedule as of one day.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule<'a> {
    /// Review or drill.
    pub kind: ScheduleKind,
    /// The date of the last review or drill, as written.
    pub last: Option<Date>,
    /// The interval as written (not the handbook's default).
    pub every: Option<&'a Duration>,
    /// The due date: an explicit `due`, else `last + every`, else `last +` the handbook's
    /// `review.every`.
    pub due: Option<Date>,
    /// Where `due` stands against today.
    pub status: ScheduleStatus,
    /// Days from today until `due`; negative when overdue, 0 without a due date.
    pub days: i64,
    /// The JSON Pointer of the value that decides the due date, for findings.
    pub pointer: &'static str,
}

impl<'a> Schedule<'a> {
    fn new(
        kind: ScheduleKind,
        last: Option<Date>,
        every: Option<&'a Duration>,
        due: Option<Date>,
        pointer: &'static str,
        defaults: &ReviewDefaults,
        today: Date,
    ) -> Schedule<'a> {
        let (status, days) = match due {
            None => (ScheduleStatus::None, 0),
            Some(due) if due < today => (ScheduleStatus::Overdue, today.days_until(due)),
            Some(due) if due <= today.plus(&defaults.warn_within) => {
                (ScheduleStatus::DueSoon, today.days_until(due))
            }
            Some(due) => (ScheduleStatus::Ok, today.days_until(due)),
        };
        Schedule {
            kind,
            last,
            every,
            due,
            status,
            days,
            pointer,
        }
    }
}

impl Document {
    /// The document's review schedule, if it has a `review`.
    pub fn review_schedule(&self, defaults: &ReviewDefaults, today: Date) -> Option<Schedule<'_>> {
        let review = self.meta.review.as_ref()?;
        let pointer = match review.due {
            Some(_) => "/review/due",
            None => "/review/last",
        };
        Some(Schedule::new(
            ScheduleKind::Review,
            review.last,
            review.every.as_ref(),
            self.review_due(&defaults.every),
            pointer,
            defaults,
            today,
        ))
    }

    /// A contingency plan's drill schedule, if it has a `drill`.
    pub fn drill_schedule(&self, defaults: &ReviewDefaults, today: Date) -> Option<Schedule<'_>> {
        let KindData::Contingency(plan) = &self.data else {
            return None;
        };
        let drill = plan.drill.as_ref()?;
        let every = drill.every.as_ref().unwrap_or(&defaults.every);
        Some(Schedule::new(
            ScheduleKind::Drill,
            drill.last,
            drill.every.as_ref(),
            drill.last.map(|last| last.plus(every)),
            "/drill/last",
            defaults,
            today,
        ))
    }

    /// The review schedule, then the drill schedule, of those the document has.
    pub fn schedules(&self, defaults: &ReviewDefaults, today: Date) -> Vec<Schedule<'_>> {
        [
            self.review_schedule(defaults, today),
            self.drill_schedule(defaults, today),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}
