"""What every command shares: exit codes, the error message, and the options and values they parse.

Exit codes, for CI pipelines: 0 clean, 1 findings, 2 a usage or input error, 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from supplyscreen.errors import SupplyscreenError, cap

if TYPE_CHECKING:
    from supplyscreen.screen import Tally

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130
"""128 + SIGINT, what a shell reports for a program stopped by Ctrl-C."""

CONTEXT = {"help_option_names": ["-h", "--help"]}
"""Click context settings for the root app; sub-commands and groups inherit them (``-h`` everywhere)."""

CLI_REMEDIES = {
    "columns": "Name the columns on the command line, e.g. --column vendor=HEADER --column model=HEADER.",
    "rows": "Split the file, or raise the limit: SUPPLYSCREEN_MAX_ROWS=N supplyscreen check FILE.",
}
"""What the command line adds to an input error whose fix it offers (``InputError.remedy``); the
library's own text says what is wrong in words any interface can show."""

EXTRAS = {
    "service": ("fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "jinja2", "multipart",
                "python_multipart", "argon2", "psycopg", "orjson", "fastapi_offline"),
    "intel": ("trafilatura",),
}
"""Optional dependencies by the pyproject extra that installs them (top-level module names): `serve`,
`case` and `audit` need the service's; reading web pages for `intel` is better with trafilatura.
``check`` and ``match`` need none, so a CI job installs only the core."""

DbUrl = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: SUPPLYSCREEN_DATABASE_URL or a local SQLite file)."),
]
AsOf = Annotated[str | None, typer.Option("--as-of", help="Screen as of this date (YYYY-MM-DD); default today.")]
OrgFiles = Annotated[
    list[Path] | None,
    typer.Option("--org-designations", help="An organisation's own designations (YAML/CSV); repeatable."),
]


PolicyOption = Annotated[
    str | None,
    typer.Option("--policy", "-p", help="Policy pack id or pack file (default: the --jurisdiction's pack, else "
                                        "SUPPLYSCREEN_POLICY, else SUPPLYSCREEN_JURISDICTION's, else us-ndaa-889)."),
]
Jurisdiction = Annotated[
    str | None,
    typer.Option("--jurisdiction", "-j", help="Use this jurisdiction's policy pack (GB, JP, US, ...; "
                                              "`supplyscreen policy list` shows them) when --policy is not given."),
]


def fail(message: str) -> typer.Exit:
    """Print ``message`` as the command's error and give the exit to raise (code 2).

    The message is capped: an input's own text (a header of a million cells) can be part of it."""
    typer.echo(f"supplyscreen: error: {cap(message)}", err=True)
    return typer.Exit(EXIT_ERROR)


def error(exc: Exception) -> typer.Exit:
    """:func:`fail` for a library error, with the command line's own remedy when it offers one."""
    remedy = CLI_REMEDIES.get(getattr(exc, "remedy", ""), "")
    return fail(f"{cap(str(exc))} {remedy}".strip())


def package_version() -> str:
    """The installed version; from a source tree that is not installed, the version it would get."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("supplyscreen")
    except PackageNotFoundError:
        return "0+unknown (not installed)"


def pick_policy(policy: str | None, jurisdiction: str | None) -> str:
    """The pack a command uses: ``--policy``, else ``--jurisdiction``'s pack, else the settings'
    (SUPPLYSCREEN_POLICY, then SUPPLYSCREEN_JURISDICTION), else the library's default.

    A UK or Japanese user sets theirs once, instead of getting US law by default."""
    from supplyscreen.policy import configured_default, for_jurisdiction

    if policy:
        return policy
    try:
        return for_jurisdiction(jurisdiction) if jurisdiction else configured_default()
    except SupplyscreenError as e:
        raise fail(f"--jurisdiction {jurisdiction!r}: {e}" if jurisdiction else str(e)) from None


def summary_line(tally: Tally, policy: str, output: Path) -> str:
    """One line for the terminal after the results went to a file (as pip-audit prints)."""
    counts = ", ".join(f"{n:,} {d}" for d, n in tally.counts.items() if n)
    return (f"supplyscreen: {tally.rows_out:,} item(s) screened under {policy}: {counts or 'none'}; "
            f"overall {tally.decision.value}; written to {output}")


def missing_extra(module: str | None, command: Sequence[str]) -> str | None:
    """What to install when ``module`` is an optional dependency that is missing, else None."""
    top = (module or "").partition(".")[0]
    for extra, modules in EXTRAS.items():
        if top in modules:
            what = f"supplyscreen {command[0]}" if command else "this command"
            return (f"{what} needs the optional '{extra}' dependencies ({top} is not installed): "
                    f"pip install 'supplyscreen[{extra}]' (from a checkout: pip install -e '.[{extra}]')")
    return None


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
