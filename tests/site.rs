//! The built example site: a page per document, links and anchors that resolve, well-formed
//! pages, deterministic output, safe failure, sanitising, the search index, the print page.

mod support;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use opsbook::model::{Kind, Status};
use opsbook::render::{MARKER, RenderError};
use opsbook::url::percent_decode;
use support::html::{Page, fragment, parse};

/// The example handbook, built once for the tests that only read it.
fn site() -> &'static Path {
    support::example_site()
}

/// Every HTML page of the example site, parsed.
fn pages() -> &'static BTreeMap<String, Page> {
    static PAGES: OnceLock<BTreeMap<String, Page>> = OnceLock::new();
    PAGES.get_or_init(|| {
        support::files(site())
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .map(|f| {
                let page = parse(&support::read(site(), &f));
                (f, page)
            })
            .collect()
    })
}

#[test]
fn every_document_has_a_page_at_its_source_path() {
    let handbook = support::load(&support::example_root());
    assert!(handbook.documents.len() > 50);
    for doc in &handbook.documents {
        let page = format!("{}.html", doc.path.trim_end_matches(".md"));
        assert!(site().join(&page).is_file(), "no page for {}", doc.path);
    }
    for generated in [
        "index.html",
        "review.html",
        "print.html",
        "roles/index.html",
        "sops/index.html",
        "_opsbook/search-index.js",
        "_opsbook/style.css",
        "_opsbook/site.js",
        MARKER,
    ] {
        assert!(site().join(generated).is_file(), "no {generated}");
    }
    assert!(
        site().join("assets/logo.svg").is_file(),
        "assets are copied"
    );
}

#[test]
fn pages_are_well_formed() {
    for (file, page) in pages() {
        assert!(page.problems.is_empty(), "{file}: {:#?}", page.problems);
    }
}

/// Where an href from `file` leads: the target file and the decoded fragment.
fn resolve(file: &str, href: &str) -> Option<(String, String)> {
    if href.contains(':') || href.starts_with("//") {
        return None;
    }
    assert!(
        !href.starts_with('/'),
        "{file}: `{href}` is not relative: it breaks file://"
    );
    let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
    let mut parts: Vec<&str> = file.split('/').collect();
    parts.pop();
    let decoded = percent_decode(path);
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop().expect("links stay inside the site");
            }
            s => parts.push(s),
        }
    }
    let target = if path.is_empty() {
        file.to_string()
    } else {
        parts.join("/")
    };
    Some((target, percent_decode(fragment)))
}

