//! Incremental builds (`build --incremental` and `serve`'s rebuilds) write the same site as a
//! full build, byte for byte, after every kind of edit: a body, front matter that changes
//! titles and references, ids, a document added, deleted, renamed or retired, handbook.yaml,
//! an asset; and after a memo or a site that cannot be trusted.

mod support;

use std::path::{Path, PathBuf};

use opsbook::model::Index;
use opsbook::render::{Inputs, MEMO_FILE, Options, Stats, render_site, render_site_incremental};
use opsbook::{Preview, Settings, Today};

/// A copy of the example handbook, a site built incrementally from it, one kept by a preview
/// (serve's way), and one built in full after each edit to compare both with.
struct Bench {
    dir: tempfile::TempDir,
    preview: Preview,
}

impl Bench {
    fn new() -> Bench {
        Bench::with(|_| {})
    }

    /// The example handbook with what `more` adds to it.
    fn with(more: impl FnOnce(&Path)) -> Bench {
        let dir = tempfile::tempdir().unwrap();
        support::copy_tree(&support::example_root(), &dir.path().join("hb"));
        more(&dir.path().join("hb"));
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
        render_site_incremental(
            Inputs {
                handbook: &handbook,
                index: &index,
                history: None,
                options: &self.options("inc"),
            },
            &|_| {},
        )
        .unwrap()
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
        render_site(
            Inputs {
                handbook: &handbook,
                index: &index,
                history: None,
                options: &self.options("full"),
            },
            &|_| {},
        )
        .unwrap();
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

/// A change to one file of the handbook.
enum Edit {
    /// Text added at the end.
    Append(&'static str),
    /// The first `.0`, which must be there, replaced by `.1`.
    Replace(&'static str, &'static str),
    /// A new file with this text.
    Create(&'static str),
    Delete,
    /// Moved to this path: one file goes, another comes.
    RenameTo(&'static str),
}

/// What the incremental build must have done, besides writing the full build's site: anything
/// (a full build included), update the site in place, and render at most two pages or fewer
/// than half of them.
#[derive(Clone, Copy)]
enum Expect {
    Same,
    InPlace,
    OwnPage,
    FewPages,
}

#[test]
fn every_kind_of_edit_builds_the_same_site_as_a_full_build() {
    use Edit::*;
    use Expect::*;
    const REFUND: &str = "sops/customer-service/refund.md";
    const NEW_SOP: &str = "---\ntitle: 新流程\nowners: [cs-lead]\nrelated: [\"sop:refund\"]\n---\n\n正文 [退款](customer-service/refund.md)。\n";
    // A body; front matter that changes references (owners); a role's title, shown on every
    // page that links it and in reporting lines below it; its id (references to `cs-lead` then
    // name nothing) and back; a document retired (it leaves the reading order, the print page
    // and the search index), added, deleted, renamed; an asset; handbook.yaml; the home page.
    #[rustfmt::skip]
    let edits = [
        (REFUND, Append("\n## 补充说明\n\n新增一段正文，链接到 [客服主管](../../roles/cs-lead.md)。\n"), OwnPage),
        (REFUND, Replace("owners: [cs-lead]", "owners: [cs-agent, qa-specialist]"), FewPages),
        ("roles/cs-lead.md", Replace("title: 客服主管", "title: 客服与质检主管"), Same),
        ("roles/cs-lead.md", Replace("---\ntitle:", "---\nid: cs-head\ntitle:"), Same),
        ("roles/cs-lead.md", Replace("---\nid: cs-head\n", "---\n"), Same),
        ("roles/cs-agent.md", Replace("reports_to: cs-lead", "reports_to: ops-director"), Same),
        (REFUND, Replace("last: 2026-03-20", "last: 2025-01-20"), Same),
        (REFUND, Replace("doc_no: OPS-SOP-003", "doc_no: OPS-SOP-099"), Same),
        ("sops/shift-handover.md", Replace("---\n", "---\nstatus: retired\n"), Same),
        ("sops/new-procedure.md", Create(NEW_SOP), Same),
        ("sops/order-exception.md", Delete, Same),
        ("sops/promotion-prep.md", RenameTo("sops/promotion-preparation.md"), Same),
        ("assets/logo.svg", Replace("<svg", "<svg data-edited=\"1\""), Same),
        ("handbook.yaml", Replace("title: 示例科技 运营服务手册", "title: 示例科技 手册"), Same),
        ("index.md", Append("\n首页新增一段。\n"), InPlace),
    ];
    let mut bench = Bench::new();
    for (rel, edit, expect) in edits {
        let stats = match edit {
            Append(more) => bench.edit(rel, |t| Some(t.expect("the file exists") + more)),
            Replace(from, to) => bench.edit(rel, |t| replace(t, from, to)),
            Create(text) => bench.edit(rel, |_| Some(text.to_string())),
            Delete => bench.edit(rel, |_| None),
            RenameTo(to) => {
                let (from, to) = (bench.root().join(rel), bench.root().join(to));
                std::fs::rename(&from, &to).unwrap();
                bench.rebuild_and_compare(&[from, to], &format!("renaming {rel}"))
            }
        };
        let done = match expect {
            Same => true,
            InPlace => stats.incremental,
            OwnPage => stats.incremental && stats.rendered <= 2,
            FewPages => stats.incremental && stats.rendered < stats.pages / 2,
        };
        assert!(done, "after editing {rel}: {stats:?}");
    }
}

#[test]
fn edits_that_move_documents_between_print_volumes_build_the_same_site() {
    // One more note than a print volume holds: the notes' chapter is printed in two volumes.
    // A note added before the others moves the last of the first volume into the second; an
    // edit inside the second volume; notes deleted until one print page holds the chapter.
    // Adding or deleting a document changes the reading order, which every page reads, so
    // those are full builds: what is checked is that each way of building (a full build, the
    // incremental one, serve's) leaves no volume stale or behind.
    let pages = |root: &Path| {
        let handbook = support::load(root);
        let page = |d: &&opsbook::model::Document| {
            d.kind == opsbook::model::Kind::Page && d.path != "index.md"
        };
        handbook.documents.iter().filter(page).count()
    };
    let notes = opsbook::render::PRINT_VOLUME + 1 - pages(&support::example_root());
    let mut bench = Bench::with(|root| {
        std::fs::create_dir_all(root.join("notes")).unwrap();
        for i in 0..notes {
            let text =
                format!("---\ntitle: 笔记 {i:04}\n---\n\n见[客服主管](../roles/cs-lead.md)。\n");
            std::fs::write(root.join(format!("notes/n{i:04}.md")), text).unwrap();
        }
    });
    let volumes = |bench: &Bench| -> Vec<String> {
        let print = bench.dir.path().join("inc/print");
        let mut names: Vec<String> = std::fs::read_dir(print)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("page-"))
            .collect();
        names.sort();
        names
    };
    assert_eq!(volumes(&bench), ["page-1.html", "page-2.html"]);
    let last = notes - 1;
    let first = format!("---\ntitle: 笔记 0000 之前\n---\n\n见 [最后一篇](n{last:04}.md)。\n");
    bench.edit("notes/a-first.md", |_| Some(first));
    let stats = bench.edit(&format!("notes/n{last:04}.md"), |t| {
        Some(t.expect("the file exists") + "\n补充。\n")
    });
    assert!(stats.incremental && stats.rendered <= 2, "{stats:?}");
    bench.edit("notes/n0100.md", |_| None);
    assert_eq!(volumes(&bench), ["page-1.html", "page-2.html"]);
    // Down to one volume's worth: one print page again, the volumes gone.
    bench.edit("notes/n0200.md", |_| None);
    assert!(volumes(&bench).is_empty());
    assert!(bench.dir.path().join("inc/print/page.html").is_file());
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
    render_site(
        Inputs {
            handbook: &handbook,
            index: &index,
            history: None,
            options: &bench.options("inc"),
        },
        &|_| {},
    )
    .unwrap();
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
    // The example handbook is in Chinese: "1 of N pages".
    assert!(stdout.contains("个页面中的 1 个"), "{stdout}");
}
