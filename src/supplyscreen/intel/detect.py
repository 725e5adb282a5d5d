"""Learned detection of restriction sentences and of their measure.

Two linear models over the same features (``features``): character n-grams of the sentence (any
language, any script: no word lists per language, no tokeniser, no download) plus the rule cues of
``rules`` (the old trigger lexicon, negation, "despite the ban" framing, measure cues) as a handful of
extra features, so a hand cue can tip a close call but no longer decides alone.

- ``restriction(text)``: the probability that the sentence states a government restriction on a
  supplier (a ban, exclusion, removal order, listing, licence action, or an official warning);
- ``measure_probs(text)``: for such a sentence, a distribution over the measure vocabulary of
  ``measures.yaml``;
- ``status_probs(text)``: how far along the measure is (proposed, decided, in force, reversed, or only
  reported), over the statuses of ``measures.yaml``.

Measure and status are read from the *predicate clause* (``predicate``): the words around where the
detector sees the restriction, not the whole sentence, so a background clause ("after Australia
barred it from 5G") does not name the article's measure. Negation and hedging ("denied plans to",
"no plans", 「禁止する方針はない」) are learned from the corpus's negative templates, with the rule cues
as features; ``decide_measure`` and ``decide_status`` return the label with its probability, the
phrase that weighs most for it and a sentence saying so.

The weights are in ``detect_model.npz`` (package data), written by
``python -m supplyscreen.intel.train`` from the project's own corpus (see that module); the file
records when and from what it was built. Scoring needs no scikit-learn, which only training needs:
the model is a dictionary from n-gram to weight, stored as NumPy arrays (feature names as one
NUL-joined UTF-8 run, weights as float64 matrices, ``meta`` as JSON) because parsing the same weights
as 6 MB of JSON cost ~0.6 s of every ``intel`` run's start-up, against ~0.1 s for the arrays.
"""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata
from collections.abc import Callable, Container
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from supplyscreen.intel import objects

MODEL_FILE = "detect_model.npz"
HAN_VARIANTS = "han-variants.yaml"
# Character n-gram lengths: 2 catches two-character CJK words (禁止, 排除), 5 an English stem with its
# space ("revok", " bann"); longer adds size more than accuracy.
NGRAMS = (2, 3, 4, 5)
# A rule cue counts as much as this many n-grams: enough for "licence conditions" to name its
# measure, too little for the lexicon alone to make a sentence a restriction (the n-grams decide).
CUE_SCALE = 4.0
# A sentence is a restriction when the model is at least this sure (the logistic midpoint: the
# training classes are weighted to balance, so 0.5 is the unbiased cut).
THRESHOLD = 0.5
# Below this probability no measure is named ("unknown"): in a 3-fold check split by template
# (``python -m supplyscreen.intel.train --check``: wordings never seen in training) predictions at or
# above it were right 75% of the time against 69% for all, and it keeps 85% of sentences.
MEASURE_MIN = 0.35
# The weight of the declared frame (objects.py: the predicate's kind over its object class) against
# the learned model in a sentence's measure: over one half, so a clause whose instrument and object
# the table pairs names that measure however its topic words lean (the model's own probability
# still sets how sure, and the group's other sentences still vote); under one, so a model sure of
# another measure keeps a share. On the measure batches (benchmarks/README.md, intel-measure9) 0.6
# and 0.7 decided the same labels.
FRAME_WEIGHT = 0.6
# Below this probability the status stays ``reported`` (the contract has no unknown status, and
# "reported" claims nothing beyond the report). In the same check statuses were right 80% of the
# time and nearly all at 0.3 or more: with five classes (chance 0.2) the floor only catches near-ties.
STATUS_MIN = 0.3
# The status a report states when it names no other (see ``decide_status``).
UNMARKED_STATUS = "decided"
# A marked status (proposed, in force, reversed, reported) stated by one restriction sentence at this
# probability or more decides the group's status: a clear majority of a five-way choice.
MARKED_MIN = 0.6
# The predicate clause: this many characters either side of the detected cue (about ten words:
# a lead's subject, verb and object, short of a second clause in most report sentences).
PREDICATE_REACH = 100
# The predicate window shown as evidence: characters scoring at least this share of the peak.
PEAK_SHARE = 0.5
# Longest evidence cue in characters (a CJK verb phrase; a Latin word is cut at its boundaries).
MAX_CUE = 16
# Numbers are not evidence of a restriction ("60 days", "2027"): one shape for every digit.
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s+")
_END = re.compile(r"[.。!?！？]+$")


