"""A JSON bill of materials whose format its first megabytes do not tell, parsed once and dispatched.

The structure walk of :mod:`~supplyscreen.sources.document` stops after a few megabytes of
top-level properties that belong to a bill-of-materials format without saying which (a
Microsoft SBOM Tool file opens with hundreds of megabytes of ``files``). Such a document is parsed
here, once, and handed to the CycloneDX or SPDX reader by its top-level properties.
"""

from __future__ import annotations

import json
from pathlib import Path

from supplyscreen.errors import InputError
from supplyscreen.sources.base import Reader, ReadOptions, register_reader
from supplyscreen.sources.bom import BomSource, check_size
from supplyscreen.sources.cyclonedx_json import read_cyclonedx_document
from supplyscreen.sources.document import JSON_DOCUMENT, read_text, shape_of_document
from supplyscreen.sources.limits import json_loads
from supplyscreen.sources.spdx import read_spdx_document


def open_bom_json(path: Path, options: ReadOptions) -> BomSource:
    check_size(path)
    text, utf = read_text(path)
    try:
        doc = json_loads(text, path)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})", path=str(path), line=exc.lineno) from exc
    del text
    shape = shape_of_document(doc)
    if shape is None:
        keys = ", ".join(repr(k) for k in list(doc)[:8]) if isinstance(doc, dict) else ""
        raise InputError(f"a JSON object whose top-level properties ({keys}) are those of no CycloneDX or SPDX "
                         "document (no bomFormat, spdxVersion, SPDXID or SPDX @context)", path=str(path))
    if shape.family == "CycloneDX":
        return read_cyclonedx_document(path, doc, utf.name)
    return read_spdx_document(path, doc, utf.name)


register_reader(Reader(
    name="bom-json",
    open=open_bom_json,
    formats=(JSON_DOCUMENT,),
    kinds=("bom",),
))
