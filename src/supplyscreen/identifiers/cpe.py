"""CPE names (NIST IR 7695): the vendor a bill of materials or scanner says a product is from.

Two spellings are read: the CPE 2.3 formatted string ``cpe:2.3:h:huawei:ar6120:-:*:*:*:*:*:*:*``
(backslash quotes a character) and the older CPE 2.2 URI ``cpe:/h:huawei:ar6120`` (percent
encoding). The vendor field is the registrant's CPE dictionary name (``huawei``,
``zhejiang_dahua``), compared exactly by the matcher, never fuzzily.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

# Part codes: hardware, operating system, application.
PARTS = frozenset({"h", "o", "a"})
# The attribute names in CPE 2.3 order after the part.
_FIELDS_23 = ("vendor", "product", "version", "update", "edition", "language", "sw_edition",
              "target_sw", "target_hw", "other")
# CPE 2.2 packs the five extended attributes into the edition as "~ed~sw~tsw~thw~other".
_PACKED = ("edition", "sw_edition", "target_sw", "target_hw", "other")


@dataclass(frozen=True, slots=True)
class Cpe:
    """A parsed CPE name. Each attribute is its unescaped text, ``None`` for ANY (``*``, or an
    empty 2.2 component) or ``""`` for NA (``-``, "not applicable")."""

    part: str
    """``h`` hardware, ``o`` operating system, ``a`` application."""
    vendor: str | None
    product: str | None
    version: str | None = None
    update: str | None = None
    edition: str | None = None
    language: str | None = None
    sw_edition: str | None = None
    target_sw: str | None = None
    target_hw: str | None = None
    other: str | None = None

    @property
    def part_name(self) -> str:
        """``hardware``, ``operating system`` or ``application``."""
        return {"h": "hardware", "o": "operating system", "a": "application"}[self.part]


def parse_cpe(text: str | None) -> Cpe | None:
    """Read a CPE 2.3 formatted string or a CPE 2.2 URI; None when the text is neither.

    ``cpe:2.3:h:huawei:ar6120:-:*:*:*:*:*:*:*`` gives part ``h``, vendor ``huawei``, product
    ``ar6120``, version NA. Backslash escapes (``at\\&t``) and percent escapes (``at%26t``) are
    undone, so both spellings of a vendor compare equal.
    """
    s = (text or "").strip()
    low = s[:8].lower()
    if low.startswith("cpe:2.3:"):
        return _parse_23(s[8:])
    if low.startswith("cpe:/"):
        return _parse_22(s[5:])
    return None


def vendor_of(cpe: str | None) -> str | None:
    """The vendor of a CPE name (lower case, unescaped), or None when absent, ANY or NA."""
    parsed = parse_cpe(cpe)
    if parsed is None or not parsed.vendor:
        return None
    return parsed.vendor.lower()


def _parse_23(body: str) -> Cpe | None:
    """Split on unescaped colons; a formatted string has exactly 11 attributes after ``cpe:2.3:``."""
    raw: list[str] = []
    cur: list[str] = []
    escaped = False
    for c in body:
        if escaped:
            cur.append("\\" + c)
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == ":":
            raw.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    if escaped:  # a trailing lone backslash quotes nothing
        return None
    raw.append("".join(cur))
    if len(raw) != 11 or raw[0].lower() not in PARTS:
        return None
    values = [_value_23(v) for v in raw[1:]]
    return Cpe(raw[0].lower(), **dict(zip(_FIELDS_23, values, strict=True)))


def _value_23(v: str) -> str | None:
    """Unquote one 2.3 attribute: ``*`` is ANY, ``-`` NA, ``\\x`` the literal character x."""
    if v in ("*", ""):
        return None
    if v == "-":
        return ""
    out: list[str] = []
    i = 0
    while i < len(v):
        if v[i] == "\\" and i + 1 < len(v):
            out.append(v[i + 1])
            i += 2
        else:
            out.append(v[i])
            i += 1
    return "".join(out)


def _parse_22(body: str) -> Cpe | None:
    """``part:vendor:product:version:update:edition:language``; missing trailing parts are ANY."""
    comps = body.split(":")
    if len(comps) > 7 or comps[0].lower() not in PARTS:
        return None
    comps += [""] * (7 - len(comps))
    part, vendor, product, version, update, edition, language = comps
    extended: dict[str, str | None] = {}
    if edition.startswith("~"):
        packed = edition.split("~")[1:]
        if len(packed) != len(_PACKED):
            return None
        extended = {k: _value_22(v) for k, v in zip(_PACKED, packed, strict=True)}
    else:
        extended = {"edition": _value_22(edition)}
    return Cpe(
        part.lower(),
        vendor=_value_22(vendor),
        product=_value_22(product),
        version=_value_22(version),
        update=_value_22(update),
        language=_value_22(language),
        **extended,
    )


def _value_22(v: str) -> str | None:
    """Decode one 2.2 component: empty is ANY, ``-`` NA, ``%xx`` a percent-encoded byte."""
    if v == "":
        return None
    if v == "-":
        return ""
    return unquote(v)
