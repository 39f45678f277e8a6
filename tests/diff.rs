//! `diff` on fixture pairs: tests/fixtures/diff/<case>/{old,new}/, one change each, with
//! snapshots of the Markdown comment and the JSON.

use std::path::PathBuf;

use opsbook::diff::markdown::{self, Comment, GITHUB_COMMENT_LIMIT};
use opsbook::diff::{Change, Changes, FlagKind, StepChangeKind, diff_handbooks, json};
use opsbook::load::load_handbook;
use opsbook::locale::Lang;
use pulldown_cmark::{Event, Parser, Tag};

fn fixture(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(case)
}

fn changes(case: &str) -> Changes {
    let dir = fixture(case);
    let old = load_handbook(&dir.join("old")).expect("old side loads");
    let new = load_handbook(&dir.join("new")).expect("new side loads");
    diff_handbooks(&old, &new)
}

fn comment(limit: usize) -> Comment<'static> {
    Comment {
        base: "origin/main",
        head: "working tree",
        prefix: "handbook/",
        link_base: "",
        limit,
        lang: Lang::En,
    }
}

fn render(changes: &Changes) -> String {
    markdown::render(changes, &comment(GITHUB_COMMENT_LIMIT))
}

/// Snapshot both outputs of a case and hand back its changes for assertions.
fn snapshot(case: &str) -> Changes {
    let changes = changes(case);
    insta::assert_snapshot!(format!("{case}.md"), render(&changes));
    insta::assert_snapshot!(format!("{case}.json"), json(&changes));
    changes
}

fn step_changes(changes: &Changes) -> Vec<(StepChangeKind, String)> {
    changes.documents[0]
        .steps
        .iter()
        .map(|s| (s.change, s.id.clone()))
        .collect()
}

fn flags(changes: &Changes) -> Vec<FlagKind> {
    changes
        .documents
        .iter()
        .flat_map(|d| d.flags.iter().map(|f| f.flag))
        .collect()
}

#[test]
fn an_inserted_step_is_one_added_step_and_nothing_else() {
    let changes = snapshot("step-inserted");
    assert_eq!(changes.documents.len(), 1);
    assert_eq!(
        step_changes(&changes),
        vec![(StepChangeKind::Added, "4".to_string())]
    );
    assert!(changes.documents[0].fields.is_empty());
    assert!(flags(&changes).is_empty());
}

#[test]
fn a_reworded_chinese_step_shows_the_characters_that_changed() {
    let changes = snapshot("step-reworded-zh");
    assert_eq!(
        step_changes(&changes),
        vec![(StepChangeKind::Reworded, "grade".to_string())]
    );
    let text = render(&changes);
    assert!(
        text.contains("按**退款**金额判断审批级别**和审批人**"),
        "{text}"
    );
}

#[test]
fn a_reworded_english_step_shows_the_words_that_changed() {
    let changes = snapshot("step-reworded-en");
    assert_eq!(
        step_changes(&changes),
        vec![(StepChangeKind::Reworded, "2".to_string())]
    );
    let text = render(&changes);
    assert!(text.contains("Refund the **full** payment"), "{text}");
}

#[test]
fn a_moved_step_is_one_move() {
    let changes = snapshot("step-moved");
    assert_eq!(
        step_changes(&changes),
        vec![(StepChangeKind::Moved, "receive".to_string())]
    );
}

#[test]
fn a_removed_owner_is_flagged() {
    let changes = snapshot("owners-changed");
    let field = &changes.documents[0].fields[0];
    assert_eq!(field.field, "owners");
    assert_eq!(field.before, serde_json::json!(["cs-lead"]));
    assert_eq!(field.after, serde_json::json!(["ops-director"]));
    assert_eq!(flags(&changes), vec![FlagKind::OwnerRemoved]);
}

#[test]
fn a_removed_control_point_is_flagged() {
    let changes = snapshot("control-point-removed");
    assert_eq!(flags(&changes), vec![FlagKind::ControlPointRemoved]);
    assert!(render(&changes).contains("⚠️"));
}