@lru_cache(maxsize=1)
def _han_fold() -> dict[int, str]:
    """Traditional (and Japanese) Han forms to simplified, one character for one (``han-variants.yaml``,
    from the CLDR): 不得採購 and 不得采购 are one wording, learned once."""
    from supplyscreen.datafile import parse_yaml

    raw = resources.files("supplyscreen.intel").joinpath(HAN_VARIANTS).read_text(encoding="utf-8")
    fold = parse_yaml(raw).get("fold") or {}
    return str.maketrans({str(k): str(v) for k, v in fold.items() if len(str(k)) == len(str(v)) == 1})


def _fold_char(ch: str) -> str:
    """One character as ``normalise`` reads it (without the closing stop and space runs), one or none."""
    return _DIGIT.sub("0", unicodedata.normalize("NFKC", ch).lower().translate(_han_fold()))[:1]


def folded(text: str) -> str:
    """``text`` read as ``normalise`` reads it, one character for one (a character NFKC drops becomes
    a space): offsets into it are offsets into ``text``."""
    return "".join(_fold_char(ch) or " " for ch in text)


def normalise(text: str) -> str:
    """The form n-grams are taken from: NFKC (full-width letters to ASCII), lower case, Han variants
    folded to simplified, digits as 0, runs of space as one, no closing full stop; the length may
    differ from ``text`` (see ``_span``)."""
    t = unicodedata.normalize("NFKC", text).lower().translate(_han_fold())
    # The closing full stop says nothing about a restriction, yet headlines (the positives' leads)
    # lack it and body sentences (most negatives) have it: left in, it becomes a cue.
    return _END.sub("", _SPACE.sub(" ", _DIGIT.sub("0", t)).strip())


def cue_features(text: str) -> list[str]:
    """The rule cues that fire on ``text`` or on its Han-folded form, as feature names (the patterns
    are written in simplified Chinese and in Japanese forms: 採購 must meet 采购, and 調達 its own)."""
    text = _SPACE.sub(" ", text).strip()  # the patterns are written with single spaces
    folded = text.translate(_han_fold())
    if folded == text:
        return _cues(text)
    return sorted(set(_cues(text)) | set(_cues(folded)))


def _cues(text: str) -> list[str]:
    from supplyscreen.intel import rules

    out = ["cue:trigger"] if rules.rule_trigger(text) is not None else []
    flags = (("negated", rules.NEGATED), ("passing", rules.PASSING), ("opinion", rules.OPINION))
    out += [f"cue:{name}" for name, rx in flags if rx.search(text)]
    out += [f"cue:{m.value}" for m, _, rx in rules.MEASURE_CUES if rx.search(text)]
    out += sorted({f"cue:status:{st.value}" for st, rx in rules.STATUS_CUES if rx.search(text)})
    hedges = (("reported", rules.REPORTED), ("tentative", rules.TENTATIVE), ("denial", rules.DENIAL))
    out += [f"cue:{name}" for name, rx in hedges if rx.search(text)]
    return out


def features(text: str, keep: Container[str] | None = None) -> dict[str, float]:
    """Binary features of one sentence, scaled to unit length (long sentences do not win by size).

    With ``keep``, only those features, scaled over themselves: the status model reads only status
    wording, and a sentence with many topic words must not dilute it (see ``status_probs``)."""
    t = f" {normalise(text)} "
    grams = {t[i:i + n] for n in NGRAMS for i in range(len(t) - n + 1)}
    cues = cue_features(text)
    if keep is not None:
        grams = {g for g in grams if g in keep}
        cues = [c for c in cues if c in keep]
    if not grams and (keep is None or not cues):
        return {}
    v = 1.0 / math.sqrt(max(1, len(grams)))
    out = dict.fromkeys(sorted(grams), v)
    out.update(dict.fromkeys(cues, CUE_SCALE * v))
    return out


