//! opsbook: an operations handbook as code.
//!
//! One pipeline, one model: [`load`] reads a handbook folder into the [`model`], [`lint`]
//! validates it (schema and rules), [`report`] formats findings, [`render`] builds the site and
//! the print page. The binary in `main.rs` is a
//! thin layer over these.

pub mod diff;
pub mod git;
pub mod lint;
pub mod load;
pub mod markdown;
pub mod model;
pub mod owners;
pub mod preview;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;

/// Today's date for review checks: `--today`, else `OPSBOOK_TODAY` (both read by the binary),
/// else the system clock in local time.
pub fn today_from_clock() -> model::Date {
    model::Date(jiff::ZonedDateTime::now().date())
}
