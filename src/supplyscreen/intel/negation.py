"""Negation scope over the restriction predicate: a measure named only to be denied (issue #17).

"The ministry does not intend to exclude Hikvision", "nessuna esclusione", 並無全面禁用…的計畫,
"nega estar a preparar a proibição", 배제할 계획이 없다: a negator or a denial verb that governs an
intention, a plan, a preparation or the measure itself states that there is no restriction. "May no
longer buy", "dürfen nicht mehr", "ne pourront plus", 不得採購, 사용할 수 없다: a negated permission IS
the restriction. The difference is structural — what the negation governs, and in which order —
so it is decided from the clause: the cue words per language and their order are data
(``negation-scope.yaml``, written from the reference grammars its ``source`` names), the rule is here:

1. the negations that state a restriction ("no longer", 不得) are masked first;
2. a *negator* denies when an intention or measure word follows it within its reach in the same
   clause (``order: before``), or precedes it (``order: after``: Japanese and Korean negate after the
   verb, 計画はない), or is the finite verb just before it in a verb-second language (``back``:
   "Myndigheten avser inte att …");
3. a *denial verb* ("dementiert", 否认, "nega", 부인했다) denies when an intention, measure or report
   word is within its reach on either side in the same clause — "negou a licença" (a licence refused,
   a restriction) has none.

The answer is the evidence (the negator or denial verb with what it governs) or None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from supplyscreen.datafile import read_yaml
from supplyscreen.intel import detect

DATA = Path(__file__).parent / "negation-scope.yaml"
# Languages matched as substrings (no spaces between words, or endings attached to the stem).
_UNSPACED = ("zh", "ja", "ko")
# A negation does not reach across a clause: "Il governo ha deciso, non senza polemiche, di vietare".
_CLAUSE = re.compile(r"[,;:.!?，。；：！？、]")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Language:
    """One language's cue words (compiled) and how its negation is ordered."""

    order: str
    back: int
    negators: re.Pattern[str] | None
    denials: re.Pattern[str] | None
    intent: re.Pattern[str] | None
    measures: re.Pattern[str] | None
    reports: re.Pattern[str] | None
    contrast: re.Pattern[str] | None
    permission: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class Reach:
    """How far a negator and a denial verb govern, in tokens (spaced) or characters (unspaced)."""

    tokens: int
    chars: int
    denial_tokens: int
    denial_chars: int
    after: int


def _rx(parts: list[str], spaced: bool) -> re.Pattern[str] | None:
    """One pattern for a list of fragments; unspaced ones read as ``detect.normalise`` writes the
    sentence (Han folded to simplified: 報道 is matched as 报道, so the file keeps each language's own
    spelling)."""
    if not parts:
        return None
    alt = "|".join(f"(?:{p if spaced else detect.normalise(p)})" for p in parts)
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)" if spaced else f"(?:{alt})")


@lru_cache(maxsize=1)
def _data() -> tuple[Reach, dict[str, Language]]:
    doc: dict[str, Any] = read_yaml(DATA)
    reach = Reach(doc["reach"]["tokens"], doc["reach"]["chars"], doc["denial_reach"]["tokens"],
                  doc["denial_reach"]["chars"], doc["reach_after"])
    langs: dict[str, Language] = {}
    for lang, spec in doc.items():
        if not isinstance(spec, dict) or "negators" not in spec:
            continue
        spaced = lang not in _UNSPACED
        langs[lang] = Language(spec["order"], int(spec.get("back", 0)),
                               *(_rx(spec.get(k) or [], spaced) for k in
                                 ("negators", "denials", "intent", "measures", "reports", "contrast", "permission")))
    return reach, langs


def languages() -> frozenset[str]:
    """The languages the data file covers."""
    return frozenset(_data()[1])


def _mask(text: str, rx: re.Pattern[str] | None) -> str:
    """``text`` with the matches of ``rx`` blanked (same length, so offsets still hold)."""
    if rx is None:
        return text
    return rx.sub(lambda m: " " * len(m.group()), text)


def _hits(rx: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    return [] if rx is None else [(m.start(), m.end()) for m in rx.finditer(text) if m.end() > m.start()]


def _governs(text: str, at: tuple[int, int], target: tuple[int, int], ahead: int, behind: int, spaced: bool) -> bool:
    """Whether ``target`` lies within ``ahead`` units after or ``behind`` units before the cue ``at``,
    in the same clause (units: words in spaced scripts, characters otherwise)."""
    a, b = at
    c, d = target
    if c >= b:
        gap = text[b:c]
        n = len(_WORD.findall(gap)) if spaced else len(gap)
        return n < ahead + (1 if spaced else 0) and not _CLAUSE.search(gap)
    if d <= a:
        gap = text[d:a]
        n = len(_WORD.findall(gap)) if spaced else len(gap)
        return n < behind + (1 if spaced else 0) and not _CLAUSE.search(gap)
    return False


def denied(text: str, lang: str, cue: tuple[int, int] | None = None) -> str | None:
    """The negation or denial in ``text`` that governs an intention, plan or the measure itself
    (the evidence, e.g. "no plans", "nega estar a preparar", 并无…计划), or None when the sentence has
    none or its negations state the restriction ("may no longer", 不得).

    With ``cue`` (the span of ``text`` where the detector sees the restriction), the denial must
    stand in the cue's clause or in a clause before it, which it introduces ("hat Berichte
    dementiert, wonach … verbannt werden sollen"); a denial after the restriction's clause qualifies
    it ("restrictions on high-risk vendors, no outright ban") and leaves it standing."""
    reach, langs = _data()
    base = lang.split("-")[0].lower()
    spec = langs.get(base)
    if spec is None:
        return None
    spaced = base not in _UNSPACED
    t = _mask(detect.folded(text), spec.permission)
    cue_clause = len(_CLAUSE.findall(t, 0, cue[0])) if cue else None
    intent = _hits(spec.intent, t)
    measures = [] if spec.contrast is not None and spec.contrast.search(t) else _hits(spec.measures, t)
    found: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for neg in _hits(spec.negators, t):
        if spec.order == "after":
            found += [(neg, w) for w in intent if _governs(t, neg, w, 0, reach.after, spaced)]
        else:
            ahead = reach.tokens if spaced else reach.chars
            found += [(neg, w) for w in intent + measures if _governs(t, neg, w, ahead, spec.back, spaced)]
    governed = intent + _hits(spec.measures, t) + _hits(spec.reports, t)
    r = reach.denial_tokens if spaced else reach.denial_chars
    for d in _hits(spec.denials, t):
        found += [(d, w) for w in governed if w != d and _governs(t, d, w, r, r, spaced)]
    for a, b in found:
        if cue_clause is None or len(_CLAUSE.findall(t, 0, min(a[0], b[0]))) <= cue_clause:
            return _evidence(t, a, b)
    return None


def _evidence(t: str, a: tuple[int, int], b: tuple[int, int]) -> str:
    return t[min(a[0], b[0]):max(a[1], b[1])]
