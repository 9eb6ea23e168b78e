#!/usr/bin/env python3
"""Search benchmark: what a patient's browser downloads to answer a query,
lumbar's sharded index against Pagefind's on the same built site.

For each corpus size it generates the shared corpus with realistic vocabulary
(../shared/bench/gen_corpus.py --vocab zipf), builds it with lumbar (with and
without search, so the index's own cost shows), runs Pagefind (npm `pagefind`,
installed under target/bench-tools/) over the same public/, then serves
public/ from 127.0.0.1 compressing text files with gzip as a static host
does, and drives headless Chromium (Debian's, through puppeteer-core) through
a first and a second query on each: requests and bytes on the wire, counted by
the server. Both show eight results, so both fetch eight results' texts.
Run from the repo root:

    python3 benches/search.py                       # 8,200 pages, 3 build runs
    python3 benches/search.py --articles 8000 100000 --runs 1
"""
import argparse, gzip, http.server, json, os, shutil, subprocess, sys, tempfile, threading, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(os.path.dirname(REPO), "shared", "bench", "gen_corpus.py")
LUMBAR = os.environ.get("LUMBAR_BIN") or os.path.join(REPO, "target", "release", "lumbar")
TOOLS = os.path.join(REPO, "target", "bench-tools")
CHROMIUM = os.environ.get("LUMBAR_CHROMIUM", "/usr/bin/chromium")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import median, run, settle  # noqa: E402

# A common pair of words (long postings: the worst case for the first query)
# and a rarer one for the second.
QUERIES = ["spine load", "hamstring tempo"]
COMPRESSED = (".json", ".js", ".mjs", ".html", ".css", ".svg", ".xml", ".txt")


def tools():
    """pagefind and puppeteer-core, installed once under target/bench-tools."""
    pagefind = os.path.join(TOOLS, "node_modules", ".bin", "pagefind")
    if not (os.path.exists(pagefind) and os.path.isdir(os.path.join(TOOLS, "node_modules", "puppeteer-core"))):
        os.makedirs(TOOLS, exist_ok=True)
        with open(os.path.join(TOOLS, "package.json"), "w") as f:
            f.write('{"private": true}\n')
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent",
                        "pagefind@1.6.0", "puppeteer-core@24"], cwd=TOOLS, check=True,
                       env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    return pagefind


