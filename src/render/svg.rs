//! Charts drawn at build time as inline SVG: a workflow's flowchart (one swimlane per role) and
//! the organisation chart (roles by `reports_to`).
//!
//! No JavaScript, no fonts fetched: text is measured roughly (CJK one em, Latin about half) and
//! wrapped by hand. Colours come from CSS classes, with presentation attributes as a fallback
//! for themes that do not style them.

use std::fmt::Write;

use super::html;
use super::i18n::Lang;
use super::site::{LinkView, Linker, Site};
use crate::model::{Kind, KindData};

const FONT: f32 = 13.0;

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

fn char_width(c: char, size: f32) -> f32 {
    if is_wide(c) { size } else { size * 0.58 }
}

/// Break `text` into at most `lines` lines of `width` pixels; an ellipsis marks what is cut.
fn wrap(text: &str, width: f32, size: f32, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    let chars: Vec<char> = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let w = char_width(c, size);
        if used + w > width && !line.is_empty() {
            // Latin words move to the next line whole when they can.
            let mut carry = String::new();
            if !is_wide(c)
                && c != ' '
                && let Some(space) = line.rfind(' ')
                && space > line.len() / 2
            {
                carry = line[space + 1..].to_string();
                line.truncate(space);
            }
            out.push(line.trim_end().to_string());
            if out.len() == lines {
                let last = out.last_mut().expect("one line at least");
                while last.chars().map(|c| char_width(c, size)).sum::<f32>() + size > width {
                    last.pop();
                }
                last.push('…');
                return out;
            }
            used = carry.chars().map(|c| char_width(c, size)).sum();
            line = carry;
            if c == ' ' {
                i += 1;
                continue;
            }
        }
        line.push(c);
        used += w;
        i += 1;
    }
    if !line.trim().is_empty() {
        out.push(line.trim_end().to_string());
    }
    out
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    html::push_escaped(&mut out, text);
    out
}

/// Markdown as one line of plain text.
pub(super) fn plain(markdown: &str) -> String {
    let mut out = String::new();
    html::plain_text(markdown, &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Centred lines of text starting at baseline `y`.
fn text_lines(out: &mut String, lines: &[String], cx: f32, y: f32, size: f32, class: &str) {
    for (n, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text class="{class}" x="{cx}" y="{}" font-size="{size}" text-anchor="middle" fill="currentColor">{}</text>"#,
            y + n as f32 * (size + 4.0),
            esc(line)
        );
    }
}

fn open_link(out: &mut String, href: &Option<String>) {
    if let Some(href) = href {
        let _ = write!(out, r#"<a href="{}">"#, esc(href));
    }
}

fn close_link(out: &mut String, href: &Option<String>) {
    if href.is_some() {
        out.push_str("</a>");
    }
}

fn arrow_marker(out: &mut String, id: &str) {
    let _ = write!(
        out,
        r#"<defs><marker id="{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="chart-arrowhead" fill="currentColor"/></marker></defs>"#,
        esc(id)
    );
}

/// Charts shrink with the page down to this share of their size, then scroll: below it the
/// text would be too small to read.
fn min_width(width: f32) -> f32 {
    (width * 0.6).round()
}

const NODE_W: f32 = 156.0;
const NODE_H: f32 = 60.0;
const LANE_W: f32 = 184.0;
const HEAD_H: f32 = 48.0;
const ROW_H: f32 = 96.0;
const MARGIN: f32 = 12.0;

/// What a flowchart shows, built by the workflow view (this module knows nothing of views).
pub(super) struct Flow {
    /// The workflow's title, for the chart's accessible name.
    pub title: String,
    /// One lane per role in order of first appearance: its header link, or "unassigned".
    pub lanes: Vec<LinkView>,
    /// The steps, in order.
    pub nodes: Vec<FlowNode>,
    /// Arrows as (from, to) node positions.
    pub edges: Vec<(usize, usize)>,
    /// The element id of the arrow-head marker.
    pub marker: String,
}

/// One step of a [`Flow`].
pub(super) struct FlowNode {
    /// Position in [`Flow::lanes`].
    pub lane: usize,
    /// The action as plain text.
    pub action: String,
    /// The step's `within`, shown in the tooltip.
    pub within: Option<String>,
    /// Where the node links to: the step on the page.
    pub href: String,
    /// Drawn with a double border.
    pub approval: bool,
}

/// A workflow as a flowchart: one column (swimlane) per role, steps top to bottom by
/// dependency, arrows for `next:` (default: the following step).
pub(super) fn flowchart(flow: &Flow, lang: Lang) -> String {
    if flow.nodes.is_empty() {
        return String::new();
    }
    draw_flowchart(flow, lang)
}

/// Edges that close a cycle (found depth-first from the first step, in step order): they are
/// drawn as dashed "back" arrows and ignored when ranking steps.
fn back_edges(n: usize, edges: &[(usize, usize)]) -> Vec<bool> {
    let mut back = vec![false; edges.len()];
    // 0 = unvisited, 1 = on the current path, 2 = done.
    let mut state = vec![0u8; n];
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        // (node, index of the next outgoing edge to look at)
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            match edges
                .iter()
                .enumerate()
                .skip(*next)
                .find(|(_, e)| e.0 == node)
            {
                Some((k, &(_, to))) => {
                    *next = k + 1;
                    match state[to] {
                        0 => {
                            state[to] = 1;
                            stack.push((to, 0));
                        }
                        1 => back[k] = true,
                        _ => {}
                    }
                }
                None => {
                    state[node] = 2;
                    stack.pop();
                }
            }
        }
    }
    back
}

