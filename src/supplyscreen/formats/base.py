"""What every output writer gets, and the registry of writers by format name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from supplyscreen.model import ItemResult, SourceInfo
from supplyscreen.registry import Registry
from supplyscreen.screen import Tally


@dataclass(frozen=True, slots=True)
class Run:
    """The context of one screening, for headers and summaries."""

    source: SourceInfo
    policy: str
    as_of: dt.date | None
    registry: Registry
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    """When the screening started (UTC): the timestamp an output that records one carries."""


class Writer(Protocol):
    """Writes a screening's results as they stream; ``tally`` is complete once results are exhausted."""

    def write(self, run: Run, results: Iterator[ItemResult], tally: Tally, out: TextIO) -> None: ...


def tool_version() -> str:
    """supplyscreen's version, as outputs that name the tool which made them record it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("supplyscreen")
    except PackageNotFoundError:
        return "0"


def writer(name: str) -> Writer:
    """The writer for a ``--format`` value."""
    from supplyscreen.formats import csv_format, cyclonedx_annotated, html_report, json_format, sarif, table

    writers: dict[str, Writer] = {
        "json": json_format.JsonWriter(),
        "csv": csv_format.CsvWriter(),
        "table": table.TableWriter(),
        "html": html_report.HtmlReportWriter(),
        "sarif": sarif.SarifWriter(),
        "cyclonedx": cyclonedx_annotated.AnnotatedCycloneDxWriter(),
    }
    try:
        return writers[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; choose one of {', '.join(sorted(writers))}") from None


FORMATS = ("table", "json", "csv", "html", "sarif", "cyclonedx")
