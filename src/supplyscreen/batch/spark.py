"""The Spark engine (the ``spark`` extra): a DataFrame, or a path Spark reads, screened by key on
a cluster, one registry and screener per Python worker.

- A table (a DataFrame, Parquet, CSV) goes through ``mapInArrow``: each worker builds its
  screener once (:func:`_worker`) from the :class:`Job` shipped with the task (policy, date, and
  the organisation's designation and waiver files *by content*, so a worker needs none of the
  driver's files), maps the headers to roles and cleans the cells with the readers' table code,
  and screens its batches by verdict key (batch/core.py).
- A folder of SBOMs is read with ``binaryFile``, one file per row, so each BOM is parsed by its
  reader on one worker and rolled up within itself.
- An items table (``supplyscreen batch export``) keeps its BOM rows together by ``bom`` so their
  roll-up stays per BOM.

Refs follow ``supplyscreen check``: the id column's value, else the row's 1-based number in the
table, which is numbered here from Spark's partition order before any repartition (a CSV read
with ``multiLine`` is one partition per file, in file order). Ids repeated across partitions are
not suffixed ``#2`` as the single-process reader does; an id column with repeats should be made
unique first. Spark's CSV defaults differ from RFC 4180 (``escape`` is a backslash, a quoted cell
cannot span lines): :func:`read_csv` sets ``escape='"'`` and ``multiLine``, so a cell reads as the
csv module reads it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from supplyscreen.batch.core import KeyedScreening, flat, screen_keyed
from supplyscreen.policy import DEFAULT_POLICY


@dataclass(frozen=True)
class Job:
    """What every worker needs to screen as the driver would, shipped with each task."""

    policy: str = DEFAULT_POLICY
    as_of: dt.date | None = None
    org: tuple[tuple[str, bytes], ...] = ()
    """The organisation's own designation files: (file name, content)."""
    waivers: tuple[str, bytes] | None = None
    columns: tuple[tuple[str, str], ...] = ()
    """Role → header overrides (``--column vendor=メーカー``)."""
    policy_file: tuple[str, bytes] | None = field(default=None)
    """A policy pack given as a file, by content (a pack id needs none)."""

    @classmethod
    def of(cls, policy: str = DEFAULT_POLICY, as_of: dt.date | None = None, org: tuple[Path, ...] = (),
           waivers: Path | None = None, columns: dict[str, str] | None = None) -> Job:
        """A job from the driver's files (read here, so workers need not see them)."""
        pfile = Path(policy)
        policy_file = (pfile.name, pfile.read_bytes()) if pfile.suffix in (".yaml", ".yml") and pfile.is_file() else None
        return cls(policy, as_of, tuple((p.name, p.read_bytes()) for p in org),
                   (waivers.name, waivers.read_bytes()) if waivers else None,
                   tuple(sorted((columns or {}).items())), policy_file)


_WORKERS: dict[Job, tuple[KeyedScreening, str]] = {}


def _worker(job: Job) -> tuple[KeyedScreening, str]:
    """This Python worker's screener for ``job`` (made once, kept for every later task) and the
    registry's fingerprint."""
    hit = _WORKERS.get(job)
    if hit is not None:
        return hit
    from supplyscreen import library

    folder = Path(tempfile.mkdtemp(prefix="supplyscreen-worker-"))
    org = []
    for n, (name, content) in enumerate(job.org):
        p = folder / f"org{n}-{name}"
        p.write_bytes(content)
        org.append(p)
    waivers = None
    if job.waivers is not None:
        waivers = folder / f"waivers-{job.waivers[0]}"
        waivers.write_bytes(job.waivers[1])
    policy = job.policy
    if job.policy_file is not None:
        pf = folder / f"policy-{job.policy_file[0]}"
        pf.write_bytes(job.policy_file[1])
        policy = str(pf)
    reg = library.load_registry(None, tuple(org))
    keyed = KeyedScreening(library.make_screener(reg, policy, job.as_of, waivers))
    _WORKERS[job] = hit = (keyed, reg.fingerprint)
    return hit


def _worker_rows(job: Job, headers: list[str]) -> tuple[KeyedScreening, str, Any]:
    """What a task over a raw table needs on its worker: the worker's screener for ``job`` and
    its registry's fingerprint (:func:`_worker`), and the task's rows as items, mapped to roles and
    cleaned as a CSV's are (``arrow.RawRows``)."""
    from supplyscreen.batch.arrow import RawRows

    keyed, fingerprint = _worker(job)
    return keyed, fingerprint, RawRows(headers, dict(job.columns))


def _result_type() -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    from supplyscreen.batch.arrow import results_schema

    return from_arrow_schema(results_schema())


