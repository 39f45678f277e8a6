//! Matching the steps of two versions of a procedure, and what happened to each.
//!
//! Steps pair up by explicit id first, then by wording (character similarity, so Chinese
//! matches too). Positional ids (`1`, `2`, …) never pair steps: inserting a step renumbers every
//! later one, and that must read as one step added, not as every later step changed. Paired
//! steps out of their relative order are `moved`; the steps that stay in order are the longest
//! increasing run of old positions, so one step moving reports one move.

use serde_json::{Map, Value};

use super::fields::compare_maps;
use super::wording::similarity;
use super::{FieldChange, Flag, FlagKind, StepChange, StepChangeKind};
use crate::model::{Sop, Step, StepId, StepSpec, find_step};

/// Two unnamed steps at least this alike are one step reworded, not one removed and one added.
const SAME_STEP: f32 = 0.5;

/// What happened to the steps, and the changes to paired steps' other fields
/// (`steps.<id>.role`, …).
#[derive(Debug, Default)]
pub(super) struct StepDiff {
    pub steps: Vec<StepChange>,
    pub fields: Vec<FieldChange>,
    /// (old index, new index) of the steps that are one step in both versions.
    pub pairs: Vec<(usize, usize)>,
}

/// Compare the steps of two versions of a procedure.
pub(super) fn diff_steps(old: &[Step], new: &[Step]) -> StepDiff {
    let pairs = pair_steps(old, new);
    let in_order = longest_increasing(&pairs);
    let mut paired_old = vec![None; old.len()];
    let mut paired_new = vec![None; new.len()];
    for &(i, j) in &pairs {
        paired_old[i] = Some(j);
        paired_new[j] = Some(i);
    }

    // Each entry sorts by where it shows in the new list; a removed step sorts right after
    // the new position of the step that preceded it.
    let mut entries: Vec<(SortKey, StepChange)> = Vec::new();
    let mut fields = Vec::new();
    for (j, step) in new.iter().enumerate() {
        let id = step.id(j);
        let Some(i) = paired_new[j] else {
            entries.push(((Some(j), 0, 0), StepChange::added(id, step.action(), j)));
            continue;
        };
        let before = &old[i];
        if before.action() != step.action() {
            entries.push((
                (Some(j), 1, 0),
                StepChange::changed(
                    StepChangeKind::Reworded,
                    id.clone(),
                    before.action(),
                    step.action(),
                    i,
                    j,
                ),
            ));
        }
        if !in_order.contains(&(i, j)) {
            entries.push((
                (Some(j), 2, 0),
                StepChange::changed(
                    StepChangeKind::Moved,
                    id.clone(),
                    before.action(),
                    step.action(),
                    i,
                    j,
                ),
            ));
        }
        fields.extend(compare_maps(
            &format!("steps.{id}."),
            &attributes(before),
            &attributes(step),
        ));
    }
    for (i, step) in old.iter().enumerate() {
        if paired_old[i].is_none() {
            let anchor = (0..i).rev().find_map(|k| paired_old[k]);
            entries.push((
                (anchor, 3, i),
                StepChange::removed(step.id(i), step.action(), i),
            ));
        }
    }
    entries.sort_by_key(|(key, _)| *key);
    StepDiff {
        steps: entries.into_iter().map(|(_, change)| change).collect(),
        fields,
        pairs,
    }
}

/// Control points whose step reference now names another step: `step: 5` after a step was
/// inserted before the fifth silently checks a different step.
pub(super) fn retargeted_control_points(
    old: &Sop,
    new: &Sop,
    pairs: &[(usize, usize)],
) -> Vec<Flag> {
    let mut flags = Vec::new();
    for point in &new.control_points {
        let Some(reference) = point.step.as_ref().map(StepId::to_string) else {
            continue;
        };
        let was_there = old
            .control_points
            .iter()
            .any(|p| p.step.as_ref().map(StepId::to_string).as_ref() == Some(&reference));
        let (Some(i), Some(j)) = (
            find_step(&old.steps, &reference),
            find_step(&new.steps, &reference),
        ) else {
            continue;
        };
        if was_there && !pairs.contains(&(i, j)) {
            flags.push(Flag::new(
                FlagKind::ControlPointRetargeted,
                crate::locale::msg!(
                    "diff.flag.retargeted",
                    point.check.as_str(),
                    reference.as_str(),
                    step_label(&new.steps[j]),
                    step_label(&old.steps[i]),
                ),
            ));
        }
    }
    flags
}

/// A step as a reader knows it: its explicit id, else its action.
fn step_label(step: &Step) -> String {
    match step.spec().and_then(|s| s.id.as_ref()) {
        Some(id) => format!("`{id}`"),
        None => format!("“{}”", step.action()),
    }
}