#[test]
fn links_lead_to_existing_pages_and_anchors() {
    let mut checked = 0;
    for (file, page) in pages() {
        for href in &page.links {
            assert!(!href.contains(".md"), "{file}: `{href}` was not rewritten");
            let Some((target, fragment)) = resolve(file, href) else {
                continue;
            };
            assert!(
                site().join(&target).is_file(),
                "{file}: `{href}` leads to a missing `{target}`"
            );
            if !fragment.is_empty() && target.ends_with(".html") {
                let ids = &pages()[&target].ids;
                assert!(
                    ids.contains(&fragment),
                    "{file}: `{href}`: `{target}` has no id `{fragment}`"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 2000, "only {checked} links checked");
    // base_url only shapes the canonical address.
    let canonical = pages()["sops/customer-service/refund.html"]
        .canonical
        .as_deref();
    assert_eq!(canonical, Some("/sops/customer-service/refund.html"));
}

#[test]
fn heading_ids_are_the_anchors_broken_link_checks() {
    let handbook = support::load(&support::example_root());
    for doc in &handbook.documents {
        let page = format!("{}.html", doc.path.trim_end_matches(".md"));
        for heading in &doc.headings {
            assert!(
                pages()[&page].ids.contains(&heading.anchor),
                "{page} lacks the heading id `{}`",
                heading.anchor
            );
        }
    }
    // `{#id}` is honoured, GitHub's rule otherwise.
    assert!(
        pages()["contingency/system-outage.html"]
            .ids
            .contains("升级规则")
    );
}

#[test]
fn builds_of_the_same_input_are_byte_identical() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let again = dir.path().join("again");
    support::build(&support::example_root(), &again, None).expect("the example builds");
    let (a, b) = (support::snapshot(site()), support::snapshot(&again));
    assert_eq!(
        a.iter().map(|(f, _)| f).collect::<Vec<_>>(),
        b.iter().map(|(f, _)| f).collect::<Vec<_>>()
    );
    for ((file, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{file} differs between two builds");
    }
}

/// A theme folder with one file.
fn theme_with(name: &str, contents: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp folder");
    let path = dir.path().join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("creatable");
    std::fs::write(path, contents).expect("writable");
    dir
}

fn leftovers(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".opsbook-"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let out = dir.path().join("site");
    let root = support::example_root();
    support::build(&root, &out, None).expect("the first build");
    let before = support::snapshot(&out);

    // A template that does not compile, and one that fails while rendering (strict undefined).
    let broken = theme_with("kinds/sop.html", "{% if %}");
    let err = support::build(&root, &out, Some(broken.path())).expect_err("a broken template");
    assert!(matches!(err, RenderError::Template(_)), "{err:?}");
    let undefined = theme_with("kinds/kpi.html", "{{ doc.no_such_field }}");
    let err = support::build(&root, &out, Some(undefined.path())).expect_err("an undefined value");
    assert!(matches!(err, RenderError::Render { .. }), "{err:?}");
    let cause = std::error::Error::source(&err)
        .expect("the template error")
        .to_string();
    assert!(cause.contains("no_such_field"), "{cause}");

    assert!(
        support::snapshot(&out) == before,
        "the previous site changed"
    );
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn staging_folders_of_a_killed_build_are_removed_by_the_next_one() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let out = dir.path().join("site");
    let root = support::render_fixture("warning");
    support::build(&root, &out, None).expect("the first build");
    // What a build killed between its renames leaves (PID 4194304 is above Linux's pid_max),
    // and a staging folder of another output folder, which is not this build's to remove.
    for stale in [
        ".site.opsbook-new-4194304",
        ".site.opsbook-old-4194304",
        ".other.opsbook-new-4194304",
    ] {
        std::fs::create_dir_all(dir.path().join(stale).join("sops")).expect("creatable");
        std::fs::write(dir.path().join(stale).join("sops/a.html"), "stale").expect("writable");
    }
    support::build(&root, &out, None).expect("the second build");
    // Outside the handbook no old copy stays beside the site (see the next test for inside).
    assert_eq!(leftovers(dir.path()), [".other.opsbook-new-4194304"]);
    assert!(out.join(MARKER).is_file());
}

#[test]
fn a_second_build_into_the_same_folder_waits_for_the_first() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let out = dir.path().join("site");
    // The first build, as far as the second can tell, holds the lock.
    let held = std::fs::File::create(dir.path().join(".site.opsbook-lock")).expect("creatable");
    held.lock().expect("locked");
    let waiting = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            let handbook = support::load(&support::render_fixture("warning"));
            let index = opsbook::model::Index::new(&handbook);
            let options = opsbook::render::Options {
                out: out.clone(),
                today: support::today(),
                theme: None,
            };
            opsbook::render::render_site(
                opsbook::render::Inputs {
                    handbook: &handbook,
                    index: &index,
                    history: None,
                    options: &options,
                },
                &|p| {
                    if p.waiting {
                        waiting.store(true, std::sync::atomic::Ordering::SeqCst);
                    }
                },
            )
        });
        while !waiting.load(std::sync::atomic::Ordering::SeqCst) {
            assert!(!second.is_finished(), "the second build did not wait");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(!out.exists(), "nothing is written while the lock is held");
        drop(held);
        second.join().expect("no panic").expect("the second build");
    });
    assert!(out.join(MARKER).is_file());
    assert_eq!(
        leftovers(dir.path()),
        Vec::<String>::new(),
        "the lock file is gone"
    );
}

#[test]
fn a_theme_folder_overrides_single_files() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let out = dir.path().join("site");
    let theme = theme_with("style.css", "body { color: rebeccapurple; }\n");
    support::build(&support::example_root(), &out, Some(theme.path())).expect("builds");
    assert_eq!(
        support::read(&out, "_opsbook/style.css"),
        "body { color: rebeccapurple; }\n"
    );
    // Everything else still comes from the embedded theme.
    assert!(support::read(&out, "_opsbook/site.js").contains("OPSBOOK_SEARCH"));
}

