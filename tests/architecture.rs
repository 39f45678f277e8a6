//! The module order written in `src/lib.rs` holds: no module uses one on its own line or below,
//! and the files of one module do not use each other in a circle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module name → its line in the order of `lib.rs`'s doc comment.
fn layers(lib: &str) -> BTreeMap<String, usize> {
    let mut layers = BTreeMap::new();
    for line in lib.lines() {
        let Some(rest) = line.strip_prefix("//! ") else {
            continue;
        };
        let Some((number, names)) = rest.split_once(". ") else {
            continue;
        };
        let Ok(number) = number.parse::<usize>() else {
            continue;
        };
        for name in names.split(',') {
            let name = name.trim().trim_matches('`');
            assert!(
                layers.insert(name.to_string(), number).is_none(),
                "{name} listed twice"
            );
        }
    }
    layers
}

/// The crate paths one file names: `crate::a::b`, `super::c`, `crate::{a, b::c}`, as module
/// paths made absolute from `here` (the file's own module path).
fn references(source: &str, here: &[String]) -> BTreeSet<Vec<String>> {
    let code: String = source
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        let starts_word = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        let base: Option<(Vec<String>, usize)> = if !starts_word {
            None
        } else if rest.starts_with("crate::") {
            Some((Vec::new(), "crate::".len()))
        } else if rest.starts_with("super::") {
            let mut base = here.to_vec();
            let mut len = 0;
            while code[i + len..].starts_with("super::") {
                base.pop();
                len += "super::".len();
            }
            Some((base, len))
        } else {
            None
        };
        let Some((base, len)) = base else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let tail = &code[i + len..];
        for path in expand(tail) {
            let mut full = base.clone();
            full.extend(path);
            found.insert(full);
        }
        i += len;
    }
    found
}

/// `a::b::c` → [[a, b, c]]; `{a, b::c}` → [[a], [b, c]] (one level of braces, enough here).
fn expand(tail: &str) -> Vec<Vec<String>> {
    let path_of = |text: &str| -> Vec<String> {
        text.split("::")
            .map(|part| {
                part.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|part| !part.is_empty())
            .collect()
    };
    if let Some(group) = tail.strip_prefix('{') {
        let group = &group[..group.find('}').unwrap_or(group.len())];
        return group.split(',').map(|p| path_of(p.trim())).collect();
    }
    let end = tail
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(tail.len());
    vec![path_of(&tail[..end])]
}

/// Every library source file with its module path (`src/render/views/sop.rs` → render, views, sop).
fn library_files(src: &Path) -> Vec<(PathBuf, Vec<String>)> {
    let mut files = Vec::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path != src.join("cli") {
                    stack.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut module: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod") {
                module.pop();
            }
            if module == ["lib"] || module == ["main"] {
                continue;
            }
            files.push((path, module));
        }
    }
    files.sort();
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn every_module_uses_only_modules_above_it() {
    let src = src();
    let layers = layers(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut wrong = Vec::new();
    for (path, module) in library_files(&src) {
        let Some(&own) = layers.get(&module[0]) else {
            panic!("`{}` is not in the module order of src/lib.rs", module[0]);
        };
        let source = std::fs::read_to_string(&path).unwrap();
        for used in references(&source, &module) {
            let Some(top) = used.first() else { continue };
            if *top == module[0] {
                continue;
            }
            match layers.get(top) {
                Some(&layer) if layer < own => {}
                Some(_) => wrong.push(format!("{} uses `{}`", path.display(), used.join("::"))),
                // A crate-level item (`crate::today_from_clock`), not a module.
                None => {}
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "edges against the order in src/lib.rs:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_files_of_a_module_do_not_use_each_other_in_a_circle() {
    let src = src();
    let files = library_files(&src);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(_, m)| m.clone()).collect();
    // Edges between sibling modules: `render::svg` → `render::views`, at every depth.
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (path, module) in &files {
        let source = std::fs::read_to_string(path).unwrap();
        for used in references(&source, module) {
            for depth in 1..module.len() {
                let (from, to) = (&module[..=depth], used.get(..=depth));
                let Some(to) = to else { break };
                if from[..depth] != to[..depth] {
                    break;
                }
                if from != to && modules.contains(to) {
                    edges.entry(from.to_vec()).or_default().insert(to.to_vec());
                }
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        node: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        path: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<String> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let cycle: Vec<String> = path[at..]
                .iter()
                .chain([node])
                .map(|m| m.join("::"))
                .collect();
            return Some(cycle.join(" → "));
        }
        if !done.insert(node.clone()) {
            return None;
        }
        path.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        let found = visit(node, &edges, &mut Vec::new(), &mut done);
        assert!(
            found.is_none(),
            "a cycle between files of one module: {}",
            found.unwrap()
        );
    }
}

#[test]
fn the_reader_finds_the_edges_it_must_forbid() {
    let here = |m: &str| m.split("::").map(str::to_string).collect::<Vec<_>>();
    let found = references(
        "use crate::load::yaml::Tree;\nuse super::{svg, site::Site};\nlet x = super::super::ids::Y;\n// crate::hidden\n",
        &here("render::views::sop"),
    );
    let found: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        [
            "load::yaml::Tree",
            "render::ids::Y",
            "render::views::site::Site",
            "render::views::svg"
        ]
    );
    let order = layers("//! 1. `a`, `b`\n//! 2. `c`\n");
    assert_eq!(order["b"], 1);
    assert_eq!(order["c"], 2);
}
