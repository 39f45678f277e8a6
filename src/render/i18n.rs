//! The site's UI strings in zh-CN and en, chosen by `language` in `handbook.yaml`. Values
//! (durations, dates, lists, counts) are formatted by [`crate::locale`], which also defines
//! [`Lang`].
//!
//! Templates read them as `t.<key>`; a theme that uses a key missing here fails to build (Tera
//! is strict about undefined values), which is what catches typos.

use std::collections::BTreeMap;

use crate::locale::{SEPARATOR_EN, SEPARATOR_ZH};
use crate::model::{Control, Frequency, Kind};

pub use crate::locale::Lang;
pub(super) use crate::locale::Noun;

impl Lang {
    /// One UI string; empty for an unknown key, which fails in debug builds (and so in tests).
    pub fn text(self, key: &str) -> &'static str {
        let found = STRINGS.iter().find(|(k, _, _)| *k == key);
        debug_assert!(found.is_some(), "no UI string `{key}`");
        found.map(|(_, zh, en)| self.pick(*zh, *en)).unwrap_or("")
    }

    /// Every UI string by key.
    pub fn strings(self) -> BTreeMap<&'static str, &'static str> {
        STRINGS
            .iter()
            .map(|(key, zh, en)| (*key, self.pick(*zh, *en)))
            .collect()
    }

    /// The kind's name as a section of the handbook ("标准操作流程", "Standard operating procedures").
    pub fn kind_label(self, kind: Kind) -> &'static str {
        match kind {
            Kind::Overview => self.pick("企业概要", "Company overview"),
            Kind::Role => self.pick("岗位职责", "Roles"),
            Kind::Workflow => self.pick("工作流程", "Workflows"),
            Kind::Sop => self.pick("标准操作流程", "Standard operating procedures"),
            Kind::Kpi => self.pick("绩效指标", "KPIs"),
            Kind::Contingency => self.pick("应急预案", "Contingency plans"),
            Kind::Guide => self.pick("客户服务指南", "Service guides"),
            Kind::Report => self.pick("数据报告", "Reports"),
            Kind::Page => self.pick("其他页面", "Other pages"),
        }
    }

    /// The kind's name for one document ("SOP", "岗位").
    pub fn kind_name(self, kind: Kind) -> &'static str {
        match kind {
            Kind::Overview => self.pick("企业概要", "Overview"),
            Kind::Role => self.pick("岗位", "Role"),
            Kind::Workflow => self.pick("工作流程", "Workflow"),
            Kind::Sop => self.pick("SOP", "SOP"),
            Kind::Kpi => self.pick("指标", "KPI"),
            Kind::Contingency => self.pick("应急预案", "Contingency plan"),
            Kind::Guide => self.pick("服务指南", "Guide"),
            Kind::Report => self.pick("报告", "Report"),
            Kind::Page => self.pick("页面", "Page"),
        }
    }

    /// One line on the home page about what the kind holds.
    pub fn kind_description(self, kind: Kind) -> &'static str {
        match kind {
            Kind::Overview => self.pick(
                "公司使命、愿景、价值观、发展历程与组织架构",
                "Mission, vision, values, history and organisation",
            ),
            Kind::Role => self.pick(
                "各岗位的职责、目标、考核指标与汇报关系",
                "What each role does, its goals, KPIs and reporting line",
            ),
            Kind::Workflow => self.pick(
                "跨岗位的端到端流程与流程图",
                "End-to-end processes across roles, with flowcharts",
            ),
            Kind::Sop => self.pick(
                "可直接照做的操作步骤、时限与控制点",
                "Step-by-step procedures with time limits and control points",
            ),
            Kind::Kpi => self.pick(
                "指标定义、计算口径、目标值与数据来源",
                "Definitions, formulas, targets and data sources",
            ),
            Kind::Contingency => self.pick(
                "突发情况的分级、响应、处置与升级",
                "Levels, responders, steps and escalation for incidents",
            ),
            Kind::Guide => self.pick(
                "服务原则、渠道与常见问题",
                "Service principles, channels and FAQs",
            ),
            Kind::Report => self.pick(
                "报告模板、结构、指标与阅读对象",
                "Report templates, sections, KPIs and audience",
            ),
            Kind::Page => self.pick("术语表等其他资料", "Glossary and other pages"),
        }
    }

    /// A KPI's or report's frequency as the site shows it ("每周", "Weekly").
    pub fn frequency(self, f: Frequency) -> &'static str {
        match f {
            Frequency::Daily => self.pick("每日", "Daily"),
            Frequency::Weekly => self.pick("每周", "Weekly"),
            Frequency::Monthly => self.pick("每月", "Monthly"),
            Frequency::Quarterly => self.pick("每季度", "Quarterly"),
            Frequency::Yearly => self.pick("每年", "Yearly"),
        }
    }

    /// The notice on controlled copies: `control.controlled_notice` from `handbook.yaml`, else
    /// the default in this language.
    pub fn controlled_notice(self, control: &Control) -> &str {
        match control.controlled_notice.as_deref().map(str::trim) {
            Some(notice) if !notice.is_empty() => notice,
            _ => self.text("controlled_notice"),
        }
    }

    /// A chapter heading of the print page: "第 4 章 标准操作流程", "Chapter 4 SOPs".
    pub fn chapter(self, number: usize, kind: Kind) -> String {
        match self {
            Lang::Zh => format!("第 {number} 章 {}", self.kind_label(kind)),
            Lang::En => format!("Chapter {number} {}", self.kind_label(kind)),
        }
    }

    /// A volume of a chapter's print page: "第 2 册", "Volume 2".
    pub fn volume(self, number: usize) -> String {
        match self {
            Lang::Zh => format!("第 {number} 册"),
            Lang::En => format!("Volume {number}"),
        }
    }
}

