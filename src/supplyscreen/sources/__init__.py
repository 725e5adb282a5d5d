"""Input readers: one file per format, each yielding one Item per data row and never dropping one.

Importing this package registers the built-in readers (CSV/TSV, XLSX, JSON/JSON Lines). A new
format is one new module that calls :func:`register_reader` and one import line below; a bill of
materials reader also gives a ``sniff(path, head_bytes)`` so it claims ``.json`` files that are
CycloneDX or SPDX before the plain JSON reader sees them.
"""

from supplyscreen.sources import (  # noqa: F401 - registers readers
    bom_json,
    csv_items,
    cyclonedx_json,
    cyclonedx_xml,
    hbom,
    json_items,
    nmap_xml,
    spdx,
    spdx_sheet,
    xlsx_items,
)
from supplyscreen.sources.base import (
    Reader,
    ReadOptions,
    Source,
    bom_format,
    open_source,
    readers,
    register_reader,
)

__all__ = ["ReadOptions", "Reader", "Source", "bom_format", "open_source", "readers", "register_reader"]
