//! The element ids the renderer gives things, in one place: views, charts, navigation and the
//! print page ask here, and templates only place the ids the views hand them.
//!
//! Ids the renderer makes start with `ob-` so they cannot collide with heading anchors written by
//! authors; on the print page the linker prefixes each with the document's [`print_doc`] id.

/// Whitespace would end an id in a fragment; it becomes `-`.
fn slug(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect()
}

/// A step of a procedure, by its id (or 1-based number).
pub(super) fn step(id: &str) -> String {
    format!("ob-step-{}", slug(id))
}

/// The `n`-th (1-based) control point of an SOP.
pub(super) fn control_point(n: usize) -> String {
    format!("ob-cp-{n}")
}

/// The `n`-th (1-based) question of a guide's FAQ.
pub(super) fn faq(n: usize) -> String {
    format!("ob-faq-{n}")
}

/// A department in an overview.
pub(super) fn department(id: &str) -> String {
    format!("ob-dept-{id}")
}

/// A folder's group on a kind's index page.
pub(super) fn folder_group(folder: &str) -> String {
    format!("ob-in-{}", slug(folder))
}

/// The box of a page's chart, shown full-screen while it is the URL's fragment (`:target`).
/// A page has at most one chart.
pub(super) const CHART_FULL: &str = "ob-chart";

/// The link that opens the chart full size; closing the overlay leads back to it.
pub(super) const CHART_OPEN: &str = "ob-chart-open";

/// The ids templates place themselves, by the names they use (`ids.chart_full`).
pub(super) fn template_ids() -> [(&'static str, &'static str); 2] {
    [("chart_full", CHART_FULL), ("chart_open", CHART_OPEN)]
}

/// The arrow-head marker of a flowchart.
pub(super) const ARROW: &str = "ob-arrow";

/// A document's section on the print page (index into `handbook.documents`).
pub(super) fn print_doc(i: usize) -> String {
    format!("d{i}")
}
