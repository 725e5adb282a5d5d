"""Match names and identifiers against the registry: tokenise -> retrieve -> compare -> rank.

Repeated inputs are answered from a cache, because inventories and item lists repeat a few vendor
spellings thousands of times.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import pickle
import re
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from supplyscreen import settings
from supplyscreen.matching.index import SWAP_LEN, IndexedName, KnownFirms, NameIndex
from supplyscreen.matching.normalise import Kind, Normalised, Token, normalise
from supplyscreen.matching.scorer import Comparison, compare, explain, weight
from supplyscreen.model import Band, Entity, EntityRef, Match
from supplyscreen.registry import Registry

# Band thresholds on the weighted Dice score, set on the names development set (flagged recall
# 1.0 with no negative above POSSIBLE): a name that differs from a registry name by one place or
# generic word stays STRONG; one extra distinctive word on either side drops it to POSSIBLE or out.
STRONG = 0.86
POSSIBLE = 0.72
# Results per query: enough for a reviewer to see the alternatives, short enough to read.
LIMIT = 5
# Joining two input words is tried when their concatenation is a registry word (Hik Vision ->
# hikvision), and a bracketed part is dropped or read alone ("LT Security Inc. (LTS)"); such a
# match is strong, never exact, since the input was written differently.
JOINED_SCORE = 0.96
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A distinctive word in at most this many registered firms' names (IEEE/IANA) is a brand rather
# than a naming word (wingtech 4, alibaba 3, fibocom 2 against poly 6, orion 17, schneider 27).
RARE_REGISTRANT_FIRMS = 4
# An alias this short is an acronym ("HUA", "HMC"): inside a longer input it is as likely another
# firm's initials or a Chinese syllable (Hua Hong Semiconductor) as this party, so it must stand alone.
ACRONYM_LEN = 3
# The name of a designated group's company or brand, alone as a word of a longer name that the
# registry does not hold (ZTE Microelectronics, Hytera Mobilfunk GmbH): kept at the lowest band for
# a person to check ownership, since subsidiaries come from recorded relations, never from names.
CONTAINS_SCORE = POSSIBLE


_BRACKETS = re.compile(r"[(（\[]([^()（）\[\]]{1,60})[)）\]]")


@dataclass(frozen=True, slots=True)
class _Scored:
    name: IndexedName
    cmp: Comparison
    joined: bool
    contained: bool = False


class Matcher:
    """Name and identifier matching over one registry."""

    def __init__(self, registry: Registry, limit: int = LIMIT) -> None:
        self.registry = registry
        self.limit = limit
        self.index = cached_index(registry)
        self._group_words = _group_words(registry, self.index)
        # Names other firms bear too (model.Alias.ambiguous): a match on one is only a lead.
        self._ambiguous = frozenset((e.id, a.name) for e in registry for a in e.aliases if a.ambiguous)
        self.index.swap_targets = _swap_targets(registry, self.index)

    def match(self, text: str, as_of: dt.date | None = None) -> tuple[Match, ...]:
        """Listed or designated entities that ``text`` may name, best first, with their designated links.

        The registry also holds parties that are on no list (Teltronics, Inc., Lorex Industries),
        kept so that look-alikes are told apart. When such a party is the best explanation of the
        input, the weaker matches below it are not leads, so they are not returned either.
        """
        out = []
        for m in self.match_all(text, as_of):
            if not m.designated:
                break
            out.append(m)
        return tuple(out)

    def match_all(self, text: str, as_of: dt.date | None = None) -> tuple[Match, ...]:
        """Every registry entity ``text`` may name, listed or not, best first."""
        return tuple(self._with_links(m, as_of) for m in self._match_name(text.strip()))

    def match_entity(self, entity_id: str, explanation: str, as_of: dt.date | None = None) -> Match:
        """An exact match on an entity found by identifier (MAC block, PEN, CPE vendor, ...)."""
        e = self.registry.entities[entity_id]
        return self._with_links(Match(EntityRef(e.id, e.name), 1.0, Band.EXACT, explanation), as_of)

    @lru_cache(maxsize=200_000)  # noqa: B019 - one matcher per process; the cache is the point
    def _match_name(self, text: str) -> tuple[Match, ...]:
        if not text:
            return ()
        query = normalise(text)
        if not query.tokens:
            return ()
        best: dict[str, _Scored] = {}
        variants = [(v, j, False) for v, j in self._variants(query)] + self._bracket_variants(text)
        for variant, joined, exact_only in variants:
            for i in self.index.candidates(variant, self._weak_words(variant)):
                name = self.index.name(i)
                cmp = compare(self.index, variant, name.norm)
                if cmp is None or (exact_only and not cmp.exact) or self._unlikely(variant, name, cmp):
                    continue
                cmp = self._weighed(text, query, name, cmp, joined, exact_only)
                if cmp is None:
                    continue
                old = best.get(name.entity_id)
                if old is None or (cmp.score, cmp.exact) > (old.cmp.score, old.cmp.exact):
                    best[name.entity_id] = _Scored(name, cmp, joined)
        kept = [s for s in best.values() if s.cmp.score >= POSSIBLE]
        if not any(self.registry.entities[s.name.entity_id].group or s.cmp.score >= STRONG for s in kept):
            # Only when nothing explains the name well: Shanghai Dahua Scale Factory is a known other firm.
            kept.extend(self._group_word_hits(query, best))
        kept.sort(key=lambda s: self._rank(s), reverse=True)
        return tuple(self._to_match(text, query, s) for s in kept[: self.limit])

    def _weighed(self, text: str, query: Normalised, name: IndexedName, cmp: Comparison,
                 joined: bool, alone: bool = False) -> Comparison | None:
        """``cmp`` as evidence: None when the input names another registered firm, else its score
        capped at POSSIBLE where the reading that made it is only a lead. ``alone``: the reading
        is the input's bracketed part on its own."""
        if (joined or not cmp.exact) and self._another_firm(query, name, cmp):
            return None
        if joined and cmp.exact:
            cmp = replace(cmp, score=JOINED_SCORE, exact=False)
        lead = (
            # A name other firms bear too (a network tool's short name such as "Hangzhou").
            (name.entity_id, name.text) in self._ambiguous
            # A bracketed acronym read alone names a party only of a designated group: else it is
            # as likely the firm's own initials ("Intelligent Devices Inc. (IDI)") or a status
            # ("(MSC)") as a listed party's short name; the rest of the input is read as well.
            or (alone and not self.registry.entities[name.entity_id].group
             and all(len(t.text) <= ACRONYM_LEN for t in name.norm.tokens))
            # Two words read as one and still more words than the name: "Hua Wei Trading" may be
            # 华为 or any 华威 trading firm.
            or (joined and any(t.kind is not Kind.PLACE for t in cmp.extra_query))
            # A Han name read in pinyin and met by a Latin input other than word for word (Yingshi
            # Network for 杭州萤石网络: also 影视, film and TV), or a short Han name met inside a
            # longer input: pinyin readings are shared by many firms' names. (Designated firms'
            # Latin names are aliases of their own, matched as usual.)
            or (_HAN.search(name.text) is not None and (
                (_HAN.search(text) is None and not (cmp.exact and not name.weak)) or (name.weak and not cmp.exact))))
        return replace(cmp, score=min(cmp.score, POSSIBLE)) if lead else cmp

    def _unlikely(self, query: Normalised, name: IndexedName, cmp: Comparison) -> bool:
        """Pairs whose shared words are not evidence: part of a vessel's or aircraft's name, a firm's
        name against a person's, or a short acronym alias met as one word of a longer input beside
        words other than places."""
        kind = self.registry.entities[name.entity_id].kind
        if kind == "person" and query.legal:
            return True  # "AD.EL s.r.l." is a firm, even where its words are a person's alias ("Adel")
        if cmp.exact:
            return False
        if kind in ("vessel", "aircraft"):
            return True  # a ship or aircraft is named in full: "Sierra Wireless" is not the vessel SIERRA
        if kind == "person" and (
                query.legal or any(t.kind is Kind.GENERIC for t in query.tokens)):
            return True  # "Zeta Technologies" is a firm; "ZETA 33" is a person's nickname
        toks = name.norm.tokens
        return (len(toks) == 1 and len(toks[0].text) <= ACRONYM_LEN
                and name.text != self.registry.entities[name.entity_id].name
                and any(t.kind is not Kind.PLACE for t in cmp.extra_query))

    def _another_firm(self, query: Normalised, name: IndexedName, cmp: Comparison) -> bool:
        """The input is, word for word, the name of a firm that registered a MAC block or an
        enterprise number (Schneider Electric, Quantum Corporation, Poly), and shares with a listed
        party that is in no designated group only words that many registered firms use: it names
        that firm, not the listed one. A word few registered firms use (at most
        RARE_REGISTRANT_FIRMS) is a brand, and the firm most likely the listed party's kin
        (Wingtech Mobile Communications and Wingtech Technology)."""
        if self.registry.entities[name.entity_id].group:
            return False
        shared = [q for q, n, _ in cmp.matched if n in self.index.postings]
        if not shared or not self.index.known_firm(query.key, shared[0]):
            return False
        return all(self.index.firms_with(w) > RARE_REGISTRANT_FIRMS for w in shared)

    def _group_word_hits(self, query: Normalised, best: dict[str, _Scored]) -> list[_Scored]:
        """Designated groups' one-word names found as a word of the input (see CONTAINS_SCORE)."""
        out = []
        for tok in query.tokens:
            i = self._group_words.get(tok.text) if tok.kind is Kind.DISTINCT else None
            if i is None:
                continue
            name = self.index.name(i)
            extra = tuple(t for t in query.tokens if t is not tok)
            cmp = Comparison(CONTAINS_SCORE, False, ((tok.text, tok.text, 0),), extra, ())
            old = best.get(name.entity_id)
            if old is None or old.cmp.score < POSSIBLE:
                out.append(_Scored(name, cmp, False, contained=True))
        return out

    def _weak_words(self, query: Normalised) -> frozenset[str]:
        """The query's commonest distinctive words that, even all matched together with every
        generic and place word, give a weighted Dice score below POSSIBLE: a name reached only
        through them could never be returned, so they need not fetch candidates."""
        distinct = sorted((t for t in query.tokens if t.kind is Kind.DISTINCT), key=lambda t: weight(self.index, t))
        if len(distinct) < 2:
            return frozenset()
        total = sum(weight(self.index, t) for t in query.tokens)
        free = total - sum(weight(self.index, t) for t in distinct)  # generic and place words
        skip: list[str] = []
        shared = free
        for t in distinct[:-1]:  # the rarest word always retrieves
            shared += weight(self.index, t)
            if 2 * shared / (total + shared) >= POSSIBLE:
                break
            skip.append(t.text)
        return frozenset(skip)

    def _rank(self, s: _Scored) -> tuple[float, bool, bool, int]:
        # Ties go to the entity of a designated group, then to the name with fewer unmatched words:
        # "Dahua" alone more likely means Dahua Technology than the unrelated Dahua Electronics.
        e = self.registry.entities[s.name.entity_id]
        return (s.cmp.score, s.cmp.exact, bool(e.group), -len(s.cmp.extra_name))

    def _variants(self, query: Normalised) -> list[tuple[Normalised, bool]]:
        """The query, and the query with two neighbouring words joined where that is a registry word."""
        out = [(query, False)]
        toks = query.tokens
        for i in range(len(toks) - 1):
            if toks[i].kind is Kind.GENERIC and toks[i + 1].kind is Kind.GENERIC:
                continue  # "Digital Systems" is two common words, not a misspelt "Digitalsystem"
            joined = toks[i].text + toks[i + 1].text
            if joined in self.index.postings:
                merged = (*toks[:i], Token(joined, Kind.DISTINCT), *toks[i + 2 :])
                out.append((Normalised(merged, query.legal), True))
        return out

    def _bracket_variants(self, text: str) -> list[tuple[Normalised, bool, bool]]:
        """"LT Security Inc. (LTS)": the name without its bracketed part, and a bracketed short name
        on its own, which must then equal a registry name exactly: "HP Inc. (Poly)" is HP, not a
        firm whose name merely contains Poly. A bracketed place is only dropped, never used alone."""
        inner = _BRACKETS.findall(text)
        if not inner:
            return []
        out = []
        outer = normalise(_BRACKETS.sub(" ", text))
        if outer.tokens:
            out.append((outer, True, False))
        for part in inner:
            short = normalise(part)
            if len(short.tokens) == 1 and short.tokens[0].kind is Kind.DISTINCT:
                out.append((short, True, True))
        return out

    def _to_match(self, text: str, query: Normalised, s: _Scored) -> Match:
        e = self.registry.entities[s.name.entity_id]
        if s.cmp.exact and not s.name.weak:
            band = Band.EXACT
        elif s.cmp.score >= STRONG:
            band = Band.STRONG
        else:
            band = Band.POSSIBLE
        why = explain(text, s.name.text, e.name, s.cmp, query.legal)
        if s.joined:
            why = why[:-1] + "; the input was read with two words joined or without its bracketed part."
        if s.contained:
            why = why[:-1] + ("; the input holds this designated company's name as a word, but the registry"
                              " records no relation to the rest of the name: check who owns it.")
        if not s.cmp.exact and not s.cmp.extra_query and not s.cmp.extra_name and all(
                t.kind is Kind.GENERIC for t in query.tokens):
            why = why[:-1] + ("; every word of this name is a common business word, so another firm may"
                              " bear the same name: confirm who the supplier is.")
        if (e.id, s.name.text) in self._ambiguous and s.cmp.exact:
            why = why[:-1] + ("; network tools give this short name to many IEEE registrants besides this one,"
                              " so it is only a lead: confirm the maker (a MAC address or the full name).")
        elif s.name.weak and s.cmp.exact:
            why = why[:-1] + "; this short name is shared by other parties, so it is not conclusive."
        return Match(EntityRef(e.id, e.name), s.cmp.score, band, why, matched_name=s.name.text)

    def _with_links(self, m: Match, as_of: dt.date | None) -> Match:
        return replace(m, designated=self.registry.designated_links(m.entity.id, as_of))