#[test]
fn a_folder_opsbook_did_not_write_is_not_replaced() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let out = dir.path().join("documents");
    std::fs::create_dir(&out).expect("creatable");
    std::fs::write(out.join("thesis.txt"), "years of work").expect("writable");
    let err = support::build(&support::example_root(), &out, None).expect_err("refused");
    assert!(matches!(err, RenderError::ForeignOutput(_)), "{err:?}");
    assert_eq!(support::files(&out), ["thesis.txt"]);
}

#[test]
fn two_outputs_on_one_path_are_an_error() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let err = support::build(
        &support::render_fixture("collision"),
        &dir.path().join("site"),
        None,
    )
    .expect_err("review.md collides with the review page");
    match err {
        RenderError::Collision { path, .. } => assert_eq!(path, "review.html"),
        other => panic!("{other:?}"),
    }
}

fn build_raw_html(mode: &str) -> String {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    support::copy_tree(&support::render_fixture("raw-html"), &root);
    let config = format!("title: Raw HTML fixture\nlanguage: en\nhtml: {mode}\n");
    std::fs::write(root.join("handbook.yaml"), config).expect("writable");
    let out = dir.path().join("site");
    support::build(&root, &out, None).expect("builds");
    let page = support::read(&out, "notes/raw.html");
    fragment(&page, "<div class=\"prose\">").to_string()
}

#[test]
fn raw_html_is_sanitised_by_default() {
    let body = build_raw_html("sanitize");
    for bad in [
        "<script",
        "onerror",
        "onmouseover",
        "onclick",
        "javascript:",
        "alert(",
    ] {
        assert!(!body.contains(bad), "`{bad}` reached the page:\n{body}");
    }
    for good in [
        "<b>Bold stays</b>",
        "class=\"note\"",
        "https://example.com/",
        "id=\"custom\"",
        "text-align:center",
        "type=\"checkbox\"",
        "<label>I agree</label>",
        "href=\"mailto:oncall@example.com\"",
    ] {
        assert!(body.contains(good), "`{good}` was lost:\n{body}");
    }
    // Form controls in raw HTML are dropped; the three task-list checkboxes with text each sit
    // in a label with that text (an empty item gets none), so no control lacks a name.
    assert_eq!(body.matches("<input").count(), 3, "{body}");
    assert_eq!(
        body.matches("<label class=\"task-list-label\"><input")
            .count(),
        3,
        "{body}"
    );
    insta::assert_snapshot!("sanitised_body", body);
}

#[test]
fn trusted_html_passes_as_written() {
    let body = build_raw_html("trusted");
    assert!(body.contains("<script>alert('script')</script>"), "{body}");
    assert!(body.contains("onerror=\"alert('img')\""), "{body}");
    // Heading attributes are not raw HTML: they never become event handlers.
    assert!(!body.contains("onclick"), "{body}");
}

#[test]
fn role_pages_list_what_the_role_owns_and_does() {
    let agent = support::read(site(), "roles/cs-agent.html");
    let duties = fragment(&agent, "<section class=\"field duties\">");
    // Steps it performs, linked to the step's anchor in the workflow.
    assert!(
        duties.contains("../workflows/complaint-escalation.html#ob-step-receive"),
        "{duties}"
    );
    // KPIs that measure it (kpi.applies_to), reports it receives.
    assert!(duties.contains("../kpis/csat.html"), "{duties}");
    let lead = support::read(site(), "roles/cs-lead.html");
    let duties = fragment(&lead, "<section class=\"field duties\">");
    // Documents it owns and the contingency levels it responds to.
    assert!(
        duties.contains("../sops/customer-service/complaint-handling.html"),
        "{duties}"
    );
    assert!(duties.contains("P2"), "{duties}");
    // The reporting line and direct reports come from reports_to.
    assert!(
        lead.contains("<ol class=\"chain\"><li><a href=\"ops-director.html\">"),
        "reporting line"
    );
    assert!(lead.contains("href=\"cs-agent.html\""), "direct report");
}

#[test]
fn sop_pages_show_the_procedure_with_control_points_on_their_steps() {
    let page = support::read(site(), "sops/customer-service/complaint-handling.html");
    insta::assert_snapshot!("sop_steps", fragment(&page, "<ol class=\"steps\">"));
    insta::assert_snapshot!(
        "sop_control_points",
        fragment(&page, "<table class=\"control-points\">")
    );
    insta::assert_snapshot!(
        "sop_header",
        fragment(&page, "<header class=\"doc-header\">")
    );
}

