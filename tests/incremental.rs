//! Incremental builds (`build --incremental` and `serve`'s rebuilds) write the same site as a
//! full build, byte for byte, after every kind of edit: a body, front matter that changes
//! titles and references, ids, a document added, deleted, renamed or retired, handbook.yaml,
//! an asset; and after a memo or a site that cannot be trusted.

mod support;

use std::path::{Path, PathBuf};

use opsbook::model::Index;
use opsbook::render::{MEMO_FILE, Options, Stats, render_site, render_site_incremental};
use opsbook::{Preview, Settings, Today};

/// A copy of the example handbook, a site built incrementally from it, one kept by a preview
/// (serve's way), and one built in full after each edit to compare both with.
struct Bench {
    dir: tempfile::TempDir,
    preview: Preview,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().unwrap();
        support::copy_tree(&support::example_root(), &dir.path().join("hb"));
        let settings = Settings {
            root: dir.path().join("hb"),
            today: Today::Fixed(support::today()),
            out: dir.path().join("preview"),
            theme: None,
            git: false,
            incremental: false,
            lang: opsbook::locale::Lang::En,
        };
        let mut bench = Bench {
            preview: Preview::new(settings),
            dir,
        };
        bench.preview.rebuild(None, &|| {}).unwrap();
        bench.incremental();
        bench
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("hb")
    }

    fn options(&self, out: &str) -> Options {
        Options {
            out: self.dir.path().join(out),
            today: support::today(),
            theme: None,
        }
    }

    /// `build --incremental` into `inc`.
    fn incremental(&self) -> Stats {
        let handbook = support::load(&self.root());
        let index = Index::new(&handbook);
        render_site_incremental(&handbook, &index, None, &self.options("inc"), &|_| {}).unwrap()
    }

    /// Change the file at `rel` with `edit`, rebuild every way, and compare the sites. Returns
    /// what the incremental build did.
    fn edit(&mut self, rel: &str, edit: impl FnOnce(Option<String>) -> Option<String>) -> Stats {
        let path = self.root().join(rel);
        let before = std::fs::read_to_string(&path).ok();
        match edit(before) {
            Some(text) => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, text).unwrap();
            }
            None => std::fs::remove_file(&path).unwrap(),
        }
        self.rebuild_and_compare(&[path], rel)
    }

    fn rebuild_and_compare(&mut self, changed: &[PathBuf], what: &str) -> Stats {
        let stats = self.incremental();
        self.preview.rebuild(Some(changed), &|| {}).unwrap();
        let handbook = support::load(&self.root());
        let index = Index::new(&handbook);
        let full = self.dir.path().join("full");
        let _ = std::fs::remove_dir_all(&full);
        render_site(&handbook, &index, None, &self.options("full"), &|_| {}).unwrap();
        assert_same_tree(&full, &self.dir.path().join("inc"), what);
        assert_same_tree(&full, &self.dir.path().join("preview"), what);
        stats
    }
}

/// `a` and `b` hold the same files with the same bytes (`build --incremental`'s memo aside).
fn assert_same_tree(a: &Path, b: &Path, what: &str) {
    let files = |dir| {
        let mut list = support::files(dir);
        list.retain(|f| f != MEMO_FILE);
        list
    };
    let (files_a, files_b) = (files(a), files(b));
    assert_eq!(files_a, files_b, "after {what}: the same files");
    for file in &files_a {
        let (x, y) = (std::fs::read(a.join(file)), std::fs::read(b.join(file)));
        assert!(
            x.unwrap() == y.unwrap(),
            "after {what}: `{file}` differs from a full build"
        );
    }
}

/// `text` with `from` replaced by `to`, which must be there.
fn replace(text: Option<String>, from: &str, to: &str) -> Option<String> {
    let text = text.expect("the file exists");
    assert!(text.contains(from), "`{from}` is in the file");
    Some(text.replacen(from, to, 1))
}

