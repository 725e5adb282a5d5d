"""A country of production as people write it, read to ISO 3166 codes.

Procurement lists, bills of materials and inventories write a country every way there is: "U.S.A.",
"United States of America", "America", "米国", "アメリカ合衆国", "美国", "Deutschland", "PRC",
"Republic of Korea", "TWN", "Made in Japan", "Produced in Taiwan", "原産国: 中国", "中国制造",
"Designed in USA; assembled in China". :func:`read_countries` reads such a cell to the territories it
names and keeps every part it cannot read, as written, so a rule can ask a reviewer about it
("'Untied States' is not a country name supplyscreen can read") instead of calling it foreign.

The names come from two well-kept libraries, joined by ``python -m supplyscreen.reference.build``
into ``data/country-names.json.gz`` (the file records both versions and the build date):

- **rigour** (OpenSanctions' territory data): each territory's names in many languages, the common
  abbreviations ("U.S.A.", "PRC", "ROC", "UAE", "U.S."), ISO alpha-2/alpha-3 and other codes, names
  for subdivisions and dependencies with their governing country (Puerto Rico → US, England → GB,
  Hong Kong → CN), and ranked strong/weak names so one spelling never names two countries;
- **babel** (the Unicode CLDR): every territory's display name in every CLDR locale (about 1,100),
  which fills the names rigour lacks ("韓国", "中國", "Chine", "Dänemark").

pycountry was not chosen: its ISO 3166 names and iso-codes translations are a subset of these two
(CLDR covers the same translations, rigour the codes), and it has no abbreviations or dependencies.
The table is built ahead of time because loading either library's names at run time costs seconds
(rigour transliterates ~20,000 names on first lookup; babel loads ~1,100 locale files), and
nothing in the screening path may download or build data.

Legal forms for the matcher (not used here): rigour also ships company legal forms with their
abbreviations and countries (``rigour.names.org_types``: "GmbH", "有限公司", "ООО", ...); cleanco
has a smaller English-centred list. Either could replace a hand list of legal forms later.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

_DROP = frozenset(".'’`´ʼ")
# Separators between countries in one cell, strongest first: a part is read whole before it is
# split further, so "Trinidad and Tobago" and "Korea, Republic of" stay one name.
_SPLITS = (
    re.compile(r"\s*[;|/、，；\n]\s*"),
    re.compile(r"\s+(?:and|&|\+|und|et|y|e)\s+", re.IGNORECASE),
    re.compile(r"\s*,\s*"),
)
_PAREN = re.compile(r"[(\[（［][^)\]）］]*[)\]）］]")


def key(text: str) -> str:
    """A name folded for lookup: width (NFKC), case, Latin accents, dots and apostrophes removed,
    other punctuation as spaces ("U.S.A." → "usa", "États-Unis" → "etats unis")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.category(ch).startswith("M"):
            # An accent on a Latin letter is dropped ("é" → "e"); marks that carry a vowel in other
            # scripts (Devanagari, Thai) stay.
            if out and out[-1].isascii():
                continue
            out.append(ch)
        elif ch in _DROP:
            continue
        elif ch.isalnum():
            out.append(ch)
        else:
            out.append(" ")
    return unicodedata.normalize("NFC", " ".join("".join(out).split()))


@dataclass(frozen=True, slots=True)
class Territory:
    """A country or territory a name was read as."""

    code: str
    """ISO 3166-1 alpha-2 (``US``), or rigour's code for a subdivision or former state (``GB-ENG``)."""
    name: str
    sovereign: str
    """The country that governs it (``US`` for Puerto Rico, ``CN`` for Hong Kong); itself for a
    country."""

    @property
    def shown(self) -> str:
        return f"{self.name} ({self.code})" if self.sovereign == self.code else f"{self.name} ({self.code}, {self.sovereign})"


