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

/// Labels and short names on the page that are laid out on more than one line, as
/// `{checked, wrapped}`: dt labels, table headers, badges, dates, breadcrumb links, role links.
/// A line is a run of text boxes that overlap vertically.
const WRAPPED_LABELS: &str = r#"(() => {
  const sel = ['.step-facts dt', '.doc-facts dt', '.facts dt', '.control-table th', 'thead th',
    '.badge', 'time', '.crumbs a', '.schedule-by', '.schedule-last', '.schedule-due',
    '.doc-facts a[href*="roles/"]', '.step-facts a[href*="roles/"]', '.facts a[href*="roles/"]',
    '.control-table a', '.review-table td a', '.status-chip', '.chart-open'].join(', ');
  const lines = el => {
    const r = document.createRange();
    r.selectNodeContents(el);
    const rects = Array.from(r.getClientRects()).filter(q => q.width > 0 && q.height > 0)
      .sort((a, b) => a.top - b.top);
    let n = 0, bottom = -Infinity;
    for (const q of rects) {
      if (q.top >= bottom - 1) { n++; bottom = q.bottom; } else { bottom = Math.max(bottom, q.bottom); }
    }
    return n;
  };
  const els = Array.from(document.querySelectorAll(sel)).filter(e => e.getClientRects().length > 0);
  return {
    checked: els.length,
    wrapped: els.filter(e => lines(e) > 1).map(e => `${e.textContent.trim()} (${lines(e)} lines)`),
  };
})()"#;

#[test]
fn on_a_phone_and_a_desktop_labels_stay_whole_and_wide_things_scroll_in_their_box() {
    let Some(mut b) = browser() else { return };
    let dir = tempfile::tempdir().expect("a temp folder");
    let site = dir.path().join("site");
    support::build(&support::example_root(), &site, None).expect("the example builds");
    b.call("Page.enable", serde_json::json!({}));
    // From file://, as a handbook opened from a shared drive is.
    let url = |rel: &str| format!("file://{}/{rel}", site.display());
    let pages = [
        "sops/customer-service/complaint-handling.html",
        "sops/incident-triage.html",
        "workflows/complaint-escalation.html",
        "review.html",
        "overview/company.html",
        "roles/index.html",
        "kpis/first-response-time.html",
    ];
    let shots = std::env::var_os("OPSBOOK_SCREENSHOTS").map(std::path::PathBuf::from);
    for (width, height, mobile) in [(390, 844, true), (1280, 900, false)] {
        b.set_viewport(width, height, mobile);
        for page in pages {
            b.navigate(&url(page));
            let labels = b.eval(WRAPPED_LABELS);
            assert!(
                labels["checked"].as_u64().unwrap_or(0) >= 5,
                "{page} at {width}px: too few labels found: {labels}"
            );
            assert_eq!(
                labels["wrapped"],
                serde_json::json!([]),
                "{page} at {width}px: labels broken inside a word"
            );
            // Wide tables and charts scroll inside their box, never the page itself.
            let overflow = b.eval("document.documentElement.scrollWidth - window.innerWidth");
            assert!(
                overflow.as_i64().is_some_and(|o| o <= 0),
                "{page} at {width}px: the page is {overflow}px wider than the screen"
            );
            if let Some(dir) = shots.as_ref().filter(|_| mobile) {
                let name = page.replace('/', "_").replace(".html", ".png");
                std::fs::write(dir.join(name), b.screenshot()).expect("writable");
            }
        }
    }

    // At 390 px the flowchart scrolls in its box, which shows it (shadows painted by the
    // box's background), and opens full size.
    b.set_viewport(390, 844, true);
    let page = url("workflows/complaint-escalation.html");
    b.navigate(&page);
    let scroll = b.eval(
        "(() => { const s = document.querySelector('.chart-scroll'); const st = getComputedStyle(s); \
         return {more: s.scrollWidth - s.clientWidth, bg: st.backgroundAttachment, image: st.backgroundImage}; })()",
    );
    assert!(
        scroll["more"].as_i64().is_some_and(|m| m > 50),
        "the chart scrolls: {scroll}"
    );
    assert!(
        scroll["bg"].as_str().unwrap_or("").contains("local")
            && scroll["image"]
                .as_str()
                .unwrap_or("")
                .contains("radial-gradient"),
        "the box has scroll shadows: {scroll}"
    );
    let open = b.eval(
        "(() => { const a = document.querySelector('a.chart-open'); const r = a.getBoundingClientRect(); \
         return {href: a.getAttribute('href'), visible: r.width > 0 && r.right <= innerWidth}; })()",
    );
    assert_eq!(open["href"], "#ob-chart");
    assert_eq!(open["visible"], true, "{open}");
    assert_eq!(
        b.eval("getComputedStyle(document.querySelector('.chart-close')).display"),
        "none",
        "no close link while the chart is in the page"
    );
    b.eval("document.querySelector('a.chart-open').click(); true");
    let full = b.wait_for(
        "location.hash === '#ob-chart' && (() => { const f = document.getElementById('ob-chart'); \
         const r = f.getBoundingClientRect(); const svg = f.querySelector('svg'); \
         const close = f.querySelector('.chart-close a').getBoundingClientRect(); \
         return getComputedStyle(f).position === 'fixed' && r.top === 0 && r.left === 0 \
           && r.width === innerWidth && r.height === innerHeight && close.height > 0 && close.top >= 0 \
           && svg.getBoundingClientRect().width === svg.width.baseVal.value && svg.width.baseVal.value; })()",
        "the chart full size over the page, its close link showing",
    );
    assert!(full.as_f64().is_some_and(|w| w > 390.0), "{full}");
    b.eval("document.querySelector('.chart-close a').click(); true");
    b.wait_for(
        "location.hash === '#ob-chart-open' && getComputedStyle(document.getElementById('ob-chart')).position !== 'fixed'",
        "the chart back in the page",
    );

    // The review table scrolls in its box too, with the same shadows.
    b.navigate(&url("review.html"));
    let table = b.eval(
        "(() => { const s = document.querySelector('.table-wrap'); \
         return s.scrollWidth > s.clientWidth && getComputedStyle(s).backgroundAttachment.includes('local'); })()",
    );
    assert_eq!(
        table, true,
        "the review table scrolls in a box with shadows"
    );
}

