"""``supplyscreen policy``: list, show and explain packs, and run a custom pack's tests.

A pack's tests live next to it (``mypack.yaml`` → ``mypack.tests.yaml``)::

    pack: mypack.yaml            # optional; default: the file name without .tests
    org_designations: [org.yaml] # optional, relative to the tests file
    cases:
      - name: Huawei switch is excluded
        item: {vendor: Huawei, category: switch}
        as_of: 2024-01-01        # optional
        expect: exclude          # exclude / review / allow / unknown
        rules: [889-f3A-covered] # optional: these rule ids must fire
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any

import typer

from supplyscreen.commands.common import EXIT_CLEAN, EXIT_FINDINGS, Jurisdiction, PolicyOption, pick_policy
from supplyscreen.commands.common import date as _date
from supplyscreen.commands.common import fail as _fail
from supplyscreen.errors import SupplyscreenError
from supplyscreen.model import Decision, Item

policy_app = typer.Typer(help="Policy packs: the rules per jurisdiction, as reviewable YAML.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")


@policy_app.command("list")
def list_packs(fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table") -> None:
    """The shipped packs: id, jurisdiction, effective date, rules and name."""
    from supplyscreen.policy import load, shipped

    try:
        packs = [load(pid) for pid in shipped()]
    except SupplyscreenError as e:
        raise _fail(str(e)) from None
    if fmt == "json":
        doc = [{"id": p.id, "name": p.name, "jurisdiction": p.jurisdiction,
                "effective": p.effective.isoformat() if p.effective else None, "rules": len(p.rules)} for p in packs]
        sys.stdout.write(json.dumps({"packs": doc}, ensure_ascii=False, indent=1) + "\n")
        return
    for p in packs:
        eff = p.effective.isoformat() if p.effective else "-"
        typer.echo(f"{p.id:28} {p.jurisdiction:4} {eff:10} {len(p.rules):3} rules  {p.name}")


@policy_app.command("show")
def show(
    policy_id: Annotated[str, typer.Argument(help="Pack id or pack file.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """A pack's scope, sources, rules (conditions, outcome, dates, citation) and exceptions."""
    from supplyscreen.policy import load

    try:
        pack = load(policy_id)
    except SupplyscreenError as e:
        raise _fail(str(e)) from None
    if fmt == "json":
        sys.stdout.write(json.dumps(_pack_doc(pack), ensure_ascii=False, indent=1, default=str) + "\n")
        return
    typer.echo(f"{pack.id}: {pack.name} [{pack.jurisdiction}]")
    if pack.binds:
        typer.echo(f"binds: {pack.binds}")
    if pack.summary:
        typer.echo(pack.summary)
    typer.echo("\nsources:")
    for s in pack.sources:
        typer.echo(f"  {s.id}: {s.title}" + (f" ({s.date})" if s.date else "") + (f"\n    {s.url}" if s.url else ""))
    typer.echo("\nrules (in order; the most severe outcome wins):")
    for r in pack.rules:
        dates = ", ".join(x for x in (
            f"from {r.effective}" if r.effective else "", f"until {r.until}" if r.until else "",
            f"{r.before_deadline.value} until deadline {r.deadline}" if r.deadline else "") if x)
        typer.echo(f"  {r.id} -> {r.outcome.value}" + (f" ({dates})" if dates else "")
                   + (f" [if unknown: {r.if_unknown.value}]" if r.if_unknown else ""))
        typer.echo(f"    when: {_conds(r.when)}")
        typer.echo(f"    citation: {r.citation}")
    if pack.exceptions:
        typer.echo("\nexceptions:")
        for x in pack.exceptions:
            typer.echo(f"  {x.id} -> {x.outcome.value}, suppresses {', '.join(x.suppresses)}; when: {_conds(x.when)}")
            typer.echo(f"    citation: {x.citation}")


def _conds(conds: Any) -> str:
    parts = []
    for c in conds:
        if c.kind in ("all", "any"):
            parts.append(f"{c.kind}(" + " | ".join(_conds(p) for p in c.value) + ")")
        elif c.kind == "not":
            parts.append(f"not({_conds(c.value)})")
        else:
            v = c.value
            text = v.pattern if hasattr(v, "pattern") else v
            parts.append(f"{c.kind}={text}")
    return "; ".join(parts) or "always"


def _pack_doc(pack: Any) -> dict[str, Any]:
    return {
        "id": pack.id, "name": pack.name, "jurisdiction": pack.jurisdiction, "binds": pack.binds,
        "summary": pack.summary, "effective": pack.effective,
        "sources": [{"id": s.id, "title": s.title, "url": s.url, "date": s.date} for s in pack.sources],
        "rules": [{"id": r.id, "outcome": r.outcome.value, "citation": r.citation, "when": _conds(r.when),
                   "effective": r.effective, "until": r.until, "deadline": r.deadline,
                   "before_deadline": r.before_deadline.value if r.deadline else None,
                   "if_unknown": r.if_unknown.value if r.if_unknown else None} for r in pack.rules],
        "exceptions": [{"id": x.id, "suppresses": list(x.suppresses), "outcome": x.outcome.value,
                        "citation": x.citation, "when": _conds(x.when)} for x in pack.exceptions],
    }


def _screen_one(policy: str, fields: dict[str, str], day: dt.date | None, org: tuple[Path, ...],
                waivers: Path | None = None, ref: str = "explain") -> tuple[Any, Any]:
    from supplyscreen import library
    from supplyscreen.matching.evidence import EvidenceFinder
    from supplyscreen.policy import get_policy, load_waivers

    reg = library.load_registry(None, org)
    pol = get_policy(policy, waivers=load_waivers(waivers) if waivers else (), known_lists=reg.lists)
    item = Item(ref, MappingProxyType({k: v for k, v in fields.items() if v}))
    matches = EvidenceFinder(library.matcher_for(reg)).find(item, day)
    return matches, pol.evaluate(item, matches, day)


