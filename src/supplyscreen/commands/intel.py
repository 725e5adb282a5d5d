"""``supplyscreen intel``: restriction events from news articles, a timeline, and alerts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from supplyscreen.intel.pipeline import Ingested

intel_app = typer.Typer(help="Regulatory intelligence from news: restriction events, timeline, alerts.",
                        no_args_is_help=True)

Paths = Annotated[list[Path], typer.Argument(help="Article files (text, HTML, RSS/Atom) or folders of them.")]
Watch = Annotated[Path | None, typer.Option("--watch", help="Item list, BOM or inventory to alert on (screened "
                                                              "with `supplyscreen check`).")]


def register(app: typer.Typer) -> None:
    app.add_typer(intel_app, name="intel")


def _log(msg: str) -> None:
    typer.echo(f"supplyscreen intel: {msg}", err=True)


def _run(paths: list[Path]) -> Ingested:
    from supplyscreen.intel.pipeline import ingest

    missing = [p for p in paths if not p.exists()]
    for p in missing:
        _log(f"{p}: no such file or folder")
    if missing and len(missing) == len(paths):
        raise typer.Exit(2)
    result = ingest([p for p in paths if p.exists()], log=_log, fork=True)  # a CLI process: one thread
    if not any(not d.error for d in result.documents):
        # Nothing could be read (no article files, or every one empty or unreadable): an input error,
        # not "no events" — a pipeline would take exit 0 for a clean bill.
        _log(f"no article could be read from {', '.join(str(p) for p in paths)}"
             + (f" ({len(result.documents)} file(s) tried, each named above)" if result.documents else
                " (no text, HTML or RSS/Atom files found)"))
        raise typer.Exit(2)
    return result


@intel_app.command("ingest")
def ingest_cmd(
    paths: Paths,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    watch: Watch = None,
) -> None:
    """Read articles and report the restriction events they describe, grouped across outlets."""
    if fmt not in ("table", "json"):
        _log(f"--format {fmt!r}: ingest writes table or json")
        raise typer.Exit(2)
    result = _run(paths)
    alerts = None
    if watch is not None:
        from supplyscreen.intel.alerts import alerts_for

        try:
            alerts = alerts_for(result.events, watch)
        except Exception as e:  # the watch list is the user's file: name it and the problem
            _log(f"--watch {watch}: {e}")
            raise typer.Exit(2) from None
    if fmt == "json":
        from supplyscreen.intel.serialise import document

        sys.stdout.write(json.dumps(document(result, alerts), ensure_ascii=False, indent=1) + "\n")
    else:
        from supplyscreen.intel.views import print_events

        print_events(result, alerts)


@intel_app.command("timeline")
def timeline_cmd(
    paths: Paths,
    html: Annotated[Path | None, typer.Option("--html", help="Also write an HTML page with a chart here.")] = None,
) -> None:
    """Measures by jurisdiction and date, in the terminal and optionally as an HTML page."""
    from supplyscreen.intel.views import print_timeline, timeline_html

    result = _run(paths)
    print_timeline(result.events)
    if html is not None:
        html.write_text(timeline_html(result.events), encoding="utf-8")
        _log(f"timeline written to {html}")
