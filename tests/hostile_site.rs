//! Hostile handbooks against the site build: a `theme:` reaching outside the handbook, and file
//! and folder names that read as URL schemes (`javascript:alert(1)`).

mod support;

use std::path::{Path, PathBuf};

use opsbook::lint::{self, Finding};
use opsbook::model::Index;
use opsbook::render::RenderError;
use support::html::parse;

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("creatable");
    std::fs::write(path, text).expect("writable");
}

/// A handbook at `dir/hb` whose handbook.yaml holds `config` after the title.
fn handbook(dir: &Path, config: &str) -> PathBuf {
    let root = dir.join("hb");
    write(
        &root,
        "handbook.yaml",
        &format!("title: T\nlanguage: en\n{config}"),
    );
    write(&root, "index.md", "---\ntitle: Home\n---\nHello.\n");
    root
}

fn check(root: &Path) -> Vec<Finding> {
    let handbook = support::load(root);
    lint::check_handbook(&handbook, &Index::new(&handbook), support::today())
}

/// The findings on `theme:` as `(file, line, rule)`.
fn theme_findings(root: &Path) -> Vec<(String, usize, &'static str)> {
    check(root)
        .into_iter()
        .filter(|f| f.message.contains("theme folder"))
        .map(|f| (f.file, f.line, f.rule))
        .collect()
}

/// A folder outside the handbook holding what must never be published.
fn foreign(dir: &Path) -> PathBuf {
    let outside = dir.join("outside");
    write(&outside, "style.css", "/* foreign */\n");
    write(&outside, "secret.txt", "secret\n");
    outside
}

fn assert_refused(root: &Path, out: &Path) {
    assert_eq!(
        theme_findings(root),
        [("handbook.yaml".to_string(), 3, "schema")],
        "{:?}",
        check(root)
    );
    let err = support::build(root, out, None).expect_err("the theme is refused");
    assert!(matches!(err, RenderError::ThemeOutside(_)), "{err:?}");
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn theme_outside_the_root_is_a_finding_and_not_copied() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let outside = foreign(dir.path());
    let out = dir.path().join("site");
    for theme in [
        "/etc".to_string(),
        "..".to_string(),
        ".".to_string(),
        outside.display().to_string(),
        "../outside".to_string(),
    ] {
        let root = handbook(dir.path(), &format!("theme: {theme}\n"));
        assert_refused(&root, &out);
    }
}

#[test]
fn a_theme_folder_that_is_a_symlink_to_outside_is_refused() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let outside = foreign(dir.path());
    let root = handbook(dir.path(), "theme: look\n");
    std::os::unix::fs::symlink(&outside, root.join("look")).expect("a symlink");
    assert_refused(&root, &dir.path().join("site"));
}

#[test]
fn turning_the_rule_off_does_not_let_the_build_read_outside() {
    let dir = tempfile::tempdir().expect("a temp folder");
    foreign(dir.path());
    let root = handbook(dir.path(), "theme: ../outside\nrules:\n  schema: off\n");
    assert_eq!(theme_findings(&root), []);
    let out = dir.path().join("site");
    let err = support::build(&root, &out, None).expect_err("the theme is refused");
    assert!(matches!(err, RenderError::ThemeOutside(_)), "{err:?}");
    assert!(!out.exists());
}

#[test]
fn a_missing_theme_folder_is_a_finding() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = handbook(dir.path(), "theme: nowhere\n");
    assert_eq!(
        theme_findings(&root),
        [("handbook.yaml".to_string(), 3, "schema")]
    );
}

