"""``supplyscreen report``: the rip-and-replace plan as a self-contained HTML page and work orders."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from supplyscreen.commands.common import EXIT_CLEAN, EXIT_FINDINGS, PolicyOption, columns, date, pick_policy
from supplyscreen.commands.common import error as _error
from supplyscreen.commands.common import fail as _fail


def report(
    file: Annotated[Path, typer.Argument(help="Device inventory (CSV/XLSX/JSON, nmap XML).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("plan.html"),
    jurisdiction: Annotated[
        list[str] | None, typer.Option("--jurisdiction", "-j", help=(
            "Deadlines of GB, CA, DE, SE, US; repeatable. The first one's policy pack is the default --policy."))
    ] = None,
    work_orders: Annotated[Path | None, typer.Option("--work-orders", help="Write one CSV per site here.")] = None,
    roles: Annotated[Path | None, typer.Option("--roles", help="Device classifier YAML for the plan (default: the shipped one the packs read).")] = None,
    deadlines: Annotated[Path | None, typer.Option("--deadlines", help="YAML deadlines table.")] = None,
    policy: PolicyOption = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Plan as of this date (YYYY-MM-DD).")] = None,
    column: Annotated[list[str] | None, typer.Option("--column", "-c", help="ROLE=HEADER; repeatable.")] = None,
) -> None:
    """Audit a device inventory and write the rip-and-replace plan: what, where, by when, under which rule."""
    from supplyscreen import library
    from supplyscreen.errors import SupplyscreenError
    from supplyscreen.inventory.plan import build_plan, load_deadlines, load_roles, write_work_orders
    from supplyscreen.inventory.report import render

    day = date(as_of)
    cols = columns(column or [])
    policy = pick_policy(policy, jurisdiction[0] if jurisdiction else None)
    try:
        role_map = load_roles(roles)
        table = load_deadlines(deadlines)
        known = {d.jurisdiction for d in table}
        wanted = tuple(j.upper() for j in jurisdiction or ())
        unknown = [j for j in wanted if j not in known]
        if unknown:
            raise _fail(f"--jurisdiction {', '.join(unknown)}: the deadlines table has {', '.join(sorted(known))}")
        source, results, tally, reg = library.screen_file(file, policy, day, cols, "inventory")
        plan = build_plan(results, reg, role_map, table, wanted, day, policy)
        output.write_text(render(plan, str(file), policy), encoding="utf-8")
        written = write_work_orders(plan, work_orders) if work_orders else []
    except SupplyscreenError as e:
        raise _error(e) from None
    except OSError as e:
        raise _fail(f"{e.filename or file}: {e.strerror or e}") from None
    typer.echo(f"{plan.devices:,} devices, {len(plan.work) + plan.truncated:,} to act on "
               f"({plan.overdue:,} overdue); plan written to {output}"
               + (f"; {len(written)} work-order file(s) in {work_orders}" if work_orders else ""), err=True)
    if tally.rows_in != source.rows_in:
        typer.echo(f"supplyscreen: warning: read {source.rows_in} rows but screened {tally.rows_in}", err=True)
    sys.stdout.flush()
    raise typer.Exit(EXIT_FINDINGS if plan.work or plan.truncated else EXIT_CLEAN)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