def cached_index(registry: Registry) -> NameIndex:
    """The index for ``names``, from the on-disk cache when this exact registry and code built it before.

    Normalising every registry name costs most of a second; a cached index loads in a fraction of
    that. The cache key covers the names and the matching code, so a stale index is never used.
    """
    names = [(e.id, name, weak) for e in registry for name, weak in _names(e)]
    cache = settings.load().cache_dir
    if cache is None:
        return NameIndex(names, known_firms())
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for module in ("vocabulary.py", "normalise.py", "index.py", "matcher.py"):
        digest.update((here / module).read_bytes())
    for table in _REGISTRANT_TABLES:
        digest.update(resources.files("supplyscreen.identifiers").joinpath("data", table).read_bytes())
    if registry.fingerprint:
        digest.update(registry.fingerprint.encode())
    else:
        for entity_id, name, weak in names:
            digest.update(f"{entity_id}\x1f{name}\x1f{weak:d}\x1e".encode())
    path = cache / f"name-index-{digest.hexdigest()[:24]}.pickle"
    try:
        with open(path, "rb") as fh, _no_gc():
            index = pickle.load(fh)
        if isinstance(index, NameIndex):
            return index
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    index = NameIndex(names, known_firms())
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache, delete=False, suffix=".tmp") as tmp:
            pickle.dump(index, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
    except OSError:
        pass  # a read-only home still matches, only slower at start-up
    return index


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading many small objects that hold no cycles:
    otherwise it runs dozens of full passes over them and doubles the load time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


_REGISTRANT_TABLES = ("ieee-oui.tsv.gz", "iana-pen.tsv.gz")


@lru_cache(maxsize=1)
def known_firms() -> KnownFirms:
    """The firms that registered a MAC block or an enterprise number (about 89,000 names): their
    distinctive words (micron, kingston, sierra: none of them a misspelling) and their whole
    normalised names."""
    from supplyscreen.identifiers import default_oui_table, default_pen_table

    orgs = default_oui_table().organizations() | default_pen_table().organizations()
    words: set[str] = set()
    keys_with: dict[str, set[str]] = defaultdict(set)
    for org in orgs:
        norm = normalise(org)
        for t in norm.tokens:
            if t.kind is Kind.DISTINCT:
                words.add(t.text)
                keys_with[t.text].add(norm.key)
    return KnownFirms(frozenset(words), {w: frozenset(k) for w, k in keys_with.items()})



def _group_words(registry: Registry, index: NameIndex) -> dict[str, int]:
    """One-word, non-weak names of designated groups' entities (Huawei, ZTE, Hytera, EZVIZ) by
    word, each to its indexed name; a word two groups share belongs to neither."""
    found: dict[str, int | None] = {}
    for i, (entity_id, _text, weak) in enumerate(index.meta):
        if weak or not registry.entities[entity_id].group:
            continue
        toks = index.name(i).norm.tokens
        if len(toks) != 1 or toks[0].kind is not Kind.DISTINCT or len(toks[0].text) < 3:
            continue
        word = toks[0].text
        if word not in found:
            found[word] = i
        elif (seen := found[word]) is not None and index.meta[seen][0] != entity_id:
            found[word] = None
    return {w: i for w, i in found.items() if i is not None}


def _swap_targets(registry: Registry, index: NameIndex) -> frozenset[str]:
    """Five-letter words that alone make a designated group's entity's name distinctive (Dahua
    in "Dahua Technology Company", EZVIZ, Nubia; see index.SWAP_LEN): the words such a group is
    known by, not any word of its members' names."""
    out = set()
    for i, (entity_id, _text, _weak) in enumerate(index.meta):
        if not registry.entities[entity_id].group:
            continue
        distinct = [t.text for t in index.name(i).norm.tokens if t.kind is Kind.DISTINCT]
        if len(distinct) == 1 and len(w := distinct[0]) == SWAP_LEN and w.isascii() and w.isalpha():
            out.add(w)
    return frozenset(out)


def _names(e: Entity) -> list[tuple[str, bool]]:
    return [(e.name, False), *((a.name, a.weak) for a in e.aliases)]