#[test]
fn workflow_pages_draw_the_flowchart_at_build_time() {
    let page = support::read(site(), "workflows/complaint-escalation.html");
    let svg = fragment(&page, "<svg class=\"chart flowchart\"");
    // One lane per role, approval steps marked, steps linked to their anchors.
    for lane in [
        "客服专员",
        "客服主管",
        "运营总监",
        "营销运营专员",
        "质检专员",
    ] {
        assert!(svg.contains(lane), "lane {lane}");
    }
    assert_eq!(svg.matches("chart-approval-inner").count(), 1);
    assert!(svg.contains("href=\"#ob-step-director-decide\""));
    insta::assert_snapshot!("flowchart", svg);
}

#[test]
fn the_review_page_lists_schedules_by_due_date() {
    let page = support::read(site(), "review.html");
    let table = fragment(&page, "<tbody>");
    let dues: Vec<&str> = table
        .match_indices("<td><time datetime=\"")
        .map(|(at, m)| &table[at + m.len()..at + m.len() + 10])
        .collect();
    assert!(dues.len() > 20, "{} rows", dues.len());
    assert!(dues.windows(2).all(|w| w[0] <= w[1]), "{dues:?}");
    assert!(table.contains("badge-ok"));
}

/// The search index read back from its parts.
fn search_index() -> support::search::SiteIndex {
    support::search::SiteIndex::read(site())
}

#[test]
fn search_results_are_objects_with_the_keys_site_js_reads() {
    let index = search_index();
    let keys = ["k", "s", "t", "u", "x"];
    for doc in &index.docs {
        let mut found: Vec<&str> = doc
            .as_object()
            .expect("a document is an object")
            .keys()
            .map(String::as_str)
            .collect();
        found.sort_unstable();
        assert_eq!(found, keys);
    }
    let js = support::read(site(), "_opsbook/site.js");
    for key in keys {
        assert!(
            js.contains(&format!("doc.{key}")) || js.contains(&format!("d.{key}")),
            "site.js does not read `{key}`"
        );
    }
    assert!(
        !js.contains("doc[") && !js.contains("d[1]"),
        "positional access left"
    );
    for key in ["terms", "group", "kinds"] {
        assert!(
            !index.manifest[key].is_null() && js.contains(&format!(".{key}")),
            "`{key}` of the manifest"
        );
    }
}

#[test]
fn the_search_index_finds_chinese_substrings_and_english_prefixes() {
    let index = search_index();
    let handbook = support::load(&support::example_root());
    let live = handbook
        .documents
        .iter()
        .filter(|d| d.meta.status != Status::Retired)
        .count();
    assert_eq!(index.docs.len(), live);
    // A substring across what a word segmenter would split: 投诉|处理.
    assert!(
        index
            .search("投诉处理")
            .contains(&"sops/customer-service/complaint-handling.html".to_string())
    );
    assert!(
        index
            .search("诉处")
            .contains(&"sops/customer-service/complaint-handling.html".to_string())
    );
    assert!(
        index
            .search("refun")
            .contains(&"sops/customer-service/refund.html".to_string())
    );
    // Mixed queries intersect.
    let mixed = index.search("SLA 响应");
    assert!(!mixed.is_empty() && mixed.len() < live, "{mixed:?}");
    assert!(index.search("zzqqxx").is_empty());
}

#[test]
fn the_print_page_has_a_contents_page_and_a_section_per_document() {
    let page = support::read(site(), "print.html");
    let toc = fragment(&page, "<nav class=\"toc\" id=\"toc\" role=\"doc-toc\"");
    let parsed = parse(&page);
    let hrefs = parse(toc).links;
    let handbook = support::load(&support::example_root());
    let live: Vec<_> = handbook
        .documents
        .iter()
        .filter(|d| d.meta.status != Status::Retired)
        .collect();
    // The home page is the preface; every other kind is a chapter.
    let chapters = live
        .iter()
        .filter(|d| d.path != "index.md")
        .map(|d| d.kind)
        .collect::<std::collections::BTreeSet<Kind>>()
        .len();
    assert_eq!(hrefs.len(), live.len() + chapters);
    for href in &hrefs {
        let id = href.trim_start_matches('#');
        assert!(
            parsed.ids.contains(id),
            "the contents link to a missing `{id}`"
        );
    }
    assert_eq!(page.matches("<article class=\"doc ").count(), live.len());
    let css = support::read(site(), "_opsbook/print.css");
    for feature in [
        "size: A4",
        "target-counter(attr(href), page)",
        "leader(",
        "string-set",
        "break-before: page",
        "break-inside: avoid",
    ] {
        assert!(css.contains(feature), "print.css lacks {feature}");
    }
    // The notice is in the handbook's language only (Chinese here).
    assert!(page.contains("counter(pages)") && page.contains("打印即为非受控文件"));
    assert!(!page.contains("Uncontrolled when printed"));
}

