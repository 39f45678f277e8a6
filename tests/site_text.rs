//! What the site says: theme text in the handbook's language, plural counts, a title shown once,
//! GitHub alerts, heading ids, and raw HTML nested too deep.

mod support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use opsbook::render::Lang;

/// A handbook built once into a temp folder (kept while the tests run).
struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

fn build_once(cell: &'static OnceLock<Built>, root: fn() -> PathBuf) -> &'static Path {
    let built = cell.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temp folder");
        let out = dir.path().join("site");
        support::build(&root(), &out, None).expect("the handbook builds");
        Built { _dir: dir, out }
    });
    &built.out
}

/// `tests/fixtures/render/english`: an English handbook with every kind, its text all English.
fn english() -> &'static Path {
    static SITE: OnceLock<Built> = OnceLock::new();
    build_once(&SITE, || support::render_fixture("english"))
}

/// The example handbook, in Chinese.
fn chinese() -> &'static Path {
    static SITE: OnceLock<Built> = OnceLock::new();
    build_once(&SITE, support::example_root)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

#[test]
fn an_english_handbook_shows_no_chinese_theme_text() {
    for file in support::files(english()) {
        let Ok(text) = std::fs::read_to_string(english().join(&file)) else {
            continue;
        };
        if let Some(line) = text.lines().find(|line| line.contains(is_han)) {
            panic!("{file} has Chinese text: {line}");
        }
    }
}

#[test]
fn a_chinese_handbook_shows_no_english_theme_text() {
    // Every English UI string that differs from its Chinese one; single short words could be
    // part of the handbook's own text ("Step 1: 受理"), so phrases and longer words only.
    let zh = Lang::Zh.strings();
    let english: Vec<&str> = Lang::En
        .strings()
        .into_iter()
        .filter(|(key, en)| {
            zh[key] != *en && en.trim().len() > 3 && (en.contains(' ') || en.len() >= 8)
        })
        .map(|(_, en)| en)
        .collect();
    assert!(english.contains(&"Uncontrolled when printed"));
    for file in support::files(chinese()) {
        if !file.ends_with(".html") {
            continue;
        }
        let page = support::read(chinese(), &file);
        for en in &english {
            assert!(!page.contains(en), "{file} shows `{en}`");
        }
    }
}

#[test]
fn counts_follow_the_plural_rule_of_the_language() {
    let home = support::read(english(), "index.html");
    assert!(home.contains(">1 document<"), "{home}");
    assert!(home.contains(">2 documents<"), "{home}");
    assert!(!home.contains("1 documents"));
    let sops = support::read(english(), "sops/index.html");
    assert!(sops.contains("1 document<"), "{sops}");
    assert!(sops.contains(">2 steps<"), "{sops}");
    let home = support::read(chinese(), "index.html");
    assert!(home.contains("篇</span>"), "{home}");
    assert!(!home.contains("documents"));
}

#[test]
fn a_first_heading_equal_to_the_title_is_not_repeated_and_keeps_its_anchor() {
    let page = support::read(english(), "sops/refund.html");
    assert_eq!(page.matches(">Refund</h").count(), 1, "{page}");
    assert!(page.contains("<h1 class=\"doc-title\" id=\"refund\">Refund</h1>"));
    // The home page links to that heading's anchor.
    let home = support::read(english(), "index.html");
    assert!(home.contains("href=\"sops/refund.html#refund\""), "{home}");
    // The home page's own first heading repeated its title too.
    assert_eq!(
        home.matches(">Example Ops Handbook</h1>").count(),
        1,
        "{home}"
    );
    assert!(home.contains("<h1 id=\"example-ops-handbook\">"), "{home}");
    let print = support::read(english(), "print.html");
    assert_eq!(print.matches(" Refund</h").count(), 1);
    assert!(print.contains("-refund\"><span class=\"doc-number\">"));
    // A heading that differs from the title stays.
    assert!(page.contains("<h2 id=\"policy\">Policy</h2>"));
}

#[test]
fn an_empty_heading_gets_no_id() {
    let home = support::read(english(), "index.html");
    assert!(!home.contains("id=\"\""), "{home}");
    assert!(home.contains("<h2></h2>"), "{home}");
}

#[test]
fn github_alerts_render_with_githubs_markup_in_the_sites_language() {
    let page = support::read(english(), "sops/refund.html");
    assert!(page.contains(
        "<div class=\"markdown-alert markdown-alert-warning\">\n<p class=\"markdown-alert-title\">Warning</p>\n<p>Refunds over 500"
    ), "{page}");
    let page = support::read(chinese(), "sops/customer-service/refund.html");
    assert!(page.contains(
        "<div class=\"markdown-alert markdown-alert-warning\">\n<p class=\"markdown-alert-title\">警告</p>"
    ), "{page}");
    assert!(!page.contains("[!WARNING]"));
}