@dataclass(frozen=True, slots=True, eq=False)  # compared by identity: hashable, for the phrase cache
class Linear:
    """A multinomial logistic model: one weight per class for each feature."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def probs(self, feats: dict[str, float]) -> dict[str, float]:
        z = list(self.bias)
        for f, v in feats.items():
            ws = self.weights.get(f)
            if ws:
                for k, w in enumerate(ws):
                    z[k] += w * v
        top = max(z)
        ex = [math.exp(x - top) for x in z]
        s = sum(ex)
        return {c: e / s for c, e in zip(self.classes, ex, strict=True)}

    def weight(self, feature: str, cls: str) -> float:
        """How much ``feature`` speaks for ``cls`` over the other classes (its weight minus their mean)."""
        ws = self.weights.get(feature)
        if not ws:
            return 0.0
        k = self.classes.index(cls)
        return ws[k] - (sum(ws) - ws[k]) / max(1, len(ws) - 1)


@dataclass(frozen=True, slots=True)
class Model:
    detect_bias: float
    detect: dict[str, float]
    measure: Linear
    status: Linear
    meta: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Decision:
    """A measure or status with what it was read from: the sentence, the phrase in it that weighs most
    for the label, the model's probability, and a sentence for a person."""

    label: str
    p: float
    quote: str
    phrase: str
    reason: str
    dist: tuple[tuple[str, float], ...] = ()
    """Every label's probability over the group, each sentence weighted by how surely it states a
    restriction: what an event that merges several reports votes with (one report's label alone
    would drop how sure it was and what else it might be)."""


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model (read once per process)."""
    return from_arrays(resources.files("supplyscreen.intel").joinpath(MODEL_FILE).read_bytes())


# The model as arrays: the dictionary of ``train.build`` (``{"detect": {"bias", "weights"}, "measure":
# {"classes", "bias", "weights"}, "status": …, "meta"}``) with every part a plain array, so the file
# loads with ``allow_pickle=False`` (no code runs on reading it).
_PARTS = ("detect", "measure", "status")
_SEP = "\0"  # not in any feature: features are folded text (no control characters) and cue names


def _words(a: Any) -> list[str]:
    text = bytes(a.tobytes()).decode("utf-8")
    return text.split(_SEP) if text else []


def _run(words: list[str]) -> Any:
    import numpy as np

    return np.frombuffer(_SEP.join(words).encode("utf-8"), dtype=np.uint8)


def to_arrays(d: dict[str, Any]) -> bytes:
    """The model dictionary as the bytes of an ``.npz`` file: the same dictionary gives the same bytes
    (entries in a fixed order with a fixed time stamp, weights in sorted feature order)."""
    import zipfile

    import numpy as np

    arrays: dict[str, Any] = {"meta": _run([json.dumps(d.get("meta", {}), sort_keys=True, ensure_ascii=False)])}
    for part in _PARTS:
        names = sorted(d[part]["weights"])
        arrays[f"{part}.features"] = _run(names)
        arrays[f"{part}.weights"] = np.array([d[part]["weights"][n] for n in names], dtype=np.float64)
        arrays[f"{part}.bias"] = np.array(d[part]["bias"], dtype=np.float64).reshape(-1)
        if part != "detect":
            arrays[f"{part}.classes"] = _run(list(d[part]["classes"]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, a in arrays.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(a), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, buf.getvalue())
    return out.getvalue()


def from_arrays(raw: bytes) -> Model:
    import numpy as np

    with np.load(io.BytesIO(raw), allow_pickle=False) as z:
        a = {k: z[k] for k in z.files}

    def linear(part: str) -> Linear:
        rows = map(tuple, a[f"{part}.weights"].tolist())
        return Linear(tuple(_words(a[f"{part}.classes"])), tuple(a[f"{part}.bias"].tolist()),
                      dict(zip(_words(a[f"{part}.features"]), rows, strict=True)))

    detect_weights = dict(zip(_words(a["detect.features"]), a["detect.weights"].tolist(), strict=True))
    return Model(float(a["detect.bias"][0]), detect_weights, linear("measure"), linear("status"),
                 json.loads(_words(a["meta"])[0]))


@lru_cache(maxsize=65536)
def restriction(text: str) -> float:
    """Probability that ``text`` states a restriction."""
    m = model()
    z = m.detect_bias + sum(m.detect.get(f, 0.0) * v for f, v in features(text).items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def predicate_span(text: str, weights: Callable[[str], float | None] | None = None) -> tuple[int, int]:
    """The predicate clause of ``text``: PREDICATE_REACH characters either side of the cue the
    detector (or ``weights``) sees, widened to whole words in spaced scripts."""
    a, b = _span(text, weights) if weights is not None else _detector_span(text)
    a, b = max(0, a - PREDICATE_REACH), min(len(text), b + PREDICATE_REACH)
    while a > 0 and text[a - 1].isalnum() and ord(text[a - 1]) < 0x2E80:
        a -= 1
    while b < len(text) and text[b].isalnum() and ord(text[b]) < 0x2E80:
        b += 1
    return a, b


def predicate(text: str, weights: Callable[[str], float | None] | None = None) -> str:
    a, b = predicate_span(text, weights)
    return text[a:b]


@lru_cache(maxsize=65536)
def measure_probs(text: str) -> dict[str, float]:
    """Probability of each measure in the vocabulary, read from the sentence's predicate clause: the
    learned model's, and where the clause pairs a declared predicate kind with an object class
    (``objects.frame``: "recommended … network cores", "blocked … acquisition"), that frame's
    measure weighed in at FRAME_WEIGHT."""
    clause = predicate(text)
    probs = model().measure.probs(features(clause))
    f = objects.frame(clause)
    if f is None or f.measure not in probs:
        return probs
    return {c: (1.0 - FRAME_WEIGHT) * p + FRAME_WEIGHT * (c == f.measure) for c, p in probs.items()}


@lru_cache(maxsize=65536)
def status_probs(text: str) -> dict[str, float]:
    """Probability of each status, read from the sentence's predicate clause: from its status
    wording only (the features the status model has a weight for; ``train.status_vocabulary``), so
    neither a topic word nor the number of them can decide the status."""
    lin = model().status
    return lin.probs(features(predicate(text), lin.weights))


def cue(text: str) -> tuple[int, int] | None:
    """Where in ``text`` the model sees the restriction (the predicate, as evidence and as the anchor
    the actor is looked for around): the span of the characters whose n-grams weigh most, widened to
    the word in scripts with spaces. None when the sentence is not a restriction."""
    if restriction(text) < THRESHOLD:
        return None
    return _detector_span(text)


@lru_cache(maxsize=65536)
def _detector_span(text: str) -> tuple[int, int]:
    """``_span`` by the detector's weights, once per sentence (the cue, the predicate clause)."""
    return _span(text)


