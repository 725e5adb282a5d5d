"""The command line. Flags map to implementations here and nowhere else.

Exit codes, for CI pipelines: 0 every item allowed (or nothing matched), 1 findings (exclude,
review or unknown; for ``match``, any match), 2 a usage or input error.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from supplyscreen import library, settings
from supplyscreen.commands.common import (
    CONTEXT,
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    AsOf,
    Jurisdiction,
    OrgFiles,
    PolicyOption,
    missing_extra,
    package_version,
    pick_policy,
    summary_line,
)
from supplyscreen.commands.common import columns as _columns
from supplyscreen.commands.common import date as _date
from supplyscreen.commands.common import error as _error
from supplyscreen.commands.common import fail as _fail
from supplyscreen.errors import SupplyscreenError
from supplyscreen.formats import serialise
from supplyscreen.formats.base import FORMATS, Run, writer
from supplyscreen.model import Match
from supplyscreen.registry import Registry


def _no_type_for_flags() -> None:
    """Show no type for a flag in ``--help`` (typer 0.2x prints ``<bool>`` beside ``--no-progress``
    and ``--help``, as if they took a value); options that take one keep theirs."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich
    if getattr(shown, "supplyscreen", False):
        return

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        return None if self.is_flag else shown(self, ctx)

    display_type_rich.supplyscreen = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_no_type_for_flags()

