"""``supplyscreen registry show|build``: inspect and rebuild the registry of designated entities."""

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