#[test]
fn each_kind_prints_on_its_own_page_with_the_numbers_of_the_whole() {
    let whole = support::read(site(), "print.html");
    let handbook = support::load(&support::example_root());
    let kinds: std::collections::BTreeSet<Kind> = handbook
        .documents
        .iter()
        .filter(|d| d.meta.status != Status::Retired && d.path != "index.md")
        .map(|d| d.kind)
        .collect();
    for kind in kinds {
        let file = format!("print/{}.html", kind.name());
        let page = support::read(site(), &file);
        let live = handbook
            .documents
            .iter()
            .filter(|d| d.kind == kind && d.meta.status != Status::Retired && d.path != "index.md")
            .count();
        assert_eq!(
            page.matches("<article class=\"doc ").count(),
            live,
            "{file}"
        );
        assert!(page.contains("href=\"../_opsbook/print.css\""), "{file}");
        // A document keeps its number and anchor: 2.3 on print.html is 2.3 here.
        let toc = parse(fragment(&page, "<nav class=\"toc\" id=\"toc\""));
        for href in &toc.links {
            assert!(
                whole.contains(&format!("href=\"{href}\"")),
                "{file}: {href}"
            );
        }
        // Linked from print.html and from the kind's index page.
        assert!(whole.contains(&format!("href=\"{file}\"")), "{file}");
        let index = format!("{}/index.html", kind.folder().unwrap_or("pages"));
        let index = support::read(site(), &index);
        assert!(index.contains(&format!("href=\"../{file}\"")), "{file}");
    }
}

#[test]
fn print_parts_rendered_once_for_two_pages_are_those_rendered_for_each() {
    // With the embedded templates, a part of print.html is rendered once for it and its kind's
    // page; a theme folder overriding a template (here with the same text) makes every part
    // rendered for each page on its own. The print pages must not tell the two apart.
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    support::copy_tree(&support::example_root(), &root);
    // Text shaped like a link token, and a link to another kind's document, to be kept as is.
    let sop = root.join("sops/customer-service/refund.md");
    let text = std::fs::read_to_string(&sop).expect("readable");
    let more = "\nobtok0123456789abcdef0123456789abcdefn0x [客服主管](../../roles/cs-lead.md)\n";
    std::fs::write(&sop, text + more).expect("writable");
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("kinds")).expect("creatable");
    let (name, template) = opsbook::render::DEFAULT_THEME
        .iter()
        .find(|(name, _)| *name == "kinds/sop.html")
        .expect("the embedded theme has it");
    std::fs::write(theme.join(name), template).expect("writable");
    let (once, apart) = (dir.path().join("once"), dir.path().join("apart"));
    support::build(&root, &once, None).expect("builds");
    support::build(&root, &apart, Some(&theme)).expect("builds");
    let print_pages: Vec<String> = support::files(&once)
        .into_iter()
        .filter(|f| f == "print.html" || f.starts_with("print/"))
        .collect();
    assert!(print_pages.len() > 3, "{print_pages:?}");
    for page in &print_pages {
        assert!(
            support::read(&once, page) == support::read(&apart, page),
            "{page} differs"
        );
    }
    assert!(support::read(&once, "print/sop.html").contains("obtok0123456789abcdef"));
}

