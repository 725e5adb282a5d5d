"""Vendor names as network tools abbreviate them: Wireshark's short names of IEEE registrants.

A packet capture or a scan export names a device's maker by the short name its tool derived from
the IEEE registrant of the MAC block: Wireshark shows ``HuaweiTe_12:34:56`` for a Huawei MAC and
lists ``HuaweiTe`` / ``HuaweiTechno`` as the vendor. These forms are derived here from the registrant
names by the rules Wireshark's ``tools/make-manuf.py`` applies (read from its source and written
anew here), so the registry can index them as weak aliases of the registrant's entity.

Two generations of the rules are in use:

- **legacy** (the ``manuf`` file of Wireshark up to 4.0, still shipped by many distributions and
  tools): words in capitals become title case; the punctuation ``" ' , . / : ( )`` becomes a
  space; a lone ``&`` goes; legal forms and a few general words (``Co``, ``Ltd``, ``Inc``,
  ``Systems``, ``The`` ...) go; the spaces go; the result is cut to 8 characters.
  "HUAWEI TECHNOLOGIES CO.,LTD" -> ``HuaweiTe``; "Hangzhou Hikvision Digital Technology" ->
  ``Hangzhou``.
- **current** (Wireshark 4.2 on, ``manuf-data.c``): the same, and also bracketed text goes, ``+``
  and ``-`` are punctuation, a leading Chinese place name goes (Shenzhen, Beijing, Shanghai, Wuhan,
  Hangzhou, Guangxi, Guangdong, Chengdu), and the cut is at 12 characters: ``HuaweiTechno``,
  ``HikvisionDig``.

Other tools print the same run-together name cut to the width of their column, so besides the two
Wireshark widths every cut from 8 to 12 characters is a form (``HikvisionDi``). A name shorter
than the cut is kept whole (``zte``, ``Apple``).
"""

from __future__ import annotations

import re

LEGACY_WIDTH = 8
"""Wireshark's manuf short names up to 4.0: 8 characters (make-manuf.py, "say, 8 characters")."""
CURRENT_WIDTH = 12
"""Wireshark 4.2 and later: 12 characters (make-manuf.py, "say, 12 characters")."""

# Legal forms and general words Wireshark removes, as regular-expression fragments matched after
# punctuation has become spaces ("b ?v" is B.V. and BV; "a +s" is A/S but not the word "As").
_GENERAL = (
    "a +s", "ab", "ag", "b ?v", "closed joint stock company", "co", "company", "corp", "corporation",
    "de c ?v", "gmbh", "holding", "inc", "incorporated", "jsc", "kg", "k k", "limited", "llc", "ltd",
    "n ?v", "oao", "of", "open joint stock company", "ooo", "oü", "oy", "oyj", "plc", "pty", "pvt",
    "s ?a ?r ?l", "s ?a", "s ?p ?a", "sp ?k", "s ?r ?l", "systems", "the", "zao", "z ?o ?o",
)
_LEGACY_GENERAL = re.compile(r"\W(?:" + "|".join(_GENERAL) + r")(?= )", re.IGNORECASE)
# The current rules anchor each word at a space before it and a word boundary after it, and add
# "corporate"; "the" is matched as a word anywhere.
_CURRENT_GENERAL = re.compile(
    "|".join([f" {t}\\b" for t in (*_GENERAL, "corporate") if t != "the"] + [r"\bthe\b"]), re.IGNORECASE)
_LEGACY_PUNCT = re.compile(r"[\"',./:()]")
_CURRENT_PUNCT = re.compile(r"[\"',./:()+\-«»“”]")
# Leading place names the current rules drop ("Chinese company names tend to start with the location").
CURRENT_SKIPPED_PLACES = frozenset({"shengzen", "shenzhen", "beijing", "shanghai", "wuhan", "hangzhou", "guangxi",
                                    "guangdong", "chengdu"})


def _title_if_shouting(name: str) -> str:
    return name.title() if name.isupper() else name


def legacy_run_together(name: str) -> str:
    """The registrant name as Wireshark's legacy rules shape it, before the cut to 8 characters."""
    text = f" {' '.join(name.split())} "
    text = _LEGACY_PUNCT.sub(" ", _title_if_shouting(text)).replace(" & ", " ")
    plain = _LEGACY_GENERAL.sub("", text)
    if plain.strip():
        text = plain
    return re.sub(r"\s+", "", text)


def current_run_together(name: str) -> str:
    """The registrant name as Wireshark's current rules shape it, before the cut to 12 characters."""
    text = _title_if_shouting(" ".join(name.split()))
    text = re.sub(r"\(.*\)", "", text)
    text = re.sub(r"（.*）", "", text)
    text = text.replace(" a ", " ")
    text = _CURRENT_PUNCT.sub(" ", text).replace(" & ", " ")
    plain = _CURRENT_GENERAL.sub("", text)
    if plain.strip():
        text = plain
    words = text.split()
    if len(words) > 1 and words[0].lower() in CURRENT_SKIPPED_PLACES:
        words = words[1:]
    return "".join(words)


def legacy_short_name(name: str) -> str:
    """Wireshark's legacy short name (``HuaweiTe``)."""
    return legacy_run_together(name)[:LEGACY_WIDTH]


def current_short_name(name: str) -> str:
    """Wireshark's current short name (``HuaweiTechno``)."""
    return current_run_together(name)[:CURRENT_WIDTH]


def short_forms(name: str) -> set[str]:
    """Every form a network tool may print for this registrant: both run-together names cut at
    each width from LEGACY_WIDTH to CURRENT_WIDTH (whole when shorter)."""
    out: set[str] = set()
    for whole in (legacy_run_together(name), current_run_together(name)):
        if not whole:
            continue
        if len(whole) <= LEGACY_WIDTH:
            out.add(whole)
            continue
        out.update(whole[:n] for n in range(LEGACY_WIDTH, min(CURRENT_WIDTH, len(whole)) + 1))
    return out
