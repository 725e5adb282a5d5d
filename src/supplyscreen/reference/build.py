"""Rebuild ``data/country-names.json.gz`` from rigour's territory data and babel's CLDR names.

    python -m supplyscreen.reference.build        (needs the ``reference`` extra: rigour, babel)

Names are keyed with :func:`supplyscreen.reference.countries.key`. When two territories claim a
spelling, the first source in this order keeps it: rigour's codes (ISO alpha-2, alpha-3 and other
codes), rigour's strong names, CLDR display names, the CLDR short names babel drops (``data/country-names-extra.yaml``), rigour's weak names, rigour's place names. A
spelling two territories claim within one source, and no earlier source settled, is left out (it
reads as unknown, and a reviewer is asked). CLDR's region codes (numeric "Americas", "EU", "UN")
are not countries and are skipped. The output records the library versions and the build date.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from supplyscreen.reference.countries import key

OUT = Path(__file__).resolve().parent / "data" / "country-names.json.gz"


def _rigour() -> tuple[dict[str, tuple[str, str]], list[tuple[str, dict[str, set[str]]]], str]:
    import rigour
    from rigour._core import territories_jsonl
    from rigour.data import iter_jsonl_text

    rows = list(iter_jsonl_text(territories_jsonl()))
    by_code = {r["code"]: r for r in rows}

    def sovereign(code: str) -> str:
        seen = set()
        while by_code[code].get("parent") and code not in seen:
            seen.add(code)
            code = by_code[code]["parent"]
        return code

    territories = {r["code"].upper(): (r["name"], sovereign(r["code"]).upper()) for r in rows}
    tiers: dict[str, dict[str, set[str]]] = {t: defaultdict(set) for t in ("codes", "strong", "weak", "places")}
    for r in rows:
        code = r["code"].upper()
        for c in [r["code"], r.get("alpha3") or "", *r.get("other_codes", [])]:
            if c:
                tiers["codes"][key(c)].add(code)
        for n in [r["name"], r.get("full_name") or "", *r.get("names_strong", [])]:
            if n:
                tiers["strong"][key(n)].add(code)
        for n in r.get("names_weak", []):
            tiers["weak"][key(n)].add(code)
        for n in r.get("places", []):
            tiers["places"][key(n)].add(code)
    version = getattr(rigour, "__version__", "") or _dist_version("rigour")
    return territories, [(t, tiers[t]) for t in ("codes", "strong", "weak", "places")], version


def _babel(known: set[str]) -> tuple[dict[str, set[str]], str, str]:
    import babel
    from babel import Locale, UnknownLocaleError, localedata

    names: dict[str, set[str]] = defaultdict(set)
    for ident in localedata.locale_identifiers():
        try:
            loc = Locale.parse(ident)
        except (UnknownLocaleError, ValueError):
            continue
        for code, name in loc.territories.items():
            if len(code) == 2 and code.isalpha() and code in known:
                names[key(name)].add(code)
    return names, babel.__version__, str(localedata.load("root").get("version", "") or _cldr_version())


def _cldr_version() -> str:
    from babel.core import get_global

    return str(get_global("cldr").get("version", "")) if get_global("cldr") else ""


def _dist_version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def build(out: Path = OUT) -> dict[str, int]:
    territories, tiers, rigour_version = _rigour()
    cldr, babel_version, cldr_version = _babel(set(territories))
    extra: dict[str, set[str]] = defaultdict(set)
    for e in yaml.safe_load((OUT.parent / "country-names-extra.yaml").read_text(encoding="utf-8")) or ():
        extra[key(e["name"])].add(str(e["code"]))
    ordered = [tiers[0], tiers[1], ("cldr", cldr), ("cldr-short", extra), tiers[2], tiers[3]]
    names: dict[str, str] = {}
    ambiguous: dict[str, list[str]] = {}
    for _, tier in ordered:
        for k, codes in tier.items():
            if not k or k in names or k in ambiguous:
                continue
            if len(codes) == 1:
                names[k] = next(iter(codes))
            else:
                ambiguous[k] = sorted(codes)
    doc = {
        "provenance": {
            "built": dt.date.today().isoformat(),
            "rigour": rigour_version,
            "babel": babel_version,
            "cldr": cldr_version,
            "how": "python -m supplyscreen.reference.build",
        },
        "territories": {c: list(v) for c, v in sorted(territories.items())},
        "names": dict(sorted(names.items())),
        "ambiguous": dict(sorted(ambiguous.items())),
    }
    raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out.write_bytes(gzip.compress(raw, mtime=0))
    return {"territories": len(territories), "names": len(names), "ambiguous": len(ambiguous)}


if __name__ == "__main__":
    counts = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(", ".join(f"{v:,} {k}" for k, v in counts.items()), file=sys.stderr)
