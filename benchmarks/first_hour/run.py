"""The first hour with supplyscreen, as a newcomer and a CI pipeline meet it: one check per trap.

Every input is invented here and written to a temporary folder; each check runs the command line
as a user would (a subprocess) and says pass or fail with what it saw. Run from the project root:

    PYTHONPATH=src python benchmarks/first_hour/run.py

Needs the service extra for the `serve` and `case` checks (they are marked "skipped" without it).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = os.environ.get("FIRST_HOUR_SRC") or str(ROOT / "src")  # another tree to score, e.g. the code before a fix
ENV = {**os.environ, "PYTHONPATH": SRC, "SUPPLYSCREEN_NO_PROGRESS": "1"}
ENV.pop("SUPPLYSCREEN_POLICY", None)
CLI = [sys.executable, "-m", "supplyscreen"]
TMP = Path(tempfile.mkdtemp(prefix="first-hour-"))
ENV["HOME"] = str(TMP)  # a store or cache the checks create lands here, not in the user's home


def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env or ENV, timeout=timeout,
                          cwd=TMP)


def write(name: str, text: str) -> Path:
    p = TMP / name
    p.write_text(text, encoding="utf-8")
    return p


ITEMS = "ref,maker,product\nP-1,Juniper Networks,switch\nP-2,Hangzhou Hikvision Digital Technology,camera\n" \
        "P-3,Brother Industries,printer\n"


def version() -> tuple[bool, str]:
    r = run("--version")
    return r.returncode == 0 and r.stdout.strip()[:1].isdigit(), f"rc={r.returncode} {r.stdout.strip()[:40]!r}"


def short_help() -> tuple[bool, str]:
    bad = [c for c in ("check", "match", "report", "intel ingest", "registry info")
           if run(*c.split(), "-h").returncode != 0]
    return not bad, f"-h refused by: {bad}" if bad else "all accept -h"


def no_bool_placeholder() -> tuple[bool, str]:
    r = run("check", "--help")
    return "<bool>" not in r.stdout and "BOOLEAN" not in r.stdout, f"{r.stdout.count('<bool>')} <bool>"


def huge_header() -> tuple[bool, str]:
    p = write("wide.csv", ",".join(f"column number {i}" for i in range(200_000)) + "\n" + "x," * 10 + "\n")
    r = run("check", str(p))
    ok = r.returncode == 2 and len(r.stderr) < 4000
    return ok, f"rc={r.returncode}, message {len(r.stderr):,} chars"


def merged_rows() -> tuple[bool, str]:
    # A stray quote opens a cell that a later stray quote closes: two rows become one.
    p = write("merged.csv", 'ref,maker,product\nQ-1,"Juniper Networks,switch\nQ-2,Brother",printer\n'
                            "Q-3,Hikvision,camera\n")
    r = run("check", str(p))
    return r.returncode == 2 and ":2" in r.stderr, f"rc={r.returncode} {r.stderr.strip()[:120]!r}"


def unclosed_quote() -> tuple[bool, str]:
    p = write("unclosed.csv", 'ref,maker,product\nU-1,Juniper,switch\nU-2,"Brother,printer\nU-3,Dahua,camera\n')
    r = run("check", str(p))
    return r.returncode == 2 and ":3" in r.stderr, f"rc={r.returncode} {r.stderr.strip()[:120]!r}"


def intel_nothing_read() -> tuple[bool, str]:
    folder = TMP / "articles"
    folder.mkdir(exist_ok=True)
    (folder / "blank.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    r = run("intel", "ingest", str(folder))
    return r.returncode == 2, f"rc={r.returncode}"


def summary_after_output() -> tuple[bool, str]:
    p = write("items.csv", ITEMS)
    r = run("check", str(p), "--format", "json", "-o", str(TMP / "out.json"))
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    return len(lines) == 1 and "P" not in r.stdout, f"stderr lines: {lines[:2]}"


def jurisdiction_default() -> tuple[bool, str]:
    p = write("items.csv", ITEMS)
    r = run("check", str(p), "--jurisdiction", "GB", "--format", "json")
    try:
        gb = json.loads(r.stdout)["policy"]
    except (ValueError, KeyError):
        gb = f"rc={r.returncode}"
    r = run("check", str(p), "--format", "json", env={**ENV, "SUPPLYSCREEN_POLICY": "jp-gov-it-procurement-2018"})
    try:
        jp = json.loads(r.stdout)["policy"]
    except (ValueError, KeyError):
        jp = f"rc={r.returncode}"
    return gb.startswith("uk-") and jp.startswith("jp-"), f"--jurisdiction GB -> {gb}; env JP -> {jp}"


def ctrl_c() -> tuple[bool, str]:
    rows = "".join(f"R{i},Vendor number {i} of many,switch\n" for i in range(400_000))
    p = write("big.csv", "ref,maker,product\n" + rows)
    seen = []
    ok = True
    for delay in (1.0, 8.0):  # while the program starts (imports), and while it screens
        proc = subprocess.Popen([*CLI, "check", str(p), "--format", "json", "-o", str(TMP / "big.json")],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, cwd=TMP,
                                start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to every process of the job
        try:
            _out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            return False, f"still running 60 s after Ctrl-C at {delay:.0f} s"
        ok = ok and proc.returncode == 130 and "Traceback" not in err
        seen.append(f"at {delay:.0f}s rc={proc.returncode} traceback={'Traceback' in err}")
    return ok, "; ".join(seen)


def busy_port() -> tuple[bool, str]:
    try:
        import fastapi  # noqa: F401
    except ImportError:
        return True, "skipped: no service extra"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        t = time.monotonic()
        r = run("serve", "--port", str(port), "--db", f"sqlite:///{TMP}/busy.db", "--workers", "1", timeout=120)
        took = time.monotonic() - t
    leaked = "password" in r.stdout + r.stderr
    return r.returncode == 2 and not leaked and took < 20, f"rc={r.returncode} after {took:.0f}s, password shown={leaked}"


def missing_extra() -> tuple[bool, str]:
    code = ("import sys; sys.modules['sqlalchemy'] = None; sys.argv = ['supplyscreen', 'audit', 'verify'];"
            "from supplyscreen.cli import main; main()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, cwd=TMP, timeout=60)
    ok = r.returncode == 2 and "Traceback" not in r.stderr and "[service]" in r.stderr
    return ok, f"rc={r.returncode} {r.stderr.strip().splitlines()[-1][:100] if r.stderr.strip() else ''!r}"


def web_text_names_no_flag() -> tuple[bool, str]:
    p = write("noroles.csv", "colour,size\nred,large\n")
    code = ("import sys; from supplyscreen import library\n"
            "try:\n library.check(sys.argv[1])\nexcept Exception as e:\n print(e)")
    r = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, env=ENV, timeout=60)
    return "--" not in r.stdout, r.stdout.strip()[-100:]


BOM = {
    "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 3,
    "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
    "metadata": {"component": {"type": "device", "bom-ref": "kiosk", "name": "Lobby kiosk",
                               "manufacturer": {"name": "Northwind Devices"}}},
    "components": [
        {"type": "device", "bom-ref": "kiosk-cam", "name": "Front camera",
         "manufacturer": {"name": "Zhejiang Dahua Technology"}},
        {"type": "device", "bom-ref": "kiosk-nic", "name": "Ethernet controller",
         "manufacturer": {"name": "Intel Corporation"}},
    ],
}


def sarif_located() -> tuple[bool, str]:
    items = write("items.csv", ITEMS)
    bom = write("kiosk.cdx.json", json.dumps(BOM, indent=2))
    missing = 0
    total = 0
    for p in (items, bom):
        r = run("check", str(p), "--format", "sarif")
        doc = json.loads(r.stdout)
        run0 = doc["runs"][0]
        for res in run0["results"]:
            total += 1
            loc = res["locations"][0].get("physicalLocation", {})
            if not loc.get("region", {}).get("startLine"):
                missing += 1
        missing += sum(1 for rule in run0["tool"]["driver"]["rules"]
                       if not rule.get("fullDescription") or not rule.get("help"))
    return total > 0 and missing == 0, f"{total} results; {missing} without a line or rule text"


def cyclonedx_annotated() -> tuple[bool, str]:
    bom = write("kiosk.cdx.json", json.dumps(BOM, indent=2))
    r = run("check", str(bom), "--format", "cyclonedx")
    doc = json.loads(r.stdout)
    meta = doc.get("metadata", {})
    tools = json.dumps(meta.get("tools", ""))
    stamp = meta.get("timestamp", "")
    ok = (doc.get("serialNumber") not in (None, BOM["serialNumber"]) and doc.get("version") == 4
          and stamp[:2] == "20" and "supplyscreen" in tools
          and "today" not in json.dumps(meta.get("properties", [])))
    return ok, f"serial new={doc.get('serialNumber') != BOM['serialNumber']} version={doc.get('version')} " \
               f"timestamp={stamp!r} tools has supplyscreen={'supplyscreen' in tools}"


CHECKS: list[tuple[str, Callable[[], tuple[bool, str]]]] = [
    ("--version", version), ("-h on commands", short_help), ("--help shows no <bool>", no_bool_placeholder),
    ("200,000-column header: short error", huge_header), ("stray quotes merge rows: exit 2 naming the line", merged_rows),
    ("unclosed quote: exit 2 naming the line", unclosed_quote), ("intel ingest, nothing readable: exit 2", intel_nothing_read),
    ("check -o: one-line summary", summary_after_output), ("default policy from jurisdiction/setting", jurisdiction_default),
    ("Ctrl-C: exit 130, no traceback", ctrl_c), ("serve on a busy port: exit 2 before any password", busy_port),
    ("missing extra: what to install", missing_extra), ("library error text names no CLI flag", web_text_names_no_flag),
    ("SARIF: every result located, rules described", sarif_located),
    ("annotated CycloneDX: serial, version, timestamp, tool", cyclonedx_annotated),
]


def main() -> None:
    passed = 0
    for name, check in CHECKS:
        try:
            ok, seen = check()
        except Exception as e:  # a crash of the check is a failure of the trap it tests
            ok, seen = False, f"{type(e).__name__}: {str(e)[:100]}"
        passed += ok
        print(f"{'pass' if ok else 'FAIL'}  {name}: {seen}")
    print(f"\n{passed} of {len(CHECKS)} pass")


if __name__ == "__main__":
    main()
