//! The site side of document control: the control block on document pages, role pages listing
//! what a role drafts, reviews and approves, the revision history from git, retired documents,
//! the controlled documents register (page and CSV) and the controlled print of one page.

mod support;

use std::path::Path;

use opsbook::model::Index;
use opsbook::render::{Inputs, Options, render_site};
use support::html::fragment;
use support::{Repo, opsbook, stderr};

/// The example handbook, built once (no git history: `support::build` passes none).
fn site() -> &'static Path {
    support::example_site()
}

#[test]
fn a_numbered_document_shows_its_control_block_with_the_roles_linked() {
    let page = support::read(site(), "sops/incident-triage.html");
    let block = fragment(&page, "<div class=\"control-block\">");
    for (label, value) in [
        ("文件编号", "OPS-SOP-006"),
        ("版本", "1.9"),
        ("生效日期", "2026-08-05"),
        ("批准日期", "2026-07-29"),
        ("状态", "现行有效"),
    ] {
        assert!(
            block.contains(label) && block.contains(value),
            "{label} {value}"
        );
    }
    assert!(block.contains("<a href=\"../roles/ops-director.html\">运营总监</a>"));
    insta::assert_snapshot!("control_block", block);
    // Version and effective date are in the block, not repeated in the facts above it.
    let facts = fragment(&page, "<dl class=\"doc-facts\">");
    assert!(!facts.contains("生效日期"), "{facts}");
}

#[test]
fn a_document_without_control_data_has_no_control_block() {
    let page = support::read(site(), "kpis/csat.html");
    assert!(!page.contains("control-block"));
}

#[test]
fn role_pages_list_what_the_role_drafts_reviews_and_approves() {
    let page = support::read(site(), "roles/ops-director.html");
    let duties = fragment(&page, "<section class=\"field duties\">");
    let approves = fragment(duties, "<section class=\"duty\"><h3>负责批准</h3>");
    assert!(approves.contains("../sops/customer-service/refund.html"));
    // Retired documents are not among a role's duties.
    assert!(!approves.contains("refund-v1.html"), "{approves}");
    let qa = support::read(site(), "roles/qa-specialist.html");
    assert!(qa.contains("<h3>负责审核</h3>"));
    let lead = support::read(site(), "roles/cs-lead.html");
    assert!(lead.contains("<h3>负责制定</h3>"));
}

#[test]
fn a_retired_document_keeps_its_page_with_a_banner_naming_its_successor() {
    let page = support::read(site(), "sops/customer-service/refund-v1.html");
    assert!(
        page.contains(
            "<p class=\"notice notice-retired\" role=\"note\">本文件已作废，由<a href=\"refund.html\">退款办理</a>取代。</p>"
        ),
        "{}",
        fragment(&page, "<header class=\"doc-header\">")
    );
    assert!(page.contains("<span class=\"doc-state doc-state-retired\">已作废</span>"));
}

#[test]
fn a_retired_document_leaves_the_navigation_the_kind_index_and_search() {
    for page in [
        "sops/customer-service/refund.html",
        "sops/index.html",
        "index.html",
        "print.html",
    ] {
        let html = support::read(site(), page);
        assert!(
            !html.contains("refund-v1.html"),
            "{page} links the retired SOP"
        );
        assert!(
            !html.contains("退款办理（旧版）"),
            "{page} names the retired SOP"
        );
    }
    let index = support::search::SiteIndex::read(site());
    for doc in &index.docs {
        let (href, title) = (
            doc["u"].as_str().unwrap_or(""),
            doc["t"].as_str().unwrap_or(""),
        );
        assert!(!href.contains("refund-v1") && !title.contains("退款办理（旧版）"));
    }
    assert!(!index.search("退款办理").is_empty());
    assert!(
        !index
            .search("退款办理")
            .iter()
            .any(|h| h.contains("refund-v1"))
    );
    // Its own page has no previous/next: it is not in the reading order.
    let page = support::read(site(), "sops/customer-service/refund-v1.html");
    assert!(!page.contains("class=\"pager\""));
}

