"""``supplyscreen audit verify|export``: the hash-chained audit log of the service's store.

SQLAlchemy loads inside the commands, so ``check`` and ``match`` start as fast as before."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from supplyscreen.commands.common import DbUrl

audit_app = typer.Typer(help="Verify and export the hash-chained audit log of the service's store.",
                        no_args_is_help=True)


@audit_app.command("verify")
def verify(db: DbUrl = None) -> None:
    """Recompute the audit chain; exit 1 naming the first edited or deleted record."""
    from supplyscreen.service.verify import verify_chain
    from supplyscreen.store import open_store

    st = open_store(db)
    with st.session() as s:
        v = verify_chain(s)
    if v.ok:
        typer.echo(f"audit log verifies: {v.records} records")
        return
    typer.echo(f"audit log does NOT verify after {v.records} good records: {v.problem}", err=True)
    raise typer.Exit(1)


@audit_app.command("export")
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON lines file to write ('-' for stdout).")],
    db: DbUrl = None,
) -> None:
    """Write every audit record, with its hashes, as JSON lines for an auditor."""
    from supplyscreen.store import audit, open_store

    st = open_store(db)
    with st.session() as s:
        if str(output) == "-":
            n = audit.export(s, sys.stdout)
        else:
            with open(output, "w", encoding="utf-8") as out:
                n = audit.export(s, out)
    typer.echo(f"{n} records written", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
