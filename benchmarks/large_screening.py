#!/usr/bin/env python3
"""How the service's pages hold up on one very large screening: load time of each page and the web
process's peak memory.

    PYTHONPATH=src python benchmarks/large_screening.py [--rows 1000000] [--src SRC] [--out FILE.json]

A real 2,000-row inventory (``large-screening/sample-inventory.csv``, written by
``make_inventory.py``) is screened through the service once; its stored items are then copied in
the database (one INSERT ... SELECT) until the screening holds ``--rows`` items, with new sequence
numbers and refs, so the store holds what screening the whole list would have stored (the same
decisions, makers, sites and evidence, repeated) in seconds instead of the screening's minutes. The
team also gets the news articles of ``tests/assets/intel/batch``, so the events page has events
touching the items.

A server (uvicorn, one process, the code under ``--src``: this worktree's ``src`` by default, or a
checkout of an earlier commit to compare) is started on that store; each page is fetched in turn
(time to the last byte, the body's size) and the server's peak resident memory (VmHWM) read from
/proc at the end. Nothing here is a test: it prints a table and writes the figures as JSON.
The pages a version does not have (filters, paging, Parquet on the code before them) answer as
they answer, and are shown so.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
SAMPLE = HERE / "large-screening" / "sample-inventory.csv"
ARTICLES = ROOT / "tests" / "assets" / "intel" / "batch"
PASSWORD = "benchmark password 1"
# A page a browser waits this long for is broken; the figures past it say only "more than this".
TIMEOUT_S = 300

# Writes the store in a process running the code under test (its schema, its service).
BUILD = r'''
import json, sys, time
from pathlib import Path
from sqlalchemy import text
from supplyscreen.store import open_store
from supplyscreen.service import screenings, users, intel

url, sample, articles, rows = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
st = open_store(url)
with st.session() as s:
    users.create_user(s, "procurement", "bench", sys.argv[5], "reviewer")
    team = s.scalar(text("SELECT team_id FROM users WHERE username = 'bench'"))
t0 = time.perf_counter()
sid = screenings.submit(st, screenings.Submission(team, "bench", None, sample.name, sample.read_bytes(),
                                                  "us-ndaa-889", None, "inventory"))
t_screen = time.perf_counter() - t0
intel.add_articles(st, team, "bench", [intel.Upload(p.name, p.read_bytes()) for p in sorted(articles.iterdir())
                                       if p.is_file()])
with st.writing() as s:
    conn = s.connection()
    cols = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(items)")]
    n = conn.exec_driver_sql(f"SELECT count(*) FROM items WHERE screening_id = {sid}").scalar()
    reps = -(-rows // n)
    copied = [c for c in cols if c not in ("id", "screening_id", "seq", "ref")]
    conn.exec_driver_sql(
        "WITH RECURSIVE k(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM k WHERE x < ?) "
        f"INSERT INTO items (screening_id, seq, ref, {', '.join(copied)}) "
        f"SELECT i.screening_id, i.seq + k.x * {n}, i.ref || '-' || k.x, {', '.join('i.' + c for c in copied)} "
        f"FROM items i, k WHERE i.screening_id = {sid} AND i.seq + k.x * {n} <= {rows}", (reps,))
    counts = dict(conn.exec_driver_sql(
        f"SELECT decision, count(*) FROM items WHERE screening_id = {sid} GROUP BY decision").all())
    total = sum(counts.values())
    conn.exec_driver_sql("UPDATE screenings SET counts = ?, rows_in = ?, rows_out = ? WHERE id = ?",
                         (json.dumps(counts, sort_keys=True), total, total, sid))
    if sys.argv[6:] == ["full-input"]:  # the file a million-row upload would have stored with its screening
        head, *body = sample.read_bytes().splitlines(keepends=True)
        full = head + b"".join(body[i % len(body)] for i in range(total))
        conn.exec_driver_sql("UPDATE screenings SET input = ? WHERE id = ?", (full, sid))
    item = conn.exec_driver_sql(f"SELECT id FROM items WHERE screening_id = {sid} ORDER BY seq DESC LIMIT 1").scalar()
    maker = conn.exec_driver_sql(f"SELECT maker FROM items WHERE screening_id = {sid} AND decision = 'exclude' AND maker != '' "
                                 "GROUP BY maker ORDER BY count(*) DESC LIMIT 1").scalar()
try:  # the counts kept with a screening's items, made again for the copied items (none before them)
    from supplyscreen.service.results import keep_facets
except ImportError:
    keep_facets = None
if keep_facets is not None:
    keep_facets(st, sid)
print(json.dumps({"screening": sid, "items": total, "item": item, "maker": maker, "counts": counts,
                  "screen_sample_s": round(t_screen, 2)}))
'''

SERVE = r'''
import sys, uvicorn
from supplyscreen.server import create_app
from supplyscreen.store import open_store
uvicorn.run(create_app(open_store(sys.argv[1])), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
'''


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(opener: urllib.request.OpenerDirector, url: str) -> tuple[int, int, float]:
    """(status, body bytes, seconds to the last byte), read in chunks so a huge page is not kept."""
    t0 = time.perf_counter()
    try:
        with opener.open(url, timeout=TIMEOUT_S) as resp:
            size, status = 0, resp.status
            while chunk := resp.read(1 << 20):
                size += len(chunk)
    except urllib.error.HTTPError as e:
        size, status = len(e.read()), e.code
    except (TimeoutError, urllib.error.URLError) as e:
        print(f"  {url}: {e}", file=sys.stderr)
        return 0, 0, float(TIMEOUT_S)
    return status, size, time.perf_counter() - t0


def peak_rss_mb(pid: int, field: str = "VmHWM") -> float:
    """The process's peak resident memory (VmHWM), or its resident memory now (VmRSS), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the package's source folder to measure")
    ap.add_argument("--out", type=Path, help="write the figures here as JSON")
    ap.add_argument("--label", default="")
    ap.add_argument("--only", default="", help="fetch only the pages whose label contains one of these (comma-separated)")
    ap.add_argument("--full-input", action="store_true",
                    help="store the whole list as the screening's uploaded file (~110 MB at a million rows), not the "
                         "2,000-row sample screened")
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(args.src.resolve())}
    with tempfile.TemporaryDirectory(prefix="supplyscreen-large-") as tmp:
        url = f"sqlite:///{tmp}/store.db"
        t0 = time.perf_counter()
        built = subprocess.run([sys.executable, "-c", BUILD, url, str(SAMPLE), str(ARTICLES), str(args.rows), PASSWORD,
                                *(["full-input"] if args.full_input else [])],
                               env=env, capture_output=True, text=True)
        if built.returncode:
            sys.exit(f"building the store failed:\n{built.stderr[-3000:]}")
        info = json.loads(built.stdout.strip().splitlines()[-1])
        info["build_s"] = round(time.perf_counter() - t0, 1)
        print(f"stored screening #{info['screening']}: {info['items']:,} items {info['counts']} in {info['build_s']} s",
              file=sys.stderr)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-c", SERVE, url, str(port)], env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
            deadline = time.monotonic() + 120
            while True:
                try:
                    opener.open(base + "/login", timeout=5).read()
                    break
                except (urllib.error.URLError, ConnectionError):
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
            opener.open(base + "/login", urllib.parse.urlencode({"username": "bench", "password": PASSWORD}).encode(),
                        timeout=30).read()
            token = json.loads(opener.open(urllib.request.Request(
                base + "/api/v1/auth/token", json.dumps({"username": "bench", "password": PASSWORD}).encode(),
                {"Content-Type": "application/json"}), timeout=30).read())["token"]
            opener.addheaders = [("Authorization", f"Bearer {token}")]
            info["started_rss_mb"] = round(peak_rss_mb(server.pid, "VmRSS"), 1)
            sid, maker = info["screening"], urllib.parse.quote(info["maker"] or "")
            last_page = -(-info["items"] // 100)
            pages = [
                ("dashboard", "/"),
                ("screening page", f"/screenings/{sid}"),
                ("… decision exclude", f"/screenings/{sid}?decision=exclude"),
                ("… maker (most excluded)", f"/screenings/{sid}?maker={maker}"),
                ("… site + decision", f"/screenings/{sid}?site=Depot%20020&decision=allow"),
                ("… rule", f"/screenings/{sid}?rule=possible-match"),
                ("… last page", f"/screenings/{sid}?page={last_page}"),
                ("one item", f"/items/{info['item']}"),
                ("review queue", "/queue"),
                ("events", "/events"),
                ("API screening", f"/api/v1/screenings/{sid}"),
                ("API items page", f"/api/v1/screenings/{sid}/items?decision=exclude&page=2"),
                ("API counts", f"/api/v1/screenings/{sid}/counts"),
                ("export CSV", f"/screenings/{sid}/export.csv"),
                ("export JSON", f"/screenings/{sid}/export.json"),
                ("export Parquet", f"/screenings/{sid}/export.parquet"),
            ]
            results = []
            wanted = [w.strip() for w in args.only.split(",") if w.strip()]
            for label, path in pages:
                if wanted and not any(w in label for w in wanted):
                    continue
                status, size, secs = fetch(opener, base + path)
                # The peak so far after each page: which page (or export) raised it.
                peak = round(peak_rss_mb(server.pid), 1)
                results.append({"page": label, "path": path, "status": status, "bytes": size, "seconds": round(secs, 3),
                                "peak_mb": peak, "rss_mb": round(peak_rss_mb(server.pid, "VmRSS"), 1)})
                print(f"  {label:28} {status:4} {size / 1e6:10.2f} MB {secs:8.2f} s  peak {peak:6.1f} MB", file=sys.stderr)
            info["peak_rss_mb"] = round(peak_rss_mb(server.pid), 1)
        finally:
            server.terminate()
            server.wait(30)
    info.update({"label": args.label, "rows": args.rows, "full_input": args.full_input, "pages": results})
    print(f"web process peak RSS: {info['peak_rss_mb']} MB", file=sys.stderr)
    if args.out:
        args.out.write_text(json.dumps(info, indent=1) + "\n")
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
