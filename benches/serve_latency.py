#!/usr/bin/env python3
"""Dev-server latency: time from saving one article to the browser's reload
event, on the 8,200-page corpus. Starts `lumbar serve`, listens on its
Server-Sent Events stream like the injected script does, edits an article 20
times and prints the median and worst latency. Run from the repo root:

    python3 benches/serve_latency.py                # a paragraph added: the page re-renders
    python3 benches/serve_latency.py --edit title   # the title changes: its lists re-render too
"""
import argparse, json, os, socket, statistics, subprocess, sys, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(os.path.dirname(REPO), "shared", "bench", "gen_corpus.py")
LUMBAR = os.path.join(REPO, "target", "release", "lumbar")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="/tmp/lumbar-bench/serve")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--edit", choices=["body", "title"], default="body")
    a = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    if not os.path.exists(os.path.join(a.work, "site.toml")):
        subprocess.run([sys.executable, GEN, "lumbar", a.work], check=True)
    start = time.perf_counter()
    server = subprocess.Popen([LUMBAR, "serve", "--port", "0"], cwd=a.work, stdout=subprocess.PIPE, text=True)
    try:
        addr = None
        for line in server.stdout:
            if line.startswith("serving http://"):
                addr = line.split("http://")[1].split("/")[0]
                break
        print(f"initial in-memory build and listen: {time.perf_counter() - start:.2f} s")
        host, port = addr.rsplit(":", 1)
        sse = socket.create_connection((host, int(port)))
        sse.sendall(b"GET /__lumbar/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        buf = b""

        def wait_event(name, timeout=30):
            nonlocal buf
            sse.settimeout(timeout)
            while True:
                i = buf.find(b"\n\n")
                if i >= 0:
                    block, buf = buf[:i], buf[i + 2:]
                    if f"event: {name}".encode() in block:
                        return
                    continue
                chunk = sse.recv(65536)
                if not chunk:
                    sys.exit("event stream closed")
                buf += chunk

        wait_event("hello")
        path = os.path.join(a.work, "content", "section-3", "article-4003.md")
        original = open(path).read()
        def get(target):
            c = socket.create_connection((host, int(port)))
            c.sendall(f"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while True:
                chunk = c.recv(1 << 20)
                if not chunk:
                    break
                data += chunk
            c.close()
            return data

        def indexed(word):
            """Whether the served index has `word`: in the term shard the
            manifest names for it, as the browser would look it up."""
            body = get("/search/index/meta.json")
            meta = json.loads(body[body.index(b"\r\n\r\n") + 4:])
            n = max(0, sum(1 for s in meta["shards"] if s <= word) - 1)
            return f'["{word}",'.encode() in get(f"/search/index/t/{n}.json")

        times, index_times = [], []
        for i in range(a.edits):
            marker = f"zqmark{i}x"
            t0 = time.perf_counter()
            with open(path, "w") as f:
                if a.edit == "title":
                    f.write(original.replace("title: ", f"title: {marker} ", 1))
                else:
                    f.write(original + f"\nEdit {marker}.\n")
            wait_event("reload")
            times.append((time.perf_counter() - t0) * 1000)
            # The search index follows once saves pause (400 ms), on a thread of its own.
            while not indexed(marker):
                time.sleep(0.01)
            index_times.append((time.perf_counter() - t0) * 1000)
        with open(path, "w") as f:
            f.write(original)
        print(f"{a.edit} edit: save -> reload event over {a.edits} edits: median {statistics.median(times):.0f} ms, "
              f"min {min(times):.0f} ms, max {max(times):.0f} ms")
        print("(includes the watcher's 25 ms debounce)")
        print(f"save -> search index served with the edit: median {statistics.median(index_times):.0f} ms "
              f"(includes waiting 400 ms for saves to pause)")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