app = typer.Typer(
    name="supplyscreen",
    help="Screen ICT items, bills of materials and device inventories against supply-chain exclusion rules.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings=CONTEXT,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(package_version())
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", is_eager=True, callback=_print_version,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Screen ICT items, bills of materials and device inventories against supply-chain exclusion rules."""


def _registry(org: list[Path] | None) -> Registry:
    return library.load_registry(None, tuple(org or ()))


@app.command()
def match(
    names: Annotated[list[str], typer.Argument(help="Company names, in any script.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    as_of: AsOf = None,
    org: OrgFiles = None,
) -> None:
    """Match company names against the registry and show the designated parties they lead to."""
    day = _date(as_of)
    if fmt not in ("table", "json"):
        raise _fail(f"--format {fmt!r}: match writes table or json")
    try:
        reg = _registry(org)
        matcher = library.matcher_for(reg)
        results = [matcher.match(n, day) for n in names]
        others = [matcher.match_all(n, day)[len(r):] for n, r in zip(names, results, strict=True)]
    except SupplyscreenError as e:
        raise _error(e) from None
    if fmt == "json":
        doc = {
            "results": [
                {
                    "query": q,
                    "matches": [serialise.match(m, reg) for m in ms],
                    "not_listed": [
                        {"entity": {"id": m.entity.id, "name": m.entity.name}, "score": round(m.score, 4),
                         "explanation": m.explanation}
                        for m in rest[:1] if not m.designated
                    ],
                }
                for q, ms, rest in zip(names, results, others, strict=True)
            ]
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    else:
        _print_matches(names, results)
    raise typer.Exit(EXIT_FINDINGS if any(results) else EXIT_CLEAN)


def _print_matches(names: list[str], results: list[tuple[Match, ...]]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(highlight=False)
    band_style = {"exact": "bold red", "strong": "red", "possible": "yellow"}
    for q, ms in zip(names, results, strict=True):
        console.print(f"[bold]{escape(q)}[/]")
        if not ms:
            console.print("  no designated or listed party matches")
        for i, m in enumerate(ms, 1):
            style = band_style[m.band.value]
            console.print(f"  {i}. {escape(m.entity.name)}  [{style}]{m.band.value}[/] {m.score:.2f}")
            console.print(f"     [dim]{escape(m.explanation)}[/]")
            for d in m.designated:
                lists = ", ".join(d.list_ids)
                tag = " (former)" if d.former else ""
                console.print(f"     → {escape(d.entity.name)}{tag}: {escape(lists)}")
                for step in d.path:
                    console.print(f"       [dim]{escape(step)}[/]")
        console.print()


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="Item list (CSV/XLSX/JSON), bill of materials or device inventory.")],
    policy: PolicyOption = None,
    jurisdiction: Jurisdiction = None,
    as_of: AsOf = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json, csv, html (report), sarif (for CI) or cyclonedx (the input BOM annotated)")] = "table",
    kind: Annotated[str | None, typer.Option("--kind", help="items, bom or inventory (default: detect)")] = None,
    column: Annotated[
        list[str] | None, typer.Option("--column", "-c", help="ROLE=HEADER, e.g. vendor=メーカー; repeatable.")
    ] = None,
    encoding: Annotated[str | None, typer.Option("--encoding", help="Force the input encoding.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    org: OrgFiles = None,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="Hide the progress bar.")] = False,
    waivers: Annotated[
        Path | None, typer.Option("--waivers", help="Waivers (YAML: scope, approver, justification, expiry).")
    ] = None,
) -> None:
    """Screen every row of FILE: exclude / review / allow / unknown, with the evidence chain."""
    day = _date(as_of)
    if fmt not in FORMATS:
        raise _fail(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    policy = pick_policy(policy, jurisdiction)
    cols = _columns(column or [])
    show_progress = not no_progress and not settings.load().no_progress and sys.stderr.isatty()
    try:
        reg = _registry(org)
        from contextlib import nullcontext

        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        progress_ctx = (
            Progress(SpinnerColumn(), TextColumn("screening"), BarColumn(), TextColumn("{task.completed:,} rows"),
                     TimeElapsedColumn(), transient=True)
            if show_progress
            else nullcontext()
        )
        with progress_ctx as bar, _young_collections_only():
            tick = None
            if bar is not None:
                task = bar.add_task("screening", total=None)

                def tick(n: int) -> None:
                    bar.advance(task, n)

            def target() -> Any:
                return open(output, "w", encoding="utf-8", newline="") if output else nullcontext(sys.stdout)

            from supplyscreen.parallel import screen_parallel

            # A large CSV goes to two cores; anything else, or a file the parallel path declines,
            # is screened here in one process.
            done = screen_parallel(file, fmt, policy, day, cols, kind, encoding, reg, waivers, target, tick)
            if done is not None:
                source, tally = done
            else:
                source, results, tally, reg = library.screen_file(file, policy, day, cols, kind, encoding, reg,
                                                                  tick, waivers)
                run = Run(source.info, policy, day, reg)
                with target() as out:
                    writer(fmt).write(run, results, tally, out)
    except SupplyscreenError as e:
        raise _error(e) from None
    except OSError as e:
        raise _fail(f"{e.filename or file}: {e.strerror or e}") from None
    if tally.rows_in != source.rows_in:
        typer.echo(f"supplyscreen: warning: read {source.rows_in} rows but screened {tally.rows_in}", err=True)
    if output is not None:  # the results went to a file: say on the terminal what they hold
        typer.echo(summary_line(tally, policy, output), err=True)
    raise typer.Exit(EXIT_CLEAN if tally.decision.value == "allow" else EXIT_FINDINGS)


@contextmanager
def _young_collections_only() -> Iterator[None]:
    """Leave Python's full (oldest-generation) garbage collections out of a screening.

    Screening makes no reference cycles that outlive a row (0 objects freed by full collections
    over 1,000,000 inventory rows), yet each full collection walks every cached verdict and match,
    and they come more often as those caches grow: 6-10 of them, 3-4.5 s of a 1M-row run. Young
    collections still free any short-lived cycle; the threshold is restored afterwards.
    """
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], 1_000_000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@app.command()
def version() -> None:
    """Print the version (as --version does)."""
    typer.echo(package_version())


# The other areas' commands live in supplyscreen.commands, one module each with `register(app)`
# that adds its commands or groups. A module not present in this build is skipped.
AREA_COMMANDS = tuple(f"supplyscreen.commands.{name}"
                      for name in ("registry", "policy", "inventory", "intel", "serve", "audit", "case", "batch"))


def _register_areas() -> None:
    import importlib

    for name in AREA_COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if not e.name or not (name == e.name or name.startswith(e.name + ".")):
                raise  # a missing dependency inside a present module is a real error
            continue
        module.register(app)


_register_areas()


def main() -> None:
    """Run the command line (``supplyscreen.__main__`` installs the Ctrl-C handler first)."""
    try:
        app()
    except KeyboardInterrupt:  # raised before our handler was installed, or re-raised by a library
        sys.stderr.write("\nsupplyscreen: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except ModuleNotFoundError as e:
        message = missing_extra(e.name, sys.argv[1:2])
        if message is None:
            raise
        typer.echo(f"supplyscreen: error: {message}", err=True)
        sys.exit(EXIT_ERROR)


if __name__ == "__main__":
    main()
