"""One device classifier for the policy packs and the rip-and-replace plan.

``data/device-classes.yaml`` holds the kinds of device (a UPF, a PE router, an OLT, a home router,
a printer, a drone, ...) with the words that name them, the plan's criticality class each belongs
to and the categories the packs' ``category`` condition reads, with sources. :func:`classify` reads
an item's fields in a fixed order and the first field that names a kind decides, so the UK pack
and ``report --jurisdiction GB`` see the same "core" device, and the FCC pack's category entries
apply only to items whose own fields say drone, router, inverter or robot.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from supplyscreen.datafile import parse_yaml, read_yaml

UNCLASSIFIED = "unclassified"


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of device and the words that name it."""

    id: str
    cls: str
    categories: frozenset[str]
    words: tuple[re.Pattern[str], ...]
    fields: tuple[str, ...] | None = None
    """Fields this kind is read from (None: every field the classifier reads)."""


@dataclass(frozen=True, slots=True)
class DeviceClass:
    """What a device is, as both the packs and the plan see it."""

    cls: str
    """The plan's criticality class (``core``, ``access``, ``endpoint``, ..., ``unclassified``)."""
    categories: frozenset[str]
    """The categories pack rules test (``core-network``, ``5g``, ``consumer-router``, ``uas``, ...)."""
    kind: str = ""
    """The kind that decided (``core-function``, ``olt``, ...); "" when none did."""
    basis: str = ""
    """Where it was read: "role 'upf'", "sys_descr 'Huawei UNC 5G core AMF'"; "" when not stated."""

    @property
    def stated(self) -> bool:
        """Whether the item's fields say what it is (a kind or a qualifier's category)."""
        return bool(self.categories) or self.cls != UNCLASSIFIED


@dataclass(frozen=True, slots=True)
class Classifier:
    """Kinds in order (first match in the first field that names one wins) and qualifiers."""

    fields: tuple[str, ...]
    classes: Mapping[str, str]
    kinds: tuple[Kind, ...]
    qualifiers: tuple[Kind, ...]

    def classify(self, fields: Mapping[str, str]) -> DeviceClass:
        kind: Kind | None = None
        where = ""
        for name in self.fields:
            text = fields.get(name, "")
            if not text.strip():
                continue
            kind = next((k for k in self.kinds if (k.fields is None or name in k.fields)
                         and any(w.search(text) for w in k.words)), None)
            if kind is not None:
                where = f"{name} '{text.strip()[:80]}'"
                break
        extra = frozenset(c for q in self.qualifiers for name in (q.fields or self.fields)
                          if (text := fields.get(name, "")) and any(w.search(text) for w in q.words)
                          for c in q.categories)
        if kind is None:
            return DeviceClass(UNCLASSIFIED, extra)
        return DeviceClass(kind.cls, kind.categories | extra, kind.id, where)

    @property
    def categories(self) -> tuple[str, ...]:
        """Every category a pack may name, in file order."""
        seen = dict.fromkeys(c for k in (*self.kinds, *self.qualifiers) for c in sorted(k.categories))
        return tuple(seen)


class ClassifierError(ValueError):
    """A classifier file that cannot be used; the message says what is wrong."""


def parse(doc: Any) -> Classifier:
    """A classifier from a parsed YAML document (see ``data/device-classes.yaml``)."""
    if not isinstance(doc, dict):
        raise ClassifierError("expected a mapping with 'fields', 'classes' and 'kinds'")
    classes = {str(k): str(v) for k, v in (doc.get("classes") or {}).items()}
    fields = tuple(map(str, doc.get("fields") or ()))
    if not fields or not classes:
        raise ClassifierError("needs 'fields' (the item fields read, in order) and 'classes'")

    def kinds(entries: Any, what: str) -> tuple[Kind, ...]:
        out = []
        for n, e in enumerate(entries or (), 1):
            if not isinstance(e, dict) or not e.get("words"):
                raise ClassifierError(f"{what} entry {n} needs 'words'")
            cls = str(e.get("class", UNCLASSIFIED))
            if what == "kinds" and cls not in classes:
                raise ClassifierError(f"kind {e.get('id', n)!r}: class {cls!r} is not under 'classes'")
            try:
                words = tuple(re.compile(str(w), re.IGNORECASE) for w in e["words"])
            except re.error as exc:
                raise ClassifierError(f"{what} entry {e.get('id', n)!r}: bad pattern: {exc}") from None
            own = e.get("fields")
            out.append(Kind(str(e.get("id", f"{what}-{n}")), cls, frozenset(map(str, e.get("categories") or ())),
                            words, tuple(map(str, own)) if own else None))
        return tuple(out)

    return Classifier(fields, classes, kinds(doc.get("kinds"), "kinds"), kinds(doc.get("qualifiers"), "qualifiers"))


@cache
def shipped() -> Classifier:
    """The classifier the packs and, by default, the plan read."""
    text = resources.files("supplyscreen.reference").joinpath("data/device-classes.yaml").read_text("utf-8")
    return parse(parse_yaml(text))


def load(path: Path) -> Classifier:
    """A user's classifier file (same format as the shipped one)."""
    return parse(read_yaml(Path(path)))


def classify(fields: Mapping[str, str]) -> DeviceClass:
    """The shipped classifier's reading of an item's fields."""
    return shipped().classify(fields)