#[test]
fn the_register_lists_every_numbered_document_by_number_as_a_page_and_a_csv() {
    let page = support::read(site(), "register.html");
    let table = fragment(&page, "<table class=\"register-table\">");
    insta::assert_snapshot!("register_table", table);
    let csv = support::read(site(), "register.csv");
    assert!(csv.starts_with('\u{feff}'), "a byte-order mark for Excel");
    assert!(csv.contains(
        "OPS-SOP-013,退款办理（旧版）,SOP,1.0,2024-06-01,运营总监,2024-05-25,已作废,\r\n"
    ));
    insta::assert_snapshot!("register_csv", csv.trim_start_matches('\u{feff}'));
    // Sorted by number; every numbered document once.
    let numbers: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(numbers, sorted);
    let handbook = support::load(&support::example_root());
    let numbered = handbook
        .documents
        .iter()
        .filter(|d| d.meta.doc_no.is_some())
        .count();
    assert_eq!(numbers.len(), numbered);
    // Linked from the navigation and the home page.
    let home = support::read(site(), "index.html");
    assert!(
        home.contains("<p class=\"home-register\"><a href=\"register.html\">受控文件清单</a></p>")
    );
    let sop = support::read(site(), "sops/incident-triage.html");
    assert!(sop.contains("<li><a href=\"../register.html\">受控文件清单</a></li>"));
}

#[test]
fn a_handbook_without_numbered_documents_has_no_register() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    support::build(&support::render_fixture("warning"), &out, None).unwrap();
    assert!(!out.join("register.html").exists());
    assert!(!out.join("register.csv").exists());
    assert!(!support::read(&out, "index.html").contains("register.html"));
}

#[test]
fn each_document_page_prints_alone_as_a_controlled_copy() {
    let page = support::read(site(), "sops/incident-triage.html");
    let style = fragment(&page, "<style media=\"print\">");
    insta::assert_snapshot!("running_header", style);
    assert!(page.contains(
        "<p class=\"controlled-notice\">受控文件：以网站上的现行版本为准，打印件仅供参考</p>"
    ));
    let css = support::read(site(), "_opsbook/style.css");
    assert!(css.contains("size: A4;"));
}

#[test]
fn the_print_page_has_the_control_block_of_every_numbered_document_in_it() {
    let print = support::read(site(), "print.html");
    let handbook = support::load(&support::example_root());
    let live_numbered = handbook
        .documents
        .iter()
        .filter(|d| d.meta.doc_no.is_some() && d.meta.status != opsbook::model::Status::Retired)
        .count();
    assert!(live_numbered > 10);
    assert_eq!(
        print.matches("<div class=\"control-block\">").count(),
        live_numbered
    );
    assert!(print.contains("<p class=\"print-meta\">OPS-SOP-006 · 版本 1.9"));
}

const CONFIG: &str = "title: T\nrepo_url: https://git.example/org/handbook/\n";

fn sop(version: &str, body: &str) -> String {
    format!(
        "---\ntitle: Refund \"</style><script>\nowners: [lead]\nversion: \"{version}\"\ndoc_no: OPS-1\napproval:\n  drafted_by: lead\n  approved_by: lead\n  approved: 2026-01-04\nreview:\n  last: 2026-01-05\n  every: 12 months\nresources: [tool]\nsteps: [do it]\ncontrol_points:\n  - step: 1\n    check: done\n---\n\n{body}\n"
    )
}