#[test]
fn a_theme_publishes_only_stylesheets_scripts_fonts_and_images() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let outside = foreign(dir.path());
    let root = handbook(dir.path(), "theme: look\n");
    write(&root, "look/style.css", "/* house style */\n");
    write(&root, "look/notes.txt", "private notes\n");
    write(&root, "look/LICENSE", "private notes\n");
    write(
        &root,
        "look/extra.html",
        "{# a template, never published #}\n",
    );
    write(&root, "look/fonts/a.woff2", "font");
    write(&root, "look/logo.PNG", "png");
    // Symlinks inside a `theme:` folder are not followed.
    std::os::unix::fs::symlink(outside.join("style.css"), root.join("look/leak.css"))
        .expect("a symlink");
    std::os::unix::fs::symlink(&outside, root.join("look/more")).expect("a symlink");
    assert_eq!(theme_findings(&root), []);

    let out = dir.path().join("site");
    support::build(&root, &out, None).expect("builds");
    assert_eq!(
        support::read(&out, "_opsbook/style.css"),
        "/* house style */\n"
    );
    let (parts, published): (Vec<String>, Vec<String>) = support::files(&out.join("_opsbook"))
        .into_iter()
        .partition(|f| f.starts_with("search/"));
    assert_eq!(parts, ["search/d-0.js", "search/t-0.js"]);
    assert_eq!(
        published,
        [
            "fonts/a.woff2",
            "logo.PNG",
            "print.css",
            "search-index.js",
            "site.js",
            "style.css"
        ]
    );
    assert!(
        !out.join("look").exists(),
        "the theme is not content: {:?}",
        support::files(&out)
    );
    for file in support::files(&out) {
        let bytes = std::fs::read(out.join(&file)).expect("readable");
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("foreign") && !text.contains("private notes"),
            "{file} holds foreign bytes"
        );
    }
}

#[test]
fn a_theme_given_on_the_command_line_may_be_anywhere_but_publishes_only_its_file_types() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let outside = foreign(dir.path());
    let root = handbook(dir.path(), "");
    let out = dir.path().join("site");
    support::build(&root, &out, Some(&outside)).expect("builds");
    assert_eq!(support::read(&out, "_opsbook/style.css"), "/* foreign */\n");
    assert!(!out.join("_opsbook/secret.txt").exists());
}

/// The scheme a browser reads at the start of a URL, lower-cased (tabs and newlines are
/// dropped and surrounding spaces trimmed first, as the URL parser does).
fn scheme(url: &str) -> Option<String> {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// A handbook whose file and folder names, ids and titles are built to break out of hrefs.
fn scheme_named_handbook(dir: &Path) -> PathBuf {
    let root = handbook(dir, "");
    write(
        &root,
        "index.md",
        "---\ntitle: Home\n---\n[file](<./javascript:alert(2).md>) [web](https://example.com) [mail](mailto:a@example.com)\n",
    );
    write(
        &root,
        "javascript:alert(1)/doc.md",
        "---\ntitle: Folder doc\n---\nSee [the other](<../javascript:alert(2).md>).\n",
    );
    write(
        &root,
        "javascript:alert(1)/javascript:alert(3)/deep.md",
        "---\ntitle: Deep doc\n---\nDeep.\n",
    );
    write(
        &root,
        "javascript:alert(2).md",
        "---\ntitle: File doc\n---\nFile.\n",
    );
    write(
        &root,
        "sops/quote.md",
        "---\nid: '\"><script>alert(4)</script>'\ntitle: '\"><script>alert(5)</script>'\n---\nQuote.\n",
    );
    root
}

#[test]
fn names_that_look_like_url_schemes_never_make_a_live_link() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = scheme_named_handbook(dir.path());
    let out = dir.path().join("site");
    support::build(&root, &out, None).expect("builds");

    let mut links = 0;
    for file in support::files(&out) {
        if !file.ends_with(".html") {
            continue;
        }
        let html = support::read(&out, &file);
        assert!(
            !html.contains("<script>alert"),
            "{file} runs an injected script"
        );
        let page = parse(&html);
        for url in page.links.iter().chain(&page.canonical) {
            let scheme = scheme(url);
            assert!(
                matches!(scheme.as_deref(), None | Some("http" | "https" | "mailto")),
                "{file}: `{url}` has the scheme {scheme:?}"
            );
            links += usize::from(url.contains("javascript%3Aalert"));
        }
    }
    assert!(links > 10, "the hostile pages are linked ({links} links)");
    let home = parse(&support::read(&out, "index.html"));
    for expected in [
        "javascript%3Aalert(2).html",
        "https://example.com",
        "mailto:a@example.com",
    ] {
        assert!(
            home.links.iter().any(|l| l == expected),
            "{expected} in {:?}",
            home.links
        );
    }

    let index = support::search::SiteIndex::read(&out);
    let paths: Vec<&str> = index
        .docs
        .iter()
        .map(|d| d["u"].as_str().expect("a path"))
        .collect();
    assert!(paths.contains(&"javascript%3Aalert(1)/javascript%3Aalert(3)/deep.html"));
    for path in paths {
        assert_eq!(scheme(path), None, "search result `{path}`");
    }
}
