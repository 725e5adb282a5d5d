"""``supplyscreen serve``: the web UI and REST API on the store.

SQLAlchemy, FastAPI and uvicorn load inside the command, so ``check`` and ``match`` start as fast
as before."""

from __future__ import annotations

import errno
import secrets
import socket
from typing import Annotated

import typer

from supplyscreen.commands.common import DbUrl, fail


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``, or the command's error (exit 2) when it cannot be: done
    before anything else, so a busy port is said at once, before a store is opened or a one-time
    password is printed for a server that would never start."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    # As uvicorn binds: a restart may reuse a port whose old connections linger in TIME_WAIT, while a
    # port another server listens on is still refused.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        busy = ("; another program is listening there: stop it or choose another --port"
                if e.errno == errno.EADDRINUSE else "")
        raise fail(f"cannot listen on {host}:{port}: {e.strerror or e}{busy}") from None
    return sock


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port.")] = 8000,
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
    sock = listen(host, port)  # first: a busy port is said in a second, before seconds of imports
    import os

    import uvicorn

    from supplyscreen import settings
    from supplyscreen.server import create_app
    from supplyscreen.service import users
    from supplyscreen.store import open_store

    st = open_store(db)
    # Only here, before any worker starts: a screening still `running` now belongs to a stopped server.
    n = st.recover()
    if n:
        typer.echo(f"marked {n} screening(s) interrupted by the last stop", err=True)
    password = settings.load().admin_password
    generated = secrets.token_urlsafe(12)
    with st.session() as s:
        created = users.first_admin(s, team, admin, password or generated)
    if created and not password:
        typer.echo(f"created user {admin!r} (admin) with password: {generated}  (shown once)")
    elif created:
        typer.echo(f"created user {admin!r} (admin) with the password in SUPPLYSCREEN_ADMIN_PASSWORD")
    # Each screening process holds its own registry, name index and verdict cache (~220 MB at
    # start), so the default stops at 4 (under 1 GB); more processes than cores only add memory.
    workers = workers or min(4, os.cpu_count() or 1)
    typer.echo(f"supplyscreen on http://{host}:{port}/  (API docs at /docs; store {st.engine.url!r}; "
               + (f"{workers} screening processes)" if workers > 1 else "screening in this process)"), err=True)
    # One job worker here takes queued screenings, portfolio re-screens and webhook deliveries;
    # `supplyscreen worker` on other hosts (sharing a PostgreSQL store) adds more.
    config = uvicorn.Config(create_app(st, screening_processes=workers if workers > 1 else 0, job_workers=1),
                            host=host, port=port, log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])


def worker(
    db: DbUrl = None,
    threads: Annotated[int, typer.Option(min=1, max=64, help="Jobs worked on at once in this process.")] = 1,
    until_idle: Annotated[bool, typer.Option("--until-idle", help="Stop when no job is ready.")] = False,
) -> None:
    """Take queued jobs (screenings, portfolio re-screens, webhook deliveries) from the store's queue.

    Run one per host (or per core) next to the server: on PostgreSQL every worker takes its own
    job (SELECT ... FOR UPDATE SKIP LOCKED); a worker killed midway leaves its job to another once
    its lease runs out, and no job's result is committed twice. Stop with Ctrl-C.
    """
    import threading

    from supplyscreen.service import jobs
    from supplyscreen.store import open_store

    st = open_store(db)
    if until_idle:
        n = jobs.work(st, until_idle=True)
        typer.echo(f"{n} job(s) done", err=True)
        return
    stop = threading.Event()
    pool = [threading.Thread(target=jobs.work, args=(st, f"{jobs.worker_name()}:{i}"), kwargs={"stop": stop},
                             daemon=True) for i in range(threads)]
    for t in pool:
        t.start()
    typer.echo(f"worker {jobs.worker_name()} on {st.engine.url!r}: {threads} thread(s)", err=True)
    try:
        while any(t.is_alive() for t in pool):
            for t in pool:
                t.join(timeout=1)
    except KeyboardInterrupt:
        stop.set()
        for t in pool:
            t.join()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("worker")(worker)
