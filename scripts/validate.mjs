// Accessibility check of built sites in headless Chromium: axe-core on every
// HTML page at 390 px and 1280 px wide, light and dark, plus each page with a
// search box open; screenshots of the home page, an article and a FAQ page.
//
//   node scripts/validate.mjs OUT_DIR SITE_DIR...
//
// Run by scripts/validate.sh, which installs axe-core and puppeteer-core
// (driving Debian's chromium, no browser download) under target/validators.
import { createServer } from "node:http";
import { readFile, readdir, mkdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.resolve("target/validators/package.json"));
const puppeteer = require("puppeteer-core");
const axePath = require.resolve("axe-core/axe.min.js");

const [shotsDir, ...sites] = process.argv.slice(2);
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const WIDTHS = [390, 1280];
const SCHEMES = ["light", "dark"];
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".png": "image/png" };

async function htmlFiles(dir, rel = "") {
  const out = [];
  for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.posix.join(rel, e.name);
    if (e.isDirectory()) out.push(...await htmlFiles(dir, r));
    // Redirect pages (aliases:) navigate away at once; the Nu checker covers them.
    else if (e.name.endsWith(".html") && !(await readFile(path.join(dir, r), "utf8")).includes('http-equiv="refresh"')) out.push(r);
  }
  return out.sort();
}

// A static host: index.html for directories, 404.html for what is missing.
function serve(root) {
  const server = createServer(async (req, res) => {
    let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = path.join(root, p);
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(await readFile(path.join(root, "404.html")).catch(() => "not found"));
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

function urlOf(rel) {
  return "/" + rel.replace(/(^|\/)index\.html$/, "$1");
}

async function axe(page) {
  await page.addScriptTag({ path: axePath });
  const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }), TAGS);
  return r.violations;
}

const browser = await puppeteer.launch({
  executablePath: process.env.LUMBAR_CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
let failures = 0, runs = 0;
function report(where, violations) {
  for (const v of violations) {
    failures++;
    console.log(`axe: ${where}: ${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes.slice(0, 3)) console.log(`    ${n.target.join(" ")}: ${n.failureSummary.split("\n").slice(1, 2).join(" ").trim()}`);
  }
}
await mkdir(shotsDir, { recursive: true });
for (const site of sites) {
  const server = await serve(site);
  const base = `http://127.0.0.1:${server.address().port}`;
  const pages = await htmlFiles(site);
  const page = await browser.newPage();
  for (const scheme of SCHEMES) {
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
    for (const width of WIDTHS) {
      await page.setViewport({ width, height: 900 });
      for (const rel of pages) {
        await page.goto(base + urlOf(rel), { waitUntil: "load" });
        runs++;
        report(`${path.basename(site)}${urlOf(rel)} ${width}px ${scheme}`, await axe(page));
        // The search box open, results showing.
        const input = await page.$("form.search input:not([type=hidden])");
        if (input && await input.isVisible() && rel === "index.html") {
          await input.type("back");
          // Results, or on a site without the word, the no-results box.
          await page.waitForSelector("[role=listbox]:not([hidden]) [role=option], .search-empty:not([hidden])", { timeout: 10000 });
          runs++;
          report(`${path.basename(site)}${urlOf(rel)} ${width}px ${scheme}, search open`, await axe(page));
          // Nothing found: the help box with its links instead.
          await input.click({ clickCount: 3 });
          await input.type("zzxqv");
          await page.waitForSelector(".search-empty:not([hidden]) a", { timeout: 10000 });
          runs++;
          report(`${path.basename(site)}${urlOf(rel)} ${width}px ${scheme}, search found nothing`, await axe(page));
        }
        // The results page with results and their snippets.
        if (rel === "search/index.html") {
          await page.goto(base + "/search/?q=back+pain", { waitUntil: "load" });
          await page.waitForSelector(".search-page-results li", { timeout: 10000 });
          runs++;
          report(`${path.basename(site)}/search/?q=back+pain ${width}px ${scheme}`, await axe(page));
        }
      }
    }
  }
  // Screenshots for people to look at, not assertions.
  const name = path.basename(site);
  const article = pages.find((p) => /^(training|back-pain|advice)\/.+\/index\.html$/.test(p) && !p.startsWith("tags/"));
  const faq = pages.find((p) => /^faq\/.+\/index\.html$/.test(p));
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
  for (const [label, rel] of [["home", "index.html"], ["article", article], ["faq", faq]]) {
    if (!rel) continue;
    for (const width of WIDTHS) {
      await page.setViewport({ width, height: 900 });
      await page.goto(base + urlOf(rel), { waitUntil: "load" });
      await page.screenshot({ path: path.join(shotsDir, `${name}-${label}-${width}.png`), fullPage: true });
    }
  }
  await page.close();
  server.close();
}
await browser.close();
console.log(`axe-core: ${runs} page checks (${WIDTHS.join(" and ")} px, ${SCHEMES.join(" and ")}), ${failures} violations; screenshots in ${shotsDir}`);
process.exit(failures ? 1 : 0);
