"""`supplyscreen audit verify|export` and `supplyscreen serve`. SQLAlchemy, FastAPI and uvicorn
load inside the commands, so `check` and `match` start as fast as before."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path
from typing import Annotated

import typer

audit_app = typer.Typer(help="Verify and export the hash-chained audit log of the service's store.",
                        no_args_is_help=True)
DbUrl = Annotated[str | None, typer.Option("--db", help="Database URL (default: SUPPLYSCREEN_DATABASE_URL or a local SQLite file).")]


@audit_app.command("verify")
def verify(db: DbUrl = None) -> None:
    """Recompute the audit chain; exit 1 naming the first edited or deleted record."""
    from supplyscreen.store import audit, open_store

    st = open_store(db)
    with st.session() as s:
        v = audit.verify(s)
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


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    db: DbUrl = None,
    admin: Annotated[str, typer.Option(help="User name of the first administrator.")] = "admin",
    team: Annotated[str, typer.Option(help="Team of the first administrator.")] = "default",
    workers: Annotated[int, typer.Option(min=0, max=64, help=(
        "Screening processes; screening is CPU work, so one per core (0: the machine's cores, at most 4; "
        "1: screen in the web process itself)."))] = 0,
) -> None:
    """Start the web UI and REST API (/docs) on the store; creates a first admin on an empty store.

    The admin's password comes from SUPPLYSCREEN_ADMIN_PASSWORD, or is generated and printed once.
    """
    import os

    import uvicorn
    from sqlalchemy import func, select

    from supplyscreen import settings
    from supplyscreen.api.app import create_app
    from supplyscreen.store import models, open_store, users

    st = open_store(db)
    # Only here, before any worker starts: a screening still `running` now belongs to a stopped server.
    n = st.recover()
    if n:
        typer.echo(f"marked {n} screening(s) interrupted by the last stop", err=True)
    with st.session() as s:
        if not s.scalar(select(func.count()).select_from(models.User)):
            password = settings.load().admin_password
            users.create_user(s, team, admin, password or (generated := secrets.token_urlsafe(12)), "admin")
            if not password:
                typer.echo(f"created user {admin!r} (admin) with password: {generated}  (shown once)")
            else:
                typer.echo(f"created user {admin!r} (admin) with the password in SUPPLYSCREEN_ADMIN_PASSWORD")
    # Each screening process holds its own registry, name index and verdict cache (~220 MB at
    # start), so the default stops at 4 (under 1 GB); more processes than cores only add memory.
    workers = workers or min(4, os.cpu_count() or 1)
    typer.echo(f"supplyscreen on http://{host}:{port}/  (API docs at /docs; store {st.engine.url!r}; "
               + (f"{workers} screening processes)" if workers > 1 else "screening in this process)"), err=True)
    uvicorn.run(create_app(st, screening_processes=workers if workers > 1 else 0), host=host, port=port,
                log_level="warning")


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
    app.command("serve")(serve)