/// `site.js`'s search, called without the page around it: the hrefs of every match.
fn js_search(b: &mut Browser, queries: &[String]) -> Vec<Vec<String>> {
    js_search_rounds(b, queries, None).0
}

/// [`js_search`] where each round may load at most `budget` document groups (going on as
/// "search more" does), and the rounds each query took.
fn js_search_rounds(
    b: &mut Browser,
    queries: &[String],
    budget: Option<u32>,
) -> (Vec<Vec<String>>, Vec<u64>) {
    let script = format!(
        "Promise.all({}.map(q => OPSBOOK_SEARCH_QUERY(q, 100000, {}))).then(rs => rs.map(r => [r.hrefs, r.rounds]))",
        serde_json::json!(queries),
        budget.map_or("undefined".to_string(), |b| b.to_string())
    );
    let found = b.eval(&script);
    let found = found.as_array().expect("a pair per query");
    let rounds = found
        .iter()
        .map(|r| r[1].as_u64().expect("rounds"))
        .collect();
    let found = found
        .iter()
        .map(|pair| {
            let hrefs = &pair[0];
            let mut hrefs: Vec<String> = hrefs
                .as_array()
                .expect("hrefs")
                .iter()
                .map(|h| h.as_str().expect("an href").to_string())
                .collect();
            hrefs.sort();
            hrefs
        })
        .collect();
    (found, rounds)
}

