"""Turn a company name in any script into comparable tokens.

Steps, each a small pure function: Unicode NFKC and case folding; Chinese and Japanese legal
forms removed even when attached to the name; Han words mapped to English or to pinyin (pypinyin)
so 华为, 華為 and Huawei meet; Cyrillic transliterated so Лаборатория Касперского meets
Laboratoriya Kasperskogo; punctuation dropped; dotted or spaced acronyms joined (Z.T.E. -> zte);
abbreviations expanded (TECH -> technology); legal forms in many languages removed. The result
keeps each token's class (distinctive, generic, place) for the scorer.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from supplyscreen.matching.vocabulary import (
    ABBREVIATIONS,
    CJK_LEGAL_FORMS,
    GENERIC,
    HAN_WORDS,
    JA_WORDS,
    LEGAL_FORMS,
    PLACES,
    STOPWORDS,
)


class Kind(Enum):
    DISTINCT = "distinct"
    GENERIC = "generic"
    PLACE = "place"


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    kind: Kind


@dataclass(frozen=True, slots=True)
class Normalised:
    """A name ready for comparison."""

    tokens: tuple[Token, ...]
    legal: tuple[str, ...]
    """Legal forms that were removed, for the explanation."""
    key: str = field(init=False, repr=False, compare=False)
    """All tokens joined: equal keys mean the same name up to form and legal suffix (kept, since
    the matcher compares it for every candidate)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", " ".join(t.text for t in self.tokens))

    @property
    def distinct(self) -> tuple[str, ...]:
        return tuple(t.text for t in self.tokens if t.kind is Kind.DISTINCT)


_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "_", "y", "_", "e", "yu", "ya", "i", "i", "e", "g"],
        strict=True,
    )
)
_CYRILLIC["ъ"] = ""
_CYRILLIC["ь"] = ""

# Control and format characters (Unicode categories Cc and Cf) that spreadsheets and scrapers leave in.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")
_CYR = re.compile(r"[\u0400-\u04ff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
# Kana are word letters, but the katakana middle dot (・, U+30FB) separates words like a space:
# ファーウェイ・ジャパン is two words.
_SPLIT = re.compile(r"[^\w\u3040-\u30fa\u30fc-\u30ff]+|_")
_DOTTED_ACRONYM = re.compile(r"\b(?:[a-z]\.){2,}[a-z]?\b\.?")
_APOSTROPHE = re.compile(r"['’`´]")


def fold(text: str) -> str:
    """NFKC, case folding, control characters and quotes removed."""
    text = unicodedata.normalize("NFKC", text)
    return _CONTROL.sub(" ", text).casefold()


def _strip_cjk_legal(text: str) -> tuple[str, list[str]]:
    removed = []
    for form in CJK_LEGAL_FORMS:
        if form in text:
            removed.append(form)
            text = text.replace(form, " ")
    return text, removed


def _han_run(run: str) -> list[str]:
    """Segment a run of Han characters: known words to English, the rest to joined pinyin."""
    out: list[str] = []
    pending = ""
    i = 0
    table = HAN_WORDS
    longest = max(len(k) for k in table)
    while i < len(run):
        for size in range(min(longest, len(run) - i), 1, -1):
            word = run[i : i + size]
            if word in table:
                if pending:
                    out.append(_pinyin(pending))
                    pending = ""
                out.extend(table[word].split())
                i += size
                break
        else:
            pending += run[i]
            i += 1
    if pending:
        out.append(_pinyin(pending))
    return out


def pinyin_version() -> bytes:
    """What decides :func:`_pinyin`'s output, for the keys of cached artefacts built with it:
    pypinyin's ``__init__`` (it holds ``__version__``; read, not imported, which would load its
    dictionaries) and the Unicode version of ``unicodedata``."""
    spec = importlib.util.find_spec("pypinyin")
    origin = spec.origin if spec is not None else None
    own = hashlib.sha256(Path(origin).read_bytes()).digest() if origin else b"no pypinyin"
    return own + unicodedata.unidata_version.encode()


@lru_cache(maxsize=65536)
def _pinyin(han: str) -> str:
    # Imported on first Han text: pypinyin's dictionaries take ~0.3 s to load (-X importtime), paid
    # by every command run before, though most inputs hold no Han at all.
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(han, style=Style.NORMAL, errors="ignore"))


def _script_words(text: str) -> str:
    """Rewrite Han runs, known Japanese words and Cyrillic into space-separated Latin words."""
    if _KANA.search(text):
        for word, repl in sorted(JA_WORDS.items(), key=lambda kv: -len(kv[0])):
            text = text.replace(word, f" {repl} ")
    if _HAN.search(text):
        parts: list[str] = []
        run = ""
        for ch in text:
            if _HAN.match(ch):
                run += ch
                continue
            if run:
                parts.append(" " + " ".join(_han_run(run)) + " ")
                run = ""
            parts.append(ch)
        if run:
            parts.append(" " + " ".join(_han_run(run)) + " ")
        text = "".join(parts)
    if _CYR.search(text):
        text = "".join(_CYRILLIC.get(ch, ch) for ch in text)
    return text


def _join_acronyms(words: list[str]) -> list[str]:
    """Join runs of single letters: Z T E -> zte (Z.T.E. is already joined by then)."""
    out: list[str] = []
    run: list[str] = []
    for w in words:
        if len(w) == 1 and w.isascii() and w.isalpha():
            run.append(w)
            continue
        if run:
            out.append("".join(run) if len(run) > 1 else run[0])
            run = []
        out.append(w)
    if run:
        out.append("".join(run) if len(run) > 1 else run[0])
    return out