#[test]
fn a_control_point_whose_step_number_now_names_another_step_is_flagged() {
    let changes = snapshot("control-point-retargeted");
    assert_eq!(
        step_changes(&changes),
        vec![(StepChangeKind::Added, "2".to_string())]
    );
    assert_eq!(flags(&changes), vec![FlagKind::ControlPointRetargeted]);
}

#[test]
fn a_review_date_moved_back_is_flagged() {
    let changes = snapshot("review-moved-back");
    assert_eq!(flags(&changes), vec![FlagKind::ReviewMovedBack]);
}

#[test]
fn an_emptied_required_field_is_flagged() {
    let changes = snapshot("required-emptied");
    // An empty `resources` also breaks the schema's "at least one".
    assert_eq!(
        flags(&changes),
        vec![FlagKind::RequiredEmptied, FlagKind::Invalid]
    );
}

#[test]
fn a_moved_file_is_renamed() {
    let changes = snapshot("renamed");
    let doc = &changes.documents[0];
    assert_eq!(doc.change, Change::Renamed);
    assert_eq!(doc.path, "sops/customer/refund.md");
    assert_eq!(doc.old_path.as_deref(), Some("sops/refund.md"));
    assert!(doc.fields.is_empty() && doc.steps.is_empty() && !doc.body_changed);
}

#[test]
fn a_new_document_is_added() {
    let changes = snapshot("added");
    assert_eq!(changes.documents.len(), 1);
    assert_eq!(changes.documents[0].change, Change::Added);
    assert_eq!(changes.documents[0].old_path, None);
}

#[test]
fn a_deleted_document_is_removed() {
    let changes = snapshot("removed");
    assert_eq!(changes.documents.len(), 1);
    assert_eq!(changes.documents[0].change, Change::Removed);
    assert_eq!(changes.documents[0].id, "ops-director");
}

#[test]
fn a_document_invalid_on_one_side_is_diffed_by_what_can_be_read() {
    let changes = snapshot("invalid-one-side");
    let [exchange, refund] = &changes.documents[..] else {
        panic!("two documents: {changes:?}")
    };
    // Unreadable front matter: flagged, fields not compared, body still compared.
    assert_eq!(refund.id, "refund");
    assert!(refund.fields.is_empty());
    assert!(refund.body_changed);
    assert!(refund.flags.iter().any(|f| f.flag == FlagKind::Unreadable));
    // A schema problem: flagged, and the rest of the fields compared.
    assert_eq!(exchange.id, "exchange");
    assert!(exchange.flags.iter().any(|f| f.flag == FlagKind::Invalid));
    let review = exchange.fields.iter().find(|f| f.field == "review.last");
    assert_eq!(
        review.unwrap().after,
        "yesterday",
        "as written, though invalid"
    );
    assert!(exchange.fields.iter().any(|f| f.field == "owners"));
}

#[test]
fn a_changed_body_shows_an_excerpt() {
    let changes = snapshot("body-changed");
    let doc = &changes.documents[0];
    assert!(doc.body_changed && doc.fields.is_empty() && doc.steps.is_empty());
    let text = render(&changes);
    assert!(
        text.contains("```diff\n- 退款须在 24 小时内处理完毕。\n+ 退款须在 12 小时内处理完毕。")
    );
}

#[test]
fn a_long_line_changed_near_its_end_shows_the_change() {
    let changes = snapshot("body-long-line");
    let body = changes.documents[0]
        .body
        .as_ref()
        .expect("the body changed");
    let [removed, added] = body.excerpt.as_slice() else {
        panic!("one line each: {:?}", body.excerpt)
    };
    assert_ne!(removed[1..], added[1..], "the shown lines differ");
    assert!(removed.ends_with("within [-24-] hours."), "{removed}");
    assert!(added.ends_with("within {+48+} hours."), "{added}");
}

