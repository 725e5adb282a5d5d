"""``supplyscreen batch``: screen files, folders of SBOMs and lake tables by verdict key, locally or
on Apache Spark, into Parquet; and export what the readers read as Parquet for an engine elsewhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from supplyscreen.commands.common import EXIT_CLEAN, EXIT_FINDINGS, AsOf, OrgFiles, columns, date
from supplyscreen.commands.common import fail as _fail
from supplyscreen.policy import DEFAULT_POLICY

ENGINES = ("local", "spark")

Columns = Annotated[list[str] | None, typer.Option("--column", "-c", help="ROLE=HEADER; repeatable.")]


def screen(
    input: Annotated[Path, typer.Argument(help="A file the readers take, a folder of them (SBOMs), or Parquet.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Parquet to write (a folder with --engine spark).")],
    engine: Annotated[str, typer.Option("--engine", help="local (this process) or spark")] = "local",
    policy: Annotated[str, typer.Option("--policy", "-p", help="Policy pack id or pack file.")] = DEFAULT_POLICY,
    as_of: AsOf = None,
    org: OrgFiles = None,
    waivers: Annotated[Path | None, typer.Option("--waivers", help="Waivers (YAML).")] = None,
    column: Columns = None,
    master: Annotated[str, typer.Option("--master", help="Spark master when not run by spark-submit.")] = "local[2]",
    partitions: Annotated[int | None, typer.Option("--partitions", help="Spark: spread the rows over N partitions.")] = None,
) -> None:
    """Screen INPUT by verdict key: every row once in the output, with its key and the registry's fingerprint."""
    from supplyscreen.errors import SupplyscreenError

    day = date(as_of)
    cols = columns(column or [])
    if engine not in ENGINES:
        raise _fail(f"--engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if not input.exists():
        raise _fail(f"{input}: no such file or folder")
    try:
        if engine == "local":
            findings = _local(input, output, policy, day, tuple(org or ()), waivers, cols)
        else:
            findings = _spark(input, output, policy, day, tuple(org or ()), waivers, cols, master, partitions)
    except ImportError as e:
        raise _fail(f"{e.name or e}: not installed; install supplyscreen[{'spark' if engine == 'spark' else 'batch'}]") from None
    except SupplyscreenError as e:
        raise _fail(str(e)) from None
    except OSError as e:
        raise _fail(f"{e.filename or input}: {e.strerror or e}") from None
    raise typer.Exit(EXIT_FINDINGS if findings else EXIT_CLEAN)


def _local(input: Path, output: Path, policy: str, day: dt.date | None, org: tuple[Path, ...],
           waivers: Path | None, cols: dict[str, str]) -> bool:
    import pyarrow.parquet as pq

    from supplyscreen import library
    from supplyscreen.batch.arrow import results_table
    from supplyscreen.batch.local import screen_path

    reg = library.load_registry(None, org)
    table = results_table(screen_path(input, library.make_screener(reg, policy, day, waivers), reg.fingerprint, cols))
    pq.write_table(table, output)
    return any(d != "allow" for d in table.column("decision").to_pylist())


def _spark(input: Path, output: Path, policy: str, day: dt.date | None, org: tuple[Path, ...],
           waivers: Path | None, cols: dict[str, str], master: str, partitions: int | None) -> bool:
    from supplyscreen.batch import spark as engine

    session = engine.session(master)
    out = engine.screen_path(session, input, engine.Job.of(policy, day, org, waivers, cols), partitions)
    out.write.mode("overwrite").parquet(str(output.resolve()))
    written = session.read.parquet(str(output.resolve()))
    return written.filter(written.decision != "allow").limit(1).count() > 0


def export(
    input: Annotated[Path, typer.Argument(help="A file the readers take, or a folder of them.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Parquet to write.")],
    column: Columns = None,
) -> None:
    """Write what the readers read from INPUT (every row's ref, line, fields, BOM path) as Parquet."""
    from supplyscreen.errors import SupplyscreenError

    try:
        import pyarrow as pa
        import pyarrow.parquet as pq

        from supplyscreen.batch.arrow import items_table
        from supplyscreen.batch.local import files_of
        from supplyscreen.sources import ReadOptions, open_source

        tables = []
        for f in files_of(input):
            source = open_source(f, ReadOptions(columns=columns(column or [])))
            bom = (f.relative_to(input).as_posix() if input.is_dir() else f.name) if source.info.kind == "bom" else ""
            tables.append(items_table(source.items(), bom))
        pq.write_table(pa.concat_tables(tables), output)
    except ImportError as e:
        raise _fail(f"{e.name or e}: not installed; install supplyscreen[batch]") from None
    except SupplyscreenError as e:
        raise _fail(str(e)) from None


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Screen by verdict key at scale (locally or on Spark), into Parquet.", no_args_is_help=True)
    group.command("screen")(screen)
    group.command("export")(export)
    app.add_typer(group, name="batch")