@policy_app.command("explain")
def explain(
    maker: Annotated[str, typer.Argument(help="The item's vendor or maker name.")],
    policy: PolicyOption = None,
    jurisdiction: Jurisdiction = None,
    purpose: Annotated[str | None, typer.Option("--purpose", help="Intended use, e.g. physical-security.")] = None,
    category: Annotated[str | None, typer.Option("--category", help="e.g. router, camera, drone, software.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Country of production, e.g. CN.")] = None,
    product: Annotated[str | None, typer.Option("--product", help="Product name or description.")] = None,
    exception: Annotated[str | None, typer.Option("--exception", help="Asserted exception, e.g. backhaul.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Evaluate as of this date (YYYY-MM-DD).")] = None,
    org: Annotated[list[Path] | None, typer.Option("--org-designations", help="Organisation designations.")] = None,
    waivers: Annotated[Path | None, typer.Option("--waivers", help="Waiver file (YAML).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
) -> None:
    """Which rules fire for one item, and why."""
    day = _date(as_of)
    policy = pick_policy(policy, jurisdiction)
    fields = {"vendor": maker, "purpose": purpose or "", "category": category or "", "country": country or "",
              "product": product or "", "exception": exception or ""}
    try:
        matches, verdict = _screen_one(policy, fields, day, tuple(org or ()), waivers)
    except SupplyscreenError as e:
        raise _fail(str(e)) from None
    if fmt == "json":
        doc = {"decision": verdict.decision.value, "reason": verdict.reason,
               "rules": [{"id": r.id, "outcome": r.outcome.value, "citation": r.citation, "rationale": r.rationale}
                         for r in verdict.rules],
               "matches": [{"field": m.field, "value": m.value, "entity": m.match.entity.name,
                            "band": m.match.band.value} for m in matches]}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    else:
        typer.echo(f"decision: {verdict.decision.value}")
        typer.echo(f"reason: {verdict.reason}")
        for m in matches:
            typer.echo(f"match: {m.field} '{m.value}' -> {m.match.entity.name} ({m.match.band.value})")
        for r in verdict.rules:
            typer.echo(f"rule {r.id} -> {r.outcome.value} [{r.citation}]\n  {r.rationale}")
        if not verdict.rules:
            typer.echo("no rule fired")
    raise typer.Exit(EXIT_CLEAN if verdict.decision is Decision.ALLOW else EXIT_FINDINGS)


@policy_app.command("test")
def run_tests(
    path: Annotated[Path | None, typer.Argument(help="A *.tests.yaml file or a folder of them.")] = None,
) -> None:
    """Run the test cases written next to a pack (policy as code); exit 1 on any failure."""
    from supplyscreen.policy import packs_dir

    target = path or packs_dir()
    files = sorted(target.glob("*.tests.yaml")) if target.is_dir() else [target]
    if not files:
        raise _fail(f"{target}: no *.tests.yaml files")
    failed = total = 0
    for f in files:
        try:
            results = run_test_file(f)
        except SupplyscreenError as e:
            raise _fail(str(e)) from None
        for name, ok, detail in results:
            total += 1
            failed += not ok
            typer.echo(f"{'ok  ' if ok else 'FAIL'} {f.name}: {name}" + ("" if ok else f"\n     {detail}"))
    typer.echo(f"{total - failed} passed, {failed} failed")
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


def run_test_file(path: Path) -> list[tuple[str, bool, str]]:
    """Run one tests file: (case name, passed, what went wrong)."""
    from supplyscreen.errors import PolicyError
    from supplyscreen.policy.loader import _Map, _read

    doc = _read(path)
    if not isinstance(doc, _Map) or not isinstance(doc.get("cases"), list):
        raise PolicyError(f"{path}:1: a tests file needs a 'cases' list")
    pack = doc.get("pack") or path.name.removesuffix(".tests.yaml") + ".yaml"
    pack_path = path.parent / str(pack)
    policy = str(pack_path) if pack_path.exists() else str(pack)
    org = tuple(path.parent / str(p) for p in (doc.get("org_designations") or []))
    out = []
    for n, case in enumerate(doc["cases"], 1):
        if not isinstance(case, _Map) or not isinstance(case.get("item"), dict) or "expect" not in case:
            raise PolicyError(f"{path}:{getattr(case, 'line', 1)}: each case needs 'item' (a mapping) and 'expect'")
        name = str(case.get("name") or f"case {n}")
        expect = str(case["expect"])
        if expect not in {d.value for d in Decision}:
            raise PolicyError(f"{path}:{case.lines['expect']}: expect {expect!r} is not exclude/review/allow/unknown")
        day = case.get("as_of")
        if day is not None and not isinstance(day, dt.date):
            raise PolicyError(f"{path}:{case.lines['as_of']}: as_of {day!r} is not a date (YYYY-MM-DD)")
        fields = {str(k): str(v) for k, v in case["item"].items()}
        _, verdict = _screen_one(policy, fields, day, org, None, str(case.get("ref") or f"case-{n}"))
        want_rules = case.get("rules") or []
        fired = [r.id for r in verdict.rules]
        problems = []
        if verdict.decision.value != expect:
            problems.append(f"expected {expect}, got {verdict.decision.value}: {verdict.reason}")
        missing = [r for r in want_rules if r not in fired]
        if missing:
            problems.append(f"rules {missing} did not fire (fired: {fired or 'none'})")
        out.append((f"{name} (line {case.line})", not problems, "; ".join(problems)))
    return out