#[test]
fn identical_handbooks_have_no_changes() {
    let dir = fixture("step-moved");
    let old = load_handbook(&dir.join("old")).unwrap();
    let again = load_handbook(&dir.join("old")).unwrap();
    let changes = diff_handbooks(&old, &again);
    assert!(changes.documents.is_empty());
    assert_eq!(json(&changes), "{\n  \"documents\": []\n}\n");
    assert!(render(&changes).contains("No document changed."));
}

/// Every case's changes, as one list: many documents of several kinds.
fn every_case() -> Changes {
    every_case_but(&[])
}

/// Every case but those named, in one change list.
fn every_case_but(left_out: &[&str]) -> Changes {
    let mut all = Changes::default();
    for case in std::fs::read_dir(fixture("")).unwrap() {
        let case = case.unwrap().file_name().into_string().unwrap();
        if !left_out.contains(&case.as_str()) {
            all.documents.extend(changes(&case).documents);
        }
    }
    all.documents
        .sort_by(|a, b| (a.kind, &a.id, &a.path).cmp(&(b.kind, &b.id, &b.path)));
    all
}

#[test]
fn the_comment_renders_as_a_table_headings_and_strikethrough() {
    let text = render(&every_case());
    let mut tables = 0;
    let mut headings = 0;
    let mut struck = 0;
    let mut heading_text = Vec::new();
    let mut in_heading = false;
    for event in Parser::new_ext(&text, opsbook::markdown::options()) {
        match event {
            Event::Start(Tag::Table(_)) => tables += 1,
            Event::Start(Tag::Heading { .. }) => {
                headings += 1;
                in_heading = true;
                heading_text.push(String::new());
            }
            Event::End(pulldown_cmark::TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::Strikethrough) => struck += 1,
            Event::Text(t) | Event::Code(t) if in_heading => {
                heading_text.last_mut().unwrap().push_str(&t)
            }
            _ => {}
        }
    }
    assert!(tables >= 2, "the summary table and field tables");
    assert!(struck > 0, "wording changes strike through");
    // The title heading, then one per document.
    let documents = every_case().documents.len();
    assert_eq!(headings, 1 + documents, "{heading_text:?}");
    assert!(
        heading_text
            .iter()
            .any(|h| h.contains("sop refund — 退款处理"))
    );
}

#[test]
fn a_huge_change_stays_under_the_limit_and_says_what_was_cut() {
    let changes = every_case();
    let limit = 3_500;
    let text = markdown::render(&changes, &comment(limit));
    assert!(
        text.chars().count() <= limit,
        "{} chars",
        text.chars().count()
    );
    assert!(text.contains("✂️"), "{text}");
    assert!(text.contains("--format json"));
    // Brief lines fit, so every document has its section or its line.
    let icons = ["➕", "➖", "🚚", "✏️"];
    let sections = text
        .lines()
        .filter(|l| icons.iter().any(|i| l.starts_with(&format!("### {i} "))))
        .count();
    let briefs = text
        .lines()
        .filter(|l| {
            ["➕ added", "➖ removed", "🚚 renamed", "✏️ modified"]
                .iter()
                .any(|b| l.starts_with(&format!("- {b} ")))
        })
        .count();
    assert!(briefs > 0, "{text}");
    assert_eq!(sections + briefs, changes.documents.len(), "{text}");
    // The summary still counts everything.
    let total = changes.documents.len();
    assert!(text.contains(&format!("**{total} documents changed:**")));
}

#[test]
fn document_control_fields_are_field_changes_and_a_new_approval_needs_no_flag() {
    let changes = snapshot("control-fields");
    let fields: Vec<&str> = changes.documents[0]
        .fields
        .iter()
        .map(|f| f.field.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "status",
            "doc_no",
            "approval.approved",
            "approval.approved_by",
            "superseded_by"
        ]
    );
    assert!(flags(&changes).is_empty(), "{:?}", flags(&changes));
}

