"""Denial wording per language, read from the ``denial`` frames of corpus/status-frames.yaml.

A restriction sentence that carries its language's denial wording ("ha smentito", "n'a pas
l'intention", "har inga planer", 「否认」) names the measure only to deny it: not a restriction. The
wording is the frames' own (written from the grammars their ``source`` names), not a list kept here:
the words of a language's denial frames that occur in none of its other frames, predicates or
attributions — so "non", "nicht", "démenti" count and "plans", "è", 计划 (also a `proposed` word) do
not. Chinese and Japanese have no spaces: their words are character pairs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from supplyscreen.datafile import read_yaml
from supplyscreen.intel import detect

CORPUS = Path(__file__).parent / "corpus"
FRAMES = CORPUS / "status-frames.yaml"
TEMPLATES = CORPUS / "templates.tsv"
_SLOT = re.compile(r"\{[A-Z]+\}")
_WORD = re.compile(r"\w+")
_UNSPACED = ("zh", "ja")
# Inflection without a stemmer: a sentence word matches a frame word when they share all but the
# last STEM_SLACK letters ("negou"/"nega", "descartó"/"descarta", "uppgifterna"/"uppgifter"), for
# frame words of at least STEM_MIN letters; shorter ones ("non", "no", "kein") must match whole.
STEM_SLACK = 2
# English, Japanese and Korean denials are read already (the detector's English denial templates,
# extract's post-verbal negation); their frame words left after the filters are function words
# ("reports", "would", 「と述べ」) that state restrictions as often.
HANDLED = frozenset({"en", "ja", "ko"})
STEM_MIN = 5


def _tokens(text: str, lang: str) -> set[str]:
    t = detect.normalise(text)
    if lang in _UNSPACED:
        chars = [c for c in t if c.isalnum()]
        return {a + b for a, b in pairwise(chars)}
    return set(_WORD.findall(t))


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    doc = read_yaml(FRAMES)
    positives = _positives()
    out: dict[str, frozenset[str]] = {}
    for lang, spec in doc.items():
        if lang == "source" or not isinstance(spec, dict) or "denial" not in spec:
            continue
        denial: set[str] = set()
        other: set[str] = set()
        for status, block in spec.items():
            if status == "predicates":
                texts = [v for p in block for k, v in p.items() if k != "measure"]
            elif status == "attributions":
                texts = list(block)
            else:
                texts = list(block["frames"])
            bag = denial if status == "denial" else other
            for t in texts:
                for piece in _SLOT.split(t):
                    bag |= _tokens(piece, lang)
        out[lang] = frozenset(denial - other - positives.get(lang, set()))
    return out


def _positives() -> dict[str, set[str]]:
    """The words of each language's restriction templates (label r): a word that states
    restrictions there ("that", "que", "il", 表示, "nicht" in "dürfen nicht mehr") is no denial."""
    out: dict[str, set[str]] = {}
    for line in TEMPLATES.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 4 or cols[0] != "r":
            continue
        out.setdefault(cols[2], set()).update(_tokens(_SLOT.sub(" ", cols[3]), cols[2]))
    return out


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


def _match(word: str, frame_word: str) -> bool:
    if word == frame_word:
        return True
    n = len(frame_word) - STEM_SLACK
    return len(frame_word) >= STEM_MIN and len(word) >= n and word[:n] == frame_word[:n]


def wording(text: str, lang: str) -> str | None:
    """The denial word of ``lang``'s frames found in ``text`` (the evidence), or None."""
    vocab = frozenset() if _base(lang) in HANDLED else _words().get(_base(lang), frozenset())
    if not vocab:
        return None
    for w in sorted(_tokens(text, _base(lang))):
        if any(_match(w, f) for f in vocab):
            return w
    return None
