//! Helpers shared by the site tests: building a handbook into a folder, and reading the HTML
//! back (ids, links, well-formedness) with html5ever's tokenizer.

#![allow(dead_code)] // each test crate uses a different part of this module

pub mod cdp;
pub mod html;
pub mod pdf;
pub mod serve;

use std::path::{Path, PathBuf};

use opsbook::model::{Date, Handbook, Index};
use opsbook::render::{Options, RenderError, Stats, render_site};

pub const TODAY: &str = "2026-11-23";

pub fn today() -> Date {
    Date::parse(TODAY).expect("a valid date")
}

/// The example handbook of the repository.
pub fn example_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("handbook")
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/render")
        .join(name)
}

pub fn load(root: &Path) -> Handbook {
    opsbook::load::load_handbook(root).expect("the handbook loads")
}

/// Build `root` into `out` with the test's fixed date.
pub fn build(root: &Path, out: &Path, theme: Option<&Path>) -> Result<Stats, RenderError> {
    let handbook = load(root);
    let index = Index::new(&handbook);
    let options = Options {
        out: out.to_path_buf(),
        today: today(),
        theme: theme.map(Path::to_path_buf),
    };
    render_site(&handbook, &index, &options, &|_| {})
}

/// Every file under `dir`, relative and `/`-separated, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .expect("under dir")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Every file of a tree with its bytes, for comparing two builds.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).expect("readable file");
            (f, bytes)
        })
        .collect()
}

pub fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

/// Copy a folder tree (to make a handbook to modify).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("creatable folder");
    for entry in std::fs::read_dir(from).expect("readable folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            if entry.file_name() != "_site" {
                copy_tree(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).expect("copyable file");
        }
    }
}
