// Runs the theme's search script under node against a built site's index:
// `node search-node.js PUBLIC_DIR` reads a JSON list of queries on stdin and
// writes, per query, the results the browser would show (title, url,
// context, snippet, partial) and the index files the query fetched.
"use strict";
const fs = require("fs");
const path = require("path");
const lumbar = require(path.join(__dirname, "../../themes/default/static/js/search.js"));
const site = path.resolve(process.argv[2]);
let fetched = [];
function file(url) {
  const rel = url.replace(/^[a-z]+:\/\/[^/]+/, "");
  fetched.push(rel);
  return path.join(site, decodeURIComponent(rel.replace(/\?.*$/, "")));
}
function engine() {
  return new lumbar.Engine(
    "/search/index/meta.json",
    (url) => new Promise((ok, fail) => fs.readFile(file(url), "utf8", (e, t) => (e ? fail(e) : ok(JSON.parse(t))))),
    (url) => Promise.resolve(require(file(url)))
  );
}
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d) => (input += d));
process.stdin.on("end", async () => {
  const queries = JSON.parse(input);
  const out = [];
  // One engine, as one page of the browser: later queries reuse its cache.
  const e = engine();
  for (const q of queries) {
    fetched = [];
    const found = await e.search(q, false);
    const shown = await e.present(found, 0, 8);
    out.push({
      query: q,
      total: found.hits.length,
      partial: found.partial,
      results: shown.map((r) => ({ title: r.title, url: r.url, context: r.context, kind: r.kind, snippet: r.snippet })),
      fetched: fetched,
    });
  }
  process.stdout.write(JSON.stringify(out));
});