#[test]
fn the_browser_finds_what_the_index_holds_from_file_and_says_so_when_a_part_is_missing() {
    use support::search::{Rng, SiteIndex, chinese, random_handbook, split};
    let Some(mut b) = browser() else { return };
    let dir = tempfile::tempdir().expect("a temp folder");
    let root = dir.path().join("hb");
    let pages = random_handbook(&root, 60, 9);
    let site = dir.path().join("site");
    support::build(&root, &site, None).expect("builds");
    let index = SiteIndex::read(&site);
    b.call("Page.enable", serde_json::json!({}));
    b.navigate(&format!("file://{}/index.html", site.display()));

    // The shard hash: the vectors of the unit test in src/render/search.rs, and more.
    let terms = [
        "a",
        "re",
        "投诉",
        "𠀀a",
        "refund",
        "カタ",
        "",
        "x",
        "客户投诉",
    ];
    let script = format!(
        "{}.map(t => OPSBOOK_SEARCH_HASH(t))",
        serde_json::json!(terms)
    );
    let hashes = b.eval(&script);
    for (term, hash) in terms.iter().zip(hashes.as_array().expect("hashes")) {
        let expected = opsbook::render::search_shard_hash(term);
        assert_eq!(hash.as_u64(), Some(u64::from(expected)), "`{term}`");
    }

    // Substrings of sampled pages (each must find its page), random runs (mostly bigrams that
    // occur apart), words, a lone character with a run: the same matches as the Rust side.
    let mut rng = Rng(5);
    let mut queries = Vec::new();
    let mut wanted = Vec::new();
    for (href, body) in pages.iter().step_by(7) {
        for run in split(body).0.iter().take(4) {
            let chars: Vec<char> = run.chars().collect();
            let start = rng.below(chars.len() - 1);
            let end = start + 2 + rng.below(chars.len() - start - 1);
            queries.push(chars[start..end].iter().collect::<String>());
            wanted.push(Some(href.clone()));
        }
    }
    for len in [3, 3, 4, 5, 6] {
        queries.push(chinese(&mut rng, len));
        wanted.push(None);
    }
    for q in [
        "ok",
        "OK 客户",
        "客 户",
        "客户 o",
        "zzqqxx",
        "第3篇",
        "constructor",
        "__proto__ toString",
    ] {
        queries.push(q.to_string());
        wanted.push(None);
    }
    let found = js_search(&mut b, &queries);
    for ((query, want), js) in queries.iter().zip(&wanted).zip(&found) {
        let mut rust = index.search(query);
        rust.sort();
        assert_eq!(js, &rust, "`{query}`: site.js and the index disagree");
        if let Some(href) = want {
            assert!(js.contains(href), "`{query}` does not find {href}");
        }
    }
    assert!(
        found.iter().any(|f| f.is_empty()) && found.iter().any(|f| f.len() > 1),
        "queries with no match and with several"
    );

    // One document group per round: a search that must confirm (a run of three or more
    // characters) stops at its budget and goes on, and in the end finds the same.
    let (stepped, rounds) = js_search_rounds(&mut b, &queries, Some(1));
    assert_eq!(stepped, found, "stepping through the budget finds the same");
    assert!(
        rounds.iter().any(|&r| r > 1),
        "some search needed several rounds: {rounds:?}"
    );

    // The same in the page: with a budget of one group, a long run whose bigrams occur in many
    // documents shows "search more" until its match is found.
    let (long, href) = queries
        .iter()
        .zip(&wanted)
        .zip(&rounds)
        .filter(|((q, _), _)| q.chars().count() >= 3)
        .max_by_key(|(_, r)| **r)
        .map(|((q, w), _)| (q.clone(), w.clone()))
        .expect("a long query");
    let script = format!(
        "window.OPSBOOK_SEARCH_GROUPS = 1; const q = document.querySelector('input[type=search]'); \
         q.value = ''; q.dispatchEvent(new Event('input')); q.value = {}; \
         q.dispatchEvent(new Event('input')); true",
        serde_json::json!(long)
    );
    b.eval(&script);
    let mut clicks = 0;
    loop {
        let state = b.wait_for(
            "(() => { const box = document.getElementById('search-results'); if (box.hidden) return null; \
             const more = box.querySelector('.search-more'); if (more) return more.disabled ? null : 'more'; \
             const s = box.querySelector('.search-status'); \
             return s && !s.textContent.startsWith('正在') ? 'done' : null; })()",
            "results or a search-more button",
        );
        if state == "done" {
            break;
        }
        clicks += 1;
        assert!(clicks < 100, "`{long}` never finished");
        b.eval("document.querySelector('#search-results .search-more').click(); true");
    }
    assert!(clicks > 0, "`{long}` stopped at its budget at least once");
    let shown = b.eval("Array.from(document.querySelectorAll('#search-results a')).map(a => decodeURIComponent(a.pathname))");
    if let Some(href) = href {
        assert!(
            shown
                .as_array()
                .expect("hrefs")
                .iter()
                .any(|h| h.as_str().is_some_and(|h| h.ends_with(&href))),
            "`{long}` finds {href} after {clicks} clicks: {shown}"
        );
    }
    b.eval("window.OPSBOOK_SEARCH_GROUPS = 0; true");

    // A part that cannot be loaded: the box says so instead of waiting forever, and once the
    // file is back the same query works.
    let query = split(&pages[0].1).0[0].chars().take(2).collect::<String>();
    let shard = opsbook::render::search_shard_hash(&query) as u64
        % index.manifest["terms"].as_u64().expect("a count");
    let file = site.join(format!("_opsbook/search/t-{shard}.js"));
    let saved = std::fs::read(&file).expect("the shard");
    std::fs::remove_file(&file).expect("removable");
    b.navigate(&format!("file://{}/index.html", site.display()));
    b.eval("document.querySelector('input[type=search]').focus(); true");
    b.type_text(&query);
    let message = b.wait_for(
        "(document.querySelector('#search-results .search-error') || {}).textContent",
        "the failure message",
    );
    assert_eq!(message, "搜索索引加载失败，请稍后重试");
    std::fs::write(&file, saved).expect("writable");
    b.eval("const q = document.querySelector('input[type=search]'); q.value = ''; true");
    b.type_text(&query);
    b.wait_for(
        "document.querySelectorAll('#search-results a').length > 0",
        "results once the part is back",
    );
}