/// A handbook of one role and `notes` plain pages, each linking the role, the first one also
/// the last note.
fn notes_handbook(root: &std::path::Path, notes: usize) {
    std::fs::create_dir_all(root.join("notes")).expect("creatable");
    std::fs::create_dir_all(root.join("roles")).expect("creatable");
    std::fs::write(root.join("handbook.yaml"), "title: Big\nlanguage: en\n").expect("writable");
    std::fs::write(
        root.join("roles/clerk.md"),
        "---\nkind: role\nid: clerk\ntitle: Clerk\nresponsibilities: [File notes]\n---\n\nFiles notes.\n",
    )
    .expect("writable");
    for i in 0..notes {
        let mut text =
            format!("---\ntitle: Note {i:04}\n---\n\nSee [the clerk](../roles/clerk.md).\n");
        if i == 0 {
            text.push_str(&format!("\nThe [last note](n{:04}.md).\n", notes - 1));
        }
        std::fs::write(root.join(format!("notes/n{i:04}.md")), text).expect("writable");
    }
}

/// The numbers of the documents of a print page, in order ("2.501").
fn print_numbers(page: &str) -> Vec<&str> {
    page.split("<span class=\"doc-number\">")
        .skip(1)
        .map(|rest| &rest[..rest.find('<').expect("closed")])
        .collect()
}

#[test]
fn above_the_budget_print_html_links_the_chapters_and_big_chapters_print_in_volumes() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    let notes = opsbook::render::PRINT_BUDGET;
    let volume = opsbook::render::PRINT_VOLUME;
    notes_handbook(&root, notes);
    let out = dir.path().join("site");
    support::build(&root, &out, None).expect("builds");
    let whole = support::read(&out, "print.html");
    assert!(!whole.contains("<article class=\"doc "), "nothing inlined");
    // The contents link the role chapter's page, and the notes chapter (to its first volume)
    // with each of its volumes.
    let volumes = notes.div_ceil(volume);
    assert!(volumes > 1);
    let pages: Vec<String> = (1..=volumes)
        .map(|n| format!("print/page-{n}.html"))
        .collect();
    let toc = parse(fragment(&whole, "<nav class=\"toc toc-pages\" id=\"toc\"")).links;
    let mut expected = vec!["print/role.html".to_string(), pages[0].clone()];
    expected.extend(pages.iter().cloned());
    assert_eq!(toc, expected);
    let second = format!(">Volume 2 2.{}–2.{}</a>", volume + 1, 2 * volume);
    assert!(whole.contains(&second), "volumes named with their numbers");
    assert!(!out.join("print/page.html").exists());
    let mut numbers = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let text = support::read(&out, page);
        let held = print_numbers(&text);
        assert_eq!(held.len(), volume.min(notes - n * volume), "{page}");
        // Each volume opens with the chapter's heading, which its contents link.
        assert!(
            text.contains("<h2 class=\"chapter-title\" id=\"ch2\">"),
            "{page}"
        );
        assert!(text.contains("href=\"#ch2\""), "{page}");
        assert!(text.contains(&format!("Volume {}", n + 1)), "{page}");
        numbers.extend(held.into_iter().map(str::to_string));
    }
    // Numbered through the chapter across the volumes.
    let want: Vec<String> = (1..=notes).map(|n| format!("2.{n}")).collect();
    assert_eq!(numbers, want);
    let first = support::read(&out, &pages[0]);
    // A link to a document in another volume goes to that volume, one to another chapter's
    // document to that chapter's page.
    assert!(
        first.contains(&format!("href=\"page-{volumes}.html#d")),
        "cross-volume link"
    );
    assert!(first.contains("href=\"role.html#"), "cross-chapter link");
    assert_eq!(
        support::read(&out, "print/role.html")
            .matches("<article class=\"doc ")
            .count(),
        1
    );
    // The chapter's index page links each volume.
    let index = support::read(&out, "pages/index.html");
    let kind_print = parse(fragment(&index, "<p class=\"kind-print\">")).links;
    let from_index: Vec<String> = (1..=volumes)
        .map(|n| format!("../print/page-{n}.html"))
        .collect();
    assert_eq!(kind_print, from_index);
}

