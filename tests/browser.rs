//! The built example site in a real headless Chromium: search in Chinese and English with the
//! keyboard, a rewritten link followed to its anchor, and print.html printed to PDF with page
//! numbers. Needs Debian's `chromium` (or `$CHROMIUM`); set OPSBOOK_SKIP_BROWSER=1 to skip.

mod support;

use support::cdp::{Browser, find_chromium};

fn browser() -> Option<Browser> {
    if std::env::var("OPSBOOK_SKIP_BROWSER").is_ok_and(|v| v == "1") {
        eprintln!("skipped: OPSBOOK_SKIP_BROWSER=1");
        return None;
    }
    let Some(binary) = find_chromium() else {
        panic!(
            "no Chromium found: install it (`apt-get install chromium` on Debian), set CHROMIUM=/path/to/chromium, \
             or set OPSBOOK_SKIP_BROWSER=1 to skip the browser tests"
        );
    };
    Some(Browser::launch(&binary))
}

/// The hrefs of the search results shown, once there are some.
fn results(b: &mut Browser, query: &str) -> Vec<String> {
    b.eval("const q = document.querySelector('input[type=search]'); q.value = ''; q.focus(); true");
    b.type_text(query);
    let hrefs = b.wait_for(
        "Array.from(document.querySelectorAll('#search-results a')).filter(a => a.offsetParent).map(a => decodeURIComponent(a.pathname))",
        &format!("results for {query}"),
    );
    hrefs
        .as_array()
        .expect("a list")
        .iter()
        .map(|h| h.as_str().unwrap_or("").to_string())
        .collect()
}

/// Does the page's text hold "第 n 页，共 total 页"? The 页 glyph may map back to a lookalike
/// (U+2EDA) through the font's ToUnicode CMap, so it is not compared.
fn shows_page_number(text: &str, n: usize, total: usize) -> bool {
    let text: String = text.split_whitespace().collect();
    let (page, of) = (format!("第{n}"), format!("，共{total}"));
    text.match_indices(&page).any(|(at, m)| {
        let mut rest = text[at + m.len()..].chars();
        rest.next().is_some_and(|c| !c.is_ascii_digit()) && rest.as_str().starts_with(&of)
    })
}

