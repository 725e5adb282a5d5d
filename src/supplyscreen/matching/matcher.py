"""Match names and identifiers against the registry: tokenise -> retrieve -> compare -> rank.

Repeated inputs are answered from a cache, because inventories and item lists repeat a few vendor
spellings thousands of times.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from supplyscreen.matching import features as feat
from supplyscreen.matching.features import POSSIBLE, STRONG, Outcome, Pair, Reading
from supplyscreen.matching.index import SWAP_LEN, KnownFirms, NameIndex
from supplyscreen.matching.normalise import Kind, Normalised, Token, normalise, pinyin_version
from supplyscreen.matching.scorer import Comparison, compare, explain, weight
from supplyscreen.model import Band, Entity, EntityRef, FeatureHit, Match
from supplyscreen.registry import Registry
from supplyscreen.registry import cache as derived

__all__ = ["LIMIT", "POSSIBLE", "STRONG", "Matcher", "cached_index", "known_firms"]

# Results per query: enough for a reviewer to see the alternatives, short enough to read.
LIMIT = 5
# The name of a designated group's company or brand, alone as a word of a longer name that the
# registry does not hold (ZTE Microelectronics, Hytera Mobilfunk GmbH): kept at the lowest band for
# a person to check ownership, since subsidiaries come from recorded relations, never from names.
CONTAINS_SCORE = POSSIBLE


_BRACKETS = re.compile(r"[(（\[]([^()（）\[\]]{1,60})[)）\]]")


@dataclass(frozen=True, slots=True)
class _Scored:
    pair: Pair
    outcome: Outcome
    order: int
    """The position of the compared name in the index (registry order)."""


class Matcher:
    """Name and identifier matching over one registry."""

    def __init__(self, registry: Registry, limit: int = LIMIT) -> None:
        self.registry = registry
        self.limit = limit
        self.index = cached_index(registry)
        self._group_words = _group_words(registry, self.index)
        self.index.swap_targets = _swap_targets(registry, self.index)
        self.fired: dict[str, int] = {}
        """How often each feature (``features.FEATURES``) fired, over every name matched afresh
        (repeats come from the result cache and are not counted again)."""

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

    def can_be_exact(self, text: str) -> bool:
        """Whether some match of ``text`` could be of band EXACT: only a pair whose normalised keys
        are equal is exact (scorer.compare), features only ever take exactness away, and every
        name compared is an indexed one, so one of the readings :meth:`_match_name` compares (the
        text as written, words joined, brackets dropped or alone) must be an indexed name's key.
        Lets a caller that keeps only exact matches (an IEEE or IANA registrant's name) skip the
        fuzzy search of a name that no registry name equals."""
        text = text.strip()
        if not text:
            return False
        query = normalise(text)
        if not query.tokens:
            return False
        keys = self.index.by_key
        return any(v[0].key in keys for v in self._variants(text, query) + self._bracket_variants(text))

    @lru_cache(maxsize=200_000)  # noqa: B019 - one matcher per process; the cache is the point
    def _match_name(self, text: str) -> tuple[Match, ...]:
        if not text:
            return ()
        query = normalise(text)
        if not query.tokens:
            return ()
        best: dict[str, _Scored] = {}
        for variant, reading, detail, read in self._variants(text, query) + self._bracket_variants(text):
            for i in self.index.candidates(variant, self._weak_words(variant)):
                name = self.index.name(i)
                cmp = compare(self.index, variant, name.norm)
                # Features only lower a score: a pair below the lowest band can be left at once.
                if cmp is None or cmp.score < POSSIBLE:
                    continue
                pair = Pair(text, query, variant, name, self.registry.entities[name.entity_id], cmp, reading,
                            detail, read, self.index)
                out = feat.decide(pair, self.fired)
                if out is None:
                    continue
                old = best.get(name.entity_id)
                if old is None or (out.score, out.exact) > (old.outcome.score, old.outcome.exact):
                    best[name.entity_id] = _Scored(pair, out, i)
        kept = [s for s in best.values() if s.outcome.score >= POSSIBLE]
        if not any(s.pair.entity.group or s.outcome.score >= STRONG for s in kept):
            # Only when nothing explains the name well: Shanghai Dahua Scale Factory is a known other firm.
            kept.extend(self._group_word_hits(text, query, best))
        kept.sort(key=self._rank, reverse=True)
        return tuple(self._to_match(s) for s in kept[: self.limit])

    def _group_word_hits(self, text: str, query: Normalised, best: dict[str, _Scored]) -> list[_Scored]:
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
            if old is None or old.outcome.score < POSSIBLE:
                pair = Pair(text, query, query, name, self.registry.entities[name.entity_id], cmp,
                            Reading.CONTAINED, tok.text, text, self.index)
                decided = feat.decide(pair, self.fired)
                if decided is not None:
                    out.append(_Scored(pair, decided, i))
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

    @staticmethod
    def _rank(s: _Scored) -> tuple[float, bool, bool, int, int, int]:
        # Ties go to the entity of a designated group, then to the name with fewer unmatched words:
        # "Dahua" alone more likely means Dahua Technology than the unrelated Dahua Electronics.
        # Then to the party on more lists (Huawei Technologies itself before an Entity List entry
        # of the same name), then to the registry's order, so equal matches come in one order
        # whatever order the candidates were found in.
        p = s.pair
        return (s.outcome.score, s.outcome.exact, bool(p.entity.group), -len(p.cmp.extra_name),
                len(p.entity.designations), -s.order)

    def _variants(self, text: str, query: Normalised) -> list[tuple[Normalised, Reading, str, str]]:
        """The query, and the query with two neighbouring words joined where that is a registry word."""
        out = [(query, Reading.AS_WRITTEN, "", text)]
        toks = query.tokens
        for i in range(len(toks) - 1):
            if toks[i].kind is Kind.GENERIC and toks[i + 1].kind is Kind.GENERIC:
                continue  # "Digital Systems" is two common words, not a misspelt "Digitalsystem"
            joined = toks[i].text + toks[i + 1].text
            if joined in self.index.postings:
                merged = (*toks[:i], Token(joined, Kind.DISTINCT), *toks[i + 2 :])
                out.append((Normalised(merged, query.legal), Reading.JOINED, joined, text))
        return out

    def _bracket_variants(self, text: str) -> list[tuple[Normalised, Reading, str, str]]:
        """"LT Security Inc. (LTS)": the name without its bracketed part, and a bracketed short name
        on its own (which must then equal a registry name exactly: see features). A bracketed place
        is only dropped, never used alone."""
        inner = _BRACKETS.findall(text)
        if not inner:
            return []
        out = []
        without = " ".join(_BRACKETS.sub(" ", text).split())
        outer = normalise(without)
        if outer.tokens:
            out.append((outer, Reading.WITHOUT_BRACKETS, ", ".join(f"({x})" for x in inner), without))
        for part in inner:
            short = normalise(part)
            if len(short.tokens) == 1 and short.tokens[0].kind is Kind.DISTINCT:
                out.append((short, Reading.BRACKET_ALONE, part, part))
        return out

    def _to_match(self, s: _Scored) -> Match:
        p, out = s.pair, s.outcome
        base = explain(p.text, p.name.text, p.entity.name, p.cmp, p.query.legal, out.exact)
        hits = tuple(FeatureHit(f.id, f.effect, f.sentence(p)) for f in out.fired)
        why = " ".join((base, *(h.explanation for h in hits)))
        return Match(EntityRef(p.entity.id, p.entity.name), round(out.score, 4), out.band, why,
                     matched_name=p.name.text, features=hits)

    def _with_links(self, m: Match, as_of: dt.date | None) -> Match:
        return replace(m, designated=self.registry.designated_links(m.entity.id, as_of))


def cached_index(registry: Registry) -> NameIndex:
    """The index of the registry's names, from the start-up cache (registry/cache.py) when this
    exact registry and code built it before.

    Normalising every registry name costs most of a second; a cached index loads in a fraction of
    that. The key covers the registry (its fingerprint, else its names), the matching code, the
    registrant tables behind ``known_firms`` and pypinyin's version, so a stale index is never used.
    """
    here = Path(__file__).parent
    code = [here / module for module in ("vocabulary.py", "normalise.py", "index.py", "matcher.py", "features.py")]
    tables = [Path(str(resources.files("supplyscreen.identifiers").joinpath("data", t))) for t in _REGISTRANT_TABLES]
    if registry.fingerprint:
        names = registry.fingerprint.encode()
    else:
        h = hashlib.sha256()
        for entity_id, name, weak in _all_names(registry):
            h.update(f"{entity_id}\x1f{name}\x1f{weak:d}\x1e".encode())
        names = h.digest()
    parts = (b"name-index", derived.code_digest(*code, *tables), names, pinyin_version())
    return derived.load_or_build("name-index", parts, lambda: NameIndex(_all_names(registry), known_firms()),
                                 NameIndex)


def _all_names(registry: Registry) -> list[tuple[str, str, bool]]:
    """(entity id, name, weak) for every name the index holds. Listed only when the index is built
    or the registry has no fingerprint: a cache hit keyed on the fingerprint needs none (~0.07 s)."""
    return [(e.id, name, weak) for e in registry for name, weak in _names(e)]


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