#[test]
fn volumes_under_the_budget_copy_print_html_s_parts_as_rendering_each_would() {
    // One more note than a volume holds: print.html holds them all, the chapter is printed in
    // two volumes, whose parts are copied from print.html's where they can be (the first of
    // the second volume opens the chapter there, not on print.html). A theme overriding a
    // template renders every part for each page; the pages must be the same.
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    let notes = opsbook::render::PRINT_VOLUME + 1;
    notes_handbook(&root, notes);
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("kinds")).expect("creatable");
    let (name, template) = opsbook::render::DEFAULT_THEME
        .iter()
        .find(|(name, _)| *name == "kinds/page.html")
        .expect("the embedded theme has it");
    std::fs::write(theme.join(name), template).expect("writable");
    let (once, apart) = (dir.path().join("once"), dir.path().join("apart"));
    support::build(&root, &once, None).expect("builds");
    support::build(&root, &apart, Some(&theme)).expect("builds");
    for page in [
        "print.html",
        "print/page-1.html",
        "print/page-2.html",
        "print/role.html",
    ] {
        assert!(
            support::read(&once, page) == support::read(&apart, page),
            "{page} differs"
        );
    }
    let whole = support::read(&once, "print.html");
    assert_eq!(print_numbers(&whole).len(), notes + 1);
    let second = support::read(&once, "print/page-2.html");
    assert_eq!(print_numbers(&second), [format!("2.{notes}")]);
    assert!(second.contains("<h2 class=\"chapter-title\" id=\"ch2\">"));
    // The first note links the last, which is in the second volume.
    assert!(support::read(&once, "print/page-1.html").contains("href=\"page-2.html#d"));
    assert!(
        whole.contains("href=\"print/page-2.html\""),
        "print.html lists the volumes"
    );
}

#[test]
fn the_sidebar_stays_small_however_big_a_section_grows() {
    // 300 documents in one folder: each page lists a window of its section, not all 300.
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    std::fs::create_dir_all(root.join("notes")).expect("creatable");
    std::fs::write(root.join("handbook.yaml"), "title: Big\nlanguage: en\n").expect("writable");
    for i in 0..300 {
        let text = format!("---\ntitle: Note {i:03}\n---\n\nBody of note {i}.\n");
        std::fs::write(root.join(format!("notes/n{i:03}.md")), text).expect("writable");
    }
    let out = dir.path().join("site");
    support::build(&root, &out, None).expect("builds");
    let sizes: HashMap<String, usize> = support::files(&out)
        .into_iter()
        .filter(|f| f.starts_with("notes/"))
        .map(|f| {
            let page = support::read(&out, &f);
            let items = fragment(&page, "<ul class=\"nav-section\">")
                .matches("<li>")
                .count();
            assert!(items <= 11, "{f} lists {items} documents");
            (f, page.len())
        })
        .collect();
    let largest = sizes.values().max().copied().unwrap_or(0);
    assert!(largest < 16_000, "a note page is {largest} bytes");
}

#[test]
fn retired_documents_keep_their_page_but_leave_navigation_search_and_print() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    std::fs::create_dir_all(root.join("notes")).expect("creatable");
    std::fs::write(root.join("handbook.yaml"), "title: Retired\nlanguage: en\n").expect("writable");
    std::fs::write(
        root.join("notes/live.md"),
        "---\ntitle: Live note\n---\n\nSee [the old one](old.md).\n",
    )
    .expect("writable");
    std::fs::write(
        root.join("notes/old.md"),
        "---\ntitle: Old note\nstatus: retired\n---\n\nGone.\n",
    )
    .expect("writable");
    let out = dir.path().join("site");
    support::build(&root, &out, None).expect("builds");
    let old = support::read(&out, "notes/old.html");
    assert!(
        old.contains("no longer in the navigation"),
        "the page says it is retired"
    );
    let live = support::read(&out, "notes/live.html");
    assert!(live.contains("href=\"old.html\""), "links to it still work");
    let sidebar = fragment(&live, "<nav id=\"sidebar\"");
    assert!(!sidebar.contains("Old note"), "{sidebar}");
    assert!(!support::read(&out, "pages/index.html").contains("Old note"));
    let index = support::search::SiteIndex::read(&out);
    assert!(
        index
            .docs
            .iter()
            .all(|d| d["t"] != "Old note" && d["u"] != "notes/old.html")
    );
    assert!(!index.docs.is_empty());
    let print = support::read(&out, "print.html");
    assert!(!print.contains("Old note"));
    // On paper the link to it keeps its text but leads nowhere.
    assert!(print.contains("See the old one."), "{print}");
}

