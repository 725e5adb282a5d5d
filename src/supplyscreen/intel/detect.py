"""Learned detection of restriction sentences and of their measure.

Two linear models over the same features (``features``): character n-grams of the sentence (any
language, any script: no word lists per language, no tokeniser, no download) plus the rule cues of
``rules`` (the old trigger lexicon, negation, "despite the ban" framing, measure cues) as a handful of
extra features, so a hand cue can tip a close call but no longer decides alone.

- ``restriction(text)``: the probability that the sentence states a government restriction on a
  supplier (a ban, exclusion, removal order, listing, licence action, or an official warning);
- ``measure_probs(text)``: for such a sentence, a distribution over the measure vocabulary of
  ``measures.yaml``.

The weights are in ``detect_model.json.gz`` (package data), written by
``python -m supplyscreen.intel.train`` from the project's own corpus (see that module); the file
records when and from what it was built. Scoring needs only the standard library: the model is a
dictionary from n-gram to weight, so the package runs without scikit-learn, which only training needs.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

MODEL_FILE = "detect_model.json.gz"
# Character n-gram lengths: 2 catches two-character CJK words (禁止, 排除), 5 an English stem with its
# space ("revok", " bann"); longer adds size more than accuracy.
NGRAMS = (2, 3, 4, 5)
# A rule cue counts as much as this many n-grams: enough for "licence conditions" to name its
# measure, too little for the lexicon alone to make a sentence a restriction (the n-grams decide).
CUE_SCALE = 4.0
# A sentence is a restriction when the model is at least this sure (the logistic midpoint: the
# training classes are weighted to balance, so 0.5 is the unbiased cut).
THRESHOLD = 0.5
# Below this averaged probability no measure is named ("unknown"): with nine classes, a third is
# more than twice chance (0.11) yet below what a sentence naming its instrument gets (0.5 and up).
MEASURE_MIN = 0.25
# The predicate window shown as evidence: characters scoring at least this share of the peak.
PEAK_SHARE = 0.5
# Longest evidence cue in characters (a CJK verb phrase; a Latin word is cut at its boundaries).
MAX_CUE = 16
# Numbers are not evidence of a restriction ("60 days", "2027"): one shape for every digit.
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form n-grams are taken from: NFKC (full-width letters to ASCII), lower case, digits as 0,
    runs of space as one; the length may differ from ``text`` (see ``_span``)."""
    t = unicodedata.normalize("NFKC", text).lower()
    return _SPACE.sub(" ", _DIGIT.sub("0", t)).strip()


def cue_features(text: str) -> list[str]:
    """The rule cues that fire on ``text``, as feature names."""
    from supplyscreen.intel import rules

    text = _SPACE.sub(" ", text).strip()  # the patterns are written with single spaces
    out = []
    if rules.rule_trigger(text) is not None:
        out.append("cue:trigger")
    if rules.NEGATED.search(text):
        out.append("cue:negated")
    if rules.PASSING.search(text):
        out.append("cue:passing")
    if rules.OPINION.search(text):
        out.append("cue:opinion")
    out += [f"cue:{m.value}" for m, _, rx in rules.MEASURE_CUES if rx.search(text)]
    return out


def features(text: str) -> dict[str, float]:
    """Binary features of one sentence, scaled to unit length (long sentences do not win by size)."""
    t = f" {normalise(text)} "
    grams = {t[i:i + n] for n in NGRAMS for i in range(len(t) - n + 1)}
    if not grams:
        return {}
    v = 1.0 / math.sqrt(len(grams))
    out = dict.fromkeys(sorted(grams), v)
    out.update(dict.fromkeys(cue_features(text), CUE_SCALE * v))
    return out


