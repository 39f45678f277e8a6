//! The search index in parts: recall of every Chinese substring (no cap on the text), no false
//! match for a run whose bigrams occur apart, each term in the shard its hash names, parts that
//! scale with the handbook. The JavaScript side of the same searches runs in tests/browser.rs.

mod support;

use support::search::{Rng, SiteIndex, chinese, random_handbook};

fn built(n: usize, seed: u64) -> (tempfile::TempDir, Vec<(String, String)>, SiteIndex) {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    let pages = random_handbook(&root, n, seed);
    let site = dir.path().join("site");
    support::build(&root, &site, None).expect("builds");
    let index = SiteIndex::read(&site);
    (dir, pages, index)
}

/// The Chinese runs of a page body (the generator separates them with `。` or ` ok `).
fn runs(body: &str) -> Vec<String> {
    support::search::split(body).0
}

#[test]
fn every_chinese_substring_of_two_or_more_characters_finds_its_document() {
    let (_dir, pages, index) = built(80, 7);
    let mut rng = Rng(11);
    let mut searched = 0;
    for (i, (href, body)) in pages.iter().enumerate() {
        // Every page's runs, and all of the long page; substrings of every start and length.
        let runs = runs(body);
        let sample: Vec<&String> = if i == pages.len() / 2 {
            runs.iter().collect()
        } else {
            runs.iter().filter(|_| rng.below(3) == 0).collect()
        };
        for run in sample {
            let chars: Vec<char> = run.chars().collect();
            for start in 0..chars.len() {
                for end in start + 2..=chars.len() {
                    let query: String = chars[start..end].iter().collect();
                    let found = index.search(&query);
                    assert!(found.contains(href), "`{query}` does not find {href}");
                    searched += 1;
                }
            }
        }
    }
    assert!(searched > 2000, "only {searched} queries");
}

#[test]
fn the_long_document_is_found_past_where_the_text_was_once_cut() {
    let (_dir, pages, index) = built(40, 3);
    let (href, body) = &pages[20];
    assert!(
        body.chars().count() > 3000,
        "{} characters",
        body.chars().count()
    );
    let last = runs(body).pop().expect("runs");
    assert!(index.search(&last).contains(href), "`{last}`");
    let doc = index
        .docs
        .iter()
        .find(|d| d["u"] == href.as_str())
        .expect("indexed");
    assert!(doc["x"].as_str().expect("text").ends_with(last.as_str()));
}

#[test]
fn a_run_is_found_only_where_it_occurs_not_where_its_bigrams_occur_apart() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    std::fs::create_dir_all(&root).expect("creatable");
    let write = |name: &str, body: &str| {
        std::fs::write(
            root.join(name),
            format!("---\ntitle: {name}\n---\n{body}\n"),
        )
        .expect("w")
    };
    std::fs::write(root.join("handbook.yaml"), "title: T\nlanguage: zh\n").expect("writable");
    write("apart.md", "甲乙。乙丙。");
    write("whole.md", "甲乙丙丁");
    write("english.md", "Refund escalation x");
    let site = dir.path().join("site");
    support::build(&root, &site, None).expect("builds");
    let index = SiteIndex::read(&site);
    assert_eq!(index.search("甲乙丙"), ["whole.html"]);
    let mut both = index.search("乙丙");
    both.sort();
    assert_eq!(both, ["apart.html", "whole.html"]);
    // A lone character filters the candidates of the other terms.
    assert_eq!(index.search("甲乙 丁"), ["whole.html"]);
    assert_eq!(index.search("REFUN"), ["english.html"]);
    assert_eq!(index.search("esc 甲乙"), Vec::<String>::new());
    assert!(index.search("zzqqxx").is_empty());
}

#[test]
fn parts_grow_in_number_not_in_size_and_the_manifest_stays_small() {
    let (dir, _, small) = built(20, 5);
    let (big_dir, _, big) = built(600, 5);
    let shards = |i: &SiteIndex| i.manifest["terms"].as_u64().expect("a count");
    assert!(shards(&big) > shards(&small), "{} shards", shards(&big));
    for site in [dir.path().join("site"), big_dir.path().join("site")] {
        let manifest = std::fs::metadata(site.join("_opsbook/search-index.js")).expect("there");
        assert!(manifest.len() < 1024, "{} bytes", manifest.len());
        let largest = support::files(&site.join("_opsbook/search"))
            .iter()
            .map(|f| {
                std::fs::metadata(site.join("_opsbook/search").join(f))
                    .expect("there")
                    .len()
            })
            .max()
            .expect("parts");
        assert!(largest < 96 * 1024, "a part of {largest} bytes");
    }
    // Random text of 28 characters: every bigram is there, in one of the shards.
    let mut rng = Rng(1);
    let run = chinese(&mut rng, 2);
    assert!(big.terms.contains_key(&run), "{run}");
}

#[test]
fn a_handbook_file_in_the_search_parts_folder_is_a_collision_not_an_overwrite() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    std::fs::create_dir_all(root.join("_opsbook/search")).expect("creatable");
    std::fs::write(root.join("handbook.yaml"), "title: T\nlanguage: zh\n").expect("writable");
    std::fs::write(root.join("a.md"), "---\ntitle: A\n---\n甲乙\n").expect("writable");
    std::fs::write(root.join("_opsbook/search/t-0.png"), "not a part").expect("writable");
    let err = support::build(&root, &dir.path().join("site"), None).expect_err("a collision");
    let message = format!("{err}");
    assert!(message.contains("_opsbook/search/t-0.png"), "{message}");
}
