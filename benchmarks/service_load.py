"""Load on the service: N concurrent clients submit 200-item lists for D seconds on loopback.

Starts `supplyscreen serve` on a throwaway SQLite store (or --url), then reports requests, errors,
latency percentiles (p50/p95/p99) and the CPU each request cost, in the server (all its worker
processes) and in this load client, because on a small machine the two share the cores. The
issue's target: 50 clients, 60 s, no error, p99 under 300 ms on the machine it runs on.

    .venv/bin/python benchmarks/service_load.py --clients 50 --seconds 60 --workers 2 --repeat 3

Clients are closed loops (send, wait for the answer, send again), each with its own officer and
token (submissions are limited per token), on keep-alive connections (`--reconnect`: a new
connection per request, as a script calling curl makes). The default client is asyncio with the
multipart bodies built once, about 0.3 ms of CPU a request; `--client httpx` runs the first
version's thread-per-client httpx loop (about 2.7 ms a request, all of it taken from the server's
cores). The lists are `--lists` fixed 200-row lists cycled (17 makers, 50 models, 3 purposes), as
a team re-screens similar lists; `--fresh` gives every row a made-up maker never seen before, so no
cached verdict applies (such names also match nothing, so it is not the slowest case).

Results on the 2-core development machine, and where the time goes: benchmarks/README.md
("Service load").
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

try:
    import httpx
except ModuleNotFoundError:  # the benchmark's HTTP client comes with the test extra, not the service
    sys.exit("benchmarks/service_load.py needs httpx (and the service): pip install -e '.[service,test]'")

PW = "benchmark password"
# Makers a real list mixes: mostly unlisted, some designated, some look-alikes.
MAKERS = ["Cisco Systems", "NEC Corporation", "Fujitsu", "Huawei Technologies", "ZTE Corp", "Hikvision",
          "Dahua Technology", "Juniper Networks", "Hewlett Packard Enterprise", "Dell Technologies", "Lenovo",
          "Yamaha Corporation", "Buffalo Inc.", "Allied Telesis", "Aruba Networks", "Panasonic", "Teltronics, Inc."]
BOUNDARY = "supplyscreenloadboundary"


def item_list(n: int, seed: int, fresh: bool = False) -> bytes:
    rnd = random.Random(seed)
    if fresh:  # a maker no earlier row named: nothing cached applies
        rows = [f"R{i},Maker {seed}-{i} Widgets {rnd.randint(1, 10**6)} Ltd,Model {i},office" for i in range(n)]
    else:
        rows = [f"R{i},{rnd.choice(MAKERS)},Model {rnd.randint(1, 50)},{rnd.choice(['office', 'security', ''])}"
                for i in range(n)]
    return ("id,vendor,product\n" if fresh else "id,vendor,product,purpose\n").encode() + \
        ("\n".join(rows) + "\n").encode()


def multipart(name: str, data: bytes) -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (Linux /proc; 0 where unreadable)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def family(pid: int) -> list[int]:
    """``pid`` and every process below it (uvicorn's worker processes)."""
    parents: dict[int, int] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                parents[int(d.name)] = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += [c for c, pp in parents.items() if pp == p]
    return out


async def _async_clients(port: int, tokens: list[str], bodies: list[bytes], clients: int, seconds: float,
                         latencies: list[float], errors: list[str], reconnect: bool = False) -> None:
    stop = time.monotonic() + seconds

    async def one(k: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        n = 0
        try:
            while time.monotonic() < stop:
                body = bodies[(k + n) % len(bodies)]
                head = (f"POST /api/v1/screenings HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                        f"Authorization: Bearer {tokens[k]}\r\nContent-Length: {len(body)}\r\n"
                        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                        f"Connection: {'close' if reconnect else 'keep-alive'}\r\n\r\n").encode()
                t0 = time.perf_counter()
                if reconnect and n:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(head + body)
                status_line = await reader.readline()
                length = 0
                while (line := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                answer = await reader.readexactly(length)
                elapsed = time.perf_counter() - t0
                ok = status_line.split()[1:2] == [b"201"] and b'"status":"complete"' in answer
                (latencies.append(elapsed) if ok else errors.append(f"{status_line!r} {answer[:200]!r}"))
                n += 1
                if reconnect:
                    writer.close()
        except (OSError, asyncio.IncompleteReadError, IndexError) as e:
            errors.append(repr(e))
        finally:
            writer.close()

    await asyncio.gather(*(one(k) for k in range(clients)))


def _httpx_clients(base: str, tokens: list[str], lists: list[bytes], clients: int, seconds: float,
                   latencies: list[float], errors: list[str]) -> None:
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tokens[k]}"}, timeout=120) as c:
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

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def run_once(args: argparse.Namespace) -> dict[str, float]:
    tmp = Path(tempfile.mkdtemp(prefix="supplyscreen-load-"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "SUPPLYSCREEN_ADMIN_PASSWORD": PW,
           "SUPPLYSCREEN_DATABASE_URL": args.url or f"sqlite:///{tmp / 'load.db'}"}
    cmd = [sys.executable, "-m", "supplyscreen", "serve", "--port", str(port)]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    log = tmp / "serve.log"
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    base = f"http://127.0.0.1:{port}"
    latencies: list[float] = []
    errors: list[str] = []
    try:
        deadline = time.monotonic() + 180  # a busy machine: migrations, registry and index per worker
        while True:
            try:
                httpx.get(base + "/login", timeout=5)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"the server did not start; its log:\n{log.read_text()[-3000:]}")
                time.sleep(0.2)
        token = httpx.post(base + "/api/v1/auth/token", json={"username": "admin", "password": PW}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        # One officer and token per client, as 50 pipelines would have: submissions are limited per token.
        tokens = []
        for k in range(args.clients):
            r = httpx.post(base + "/api/v1/users", headers=headers, timeout=60,
                           json={"username": f"load-{k}", "password": PW, "role": "officer"})
            r.raise_for_status()
            tokens.append(httpx.post(base + "/api/v1/auth/token", timeout=60,
                                     json={"username": f"load-{k}", "password": PW}).json()["token"])
        lists = [item_list(args.items, seed, args.fresh) for seed in range(args.lists)]
        # Warm-up: every worker loads the registry and name index before timing starts (a few
        # requests each, since the kernel hands connections to workers as it likes).
        for k in range(4 * max(1, args.workers)):
            httpx.post(base + "/api/v1/screenings", headers=headers,
                       files={"file": ("w.csv", item_list(args.items, 10**6 + k), "text/csv")}, timeout=120)
        pids = family(server.pid)
        server_cpu, client_cpu = cpu_seconds(pids), time.process_time()
        web_cpu = cpu_seconds([server.pid])
        t0 = time.perf_counter()
        if args.client == "httpx":
            _httpx_clients(base, tokens, lists, args.clients, args.seconds, latencies, errors)
        else:
            bodies = [multipart(f"list{k}.csv", data) for k, data in enumerate(lists)]
            asyncio.run(_async_clients(port, tokens, bodies, args.clients, args.seconds, latencies, errors,
                                       args.reconnect))
        wall = time.perf_counter() - t0
        server_cpu, client_cpu = cpu_seconds(pids) - server_cpu, time.process_time() - client_cpu
        web_cpu = cpu_seconds([server.pid]) - web_cpu
    finally:
        server.terminate()
        server.wait(30)
        shutil.rmtree(tmp, ignore_errors=True)  # a minute of load leaves a store of ~300 MB
    lat = sorted(latencies)
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [float("nan")] * 99
    n = max(1, len(lat) + len(errors))
    res = {"ok": len(lat), "errors": len(errors), "wall": wall, "rps": len(lat) / wall, "p50": q[49] * 1000,
           "p95": q[94] * 1000, "p99": q[98] * 1000, "max": (lat[-1] if lat else float("nan")) * 1000,
           "server_ms": server_cpu * 1000 / n, "client_ms": client_cpu * 1000 / n, "web_ms": web_cpu * 1000 / n}
    print(f"requests ok={res['ok']} errors={res['errors']} in {wall:.1f} s: {res['rps']:.1f} req/s "
          f"({res['rps'] * args.items:,.0f} items/s)")
    print(f"latency p50={res['p50']:.0f} ms p95={res['p95']:.0f} ms p99={res['p99']:.0f} ms max={res['max']:.0f} ms")
    print(f"CPU per request: server {res['server_ms']:.1f} ms (web process {res['web_ms']:.1f} ms, "
          f"screening processes {res['server_ms'] - res['web_ms']:.1f} ms), load client {res['client_ms']:.1f} ms; "
          f"cores busy: server {res['server_ms'] * res['rps'] / 1000:.2f}, client {res['client_ms'] * res['rps'] / 1000:.2f}")
    for e in errors[:5]:
        print("error:", e)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--items", type=int, default=200)
    ap.add_argument("--lists", type=int, default=20, help="distinct lists the clients cycle through")
    ap.add_argument("--fresh", action="store_true", help="every row names a maker never seen before")
    ap.add_argument("--workers", type=int, default=0, help="serve --workers (default: the server's own default)")
    ap.add_argument("--client", choices=("asyncio", "httpx"), default="asyncio")
    ap.add_argument("--reconnect", action="store_true",
                    help="a new connection per request (as a script calling curl does), not keep-alive")
    ap.add_argument("--repeat", type=int, default=1, help="runs, each on a new server and store")
    ap.add_argument("--url", help="database URL (default: a new SQLite file per run)")
    args = ap.parse_args(argv)
    print(f"clients={args.clients} items/list={args.items} lists={args.lists}{' fresh' if args.fresh else ''} "
          f"seconds={args.seconds:g} workers={args.workers or 'default'} client={args.client}"
          f"{' reconnect' if args.reconnect else ''} "
          f"cpus={os.cpu_count()}")
    runs = []
    for k in range(args.repeat):
        if args.repeat > 1:
            print(f"-- run {k + 1}/{args.repeat}")
        runs.append(run_once(args))
    if args.repeat > 1:
        med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        print(f"-- median of {args.repeat}: {med['rps']:.1f} req/s, p50 {med['p50']:.0f} ms, p99 {med['p99']:.0f} ms, "
              f"server {med['server_ms']:.1f} ms CPU/request, client {med['client_ms']:.1f} ms")
    return 1 if any(r["errors"] for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