_LEGAL_SEQS = sorted({tuple(f.split()) for f in LEGAL_FORMS}, key=len, reverse=True)
_MAX_LEGAL = max(len(s) for s in _LEGAL_SEQS)
_LEGAL_SET = set(_LEGAL_SEQS)
_LEGAL_FIRST = {s[0] for s in _LEGAL_SEQS}


def _strip_legal(words: list[str]) -> tuple[list[str], list[str]]:
    """Remove legal-form word sequences anywhere except when they are the whole name."""
    out: list[str] = []
    removed: list[str] = []
    i = 0
    while i < len(words):
        if words[i] not in _LEGAL_FIRST:
            out.append(words[i])
            i += 1
            continue
        for size in range(min(_MAX_LEGAL, len(words) - i), 0, -1):
            seq = tuple(words[i : i + size])
            if seq in _LEGAL_SET:
                removed.append(" ".join(seq))
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    if not out:  # a name that is only a legal form ("The Company") keeps its words
        return words, []
    return out, removed


class Aspect(Enum):
    """What the normaliser sets aside, in the order it does so (see ``form``)."""

    CASE = "case"
    PUNCTUATION = "punctuation"
    SCRIPT = "script"
    LEGAL = "legal forms"
    WORDING = "abbreviations and small words"


def _pipeline(text: str, upto: Aspect) -> tuple[list[str], list[str]]:
    """The words of ``text`` after the normaliser's steps up to ``upto``, and the legal forms removed.

    One pipeline, so each step's effect can be shown on its own (``form``) and the full run
    (``upto=Aspect.WORDING``) is exactly ``words``.
    """
    level = _LEVEL[upto]
    text = fold(text)
    cjk_legal: list[str] = []
    if level >= _LEVEL[Aspect.LEGAL]:
        text, cjk_legal = _strip_cjk_legal(text)
    if level >= _LEVEL[Aspect.SCRIPT]:
        text = _script_words(text)
    text = _APOSTROPHE.sub("", text)
    text = _DOTTED_ACRONYM.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    if level >= _LEVEL[Aspect.WORDING]:
        text = text.replace("&", " and ")
    raw = [w for w in _SPLIT.split(text) if w]
    raw = _join_acronyms(raw)
    if level >= _LEVEL[Aspect.WORDING]:
        # Stopwords go after the first join (the E of Z T E is not Spanish "e") and before a second
        # one (A & A is one acronym), which keeps normalisation idempotent.
        raw = _join_acronyms([w for w in raw if w not in STOPWORDS] or raw)
        expanded: list[str] = []
        for w in raw:
            repl = ABBREVIATIONS.get(w)
            if repl is not None:
                expanded.extend(repl.split())
            else:
                # No general plural folding: it would make Teltronics, Inc. into Teltronic (a Hytera
                # subsidiary). Generic plurals are folded by the abbreviation table instead.
                expanded.append(w)
        raw = expanded
    if level < _LEVEL[Aspect.LEGAL]:
        return raw, []
    kept, legal = _strip_legal(raw)
    return kept, cjk_legal + legal


_LEVEL = {a: i for i, a in enumerate(Aspect)}


def words(text: str) -> tuple[list[str], list[str]]:
    """Folded, transliterated words with legal forms removed, and the legal forms found."""
    return _pipeline(text, Aspect.WORDING)


def form(text: str, upto: Aspect | None) -> str:
    """``text`` with the normaliser's steps up to and including ``upto`` applied; None: as written
    (in Unicode's compatibility form, so full-width letters are letters). ``Aspect.CASE`` folds
    case, ``PUNCTUATION`` keeps only words (acronyms joined), ``SCRIPT`` reads Chinese, Japanese
    and Cyrillic in Latin letters, ``LEGAL`` drops legal forms, ``WORDING`` expands abbreviations
    and drops small words: ``form(t, Aspect.WORDING) == normalise(t).key``."""
    if upto is None:
        return " ".join(unicodedata.normalize("NFKC", text).split())
    if upto is Aspect.CASE:
        return " ".join(fold(text).split())
    return " ".join(_pipeline(text, upto)[0])


def legal_forms(text: str) -> tuple[str, ...]:
    """The legal forms the ``Aspect.LEGAL`` step removes from ``text``."""
    return tuple(_pipeline(text, Aspect.LEGAL)[1])


def set_aside(a: str, b: str) -> tuple[Aspect, ...] | None:
    """The respects in which ``a`` and ``b`` differ but read the same once normalised: the
    normaliser's steps up to the first at which their forms are equal, less those that removed no
    difference between them (the edit distance between the two forms did not fall: a legal form
    both names carry is not a difference). None when they differ even as normalised; ``()`` when
    they are the same as written."""
    prev_a, prev_b = form(a, None), form(b, None)
    if prev_a == prev_b:
        return ()
    gap = Levenshtein.distance(prev_a, prev_b)
    out = []
    for aspect in Aspect:
        fa, fb = form(a, aspect), form(b, aspect)
        now = Levenshtein.distance(fa, fb)
        if now < gap:
            out.append(aspect)
        if fa == fb:
            return tuple(out)
        gap = now
    return None


def classify(word: str) -> Kind:
    if word in GENERIC or word in STOPWORDS:
        return Kind.GENERIC
    if word in PLACES:
        return Kind.PLACE
    if word.isdigit():
        return Kind.GENERIC
    return Kind.DISTINCT


@lru_cache(maxsize=200_000)
def normalise(text: str) -> Normalised:
    """The comparable form of a name. Idempotent on its own key: normalise(n.key).key == n.key."""
    kept, legal = words(text)
    tokens = tuple(Token(w, classify(w)) for w in kept)
    return Normalised(tokens, tuple(legal))