def _screen_raw(job: Job, headers: list[str]) -> Any:
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        from supplyscreen.batch.arrow import results_table

        keyed, fingerprint, raw = _worker_rows(job, headers)
        for b in batches:
            rows = (flat(r, k, fingerprint) for r, k in screen_keyed(raw.items(b), keyed))
            yield from results_table(rows).to_batches()
    return run


def _key_raw(job: Job, headers: list[str]) -> Any:
    """Each row of a raw table with its ref and verdict key's digest (no screening: cheap)."""
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        from supplyscreen.batch.keys import digest

        keyed, _, raw = _worker_rows(job, headers)
        for b in batches:
            refs, keys = [], []
            for item in raw.items(b):
                refs.append(item.ref)
                keys.append(digest(keyed.keys.row_key(item)))
            yield b.append_column("__ref", pa.array(refs, pa.string())).append_column(
                "__key", pa.array(keys, pa.string()))
    return run


def _screen_keys(job: Job, headers: list[str]) -> Any:
    """Screen one row per key: the key's result, and whether it quotes its row's own values."""
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        from supplyscreen.batch.arrow import results_table
        from supplyscreen.batch.core import quotes_row

        keyed, fingerprint, raw = _worker_rows(job, headers)
        for b in batches:
            out, own = [], []
            for r, k in screen_keyed(raw.items(b), keyed):
                out.append(flat(r, k, fingerprint))
                own.append(quotes_row(r, keyed.screener))
            yield from results_table(out).append_column("__per_row", pa.array(own, pa.bool_())).to_batches()
    return run


def screen_by_key(df: Any, job: Job = Job(), partitions: int | None = None) -> Any:
    """A raw table screened by distinct verdict key across the whole table: keys are made per row
    (cheap), each distinct key is screened once on some worker, and its decision is joined back to
    every row of the key; rows whose result quotes their own MAC or sysObjectID, and rows with a
    problem (no key), are screened row by row. The same output as :func:`screen_dataframe`; after a
    registry or policy change it re-decides a table in the time its distinct keys take."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import BooleanType, StringType, StructField, StructType

    from supplyscreen.batch.arrow import RawRows
    from supplyscreen.batch.core import COLUMNS
    from supplyscreen.sources.columns import REF

    headers = [c for c in df.columns if c != RawRows.ROW]
    raw = RawRows(headers, dict(job.columns))
    if REF not in raw.state.cmap.index and RawRows.ROW not in df.columns:
        df = number_rows(df)
    if partitions:
        df = df.repartition(partitions)
    keyed_schema = StructType([*df.schema.fields, StructField("__ref", StringType()), StructField("__key", StringType())])
    keyed = df.mapInArrow(_key_raw(job, headers), keyed_schema).cache()
    firsts = keyed.filter(F.col("__key") != "").dropDuplicates(["__key"]).drop("__ref", "__key")
    with_flag = StructType([*_result_type().fields, StructField("__per_row", BooleanType())])
    decided = firsts.mapInArrow(_screen_keys(job, headers), with_flag).cache()
    shared = decided.filter(~F.col("__per_row")).drop("__per_row", "ref", "line", "bom", "path")
    joined = keyed.select("__ref", "__key").join(shared,
                                                 keyed["__key"] == shared["verdict_key"])
    joined = joined.select(*(F.col("__ref").alias("ref") if c == "ref" else
                             F.lit(None).cast("long").alias("line") if c == "line" else
                             F.lit("").alias(c) if c in ("bom", "path") else F.col(c) for c in COLUMNS))
    per_row_keys = decided.filter(F.col("__per_row")).select(F.col("verdict_key").alias("__key"))
    alone = keyed.filter(F.col("__key") == "").unionByName(keyed.join(per_row_keys, "__key", "left_semi"))
    rest = alone.drop("__ref", "__key").mapInArrow(_screen_raw(job, headers), _result_type())
    return joined.unionByName(rest)


def _screen_items(job: Job) -> Any:
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        from supplyscreen.batch.arrow import items_of, results_table
        from supplyscreen.batch.local import bom_rows

        keyed, fingerprint = _worker(job)
        boms: dict[str, list[Any]] = {}
        for b in batches:
            loose: list[Any] = []
            for item, bom in items_of(b):
                (boms.setdefault(bom, []) if bom else loose).append(item)
            yield from results_table(flat(r, k, fingerprint) for r, k in screen_keyed(loose, keyed)).to_batches()
        for bom, items in boms.items():  # a BOM's rows all came to this partition (by `bom`)
            yield from results_table(bom_rows(items, keyed, fingerprint, bom)).to_batches()
    return run


def _screen_files(job: Job, base: str) -> Any:
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        from supplyscreen.batch.arrow import results_table
        from supplyscreen.batch.local import screen_file

        keyed, fingerprint = _worker(job)
        with tempfile.TemporaryDirectory(prefix="supplyscreen-bom-") as tmp:
            for b in batches:
                data = b.to_pydict()
                for uri, content in zip(data["path"], data["content"], strict=True):
                    name = _relative(uri, base)
                    local = Path(tmp) / Path(name).name
                    local.write_bytes(content)
                    try:
                        yield from results_table(screen_file(local, keyed, fingerprint, dict(job.columns),
                                                             name)).to_batches()
                    finally:
                        local.unlink()
    return run


def _relative(uri: str, base: str) -> str:
    """A file's name below the folder read, as the local engine names a BOM."""
    path = uri.removeprefix("file://").removeprefix("file:")
    base = base.rstrip("/") + "/"
    return path[len(base):] if path.startswith(base) else path.rsplit("/", 1)[-1]


