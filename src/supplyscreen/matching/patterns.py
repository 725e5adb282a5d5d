"""Model-number and sysDescr patterns of the designated makers' product lines, as data with sources.

A pattern is a lead: it names a maker only by how that maker numbers its products, so a match on
its own sends a device to review ("a designated maker named only by a model number"). The patterns
live in ``data/model_patterns.yaml`` with the maker's registry id, a source and a confidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from supplyscreen.errors import InputError
from supplyscreen.fields import MODEL_FIELDS, UNKNOWN_MAKER

# Fields whose text may carry a model number: every model-number role of the vocabulary.
PATTERN_FIELDS = MODEL_FIELDS
# A pattern at or above this confidence is maker-specific enough to stand against a label naming
# someone else (an Annke-labelled DS-2CD camera is a Hikvision relabel). Below it, a prefix another
# maker might share (AR651, MF286) counts only when nothing else names the maker: set at the
# catalogue's "maker-specific prefix with a series digit" level (see the YAML header).
STANDALONE_CONFIDENCE = 0.85
# A maker field that says the maker is not known names no maker (a weak pattern may still count).
NO_MAKER = UNKNOWN_MAKER
# A maker field that names a seller, not a maker: a carrier that brands others' routers and hotspots
# (Vodafone GigaCube, EE 4GEE, Telstra 4GX are Huawei or ZTE devices) or a government IT reseller
# (CDW, SHI, Insight, Carahsoft). It names no maker, so a weak product-line pattern still counts.
SELLER = re.compile(
    r"^\s*(?:vodafone|ee|three|o2|t-mobile|telstra|optus|verizon(?: wireless)?|at&t|sprint|orange|"
    r"(?:deutsche )?telekom|swisscom|kpn|telia|telenor|softbank|(?:ntt )?docomo|kddi|rakuten mobile|"
    r"bell|rogers|telus|airtel|jio|movistar|telef[oó]nica|tim|bouygues(?: telecom)?|sfr|mtn|"
    r"cdw(?:-g)?|shi|insight|carahsoft|(?:pc )?connection|ingram micro|td synnex|softchoice|presidio|"
    r"world wide technology|wwt)"
    r"(?:\s+(?:government|public sector|international|business|uk|us|usa|inc\.?|ltd\.?|llc|gmbh|"
    r"group|corp\.?|corporation|plc|ag|s\.?a\.?))*\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ModelPattern:
    """One product line's numbering, with where it is documented."""

    id: str
    maker: str
    """Registry entity id of the maker (``hikvision``, ``huawei-device`` ...)."""
    line: str
    """The product line, in words, for explanations."""
    regex: re.Pattern[str]
    confidence: float
    source: str


@dataclass(frozen=True, slots=True)
class PatternHit:
    """A pattern found in one field of an item."""

    field: str
    value: str
    matched: str
    """The part of the value the pattern matched."""
    pattern: ModelPattern


# The start of a word: every pattern is anchored there (see _compile).
_WORD_START = r"(?<![A-Za-z0-9])"


def _compile(text: str, ignore_case: bool = False) -> re.Pattern[str]:
    # Anchored at the start of a word so 'S5720' is not found inside 'PS5720'. Case is kept unless
    # asked: makers' capitalisation tells lines apart (Hikvision iDS- versus Teltronics IDS-2000).
    return re.compile(_WORD_START + "(?:" + text + ")", re.IGNORECASE if ignore_case else 0)


def load_patterns(path: Path | None = None) -> tuple[ModelPattern, ...]:
    """Read a pattern file (the bundled one by default); raises InputError on a bad entry."""
    if path is None:
        text = resources.files("supplyscreen.matching").joinpath("data/model_patterns.yaml").read_text("utf-8")
        shown = "model_patterns.yaml"
    else:
        text = Path(path).read_text("utf-8")
        shown = str(path)
    doc = yaml.safe_load(text) or {}
    out = []
    for n, entry in enumerate(doc.get("patterns", []), 1):
        try:
            out.append(ModelPattern(
                id=str(entry["id"]), maker=str(entry["maker"]), line=str(entry.get("line", "")),
                regex=_compile(str(entry["regex"]), bool(entry.get("ignore_case", False))), confidence=float(entry.get("confidence", 0.7)),
                source=str(entry.get("source", "")),
            ))
        except (KeyError, TypeError, ValueError, re.error) as e:
            raise InputError(f"pattern {n} is not usable: {e}", path=shown) from None
    return tuple(out)


@lru_cache(maxsize=1)
def bundled_patterns() -> tuple[ModelPattern, ...]:
    return load_patterns()


@lru_cache(maxsize=1)
def _bundled_union() -> re.Pattern[str] | None:
    return union(bundled_patterns())


def bundled_union() -> re.Pattern[str] | None:
    """The bundled patterns joined (:func:`union`), as :func:`any_pattern` searches them; None
    when they cannot be joined."""
    return _bundled_union()


def union(patterns: tuple[ModelPattern, ...]) -> re.Pattern[str] | None:
    """One regex that finds a match in a text exactly when one of ``patterns`` does: their
    alternation, each under its own case flag. At any position an alternation matches when one of
    its branches does, so ``search`` finds something iff some pattern's ``search`` does. None when
    the patterns cannot be joined (a global flag or a group reference inside one)."""
    if not patterns:
        return re.compile("(?!)")
    if any(re.search(r"\\[1-9]|\(\?P=|\(\?[aiLmsux]+\)", p.regex.pattern) for p in patterns):
        return None  # group numbers would shift, or a global flag would apply to every branch
    # Every pattern _compile makes begins with the same word-start test: asked once per position
    # for all of them, not once per branch (a fifth of the time on sysDescr texts). The test reads
    # letters of both cases, so it is the same under a branch's case flag.
    start = _WORD_START if all(p.regex.pattern.startswith(_WORD_START) for p in patterns) else ""
    branches = [p.regex.pattern[len(start):] for p in patterns]
    branches = [f"(?i:{b})" if p.regex.flags & re.IGNORECASE else f"(?:{b})" for b, p in zip(branches, patterns, strict=True)]
    try:
        return re.compile(start + "(?:" + "|".join(branches) + ")")
    except re.error:
        return None


def any_pattern(text: str) -> bool:
    """Whether a bundled product-line pattern is in ``text`` (stripped), as ``find_patterns`` would
    find one in it: one search of every pattern joined (:func:`union`) instead of one search per
    pattern. The evidence finder asks this of every distinct model and sysDescr text to key it
    (1,000,000 inventory rows: ~37,000 texts, almost none holding a pattern)."""
    value = (text or "").strip()
    if not value:
        return False
    joined = _bundled_union()
    if joined is None:
        return bool(find_patterns({"model": value}))
    return joined.search(value) is not None


def find_patterns(fields: Mapping[str, str], patterns: tuple[ModelPattern, ...] | None = None) -> list[PatternHit]:
    """Every product-line pattern found in an item's model, part number, product or sysDescr text;
    at most one hit per maker, the most confident."""
    best: dict[str, PatternHit] = {}
    for field in PATTERN_FIELDS:
        value = (fields.get(field, "") or "").strip()
        if not value:
            continue
        for p in patterns if patterns is not None else bundled_patterns():
            m = p.regex.search(value)
            if m is None:
                continue
            old = best.get(p.maker)
            if old is None or p.confidence > old.pattern.confidence:
                best[p.maker] = PatternHit(field, value, m.group(0), p)
    return sorted(best.values(), key=lambda h: -h.pattern.confidence)
