//! Writes a handbook whose one document carries many findings, for benchmarking how `check`
//! scales with the number of findings in one file:
//!
//! - `keys N`: a page with N unknown front-matter keys (N `unknown-field` findings);
//! - `links BYTES PER_LINE`: a page of about BYTES whose body is broken links, PER_LINE to a
//!   line (one `broken-link` finding each; a large PER_LINE makes one very long line).
//!
//! cargo run --release --example gen_findings -- OUT_DIR keys 100000
//! cargo run --release --example gen_findings -- OUT_DIR links 7000000 1

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| -> usize {
        args.get(i)
            .and_then(|a| a.parse().ok())
            .expect("usage: gen_findings OUT_DIR (keys N | links BYTES PER_LINE)")
    };
    let out = Path::new(&args[0]);
    let mut page = String::from("---\ntitle: 大量问题\n");
    match args.get(1).map(String::as_str) {
        Some("keys") => {
            for i in 0..number(2) {
                let _ = writeln!(page, "未知字段-{i}: 值 {i}");
            }
            page.push_str("---\n\n正文。\n");
        }
        Some("links") => {
            let (bytes, per_line) = (number(2), number(3).max(1));
            page.push_str("---\n\n");
            let mut i = 0;
            while page.len() < bytes {
                let _ = write!(page, "见[文档{i}](missing-{i}.md)，请先阅读相关流程说明。");
                i += 1;
                if i % per_line == 0 {
                    page.push('\n');
                }
            }
            page.push('\n');
        }
        _ => panic!("usage: gen_findings OUT_DIR (keys N | links BYTES PER_LINE)"),
    }
    std::fs::create_dir_all(out).unwrap();
    std::fs::write(out.join("handbook.yaml"), "title: 基准\n").unwrap();
    std::fs::write(out.join("page.md"), page).unwrap();
}