@dataclass(frozen=True, slots=True)
class Countries:
    """What an item says about where it was produced."""

    territories: tuple[Territory, ...] = ()
    """Every territory read, in the order written."""
    unread: tuple[str, ...] = ()
    """Parts of the cell that name no territory supplyscreen knows, as written."""

    @property
    def stated(self) -> bool:
        return bool(self.territories or self.unread)

    @property
    def codes(self) -> frozenset[str]:
        """Each territory's code and its governing country's."""
        return frozenset(c for t in self.territories for c in (t.code, t.sovereign))

    def any_in(self, codes: frozenset[str]) -> bool:
        return any(t.code in codes or t.sovereign in codes for t in self.territories)

    def any_outside(self, codes: frozenset[str]) -> bool:
        return any(t.code not in codes and t.sovereign not in codes for t in self.territories)

    @property
    def text(self) -> str:
        """For a reason: "China (CN)", "'Untied States' (not a country name supplyscreen can read:
        confirm where it was produced)", or "not stated"."""
        parts = [t.shown for t in self.territories]
        if self.unread:
            quoted = ", ".join(f"'{u}'" for u in self.unread)
            parts.append(f"{quoted} (not a country name supplyscreen can read: confirm where it was produced)")
        return " and ".join(parts) or "not stated"


class UnknownCountry(ValueError):
    """A pack or test names a country code the table does not know."""


@cache
def _table() -> dict[str, Any]:
    data = resources.files("supplyscreen.reference").joinpath("data/country-names.json.gz").read_bytes()
    return json.loads(gzip.decompress(data))


@cache
def _phrases() -> dict[str, tuple[str, ...]]:
    doc = yaml.safe_load(resources.files("supplyscreen.reference").joinpath("data/origin-phrases.yaml")
                         .read_text(encoding="utf-8"))
    # Longest first, so "made in the" is removed before "made in".
    return {k: tuple(sorted({key(p) for p in doc[k]}, key=len, reverse=True))
            for k in ("labels", "prefixes", "suffixes", "not_stated")}


def provenance() -> dict[str, str]:
    """Which libraries and versions the name table was built from, and when."""
    return dict(_table()["provenance"])


def territory(code: str) -> Territory | None:
    """The territory with this code (any case), or None."""
    info = _table()["territories"].get(code.strip().upper())
    return Territory(code.strip().upper(), info[0], info[1]) if info else None


def _lookup(text: str) -> Territory | None:
    k = key(text)
    code = _table()["names"].get(k)
    return territory(code) if code else None


def _strip(k: str) -> str:
    """A part's key without the label and the "Made in" words around its country."""
    ph = _phrases()
    changed = True
    while changed and k:
        changed = False
        for p in ph["labels"] + ph["prefixes"]:
            if k.startswith(p + " "):
                k, changed = k[len(p) + 1:], True
                break
        for s in ph["suffixes"]:
            if k.endswith(s) and len(k) > len(s):
                k, changed = k[: -len(s)].strip(), True
                break
    return k


def _read_part(part: str) -> Territory | None:
    names = _table()["names"]
    for candidate in (part, _PAREN.sub(" ", part)):
        # A name the table holds whole first ("the virgin islands", "country of curacao"): stripping
        # the label words before looking would cut it to a part no table entry has.
        for k in (key(candidate), _strip(key(candidate))):
            if k in names:
                return territory(names[k])
    # "China (PRC)", "USA (Texas)": the words before or inside the brackets.
    for inner in _PAREN.findall(part):
        k = _strip(key(inner))
        if k in names:
            return territory(names[k])
    return None


def read_countries(*values: str) -> Countries:
    """The territories named in one or more cells, and the parts that name none.

    A cell is read whole first ("Taiwan, Province of China", "Korea, Republic of"), then split at
    ``; | / 、``, then at "and"/"&", then at commas, each part read whole before it is split again.
    "Made in"/"Produced in"/"原産国:"/"〜製" words around a part are removed. A cell stating no
    country ("N/A", "unknown", "不明") adds nothing.
    """
    found: list[Territory] = []
    unread: list[str] = []
    for value in values:
        _read_into(value.strip(), 0, found, unread)
    return Countries(tuple(dict.fromkeys(found)), tuple(dict.fromkeys(unread)))


def _read_into(part: str, level: int, found: list[Territory], unread: list[str]) -> None:
    if not part or key(part) in _phrases()["not_stated"]:
        return
    t = _read_part(part)
    if t is not None:
        found.append(t)
        return
    for n in range(level, len(_SPLITS)):
        pieces = [p.strip() for p in _SPLITS[n].split(part) if p.strip()]
        if len(pieces) > 1:
            for p in pieces:
                _read_into(p, n + 1, found, unread)
            return
    unread.append(part)


def code_for(text: str) -> str:
    """The ISO code a pack's country value names ("US", "usa", "United States"); raises
    :class:`UnknownCountry` when it names none."""
    t = territory(text) or _lookup(text)
    if t is None:
        raise UnknownCountry(f"{text!r} is not a country code or name")
    return t.code
