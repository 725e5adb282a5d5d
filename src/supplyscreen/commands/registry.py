"""``supplyscreen registry show|info|build|update``: inspect, rebuild and update the registry of designated entities."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from supplyscreen import library
from supplyscreen.commands.common import AsOf, OrgFiles
from supplyscreen.commands.common import date as _date
from supplyscreen.commands.common import fail as _fail
from supplyscreen.errors import SupplyscreenError

registry_app = typer.Typer(help="Inspect and rebuild the registry of designated entities.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(registry_app, name="registry")


@registry_app.command("show")
def registry_show(
    query: Annotated[str, typer.Argument(help="Entity id or name, e.g. huawei or 華為.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    as_of: AsOf = None,
    org: OrgFiles = None,
) -> None:
    """Aliases, identifiers, relations, designations and sources of one entity."""
    from supplyscreen.registry.show import describe, render

    day = _date(as_of)
    try:
        reg = library.load_registry(None, tuple(org or ()))
        entity = reg.get(query)
        if entity is None:
            # Any entity, listed or not: Honor or Lorex Industries are shown to tell them apart.
            ms = library.matcher_for(reg).match_all(query, day)
            entity = reg.get(ms[0].entity.id) if ms else None
        if entity is None:
            raise _fail(f"no registry entity matches {query!r}")
        doc = describe(reg, entity, day)
    except SupplyscreenError as e:
        raise _fail(str(e)) from None
    if fmt == "json":
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    else:
        render(doc)


@registry_app.command("info")
def registry_info(
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    org: OrgFiles = None,
) -> None:
    """How old the registry's data are: each source with its file's date and its counts."""
    from supplyscreen.registry import info

    try:
        doc = info.info(library.load_registry(None, tuple(org or ())))
    except SupplyscreenError as e:
        raise _fail(str(e)) from None
    if fmt == "json":
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    else:
        info.render(doc)


@registry_app.command("build")
def registry_build(
    raw: Annotated[Path | None, typer.Option("--raw", help="Folder of raw public lists (default: data/raw).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Snapshot to write (default: the bundled one).")] = None,
) -> None:
    """Rebuild the registry snapshot from the raw public lists, with provenance."""
    from supplyscreen.registry import build

    argv: list[str] = []
    if raw:
        argv += ["--raw", str(raw)]
    if out:
        argv += ["--out", str(out)]
    try:
        build.main(argv)
    except SupplyscreenError as e:
        raise _fail(str(e)) from None


@registry_app.command("update")
def registry_update(
    files: Annotated[list[Path], typer.Argument(help="Newer official files, each named like the raw file it "
                                                     "replaces (consolidated.csv.gz, bis_entity_list.json, oui.csv, ...).")],
    raw: Annotated[Path | None, typer.Option("--raw", help="Raw folder to update from (default: data/raw).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="New snapshot (default: "
                                             "~/.supplyscreen/registry.json.gz).")] = None,
    diff_out: Annotated[Path | None, typer.Option("--diff", help="Write the list diff and provenance as JSON.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
) -> None:
    """Build a new snapshot from newer official files and show what changed against the one in use.

    Exit 0 when nothing that screening reads changed, 1 when something did, 2 on an error. Use the
    new snapshot with SUPPLYSCREEN_REGISTRY=FILE.
    """
    from supplyscreen import settings
    from supplyscreen.registry import build, snapshot
    from supplyscreen.registry.registry import bundled_path
    from supplyscreen.registry.update import update

    if fmt not in ("table", "json"):
        raise _fail(f"--format {fmt!r}: registry update writes table or json")
    conf = settings.load()
    target = out or conf.home / "registry.json.gz"
    try:
        old = snapshot.load(conf.registry_path or bundled_path())
        target.parent.mkdir(parents=True, exist_ok=True)
        done = update(files, raw or build.DEFAULT_RAW, target, old)
    except SupplyscreenError as e:
        raise _fail(str(e)) from None
    doc = {**done.diff.doc(), "provenance": done.provenance()}
    if diff_out:
        diff_out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if fmt == "json":
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    else:
        for r in done.replaced:
            typer.echo(f"replaced {r.folder}/{r.name} ({r.size:,} bytes, sha256 {r.sha256[:12]}…)")
        counts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in done.diff.counts().items() if v) or "no change"
        typer.echo(f"{target}: {counts}")
        for c in done.diff.changes[:50]:
            typer.echo(f"  {c.sentence}")
        if len(done.diff.changes) > 50:
            typer.echo(f"  … and {len(done.diff.changes) - 50} more (--format json or --diff FILE lists all)")
        typer.echo(f"use it with SUPPLYSCREEN_REGISTRY={target}")
    raise typer.Exit(1 if done.diff.changes else 0)
