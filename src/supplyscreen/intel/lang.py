"""Language identification by script, then by character n-grams: no model download, deterministic.

CJK, Korean and Cyrillic are told by their script. Latin-script languages by a naive Bayes sum of
their character n-gram profiles (``lang-profiles.json.gz``, built by ``python -m
supplyscreen.intel.build_lang`` from the project's corpus and the CLDR names babel ships): a
profile sees the function words and spelling of every language it has ("het", "niet", "nie",
"się", "och"), where a stop-word list knew only the languages it was typed for (Dutch read as
Spanish, Polish as nothing). Besides the nine languages of the corpus, 19 more are profiled from the
CLDR alone (``build_lang.CLDR_ONLY``), so a Hungarian or Turkish report is not taken for Dutch and
given the Netherlands' government; a text in a script none of this knows is ``und`` (no home).
Good enough to route a report, not a general language identifier.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from importlib import resources

PROFILES = "lang-profiles.json.gz"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Below this many words the guess is noise (a headline of names, "Huawei ZTE").
MIN_WORDS = 3
# The text read: enough n-grams for a sure call; a long article adds time, not certainty.
SAMPLE = 2000
# Languages told by their script (``detect``), not by an n-gram profile; Cyrillic is read as Russian.
SCRIPT_LANGUAGES = ("ja", "zh", "ko", "ru")
# Cyrillic read as Russian unless it writes a letter Russian has not: Ukrainian's і ї є ґ (Unicode
# Cyrillic block; a Ukrainian report read as Russian would place a bare "уряд" in Russia).
UKRAINIAN = re.compile(r"[\u0456\u0457\u0454\u0491]")
# Share of a Cyrillic text's letters that are Ukrainian-only: і alone is ~5% of running Ukrainian (the
# two Ukrainian reports of the news-unseen batches: 6.7% and 12.8%); 2% keeps a short Russian report
# quoting one Ukrainian name ("Київ": 1 letter in 86) Russian.
UKRAINIAN_SHARE = 0.02
# The n-gram profiles are of Latin-script languages: a text whose letters are mostly of another script
# the function above does not know (Greek, Arabic, Thai, Hebrew ...) is none of them — ``und``, not
# the Latin language whose floor is least bad (Greek, Arabic and Thai reports were read as Polish).
LATIN_SHARE = 0.5
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")


@lru_cache(maxsize=1)
def _profiles() -> tuple[tuple[int, ...], dict[str, float], dict[str, dict[str, float]]]:
    raw = resources.files("supplyscreen.intel").joinpath(PROFILES).read_bytes()
    d = json.loads(gzip.decompress(raw))
    return tuple(d["ngrams"]), d["floor"], d["profiles"]


def scores(text: str) -> dict[str, float]:
    """Each Latin-script language's log-likelihood of ``text`` (higher is likelier)."""
    ns, floor, profiles = _profiles()
    counts: dict[str, int] = {}
    # Each word counts once, and a word in capitals (an acronym: "ZTE", "NCC") not at all: names are
    # no language's words, and a report repeats its firm's name ("Huawei ... Huawei") more than any
    # word of its language, which let three names outvote a Dutch sentence for German.
    for w in dict.fromkeys(w.lower() for w in _WORD.findall(text[:SAMPLE]) if not (len(w) > 1 and w.isupper())):
        p = f" {w} "
        for n in ns:
            for i in range(len(p) - n + 1):
                g = p[i:i + n]
                counts[g] = counts.get(g, 0) + 1
    return {lang: sum(c * prof.get(g, floor[lang]) for g, c in counts.items())
            for lang, prof in sorted(profiles.items())}


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
        return "uk" if len(UKRAINIAN.findall(sample)) > UKRAINIAN_SHARE * cyr else "ru"
    if len(_LATIN.findall(sample)) < LATIN_SHARE * letters:
        return "und"
    if len(_WORD.findall(sample[:SAMPLE])) < MIN_WORDS:
        return "und"
    s = scores(sample)
    return max(s, key=lambda k: s[k])
