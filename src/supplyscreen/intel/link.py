"""Entity linking: companies through the registry matcher, places and authorities through the
gazetteer in ``gazetteer.yaml``.

Companies are found by a gazetteer scan, not a tagger: every run of capitalised words (and every
shorter n-gram inside it, longest first) is looked up with the core matcher, so a name the registry
knows is found whatever the sentence around it looks like; CJK names are found as substrings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import pairwise
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from supplyscreen.datafile import read_yaml
from supplyscreen.intel.model import Authority, Target
from supplyscreen.intel.text import CJK_CHAR as _CJK
from supplyscreen.matching.matcher import Matcher
from supplyscreen.matching.normalise import Aspect
from supplyscreen.matching.normalise import form as read_as
from supplyscreen.model import Band, DesignatedLink, Designation, RelationKind
from supplyscreen.registry import Registry

GAZETTEER = Path(__file__).with_name("gazetteer.yaml")
# The lists whose parties (with their registry groups) news may name as targets of a restriction.
NEWS_TARGETS = Path(__file__).with_name("news-targets.yaml")
AUTHORITIES = Path(__file__).with_name("authorities.yaml")
# The CLDR's names of the gazetteer's jurisdictions in the reader's languages (build_words.py).
COUNTRY_NAMES = Path(__file__).with_name("country-names.yaml")
HAN_VARIANTS = Path(__file__).with_name("han-variants.yaml")
# Case endings per language that a declined name carries ("Huaweia", "ZTE'nin", "Хуавэя").
NAME_ENDINGS = Path(__file__).with_name("name-endings.yaml")
# A declined word keeps at least this much of the name before its ending ("ZTE:n" keeps 3).
MIN_STEM = 3
# Every country's capital with its spellings (GeoNames, built by build_words.py): a capital names its
# government only as the subject of a restriction, which extract.py decides from the sentence.
CAPITALS = Path(__file__).with_name("capitals.yaml")
# Han/Hangul names of unlisted countries shorter than this are words or particles too.
MIN_CJK_PLACE = 3
# Hangul names of unlisted countries are read from this length on when bounded as words (one
# syllable, 괌, is too often part of another word's spelling to bound reliably).
MIN_HANGUL_PLACE = 2
# A transliterated Han name shorter than this ("Haisi" of 海思) is too near a word of some language.
MIN_PINYIN = 6
# Katakana: a short name (タイ, チリ, マリ) is also the start or end of a loanword (タイム, タイヤ,
# パプリカ); bounded by no katakana on either side it is the name. Han has no such bound (a word
# follows in the same script), so its names stay at MIN_CJK_PLACE; a short Hangul name is bounded by
# Korean word structure instead (``_hangul_bound``: particles after it, no syllable before it).
_KATAKANA_WORD = re.compile(r"[\u30a0-\u30ff]+")
_NO_KATAKANA_BEFORE, _NO_KATAKANA_AFTER = r"(?<![\u30a0-\u30ff])", r"(?![\u30a0-\u30ff])"
_HANGUL_WORD = re.compile(r"[\uac00-\ud7af]+")
_NO_HANGUL_BEFORE, _NO_HANGUL_AFTER = r"(?<![\uac00-\ud7af])", r"(?![\uac00-\ud7af])"
# The longest company name worth trying as one span ("Hangzhou Hikvision Digital Technology Co Ltd").
MAX_SPAN = 7
# Function words that start sentences: never the first word of a company name.
_FUNCTION = {"The", "A", "An", "In", "On", "At", "It", "Its", "This", "That", "These", "Those", "But", "And",
             "Or", "For", "From", "With", "As", "By", "Of", "To", "After", "Before", "While", "When", "If",
             "Under", "Los", "Las", "El", "La", "Le", "Les", "Der", "Die", "Das", "Y", "Et", "Und"}
# Words that name places or roles: part of a name ("China Mobile", "Telecom Italia"), never one alone.
_NOT_NAMES = _FUNCTION | {
    "Chinese", "China", "Government", "Minister", "Ministry", "President", "Secretary", "Commission", "Department",
    "Authority", "Agency", "Bureau", "Federal", "National", "State", "New", "Telecom", "Telecoms", "Technology",
    "Technologies", "Communications", "Digital", "Mobile", "Security", "Network", "Networks", "Group",
    "Corporation", "Company", "Inc", "Ltd", "Co"}
# Words that name ordinary things and collide with exact aliases of sanctioned parties.
_GENERIC = {"World", "Post", "Mate", "Video", "Apple", "Orange", "Galaxy", "Pacific", "Global", "Union",
            "Star", "Sun", "Eagle", "Alpha", "Delta", "Omega", "Victory", "Ocean", "Liberty", "Unity"}
_GOV_WORDS = re.compile(r"\b(Department|Party|Forces|Ministry|Affairs|Agency|Bureau|Office|Council|Committee|"
                        r"Administration|Intelligence|Army|Navy|Police|Court|Parliament|Congress)\b")
# A Latin-, Cyrillic- or Greek-script word ("Лаборатория Касперского", "Κάσπερσκι" are written with
# capitals and spaces as Latin names are), with a case ending after an apostrophe ("ZTE'nin"); CJK
# characters are not part of it ("ZTEの" is "ZTE" then a particle).
_TOKEN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9Ѐ-ӿͰ-Ͽἀ-ῼ](?:[^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]|[&.\-])*"
                    r"(?:['’][^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]+)?")
# Scripts without capitals, whose names are found as written, like CJK ones: Arabic (words spaced,
# proclitics attached: "وهواوي") and Thai (no spaces between words: "ของหัวเว่ย").
_CASELESS = re.compile(r"[\u0600-\u06ff\u0e00-\u0e7f]")
_ARABIC = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]")
# Japanese and Chinese text often sets Latin names in full-width forms ("ＺＴＥ", "米ＦＣＣ"): read as
# ASCII, one character for one, so positions stay the text's.
HALF_WIDTH = str.maketrans({chr(0xFF01 + i): chr(0x21 + i) for i in range(94)})
# Scripts written without spaces between words (and Hangul, whose particles attach to names).


@dataclass(frozen=True, slots=True)
class Endings:
    """The case endings of ``name-endings.yaml``: one language's (``for_lang``), or every
    language's together for a report whose language is not detected or not in the table (the
    detector reads Polish or Finnish as ``und``, Czech as Portuguese; a stem must still be a
    group's exact name). A report in a language the table lists reads only that language's: in
    English "Nubian" is an adjective, not a Finnish genitive of Nubia (a ZTE brand)."""

    plain: tuple[str, ...]
    """Written onto the name, longest first."""
    marked: frozenset[str]
    """Written after an apostrophe or colon ("ZTE'nin", "ZTE:n")."""
    final: tuple[tuple[str, str], ...]
    """(the name's last letter, what it becomes before an ending): ("i", "j"), ("й", "")."""
    replace: tuple[tuple[str, str], ...]
    """(the name's last letter, an ending that takes its place): ("y", "ého")."""
    languages: dict[str, Endings] = field(default_factory=dict, compare=False)
    """Each listed language's own endings, by its code."""

    def for_lang(self, lang: str) -> Endings:
        return self.languages.get(lang.split("-")[0].split("_")[0], self)

    @classmethod
    def read(cls, path: Path) -> Endings:
        table = (read_yaml(path).get("languages") or {}) if path.exists() else {}
        whole = cls.of(list(table.values()))
        return replace(whole, languages={str(k): cls.of([v]) for k, v in table.items()})

    @classmethod
    def of(cls, langs: list[dict]) -> Endings:
        plain = {str(x) for v in langs for x in v.get("endings") or ()}
        marked = {str(x) for v in langs for x in v.get("marked") or ()}
        final = {(str(k), str(x or "")) for v in langs for k, x in (v.get("final") or {}).items()}
        swap = {(str(k), str(x)) for v in langs for k, xs in (v.get("replace") or {}).items() for x in xs}
        return cls(tuple(sorted(plain, key=lambda x: (-len(x), x))), frozenset(marked), tuple(sorted(final)),
                   tuple(sorted(swap)))

    def stems(self, word: str) -> list[str]:
        """The names ``word`` may be with one case ending taken off, longest stem first."""
        mark = _MARK.fullmatch(word)
        if mark:
            return [mark.group(1)] if mark.group(2).lower() in self.marked else []
        out: list[str] = []
        for end in self.plain:
            if not word.endswith(end) or len(word) - len(end) < MIN_STEM:
                continue
            base = word[:-len(end)]
            out.append(base)
            for last, becomes in self.final:
                if _script(base[-1]) != _script(last):
                    continue  # a Cyrillic alternation is no rule for a Latin name
                if becomes and base.endswith(becomes):
                    out.append(base[:-len(becomes)] + last)
                elif not becomes:
                    out.append(base + last)
        out += [word[:-len(end)] + last for last, end in self.replace
                if word.endswith(end) and len(word) - len(end) >= MIN_STEM]
        return list(dict.fromkeys(out))


def _script(ch: str) -> str:
    """The script a letter belongs to, from its Unicode name ("LATIN", "CYRILLIC", "GREEK")."""
    return unicodedata.name(ch, " ").split(" ")[0]


# A name, then an apostrophe or a colon and a case ending ("ZTE'nin", "ZTE:n", "Huawei’a").
_MARK = re.compile(r"(.{2,}?)['’:]([^\W\d_]{1,5})")


@dataclass(frozen=True, slots=True)
class CompanyMention:
    target: Target
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A jurisdiction named in text: by country name, demonym, capital, or one of its authorities."""

    jurisdiction: str
    kind: str
    """``name``, ``adjective``, ``metonym``, ``capital`` (a capital city: its government only when
    it is the subject of a restriction, ``extract.capital_acts``) or ``authority``."""
    text: str
    start: int
    end: int
    authority: Authority | None = None


class CompanyLinker:
    def __init__(self, registry: Registry, matcher: Matcher, gazetteer: Path = GAZETTEER,
                 targets: Path = NEWS_TARGETS) -> None:
        self.registry = registry
        self.matcher = matcher
        gaz = read_yaml(gazetteer)
        news = gaz.get("company_names") or {}
        listed = read_yaml(targets).get("lists") or []
        self.lists = frozenset(str(x["id"]) for x in listed)
        # The groups a news report may name: every registry group one of whose members holds a
        # designation on those lists, read off the registry rather than kept by hand.
        self.groups = frozenset(e.group for e in registry if e.group and self._listed(e.designations))
        # Names of public bodies (authorities.yaml): never a company, whatever the registry's aliases.
        self.reserved = frozenset(_authority_names())
        # Han characters folded to their simplified form (han-variants.yaml, from the CLDR): 中国電信
        # in a Japanese report is 中国电信 / 中國電信.
        han = read_yaml(HAN_VARIANTS).get("fold") if HAN_VARIANTS.exists() else None
        self._han = str.maketrans({str(k): str(v) for k, v in (han or {}).items() if len(str(v)) == 1})
        self._cjk, self._cjk_weak = self._cjk_aliases({str(k): str(v) for k, v in news.items()})
        self._particles = tuple(sorted({str(p) for p in gaz.get("korean_particles") or []}, key=len, reverse=True))
        self._proclitics = frozenset(str(p) for p in gaz.get("arabic_proclitics") or [])
        self._place_terms = tuple(str(t).translate(self._han) for t in gaz.get("han_place_terms") or [])
        self._legal = _legal_tails(registry)
        self._pinyin = self._pinyin_names()
        self._endings = Endings.read(NAME_ENDINGS)
        self._keys = self._one_word_keys()

    def _one_word_keys(self) -> dict[str, frozenset[str]]:
        """Each linkable group's one-word names (weak ones too: "Дахуа", "Касперский") as the
        matcher reads them, in Latin letters: a single word the matcher ranks near a group's name
        is that name only if it reads the same ("Дахуа" is "dakhua"); a near miss ("Дахау", the
        Dachau memorial, is "dakhau") is another word."""
        out: dict[str, set[str]] = {}
        for e in self.registry:
            if e.group in self.groups:
                for n in (e.name, *(a.name for a in e.aliases)):
                    if len(n.split()) == 1 and not _CJK.search(n):
                        out.setdefault(e.group, set()).add(read_as(n, Aspect.SCRIPT))
        return {g: frozenset(k) for g, k in out.items()}

    def _pinyin_names(self) -> dict[str, str]:
        """The pinyin of the linkable groups' strong Han names, syllables joined and lower case, to
        entity id: a Latin report that transliterates a firm ("Tongfang Weishi", "Yiyuan Tongxin",
        "Da-Jiang") names the firm the Han name does, whatever way it splits the syllables. Only
        names of two characters or more (one syllable is a word in many languages) and only the
        groups' own names: pinyin of the 15,000 other parties is not read."""
        out: dict[str, str] = {}
        for e in self.registry:
            if e.group not in self.groups:
                continue
            for n in (e.name, *(a.name for a in e.aliases if not a.weak)):
                if _HAN_RUN.fullmatch(n) and len(n) >= 2:
                    key = "".join(lazy_pinyin(n, style=Style.NORMAL, errors="ignore"))
                    if len(key) >= MIN_PINYIN:
                        out.setdefault(key, e.id)
        return out

    def _transliterated(self, words: list[str]) -> Target | None:
        """The firm whose Han name's pinyin the capitalised words spell, syllables joined."""
        eid = self._pinyin.get(re.sub(r"[\s\-]", "", "".join(words)).lower())
        e = self.registry.get(eid) if eid else None
        return Target(e.name, e.id, e.group, " ".join(words)) if e else None

    def _cjk_aliases(self, news: dict[str, str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """(alias, entity id) for names in Han, kana or Hangul script, longest first: the registry's
        aliases of designated groups, and the gazetteer's news names for registry entities; then,
        apart, the groups' weak short names ("大华", "海康"), which other firms' names contain too."""
        out, weak = [], []
        for e in self.registry:
            if e.group not in self.groups:
                continue
            full = [a for a in (e.name, *(x.name for x in e.aliases if not x.weak)) if _found_as_written(a)]
            out += [(a, e.id) for a in full]
            short = [x.name for x in e.aliases if x.weak and _found_as_written(x.name)]
            weak += [(w, e.id) for w in short]
            # A weak short name with its neighbours in the firm's own full name is that firm: the
            # place before it or the word after it ("浙江大華", "大華技術" from 浙江大华技术股份有限公司).
            out += [(a, e.id) for w in short for n in full for a in _neighbours(w, n) if a not in short]
        out += [(name, eid) for name, eid in news.items() if self.registry.get(eid) is not None]
        # The text is read with full-width forms made ASCII (HALF_WIDTH), so are the names:
        # "中国电信（美洲）" is found as written.
        out = [(a.translate(HALF_WIDTH).translate(self._han), eid) for a, eid in out]
        weak = [(a.translate(HALF_WIDTH).translate(self._han), eid) for a, eid in weak]
        strong = {a for a, _ in out}
        return (sorted(set(out), key=lambda x: (-len(x[0]), x)),
                sorted({w for w in weak if w[0] not in strong}, key=lambda x: (-len(x[0]), x)))

    def find(self, text: str, restriction: bool = False, lang: str = "") -> list[CompanyMention]:
        """Company mentions in one sentence; ``restriction``: the sentence states a restriction, where
        a designated group's weak short name alone ("採購大華監視器") names the group unless it
        begins another firm's full name ("上海大华衡器有限公司")."""
        text = text.translate(HALF_WIDTH)
        out: list[CompanyMention] = []
        toks = [_unhyphen(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        runs: list[list[tuple[str, int, int]]] = []
        cur: list[tuple[str, int, int]] = []
        for i, (w, s, e) in enumerate(toks):
            gap = text[toks[i - 1][2]:s] if i else ""
            capital = w[0].isupper() or (any(c.isupper() for c in w[1:]) and w[0].isalpha())
            joins = cur and gap.strip() in ("", "(", ")", "-", "&") and "\n" not in gap
            if capital and (joins or not cur):
                cur.append((w, s, e))
            elif capital:
                runs.append(cur)
                cur = [(w, s, e)]
            else:
                if cur:
                    runs.append(cur)
                cur = []
        if cur:
            runs.append(cur)
        endings = self._endings.for_lang(lang)
        for run in runs:
            out += self._scan(text, run, endings)
        if _CJK.search(text) or _CASELESS.search(text):
            out += self._scan_cjk(text, out, restriction)
        return out

    def _scan(self, text: str, run: list[tuple[str, int, int]], endings: Endings) -> list[CompanyMention]:
        out = []
        while run and run[0][0].capitalize() in _FUNCTION:
            run = run[1:]
        i = 0
        while i < len(run):
            hit = None
            for n in range(min(MAX_SPAN, len(run) - i), 0, -1):
                span = run[i:i + n]
                words = [re.sub(r"['’]s$", "", w) for w, _, _ in span]
                if n == 1 and (words[0] in _NOT_NAMES or len(words[0]) < 2):
                    continue
                if n > 1 and any(w.isupper() and w.capitalize() in _FUNCTION for w in (words[0], words[-1])):
                    # An all-capitals headline joins "HUAWEI AND ZTE" into one run: a name neither
                    # begins nor ends in a function word ("Bank of China" has one inside).
                    continue
                phrase = " ".join(words)
                t = (self._lookup(phrase, single=n == 1) or self._transliterated(words)
                     or self._declined(words, n == 1, endings))
                if t:
                    hit = CompanyMention(t, span[0][1], span[-1][2]), n
                    break
            if hit:
                out.append(hit[0])
                i += hit[1]
            else:
                out += self._scan(text, _compound_parts(*run[i]), endings) if "-" in run[i][0] else []
                i += 1
        return out

    def _declined(self, words: list[str], single: bool, endings: Endings) -> Target | None:
        """The designated group whose name the words spell with a case ending on the last word
        (``name-endings.yaml``): only a group's exact name counts once the ending is off, so an
        ending never turns an ordinary word into a target."""
        for stem in endings.stems(words[-1]):
            t = self._lookup(" ".join([*words[:-1], stem]), single=single, exact=True)
            if t:
                return replace(t, mention=" ".join(words))
        return None

    @cache  # noqa: B019 - one linker per run; names repeat across articles
    def _lookup(self, phrase: str, single: bool, exact: bool = False) -> Target | None:
        ms = self.matcher.match(phrase)
        if not ms:
            return None
        m = ms[0]
        if exact and m.band != Band.EXACT and not single:
            return None  # a declined name of several words is a group's name exactly ("China Telecomu")
        # A longer span may be a strong match ("Huawei Technologies Co" for "Huawei Technologies Co., Ltd.").
        e = self.registry.get(m.entity.id)
        # One word alone must be an exact name ("ZTE") unless it is the head of a designated group
        # the matcher ranked first for it ("Dahua" -> Zhejiang Dahua Technology, strong); a
        # subsidiary's weak one-word alias is a surname or a word too ("Sinclair" for Sinclair
        # Technologies, a Hytera division).
        if m.band == Band.POSSIBLE or (single and m.band != Band.EXACT and not (e and e.group and e.id == e.group)):
            return None
        if e is None or e.kind == "person":
            return None  # news names people by role; a person's alias ("Mate") is a false friend
        if single and m.band != Band.EXACT and read_as(phrase, Aspect.SCRIPT) not in self._keys.get(e.group or "", ()):
            # One word the matcher ranks near a group's one-word name is that name only if it reads
            # the same ("Dahua", "Дахуа"); a near miss is another word ("Дахау", "Huawea"), and a
            # declined name is read by _declined, from the endings each language writes.
            return None
        if exact and not (e.group in self.groups or m.designated):
            return None  # a declined form names only a designated group or its owned parties
        if phrase in self.reserved:
            return None  # a public body the authorities table knows ("CSSC" is Portugal's cyber council)
        group = e.group if e.group in self.groups else ""
        # A subsidiary or brand the registry relates to a designated group by ownership, or the
        # party itself listed; not a firm that relabels a group's products ("Swann", "ADI",
        # "Intelbras": a restriction of the maker is not one of its resellers) nor a former unit.
        designated = [d for d in m.designated if _owned(d) and self._listed(d.designations)]
        if not group and designated:
            d = self.registry.get(designated[0].entity.id)
            group = d.group if d and d.group in self.groups else ""
        if not group and not designated:
            # Outside the parties listed on news-targets.yaml's lists and their owned relations,
            # the registry's thousands of listed parties have ordinary names ("Best", "Both",
            # "ABC"): in a news text such a hit is the word, not the party.
            return None
        if not group and (m.band != Band.EXACT or len(phrase) < 4 or phrase in _GENERIC
                          or _GOV_WORDS.search(phrase)):
            return None
        if not group and single and (_plain_word(phrase) or not _starts_name(phrase, e.name)):
            # One word standing for a listed party outside the registry's groups must be how its own
            # name begins ("TP-Link" for TP-Link Technologies), not an acronym or alias of it, and
            # not shaped like a word of the language ("Arsenal", "Cherry", "Kant" are 1260H or
            # Entity List names too): a plain capitalised word is a name only for a group the
            # registry curates, whose one-word names it states.
            return None
        return Target(m.entity.name, m.entity.id, group, phrase)

    def _listed(self, designations: tuple[Designation, ...]) -> bool:
        return any(d.list_id in self.lists for d in designations)

    def _scan_cjk(self, text: str, found: list[CompanyMention], restriction: bool = False) -> list[CompanyMention]:
        out = self._scan_aliases(text, found, self._cjk)
        if any(m.target.group for m in [*found, *out]):
            # A weak short name counts beside a designated group's full name ("由海康威视和大华生产").
            out += self._scan_aliases(text, [*found, *out], self._cjk_weak)
        elif restriction:
            # Alone, only where the sentence restricts something ("禁止公部門採購大華監視器"), only a
            # group's own short name (a brand's, 萤石, is also the mineral fluorite), and not as the
            # start of another firm's full name: "上海大华衡器有限公司" runs on to a legal form.
            out += [m for m in self._scan_aliases(text, [*found, *out], self._cjk_weak)
                    if m.target.entity_id == m.target.group and not self._another_firm(text, m.end)]
        return out

    def _runs_on(self, text: str, end: int, alias: str) -> bool:
        """A short Hangul name followed by a syllable that no particle begins is the start of a
        longer word ("다화면"); one followed by a particle ("다화의", "다화와") or a space is the name."""
        if not (_HANGUL.match(alias[-1]) and len(alias) <= MAX_HANGUL_BOUNDED and end < len(text)
                and _HANGUL.match(text[end])):
            return False
        return not any(text.startswith(p, end) for p in self._particles)

    def _inside_arabic(self, text: str, start: int, end: int, alias: str) -> bool:
        """An Arabic name is a word of its own: no Arabic letter after it, and before it none, or
        only a proclitic (``arabic_proclitics``: "و" and, "ب" with, "ل" for) that begins the word."""
        if not _ARABIC.match(alias[0]):
            return False
        if end < len(text) and _ARABIC.match(text[end]):
            return True
        head = start
        while head and _ARABIC.match(text[head - 1]):
            head -= 1
        return head < start and text[head:start] not in self._proclitics

    def _place_name(self, text: str, end: int) -> bool:
        """A short name (SHORT_HAN characters) followed by the generic term of a place name (``han_place_terms``:
        路 road, 府 capital area, 村 village ...) is that place ("大华府" Greater Washington,
        "中兴路" Zhongxing Road), not the firm."""
        return any(text.startswith(t, end) for t in self._place_terms)

    def _another_firm(self, text: str, end: int) -> bool:
        """The Han characters after a short name run on, before any punctuation, to a legal form
        (``_legal_tails``): the name is the start of another firm's full name."""
        run = _HAN_RUN.match(text, end)
        return bool(run and any(t in run.group(0) for t in self._legal))

    def _scan_aliases(self, text: str, found: list[CompanyMention], aliases: list[tuple[str, str]]) -> list[CompanyMention]:
        out = []
        taken = [(m.start, m.end) for m in found]
        folded = text.translate(self._han)  # one character for one: positions are the text's
        for alias, eid in aliases:
            for m in _kana_spelled(alias).finditer(folded):
                if (any(m.start() < b and m.end() > a for a, b in taken) or _inside_word(folded, m.start(), alias)
                        or self._runs_on(folded, m.end(), alias) or self._inside_arabic(folded, m.start(), m.end(), alias)
                        or (len(alias) <= SHORT_HAN and self._place_name(folded, m.end()))):
                    continue
                e = self.registry.get(eid)
                if e:
                    out.append(CompanyMention(Target(e.name, e.id, e.group, text[m.start():m.end()]), m.start(), m.end()))
                    taken.append((m.start(), m.end()))
        return out


# A country named right after a body it owns: "... Centre of New Zealand", "... du Japon".
_OF = re.compile(r"\s*(?:of|in|de|du|des|di|del|da|do)\s+(?:the\s+)?|\s*\(\s*")

# Neighbouring characters of a weak short name taken from the firm's full name: two are a place
# (浙江, 杭州) or a word of the name (技術, 威视), enough to tell it from other firms' names.
NEIGHBOUR = 2
# Japanese writes the parts of a foreign name in katakana with or without a middle dot
# ("チャイナ・モバイル", "チャイナモバイル").
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
# A Hangul name this long is a transcribed foreign name (차이나유니콤, 하이크비전), whose word breaks
# the press sets as it likes; a shorter one (다화, 화웨이) spaced apart would be two words.
MIN_HANGUL_SPACED = 4
# A Hangul name this short (다화) is also a part of ordinary words ("다화면", multi-screen): it is a
# name only as a word of its own, a particle after it; a longer one (화웨이) is written onto the
# next word too ("화웨이장비").
MAX_HANGUL_BOUNDED = 2


# A Han name this short (大华, 中兴) also names streets and places after it: followed by a place
# term it is the place.
SHORT_HAN = 2
# Han characters of one run: a firm's full name is written without spaces or punctuation, and
# names far longer than this (28 characters) do not occur in the registry.
_HAN_RUN = re.compile(r"[\u3400-\u9fff]{1,28}")
# A legal form ends at least this share of the registry's Han full names ("有限公司" in nearly all).
LEGAL_SHARE = 0.1
# The legal form is the last characters of a name: two ("公司") to four ("有限公司").
LEGAL_LEN = (2, 4)


def _legal_tails(registry: Registry) -> frozenset[str]:
    """The legal forms that end the registry's Han full names, derived from its names rather than
    listed: the shortest endings that a tenth or more of them share ("公司")."""
    names = [n for e in registry for n in (e.name, *(a.name for a in e.aliases))
             if _HAN_RUN.fullmatch(n) and len(n) > LEGAL_LEN[1]]
    out: set[str] = set()
    for k in range(LEGAL_LEN[0], LEGAL_LEN[1] + 1):
        counts: dict[str, int] = {}
        for n in names:
            counts[n[-k:]] = counts.get(n[-k:], 0) + 1
        out |= {t for t, c in counts.items() if c >= LEGAL_SHARE * len(names)
                and not any(t.endswith(o) for o in out)}
    return frozenset(out)


def _found_as_written(name: str) -> bool:
    """A name in a script read as substrings (CJK, Arabic, Thai), two characters or more."""
    return bool(_CJK.search(name) or _CASELESS.search(name)) and len(name) >= 2


def _neighbours(weak: str, name: str) -> list[str]:
    at = name.find(weak)
    if at < 0:
        return []
    out = [name[at - NEIGHBOUR:at + len(weak)]] if at >= NEIGHBOUR else []
    if at + len(weak) + NEIGHBOUR <= len(name):
        out.append(name[at:at + len(weak) + NEIGHBOUR])
    return out


def _inside_word(text: str, at: int, alias: str) -> bool:
    """A kana or short Hangul name that continues a word begun before it: katakana run on from
    katakana is one longer loan word, and Korean separates words by spaces (particles attach only
    after a name), so a two-syllable name right after another syllable is part of that word. Han
    names have no such boundary, and a longer Hangul loan name is written onto a place
    ("한국하이크비전")."""
    if not at:
        return False
    before = text[at - 1]
    if _KATAKANA.match(alias[0]):
        return bool(_KATAKANA.match(before))
    return bool(_HANGUL.match(alias[0]) and len(alias) <= MAX_HANGUL_BOUNDED and _HANGUL.match(before))


@cache
def _kana_spelled(alias: str) -> re.Pattern[str]:
    """The alias as written, a middle dot or a space allowed between two of its katakana, and a
    space between two Hangul syllables of a loan name of MIN_HANGUL_SPACED syllables or more
    ("차이나 유니콤" for 차이나유니콤: Korean spacing of a foreign name varies)."""
    hangul = len(alias) >= MIN_HANGUL_SPACED and all(_HANGUL.match(c) for c in alias)
    parts = [re.escape(alias[0])]
    for a, b in pairwise(alias):
        gap = "[・･ ]?" if _KATAKANA.match(a) and _KATAKANA.match(b) else " ?" if hangul else ""
        parts.append(gap + re.escape(b))
    return re.compile("".join(parts))


# Relations by which a news report naming the subject names the designated group: ownership or
# brand. An OEM relabel is a supply link that the screening of products weighs, not the same firm.
OWNERSHIP = frozenset({RelationKind.SUBSIDIARY_OF, RelationKind.AFFILIATE_OF, RelationKind.BRAND_OF,
                       RelationKind.DIVISION_OF, RelationKind.JOINT_VENTURE_OF})


def _owned(link: DesignatedLink) -> bool:
    """The matched party is the designated one, or owned by it (or its brand) now."""
    return not link.former and all(k in OWNERSHIP for k in link.relation_kinds)


def _compound_parts(word: str, start: int, _end: int) -> list[tuple[str, int, int]]:
    """The capitalised parts of a hyphenated compound that is no name as a whole ("Huawei-Komponenten",
    "ZTE-Bauteile", "Huawei-ZTE", "Huawei-utrustning."), each with its place in the text; tried only
    after the whole ("TP-Link") found nothing, and looked up like any other word."""
    parts = [(m.group(0).rstrip("."), start + m.start()) for m in re.finditer(r"[^-]+", word)]
    return [(p, at, at + len(p)) for p, at in parts if p[:1].isupper() or p[:1].isdigit()]


def _plain_word(word: str) -> bool:
    """Shaped like a word of running text: letters only, at most the first one a capital ("Cherry";
    not "TP-Link", "Quectel3", "ZTE")."""
    return word.isalpha() and word[1:] == word[1:].lower()


def _starts_name(word: str, name: str) -> bool:
    first = name.split()[0] if name.split() else ""
    return first.rstrip(",.").casefold() == word.casefold()


def _authority_names(path: Path = AUTHORITIES) -> list[str]:
    out = []
    for a in read_yaml(path)["authorities"]:
        if a["kind"] != "carrier":  # a carrier is a company
            out += [str(a["name"]), *(str(x) for x in a.get("aliases") or ())]
    return out


# A CJK country name right before 政府/当局 names that country's government ("ドイツ政府", "加拿大政府").
# A government named in CJK script: the country's name before its government word, or before one of
# its bodies in the genitive ("パプアニューギニアの情報通信技術省", "澳洲的通訊部"): a bare "各省庁" or
# "政府は" in that sentence is then that government, not the reader's own.
_CJK_GOVERNMENT = re.compile(r"\s*(?:政府|当局|(?:の|的)[\u4e00-\u9fff\u30a0-\u30ff]{1,12}?(?:省|庁|廳|厅|部|委員会|委员会|委員會))")


def fold(text: str) -> str:
    """Lower case without accents, one character for one, so that positions in the folded text are
    the original's: "Japón" -> "japon"."""
    return "".join((unicodedata.normalize("NFKD", c)[:1] or c).lower()[:1] or c for c in text)


def _demonyms(table: dict | None) -> tuple[dict[str, str], re.Pattern[str] | None]:
    """The country of each demonym stem (spaces taken out: "costa ric" is also "costaric"), and one
    pattern for a stem followed by a demonym ending, spaces and hyphens in the stem optional and a
    joined r optionally doubled ("costarricense", "Costa Rican", "costa-ricanisch")."""
    if not table or not table.get("stems"):
        return {}, None
    stems: dict[str, str] = {str(k): str(v) for k, v in table["stems"].items()}

    def spelled(stem: str) -> str:
        parts = [re.escape(w) for w in re.split(r"[\s-]+", stem)]
        out = parts[0]
        for w in parts[1:]:
            out += (r"(?:[\s-]|r?)" + w) if w.startswith("r") else (r"[\s-]?" + w)
        return out

    alts = "|".join(spelled(s) for s in sorted(stems, key=len, reverse=True))
    ends = {str(e) for es in table["endings"].values() for e in es}
    alt_ends = "|".join(re.escape(e) for e in sorted(ends, key=len, reverse=True))
    rx = re.compile(rf"(?<![\w])(?P<stem>{alts})(?P<ending>{alt_ends})(?![\w])")
    return {re.sub(r"[\s-]", "", k): v for k, v in stems.items()}, rx


# A word of a country name in running text: letters of any alphabetic script (Latin with its
# diacritics, Cyrillic, Greek); not CJK, whose names are not declined.
_NAME_WORD = re.compile(r"[^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")
# A declined stem keeps at least this many letters of the name ("Kuby" of "Kuba" keeps 3).
MIN_DECLINED_STEM = 3


@dataclass(frozen=True, slots=True)
class _Declension:
    """One language's country names and the endings its grammar gives them."""

    first: dict[str, tuple[tuple[tuple[str, ...], frozenset[str]], ...]]
    """A name's first word -> (the name's words, its countries), longest name first."""
    rules: tuple[tuple[str, str], ...]
    """(the nominative's ending, the declined form's ending), read backwards."""

    def bases(self, word: str) -> set[str]:
        """The nominative forms ``word`` may be (itself among them)."""
        out = {word}
        for ending, form in self.rules:
            if word.endswith(form) and len(word) - len(form) >= MIN_DECLINED_STEM:
                if form and _script(form[0]) != _script(word[0]):
                    continue
                out.add(word[:len(word) - len(form)] + ending)
        return out


@dataclass(frozen=True, slots=True)
class _DeclinedNames:
    """Country names as a report declines them ("w Gruzji", "der Vereinigten Arabischen Emirate",
    "vláda Jižního Súdánu", "Guvernul Republicii Moldova", "Правительство Казахстана"): each word
    of the text is read back to the nominative forms it may stand for by one language's rules in
    ``name-endings.yaml`` (``places``, and the case endings of ``languages`` with their final-letter
    changes), against that language's CLDR names (``country-names.yaml`` ``declined``); every
    language is tried, whatever the report's detected language (the detector mistakes Czech for
    Portuguese, Finnish for Swedish). A run of words that is a country's name word for word, one
    word at least declined, names that country. The longest name wins ("Gwinei Równikowej" is
    Equatorial Guinea, not "Gwinei"); a name two countries bear names neither."""

    languages: tuple[_Declension, ...]

    @classmethod
    def of(cls, by_language: dict, path: Path) -> _DeclinedNames:
        data = read_yaml(path) if path.exists() else {}
        places = data.get("places") or {}
        cases = data.get("languages") or {}
        out = []
        for lang, table in by_language.items():
            owners: dict[tuple[str, ...], set[str]] = {}
            for code, ns in (table or {}).items():
                for n in map(str, ns):
                    words = tuple(_NAME_WORD.findall(n))
                    if words and " ".join(words) == re.sub(r"[\s-]+", " ", n).strip():
                        owners.setdefault(words, set()).add(str(code))
            first: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
            for words, codes in owners.items():
                first.setdefault(words[0], []).append((words, frozenset(codes)))
            rules: set[tuple[str, str]] = set()
            for ending, forms in (places.get(lang) or {}).items():
                rules.update((str(ending), str(f or "")) for f in forms or ())
            own = cases.get(lang) or {}
            finals = {str(k): str(v or "") for k, v in (own.get("final") or {}).items()}
            for e in map(str, own.get("endings") or ()):
                rules.add(("", e))
                rules.update((last, becomes + e) for last, becomes in finals.items())
            if first and rules:
                out.append(_Declension({k: tuple(sorted(v, key=lambda x: -len(x[0]))) for k, v in first.items()},
                                       tuple(sorted(rules, key=lambda r: (-len(r[1]), r)))))
        return cls(tuple(out))

    def find(self, text: str, found: list[PlaceMention]) -> list[PlaceMention]:
        """``found`` with the declined names of ``text`` added; a declined name replaces the
        shorter mentions inside it ("Kongo" in "Demokratischen Republik Kongo")."""
        if not self.languages:
            return found
        words = [(m.group(0), m.start(), m.end()) for m in _NAME_WORD.finditer(text)]
        added: list[PlaceMention] = []
        i = 0
        while i < len(words):
            best = self._at(text, words, i)
            if best is None:
                i += 1
                continue
            n, code = best
            start, end = words[i][1], words[i + n - 1][2]
            added.append(PlaceMention(code, "name", text[start:end], start, end))
            i += n
        if not added:
            return found
        keep = [p for p in found if not any(a.start <= p.start and p.end <= a.end and (a.start, a.end) != (p.start, p.end)
                                            for a in added)]
        keep += [a for a in added if not any(p.start <= a.start and a.end <= p.end for p in keep)]
        return sorted(keep, key=lambda p: p.start)

    def _at(self, text: str, words: list[tuple[str, int, int]], i: int) -> tuple[int, str] | None:
        """The longest country name read declined from word ``i`` on, in any language: its length
        in words and its country; None when there is none or the longest fits two countries."""
        if not words[i][0][:1].isupper():
            return None
        hits: dict[int, set[str]] = {}
        for lang in self.languages:
            for n, codes in self._matches(lang, text, words, i):
                hits.setdefault(n, set()).update(codes)
        if not hits:
            return None
        n = max(hits)
        return (n, next(iter(hits[n]))) if len(hits[n]) == 1 else None

    @staticmethod
    def _matches(lang: _Declension, text: str, words: list[tuple[str, int, int]],
                 i: int) -> list[tuple[int, frozenset[str]]]:
        word = words[i][0]
        out = []
        for base in lang.bases(word):
            for name, codes in lang.first.get(base, ()):
                n = len(name)
                if i + n > len(words) or (n == 1 and base == word):
                    continue
                run = words[i:i + n]
                if any(not re.fullmatch(r"[\s-]+", text[a[2]:b[1]]) for a, b in pairwise(run)):
                    continue
                if all(w == base_w for (w, _, _), base_w in zip(run, name, strict=True)):
                    continue  # nothing declined: the name as written, read by the name pattern
                if all(name[k] in ({base} if k == 0 else lang.bases(run[k][0])) for k in range(n)):
                    out.append((n, codes))
        return out


LANGUAGE_HOMES = Path(__file__).with_name("language-homes.yaml")


@cache
def _homes() -> dict[str, str]:
    if not LANGUAGE_HOMES.exists():
        return {}
    return {str(k): str(v) for k, v in (read_yaml(LANGUAGE_HOMES).get("homes") or {}).items()}


def language_home(lang: str) -> str:
    """The territory whose government a bare "the government" in a report in ``lang`` (a CLDR
    language, optionally with its script: ``zh_Hant``) stands for, or "" for a language spread over
    many territories (``language-homes.yaml``, built from the CLDR by ``build_words``)."""
    return _homes().get(lang, "")


def _deictic(p: PlaceMention) -> bool:
    """A government word in CJK script that names no country ("政府は", "各省庁"): the government
    the report is about, which the authorities table reads as the reader's own."""
    return (p.kind == "authority" and p.authority is not None and p.authority.kind == "government"
            and bool(_CJK.match(p.text)) and not any(ch in p.text for ch in "国國州"))


_MADE_BY = re.compile(r"([^\W_][\w&.]*)-[a-z]+")


def _unhyphen(word: str, start: int, end: int) -> tuple[str, int, int]:
    """"Huawei-made", "ZTE-supplied": the firm is the part before a lower-case suffix
    ("TP-Link" and "Wi-Fi" keep their capitals and stay whole)."""
    m = _MADE_BY.fullmatch(word)
    return (m.group(1), start, start + len(m.group(1))) if m else (word, start, end)


def _trie(words: list[str]) -> str:
    """One pattern for ``words`` with shared beginnings written once ("Oslo|Osló" as "Osl(?:o|ó)"):
    the names of 250 countries, their capitals and adjectives in a dozen languages make an alternation of
    12,000 words that the regex engine would try one by one at every position. Longer words are
    tried first (a name's end is optional after its continuations), as a longest-first list would."""
    root: dict[str, dict] = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


class PlaceLinker:
    def __init__(self, path: Path = GAZETTEER, authorities: Path = AUTHORITIES,
                 country_names: Path = COUNTRY_NAMES, capitals: Path = CAPITALS) -> None:
        data = read_yaml(path)
        words = read_yaml(country_names) if country_names.exists() else {}
        cldr = words.get("names") or {}
        entries: dict[str, tuple[str, str, Authority | None]] = {}
        listed = data["jurisdictions"]
        # Countries the gazetteer does not list are read by their CLDR names only, and in scripts
        # without spaces only by names of three characters or more: a two-character Hangul or Han
        # name is also a particle or a word ("이란" Iran / "-이란", "오만" Oman / 50,000, "马里" in 马里兰).
        # Two-character Han names that are no part of a longer place name (希腊, 秘鲁) are read too
        # (``short_han``, build_words.short_han_names).
        short_han = {str(c): set(map(str, ns)) for c, ns in (words.get("short_han") or {}).items()}
        # Short Hangul names (태국, 칠레) are read as words of their own (``_hangul_bound``).
        others = {code: {"names": [n for n in cldr[code] if not _CJK.search(n) or len(n) >= MIN_CJK_PLACE
                                   or n in short_han.get(code, ()) or _KATAKANA_WORD.fullmatch(n)
                                   or (_HANGUL_WORD.fullmatch(n) and len(n) >= MIN_HANGUL_PLACE)]}
                  for code in cldr if code not in listed}
        for code, j in [*listed.items(), *others.items()]:
            own = code in listed
            kinds = {"metonyms": j.get("metonyms") or [], "adjectives": j.get("adjectives") or [],
                     "names": [*(cldr.get(code) or [] if own else []), *(j.get("names") or [])]}
            for kind, ns in kinds.items():  # names win over adjectives for "UK", "US"
                for n in ns:
                    entries[str(n)] = (str(code), kind.rstrip("s"), None)
                    if kind != "adjectives" and len(str(n)) > 3 and not _CJK.search(str(n)):
                        # Datelines capitalise the place ("OTTAWA —", "NEW DELHI:").
                        entries.setdefault(str(n).upper(), (str(code), kind.rstrip("s"), None))
        self.multinational: set[str] = set()
        # Names several countries' bodies bear ("National Cyber Security Centre"): the other countries.
        self.shared: dict[str, frozenset[str]] = {}
        for a in read_yaml(authorities)["authorities"]:
            auth = Authority(a["name"], a["jurisdiction"], a["kind"])
            for n in (a["name"], *(a.get("aliases") or ())):
                entries[str(n)] = (auth.jurisdiction, "authority", auth)
                if a.get("shared_by"):
                    self.shared[str(n)] = frozenset(map(str, a["shared_by"]))
                if a.get("multinational"):
                    # Known so that it is not read as something else, but it names no jurisdiction.
                    self.multinational.add(str(n))
        # Adjectives read off the CLDR's language names ("tyska", "norwegische", "Noorse"; built by
        # build_words.language_adjectives), after the gazetteer's own.
        for form, code in (words.get("language_adjectives") or {}).items():
            entries.setdefault(str(form), (str(code), "adjective", None))
        # Capitals last: a name, metonym or authority spelled the same wins ("Brussels" is the EU's
        # metonym; a capital that is a country's name was left out when the table was built). A
        # traditional Han spelling is also read in simplified script (渥太華, 渥太华).
        han = read_yaml(HAN_VARIANTS).get("fold") if HAN_VARIANTS.exists() else None
        simplify = str.maketrans({str(k): str(v) for k, v in (han or {}).items() if len(str(v)) == 1})
        table = (read_yaml(capitals) or {}) if capitals.exists() else {}
        for code, ns in (table.get("capitals") or {}).items():
            for n in ns:
                # Datelines capitalise the place ("OTTAWA —"): found, and read as the place it is.
                upper = [str(n).upper()] if len(str(n)) > 3 and not _CJK.search(str(n)) else []
                for form in dict.fromkeys([str(n), str(n).translate(simplify), *upper]):
                    entries.setdefault(form, (str(code), "capital", None))
        self.entries = entries
        self.names = {**{str(c): str(ns[0]) for c, ns in cldr.items() if ns},
                      **{str(code): str((j.get("names") or [code])[0]) for code, j in listed.items()}}
        latin = [a for a in entries if not _CJK.search(a)]
        kana = [a for a in entries if _KATAKANA_WORD.fullmatch(a) and len(a) < MIN_CJK_PLACE]
        # The gazetteer's own two-syllable names (미국, 영국, 대만) stay substrings as before ("미국산",
        # "미국인"); the others are bounded.
        listed_names = {str(n) for j in listed.values() for n in (j.get("names") or [])}
        listed_names |= {str(n) for code in listed for n in (cldr.get(code) or [])}
        hangul = [a for a in entries if _HANGUL_WORD.fullmatch(a) and len(a) < MIN_CJK_PLACE
                  and a not in listed_names and entries[a][1] == "name"]
        cjk = [a for a in entries if _CJK.search(a) and a not in kana and a not in hangul]
        korean = data.get("hangul_names") or {}
        # Hangul names that are also Korean words (수단 'means'), each with its sense in the data file.
        self.hangul_words = frozenset(map(str, korean.get("words") or {}))
        context = korean.get("place_context") or {}
        nouns = sorted(map(str, context.get("nouns") or []), key=len, reverse=True)
        self._particles = sorted({str(p) for p in data.get("korean_particles") or []}, key=len, reverse=True)
        particles = "|".join(map(re.escape, self._particles))
        # After a short Hangul name: particles then another script or the end, or a context noun
        # attached ("태국정부", "저지섬").
        self._hangul_bound = re.compile(
            rf"(?:{particles})*{_NO_HANGUL_AFTER}|(?:{'|'.join(map(re.escape, nouns))})" if particles else _NO_HANGUL_AFTER)
        ends = "|".join(map(re.escape, sorted(map(str, context.get("body_endings") or []), key=len, reverse=True)))
        stem = int(context.get("body_stem") or 1)
        # A government noun or a body's name (내무부, 통신규제청) after the name, attached or after a
        # space, possibly after the genitive 의.
        alts = [f"(?:{'|'.join(map(re.escape, nouns))})"] if nouns else []
        if ends:
            alts.append(rf"[\uac00-\ud7af]{{{stem},}}(?:{ends})")
        self._place_context = (re.compile(rf"의?\s?(?:{'|'.join(alts)})(?:{particles})*{_NO_HANGUL_AFTER}")
                               if alts else None)
        # Word boundaries for Latin names, none for CJK ones (no spaces to bound them) but the short
        # katakana and Hangul ones (bounded by other scripts and by Korean word structure, above).
        # A name in the genitive of Swedish and German ("Tysklands", "Deutschlands") is the name.
        pattern = r"(?<![\w.])(?:" + _trie(latin) + r")s?(?![\w])"
        if kana:
            pattern += "|" + _NO_KATAKANA_BEFORE + "(?:" + _trie(kana) + ")" + _NO_KATAKANA_AFTER
        if hangul:
            pattern += "|" + _NO_HANGUL_BEFORE + "(?:" + _trie(hangul) + ")(?=" + self._hangul_bound.pattern + ")"
        if cjk:
            pattern += "|" + _trie(cjk)
        self.rx = re.compile(pattern)
        table = words.get("demonyms")
        self.short_stem = int((table or {}).get("min_stem_short_ending") or 0)
        self.demonyms, self.demonym_rx = _demonyms(table)
        self.demonym_endings = {str(k): frozenset(map(str, v)) for k, v in ((table or {}).get("endings") or {}).items()}
        # A stem's longer look-alikes in other countries' own name words ("dominic" of Dominica has
        # "dominican" of República Dominicana), with the inflections that make them adjectives.
        self.rivals = {re.sub(r"[\s-]", "", str(k)): {str(w): str(c) for w, c in v.items()}
                       for k, v in ((table or {}).get("rivals") or {}).items()}
        self.rival_inflections = frozenset(str(x) for x in (table or {}).get("rival_inflections") or ())
        self.declined = _DeclinedNames.of(words.get("declined") or {}, NAME_ENDINGS)

    def place_context(self, text: str, end: int) -> bool:
        """Whether a Hangul name ending at ``end`` is followed by a government noun or a body's
        name (gazetteer.yaml ``hangul_names.place_context``): "수단 정부는", "오만의 통신규제청이"."""
        return bool(self._place_context and self._place_context.match(text, end))

    def country_name(self, code: str) -> str:
        return self.names.get(code, code)

    def established(self, text: str) -> frozenset[str]:
        """The Hangul names that are also Korean words (``hangul_words``) which ``text`` names as
        places somewhere, before a government noun: one report uses a word in one sense, so its
        other mentions ("수단, 하이테라 무전기 조달 중단" over "수단 정부는 …") are the country too."""
        if not any(w in text for w in self.hangul_words):
            return frozenset()  # most reports: no second pass over the text
        return frozenset(p.text for p in self.find(text) if p.text in self.hangul_words)

    def find(self, text: str, established: frozenset[str] = frozenset()) -> list[PlaceMention]:
        """The places ``text`` names; ``established``: word-like Hangul names (``established``) the
        report has named as places elsewhere, read without a government noun after them here."""
        text = text.translate(HALF_WIDTH)
        out: list[PlaceMention] = []
        for m in self.rx.finditer(text):
            word = m.group(0)
            if word not in self.entries:
                word = word[:-1]  # the genitive s
                if self.entries[word][1] not in ("name", "metonym", "capital"):
                    continue  # a plural or another word ("Americans" is not a genitive)
            if word in self.multinational:
                continue
            if word in self.hangul_words and word not in established and not self.place_context(text, m.end()):
                continue  # "결제 수단을", "진입 저지에": the word, not the country
            code, kind, auth = self.entries[word]
            if out and out[-1].end == m.start() and _CJK.match(word) and kind == "authority":
                # "ドイツ政府は": the government is the one just named, not Japan's own.
                continue
            if word.startswith("政府") and m.start() and _CJK.match(text[m.start() - 1]):
                continue  # "同政府は", "両政府が": a government named earlier, not Japan's own
            out.append(PlaceMention(code, kind, word, m.start(), m.end(),
                                    Authority(auth.name, auth.jurisdiction, auth.kind, word) if auth else None))
        if self.demonym_rx is not None:
            # Adjectives of countries the gazetteer does not spell out ("costarricense", "Costa Rican"),
            # derived from their CLDR names (build_words.demonym_table); a spelled-out one wins.
            taken = [(p.start, p.end) for p in out]
            for m in self.demonym_rx.finditer(fold(text)):
                if any(m.start() < b and m.end() > a for a, b in taken):
                    continue
                stem = re.sub(r"[\s-]", "", m.group("stem"))
                country = self.demonyms.get(stem) or self.demonyms.get(stem.replace("rr", "r"))
                case = "capitalised" if text[m.start()].isupper() else "lower"
                if (country and m.group("ending") in self.demonym_endings.get(case, ())
                        and (len(m.group("ending")) > 1 or len(m.group("stem")) >= self.short_stem)):
                    country = self._rival(stem, re.sub(r"[\s-]", "", m.group(0)), country)
                    if country:
                        out.append(PlaceMention(country, "adjective", text[m.start():m.end()], m.start(), m.end()))
            out.sort(key=lambda p: p.start)
        out = self.declined.find(text, out)
        out = [self._shared_body(text, p, out) for p in out]
        # "政府は", "各省庁": a bare government word is the reader's own government only when the
        # sentence names no other one ("英国政府は...各省庁に指示した" is Britain's ministries).
        governments = {p.jurisdiction for p in out if p.kind == "metonym" or (
            p.kind == "name" and _CJK.match(p.text) and _CJK_GOVERNMENT.match(text, p.end))}
        return [p for p in out if not (_deictic(p) and governments - {p.jurisdiction})]

    def _rival(self, stem: str, word: str, country: str) -> str:
        """The country an adjective read with ``stem`` names: the stem's own, unless the word begins
        with a longer look-alike of another country's own name word and goes on with an adjective's
        inflection ("dominicano" is "dominican-o" of the Dominican Republic, not "dominic-ano" of
        Dominica): the longest reading wins."""
        for rival, code in self.rivals.get(stem, {}).items():
            if word.startswith(rival) and word[len(rival):] in self.rival_inflections:
                return code
        return country

    def _shared_body(self, text: str, p: PlaceMention, found: list[PlaceMention]) -> PlaceMention:
        """An authority name several countries' bodies bear is the body of the country the sentence
        names among them before it ("Lithuania's ... its National Cyber Security Centre": the
        nearest one before) or right after it ("... Centre of New Zealand"), else the table's: a
        country named later in the sentence is what the body speaks of ("The Cabinet Office said
        Japan had ...")."""
        others = self.shared.get(p.text)
        if not others or p.authority is None:
            return p
        named = [q for q in found if q.authority is None and q.jurisdiction in others]
        before = [q for q in named if q.start < p.start]
        after = [q for q in named if q.start >= p.end and _OF.fullmatch(text[p.end:q.start])]
        if not before and not after:
            return p
        code = (max(before, key=lambda q: q.start) if before else after[0]).jurisdiction
        return replace(p, jurisdiction=code, authority=replace(p.authority, jurisdiction=code))
