/* opsbook default theme: the menu button and search. No dependencies; works from file://. */
(function () {
  "use strict";

  // The same split as the build's index (src/render/search.rs): CJK runs become overlapping
  // bigrams, other letters and digits lower-cased words matched by prefix.
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]|[\ud840-\ud87f][\udc00-\udfff]/;
  var ALNUM = /[\p{L}\p{N}]/u;
  var MAX_RESULTS = 20;
  // Term shards a query loads at most (about 32 KB each; see src/render/search.rs).
  var MAX_SHARDS = 12;
  // Document groups (about 16 KB each) one search loads at most before it asks whether to go
  // on: with the shards, a query stays under 1.5 MB even when thousands of documents hold
  // every bigram of a long phrase and few hold the phrase. A test may lower it.
  var MAX_GROUPS = 48;
  function groupBudget() { return window.OPSBOOK_SEARCH_GROUPS || MAX_GROUPS; }

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

  // The shard of an index term: FNV-1a over the code points of its first two characters, as
  // `shard_hash` in src/render/search.rs computes it.
  function shardHash(term) {
    var hash = 0x811c9dc5, i = 0;
    for (var ch of term) {
      if (i++ === 2) break;
      hash = Math.imul(hash ^ ch.codePointAt(0), 0x01000193);
    }
    return hash >>> 0;
  }

  // Postings "3,5A,10B" → Map of document number → flags (1: in the title, 2: in the summary).
  function decode(postings) {
    var out = new Map(), last = 0;
    if (!postings) return out;
    postings.split(",").forEach(function (entry) {
      var code = entry.charCodeAt(entry.length - 1), flags = 0;
      if (code >= 65 && code <= 90) { flags = code - 64; entry = entry.slice(0, -1); }
      last += parseInt(entry, 36);
      out.set(last, flags);
    });
    return out;
  }

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  // Rough rank from the postings alone: a term in the title or summary counts most.
  function weight(flags) { return (flags & 1 ? 20 : 0) + (flags & 2 ? 6 : 0); }

  // Occurrences of `term` in `text`, counting up to `max`.
  function count(text, term, max) {
    var n = 0, at = text.indexOf(term);
    while (at >= 0 && n < max) { n++; at = text.indexOf(term, at + term.length); }
    return n;
  }

  // The index arrives in parts, each a script calling OPSBOOK_SEARCH_PART(name, json) (fetch is
  // refused on file://): the manifest `index`, term shards `t-N`, document data `d-N`. One
  // promise per part; a part that fails to load rejects and is forgotten, so a later query
  // tries again.
  function Index(indexUrl) {
    this.indexUrl = indexUrl;
    this.dir = indexUrl.replace(/[^/]*$/, "") + "search/";
    this.parts = {};
    this.lower = new Map();
    var self = this;
    window.OPSBOOK_SEARCH_PART = function (name, json) {
      var part = own(self.parts, name) && self.parts[name];
      if (part && part.data === undefined) {
        try { part.data = JSON.parse(json); } catch (e) { part.data = undefined; }
      }
    };
  }

  Index.prototype.part = function (name) {
    var parts = this.parts;
    if (own(parts, name)) return parts[name].promise;
    var part = parts[name] = {};
    var src = name === "index" ? this.indexUrl : this.dir + name + ".js";
    part.promise = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      function fail() {
        script.remove();
        if (parts[name] === part) delete parts[name];
        reject(new Error("cannot load search part " + name));
      }
      script.onload = function () {
        if (part.data === undefined) { fail(); return; }
        script.remove();
        resolve(part.data);
      };
      script.onerror = fail;
      script.src = src;
      document.head.appendChild(script);
    });
    return part.promise;
  };

  // Document n: {u, t, k, s, x} (see SearchDoc in src/render/search.rs).
  Index.prototype.doc = function (meta, n) {
    return this.part("d-" + Math.floor(n / meta.group)).then(function (docs) { return docs[n % meta.group]; });
  };

  // [title, summary, text] of document n, lower-cased, computed once.
  Index.prototype.fields = function (n, d) {
    if (!this.lower.has(n)) this.lower.set(n, [d.t.toLowerCase(), d.s.toLowerCase(), d.x.toLowerCase()]);
    return this.lower.get(n);
  };

  // Find `text`: {terms, hits: [{n, doc, score}] (best first, at most `limit`), total, exact,
  // more}. `exact` is false when candidates were left unconfirmed, so `total` is a lower bound;
  // `more`, when set, goes on confirming them (another `budget` of groups) and gives the next
  // result. `budget`: document groups to load at most (default: all).
  Index.prototype.search = function (text, limit, budget) {
    var self = this, q = split(text);
    var terms = q.runs.concat(q.words);
    var none = { terms: terms, hits: [], total: 0, exact: true };
    if (!terms.length || Array.from(text.trim()).length < 2) return Promise.resolve(none);
    // Runs of two or more characters and words of two or more letters are looked up; a lone
    // character only filters the candidates.
    var runs = q.runs.map(function (run) { return Array.from(run); }).filter(function (c) { return c.length >= 2; });
    var words = q.words.filter(function (w) { return Array.from(w).length >= 2; });
    if (!runs.length && !words.length) return Promise.resolve(none);
    var confirm = q.runs.some(function (r) { return Array.from(r).length !== 2; }) ||
      q.words.some(function (w) { return Array.from(w).length < 2; });
    var meta, shards = {}, grams;
    return this.part("index").then(function (m) {
      meta = m;
      self.kinds = m.kinds;
      var wanted = new Set();
      words.forEach(function (w) { wanted.add(shardHash(w) % meta.terms); });
      // A long query looks up bigrams from at most MAX_SHARDS shards (each run at least one);
      // the text confirms the rest.
      grams = runs.map(function (chars) {
        var kept = [];
        for (var i = 0; i + 1 < chars.length; i++) {
          var gram = chars[i] + chars[i + 1], n = shardHash(gram) % meta.terms;
          if (!kept.length || wanted.has(n) || wanted.size < MAX_SHARDS) { wanted.add(n); kept.push(gram); }
        }
        return kept;
      });
      return Promise.all(Array.from(wanted).map(function (n) {
        return self.part("t-" + n).then(function (shard) { shards[n] = shard; });
      }));
    }).then(function () {
      function shard(term) { return shards[shardHash(term) % meta.terms]; }
      // One group of posting maps per run (its bigrams) and per word (one map, the union of
      // the words it begins).
      var groups = grams.map(function (kept) {
        return kept.map(function (gram) {
          var s = shard(gram);
          return decode(own(s, gram) ? s[gram] : "");
        });
      });
      words.forEach(function (w) {
        var s = shard(w), union = new Map();
        Object.keys(s).forEach(function (k) {
          if (k.lastIndexOf(w, 0) === 0) decode(s[k]).forEach(function (f, n) { union.set(n, (union.get(n) || 0) | f); });
        });
        groups.push([union]);
      });
      var maps = [].concat.apply([], groups).sort(function (a, b) { return a.size - b.size; });
      var candidates = [];
      maps[0].forEach(function (_, n) {
        if (maps.every(function (m) { return m.has(n); })) candidates.push(n);
      });
      var rough = new Map();
      candidates.forEach(function (n) {
        rough.set(n, groups.reduce(function (sum, group) {
          return sum + weight(group.reduce(function (f, m) { return f & m.get(n); }, 3));
        }, 0));
      });
      candidates.sort(function (a, b) { return rough.get(b) - rough.get(a) || a - b; });
      return self.confirm(meta, q, terms, candidates, confirm, limit, budget || Infinity);
    });
  };

  // Load candidates' documents, best first, in batches; keep those that hold every Chinese run
  // (bigrams can all occur without the run itself) and score them on their text. At most
  // `budget` document groups are loaded; should candidates remain, the result's `more` goes on.
  Index.prototype.confirm = function (meta, q, terms, candidates, confirm, limit, budget) {
    // A run of three or more characters whose bigrams are all common but which itself is rare
    // costs text, never recall: `more` reaches every candidate.
    var self = this, hits = [], checked = 0, size = limit, groups = new Set();
    var shortWords = q.words.filter(function (w) { return Array.from(w).length < 2; });
    function result() {
      hits.sort(function (a, b) { return b.score - a.score || a.n - b.n; });
      var exact = !confirm || checked >= candidates.length;
      var out = { terms: terms, hits: hits.slice(0, limit), total: confirm ? hits.length : candidates.length, exact: exact };
      if (confirm && !exact && hits.length < limit) {
        out.more = function (more) {
          budget = more || Infinity;
          groups = new Set();
          return Promise.resolve().then(next);
        };
      }
      return out;
    }
    function next() {
      if (checked >= candidates.length || hits.length >= limit || (checked > 0 && !confirm)) return result();
      // Batches double while they find too little, so a rare run among thousands of
      // candidates does not wait on thousands of round trips; they stop at the budget.
      var batch = [];
      while (batch.length < size && checked < candidates.length) {
        var n = candidates[checked], group = Math.floor(n / meta.group);
        // Without confirming, one batch of `limit` is the answer: the budget is for confirming.
        if (!groups.has(group)) {
          if (confirm && groups.size >= budget) break;
          groups.add(group);
        }
        batch.push(n);
        checked++;
      }
      if (!batch.length) return result();
      size = Math.min(size * 2, 1280);
      return Promise.all(batch.map(function (n) { return self.doc(meta, n); })).then(function (docs) {
        batch.forEach(function (n, i) {
          var d = docs[i], f = self.fields(n, d), score = 0;
          for (var j = 0; j < terms.length; j++) {
            var t = terms[j];
            var inTitle = f[0].indexOf(t) >= 0, inSummary = f[1].indexOf(t) >= 0, inText = count(f[2], t, 5);
            var checkedTerm = q.runs.indexOf(t) >= 0 || shortWords.indexOf(t) >= 0;
            if (checkedTerm && !inTitle && !inSummary && !inText) return;
            score += (inTitle ? 20 : 0) + (inSummary ? 6 : 0) + inText;
          }
          hits.push({ n: n, doc: d, score: score });
        });
        return next();
      });
    }
    return Promise.resolve().then(next);
  };

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
    var index = new Index(form.getAttribute("data-index"));
    var latest = 0;

    // For tests and benchmarks: the same search without the page around it.
    window.OPSBOOK_SEARCH_HASH = shardHash;
    // With a `budget` of document groups, a search stopped at it goes on (as "search more"
    // does) until it is done; `rounds` says how many it took.
    window.OPSBOOK_SEARCH_QUERY = function (text, limit, budget) {
      var rounds = 1;
      function done(r) {
        if (r.more && budget) { rounds++; return r.more(budget).then(done); }
        return { total: r.total, exact: r.exact, rounds: rounds, hrefs: r.hits.map(function (h) { return h.doc.u; }) };
      }
      return index.search(text, limit || MAX_RESULTS, budget).then(done);
    };

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

    // A button that goes on with a search stopped at its budget.
    function further(result) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "search-more";
      button.textContent = form.getAttribute("data-more");
      button.addEventListener("click", function () {
        var mine = latest;
        button.disabled = true;
        button.textContent = form.getAttribute("data-loading");
        result.more(groupBudget()).then(function (next) {
          if (mine === latest) { results(next); input.focus(); }
        }, function () {
          if (mine === latest) show([status(form.getAttribute("data-failed"), "search-status search-error")]);
        });
      });
      return button;
    }

    function results(result) {
      if (!result.hits.length && result.more) {
        show([status(form.getAttribute("data-partial"), "search-status search-empty"), further(result)]);
        return;
      }
      if (!result.hits.length) { show([status(form.getAttribute("data-none"), "search-status search-empty")]); return; }
      var list = document.createElement("ul");
      list.className = "search-list";
      result.hits.forEach(function (hit) {
        var doc = hit.doc;
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
        kind.textContent = (index.kinds && own(index.kinds, doc.k) && index.kinds[doc.k]) || doc.k;
        var snip = document.createElement("span");
        snip.className = "sr-snippet";
        highlight(snip, snippet(doc, index.fields(hit.n, doc), result.terms), result.terms);
        a.appendChild(title);
        a.appendChild(kind);
        a.appendChild(snip);
        li.appendChild(a);
        list.appendChild(li);
      });
      var unit = form.getAttribute(result.total === 1 && result.exact ? "data-count-one" : "data-count");
      var nodes = [status(result.total + (result.exact ? "" : "+") + " " + unit), list];
      if (result.more) nodes.push(further(result));
      show(nodes);
    }

    function run() {
      var text = input.value.trim(), mine = ++latest;
      if (!text) { show([]); return; }
      // Say so when the parts take a moment (a slow shared drive); a quick answer replaces it.
      var slow = setTimeout(function () {
        if (mine === latest) show([status(form.getAttribute("data-loading"))]);
      }, 150);
      index.search(text, MAX_RESULTS, groupBudget()).then(function (result) {
        clearTimeout(slow);
        if (mine === latest) results(result);
      }, function () {
        clearTimeout(slow);
        if (mine === latest) show([status(form.getAttribute("data-failed"), "search-status search-error")]);
      });
    }

    function load() {
      index.part("index").catch(function () {});
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
