/* opsbook default theme: the menu button and search. No dependencies; works from file://. */
(function () {
  "use strict";

  // The same split as the build's index (src/render/search.rs): CJK runs become overlapping
  // bigrams, other letters and digits lower-cased words matched by prefix.
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]|[\ud840-\ud87f][\udc00-\udfff]/;
  var ALNUM = /[\p{L}\p{N}]/u;
  var MAX_RESULTS = 20;

  function split(text) {
    var runs = [], words = [], run = "", word = "";
    function flush() {
      if (run) { runs.push(run); run = ""; }
      if (word) { words.push(word); word = ""; }
    }
    for (var ch of text) {
      if (CJK.test(ch)) {
        if (word) { words.push(word); word = ""; }
        run += ch;
      } else if (ALNUM.test(ch)) {
        if (run) { runs.push(run); run = ""; }
        word += ch.toLowerCase();
      } else {
        flush();
      }
    }
    flush();
    return { runs: runs, words: words };
  }

  function decode(postings) {
    var out = [], last = 0;
    if (!postings) return out;
    postings.split(",").forEach(function (d) { last += parseInt(d, 36); out.push(last); });
    return out;
  }

  function intersect(a, b) {
    var set = new Set(b);
    return a.filter(function (x) { return set.has(x); });
  }

  function Searcher(data) {
    this.docs = data.docs;
    this.kinds = data.kinds;
    this.grams = data.grams;
    this.words = data.words;
    this.wordKeys = Object.keys(data.words);
    this.lower = [];
  }

  // [title, summary, text] of document n, lower-cased, computed once.
  Searcher.prototype.fields = function (n) {
    if (!this.lower[n]) {
      var d = this.docs[n];
      this.lower[n] = [d.t.toLowerCase(), d.s.toLowerCase(), d.x.toLowerCase()];
    }
    return this.lower[n];
  };

  Searcher.prototype.candidates = function (q) {
    var self = this, sets = [];
    q.runs.forEach(function (run) {
      var chars = Array.from(run);
      if (chars.length === 1) {
        var hits = [];
        self.docs.forEach(function (d, n) {
          if (self.fields(n).some(function (f) { return f.indexOf(run) >= 0; })) hits.push(n);
        });
        sets.push(hits);
        return;
      }
      for (var i = 0; i + 1 < chars.length; i++) sets.push(decode(self.grams[chars[i] + chars[i + 1]]));
    });
    q.words.forEach(function (w) {
      var acc = new Set();
      self.wordKeys.forEach(function (k) {
        if (k.lastIndexOf(w, 0) === 0) decode(self.words[k]).forEach(function (n) { acc.add(n); });
      });
      sets.push(Array.from(acc));
    });
    if (!sets.length) return [];
    sets.sort(function (a, b) { return a.length - b.length; });
    return sets.reduce(intersect);
  };

  Searcher.prototype.search = function (text) {
    var self = this, q = split(text);
    var terms = q.runs.concat(q.words);
    if (!terms.length || Array.from(text.trim()).length < 2) return { terms: terms, hits: [] };
    var hits = [];
    this.candidates(q).forEach(function (n) {
      var f = self.fields(n), cut = self.docs[n].c, score = 0;
      for (var i = 0; i < terms.length; i++) {
        var t = terms[i];
        var inTitle = f[0].indexOf(t) >= 0, inSummary = f[1].indexOf(t) >= 0, inText = count(f[2], t, 5);
        // Bigrams can all occur without the run itself: confirm CJK runs as substrings.
        if (!inTitle && !inSummary && !inText && !(cut || q.words.indexOf(t) >= 0)) return;
        score += (inTitle ? 20 : 0) + (inSummary ? 6 : 0) + inText;
      }
      hits.push({ n: n, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.n - b.n; });
    return { terms: terms, hits: hits };
  };

  // Occurrences of `term` in `text`, counting up to `max`.
  function count(text, term, max) {
    var n = 0, at = text.indexOf(term);
    while (at >= 0 && n < max) { n++; at = text.indexOf(term, at + term.length); }
    return n;
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // Append `text` to `parent`, wrapping every occurrence of a term in <mark>.
  function highlight(parent, text, terms) {
    if (!terms.length) { parent.appendChild(document.createTextNode(text)); return; }
    var re = new RegExp(terms.map(escapeRegExp).sort(function (a, b) { return b.length - a.length; }).join("|"), "gi");
    var last = 0, m;
    while ((m = re.exec(text))) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.appendChild(mark);
      last = m.index + m[0].length;
      if (m[0].length === 0) re.lastIndex++;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // The summary when it mentions a term (or the title does), else some words around the first
  // match in the text.
  function snippet(doc, lower, terms) {
    var mentions = function (text) { return terms.some(function (t) { return text.indexOf(t) >= 0; }); };
    if (doc.s && (mentions(lower[1]) || mentions(lower[0]))) return doc.s;
    var lowerText = lower[2], at = -1;
    terms.forEach(function (t) {
      var i = lowerText.indexOf(t);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    });
    if (at < 0) return doc.s || doc.x.slice(0, 110);
    var start = Math.max(0, at - 30), end = Math.min(doc.x.length, at + 90);
    return (start > 0 ? "…" : "") + doc.x.slice(start, end) + (end < doc.x.length ? "…" : "");
  }

  function setupSearch() {
    var form = document.querySelector("form.search");
    if (!form) return;
    var input = form.querySelector("input[type=search]");
    var box = document.getElementById("search-results");
    var root = document.body.getAttribute("data-root") || "";
    var searcher = null, loading = false;

    function load() {
      if (searcher || loading) return;
      if (window.OPSBOOK_SEARCH) { searcher = new Searcher(window.OPSBOOK_SEARCH); return; }
      loading = true;
      var script = document.createElement("script");
      script.src = form.getAttribute("data-index");
      script.onload = function () {
        loading = false;
        if (window.OPSBOOK_SEARCH) searcher = new Searcher(window.OPSBOOK_SEARCH);
        run();
      };
      script.onerror = function () { loading = false; };
      document.head.appendChild(script);
    }

    function show(nodes) {
      box.textContent = "";
      nodes.forEach(function (n) { box.appendChild(n); });
      box.hidden = nodes.length === 0;
    }

    function status(text, cls) {
      var p = document.createElement("p");
      p.className = cls || "search-status";
      p.textContent = text;
      return p;
    }

    function run() {
      var text = input.value.trim();
      if (!text) { show([]); return; }
      if (!searcher) {
        load();
        if (!searcher) { show([status(form.getAttribute("data-loading"))]); return; }
      }
      var result = searcher.search(text);
      if (!result.hits.length) { show([status(form.getAttribute("data-none"), "search-status search-empty")]); return; }
      var list = document.createElement("ul");
      list.className = "search-list";
      result.hits.slice(0, MAX_RESULTS).forEach(function (hit) {
        var doc = searcher.docs[hit.n];
        var li = document.createElement("li");
        var a = document.createElement("a");
        // Index paths are encoded so they cannot start with a scheme; `./` keeps even a
        // hand-edited index relative on the root's own pages, where `root` is empty.
        a.href = (root || "./") + doc.u;
        var title = document.createElement("span");
        title.className = "sr-title";
        highlight(title, doc.t, result.terms);
        var kind = document.createElement("span");
        kind.className = "sr-kind";
        kind.textContent = searcher.kinds[doc.k] || doc.k;
        var snip = document.createElement("span");
        snip.className = "sr-snippet";
        highlight(snip, snippet(doc, searcher.fields(hit.n), result.terms), result.terms);
        a.appendChild(title);
        a.appendChild(kind);
        a.appendChild(snip);
        li.appendChild(a);
        list.appendChild(li);
      });
      var unit = form.getAttribute(result.hits.length === 1 ? "data-count-one" : "data-count");
      show([status(result.hits.length + " " + unit), list]);
    }

    function links() { return Array.prototype.slice.call(box.querySelectorAll("a")); }

    function move(delta) {
      var all = links();
      if (!all.length) return;
      var at = all.indexOf(document.activeElement);
      var next = at + delta;
      if (next < 0) { input.focus(); return; }
      all[Math.min(next, all.length - 1)].focus();
    }

    input.addEventListener("focus", load);
    input.addEventListener("input", run);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var first = links()[0];
      if (first) first.click();
    });
    form.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Escape") { show([]); input.focus(); }
    });
    document.addEventListener("click", function (e) {
      if (!form.contains(e.target)) box.hidden = true;
    });
    input.addEventListener("focus", function () { if (box.childNodes.length && input.value.trim()) box.hidden = false; });

    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; load(); run(); }
  }

  function setupMenu() {
    var toggle = document.querySelector(".nav-toggle");
    if (!toggle) return;
    toggle.addEventListener("click", function () {
      var open = document.body.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && document.body.classList.contains("nav-open")) {
        document.body.classList.remove("nav-open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  setupMenu();
  setupSearch();
})();