class Log:
    """What the server sent since the last mark: (path, bytes on the wire)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.entries = []
        self.chunks = []

    def mark(self):
        with self.lock:
            self.chunks.append(self.entries)
            self.entries = []


def serve(root, log):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=root, **k)

        def log_message(self, *a):
            pass

        def do_GET(self):
            path = self.path.split("?")[0]
            if path.startswith("/__mark"):
                log.mark()
                self.send_response(204)
                self.end_headers()
                return
            fs = self.translate_path(path)
            if os.path.isdir(fs):
                fs = os.path.join(fs, "index.html")
            if not os.path.isfile(fs):
                self.send_error(404)
                return
            with open(fs, "rb") as f:
                body = f.read()
            gz = path.endswith(COMPRESSED) or fs.endswith(".html")
            if gz and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(fs))
            if gz:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store" if path.endswith(".html") or path.endswith("/") else "max-age=3600")
            self.end_headers()
            self.wfile.write(body)
            with log.lock:
                log.entries.append((path, len(body)))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


DRIVER = r"""
const puppeteer = require(process.env.TOOLS + "/node_modules/puppeteer-core");
(async () => {
  const [base, tool, ...queries] = process.argv.slice(2);
  const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM, headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run"] });
  const page = await browser.newPage();
  const mark = () => page.evaluate(() => fetch("/__mark", { cache: "no-store" }));
  const out = [];
  if (tool === "lumbar") {
    await page.goto(base + "/search/", { waitUntil: "networkidle0" });
    for (const q of queries) {
      await mark();
      // One input event with the whole query, as a paste: the script
      // searches, then fetches the results it shows.
      const n = await page.evaluate(async (q) => {
        const input = document.querySelector("#search-page-input");
        const status = input.form.querySelector("[aria-live]");
        status.textContent = "";
        input.value = q;
        input.dispatchEvent(new Event("input"));
        const t0 = performance.now();
        while (!status.textContent) await new Promise((r) => setTimeout(r, 5));
        return [performance.now() - t0, input.form.querySelectorAll("[role=option]:not(.result-more)").length];
      }, q);
      await page.waitForNetworkIdle({ idleTime: 300 });
      out.push({ query: q, ms: n[0], shown: n[1] });
    }
  } else {
    await page.goto(base + "/pagefind-bench.html", { waitUntil: "networkidle0" });
    for (const q of queries) {
      await mark();
      const n = await page.evaluate(async (q) => {
        const t0 = performance.now();
        const pf = await import("/pagefind/pagefind.js");
        const r = await pf.search(q);
        const shown = await Promise.all(r.results.slice(0, 8).map((x) => x.data()));
        return [performance.now() - t0, shown.length];
      }, q);
      await page.waitForNetworkIdle({ idleTime: 300 });
      out.push({ query: q, ms: n[0], shown: n[1] });
    }
  }
  await mark();
  await browser.close();
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
"""


def measure(public, tool):
    """Per query: its time in the page, and the requests and bytes the
    server sent for it (between the driver's marks)."""
    log = Log()
    server = serve(public, log)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with tempfile.NamedTemporaryFile("w", suffix=".js", delete=False) as f:
        f.write(DRIVER)
    try:
        out = subprocess.run(["node", f.name, base, tool, *QUERIES], stdout=subprocess.PIPE, check=True,
                             env={**os.environ, "TOOLS": TOOLS, "CHROMIUM": CHROMIUM}).stdout
    finally:
        server.shutdown()
        os.unlink(f.name)
    out = json.loads(out)
    # The first chunk is the page load; then one per query.
    for q, got in zip(out, log.chunks[1:]):
        q["requests"] = len(got)
        q["bytes"] = sum(b for _, b in got)
    return out


def run_limited(cmd, cwd, gib=None):
    """(wall seconds, CPU seconds, peak MiB) of a command, the address space
    capped at `gib` (Pagefind's memory grows with the site: 3.4 GiB at 8,200
    pages); None when the command fails."""
    import resource

    def cap():
        if gib:
            resource.setrlimit(resource.RLIMIT_AS, (gib << 30, gib << 30))

    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=cap)
    _, status, usage = os.wait4(p.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024



def build_times(site, runs):
    """Median lumbar build with and without search: wall, CPU, peak memory."""
    toml = os.path.join(site, "site.toml")
    with open(toml) as f:
        base = f.read()
    public = os.path.join(site, "public")
    times = {True: [], False: []}
    for i in range(runs):
        for search in ((True, False) if i % 2 == 0 else (False, True)):
            with open(toml, "w") as f:
                f.write(base + ("" if search else "search = false\n"))
            settle(public)
            times[search].append(run_limited([LUMBAR, "build"], site))
    with open(toml, "w") as f:
        f.write(base)
    settle(public)
    run([LUMBAR, "build"], site)
    return {k: tuple(median([r[j] for r in v]) for j in range(3)) for k, v in times.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, nargs="+", default=[8000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="generate corpora under this folder and keep them")
    ap.add_argument("--pagefind-gib", type=int, default=20, help="Pagefind's memory cap (the machine has 24 GiB)")
    args = ap.parse_args()
    if not os.environ.get("LUMBAR_BIN"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    pagefind = tools()
    rows = []
    for n in args.articles:
        work = args.keep or tempfile.mkdtemp(prefix="lumbar-search-")
        site = os.path.join(work, f"zipf-{n}")
        if not os.path.exists(os.path.join(site, "site.toml")):
            subprocess.run([sys.executable, GEN, "lumbar", site, "--vocab", "zipf", "--articles", str(n)],
                           check=True, stdout=subprocess.DEVNULL)
        t = build_times(site, args.runs)
        public = os.path.join(site, "public")
        pages = sum(1 for _, _, fs in os.walk(public) for f in fs if f == "index.html")
        pf = []
        for _ in range(args.runs):
            shutil.rmtree(os.path.join(public, "pagefind"), ignore_errors=True)
            shutil.rmtree(os.path.join(public, "pagefind"), ignore_errors=True)
            os.sync()
            got = run_limited([pagefind, "--site", public], site, args.pagefind_gib)
            if got is None:
                print(f"Pagefind failed on {pages:,} pages within {args.pagefind_gib} GiB of memory", file=sys.stderr)
                pf = None
                break
            pf.append(got)
        with open(os.path.join(public, "pagefind-bench.html"), "w") as f:
            f.write("<!doctype html><title>Pagefind</title><p>bench</p>\n")
        ours = measure(public, "lumbar")
        theirs = measure(public, "pagefind") if pf else [None] * len(ours)
        pf_med = tuple(median([x[j] for x in pf]) for j in range(3)) if pf else None
        rows.append((n, pages, t, pf_med, ours, theirs))
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print("| pages | query | lumbar: requests, KB (gzip) | Pagefind 1.6: requests, KB |")
    print("|---|---|---|---|")
    for n, pages, t, pf, ours, theirs in rows:
        for i, (a, b) in enumerate(zip(ours, theirs)):
            which = "first" if i == 0 else "second"
            pagefind = f"{b['requests']}, {b['bytes'] / 1000:.0f} KB" if b else "failed: out of memory"
            print(f"| {pages:,} | {which}: \"{a['query']}\" ({a['shown']} shown) | {a['requests']}, {a['bytes'] / 1000:.0f} KB "
                  f"| {pagefind} |")
    print()
    print("Wall and CPU (user + system) seconds, peak memory; medians. The index's cost is the")
    print("difference between lumbar's builds with and without search.")
    print()
    print("| pages | lumbar build with search | without | the index | Pagefind indexing | index / Pagefind (wall, CPU) |")
    print("|---|---|---|---|---|---|")
    for n, pages, t, pf, ours, theirs in rows:
        on, off = t[True], t[False]
        wall, cpu = on[0] - off[0], on[1] - off[1]
        theirs = f"{pf[0]:.2f} s ({pf[1]:.2f} CPU), {pf[2]:.0f} MiB | {wall / pf[0]:.2f}, {cpu / pf[1]:.2f}" if pf else "failed: out of memory | –"
        print(f"| {pages:,} | {on[0]:.2f} s ({on[1]:.2f} CPU), {on[2]:.0f} MiB | {off[0]:.2f} s ({off[1]:.2f} CPU), {off[2]:.0f} MiB "
              f"| {wall:.2f} s ({cpu:.2f} CPU), +{on[2] - off[2]:.0f} MiB | {theirs} |")


if __name__ == "__main__":
    main()