def _span(text: str, weights: Callable[[str], float | None] | None = None) -> tuple[int, int]:
    """The characters whose n-grams weigh most by ``weights`` (default: the detector's)."""
    if weights is None:
        detect_w = model().detect
        weights = detect_w.get  # the detector's weight of an n-gram, None when it has none
    weigh = weights
    # Score the original characters so the span indexes ``text`` itself; per-character
    # normalisation keeps the n-grams the same as ``features`` for all but a few compatibility forms.
    low = list(folded(text))
    s = [0.0] * len(text)
    for n in NGRAMS:
        for i in range(len(low) - n + 1):
            g = "".join(low[i:i + n])
            wt = weigh(g) or 0.0
            if wt > 0:
                for k in range(i, i + n):
                    s[k] += wt / n
    if not s or max(s) <= 0:
        return 0, min(len(text), MAX_CUE)
    # In scripts with case the predicate is a lower-case word; a capitalised one is a name ("China"
    # in "China Mobile") whose n-grams the model may also weigh. Look among lower-case words first.
    named = _in_names(text)
    cand = [k for k in range(len(s)) if s[k] > 0 and not named[k]] or range(len(s))
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


def _in_names(text: str) -> list[bool]:
    """For each character, whether it is in a word that starts with a capital (Latin, Greek,
    Cyrillic): one pass, so a long run of letters costs no more than a short one."""
    out = [False] * len(text)
    cap = False
    for k, ch in enumerate(text):
        if ch.isalnum():
            if k == 0 or not text[k - 1].isalnum():
                cap = ch.isupper()
            out[k] = cap
    return out


