"""Load on the service: N concurrent clients submit 200-item lists for D seconds on loopback.

Starts `supplyscreen serve` on a throwaway SQLite store (or --url), then reports requests, errors
and latency percentiles (p50/p95/p99). The issue's target: 50 clients, 60 s, no error, p99 under
300 ms on the machine it runs on.

    .venv/bin/python benchmarks/service_load.py --clients 50 --seconds 60

Measured 2026-11-23 on the 2-core development machine (SQLite, one uvicorn process): 1,415
requests in 62 s, 0 errors, 22.8 req/s (4,568 items/s), p50 1.9 s, p95 3.9 s, p99 5.5 s. The
300 ms p99 target is out of reach here by queueing alone: 50 clients in a closed loop at 23 req/s
wait 50 / 23 = 2.2 s on average (Little's law); p99 under 300 ms needs about 170 req/s. About half
of each request's ~44 ms CPU is the core screening (policy evaluation per row), half the store.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

PW = "benchmark password"
# Makers a real list mixes: mostly unlisted, some designated, some look-alikes.
MAKERS = ["Cisco Systems", "NEC Corporation", "Fujitsu", "Huawei Technologies", "ZTE Corp", "Hikvision",
          "Dahua Technology", "Juniper Networks", "Hewlett Packard Enterprise", "Dell Technologies", "Lenovo",
          "Yamaha Corporation", "Buffalo Inc.", "Allied Telesis", "Aruba Networks", "Panasonic", "Teltronics, Inc."]


def item_list(n: int, seed: int) -> bytes:
    rnd = random.Random(seed)
    rows = [f"R{i},{rnd.choice(MAKERS)},Model {rnd.randint(1, 50)},{rnd.choice(['office', 'security', ''])}"
            for i in range(n)]
    return ("id,vendor,product,purpose\n" + "\n".join(rows) + "\n").encode()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--url", help="database URL (default: a new SQLite file)")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="supplyscreen-load-"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "SUPPLYSCREEN_ADMIN_PASSWORD": PW,
           "SUPPLYSCREEN_DATABASE_URL": args.url or f"sqlite:///{tmp / 'load.db'}"}
    server = subprocess.Popen([sys.executable, "-m", "supplyscreen", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(base + "/login", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        token = httpx.post(base + "/api/v1/auth/token", json={"username": "admin", "password": PW}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        lists = [item_list(args.items, seed) for seed in range(20)]
        # One warm-up request loads the registry and name index before timing starts.
        httpx.post(base + "/api/v1/screenings", headers=headers, files={"file": ("w.csv", lists[0], "text/csv")},
                   timeout=120)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def client(k: int) -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=120) as c:
                n = 0
                while time.monotonic() < stop:
                    data = lists[(k + n) % len(lists)]
                    t0 = time.perf_counter()
                    try:
                        r = c.post("/api/v1/screenings", files={"file": (f"c{k}-{n}.csv", data, "text/csv")})
                        ok = r.status_code == 201 and r.json()["status"] == "complete"
                        err = "" if ok else f"{r.status_code} {r.text[:200]}"
                    except httpx.HTTPError as e:
                        err = repr(e)
                    dt = time.perf_counter() - t0
                    with lock:
                        (errors.append(err) if err else latencies.append(dt))
                    n += 1

        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(30)
    lat = sorted(latencies)
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [float("nan")] * 99
    print(f"clients={args.clients} items/list={args.items} seconds={wall:.1f} cpus={os.cpu_count()}")
    print(f"requests ok={len(lat)} errors={len(errors)} throughput={len(lat) / wall:.1f} req/s "
          f"({len(lat) * args.items / wall:,.0f} items/s)")
    print(f"latency p50={q[49] * 1000:.0f} ms p95={q[94] * 1000:.0f} ms p99={q[98] * 1000:.0f} ms "
          f"max={(lat[-1] if lat else float('nan')) * 1000:.0f} ms")
    for e in errors[:5]:
        print("error:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
