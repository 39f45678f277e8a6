//! Comparing two wordings: how alike they are, and what changed between them, word by word in
//! English and character by character in Chinese; and a long changed line cut to the part that
//! changed.

use similar::{ChangeTag, TextDiff};

/// How alike two texts are, from 0 (nothing shared) to 1 (equal). Compared character by
/// character, so that Chinese, written without spaces between words, compares as well as
/// English.
pub(super) fn similarity(a: &str, b: &str) -> f32 {
    TextDiff::from_chars(a, b).ratio()
}

/// A run of a wording change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Segment {
    Same(String),
    Changed { before: String, after: String },
}

/// What changed between two wordings, as runs of kept and changed text.
///
/// Tokens are Unicode words (UAX #29), under which every Han character is a word of its own:
/// English changes show word by word and Chinese ones character by character, in one pass.
/// A kept run of one character or of spaces between two changes is folded into them, so a
/// rewrite reads as one change rather than confetti.
pub(super) fn wording_diff(before: &str, after: &str) -> Vec<Segment> {
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

/// Kept text shown before the first change of a long line, in characters.
const LINE_CONTEXT: usize = 30;

/// Two versions of a long line, each cut to at most `width` characters (and `…`) around what
/// changed: from a little before the first difference through the last one, as far as it
/// fits, removed text marked `[-…-]` on the old line and added text `{+…+}` on the new one.
/// The first difference is always in the window, so the two lines never look alike.
///
/// The marks are git's `--word-diff` ones: these lines go into a code block, where Markdown
/// emphasis would show as literal `~~` and `**`, which body text uses for its own. The
/// common prefix and suffix bound the work linearly; only a changed middle that is short
/// enough to show is compared word by word.
pub(super) fn changed_window(old: &str, new: &str, width: usize) -> (String, String) {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let mut start = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut end = a[start..]
        .iter()
        .rev()
        .zip(b[start..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    // A change inside an English word shows the whole word.
    let in_word = |chars: &[char], i: usize| chars.get(i).is_some_and(char::is_ascii_alphanumeric);
    let ends_word = |chars: &[char], i: usize| i > 0 && in_word(chars, i - 1);
    while ends_word(&a, start) && (in_word(&a, start) || in_word(&b, start)) {
        start -= 1;
    }
    while end > 0
        && in_word(&a, a.len() - end)
        && (ends_word(&a, a.len() - end) || ends_word(&b, b.len() - end))
    {
        end -= 1;
    }
    let before: String = a[start..a.len() - end].iter().collect();
    let after: String = b[start..b.len() - end].iter().collect();
    let segments = if before.chars().count() + after.chars().count() <= 4 * width {
        wording_diff(&before, &after)
    } else {
        vec![Segment::Changed { before, after }]
    };
    // The context before starts at a word, not inside one.
    let mut from = start.saturating_sub(LINE_CONTEXT);
    while from < start && ends_word(&a, from) && in_word(&a, from) {
        from += 1;
    }
    let ellipsis = if from > 0 { "…" } else { "" };
    let head = format!("{ellipsis}{}", a[from..start].iter().collect::<String>());
    let tail: String = a[a.len() - end..].iter().collect();
    let side = |old_side: bool| {
        let mut line = head.clone();
        for segment in &segments {
            match segment {
                Segment::Same(text) => line.push_str(text),
                Segment::Changed { before, .. } if old_side && !before.is_empty() => {
                    line.push_str(&format!("[-{before}-]"))
                }
                Segment::Changed { after, .. } if !old_side && !after.is_empty() => {
                    line.push_str(&format!("{{+{after}+}}"))
                }
                Segment::Changed { .. } => {}
            }
        }
        line.push_str(&tail);
        cut(&line, width)
    };
    (side(true), side(false))
}

/// At most `width` characters, with `…` when cut.
pub(super) fn cut(text: &str, width: usize) -> String {
    match text.char_indices().nth(width) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
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
    fn a_long_line_shows_the_window_of_its_change_with_whole_words_marked() {
        let kept = "The refund is approved by the team lead. ".repeat(8);
        let (old, new) = changed_window(
            &format!("{kept}Pay within 24 hours, by transfer."),
            &format!("{kept}Pay within 48 hours, by card."),
            80,
        );
        assert_eq!(
            old,
            "… by the team lead. Pay within [-24-] hours, by [-transfer-]."
        );
        assert_eq!(
            new,
            "… by the team lead. Pay within {+48+} hours, by {+card+}."
        );
        let (old, new) = changed_window("甲乙丙丁", "甲乙戊丁", 80);
        assert_eq!(
            (old.as_str(), new.as_str()),
            ("甲乙[-丙-]丁", "甲乙{+戊+}丁")
        );
    }

    #[test]
    fn a_long_change_is_cut_after_its_first_difference() {
        let (old, new) = changed_window(&"a".repeat(1000), &"b".repeat(1000), 40);
        assert_eq!(old, format!("[-{}…", "a".repeat(38)));
        assert_eq!(new, format!("{{+{}…", "b".repeat(38)));
    }

    #[test]
    fn similarity_compares_chinese_by_character() {
        assert!(similarity("在权限内提出解决方案", "在权限内给出解决方案") > 0.8);
        assert!(similarity("受理投诉", "关闭工单") < 0.2);
    }
}
