"""The measure a restriction predicate states, from what it does (its kind) and what it acts on (its
object class), as declared in ``measure-objects.yaml``.

The learned measure model (``detect.measure_probs``) reads character n-grams, so the topic words of
one measure speak for it whatever the predicate does to them: an advisory about network cores read
as a network exclusion, an investment veto as a procurement ban. Here the measure is read as the
instrument over its object: the first row of the declared table whose kind and object class are
both in the predicate clause names it, with that row's reason. ``detect`` weighs the frame with the
model (``FRAME_WEIGHT``); a clause with no declared pairing leaves the model alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

DATA_FILE = "measure-objects.yaml"
# A negator this many characters before a kind (spaced scripts) negates it: "not be removed",
# "ne devront pas être retirées", "não terão de ser retiradas" (17 characters) — a few short words,
# short of the previous clause.
NEGATION_REACH = 20
# After a Han/kana/Hangul kind, a negator this close negates it: 「撤去しない」, 「교체하지 않」.
NEGATION_AFTER = 4
ANY = "*"
_GAP = r"[\s-]+"


@dataclass(frozen=True, slots=True)
class Row:
    kinds: tuple[str, ...]
    obj: str
    measure: str
    why: str


@dataclass(frozen=True, slots=True)
class Frame:
    """A predicate's kind over an object class, the measure the table gives them, and why."""

    measure: str
    kind: str
    obj: str
    kind_words: str
    obj_words: str
    why: str

    @property
    def reason(self) -> str:
        on = f" over \u201c{self.obj_words}\u201d ({self.obj})" if self.obj_words else ""
        return f"\u201c{self.kind_words}\u201d ({self.kind}){on}: {self.why}"


@dataclass(frozen=True, slots=True)
class Table:
    kinds: dict[str, re.Pattern[str]]
    objects: dict[str, re.Pattern[str]]
    rows: tuple[Row, ...]
    neg_before: re.Pattern[str]
    neg_after: re.Pattern[str]


def _cjk(word: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in word)


def word_pattern(word: str) -> str:
    """One declared word as a regex: anywhere for Han, kana, Hangul; otherwise from a word start to
    a word end, ``*`` in a token a stem (any letters), a lone ``*`` token up to three words."""
    w = word.lower().strip()
    if _cjk(w):
        return re.escape(w)
    # Words of a phrase are apart by spaces or hyphens ("Golden-Power-Veto", "5G-Antennenhersteller").
    parts: list[str] = []
    for tok in w.split():
        if tok == ANY:
            parts.append(rf"(?:[^\s-]+{_GAP}){{0,3}}")
            continue
        parts.append(r"\w*".join(re.escape(p) for p in tok.split(ANY)) + _GAP)
    body = "".join(parts)
    body = body[:-len(_GAP)] if body.endswith(_GAP) else body
    return rf"(?<!\w){body}(?!\w)"


def _union(words: list[str]) -> re.Pattern[str]:
    # Longest first, so a phrase wins over a word it starts with ("no longer" over "no").
    return re.compile("|".join(word_pattern(w) for w in sorted(set(words), key=len, reverse=True)))


@lru_cache(maxsize=1)
def table() -> Table:
    from supplyscreen.datafile import parse_yaml

    raw = parse_yaml(resources.files("supplyscreen.intel").joinpath(DATA_FILE).read_text(encoding="utf-8"))
    kinds = {k: _union(v["words"]) for k, v in raw["kinds"].items()}
    objects = {k: _union(v["words"]) for k, v in raw["objects"].items()}
    rows = []
    for r in raw["table"]:
        ks = r["kind"] if isinstance(r["kind"], list) else [r["kind"]]
        rows.append(Row(tuple(ks), str(r["object"]), str(r["measure"]), str(r["why"])))
    neg = raw["negators"]
    return Table(kinds, objects, tuple(rows), _union(neg["before"]), _union(neg["after"]))


def _negated(t: Table, low: str, m: re.Match[str]) -> bool:
    before = low[max(0, m.start() - NEGATION_REACH):m.start()]
    if not _cjk(m.group()):
        return t.neg_before.search(before) is not None
    return t.neg_after.match(low, m.end(), m.end() + NEGATION_AFTER) is not None or (
        t.neg_after.search(low, max(0, m.start() - 1), m.start()) is not None)  # 不 before a Han verb: 不得, 不再 stand as words


def kinds_in(text: str) -> dict[str, str]:
    """Each kind stated (not negated) in ``text``, with the words that state it first."""
    t = table()
    low = text.lower()
    src = text if len(text) == len(low) else low  # a few letters change length in lower case
    out: dict[str, str] = {}
    for k, rx in t.kinds.items():
        for m in rx.finditer(low):
            if not _negated(t, low, m):
                out[k] = src[m.start():m.end()]
                break
    return out


def objects_in(text: str) -> dict[str, str]:
    """Each object class named in ``text``, with the words that name it first."""
    low = text.lower()
    src = text if len(text) == len(low) else low
    out: dict[str, str] = {}
    for k, rx in table().objects.items():
        m = rx.search(low)
        if m:
            out[k] = src[m.start():m.end()]
    return out


@lru_cache(maxsize=65536)
def frame(clause: str) -> Frame | None:
    """The measure the first table row found in ``clause`` names, or None when none is."""
    kinds = kinds_in(clause)
    if not kinds:
        return None
    objs = objects_in(clause)
    for r in table().rows:
        for k in r.kinds:
            if k not in kinds:
                continue
            if r.obj == ANY:
                return Frame(r.measure, k, "", kinds[k], "", r.why)
            if r.obj in objs:
                return Frame(r.measure, k, r.obj, kinds[k], objs[r.obj], r.why)
    return None