@dataclass(frozen=True, slots=True)
class Model:
    detect_bias: float
    detect: dict[str, float]
    classes: tuple[str, ...]
    measure_bias: tuple[float, ...]
    measure: dict[str, tuple[float, ...]]
    meta: dict[str, Any]


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model (read once per process)."""
    raw = resources.files("supplyscreen.intel").joinpath(MODEL_FILE).read_bytes()
    return from_json(json.loads(gzip.decompress(raw)))


def from_json(d: dict[str, Any]) -> Model:
    return Model(float(d["detect"]["bias"]), {k: float(w) for k, w in d["detect"]["weights"].items()},
                 tuple(d["measure"]["classes"]), tuple(float(b) for b in d["measure"]["bias"]),
                 {k: tuple(float(x) for x in ws) for k, ws in d["measure"]["weights"].items()},
                 dict(d.get("meta", {})))


@lru_cache(maxsize=65536)
def restriction(text: str) -> float:
    """Probability that ``text`` states a restriction."""
    m = model()
    z = m.detect_bias + sum(m.detect.get(f, 0.0) * v for f, v in features(text).items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@lru_cache(maxsize=65536)
def measure_probs(text: str) -> dict[str, float]:
    """Probability of each measure in the vocabulary for a restriction sentence."""
    m = model()
    z = list(m.measure_bias)
    for f, v in features(text).items():
        ws = m.measure.get(f)
        if ws:
            for k, w in enumerate(ws):
                z[k] += w * v
    top = max(z)
    ex = [math.exp(x - top) for x in z]
    s = sum(ex)
    return {c: e / s for c, e in zip(m.classes, ex, strict=True)}


def cue(text: str) -> tuple[int, int] | None:
    """Where in ``text`` the model sees the restriction (the predicate, as evidence and as the anchor
    the actor is looked for around): the span of the characters whose n-grams weigh most, widened to
    the word in scripts with spaces. None when the sentence is not a restriction."""
    if restriction(text) < THRESHOLD:
        return None
    return _span(text)


def _span(text: str) -> tuple[int, int]:
    w = model().detect
    # Score the original characters so the span indexes ``text`` itself; per-character
    # normalisation keeps the n-grams the same as ``features`` for all but a few compatibility forms.
    low = [_DIGIT.sub("0", unicodedata.normalize("NFKC", ch).lower())[:1] or " " for ch in text]
    s = [0.0] * len(text)
    for n in NGRAMS:
        for i in range(len(low) - n + 1):
            g = "".join(low[i:i + n])
            wt = w.get(g, 0.0)
            if wt > 0:
                for k in range(i, i + n):
                    s[k] += wt / n
    if not s or max(s) <= 0:
        return 0, min(len(text), MAX_CUE)
    # In scripts with case the predicate is a lower-case word; a capitalised one is a name ("China"
    # in "China Mobile") whose n-grams the model may also weigh. Look among lower-case words first.
    cand = [k for k in range(len(s)) if s[k] > 0 and not _in_name(text, k)] or range(len(s))
    peak = max(cand, key=lambda k: (s[k], -k))
    a = b = peak
    while a > 0 and s[a - 1] >= PEAK_SHARE * s[peak] and b - a < MAX_CUE:
        a -= 1
    while b + 1 < len(s) and s[b + 1] >= PEAK_SHARE * s[peak] and b - a < MAX_CUE:
        b += 1
    if text[peak].isalpha() and ord(text[peak]) < 0x2E80:  # a spaced script: the whole word
        while a > 0 and text[a - 1].isalnum():
            a -= 1
        while b + 1 < len(text) and text[b + 1].isalnum():
            b += 1
    return a, b + 1


def _in_name(text: str, k: int) -> bool:
    """Whether character ``k`` is in a word that starts with a capital (Latin, Greek, Cyrillic)."""
    a = k
    while a > 0 and text[a - 1].isalnum():
        a -= 1
    return text[a].isupper()


def best_measure(texts: list[str]) -> tuple[str, float, str]:
    """The measure a group of restriction sentences states: their measure distributions averaged,
    each weighted by how surely it is a restriction (a sentence that only names the firm says little
    about the instrument); with the sentence that supports it best."""
    if not texts:
        return "unknown", 0.0, ""
    total: dict[str, float] = {}
    weight = 0.0
    for t in texts:
        r = restriction(t)
        for c, p in measure_probs(t).items():
            total[c] = total.get(c, 0.0) + r * p
        weight += r
    if weight <= 0:
        return "unknown", 0.0, texts[0]
    best = max(sorted(total), key=lambda c: total[c])
    quote = max(texts, key=lambda t: (restriction(t) * measure_probs(t)[best], -texts.index(t)))
    # Sure enough when one restriction sentence names it clearly (its own probability), however
    # many sentences of the group only repeat the firm's name.
    return best, measure_probs(quote)[best], quote
