#!/usr/bin/env python3
"""Portfolio re-screen after a registry change, side by side with re-running each screening by hand.

    PYTHONPATH=src python benchmarks/rescreen/portfolio.py [--rows N] [--screenings S] [--teams T]
        [--copies C] [--work DIR]

1. A store (SQLite file) is filled with S screenings of N inventory rows in all, spread over T teams
   (``make_inventory.py`` rows, split in order: each screening is one team's file of devices).
   With ``--copies C`` (C > 1) the store then holds C times as many rows without screening them
   C times: each stored screening is copied C - 1 times in the database (INSERT ... SELECT of its
   row, stored file included, and of its items under the new screening's id), so every copy's
   stored file and stored items agree as a screened one's do, and the re-screen reads each copy's
   own file as it reads any stored screening's. The copies hold no new verdict keys (the report
   says how many distinct keys the store holds).
2. A registry change: the snapshot in use plus one new designation list naming a few makers of the
   generated long tail, picked so that about 1 % of the stored rows' distinct verdict keys change
   (the run prints the share it got).
3. Today's only option, measured first: every stored screening re-run by hand against the new snapshot
   (``POST /screenings/{id}/rerun``, i.e. ``screenings.rerun``) and compared with the old one
   (``screenings.compare``): the time, and the items whose decision changed.
4. The portfolio re-screen (``service/rescreen.py``), when the package has it: the time, the changed
   items it found, whether they are exactly those of step 3, and the rows it screened (by stored key:
   a key's first row, rows decided alone and changed rows; row by row: all).

``--step migrate`` (run alone, on a store an older version filled) times migration 0010, which
keys every stored row.

Each step runs in a process of its own, as a server would after the change (a new snapshot is read
by a new process). Figures go to stdout as one JSON document.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# Share of distinct verdict keys the change aims at (the "touches 1 % of keys").
TARGET_KEY_SHARE = 0.01


def _py(step: str, work: Path, env: dict[str, str] | None = None, extra: tuple[str, ...] = ()) -> dict:
    """Run ``step`` in a child process; its figures, with the child's CPU seconds and the load
    average before and after (the machine is shared: wall time alone says little)."""
    import resource

    before, load0 = resource.getrusage(resource.RUSAGE_CHILDREN), os.getloadavg()[0]
    out = subprocess.run([sys.executable, __file__, "--step", step, "--work", str(work), *extra],
                         capture_output=True, text=True, env={**os.environ, **(env or {})})
    if out.returncode:
        sys.exit(f"step {step} failed:\n{out.stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {**json.loads(out.stdout.strip().splitlines()[-1]), "process_cpu_seconds": round(cpu, 1),
            "load_average": [round(load0, 2), round(os.getloadavg()[0], 2)]}


def step_setup(work: Path, rows: int, screenings: int, teams: int) -> dict:
    """Generate the inventory, store it as the screenings, and write the changed snapshot."""
    from supplyscreen import library
    from supplyscreen.registry import snapshot as snap
    from supplyscreen.registry.registry import Registry, bundled_path
    from supplyscreen.service import screenings as sv
    from supplyscreen.service import users
    from supplyscreen.store import open_store

    inv = work / "inventory.csv"
    subprocess.run([sys.executable, str(HERE.parent / "make_inventory.py"), str(rows), str(inv), "--seed", "20",
                    "--ieee", str(ROOT / "data" / "raw" / "ieee-registries")], check=True, capture_output=True)
    with open(inv, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        body = list(reader)
    st = open_store(f"sqlite:///{work / 'store.db'}")
    with st.session() as s:
        for t in range(teams):
            users.create_user(s, f"team{t}", f"officer{t}", "bench-password", "officer")
        team_ids = {t: users.team(s, f"team{t}").id for t in range(teams)}
    per = -(-len(body) // screenings)
    t0 = time.perf_counter()
    for k in range(screenings):
        chunk = body[k * per:(k + 1) * per]
        text = ",".join(header) + "\n" + "".join(_csv_line(r) for r in chunk)
        team = k % teams
        sv.submit(st, sv.Submission(team_ids[team], f"officer{team}", None, f"fleet-{k}.csv", text.encode(),
                                    "us-ndaa-889"))
    stored = time.perf_counter() - t0
    # The change: a designation list naming long-tail makers that hold about TARGET_KEY_SHARE of the
    # distinct verdict keys (a key here is what the screener caches on; counted by screening once).
    reg = library.load_registry()
    screener = library.make_screener(reg, "us-ndaa-889")
    keys_by_vendor: dict[str, set[tuple[str, ...]]] = {}
    all_keys: set[tuple[str, ...]] = set()
    from supplyscreen.sources import ReadOptions, open_source

    src = open_source(inv, ReadOptions(kind="inventory"))
    for item in src.items():
        key = screener.verdict_key(item)
        if key is None:
            continue
        all_keys.add(key)
        r = screener.screen_item(item)
        if r.decision.value == "allow" and item.fields.get("vendor", "").strip():
            keys_by_vendor.setdefault(item.fields["vendor"].strip(), set()).add(key)
    goal = TARGET_KEY_SHARE * len(all_keys)
    chosen, got = [], 0
    for vendor, keys in sorted(keys_by_vendor.items(), key=lambda kv: (-len(kv[1]), kv[0]))[20:]:
        if got >= goal:
            break
        if got + len(keys) <= goal * 1.2:
            chosen.append(vendor)
            got += len(keys)
    designations = work / "bench-list.yaml"
    import yaml

    designations.write_text(yaml.safe_dump({
        "list": {"id": "bench-new-list", "name": "A list published after the screenings",
                 "authority": "benchmark", "restricts_purchase": True},
        "source": {"id": "bench-new-list", "title": "benchmark"},
        "designations": [{"name": v, "added": "2020-01-01", "citation": "benchmark"} for v in chosen],
    }, allow_unicode=True), encoding="utf-8")
    new = Registry.load(bundled_path(), (designations,))
    snap.dump(new.data, work / "registry-new.json.gz")
    return {"rows": len(body), "screenings": screenings, "teams": teams, "store_seconds": round(stored, 1),
            "distinct_keys": len(all_keys), "keys_of_chosen_makers": got, "makers_designated": len(chosen)}


def step_copy(work: Path, copies: int) -> dict:
    """Copy every stored screening ``copies - 1`` times, each with its stored file and its items."""
    from sqlalchemy import text

    from supplyscreen.store import models as m
    from supplyscreen.store import open_store

    st = open_store(f"sqlite:///{work / 'store.db'}")
    sc_cols = [c.name for c in m.Screening.__table__.columns if c.name != "id"]
    it_cols = [c.name for c in m.ScreeningItem.__table__.columns if c.name not in ("id", "screening_id")]
    t0 = time.perf_counter()
    with st.writing() as s:
        base = [r[0] for r in s.execute(text("SELECT id FROM screenings ORDER BY id"))]
        for _ in range(copies - 1):
            for sid in base:
                new = s.execute(text(f"INSERT INTO screenings ({', '.join(sc_cols)}) SELECT {', '.join(sc_cols)} "
                                     "FROM screenings WHERE id = :sid RETURNING id"), {"sid": sid}).scalar_one()
                s.execute(text(f"INSERT INTO items (screening_id, {', '.join(it_cols)}) "
                               f"SELECT :new, {', '.join(it_cols)} FROM items WHERE screening_id = :sid"),
                          {"new": new, "sid": sid})
        total = s.execute(text("SELECT count(*) FROM items")).scalar_one()
        screenings = s.execute(text("SELECT count(*) FROM screenings")).scalar_one()
    return {"copies": copies, "screenings": screenings, "stored_rows": total,
            "copy_seconds": round(time.perf_counter() - t0, 1)}


def _csv_line(row: list[str]) -> str:
    import io

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    return buf.getvalue()


def _load_registry() -> float:
    """Load the new registry and its name index first, as a server does at start: both paths pay
    it once, and it is reported apart from the re-screen itself."""
    from supplyscreen.service import screenings as sv

    t0 = time.perf_counter()
    sv.warm_up()
    return round(time.perf_counter() - t0, 1)


def step_by_hand(work: Path) -> dict:
    """Today: re-run each stored screening and compare it with the one before."""
    from sqlalchemy import select

    from supplyscreen.service import screenings as sv
    from supplyscreen.store import models as m
    from supplyscreen.store import open_store

    st = open_store(f"sqlite:///{work / 'store.db'}")
    with st.session() as s:
        todo = list(s.execute(select(m.Screening.id, m.Screening.team_id).where(m.Screening.rerun_of.is_(None),
                                                                                m.Screening.status == m.COMPLETE)))
    load = _load_registry()
    t0 = time.perf_counter()
    changed = []
    for sid, team in todo:
        new = sv.rerun(st, team, sid, "bench", None)
        changed += [[sid, d["ref"], d["before"], d["after"]] for d in sv.compare(st, team, sid, new)]
    took = time.perf_counter() - t0
    (work / "by-hand.json").write_text(json.dumps(sorted(changed)), encoding="utf-8")
    return {"registry_load_seconds": load, "seconds": round(took, 1), "changed_items": len(changed)}


def step_portfolio(work: Path) -> dict:
    """The portfolio re-screen of every stored screening against the registry now in use."""
    try:
        from supplyscreen.service import rescreen
    except ImportError:
        return {"available": False}
    from sqlalchemy import text

    from supplyscreen.service import jobs
    from supplyscreen.store import open_store

    st = open_store(f"sqlite:///{work / 'store.db'}")
    load = _load_registry()
    t0 = time.perf_counter()
    run = rescreen.start(st, "bench", "registry change (benchmark)")
    jobs.work(st, "bench-worker", until_idle=True)
    took = time.perf_counter() - t0
    changes = rescreen.changes(st, run)
    with st.session() as s:  # rows screened (a key's first row, rows decided alone, changed rows), per job
        screened = sum(json.loads(r).get("screened", 0) for r in s.scalars(
            text("SELECT result FROM jobs WHERE kind = 'rescreen' AND group_id = :run"), {"run": run}))
    found = sorted([c["screening_id"], c["ref"], c["was"]["decision"], c["now"]["decision"]] for c in changes)
    by_hand = json.loads((work / "by-hand.json").read_text(encoding="utf-8"))
    return {"available": True, "registry_load_seconds": load, "seconds": round(took, 1), "changed_items": len(found),
            "rows_screened": screened,
            "equal_to_rerun": found == by_hand,
            "missed": sum((Counter(map(tuple, by_hand)) - Counter(map(tuple, found))).values()),
            "extra": sum((Counter(map(tuple, found)) - Counter(map(tuple, by_hand))).values())}


def step_migrate(work: Path) -> dict:
    """Upgrade a store filled by an older version: migration 0010 keys every stored row."""
    from sqlalchemy import text

    from supplyscreen.store import open_store

    t0 = time.perf_counter()
    st = open_store(f"sqlite:///{work / 'store.db'}")
    took = time.perf_counter() - t0
    with st.session() as s:
        keyed = s.execute(text("SELECT count(*), count(row_key) FROM items")).one()
        keyings = s.execute(text("SELECT count(DISTINCT row_keying) FROM screenings")).scalar_one()
    return {"migrate_seconds": round(took, 1), "rows": keyed[0], "rows_keyed": keyed[1], "keyings": keyings}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--screenings", type=int, default=20)
    ap.add_argument("--teams", type=int, default=4)
    ap.add_argument("--copies", type=int, default=1, help="store each screened screening this many times")
    ap.add_argument("--work", type=Path, default=Path("/tmp/supplyscreen-rescreen-bench"))
    ap.add_argument("--step", default="")
    args = ap.parse_args()
    work: Path = args.work
    if args.step:
        fn = {"setup": lambda: step_setup(work, args.rows, args.screenings, args.teams),
              "copy": lambda: step_copy(work, args.copies), "by-hand": lambda: step_by_hand(work), "portfolio": lambda: step_portfolio(work),
              "migrate": lambda: step_migrate(work)}[args.step]
        print(json.dumps(fn()))
        return 0
    work.mkdir(parents=True, exist_ok=True)
    for f in work.glob("store.db*"):
        f.unlink()
    env = {"SUPPLYSCREEN_HOME": str(work), "SUPPLYSCREEN_NO_PROGRESS": "1"}
    sizes = ("--rows", str(args.rows), "--screenings", str(args.screenings), "--teams", str(args.teams))
    doc = {"setup": _py("setup", work, {**env, "SUPPLYSCREEN_REGISTRY": ""}, sizes)}
    if args.copies > 1:
        doc["copy"] = _py("copy", work, env, ("--copies", str(args.copies)))
    new = {**env, "SUPPLYSCREEN_REGISTRY": str(work / "registry-new.json.gz")}
    # Both measured from a copy of the same store: the by-hand re-runs add screenings of their own.
    import shutil

    before = work / "before"
    shutil.rmtree(before, ignore_errors=True)
    before.mkdir()
    for f in work.glob("store.db*"):
        shutil.copyfile(f, before / f.name)
    doc["by_hand"] = _py("by-hand", work, new)
    for f in work.glob("store.db*"):
        f.unlink()
    for f in before.glob("store.db*"):
        shutil.copyfile(f, work / f.name)
    doc["portfolio"] = _py("portfolio", work, new)
    print(json.dumps(doc, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