/// A handbook in git: the SOP added, changed, then reviewed, on fixed dates.
fn repo(config: &str) -> Repo {
    let repo = Repo::new();
    repo.write("handbook.yaml", config);
    repo.write(
        "roles/lead.md",
        "---\ntitle: Lead\nresponsibilities: [lead]\n---\n",
    );
    repo.write("sops/refund.md", &sop("1.0", "Step one."));
    repo.commit_at("2026-01-05", "Add the refund procedure");
    repo.write("sops/refund.md", &sop("1.1", "Step one. Step <b>two</b>."));
    repo.commit_at("2026-02-10", "Refund: a <second> step & more");
    repo.write(
        "sops/refund.md",
        &sop("1.1", "Step one. Step <b>two</b>.").replace("last: 2026-01-05", "last: 2026-03-01"),
    );
    repo.commit_at("2026-03-01", "Review the refund procedure");
    repo
}

fn build_cli(repo: &Repo, extra: &[&str]) -> String {
    let out = repo.path().join("_site");
    let mut args = vec!["build", "--today", "2026-03-02"];
    args.extend_from_slice(extra);
    let run = opsbook(repo.path(), &args);
    assert!(run.status.success(), "{}", stderr(&run));
    support::read(&out, "sops/refund.html")
}

#[test]
fn under_git_a_document_page_shows_its_revision_history_with_commits_linked() {
    let repo = repo(CONFIG);
    let page = build_cli(&repo, &[]);
    let table = fragment(&page, "<section class=\"field revisions\">");
    insta::assert_snapshot!("revision_table", table);
    let head = repo.git(&["rev-parse", "HEAD"]);
    let link = format!(
        "<a href=\"https://git.example/org/handbook/commit/{}\">",
        head.trim()
    );
    assert!(table.contains(&link), "{table}");
    assert_eq!(table.matches("<tr class=\"rev-").count(), 3);
    // The running header is a CSS string: the title cannot end it or the style element.
    let style = fragment(&page, "<style media=\"print\">");
    assert!(
        style.contains(r#"content: "OPS-1 Refund \"\3C /style>\3C script>";"#),
        "{style}"
    );
}

#[test]
fn with_no_git_or_outside_git_there_is_no_revision_history_and_no_error() {
    let repo = repo(CONFIG);
    let page = build_cli(&repo, &["--no-git"]);
    assert!(!page.contains("revision-table"));
    assert!(page.contains("control-block"));
    std::fs::remove_dir_all(repo.path().join(".git")).unwrap();
    let page = build_cli(&repo, &[]);
    assert!(!page.contains("revision-table"));
}

#[test]
fn a_repo_url_that_is_not_http_is_a_finding_and_never_becomes_a_link() {
    let repo = repo("title: T\nrepo_url: \"javascript:alert(1)//\"\n");
    let run = opsbook(repo.path(), &["check", "--today", "2026-03-02"]);
    assert_eq!(run.status.code(), Some(1), "{}", support::stdout(&run));
    assert!(support::stdout(&run).contains("repo_url"));
    // Rendered anyway (as a library call does, whatever the rules said): the hash stays text.
    let mut handbook = support::load(repo.path());
    for hostile in [
        "javascript:alert(1)//",
        " JAVASCRIPT:alert(1)",
        "data:text/html,<script>",
        "https://",
    ] {
        handbook.config.repo_url = Some(hostile.into());
        let index = Index::new(&handbook);
        let read = opsbook::history::read_history(repo.path(), None, opsbook::history::Cache::Off);
        let out = tempfile::tempdir().unwrap();
        let options = Options {
            out: out.path().join("site"),
            today: support::today(),
            theme: None,
        };
        render_site(
            Inputs {
                handbook: &handbook,
                index: &index,
                history: read.history.as_ref(),
                options: &options,
            },
            &|_| {},
        )
        .unwrap();
        let page = support::read(&options.out, "sops/refund.html");
        let table = fragment(&page, "<section class=\"field revisions\">");
        assert!(!table.contains("<a "), "{hostile}: {table}");
        assert!(
            !page.to_ascii_lowercase().contains("javascript:"),
            "{hostile}"
        );
    }
}
