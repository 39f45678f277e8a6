//! Comparing two wordings: how alike they are, and what changed between them, word by word in
//! English and character by character in Chinese.

use similar::{ChangeTag, TextDiff};

/// How alike two texts are, from 0 (nothing shared) to 1 (equal). Compared character by
/// character, so that Chinese, written without spaces between words, compares as well as
/// English.
pub fn similarity(a: &str, b: &str) -> f32 {
    TextDiff::from_chars(a, b).ratio()
}

/// A run of a wording change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Same(String),
    Changed { before: String, after: String },
}

/// What changed between two wordings, as runs of kept and changed text.
///
/// Tokens are Unicode words (UAX #29), under which every Han character is a word of its own:
/// English changes show word by word and Chinese ones character by character, in one pass.
/// A kept run of one character or of spaces between two changes is folded into them, so a
/// rewrite reads as one change rather than confetti.
pub fn wording_diff(before: &str, after: &str) -> Vec<Segment> {
    let diff = TextDiff::configure().diff_unicode_words(before, after);
    let mut segments: Vec<Segment> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match (change.tag(), segments.last_mut()) {
            (ChangeTag::Equal, Some(Segment::Same(run))) => run.push_str(text),
            (ChangeTag::Equal, _) => segments.push(Segment::Same(text.to_string())),
            (ChangeTag::Delete, Some(Segment::Changed { before, .. })) => before.push_str(text),
            (ChangeTag::Insert, Some(Segment::Changed { after, .. })) => after.push_str(text),
            (ChangeTag::Delete, _) => segments.push(Segment::Changed {
                before: text.to_string(),
                after: String::new(),
            }),
            (ChangeTag::Insert, _) => segments.push(Segment::Changed {
                before: String::new(),
                after: text.to_string(),
            }),
        }
    }
    fold_small_runs(segments)
}

fn is_small(run: &str) -> bool {
    run.chars().count() <= 1 || run.trim().is_empty()
}

fn fold_small_runs(segments: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    let mut rest = segments.into_iter().peekable();
    while let Some(segment) = rest.next() {
        let folds = matches!(
            (&segment, out.last(), rest.peek()),
            (Segment::Same(run), Some(Segment::Changed { .. }), Some(Segment::Changed { .. }))
                if is_small(run)
        );
        if !folds {
            out.push(segment);
            continue;
        }
        let (Segment::Same(run), Some(Segment::Changed { before, after })) = (segment, rest.next())
        else {
            unreachable!("checked above")
        };
        let Some(Segment::Changed {
            before: b,
            after: a,
        }) = out.last_mut()
        else {
            unreachable!("checked above")
        };
        b.push_str(&run);
        b.push_str(&before);
        a.push_str(&run);
        a.push_str(&after);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(before: &str, after: &str) -> Segment {
        Segment::Changed {
            before: before.into(),
            after: after.into(),
        }
    }

    fn same(text: &str) -> Segment {
        Segment::Same(text.into())
    }

    #[test]
    fn english_changes_show_word_by_word() {
        assert_eq!(
            wording_diff("Refund the order today", "Refund the whole order today"),
            vec![
                same("Refund the "),
                changed("", "whole "),
                same("order today")
            ]
        );
    }

    #[test]
    fn chinese_changes_show_character_by_character() {
        assert_eq!(
            wording_diff("安抚情绪并核实事实", "安抚情绪并核实订单事实"),
            vec![same("安抚情绪并核实"), changed("", "订单"), same("事实")]
        );
    }

    #[test]
    fn a_single_kept_character_between_changes_is_folded_in() {
        assert_eq!(
            wording_diff("甲的乙", "丙的丁"),
            vec![changed("甲的乙", "丙的丁")]
        );
    }

    #[test]
    fn similarity_compares_chinese_by_character() {
        assert!(similarity("在权限内提出解决方案", "在权限内给出解决方案") > 0.8);
        assert!(similarity("受理投诉", "关闭工单") < 0.2);
    }
}
