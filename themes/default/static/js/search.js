// Client-side search over the sharded index lumbar writes below
// /search/index/ (src/search/mod.rs describes its files). A query fetches the
// manifest, the language's stemmer, the one or two term shards of each word
// and the files of the results it shows; nothing else. Without JavaScript the
// search form submits to /search/, which says so and lists the site's pages.
(function () {
  "use strict";
  // The manifest carries the stop words and weights the index was built
  // with; these are the defaults of an English site until it arrives.
  var STOP = "a an and are as at be but by do for from has have i if in into is it its me my of on or so that the their them then there these they this to was we were what when which who will with you your".split(" ");
  var WEIGHTS = [1, 3, 4, 8]; // body, description (and FAQ answers), heading, title
  // How much a match counts by how it matched: the word as typed, another
  // word with its stem, a synonym's word, the start of a longer word, one
  // typo away.
  var EXACT = 1, STEMMED = 0.8, SYNONYM = 0.8, PREFIX = 0.6, TYPO = 0.4;
  var SNIPPET = 180;

  // Words as lumbar indexes them (src/search/mod.rs, `tokens_in`): split on
  // anything not alphabetic or numeric in Unicode's sense (so Devanagari
  // vowel signs stay inside their word), lowercased, two characters or
  // more, stop words dropped. tests/testsuite/search_parity.rs runs this under node.
  function tokens(s, stop) {
    stop = stop || STOP;
    return s.toLowerCase().split(/[^\p{Alphabetic}\p{N}]+/u).filter(function (w) {
      return Array.from(w).length >= 2 && stop.indexOf(w) < 0;
    });
  }
  // At most one insertion, deletion, substitution or swap apart.
  function near(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0; while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  function upperBound(arr, key) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] <= key) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // The index: `get(url)` fetches JSON, `loadStem(url)` a stemmer script
  // (a browser adds a <script>; the tests under node require it).
  function Engine(metaUrl, get, loadStem) {
    this.url = metaUrl;
    this.base = metaUrl.replace(/[^\/]*$/, "");
    this.get = get;
    this.loadStem = loadStem;
    this.stop = STOP;
    this.weights = WEIGHTS;
    this.stemFn = function (w) { return w; };
    this.stems = Object.create(null);
    this.shards = Object.create(null);
    this.vocab = Object.create(null);
    this.docs = Object.create(null);
  }
  Engine.prototype.ready = function () {
    var e = this;
    if (!e.loading) {
      e.loading = e.get(e.url).then(function (m) {
        e.meta = m;
        e.stop = m.stop || [];
        e.weights = m.weights || WEIGHTS;
        return m.stem ? e.loadStem(e.file(m.stem)).then(function (f) { e.stemFn = f; }) : null;
      }).then(function () {
        // Synonym keys compared by stem, longest first, so "slipped disc"
        // wins over "disc".
        var syn = e.meta.syn || {};
        e.syn = Object.keys(syn).map(function (k) {
          return {
            key: tokens(k, e.stop).map(e.stem, e),
            alts: syn[k].map(function (a) { return tokens(a, e.stop); }).filter(function (a) { return a.length; })
          };
        }).filter(function (s) { return s.key.length && s.alts.length; })
          .sort(function (a, b) { return b.key.length - a.key.length; });
        return e;
      });
      // A failed load is tried again on the next query.
      e.loading.catch(function () { e.loading = null; });
    }
    return e.loading;
  };
  Engine.prototype.file = function (name) { return this.base + name + "?v=" + this.meta.id; };
  Engine.prototype.stem = function (w) {
    var s = this.stems[w];
    if (s === undefined) s = this.stems[w] = this.stemFn(w);
    return s;
  };
  // The shard a key would be in: the last whose first key is not after it.
  Engine.prototype.shardOf = function (key) { return Math.max(0, upperBound(this.meta.shards, key) - 1); };
  Engine.prototype.shard = function (n) {
    var e = this;
    if (n >= e.meta.shards.length) return Promise.resolve(null);
    if (!e.shards[n]) {
      e.shards[n] = e.get(e.file("t/" + n + ".json")).then(function (list) {
        var map = new Map();
        list.forEach(function (x) { map.set(x[0], x); });
        return { list: list, map: map };
      });
      e.shards[n].catch(function () { delete e.shards[n]; });
    }
    return e.shards[n];
  };
  // A key's entry: [key, postings or 0, other words with this stem].
  Engine.prototype.entry = function (key) {
    return this.shard(this.shardOf(key)).then(function (s) { return s && s.map.get(key); });
  };
  Engine.prototype.words = function (ch) {
    var e = this, name = "v/" + ch.codePointAt(0).toString(16) + ".json";
    if (!e.vocab[name]) e.vocab[name] = e.get(e.file(name)).catch(function () { return []; });
    return e.vocab[name];
  };
  Engine.prototype.doc = function (n) {
    var e = this;
    if (!e.docs[n]) e.docs[n] = e.get(e.file("d/" + n + ".json"));
    return e.docs[n];
  };

  // Every document one query word matches, with its best score, and the
  // words of the site that matched it (for highlighting). `prefix`: also
  // longer words it starts (the word being typed); `typo`: also words one
  // typo away (words the patient typed, not a synonym's).
  Engine.prototype.word = function (w, prefix, typo) {
    var e = this, s = e.stem(w), lists = [], seen = Object.create(null), known = false;
    function add(entry, tier) {
      if (entry && entry[1] && !seen[entry[0]]) { seen[entry[0]] = 1; lists.push([entry[1], tier, entry[0]]); }
    }
    return Promise.all([e.entry(w), e.entry(s)]).then(function (r) {
      add(r[0], EXACT);
      add(r[1], STEMMED);
      var forms = ((r[1] && r[1][2]) || []).filter(function (f) { return !seen[f]; }).slice(0, 40);
      return Promise.all(forms.map(function (f) { return e.entry(f); })).then(function (found) {
        found.forEach(function (x) { add(x, STEMMED); });
        known = lists.length > 0;
        return prefix && Array.from(w).length >= 2 ? e.prefixed(w) : [];
      });
    }).then(function (longer) {
      longer.forEach(function (x) { add(x, PREFIX); });
      var docs = e.score(lists);
      // A typo is guessed only for longer words, only for a word the site
      // does not have in any form, and only when the words it starts
      // find almost nothing: "belt" must not become "best".
      if (!typo || known || Array.from(w).length < 5 || docs.size >= 3) return docs;
      return e.words(w[0]).then(function (vocab) {
        var guesses = vocab.filter(function (v) { return near(w, v) && !seen[v]; }).slice(0, 6);
        return Promise.all(guesses.map(function (g) { return e.entry(g); })).then(function (found) {
          found.forEach(function (x) { add(x, TYPO); });
          return e.score(lists);
        });
      });
    }).then(function (docs) {
      return { docs: docs, words: lists.map(function (l) { return l[2]; }) };
    });
  };
  // Longer words starting with `w`, the commonest twenty, from its shard
  // and at most the next one.
  Engine.prototype.prefixed = function (w) {
    var e = this, n = e.shardOf(w);
    function collect(s, out) {
      if (!s) return false;
      var i = upperBound(s.list.map(function (x) { return x[0]; }), w);
      for (; i < s.list.length && s.list[i][0].lastIndexOf(w, 0) === 0; i++) {
        if (s.list[i][1]) out.push(s.list[i]);
      }
      // Ran off the end while still matching: the next shard may go on.
      return i === s.list.length;
    }
    return e.shard(n).then(function (s) {
      var out = [];
      return collect(s, out) ? e.shard(n + 1).then(function (t) { collect(t, out); return out; }) : out;
    }).then(function (out) {
      return out.sort(function (a, b) { return b[1].length - a[1].length; }).slice(0, 20);
    });
  };
  // Postings (document delta × 4 + weight code) to document → best score.
  Engine.prototype.score = function (lists) {
    var docs = new Map(), weights = this.weights;
    lists.forEach(function (l) {
      var p = l[0], doc = 0;
      for (var k = 0; k < p.length; k++) {
        doc += p[k] >> 2;
        var s = weights[p[k] & 3] * l[1];
        if (!(docs.get(doc) >= s)) docs.set(doc, s);
      }
    });
    return docs;
  };
  // The query as units to match: a word, or a phrase that has synonyms,
  // which matches as itself or as any of them.
  Engine.prototype.units = function (words) {
    var e = this, stems = words.map(e.stem, e), out = [];
    for (var i = 0; i < words.length;) {
      var hit = null;
      for (var k = 0; k < e.syn.length && !hit; k++) {
        var key = e.syn[k].key;
        if (key.every(function (s, j) { return stems[i + j] === s; })) hit = e.syn[k];
      }
      var len = hit ? hit.key.length : 1, alts = [{ words: words.slice(i, i + len), factor: 1 }];
      if (hit) hit.alts.forEach(function (a) { alts.push({ words: a, factor: SYNONYM }); });
      out.push(alts);
      i += len;
    }
    return out;
  };
  // Ranked results for `q`: { hits: [[doc, score]…], partial, marks }.
  // Every unit must match; when no page has them all, pages with some of
  // them are shown, and `partial` says so. The last word also matches as
  // the start of a longer one while it is being typed.
  Engine.prototype.search = function (q, typing) {
    var e = this;
    return e.ready().then(function () {
      var words = tokens(q, e.stop);
      if (!words.length) return { hits: [], partial: false, marks: {} };
      var units = e.units(words), last = typing && /[\p{Alphabetic}\p{N}]$/u.test(q) ? words[words.length - 1] : null;
      var need = [];
      units.forEach(function (alts) { alts.forEach(function (a) { a.words.forEach(function (w) { if (need.indexOf(w) < 0) need.push(w); }); }); });
      return Promise.all(need.map(function (w) { return e.word(w, w === last, words.indexOf(w) >= 0); })).then(function (res) {
        var by = Object.create(null), marks = Object.create(null);
        need.forEach(function (w, i) { by[w] = res[i].docs; res[i].words.forEach(function (m) { marks[m] = 1; }); });
        var total = new Map(), count = new Map();
        units.forEach(function (alts) {
          var best = new Map();
          alts.forEach(function (a) {
            var m = null;
            a.words.forEach(function (w) {
              var s = by[w];
              if (!m) { m = new Map(s); return; }
              var n = new Map();
              m.forEach(function (v, d) { var x = s.get(d); if (x) n.set(d, v + x); });
              m = n;
            });
            // A longer alternative must not outscore the words typed for
            // having more words: scored per word of what was typed.
            var scale = a.factor * alts[0].words.length / a.words.length;
            m.forEach(function (v, d) { v *= scale; if (!(best.get(d) >= v)) best.set(d, v); });
          });
          best.forEach(function (v, d) { total.set(d, (total.get(d) || 0) + v); count.set(d, (count.get(d) || 0) + 1); });
        });
        var hits = [], partial = false;
        total.forEach(function (v, d) { if (count.get(d) === units.length) hits.push([d, v]); });
        if (!hits.length && units.length > 1) {
          total.forEach(function (v, d) { hits.push([d, v * count.get(d) / units.length]); });
          partial = hits.length > 0;
        }
        hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        return { hits: hits, partial: partial, marks: marks };
      });
    });
  };
  // Results `from`…`from + n` of a search, as shown: title, address (to the
  // heading the best match is under), context and snippet.
  Engine.prototype.present = function (found, from, n) {
    var e = this;
    return Promise.all(found.hits.slice(from, from + n).map(function (h) {
      return e.doc(h[0]).then(function (d) { return present(d, found.marks); });
    }));
  };
  function present(d, marks) {
    var s = snippet(d.x || "", marks), url = d.u, context = d.c;
    if (s.at >= 0 && d.h) {
      for (var i = d.h.length - 1; i >= 0; i--) {
        if (d.h[i][2] <= s.at) { url = d.u + "#" + d.h[i][1]; context = d.h[i][0]; break; }
      }
    }
    return { title: d.t, url: url, context: context, kind: d.k, snippet: s.parts };
  }
  // The stretch of `text` with the most matched words, as parts
  // [text, highlighted?]; `at` is the first match's place, or -1.
  function snippet(text, marks) {
    var re = /[\p{Alphabetic}\p{N}]+/gu, m, hits = [];
    while ((m = re.exec(text))) {
      var w = m[0].toLowerCase();
      if (marks[w]) hits.push([m.index, m.index + m[0].length, w]);
    }
    var best = 0, bestCount = 0;
    for (var i = 0; i < hits.length; i++) {
      var seen = Object.create(null), count = 0;
      for (var j = i; j < hits.length && hits[j][1] - hits[i][0] <= SNIPPET - 40; j++) {
        if (!seen[hits[j][2]]) { seen[hits[j][2]] = 1; count++; }
      }
      if (count > bestCount) { best = i; bestCount = count; }
    }
    var start = hits.length ? Math.max(0, hits[best][0] - 40) : 0;
    if (start > 0) { var sp = text.indexOf(" ", start); start = sp >= 0 && sp < hits[best][0] ? sp + 1 : start; }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) { var back = text.lastIndexOf(" ", end); if (back > start + SNIPPET / 2) end = back; }
    var parts = [], at = start;
    hits.forEach(function (h) {
      if (h[0] < start || h[1] > end) return;
      if (h[0] > at) parts.push([text.slice(at, h[0]), false]);
      parts.push([text.slice(h[0], h[1]), true]);
      at = h[1];
    });
    if (at < end) parts.push([text.slice(at, end), false]);
    if (start > 0 && parts.length) parts.unshift(["…", false]);
    if (end < text.length) parts.push(["…", false]);
    return { parts: parts, at: hits.length ? hits[best][0] : -1 };
  }

  if (typeof document === "undefined") {
    if (typeof module !== "undefined") {
      module.exports = { tokens: tokens, near: near, snippet: snippet, Engine: Engine, STOP: STOP, WEIGHTS: WEIGHTS };
    }
    return;
  }

  var forms = document.querySelectorAll("form.search");
  if (!forms.length) return;
  var engine = new Engine(
    new URL(forms[0].getAttribute("data-index"), location.href).href,
    function (url) {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
    },
    function (url) {
      return new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = url;
        s.onload = function () { resolve(window.lumbarStem); };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
  );
  // Words the theme translates, from i18n/<language>.toml.
  var help = document.getElementById("search-help");
  function say(name, fallback, values) {
    var s = (help && help.getAttribute("data-" + name)) || fallback;
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(values[k]); });
    return s;
  }
  function counted(n, q) {
    return n === 1 ? say("one", "1 result for “{query}”", { query: q }) : say("many", "{count} results for “{query}”", { count: n, query: q });
  }
  // A snippet's parts as text and <mark>s: never as HTML, so nothing in a
  // page's text can inject markup.
  function snippetNode(parts, tag) {
    var el = document.createElement(tag);
    el.className = "result-snippet";
    parts.forEach(function (p) {
      if (p[1]) { var m = document.createElement("mark"); m.textContent = p[0]; el.appendChild(m); }
      else el.appendChild(document.createTextNode(p[0]));
    });
    return el;
  }
  // "No results", with where to go instead: the FAQs, booking, contact.
  function noResults(q) {
    var box = document.createElement("div");
    box.className = "search-none";
    var p = document.createElement("p");
    p.className = "search-none-title";
    p.textContent = say("none", "No results for “{query}”.", { query: q });
    box.appendChild(p);
    if (help && help.content) box.appendChild(help.content.cloneNode(true));
    return box;
  }

  // One ARIA combobox per search form (header, search page, 404 page):
  // type to search, arrow keys to move, Enter to open, Escape to close.
  // The options are plain text, not links, so nothing interactive is nested
  // in them; choosing one navigates. Enter with nothing chosen submits to
  // the results page.
  function attach(form) {
    var input = form.querySelector("input");
    var list = form.querySelector("[role=listbox]");
    var status = form.querySelector("[aria-live]");
    var empty = document.createElement("div");
    empty.className = "search-empty";
    empty.hidden = true;
    // Clicking a suggestion's link must not blur the input first.
    empty.addEventListener("mousedown", function (e) { if (e.target.closest("a")) e.preventDefault(); });
    empty.addEventListener("click", function (e) { var a = e.target.closest("a"); if (a) location.href = a.href; });
    form.appendChild(empty);
    var active = -1, results = [], total = 0, query = "", seq = 0;
    function all() { return form.action + "?q=" + encodeURIComponent(query); }
    function render() {
      list.textContent = "";
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        li.className = "result result-" + (r.kind || "more");
        var t = document.createElement("span"); t.className = "result-title"; t.textContent = r.title;
        li.appendChild(t);
        if (r.context) { var c = document.createElement("span"); c.className = "result-context"; c.textContent = r.context; li.appendChild(c); }
        if (r.snippet && r.snippet.length) li.appendChild(snippetNode(r.snippet, "span"));
        li.addEventListener("mousedown", function (e) { e.preventDefault(); go(i); });
        list.appendChild(li);
      });
      var open = results.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (active >= 0) input.setAttribute("aria-activedescendant", list.id + "-" + active);
      else input.removeAttribute("aria-activedescendant");
      var none = !open && query.trim() !== "" && total === 0;
      empty.textContent = "";
      if (none) empty.appendChild(noResults(query));
      empty.hidden = !none;
      status.textContent = query.trim() ? (total ? counted(total, query) : say("none", "No results for “{query}”.", { query: query })) : "";
    }
    function go(i) { if (results[i]) location.href = results[i].url; }
    function update() {
      var q = input.value, mine = ++seq;
      if (!q.trim()) { results = []; total = 0; query = q; active = -1; render(); return; }
      engine.search(q, true).then(function (found) {
        return engine.present(found, 0, 8).then(function (shown) {
          if (mine !== seq) return;
          query = q; total = found.hits.length; active = -1; results = shown;
          if (total > shown.length) results.push({ title: say("all", "See all {count} results", { count: total }), url: all() });
          render();
        });
      }).catch(function (err) { if (mine === seq) { status.textContent = ""; } console.error(err); });
    }
    input.addEventListener("focus", function () { engine.ready().catch(function () {}); });
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!results.length) return;
        e.preventDefault();
        active = (active + (e.key === "ArrowDown" ? 1 : -1) + results.length) % results.length;
        render();
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        go(active);
      } else if (e.key === "Escape") {
        results = []; total = -1; active = -1; render();
      }
    });
    input.addEventListener("blur", function () { setTimeout(function () { results = []; total = -1; render(); }, 150); });
  }
  // A site's own base.html from before lumbar drew the form server-side
  // may still hide it until this script runs.
  Array.prototype.forEach.call(forms, function (f) { f.hidden = false; attach(f); });

  // The results page: every result for ?q=, ten at a time.
  var page = document.querySelector(".search-page");
  if (page) {
    var q = new URLSearchParams(location.search).get("q") || "";
    var pageInput = document.querySelector("#search-page-input");
    if (pageInput) pageInput.value = q;
    if (q.trim()) {
      engine.search(q, false).then(function (found) {
        var ol = page.querySelector("ol"), h = page.querySelector("h2"), shown = 0, more = null;
        function next() {
          return engine.present(found, shown, 10).then(function (rs) {
            rs.forEach(function (r) {
              var li = document.createElement("li"), a = document.createElement("a");
              li.className = "result result-" + r.kind;
              a.href = r.url; a.textContent = r.title;
              var t = document.createElement("h3"); t.className = "result-title"; t.appendChild(a); li.appendChild(t);
              if (r.context) { var c = document.createElement("p"); c.className = "meta"; c.textContent = r.context; li.appendChild(c); }
              if (r.snippet.length) li.appendChild(snippetNode(r.snippet, "p"));
              ol.appendChild(li);
            });
            shown += rs.length;
            if (more) more.hidden = shown >= found.hits.length;
          });
        }
        h.textContent = found.hits.length ? counted(found.hits.length, q) : say("none", "No results for “{query}”.", { query: q });
        if (found.partial) {
          var note = document.createElement("p"); note.className = "notice search-partial";
          note.textContent = say("partial", "No page has all of those words; these have some of them.");
          h.after(note);
        }
        if (!found.hits.length) { var box = noResults(q); box.firstChild.remove(); ol.after(box); }
        if (found.hits.length > 10) {
          more = document.createElement("button");
          more.type = "button"; more.className = "button search-more";
          more.textContent = say("more", "Show more results");
          more.addEventListener("click", next);
          ol.after(more);
        }
        page.hidden = false;
        return next();
      });
    }
  }
  // The matcher for tests and for people curious from the console.
  window.lumbarSearch = function (q) {
    return engine.search(q, false).then(function (found) { return engine.present(found, 0, 8); });
  };
})();
