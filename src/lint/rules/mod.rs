//! The registry: every rule, sorted by name.

use super::Rule;

mod broken_link;
mod deep_html;
mod drill_overdue;
mod duplicate_id;
mod invalid_front_matter;
mod missing_owner;
mod missing_review;
mod mkdocs_syntax;
mod placeholder;
mod reports_to_cycle;
mod review_due_soon;
mod schema;
mod stale_review;
mod unknown_field;
mod unknown_reference;

/// Every rule, sorted by name: the order `explain` and `docs/rules.md` list them in.
pub static RULES: &[&Rule] = &[
    &broken_link::RULE,
    &deep_html::RULE,
    &drill_overdue::RULE,
    &duplicate_id::RULE,
    &invalid_front_matter::RULE,
    &missing_owner::RULE,
    &missing_review::RULE,
    &mkdocs_syntax::RULE,
    &placeholder::RULE,
    &reports_to_cycle::RULE,
    &review_due_soon::RULE,
    &schema::RULE,
    &stale_review::RULE,
    &unknown_field::RULE,
    &unknown_reference::RULE,
];

/// The documents a rule looks at: the handbook's documents and `handbook.yaml`.
fn all_files(handbook: &crate::model::Handbook) -> impl Iterator<Item = &crate::model::Document> {
    std::iter::once(&handbook.config_doc).chain(handbook.documents.iter())
}