#[test]
fn folders_are_named_by_their_titles_in_breadcrumbs_and_kind_indexes() {
    // The example names `sops/customer-service` in handbook.yaml (`titles:`).
    let page = support::read(site(), "sops/customer-service/complaint-handling.html");
    let crumbs = fragment(&page, "<nav class=\"crumbs\"");
    assert!(
        crumbs.contains(">客户服务</a>"),
        "the folder's title: {crumbs}"
    );
    assert!(!crumbs.contains("customer-service<"), "no slug: {crumbs}");
    let index = support::read(site(), "sops/index.html");
    assert!(
        index.contains("<h2>客户服务</h2>"),
        "the group heading on sops/index.html"
    );

    // An index.md in the folder wins over `titles:`; a folder named nowhere keeps its name.
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("creatable");
        std::fs::write(path, text).expect("writable");
    };
    write(
        "handbook.yaml",
        "title: T\nlanguage: en\ntitles:\n  notes/a: From the config\n  notes/b/: Config B\n",
    );
    write("notes/a/index.md", "---\ntitle: Folder A\n---\nAbout A.\n");
    write("notes/a/one.md", "---\ntitle: One\n---\n");
    write("notes/b/two.md", "---\ntitle: Two\n---\n");
    write("notes/c/three.md", "---\ntitle: Three\n---\n");
    let out = dir.path().join("site");
    support::build(&root, &out, None).expect("builds");
    let crumb = |rel: &str| {
        let page = support::read(&out, rel);
        fragment(&page, "<nav class=\"crumbs\"").to_string()
    };
    assert!(crumb("notes/a/one.html").contains(">Folder A</a>"));
    assert!(crumb("notes/b/two.html").contains(">Config B</a>"));
    assert!(crumb("notes/c/three.html").contains(">c</a>"));
    let index = support::read(&out, "pages/index.html");
    for heading in ["<h2>Folder A</h2>", "<h2>Config B</h2>", "<h2>c</h2>"] {
        assert!(index.contains(heading), "{heading} on pages/index.html");
    }
}

#[test]
fn extra_keys_show_their_labels_and_unlabelled_keys_look_like_code() {
    let company = support::read(site(), "overview/company.html");
    let extra = fragment(&company, "<section class=\"doc-extra\">");
    assert!(extra.contains("<dt>编制</dt><dd>620</dd>"), "{extra}");
    assert!(!extra.contains("headcount"), "{extra}");
    let glossary = support::read(site(), "glossary.html");
    let extra = fragment(&glossary, "<section class=\"doc-extra\">");
    assert!(
        extra.contains("<dt><code class=\"extra-key\">maintainer_note</code></dt>"),
        "{extra}"
    );
}

#[test]
fn builds_written_over_the_spare_equal_a_build_into_a_new_folder() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    support::copy_tree(&support::example_root(), &root);
    // Inside the handbook (as `_site` is) the site replaced is kept as the spare.
    let out = root.join("_site");
    // Three builds, the middle one of a smaller handbook: the third is written over the
    // first's files (the spare), including pages the second did not have.
    support::build(&root, &out, None).expect("the first build");
    let sops = root.join("sops");
    let moved = dir.path().join("sops-aside");
    std::fs::rename(&sops, &moved).expect("movable");
    support::build(&root, &out, None).expect("the second build");
    let smaller = support::snapshot(&out);
    std::fs::rename(&moved, &sops).expect("movable back");
    support::build(&root, &out, None).expect("the third build");
    support::build(&root, &out, None).expect("the fourth build");
    let fresh = dir.path().join("fresh");
    support::build(&root, &fresh, None).expect("a build into a new folder");
    assert!(
        support::snapshot(&out) == support::snapshot(&fresh),
        "the sites differ"
    );
    assert!(support::snapshot(&out) != smaller, "the SOPs came back");
    assert!(
        root.join("._site.opsbook-spare/.gitignore").is_file(),
        "the spare is kept"
    );
    assert!(
        !dir.path().join(".fresh.opsbook-spare").exists(),
        "none outside the handbook"
    );
}

#[test]
fn a_file_where_another_output_needs_a_folder_is_a_collision() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    support::copy_tree(&support::example_root(), &root);
    // An asset named like the print pages' folder.
    std::fs::write(root.join("print"), b"not a folder").expect("writable");
    let err = support::build(&root, &dir.path().join("site"), None).expect_err("a clash");
    assert!(
        matches!(&err, RenderError::Collision { path, .. } if path == "print"),
        "{err:?}"
    );
}