def number_rows(df: Any) -> Any:
    """``df`` with ``__row``, each row's 1-based number in partition order (a file's row order for a
    CSV Spark read), from the partitions' sizes: no shuffle and no Python per row."""
    from pyspark.sql import functions as F

    tagged = df.withColumn("__pid", F.spark_partition_id()).withColumn("__mid", F.monotonically_increasing_id())
    sizes = dict(tagged.groupBy("__pid").count().collect())
    offsets, total = {}, 0
    for pid in sorted(sizes):
        offsets[pid] = total
        total += sizes[pid]
    spark = df.sparkSession
    table = spark.createDataFrame(sorted(offsets.items()), "__pid int, __offset long")
    # monotonically_increasing_id: the partition id in the upper 31 bits, the row within it below.
    numbered = tagged.join(F.broadcast(table), "__pid").withColumn(
        "__row", F.col("__offset") + (F.col("__mid") - F.shiftleft(F.col("__pid").cast("long"), 33)) + 1)
    return numbered.drop("__pid", "__mid", "__offset")


def screen_dataframe(df: Any, job: Job = Job(), partitions: int | None = None) -> Any:
    """Screen a DataFrame: an items table (``supplyscreen batch export``) or a raw table whose
    columns are mapped to roles as a CSV's headers are. One output row per input row, in the batch
    output schema (:func:`arrow.results_schema`)."""
    from pyspark.sql import functions as F

    from supplyscreen.batch.arrow import RawRows, is_items_table
    from supplyscreen.sources.columns import REF

    if is_items_table(df.columns):
        loose = df.filter((F.col("bom") == "") | F.col("bom").isNull())
        boms = df.filter(F.col("bom") != "")
        if partitions:
            loose = loose.repartition(partitions)
            boms = boms.repartition(partitions, "bom")
        else:
            boms = boms.repartition("bom")
        return loose.unionByName(boms).mapInArrow(_screen_items(job), _result_type())
    headers = [c for c in df.columns if c != RawRows.ROW]
    raw = RawRows(headers, dict(job.columns))  # fails here, on the driver, for a table with no usable column
    if REF not in raw.state.cmap.index and RawRows.ROW not in df.columns:
        df = number_rows(df)
    if partitions:
        df = df.repartition(partitions)
    return df.mapInArrow(_screen_raw(job, headers), _result_type())


def read_csv(spark: Any, path: str) -> Any:
    """A CSV as the csv module reads it: every cell text, quotes doubled inside quoted cells (not
    backslash-escaped, Spark's default), quoted cells across lines, no trimming."""
    return (spark.read.option("header", True).option("multiLine", True).option("escape", '"')
            .option("quote", '"').option("inferSchema", False).option("mode", "PERMISSIVE")
            .option("ignoreLeadingWhiteSpace", False).option("ignoreTrailingWhiteSpace", False)
            .option("encoding", "UTF-8").csv(path))


def screen_path(spark: Any, path: Path, job: Job = Job(), partitions: int | None = None) -> Any:
    """A path screened on Spark: a Parquet file or folder of Parquet, a CSV, or a folder of SBOMs."""
    text = str(path.resolve())
    if path.is_dir() and not any(path.glob("*.parquet")):
        files = (spark.read.format("binaryFile").option("recursiveFileLookup", True)
                 .option("pathGlobFilter", "[!.]*").load(text))
        if partitions:
            files = files.repartition(partitions)
        return files.mapInArrow(_screen_files(job, text), _result_type())
    if path.suffix.lower() == ".parquet" or path.is_dir():
        return screen_dataframe(spark.read.parquet(text), job, partitions)
    return screen_dataframe(read_csv(spark, text), job, partitions)


def session(master: str = "local[2]", app: str = "supplyscreen") -> Any:
    """A Spark session for the command line: the cluster's when run by spark-submit, else ``master``,
    with the web UI off (a batch job has no one to show it to)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = (SparkSession.builder.master(master).appName(app).config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "false"))
    if master.startswith("local"):
        import os
        import sys

        # Local workers run this interpreter (its environment has supplyscreen), not the PATH's
        # python3: PySpark reads the worker's interpreter from PYSPARK_PYTHON when the context starts.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return builder.getOrCreate()