#[test]
fn every_kind_of_edit_builds_the_same_site_as_a_full_build() {
    let mut bench = Bench::new();

    let stats = bench.edit("sops/customer-service/refund.md", |t| {
        Some(
            t.unwrap()
                + "\n## 补充说明\n\n新增一段正文，链接到 [客服主管](../../roles/cs-lead.md)。\n",
        )
    });
    assert!(stats.incremental, "a body edit updates the site in place");
    assert!(
        stats.rendered <= 2,
        "a body edit renders its own page, not {} pages",
        stats.rendered
    );

    // A front-matter edit that changes references: the owners of an SOP.
    let stats = bench.edit("sops/customer-service/refund.md", |t| {
        replace(t, "owners: [cs-lead]", "owners: [cs-agent, qa-specialist]")
    });
    assert!(stats.incremental);
    assert!(stats.rendered < stats.pages / 2, "{stats:?}");

    // A role's title shows on every page that links it, and in reporting lines below it.
    bench.edit("roles/cs-lead.md", |t| {
        replace(t, "title: 客服主管", "title: 客服与质检主管")
    });
    // Its id: references to `cs-lead` now name nothing; then back.
    bench.edit("roles/cs-lead.md", |t| {
        replace(t, "---\ntitle:", "---\nid: cs-head\ntitle:")
    });
    bench.edit("roles/cs-lead.md", |t| {
        replace(t, "---\nid: cs-head\n", "---\n")
    });
    bench.edit("roles/cs-agent.md", |t| {
        replace(t, "reports_to: cs-lead", "reports_to: ops-director")
    });
    bench.edit("sops/customer-service/refund.md", |t| {
        replace(t, "last: 2026-03-20", "last: 2025-01-20")
    });
    bench.edit("sops/customer-service/refund.md", |t| {
        replace(t, "doc_no: OPS-SOP-003", "doc_no: OPS-SOP-099")
    });
    // Retired: leaves the reading order, the print page and the search index.
    bench.edit("sops/shift-handover.md", |t| {
        replace(t, "---\n", "---\nstatus: retired\n")
    });

    bench.edit("sops/new-procedure.md", |_| {
        Some(
            "---\ntitle: 新流程\nowners: [cs-lead]\nrelated: [\"sop:refund\"]\n---\n\n正文 [退款](customer-service/refund.md)。\n"
                .into(),
        )
    });
    bench.edit("sops/order-exception.md", |_| None);
    // A rename: one file goes, another comes.
    let from = bench.root().join("sops/promotion-prep.md");
    let to = bench.root().join("sops/promotion-preparation.md");
    std::fs::rename(&from, &to).unwrap();
    bench.rebuild_and_compare(&[from, to], "a rename");

    bench.edit("assets/logo.svg", |t| {
        replace(t, "<svg", "<svg data-edited=\"1\"")
    });
    bench.edit("handbook.yaml", |t| {
        replace(t, "title: 示例科技 运营服务手册", "title: 示例科技 手册")
    });
    let stats = bench.edit("index.md", |t| Some(t.unwrap() + "\n首页新增一段。\n"));
    assert!(stats.incremental);
}

#[test]
fn a_memo_or_site_that_cannot_be_trusted_means_a_full_build() {
    let mut bench = Bench::new();
    let memo = bench.dir.path().join("inc").join(MEMO_FILE);
    assert!(memo.is_file(), "the memo is kept in the site folder");

    // Cut short, as by a full disk or a build killed while writing it.
    let bytes = std::fs::read(&memo).unwrap();
    std::fs::write(&memo, &bytes[..bytes.len() / 2]).unwrap();
    let stats = bench.edit("sops/customer-service/refund.md", |t| {
        Some(t.unwrap() + "\n半段。\n")
    });
    assert!(!stats.incremental, "a memo cut short: a full build");
    assert!(memo.is_file(), "and a whole memo again after it");

    std::fs::write(&memo, b"{ not a memo").unwrap();
    let stats = bench.edit("sops/customer-service/refund.md", |t| {
        Some(t.unwrap() + "\n一段。\n")
    });
    assert!(!stats.incremental, "a broken memo: a full build");

    // A page of the site changed by someone else: the memo no longer describes the site.
    let page = bench.dir.path().join("inc/roles/cs-lead.html");
    std::fs::write(&page, b"changed by hand").unwrap();
    let stats = bench.edit("sops/customer-service/refund.md", |t| {
        Some(t.unwrap() + "\n又一段。\n")
    });
    assert!(!stats.incremental, "a changed site: a full build");

    // A full build without --incremental replaces the folder, memo and all: it would describe
    // an older site.
    let handbook = support::load(&bench.root());
    let index = Index::new(&handbook);
    render_site(&handbook, &index, None, &bench.options("inc"), &|_| {}).unwrap();
    assert!(!memo.exists());
    let stats = bench.incremental();
    assert!(!stats.incremental);
}

#[test]
fn build_incremental_on_the_command_line_updates_only_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("hb");
    support::copy_tree(&support::example_root(), &root);
    let out = dir.path().join("site");
    let build = |args: &[&str]| {
        let mut all = vec!["build", root.to_str().unwrap(), "--no-git", "--out"];
        all.extend([out.to_str().unwrap(), "--today", support::TODAY]);
        all.extend(args);
        support::opsbook(dir.path(), &all)
    };
    let first = build(&["--incremental"]);
    assert!(first.status.success(), "{first:?}");
    let page = root.join("sops/customer-service/refund.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text + "\n一段新的正文。\n").unwrap();
    let second = build(&["--incremental"]);
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(second.status.success(), "{second:?}");
    assert!(stdout.contains("built 1 of "), "{stdout}");
}