/// Where a step change lists: (new position it follows, order among changes at that position,
/// old position).
type SortKey = (Option<usize>, u8, usize);

/// (old index, new index) of the steps that are one step in two versions, sorted by new index.
fn pair_steps(old: &[Step], new: &[Step]) -> Vec<(usize, usize)> {
    let explicit = |s: &Step| {
        s.spec()
            .and_then(|s| s.id.as_ref())
            .map(|id| id.to_string())
    };
    let mut old_taken = vec![false; old.len()];
    let mut new_taken = vec![false; new.len()];
    let mut pairs = Vec::new();
    for (j, step) in new.iter().enumerate() {
        let Some(id) = explicit(step) else { continue };
        if let Some(i) =
            (0..old.len()).find(|&i| !old_taken[i] && explicit(&old[i]).as_ref() == Some(&id))
        {
            old_taken[i] = true;
            new_taken[j] = true;
            pairs.push((i, j));
        }
    }
    // The rest by wording, most alike first; nearer positions break ties.
    let mut candidates = Vec::new();
    for (i, a) in old.iter().enumerate().filter(|(i, _)| !old_taken[*i]) {
        for (j, b) in new.iter().enumerate().filter(|(j, _)| !new_taken[*j]) {
            let score = similarity(a.action(), b.action());
            if score >= SAME_STEP {
                candidates.push((score, i.abs_diff(j), i, j));
            }
        }
    }
    candidates.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then((x.1, x.2, x.3).cmp(&(y.1, y.2, y.3)))
    });
    for (_, _, i, j) in candidates {
        if !old_taken[i] && !new_taken[j] {
            old_taken[i] = true;
            new_taken[j] = true;
            pairs.push((i, j));
        }
    }
    pairs.sort_by_key(|&(_, j)| j);
    pairs
}

/// The longest run of `pairs` (sorted by new index) whose old indexes increase too: the steps
/// that kept their order. Quadratic in the number of steps, which is tens.
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let n = pairs.len();
    let mut length = vec![1; n];
    let mut previous = vec![None; n];
    for k in 0..n {
        for m in 0..k {
            if pairs[m].0 < pairs[k].0 && length[m] + 1 > length[k] {
                length[k] = length[m] + 1;
                previous[k] = Some(m);
            }
        }
    }
    let mut run = Vec::new();
    let mut at = (0..n).max_by_key(|&k| (length[k], std::cmp::Reverse(k)));
    while let Some(k) = at {
        run.push(pairs[k]);
        at = previous[k];
    }
    run
}

/// A step's fields other than its id and action, as a map (a plain-string step has none set).
fn attributes(step: &Step) -> Map<String, Value> {
    let spec = match step {
        Step::Detailed(spec) => (**spec).clone(),
        Step::Action(action) => StepSpec {
            action: action.clone(),
            ..StepSpec::default()
        },
    };
    let Ok(Value::Object(mut map)) = serde_json::to_value(spec) else {
        return Map::new();
    };
    map.remove("id");
    map.remove("action");
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(actions: &[&str]) -> Vec<Step> {
        actions
            .iter()
            .map(|a| Step::Action(a.to_string()))
            .collect()
    }

    fn kinds(diff: &StepDiff) -> Vec<(StepChangeKind, String)> {
        diff.steps
            .iter()
            .map(|s| (s.change, s.id.clone()))
            .collect()
    }

    #[test]
    fn inserting_an_unnamed_step_reports_one_added_step() {
        let old = steps(&["受理投诉", "安抚情绪", "提出方案", "关闭工单"]);
        let new = steps(&[
            "受理投诉",
            "核实订单信息",
            "安抚情绪",
            "提出方案",
            "关闭工单",
        ]);
        let diff = diff_steps(&old, &new);
        assert_eq!(kinds(&diff), vec![(StepChangeKind::Added, "2".to_string())]);
        assert!(diff.fields.is_empty());
    }

    #[test]
    fn moving_one_step_reports_one_move() {
        let old = steps(&["a step", "b step", "c step", "d step"]);
        let new = steps(&["b step", "c step", "d step", "a step"]);
        let diff = diff_steps(&old, &new);
        assert_eq!(kinds(&diff), vec![(StepChangeKind::Moved, "4".to_string())]);
        assert_eq!((diff.steps[0].from, diff.steps[0].to), (Some(1), Some(4)));
    }

    #[test]
    fn a_removed_step_sorts_where_it_stood() {
        let old = steps(&["受理投诉", "安抚情绪", "提出方案"]);
        let new = steps(&["受理投诉", "提出方案", "登记台账并复盘"]);
        let diff = diff_steps(&old, &new);
        assert_eq!(
            kinds(&diff),
            vec![
                (StepChangeKind::Removed, "2".to_string()),
                (StepChangeKind::Added, "3".to_string())
            ]
        );
    }
}
