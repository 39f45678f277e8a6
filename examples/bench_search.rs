//! Times search in a built site in headless Chromium, opened from `file://` as from a shared
//! drive: for each query, the bytes of search index files the page loaded and the milliseconds
//! from focusing the search field (where loading may start) to the results or "no match" being
//! shown; the median of RUNS fresh page loads. It reads only the page's DOM, so it times the
//! single-file index of older builds the same way. One tab-separated line per query:
//! `query  results-status  bytes  ms`.
//!
//! cargo run --release --example bench_search -- SITE [RUNS=5] [QUERY…]

#[allow(dead_code, unreachable_pub)] // shared with the tests, which use all of it
#[path = "../tests/support/cdp.rs"]
mod cdp;

use std::path::Path;

use serde_json::json;

/// Chinese bigrams, longer Chinese phrases, English words, queries that find nothing.
const QUERIES: &[&str] = &[
    "投诉",
    "退款",
    "质检",
    "客户投诉处理",
    "满意度回访",
    "知识库更新及时",
    // Every bigram common, the run itself rare: the worst case, many candidates to confirm.
    "质检抽查需要满意度回访需要服务质量需要",
    "refund",
    "escalation",
    "on-call rotation",
    "zzqqxx",
    "火星基地",
];

/// Marks the time the search field gets focus and the time results (or "no match", or a
/// failure) first appear, notes every index script the page adds (resource timing has no
/// entries for `file://`), then focuses the field.
const SETUP: &str = r#"(() => {
  const bench = window.__bench = { files: [] };
  new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => {
    if (n.tagName === 'SCRIPT' && n.src.includes('/_opsbook/search')) bench.files.push(n.src);
  }))).observe(document.head, { childList: true });
  const box = document.getElementById('search-results');
  const input = document.querySelector('input[type=search]');
  input.addEventListener('focus', () => { bench.focus = performance.now(); }, true);
  new MutationObserver(() => {
    if (bench.done) return;
    if (box.querySelector('.search-list, .search-empty, .search-error')) {
      bench.done = performance.now();
      bench.status = box.querySelector('.search-status').textContent;
    }
  }).observe(box, { childList: true, subtree: true });
  input.focus();
  return true;
})()"#;

const RESULT: &str = r#"({
  ms: window.__bench.done - window.__bench.focus,
  status: window.__bench.status,
  files: Array.from(new Set(window.__bench.files)),
})"#;

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(site) = args.first() else {
        eprintln!("usage: bench_search SITE [RUNS=5] [QUERY…]");
        std::process::exit(2);
    };
    let site = std::fs::canonicalize(site).expect("the site folder");
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let queries: Vec<&str> = match args.get(2..) {
        Some(given) if !given.is_empty() => given.iter().map(String::as_str).collect(),
        _ => QUERIES.to_vec(),
    };
    let chromium = cdp::find_chromium().expect("Chromium (apt-get install chromium)");
    let mut b = cdp::Browser::launch(&chromium);
    b.call("Page.enable", json!({}));
    let home = format!("file://{}/index.html", site.display());
    for query in queries {
        let (mut times, mut bytes, mut status) = (Vec::new(), 0, String::new());
        for _ in 0..runs {
            // A fresh load each time: nothing of the index stays in the page.
            b.navigate("about:blank");
            b.navigate(&home);
            b.eval(SETUP);
            b.call("Input.insertText", json!({ "text": query }));
            b.wait_for("window.__bench.done !== undefined", query);
            let result = b.eval(RESULT);
            times.push(result["ms"].as_f64().unwrap_or(f64::NAN));
            status = result["status"].as_str().unwrap_or("").to_string();
            bytes = result["files"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| f.as_str()?.strip_prefix("file://"))
                .map(|path| {
                    std::fs::metadata(Path::new(&percent_decode(path))).map_or(0, |m| m.len())
                })
                .sum::<u64>();
        }
        println!("{query}\t{status}\t{bytes}\t{:.1}", median(times));
    }
}
