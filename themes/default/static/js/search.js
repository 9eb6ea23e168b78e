// Client-side search over /search-index.json (built by `lumbar build`).
// Without JavaScript the search form submits to /search/, which says so and
// lists the site's pages.
(function () {
  "use strict";
  // Stop words and field weights come with the index (lumbar writes them
  // from the same definitions it indexes with); these are used until then.
  var STOP = "a an and are as at be but by do for from has have i if in into is it its me my of on or so that the their them then there these they this to was we were what when which who will with you your".split(" ");
  var WEIGHTS = [1, 3, 4, 8]; // body, description, heading, title

  // Words as lumbar indexes them (src/search.rs, `tokens`): split on
  // anything not alphabetic or numeric in Unicode's sense (so Devanagari
  // vowel signs stay inside their word), lowercased, two characters or
  // more, stop words dropped. tests/testsuite/search_parity.rs runs this under node.
  function tokens(s) {
    return s.toLowerCase().split(/[^\p{Alphabetic}\p{N}]+/u).filter(function (w) {
      return Array.from(w).length >= 2 && STOP.indexOf(w) < 0;
    });
  }
  // The same slugs lumbar gives ASCII headings; the index stores an id only
  // when it differs from this.
  function slug(s) {
    var out = "", dash = false;
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      if (/[A-Za-z0-9]/.test(c)) { if (dash && out) out += "-"; dash = false; out += c.toLowerCase(); }
      else if (c !== "'") dash = true;
    }
    return out;
  }
  if (typeof document === "undefined") {
    if (typeof module !== "undefined") {
      module.exports = { tokens: tokens, slug: slug, STOP: STOP, WEIGHTS: WEIGHTS };
    }
    return;
  }

  var forms = document.querySelectorAll("form.search");
  if (!forms.length) return;
  var index = null, loading = null;

  function load() {
    if (!loading) {
      loading = fetch(forms[0].getAttribute("data-index")).then(function (r) { return r.json(); })
        .then(function (j) {
          index = j;
          if (j.stop) STOP = j.stop;
          if (j.weights) WEIGHTS = j.weights;
          return j;
        });
    }
    return loading;
  }
  function lowerBound(arr, key) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] < key) lo = mid + 1; else hi = mid; }
    return lo;
  }
  // At most one insertion, deletion, substitution or swap apart.
  function near(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0; while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  // Term numbers matching a query word, with a factor for how well.
  function matches(word) {
    var terms = index.terms, out = [], i = lowerBound(terms, word);
    for (var n = 0; i < terms.length && terms[i].lastIndexOf(word, 0) === 0 && n < 60; i++, n++) {
      out.push([i, terms[i] === word ? 1 : 0.7]);
    }
    if (word.length >= 4) {
      var j = lowerBound(terms, word[0]);
      for (; j < terms.length && terms[j][0] === word[0]; j++) {
        if (terms[j].lastIndexOf(word, 0) !== 0 && near(word, terms[j].slice(0, word.length + 1)) || near(word, terms[j])) out.push([j, 0.5]);
      }
    }
    return out;
  }
  function search(q) {
    var words = tokens(q);
    if (!words.length) return [];
    // Typed arrays over all documents: a few linear passes beat object maps
    // by an order of magnitude on large sites.
    var n = index.docs.length, total = new Float64Array(n), hits = new Uint8Array(n);
    words.forEach(function (w) {
      var best = new Float64Array(n);
      matches(w).forEach(function (m) {
        // Each number is (document delta × 4 + weight code).
        var p = index.postings[m[0]], doc = 0;
        for (var k = 0; k < p.length; k++) {
          doc += p[k] >> 2;
          var s = WEIGHTS[p[k] & 3] * m[1];
          if (s > best[doc]) best[doc] = s;
        }
      });
      for (var d = 0; d < n; d++) {
        if (best[d] > 0) { total[d] += best[d]; hits[d]++; }
      }
    });
    // Every word must match; keep the best eight, earlier documents first on ties.
    var top = [];
    for (var d = 0; d < n; d++) {
      if (hits[d] !== words.length) continue;
      if (top.length === 8 && total[d] <= total[top[7]]) continue;
      var i = top.length < 8 ? top.length : 7;
      while (i > 0 && total[top[i - 1]] < total[d]) { top[i] = top[i - 1]; i--; }
      top[i] = d;
      if (top.length > 8) top.length = 8;
    }
    return top.map(function (d) { return present(index.docs[d], words); });
  }
  function present(doc, words) {
    var title = doc[0], url = doc[1], context = doc[2], headings = doc[3];
    for (var i = 0; i < headings.length; i++) {
      var h = typeof headings[i] === "string" ? [headings[i], slug(headings[i])] : headings[i];
      var ht = tokens(h[0]);
      if (words.some(function (w) { return ht.some(function (t) { return t.lastIndexOf(w, 0) === 0; }); })) {
        return { title: title, url: url + "#" + h[1], context: h[0] };
      }
    }
    return { title: title, url: url, context: context };
  }
  // One ARIA combobox per search form (header, search page, 404 page):
  // type to search, arrow keys to move, Enter to open, Escape to close.
  // The options are plain text, not links, so nothing interactive is nested
  // in them; choosing one navigates. Without JavaScript the form submits to
  // the search page.
  function attach(form) {
    var input = form.querySelector("input");
    var list = form.querySelector("[role=listbox]");
    var status = form.querySelector("[aria-live]");
    var active = -1, results = [];
    function render() {
      list.textContent = "";
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", i === active ? "true" : "false");
        var t = document.createElement("span"); t.className = "result-title"; t.textContent = r.title;
        var c = document.createElement("span"); c.className = "result-context"; c.textContent = r.context || "";
        li.appendChild(t); li.appendChild(c);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); go(i); });
        list.appendChild(li);
      });
      var open = results.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (active >= 0) input.setAttribute("aria-activedescendant", list.id + "-" + active);
      else input.removeAttribute("aria-activedescendant");
      status.textContent = input.value.trim() ? results.length + " result" + (results.length === 1 ? "" : "s") : "";
    }
    function go(i) { if (results[i]) location.href = results[i].url; }
    function update() {
      load().then(function () { results = search(input.value); active = -1; render(); });
    }
    input.addEventListener("focus", load);
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
        results = []; active = -1; render();
      }
    });
    input.addEventListener("blur", function () { setTimeout(function () { results = []; render(); }, 150); });
  }
  // A site's own base.html from before lumbar drew the form server-side
  // may still hide it until this script runs.
  Array.prototype.forEach.call(forms, function (f) { f.hidden = false; attach(f); });

  // The search page lists every result for ?q=.
  var page = document.querySelector(".search-page");
  if (page) {
    var q = new URLSearchParams(location.search).get("q") || "";
    var pageInput = document.querySelector("#search-page-input");
    if (pageInput) pageInput.value = q;
    if (q.trim()) {
      load().then(function () {
        var found = search(q), ol = page.querySelector("ol");
        found.forEach(function (r) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = r.url; a.textContent = r.title; li.appendChild(a);
          if (r.context) { var c = document.createElement("p"); c.className = "meta"; c.textContent = r.context; li.appendChild(c); }
          ol.appendChild(li);
        });
        var h = page.querySelector("h2");
        h.textContent = found.length ? found.length + " result" + (found.length === 1 ? "" : "s") + " for “" + q + "”" : "No results for “" + q + "”. Try another word, or browse the pages below.";
        page.hidden = false;
      });
    }
  }
  // Expose the matcher for tests and for people curious from the console.
  window.lumbarSearch = function (q) { return load().then(function () { return search(q); }); };
})();