/// The page of a one-document handbook whose body is `body`.
fn build_page(body: &str) -> String {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    std::fs::create_dir_all(root.join("notes")).unwrap();
    std::fs::write(root.join("handbook.yaml"), "title: t\nlanguage: en\n").unwrap();
    let text = format!(
        "---\ntitle: Nested\n---\n\n<b>bold</b> and [a link](javascript:alert(1))\n\n{body}\n"
    );
    std::fs::write(root.join("notes/nested.md"), text).unwrap();
    let out = dir.path().join("site");
    support::build(&root, &out, None).expect("builds");
    support::read(&out, "notes/nested.html")
}

fn nested_divs(levels: usize) -> String {
    format!("{}deep{}", "<div>".repeat(levels), "</div>".repeat(levels))
}

#[test]
fn html_nested_past_the_cap_is_not_cleaned_but_shown_as_text() {
    let at_cap = build_page(&nested_divs(opsbook::markdown::MAX_HTML_DEPTH));
    assert!(at_cap.contains("<b>bold</b>"));
    assert!(at_cap.contains("<div><div>"));
    // 100,000 levels of raw HTML, or of Markdown quotes: the build finishes (cleaning took
    // minutes when it was quadratic), raw HTML is text, and the link only the cleaner could
    // judge is dropped.
    for deep in [
        build_page(&nested_divs(100_000)),
        build_page(&format!("{} deep", ">".repeat(100_000))),
    ] {
        assert!(deep.contains("&lt;b&gt;bold&lt;/b&gt; and a link"));
        assert!(!deep.contains("<div><div>"));
        assert!(!deep.contains("javascript:"));
    }
}

/// The text of a page, tags taken out.
fn page_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// A number and an English unit of time, as `30 minutes` or `2 hours`.
fn english_durations(text: &str) -> Vec<String> {
    let re = regex::Regex::new(r"\b\d+\s*(minute|min|hour|day|week|month|year)s?\b").unwrap();
    re.find_iter(text).map(|m| m.as_str().to_string()).collect()
}

#[test]
fn a_chinese_handbook_shows_no_english_durations() {
    let mut seen = 0;
    for file in support::files(chinese()) {
        if !file.ends_with(".html") {
            continue;
        }
        let text = page_text(&support::read(chinese(), &file));
        let found = english_durations(&text);
        assert!(found.is_empty(), "{file} shows {found:?}");
        seen += text.matches("分钟").count();
    }
    // The example handbook writes `within: 30 minutes`: shown as `30分钟`.
    assert!(seen > 0);
    let page = support::read(chinese(), "sops/customer-service/refund.html");
    assert!(page.contains("<dd>30分钟</dd>"), "{page}");
}

#[test]
fn durations_read_in_the_sites_language_however_they_are_written() {
    let dir = tempfile::tempdir().expect("a temp folder");
    for (language, within, every, shown, interval) in [
        ("zh-CN", "PT2H", "6 months", "2小时", "6个月"),
        ("zh-CN", "30 minutes", "P1Y", "30分钟", "1年"),
        ("en", "30分钟", "6个月", "30 minutes", "6 months"),
        ("en", "PT1H30M", "1年", "1 hour 30 minutes", "1 year"),
    ] {
        let root = dir.path().join(format!("hb-{within}"));
        std::fs::create_dir_all(root.join("sops")).unwrap();
        std::fs::write(
            root.join("handbook.yaml"),
            format!("title: t\nlanguage: {language}\n"),
        )
        .unwrap();
        let sop = format!(
            "---\ntitle: S\nowners: [lead]\nreview:\n  last: 2026-01-01\n  every: {every}\nsteps:\n  - action: A\n    within: {within}\n---\n"
        );
        std::fs::write(root.join("sops/s.md"), sop).unwrap();
        std::fs::create_dir_all(root.join("roles")).unwrap();
        std::fs::write(root.join("roles/lead.md"), "---\ntitle: Lead\n---\n").unwrap();
        let out = root.join("_site");
        support::build(&root, &out, None).expect("builds");
        let page = support::read(&out, "sops/s.html");
        assert!(page.contains(&format!("<dd>{shown}</dd>")), "{page}");
        let review = support::read(&out, "review.html");
        assert!(review.contains(&format!("<td>{interval}</td>")), "{review}");
        if language == "zh-CN" {
            assert_eq!(english_durations(&page_text(&page)), Vec::<String>::new());
            assert_eq!(english_durations(&page_text(&review)), Vec::<String>::new());
        }
    }
}
