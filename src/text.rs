//! Small text facts more than one stage needs: the placeholder marker and typo suggestions.

/// Marks a value an author still has to write: templates fill fields with it, and the
/// `placeholder` rule keeps asking until it is gone.
pub const PLACEHOLDER: &str = "TODO:";

/// The candidate closest to `word`, if any is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}