#[test]
fn the_site_searches_navigates_and_prints_in_chromium() {
    let Some(mut b) = browser() else { return };
    let dir = tempfile::tempdir().expect("a temp folder");
    let site = dir.path().join("site");
    support::build(&support::example_root(), &site, None).expect("the example builds");
    let server = support::serve::serve(&site);
    b.call("Page.enable", serde_json::json!({}));

    // Chinese: any substring of two or more characters, across word boundaries.
    b.navigate(&format!("{}/index.html", server.origin));
    let found = results(&mut b, "投诉处理");
    assert!(
        found
            .iter()
            .any(|h| h.ends_with("/sops/customer-service/complaint-handling.html")),
        "{found:?}"
    );
    let marked = b.eval("document.querySelector('#search-results mark').textContent");
    assert_eq!(marked, "投诉处理");

    // Keyboard: arrow down to the first result, Enter follows it.
    b.press("ArrowDown", 40);
    let focused = b.eval("document.activeElement.closest('#search-results') !== null && document.activeElement.tagName");
    assert_eq!(focused, "A");
    b.press("Enter", 13);
    b.wait_for("location.pathname.endsWith('complaint-handling.html') && document.readyState === 'complete'", "the first result");

    // English: words by prefix.
    let found = results(&mut b, "refun");
    assert!(
        found
            .iter()
            .any(|h| h.ends_with("/sops/customer-service/refund.html")),
        "{found:?}"
    );

    // A relative `.md` link in a body, rewritten to `.html`, followed to its heading anchor.
    b.navigate(&format!(
        "{}/sops/customer-service/complaint-handling.html",
        server.origin
    ));
    let href =
        b.eval("document.querySelector('.prose a[href*=\"cs-guide/\"]').getAttribute('href')");
    assert_eq!(
        href,
        "../../cs-guide/%E8%AF%9D%E6%9C%AF%E8%A7%84%E8%8C%83.html#%E6%8A%95%E8%AF%89%E5%AE%89%E6%8A%9A"
    );
    b.eval("document.querySelector('.prose a[href*=\"cs-guide/\"]').click(); true");
    b.wait_for("decodeURIComponent(location.pathname).endsWith('/cs-guide/话术规范.html') && document.readyState === 'complete'", "the linked page");
    let target =
        b.eval("document.getElementById(decodeURIComponent(location.hash.slice(1))).textContent");
    assert_eq!(target, "投诉安抚");

    // print.html: A4 pages with "page X of Y" in the margin boxes.
    b.navigate(&format!("{}/print.html", server.origin));
    let pdf = b.print_to_pdf();
    assert!(pdf.starts_with(b"%PDF-"));
    let page_objects = pdf
        .windows(12)
        .filter(|w| w.starts_with(b"/Type /Page") && w[11] != b's')
        .count();
    assert!(page_objects > 50, "{page_objects} pages");
    let pages = support::pdf::page_texts(&pdf);
    assert_eq!(pages.len(), page_objects);
    let total = pages.len();
    let numbered = (2..=total)
        .filter(|&n| shows_page_number(&pages[n - 1], n, total))
        .count();
    assert_eq!(
        numbered,
        total - 1,
        "pages after the cover with their number; page 2 reads {:?}",
        pages[1]
    );
    assert!(
        !shows_page_number(&pages[0], 1, total),
        "the cover has no page number"
    );

    // One SOP page printed alone is a controlled copy: its number, title and version on every
    // page, "第 X 页，共 Y 页", and the control block.
    b.navigate(&format!("{}/sops/incident-triage.html", server.origin));
    let pdf = b.print_to_pdf();
    let pages = support::pdf::page_texts(&pdf);
    let total = pages.len();
    assert!(total >= 2, "{total} pages");
    for (i, text) in pages.iter().enumerate() {
        let flat: String = text.split_whitespace().collect();
        assert!(
            flat.contains("OPS-SOP-006"),
            "page {} lacks the number: {text:?}",
            i + 1
        );
        assert!(
            flat.contains("1.9"),
            "page {} lacks the version: {text:?}",
            i + 1
        );
        assert!(
            shows_page_number(text, i + 1, total),
            "page {}: {text:?}",
            i + 1
        );
    }
}

#[test]
fn a_document_named_like_a_javascript_url_opens_as_a_page_and_runs_nothing() {
    let Some(mut b) = browser() else { return };
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    let write = |rel: &str, text: &str| std::fs::write(root.join(rel), text).expect("writable");
    std::fs::create_dir(&root).expect("creatable");
    write("handbook.yaml", "title: T\nlanguage: en\n");
    write("index.md", "---\ntitle: Home\n---\nHello.\n");
    write("about.md", "---\ntitle: About\n---\nAbout.\n");
    write(
        "javascript:window.__pwned=1;x.md",
        "---\ntitle: Pwnable\n---\nQuite safe.\n",
    );
    let site = dir.path().join("site");
    support::build(&root, &site, None).expect("builds");
    let server = support::serve::serve(&site);
    b.call("Page.enable", serde_json::json!({}));
    // Either the page opens or the script ran: whichever happens, it is seen at once.
    let arrived = "(decodeURIComponent(location.pathname).endsWith('/javascript:window.__pwned=1;x.html') \
                   && document.readyState === 'complete') || window.__pwned !== undefined";
    let check = |b: &mut Browser, what: &str| {
        b.wait_for(arrived, what);
        assert_eq!(
            b.eval("typeof window.__pwned"),
            "undefined",
            "{what} ran the script"
        );
        let title = b.eval("document.querySelector('.doc-title').textContent");
        assert_eq!(title, "Pwnable", "{what} opened the page");
    };

    // The sidebar of a page in the same section lists it.
    b.navigate(&format!("{}/about.html", server.origin));
    b.eval(
        "Array.from(document.querySelectorAll('nav a')).find(a => a.textContent.trim() === 'Pwnable').click(); true",
    );
    check(&mut b, "the sidebar link");

    // A search result from a page at the root, where the results' prefix is empty.
    b.navigate(&format!("{}/index.html", server.origin));
    let found = results(&mut b, "pwnable");
    assert_eq!(found.len(), 1, "{found:?}");
    b.eval("document.querySelector('#search-results a').click(); true");
    check(&mut b, "the search result");
}
