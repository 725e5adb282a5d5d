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
def verify(
    db: DbUrl = None,
    anchor: Annotated[list[Path] | None, typer.Option("--anchor", help="Anchors written by `audit anchor` (JSON lines); repeatable. A log truncated or rewound past one is named.")] = None,
) -> None:
    """Recompute the audit chain and every row it sealed; exit 1 naming each edited, deleted or
    added row, and a log truncated or rewound past an anchor."""
    import json

    from supplyscreen.commands.common import fail
    from supplyscreen.service.verify import verify_chain
    from supplyscreen.store import open_store

    anchors = []
    for path in anchor or ():
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
            anchors += [json.loads(x) for x in lines if x.strip()]
        except (OSError, ValueError) as e:
            raise fail(f"--anchor {path}: {e}") from None
    st = open_store(db)
    with st.session() as s:
        v = verify_chain(s, anchors=anchors)
    if v.ok:
        typer.echo(f"audit log verifies: {v.records} records" + (f", {len(anchors)} anchor(s)" if anchors else ""))
        return
    typer.echo(f"audit log does NOT verify ({v.records} records):", err=True)
    for p in v.problems or (v.problem,):
        typer.echo(f"  {p}", err=True)
    raise typer.Exit(1)


@audit_app.command("anchor")
def anchor(
    output: Annotated[Path, typer.Option("--output", "-o", help="JSON lines file to append the anchor to ('-' for stdout); keep it off the database host.")] = Path("-"),
    db: DbUrl = None,
) -> None:
    """Write the chain's head as an anchor (signed with SUPPLYSCREEN_AUDIT_KEY when set), for
    `audit verify --anchor` to detect a truncated or rewound log later."""
    from supplyscreen.store import audit, open_store

    st = open_store(db)
    with st.session() as s:
        doc = audit.anchor(s)
    line = audit.canonical(doc) + "\n"
    if str(output) == "-":
        sys.stdout.write(line)
    else:
        with open(output, "a", encoding="utf-8") as out:
            out.write(line)
    typer.echo(f"anchor at record {doc['seq']}" + (" (signed)" if doc["signature"] else ""), err=True)


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
