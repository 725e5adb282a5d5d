"""What every command shares: exit codes, the error message, and the options and values they parse.

Exit codes, for CI pipelines: 0 clean, 1 findings, 2 a usage or input error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

DbUrl = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: SUPPLYSCREEN_DATABASE_URL or a local SQLite file)."),
]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Screen as of this date (YYYY-MM-DD); default today.")]
OrgFiles = Annotated[
    list[Path] | None,
    typer.Option("--org-designations", help="An organisation's own designations (YAML/CSV); repeatable."),
]


def fail(message: str) -> typer.Exit:
    """Print ``message`` as the command's error and give the exit to raise (code 2)."""
    typer.echo(f"supplyscreen: error: {message}", err=True)
    return typer.Exit(EXIT_ERROR)


def date(value: str | None, option: str = "--as-of") -> dt.date | None:
    """``value`` as a date, None when empty; a usage error naming ``option`` when it is not ISO."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise fail(f"{option} {value!r} is not a date in the form YYYY-MM-DD") from None


def columns(pairs: list[str]) -> dict[str, str]:
    """``--column ROLE=HEADER`` options as {role: header}; a usage error for a malformed pair."""
    out = {}
    for p in pairs:
        role, sep, header = p.partition("=")
        if not sep or not role.strip() or not header.strip():
            raise fail(f"--column {p!r} must look like ROLE=HEADER, e.g. --column vendor=メーカー")
        out[role.strip().lower()] = header.strip()
    return out