/// (key, zh-CN, en)
const STRINGS: &[(&str, &str, &str)] = &[
    ("skip", "跳到正文", "Skip to content"),
    ("sep", SEPARATOR_ZH, SEPARATOR_EN),
    ("colon", "：", ": "),
    ("paren_open", "（", " ("),
    ("paren_close", "）", ")"),
    ("home", "首页", "Home"),
    ("menu", "目录", "Menu"),
    ("nav", "手册导航", "Handbook navigation"),
    ("breadcrumbs", "当前位置", "Breadcrumbs"),
    ("search", "搜索手册", "Search the handbook"),
    (
        "search_placeholder",
        "搜索标题、正文、岗位…",
        "Search titles, text, roles…",
    ),
    ("search_results", "搜索结果", "Search results"),
    ("search_none", "没有找到匹配的文档", "No matching documents"),
    ("search_count", "条结果", "results"),
    ("search_count_one", "条结果", "result"),
    ("search_loading", "正在加载索引…", "Loading the index…"),
    ("search_more", "继续搜索更多文档", "Search more documents"),
    (
        "search_partial",
        "已搜索的文档中还没有匹配",
        "No match in the documents searched so far",
    ),
    (
        "search_failed",
        "搜索索引加载失败，请稍后重试",
        "The search index could not be loaded; try again",
    ),
    ("review_page", "复审状态", "Review status"),
    ("print_page", "打印版", "Print version"),
    ("print_sections", "分章打印版", "Print versions by chapter"),
    ("print_section", "打印本章", "Print this chapter"),
    (
        "print_summary_before",
        "手册超过 ",
        "The handbook has over ",
    ),
    (
        "print_summary_after",
        " 篇文档，各章分别打印：",
        " documents, so each chapter prints on its own page:",
    ),
    ("all_roles", "岗位一览", "All roles"),
    ("previous", "上一篇", "Previous"),
    ("next", "下一篇", "Next"),
    ("pager", "翻页", "Pages"),
    ("documents_unit", "篇", "documents"),
    ("view_all", "查看全部", "View all"),
    ("more_in_section", "本栏目还有", "More in this section:"),
    ("contents", "手册内容", "Contents"),
    ("source", "源文件", "Source"),
    ("generated_on", "生成日期", "Generated on"),
    ("owners", "负责岗位", "Owners"),
    ("version", "版本", "Version"),
    ("effective", "生效日期", "Effective"),
    ("review", "复审", "Review"),
    ("last_review", "上次复审", "Last review"),
    ("interval", "周期", "Interval"),
    ("due", "到期日", "Due"),
    ("reviewer", "复审岗位", "Reviewer"),
    ("status", "状态", "Status"),
    ("status_ok", "正常", "OK"),
    ("status_soon", "即将到期", "Due soon"),
    ("status_overdue", "已逾期", "Overdue"),
    ("days_left", "天后到期", "days left"),
    ("days_over", "天前到期", "days overdue"),
    ("draft", "草稿", "Draft"),
    ("retired", "已废止", "Retired"),
    (
        "retired_note",
        "本文档已废止，仅供查阅，不再出现在导航中。",
        "This document is retired: kept for reference, no longer in the navigation.",
    ),
    (
        "draft_note",
        "本文档为草稿，尚未正式生效。",
        "This document is a draft and not yet in effect.",
    ),
    ("tags", "标签", "Tags"),
    ("related", "相关文档", "Related documents"),
    ("referenced_by", "引用本文档的文档", "Referenced by"),
    ("more_info", "其他信息", "Further details"),
    ("purpose", "目的", "Purpose"),
    ("scope", "适用范围", "Scope"),
    ("resources", "所需资源", "Resources"),
    ("steps", "操作步骤", "Steps"),
    ("step", "步骤", "Step"),
    ("control_points", "控制点", "Control points"),
    ("control_point", "控制点", "Control point"),
    ("check", "检查内容", "Check"),
    ("standard", "标准", "Standard"),
    ("quality_standards", "质量标准", "Quality standards"),
    ("kpis", "考核指标", "KPIs"),
    ("workflow", "所属流程", "Workflow"),
    ("role", "执行岗位", "Role"),
    ("within", "时限", "Time limit"),
    ("output", "输出", "Output"),
    ("quality", "质量要求", "Quality"),
    ("approval", "需审批", "Approval"),
    ("next_steps", "下一步", "Next"),
    ("carried_out_by", "执行 SOP", "Carried out by"),
    ("checked_by", "控制点", "Checked by"),
    (
        "used_in_workflows",
        "使用本 SOP 的流程",
        "Workflows using this SOP",
    ),
    ("trigger", "触发条件", "Trigger"),
    ("inputs", "输入", "Inputs"),
    ("outputs", "输出", "Outputs"),
    ("flowchart", "流程图", "Flowchart"),
    (
        "flowchart_note",
        "按岗位分泳道；双线框为审批步骤；虚线为返回。",
        "One lane per role; double borders mark approvals; dashed arrows go back.",
    ),
    ("chart_open", "查看大图", "Open full size"),
    ("chart_close", "关闭大图", "Close full size"),
    ("unassigned", "未指定岗位", "Unassigned"),
    ("department", "所属部门", "Department"),
    ("reports_to", "直接上级", "Reports to"),
    ("reporting_line", "汇报线", "Reporting line"),
    ("direct_reports", "直接下属", "Direct reports"),
    ("responsibilities", "岗位职责", "Responsibilities"),
    ("goals", "工作目标", "Goals"),
    ("skills", "任职技能", "Skills"),
    ("members", "在岗人员", "Members"),
    (
        "duties",
        "本岗位在手册中的职责",
        "What this role owns and does",
    ),
    ("owns", "负责的文档", "Owns"),
    ("reviews", "负责复审", "Reviews"),
    ("performs", "执行的步骤", "Performs steps"),
    ("responds", "应急响应", "Responds to incidents"),
    ("escalation", "升级链", "Escalation"),
    ("measured_by", "考核本岗位的指标", "Measured by"),
    ("receives", "接收的报告", "Receives reports"),
    ("leads", "负责的部门", "Leads departments"),
    ("position_in_chain", "第", "position"),
    (
        "nothing_assigned",
        "手册中暂无指派给本岗位的内容。",
        "Nothing in the handbook is assigned to this role yet.",
    ),
    ("definition", "定义", "Definition"),
    ("formula", "计算公式", "Formula"),
    ("unit", "单位", "Unit"),
    ("target", "目标值", "Target"),
    ("frequency", "统计频率", "Frequency"),
    ("data_source", "数据来源", "Data source"),
    ("applies_to", "适用岗位", "Applies to"),
    ("used_by", "使用本指标的文档", "Used by"),
    ("scenario", "适用场景", "Scenario"),
    ("triggers", "触发条件", "Triggers"),
    ("levels", "响应分级", "Response levels"),
    ("level", "等级", "Level"),
    ("criteria", "判定标准", "Criteria"),
    ("responders", "响应岗位", "Responders"),
    ("respond_within", "响应时限", "Respond within"),
    ("escalation_chain", "升级顺序", "Escalation chain"),
    ("drill", "演练", "Drill"),
    ("last_drill", "上次演练", "Last drill"),
    ("principles", "服务原则", "Principles"),
    ("channels", "服务渠道", "Channels"),
    ("faq", "常见问题", "FAQ"),
    ("audience", "阅读对象", "Audience"),
    ("data_sources", "数据来源", "Data sources"),
    ("tools", "工具", "Tools"),
    ("sections", "报告结构", "Sections"),
    ("company", "公司", "Company"),
    ("mission", "使命", "Mission"),
    ("vision", "愿景", "Vision"),
    ("values", "价值观", "Values"),
    ("history", "发展历程", "History"),
    ("departments", "部门设置", "Departments"),
    ("lead", "负责岗位", "Lead"),
    ("functions", "职能", "Functions"),
    ("roles", "岗位", "Roles"),
    ("org_chart", "组织架构图", "Organisation chart"),
    ("review_title", "复审与演练状态", "Reviews and drills"),
    (
        "review_intro",
        "所有设有复审或演练周期的文档，按到期日排序。",
        "Every document with a review or drill schedule, by due date.",
    ),
    ("document", "文档", "Document"),
    ("kind", "类别", "Kind"),
    ("item", "事项", "Item"),
    ("overdue_count", "已逾期", "overdue"),
    ("soon_count", "即将到期", "due soon"),
    ("ok_count", "正常", "on schedule"),
    ("review_summary", "复审概况", "Review overview"),
    ("toc", "目录", "Contents"),
    ("preface", "前言", "Preface"),
    (
        "print_note",
        "本打印版由 opsbook 生成，内容以线上手册为准。",
        "Printed from the online handbook by opsbook; the online version prevails.",
    ),
    // Each language only: a reader of an English handbook need not read Chinese, and the other
    // way round.
    (
        "uncontrolled",
        "打印即为非受控文件",
        "Uncontrolled when printed",
    ),
    ("page_before", "第 ", "Page "),
    ("page_middle", " 页，共 ", " of "),
    ("page_after", " 页", ""),
    ("no_version", "未标注版本", "no version"),
    ("date", "日期", "Date"),
    ("alert_note", "注意", "Note"),
    ("alert_tip", "提示", "Tip"),
    ("alert_important", "重要", "Important"),
    ("alert_warning", "警告", "Warning"),
    ("alert_caution", "小心", "Caution"),
    ("control_block", "文件控制信息", "Document control"),
    ("doc_no", "文件编号", "Document no."),
    ("drafted_by", "制定", "Drafted by"),
    ("reviewed_by", "审核", "Reviewed by"),
    ("approved_by", "批准", "Approved by"),
    ("approved_on", "批准日期", "Approved on"),
    ("doc_status_draft", "草稿", "Draft"),
    ("doc_status_active", "现行有效", "In effect"),
    ("doc_status_retired", "已作废", "Retired"),
    (
        "superseded_before",
        "本文件已作废，由",
        "Retired: replaced by ",
    ),
    ("superseded_after", "取代。", "."),
    ("revision_history", "修订记录", "Revision history"),
    ("author", "修订人", "Author"),
    ("subject", "修订说明", "Change"),
    ("commit", "提交", "Commit"),
    ("review_only", "仅复审", "review only"),
    ("drafts", "负责制定", "Drafts"),
    ("checks_drafts", "负责审核", "Reviews drafts"),
    ("approves", "负责批准", "Approves"),
    ("register", "受控文件清单", "Controlled documents"),
    (
        "register_intro",
        "所有编有文件编号的文件，按文件编号排序。",
        "Every numbered document, by document number.",
    ),
    ("register_csv", "下载 CSV 表格", "Download as CSV"),
    ("doc_title", "文件名称", "Title"),
    ("approver", "批准岗位", "Approver"),
    ("next_review", "下次复审", "Next review"),
    (
        "controlled_notice",
        "受控文件：以网站上的现行版本为准，打印件仅供参考",
        "Controlled copy: the current version is the one on the site; printed copies are for reference only",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `t.key` the default theme's templates use, and every `text("key")` in the renderer.
    fn keys_used() -> Vec<(String, String)> {
        let mut keys = Vec::new();
        for (path, text) in crate::locale::source_files(&["themes/default", "src/render"]) {
            let (open, close) = if path.ends_with(".html") {
                ("t.", "")
            } else {
                (".text(\"", "\")")
            };
            for (at, _) in text.match_indices(open) {
                let before = text[..at].chars().next_back();
                if close.is_empty() && before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &text[at + open.len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
                    .unwrap_or(rest.len());
                if end > 0 && rest[end..].starts_with(close) {
                    keys.push((path.clone(), rest[..end].to_string()));
                }
            }
        }
        keys
    }

    #[test]
    fn every_ui_string_the_theme_and_renderer_use_exists() {
        let keys = keys_used();
        assert!(keys.iter().any(|(_, k)| k == "status_overdue"));
        let missing: Vec<_> = keys
            .iter()
            .filter(|(_, key)| !STRINGS.iter().any(|(k, _, _)| k == key))
            .collect();
        assert!(missing.is_empty(), "unknown UI strings: {missing:?}");
    }

    #[test]
    fn the_controlled_notice_is_the_configured_one_else_the_languages_default() {
        let mut control = Control::default();
        assert!(Lang::Zh.controlled_notice(&control).starts_with("受控文件"));
        assert!(
            Lang::En
                .controlled_notice(&control)
                .starts_with("Controlled copy")
        );
        control.controlled_notice = Some("  ".into());
        assert!(
            Lang::En
                .controlled_notice(&control)
                .starts_with("Controlled copy")
        );
        control.controlled_notice = Some("本文件受控".into());
        assert_eq!(Lang::En.controlled_notice(&control), "本文件受控");
    }

    #[test]
    fn english_strings_have_no_chinese_and_chinese_strings_no_english_words() {
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for (key, zh, en) in STRINGS {
            assert!(!han(en), "en `{key}` has Chinese: {en}");
            // Chinese strings may name products and abbreviations (`SOP`, `opsbook`), not words.
            let english = zh.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
                w.len() > 1 && w.chars().any(|c| c.is_ascii_lowercase()) && w != "opsbook"
            });
            assert!(!english, "zh-CN `{key}` has English: {zh}");
        }
    }
}