#[test]
fn changed_content_under_an_unchanged_approval_needs_re_approval() {
    let changes = snapshot("approval-unchanged");
    let flagged: Vec<(&str, Vec<FlagKind>)> = changes
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d.flags.iter().map(|f| f.flag).collect()))
        .collect();
    assert_eq!(
        flagged,
        [
            ("a-content", vec![FlagKind::NeedsReapproval]),
            ("b-review", vec![]),
            ("c-no-approval", vec![]),
            ("d-reapproved", vec![]),
        ]
    );
    let message = &changes.documents[0].flags[0].message;
    assert!(
        message.contains("`steps`, `body` changed") && message.contains("2026-01-10"),
        "{message}"
    );
    assert!(render(&changes).contains("needs re-approval"));
    assert!(json(&changes).contains("\"needs-reapproval\""));
}

/// The comment's own words in English: none may be left in a Chinese comment.
const ENGLISH_LABELS: &[&str] = &[
    "Handbook changes",
    "document",
    "changed",
    "Look closely",
    "to look at",
    "Steps",
    "field",
    "before",
    "after",
    "added",
    "removed",
    "renamed",
    "modified",
    "reworded",
    "moved",
    "position",
    "Body",
    "lines",
    "in brief",
    "left out",
    "To stay under",
    "every change",
    "kind",
    // (A control point's keys, `step: … · check: …`, are the author's.)
    "step ",
    "owner",
    "control point",
    "re-approval",
    "approved",
    "required",
    "schema problem",
    "front matter",
    "more unchanged",
    "working tree",
];

/// `text` without its code spans and code blocks (identifiers and the handbook's own lines).
fn prose_of(text: &str) -> String {
    let mut prose = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            // Link targets are paths.
            let mut line = line.to_string();
            while let Some(start) = line.find("](") {
                let end = line[start..]
                    .find(')')
                    .map_or(line.len(), |e| start + e + 1);
                line.replace_range(start + 1..end, "");
            }
            prose.extend(line.split('`').step_by(2));
            prose.push('\n');
        }
    }
    prose
}

#[test]
fn in_chinese_the_comment_says_its_own_words_in_chinese() {
    // The one case whose handbook is written in English is left out.
    let chinese = every_case_but(&["step-reworded-en"]);
    let zh = |limit| {
        markdown::render(
            &chinese,
            &Comment {
                lang: Lang::Zh,
                head: "工作区",
                ..comment(limit)
            },
        )
    };
    // In full, and cut to a brief list and a note on what was left out.
    for (text, limit) in [
        (zh(GITHUB_COMMENT_LIMIT), GITHUB_COMMENT_LIMIT),
        (zh(3_500), 3_500),
    ] {
        assert!(text.chars().count() <= limit);
        let prose = prose_of(&text);
        for label in ENGLISH_LABELS {
            assert!(!prose.contains(label), "`{label}` in:\n{text}");
        }
        assert!(text.contains("## 📖 手册变更："), "{text}");
    }
    let cut = zh(3_500);
    assert!(cut.contains("✂️ 为了不超过 GitHub 评论的长度上限"), "{cut}");
    // Past the budget, documents are listed in brief, in Chinese too.
    assert!(cut.contains("### 其余变更（摘要）"), "{cut}");
    let briefs = ["- ➕ 新增 ", "- ➖ 删除 ", "- 🚚 重命名 ", "- ✏️ 修改 "];
    assert!(
        cut.lines().any(|l| briefs.iter().any(|b| l.starts_with(b))),
        "{cut}"
    );
}

#[test]
fn a_chinese_comment_reads_as_written() {
    for case in [
        "approval-unchanged",
        "step-moved",
        "renamed",
        "invalid-one-side",
    ] {
        let changes = changes(case);
        let text = markdown::render(
            &changes,
            &Comment {
                lang: Lang::Zh,
                head: "工作区",
                ..comment(GITHUB_COMMENT_LIMIT)
            },
        );
        insta::assert_snapshot!(format!("{case}.zh.md"), text);
    }
}
