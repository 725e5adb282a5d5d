"""Build the character n-gram profiles of ``lang.py`` (``lang-profiles.json.gz``) from data.

    python -m supplyscreen.intel.build_lang

Two sources per language, both already in the project's install (no download):

1. the project's own corpus (``corpus/templates.tsv``, ``corpus/measure-frames.yaml``,
   ``corpus/status-frames.yaml``, ``corpus/fillers.yaml``): the sentences of restriction news it was
   written in, with their function words ("de", "het", "nie", "och") — what tells Dutch from Spanish;
2. the Unicode CLDR as babel ships it: each language's own names of territories, languages, scripts,
   currencies, months and days (its spelling: "ij", "sz", "ção", "å") and its phrases (relative
   dates, list joiners, times of day, unit patterns: "for {0} år siden", "{0} og {1}"), where its
   function words are. Languages the corpus has no sentences in (``CLDR_ONLY``) are profiled from
   this source alone, so that a Hungarian or Turkish report is told as such, not as Dutch.

Each language's profile is its PROFILE_SIZE most frequent n-grams (1 to 3 characters of lower-case
words padded with a space) with their smoothed log frequency; ``lang.detect`` sums them over a text
(naive Bayes). Deterministic: sorted inputs, counts rounded; the same inputs give the same file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
from collections.abc import Mapping
from pathlib import Path

from supplyscreen.datafile import read_yaml

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
OUT = HERE / "lang-profiles.json.gz"
# The languages told apart by their words (Latin script); CJK, Korean and Cyrillic are told by script.
LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "sv", "nl", "pl")
# Latin-script languages the corpus has no sentences in, profiled from the CLDR alone so that their
# reports are told for what they are instead of for the nearest of the nine (Hungarian and Turkish
# were read as Dutch, Danish as Swedish, Catalan as Spanish: issue #17 item 7).
CLDR_ONLY = ("cs", "sk", "hu", "tr", "fi", "et", "ro", "hr", "sl", "lt", "lv", "da", "nb", "is",
             "ca", "id", "ms", "vi")
PROFILED = (*LANGUAGES, *CLDR_ONLY)
# N-grams kept per language: 1,500 told every Latin-script report of the benchmark batches' language
# columns right (696 of 696, as 3,000 did) and loads in ~35 ms on a busy two-core machine (3,000: ~75 ms;
# the start-up budget is 50 ms).
PROFILE_SIZE = 1500
NGRAMS = (1, 2, 3)
# CLDR name lists are long and made of proper nouns; they count this much next to corpus text, so the
# corpus's function words decide and CLDR adds the spelling of languages the corpus has little of.
CLDR_WEIGHT = 0.5
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SLOT = re.compile(r"\{[A-Z]+\}")
# CLDR keys of phrases in the language (babel's locale data), read next to its names.
# Measured on benchmarks/lang-unseen10 (intel-lang10): names alone 16/22, with date_fields,
# list_patterns, day_periods and measurement_systems 18/22 (and Dutch no longer read as German),
# with unit_patterns too 19/22; unit_display_names or meta_zones instead cost a Danish or a Dutch text.
PHRASES = ("date_fields", "list_patterns", "day_periods", "measurement_systems", "unit_patterns")


def grams(text: str) -> list[str]:
    """The n-grams ``lang.detect`` reads: of each lower-case word padded with a space."""
    out = []
    for w in _WORD.findall(text.lower()):
        p = f" {w} "
        out += [p[i:i + n] for n in NGRAMS for i in range(len(p) - n + 1)]
    return out


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, Mapping):
        return [s for k in sorted(node, key=str) for s in _strings(node[k])]
    if isinstance(node, list):
        return [s for x in node for s in _strings(x)]
    return []


def corpus_texts(corpus: Path = CORPUS) -> dict[str, list[str]]:
    """Per language, the corpus's sentences (slots removed)."""
    out: dict[str, list[str]] = {k: [] for k in LANGUAGES}
    for line in (corpus / "templates.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if not line.startswith("#") and len(cols) >= 4 and cols[2] in out:
            out[cols[2]].append(_SLOT.sub(" ", cols[3]))
    for name in ("measure-frames.yaml", "status-frames.yaml", "fillers.yaml"):
        doc = read_yaml(corpus / name)
        for lang in LANGUAGES:
            out[lang] += [_SLOT.sub(" ", s) for s in _strings(doc.get(lang))]
    return out


def cldr_texts() -> tuple[dict[str, list[str]], str]:
    """Per language, its own CLDR names (babel), and the data's version for the file's source."""
    import babel
    from babel import Locale

    out: dict[str, list[str]] = {}
    for lang in PROFILED:
        loc = Locale.parse(lang)
        names = [*loc.territories.values(), *loc.languages.values(), *loc.scripts.values(),
                 *loc.currencies.values()]
        for width in ("wide",):
            names += list(loc.months["format"][width].values()) + list(loc.days["format"][width].values())
        # The CLDR's phrases, not only its names: relative dates ("for {0} år siden", "i går"), list
        # joiners ("{0} og {1}"), times of day ("om morgenen"), measurement systems — where its
        # function words are, which the names lack (Danish was read as Swedish, Catalan as Spanish).
        names += [x for key in PHRASES for x in _strings(loc._data.get(key))]
        out[lang] = sorted(set(names))
    return out, f"Unicode CLDR via babel {babel.__version__}"


def build(corpus: Path = CORPUS) -> dict[str, object]:
    texts = corpus_texts(corpus)
    cldr, version = cldr_texts()
    profiles: dict[str, dict[str, float]] = {}
    floor: dict[str, float] = {}
    for lang in PROFILED:
        counts: dict[str, float] = {}  # corpus n-grams count 1 each, CLDR names' CLDR_WEIGHT
        for t in texts.get(lang, []):
            for g in grams(t):
                counts[g] = counts.get(g, 0.0) + 1.0
        for t in cldr[lang]:
            for g in grams(t):
                counts[g] = counts.get(g, 0.0) + CLDR_WEIGHT
        top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:PROFILE_SIZE]
        total = sum(counts.values())
        # Add-one smoothing over the kept n-grams; an n-gram outside the profile gets the floor.
        denom = total + PROFILE_SIZE
        profiles[lang] = {g: round(math.log((c + 1) / denom), 3) for g, c in top}
        floor[lang] = round(math.log(0.5 / denom), 3)
    return {"source": f"python -m supplyscreen.intel.build_lang: the corpus of supplyscreen/intel/corpus and "
                      f"{version} (territory, language, script, currency, month and day names; "
                      f"{', '.join(PHRASES)})",
            "ngrams": list(NGRAMS), "floor": floor, "profiles": profiles}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    data = json.dumps(build(), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    args.out.write_bytes(gzip.compress(data, mtime=0))
    print(f"{args.out}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