/// The row of each step: below all its predecessors (longest path, back edges ignored), and
/// never two steps in one lane and row.
fn layers(n: usize, edges: &[(usize, usize)], lane_of: &[usize]) -> Vec<usize> {
    let back = back_edges(n, edges);
    let forward: Vec<(usize, usize)> = edges
        .iter()
        .zip(&back)
        .filter(|(_, b)| !**b)
        .map(|(e, _)| *e)
        .collect();
    // Kahn's algorithm, lowest step number first among the ready ones.
    let mut indegree = vec![0usize; n];
    for &(_, to) in &forward {
        indegree[to] += 1;
    }
    let mut ready: std::collections::BTreeSet<usize> =
        (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut row = vec![0usize; n];
    let mut taken = std::collections::HashSet::new();
    while let Some(v) = ready.pop_first() {
        let mut r = forward
            .iter()
            .filter(|e| e.1 == v)
            .map(|e| row[e.0] + 1)
            .max()
            .unwrap_or(0);
        while !taken.insert((r, lane_of[v])) {
            r += 1;
        }
        row[v] = r;
        for &(from, to) in &forward {
            if from == v {
                indegree[to] -= 1;
                if indegree[to] == 0 {
                    ready.insert(to);
                }
            }
        }
    }
    row
}

fn draw_flowchart(flow: &Flow, lang: Lang) -> String {
    let n = flow.nodes.len();
    let edges = &flow.edges;
    let lanes = &flow.lanes;
    let lane_of: Vec<usize> = flow.nodes.iter().map(|node| node.lane).collect();
    let title = &flow.title;
    let row = layers(n, edges, &lane_of);
    let rows = row.iter().max().map_or(1, |r| r + 1);
    let has_back = edges.iter().any(|&(i, j)| row[j] <= row[i]);
    let width = MARGIN * 2.0 + lanes.len() as f32 * LANE_W + if has_back { 12.0 } else { 0.0 };
    let height = HEAD_H + 20.0 + rows as f32 * ROW_H - (ROW_H - NODE_H) + 20.0;
    let node_x = |i: usize| MARGIN + lane_of[i] as f32 * LANE_W + (LANE_W - NODE_W) / 2.0;
    let node_y = |i: usize| HEAD_H + 20.0 + row[i] as f32 * ROW_H;
    let marker = &flow.marker;

    let mut out = String::with_capacity(4096);
    let label = format!("{}{}{title}", lang.text("flowchart"), lang.text("colon"));
    let _ = write!(
        out,
        r#"<svg class="chart flowchart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="min-width: {}px" aria-label="{}"><title>{}</title>"#,
        min_width(width),
        esc(&label),
        esc(&label)
    );
    arrow_marker(&mut out, marker);
    // Lanes and their headers.
    for (l, link) in lanes.iter().enumerate() {
        let x = MARGIN + l as f32 * LANE_W;
        let class = if l % 2 == 0 {
            "chart-lane"
        } else {
            "chart-lane chart-lane-alt"
        };
        let _ = write!(
            out,
            r##"<rect class="{class}" x="{x}" y="0" width="{LANE_W}" height="{height}" fill="#f6f8fa" stroke="#d0d7de"/>"##
        );
        open_link(&mut out, &link.href);
        let lines = wrap(&link.label, LANE_W - 16.0, FONT, 2);
        let y = if lines.len() > 1 { 20.0 } else { 28.0 };
        text_lines(
            &mut out,
            &lines,
            x + LANE_W / 2.0,
            y,
            FONT,
            "chart-lane-title",
        );
        close_link(&mut out, &link.href);
    }
    let _ = write!(
        out,
        r##"<line class="chart-rule" x1="{MARGIN}" y1="{HEAD_H}" x2="{}" y2="{HEAD_H}" stroke="#d0d7de"/>"##,
        width - MARGIN
    );
    // Edges under the nodes.
    for (k, &(i, j)) in edges.iter().enumerate() {
        let (xs, ys) = (node_x(i) + NODE_W / 2.0, node_y(i) + NODE_H);
        let (xt, yt) = (node_x(j) + NODE_W / 2.0, node_y(j));
        let gap = ROW_H - NODE_H;
        let (d, class, dash) = if row[j] > row[i] {
            let d = if row[j] == row[i] + 1 {
                if lane_of[i] == lane_of[j] {
                    format!("M{xs},{ys} V{yt}")
                } else {
                    format!("M{xs},{ys} V{} H{xt} V{yt}", ys + gap / 2.0)
                }
            } else {
                // Skip rows through the gutter left of the target lane, clear of other nodes.
                let gx = MARGIN + lane_of[j] as f32 * LANE_W + 4.0 + (k % 3) as f32 * 3.0;
                format!(
                    "M{xs},{ys} V{} H{gx} V{} H{xt} V{yt}",
                    ys + gap / 2.0,
                    yt - gap / 2.0
                )
            };
            (d, "chart-edge", "")
        } else {
            // Back to an earlier step: out of the right side, round the lanes, into the right side.
            let gx = MARGIN + (lane_of[i].max(lane_of[j]) + 1) as f32 * LANE_W + 4.0;
            let d = format!(
                "M{},{} H{gx} V{} H{}",
                node_x(i) + NODE_W,
                node_y(i) + NODE_H / 2.0,
                node_y(j) + NODE_H / 2.0,
                node_x(j) + NODE_W
            );
            (
                d,
                "chart-edge chart-edge-back",
                r#" stroke-dasharray="5 4""#,
            )
        };
        let _ = write!(
            out,
            r##"<path class="{class}" d="{d}" fill="none" stroke="#57606a" stroke-width="1.5"{dash} marker-end="url(#{})"/>"##,
            esc(marker)
        );
    }
    // Nodes.
    for (i, view) in flow.nodes.iter().enumerate() {
        let (x, y) = (node_x(i), node_y(i));
        let approval = view.approval;
        let class = if approval {
            "chart-node chart-approval"
        } else {
            "chart-node"
        };
        let action = &view.action;
        let mut tip = format!("{}. {action}", i + 1);
        if let Some(w) = &view.within {
            let _ = write!(
                tip,
                "{}{} {w}{}",
                lang.text("paren_open"),
                lang.text("within"),
                lang.text("paren_close")
            );
        }
        let href = Some(view.href.clone());
        open_link(&mut out, &href);
        let _ = write!(
            out,
            r##"<g class="{class}"><title>{}</title><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="8" fill="#ffffff" stroke="#0969da" stroke-width="1.5"/>"##,
            esc(&tip)
        );
        if approval {
            let _ = write!(
                out,
                r##"<rect class="chart-approval-inner" x="{}" y="{}" width="{}" height="{}" rx="6" fill="none" stroke="#0969da"/>"##,
                x + 3.0,
                y + 3.0,
                NODE_W - 6.0,
                NODE_H - 6.0
            );
        }
        let lines = wrap(action, NODE_W - 20.0, FONT, 3);
        let top = y + NODE_H / 2.0 - (lines.len() as f32 - 1.0) * (FONT + 4.0) / 2.0 + FONT * 0.35;
        text_lines(
            &mut out,
            &lines,
            x + NODE_W / 2.0,
            top,
            FONT,
            "chart-node-text",
        );
        let _ = write!(
            out,
            r##"<circle class="chart-badge" cx="{x}" cy="{y}" r="11" fill="#0969da"/><text class="chart-badge-text" x="{x}" y="{}" font-size="11" text-anchor="middle" fill="#ffffff">{}</text>"##,
            y + 4.0,
            i + 1
        );
        out.push_str("</g>");
        close_link(&mut out, &href);
    }
    out.push_str("</svg>");
    out
}

const ORG_W: f32 = 136.0;
const ORG_H: f32 = 54.0;
const ORG_SLOT: f32 = 150.0;
const ORG_ROW: f32 = 96.0;

/// The organisation chart: live roles as a tree by `reports_to`, top-down. None without roles.
pub(super) fn org_chart(site: &Site, linker: &Linker, lang: Lang) -> Option<String> {
    let roles: Vec<usize> = site
        .order
        .iter()
        .copied()
        .filter(|&i| site.doc(i).kind == Kind::Role)
        .collect();
    if roles.is_empty() {
        return None;
    }
    let local = |doc: usize| roles.iter().position(|&r| r == doc);
    let mut parent: Vec<Option<usize>> = roles
        .iter()
        .map(|&i| match &site.doc(i).data {
            KindData::Role(r) => r
                .reports_to
                .as_ref()
                .and_then(|b| site.lookup(Kind::Role, b))
                .and_then(local),
            _ => None,
        })
        .collect();
    // A role on a `reports_to` cycle becomes a root, which breaks the cycle.
    for r in 0..roles.len() {
        let mut cur = parent[r];
        for _ in 0..roles.len() {
            match cur {
                Some(p) if p == r => {
                    parent[r] = None;
                    break;
                }
                Some(p) => cur = parent[p],
                None => break,
            }
        }
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); roles.len()];
    for (r, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            children[*p].push(r);
        }
    }
    let mut slot = vec![0.0f32; roles.len()];
    let mut depth = vec![0usize; roles.len()];
    let mut next_leaf = 0.0f32;
    // Iterative post-order so that deep chains cannot overflow the stack.
    for root in (0..roles.len()).filter(|&r| parent[r].is_none()) {
        let mut stack = vec![(root, false)];
        while let Some((r, done)) = stack.pop() {
            if done {
                slot[r] = match (children[r].first(), children[r].last()) {
                    (Some(&a), Some(&b)) => (slot[a] + slot[b]) / 2.0,
                    _ => {
                        next_leaf += 1.0;
                        next_leaf - 1.0
                    }
                };
                continue;
            }
            stack.push((r, true));
            for &c in children[r].iter().rev() {
                depth[c] = depth[r] + 1;
                stack.push((c, false));
            }
        }
    }
    let levels = depth.iter().max().map_or(1, |d| d + 1);
    let width = next_leaf * ORG_SLOT + 16.0;
    let height = levels as f32 * ORG_ROW - (ORG_ROW - ORG_H) + 24.0;
    let x = |r: usize| 8.0 + slot[r] * ORG_SLOT + (ORG_SLOT - ORG_W) / 2.0;
    let y = |r: usize| 12.0 + depth[r] as f32 * ORG_ROW;

    let mut out = String::with_capacity(4096);
    let label = lang.text("org_chart");
    let _ = write!(
        out,
        r#"<svg class="chart orgchart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="min-width: {}px" aria-label="{}"><title>{}</title>"#,
        min_width(width),
        esc(label),
        esc(label)
    );
    for (r, p) in parent.iter().enumerate() {
        if let Some(p) = *p {
            let (px, py) = (x(p) + ORG_W / 2.0, y(p) + ORG_H);
            let (cx, cy) = (x(r) + ORG_W / 2.0, y(r));
            let _ = write!(
                out,
                r##"<path class="chart-edge" d="M{px},{py} V{} H{cx} V{cy}" fill="none" stroke="#57606a" stroke-width="1.5"/>"##,
                py + (ORG_ROW - ORG_H) / 2.0
            );
        }
    }
    for (r, &doc) in roles.iter().enumerate() {
        let link = linker.doc_link(doc);
        let department = match &site.doc(doc).data {
            KindData::Role(role) => role.department.as_ref().and_then(|d| {
                let o = *site.index.departments.get(d)?;
                match &site.doc(o).data {
                    KindData::Overview(ov) => ov
                        .departments
                        .iter()
                        .find(|x| &x.id == d)
                        .map(|x| x.name.clone()),
                    _ => None,
                }
            }),
            _ => None,
        };
        open_link(&mut out, &link.href);
        let _ = write!(
            out,
            r##"<g class="chart-node"><rect x="{}" y="{}" width="{ORG_W}" height="{ORG_H}" rx="8" fill="#ffffff" stroke="#0969da" stroke-width="1.5"/>"##,
            x(r),
            y(r)
        );
        let cx = x(r) + ORG_W / 2.0;
        let title = wrap(
            &link.label,
            ORG_W - 14.0,
            FONT,
            if department.is_some() { 1 } else { 2 },
        );
        let top = if department.is_some() || title.len() > 1 {
            y(r) + 23.0
        } else {
            y(r) + 32.0
        };
        text_lines(&mut out, &title, cx, top, FONT, "chart-node-text");
        if let Some(d) = department.filter(|d| !d.is_empty()) {
            let d = wrap(&d, ORG_W - 14.0, 11.0, 1);
            text_lines(&mut out, &d, cx, y(r) + 41.0, 11.0, "chart-node-note");
        }
        out.push_str("</g>");
        close_link(&mut out, &link.href);
    }
    out.push_str("</svg>");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_breaks_chinese_anywhere_and_marks_cuts() {
        let lines = wrap(
            "转交营销运营专员评估舆情并按舆情危机应急预案处置",
            130.0,
            13.0,
            3,
        );
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].chars().count(), 10);
        assert_eq!(
            lines.concat(),
            "转交营销运营专员评估舆情并按舆情危机应急预案处置"
        );
        let cut = wrap(
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三",
            130.0,
            13.0,
            3,
        );
        assert_eq!(cut.len(), 3);
        assert!(cut[2].ends_with('…'));
    }

    #[test]
    fn wrapping_keeps_latin_words_whole() {
        let lines = wrap("Escalate the complaint to the team lead", 130.0, 13.0, 3);
        assert!(lines.iter().all(|l| !l.starts_with(' ')));
        assert_eq!(lines.join(" "), "Escalate the complaint to the team lead");
    }
}
