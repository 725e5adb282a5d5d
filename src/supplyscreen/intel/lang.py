"""Language identification by script and stop words: no model, no download, deterministic.

Good enough to route a report (English rules, Spanish rules, keep the rest) — not a general
language identifier.
"""

from __future__ import annotations

import re

STOPWORDS = {
    "en": "the of and to in is that for on with as by was from has have are its it will be said".split(),
    "es": "el la los las de del y en que por para con una un es se su al lo como más según".split(),
    "fr": "le la les des du et en que pour avec une un est se sur au dans pas qui selon".split(),
    "de": "der die das und ist nicht mit den dem von zu ein eine auf für sich des im".split(),
    "pt": "o a os as de do da e em que para com uma um é se não mais ao pelo pela".split(),
    "it": "il la le di e che per con una un è non del della nel al sono".split(),
    # Swedish words Danish and Norwegian spell otherwise (og, er, ikke, af/av, et, til, fra, også).
    "sv": "och är inte ett till från också enligt eller där ska sina vid efter".split(),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Below this many stop-word hits the guess is noise (a headline, a list of names).
MIN_HITS = 3


def detect(text: str) -> str:
    """ISO 639-1 code of ``text``'s language, or ``und``."""
    sample = text[:5000]
    kana = len(re.findall(r"[\u3040-\u30ff]", sample))
    han = len(re.findall(r"[\u4e00-\u9fff]", sample))
    hangul = len(re.findall(r"[\uac00-\ud7af]", sample))
    cyr = len(re.findall(r"[\u0400-\u04ff]", sample))
    letters = max(1, len(re.findall(r"\w", sample)))
    if kana > 0.05 * letters:
        return "ja"
    if han > 0.2 * letters:
        return "zh"
    if hangul > 0.2 * letters:
        return "ko"
    if cyr > 0.3 * letters:
        return "ru"
    words = [w.lower() for w in _WORD.findall(sample)]
    sets = {k: set(v) for k, v in STOPWORDS.items()}
    hits = {k: sum(w in s for w in words) for k, s in sets.items()}
    best = max(hits, key=lambda k: hits[k])
    return best if hits[best] >= MIN_HITS else "und"