def best_measure(texts: list[str]) -> tuple[str, float, str]:
    """The measure a group of restriction sentences states, its probability and the sentence that
    supports it best (``decide_measure`` without the reason)."""
    d = decide_measure(texts)
    return d.label, d.p, d.quote


def decide_measure(texts: list[str]) -> Decision:
    """The measure a group of restriction sentences states: their measure distributions averaged,
    each weighted by how surely it is a restriction (a sentence that only names the firm says little
    about the instrument); ``unknown`` below MEASURE_MIN."""
    return _decide(texts, measure_probs, model().measure, MEASURE_MIN, "unknown", "measure")


def decide_status(texts: list[str]) -> Decision:
    """How far along the measure the sentences say it is; ``reported`` below STATUS_MIN.

    ``decided`` is the unmarked status (a report's plain past tense); the others are marked by their
    own words ("plans to", "took effect", "lifted"), which one restriction sentence is enough to
    state: a sentence of the group that states a marked status at MARKED_MIN or more decides it,
    though its neighbours read as plainly decided ("Rules kick in today" over a lead that says
    what the rules are)."""
    lin = model().status
    marked = [(status_probs(t)[c] * (restriction(t) >= THRESHOLD), -k, c, t)
              for k, t in enumerate(texts) for c in lin.classes if c != UNMARKED_STATUS]
    p, _, c, t = max(marked, default=(0.0, 0, "", ""))
    if p >= MARKED_MIN:
        phrase = _phrase(t, lin, c)
        return Decision(c, p, t, phrase, f"status {c} ({p:.2f}) from \u201c{phrase}\u201d")
    return _decide(texts, status_probs, lin, STATUS_MIN, "reported", "status")


def _decide(texts: list[str], probs: Callable[[str], dict[str, float]], lin: Linear, floor: float,
            fallback: str, what: str) -> Decision:
    if not texts:
        return Decision(fallback, 0.0, "", "", f"{what} {fallback}: no sentence states a restriction")
    total: dict[str, float] = {}
    weight = 0.0
    for t in texts:
        r = restriction(t)
        for c, p in probs(t).items():
            total[c] = total.get(c, 0.0) + r * p
        weight += r
    if weight <= 0:
        return Decision(fallback, 0.0, texts[0], "", f"{what} {fallback}: no sentence states a restriction")
    best = max(sorted(total), key=lambda c: total[c])
    dist = tuple((c, total[c] / weight) for c in sorted(total))
    quote = max(texts, key=lambda t: (restriction(t) * probs(t)[best], -texts.index(t)))
    # Sure enough when one restriction sentence names it clearly (its own probability), however
    # many sentences of the group only repeat the firm's name.
    p = probs(quote)[best]
    phrase = _phrase(quote, lin, best)
    f = objects.frame(predicate(quote)) if what == "measure" else None
    if f is not None and f.measure == best:
        phrase = f.kind_words  # the instrument's words: what the label was read from
        if p >= floor:
            return Decision(best, p, quote, phrase, f"{what} {best} ({p:.2f}) from {f.reason}", dist)
    if p < floor:
        return Decision(fallback, p, quote, phrase,
                        f"{what} {fallback}: the likeliest, {best}, has only {p:.2f} (< {floor}) "
                        f"from \u201c{phrase}\u201d", dist)
    return Decision(best, p, quote, phrase, f"{what} {best} ({p:.2f}) from \u201c{phrase}\u201d", dist)


@lru_cache(maxsize=4096)
def _phrase(text: str, lin: Linear, cls: str) -> str:
    """The words of ``text``'s predicate clause whose n-grams speak most for ``cls``."""
    a, b = predicate_span(text)
    clause = text[a:b]
    x, y = _span(clause, lambda g: lin.weight(g, cls))
    return clause[x:y].strip()
