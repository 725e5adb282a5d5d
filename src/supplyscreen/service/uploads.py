"""Checks on what comes in (uploads) and what goes out (CSV exports).

An upload is refused when it is too large, when its declared type is not a table, list or bill of
materials, or when its bytes contradict its name (an "xlsx" that is not a zip). File names are
reduced to their last component, so no upload can name a path.
"""

from __future__ import annotations

import json
import re
from typing import Any

EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx", ".json", ".jsonl", ".xml", ".cdx", ".spdx")
CONTENT_TYPES = {
    "text/csv", "text/plain", "text/tab-separated-values", "application/csv", "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/json",
    "application/x-ndjson", "application/xml", "text/xml", "application/vnd.cyclonedx+json",
    "application/vnd.cyclonedx+xml", "application/spdx+json",
    # Browsers and curl send this for a file whose type they do not know; the name and bytes decide.
    "application/octet-stream", "",
}
ARTICLE_EXTENSIONS = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".xml", ".rss", ".atom")
ARTICLE_TYPES = {
    "text/plain", "text/markdown", "text/html", "application/xhtml+xml", "application/xml", "text/xml",
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/octet-stream", "",
}
# Spreadsheet programs run a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


_SAFE_NAME = re.compile(r"[^\w.\- ]+")


def safe_file_name(name: str) -> str:
    """The last path component with odd characters replaced: never a path, never empty."""
    base = re.split(r"[\\/]", name or "")[-1].strip().lstrip(".")
    base = _SAFE_NAME.sub("_", base)[:200]
    return base or "upload"


class UploadRefused(ValueError):
    def __init__(self, message: str, status: int = 415) -> None:
        super().__init__(message)
        self.status = status


def check_upload(name: str, content_type: str, data: bytes, limit: int) -> str:
    """The safe file name for an acceptable upload; raises UploadRefused otherwise."""
    if len(data) > limit:
        raise UploadRefused(f"the file is larger than the limit of {limit:,} bytes", 413)
    if not data:
        raise UploadRefused("the file is empty", 422)
    safe = safe_file_name(name)
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype not in CONTENT_TYPES:
        raise UploadRefused(f"content type {ctype!r} is not an item list, inventory or bill of materials")
    if not safe.lower().endswith(EXTENSIONS):
        raise UploadRefused(f"{safe!r}: accepted files end in {', '.join(EXTENSIONS)}")
    if safe.lower().endswith(".xlsx") and not data.startswith(b"PK"):
        raise UploadRefused(f"{safe!r} is not an XLSX workbook", 422)
    return safe


def check_article(name: str, content_type: str, data: bytes, limit: int) -> str:
    """The safe file name for an acceptable news article; raises UploadRefused otherwise.

    XML (a feed, XHTML) that declares entities is refused before any parser expands them (the
    "billion laughs" and external-entity attacks); a DTD without entities is fine.
    """
    if len(data) > limit:
        raise UploadRefused(f"the file is larger than the limit of {limit:,} bytes", 413)
    if not data.strip():
        raise UploadRefused("the file is empty", 422)
    safe = safe_file_name(name)
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype not in ARTICLE_TYPES:
        raise UploadRefused(f"content type {ctype!r} is not a news article (text, HTML, RSS or Atom)")
    if not safe.lower().endswith(ARTICLE_EXTENSIONS):
        raise UploadRefused(f"{safe!r}: accepted articles end in {', '.join(ARTICLE_EXTENSIONS)}")
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or any(t in head for t in (b"<rss", b"<feed", b"<rdf:rdf", b"<!entity")):
        import defusedxml.ElementTree as DET
        from defusedxml import DefusedXmlException

        try:
            DET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
        except DefusedXmlException as e:
            raise UploadRefused(f"{safe!r}: XML declaring entities is refused ({type(e).__name__})", 422) from None
        except Exception:  # malformed XML is the reader's to report, as that article's error
            pass
    return safe


def json_items_file(items: list[dict[str, Any]]) -> bytes:
    return json.dumps(items, ensure_ascii=False).encode("utf-8")


def defuse(value: Any) -> str:
    """A cell value that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
