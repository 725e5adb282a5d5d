"""The matcher's heuristics as named features, declared in one place, in the order they apply.

The scorer aligns the words of an input with those of one registry name and gives a weighted Dice
score (``scorer.compare``). Whether that pair is evidence, and how strong, is then decided by the
features below: each is a small pure predicate of the pair (a ``Pair``) with an effect:

- ``veto``: the pair is no evidence and the match is dropped;
- ``adjust``: the score is set or scaled;
- ``cap``: the match reaches no higher band than the feature's (a lead for a person to check).

A feature's docstring is the sentence a user reads when it fires: a template filled with the
pair's own values (``Pair.values``), never patched text. A match carries the features that fired on
it (``Match.features``), so ``supplyscreen match --format json`` says which rules decided it.
Vetoes do not reach a match; the matcher counts every feature that fires (``Matcher.fired``) for
``benchmarks/run.py names``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from supplyscreen.matching.index import IndexedName, NameIndex
from supplyscreen.matching.normalise import Aspect, Kind, Normalised, form, normalise
from supplyscreen.matching.scorer import Comparison
from supplyscreen.model import Band, Entity, FeatureEffect

# Band thresholds on the weighted Dice score, set on the names development set (flagged recall
# 1.0 with no negative above POSSIBLE): a name that differs from a registry name by one place or
# generic word stays STRONG; one extra distinctive word on either side drops it to POSSIBLE or out.
STRONG = 0.86
POSSIBLE = 0.72
# A reading other than the input as written (two words joined, a bracketed part dropped or read
# alone) that then equals a registry name is strong, never exact, since the input was written
# differently.
JOINED_SCORE = 0.96
# A word of this many letters or fewer is an acronym ("HUA", "HMC"): inside a longer input it is
# as likely another firm's initials or a Chinese syllable (Hua Hong Semiconductor) as a listed
# party's short name.
ACRONYM_LEN = 3
# A name whose distinctive words are all this short is a set of initials or a short word that many
# firms bear: among the 89,000 IEEE/IANA registrants' names, 42 % of the three-letter words and
# 27 % of the four-letter ones are in two or more firms' names (23 % at five letters, 13 % at nine
# or more). Such a name identifies a party only written as the registry writes it.
SHORT_NAME_LEN = 4
# A distinctive word in at most this many registered firms' names (IEEE/IANA) is a brand rather
# than a naming word (wingtech 4, alibaba 3, fibocom 2 against poly 6, orion 17, schneider 27).
RARE_REGISTRANT_FIRMS = 4
# Names that differ on both sides keep 85 % of their score: Dahua Technology vs Dahua Electronics
# drops from strong to possible, a shared common word alone drops below POSSIBLE.
DIVERGENCE_PENALTY = 0.85
# A listed name made only of common words (Semiconductor Manufacturing International, Advanced
# Technology Solutions) met word for word: three such words in that order are rarely chance, two
# ("Digital Technology") often are.
ALL_GENERIC_MIN_WORDS = 3

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class Reading(Enum):
    """How the input was read for one comparison."""

    AS_WRITTEN = "as written"
    JOINED = "with two words joined"
    WITHOUT_BRACKETS = "without its bracketed part"
    BRACKET_ALONE = "as its bracketed part alone"
    CONTAINED = "as one of its words"


@dataclass(frozen=True, slots=True)
class Pair:
    """One input compared with one registry name: everything a feature may read."""

    text: str
    """The input as written."""
    whole: Normalised
    """The input as written, normalised."""
    query: Normalised
    """The reading of the input that was compared (see ``reading``)."""
    name: IndexedName
    entity: Entity
    cmp: Comparison
    reading: Reading
    detail: str
    """What the reading changed: the joined word, or the bracketed part."""
    read: str
    """The text the reading compared: the input, without its bracketed part, or that part alone."""
    index: NameIndex

    @property
    def exact(self) -> bool:
        """The input as written is this registry name once normalised."""
        return self.cmp.exact and self.reading is Reading.AS_WRITTEN

    @property
    def grouped(self) -> bool:
        """The entity belongs to a designated group, whose names are curated."""
        return bool(self.entity.group)

    def values(self) -> dict[str, str]:
        """The pair's values for a feature's sentence."""
        return {
            "text": self.text,
            "read": self.read,
            "name": self.name.text,
            "entity": self.entity.name,
            "kind": self.entity.kind,
            "reading": self.reading.value,
            "detail": self.detail,
            "legal": _quoted(self.query.legal),
            "shared": _quoted(q for q, _, _ in self.cmp.matched),
            "extra": _quoted(t.text for t in self.cmp.extra_query if t.kind is not Kind.PLACE),
            "both": _quoted(t.text for t in (*self.cmp.extra_query, *self.cmp.extra_name)
                            if t.kind is not Kind.PLACE),
            "typos": _quoted(f"{q}' for '{n}" for q, n, d in self.cmp.matched if d),
            "joined_score": f"{JOINED_SCORE:.2f}",
            "penalty": f"{round(100 * (1 - DIVERGENCE_PENALTY))}",
            "acronym_len": str(ACRONYM_LEN),
            "firms": str(RARE_REGISTRANT_FIRMS),
            "shared_distinct": _quoted(_shared_distinct(self)),
            "short_len": str(SHORT_NAME_LEN),
        }


@lru_cache(maxsize=64)
def _one_line(doc: str) -> str:
    return " ".join(doc.split())


def _quoted(words: object) -> str:
    return ", ".join(f"'{w}'" for w in words)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Feature:
    """A named heuristic: its predicate, effect, and for an adjustment or cap its figure."""

    id: str
    effect: FeatureEffect
    test: Callable[[Pair], bool]
    band: Band | None = None
    """cap: the highest band the match may reach."""
    score: float | None = None
    """adjust: the score the match gets (if exact: see ``Feature.apply``)."""
    scale: float | None = None
    """adjust: the factor the score is multiplied by."""

    @property
    def template(self) -> str:
        """The predicate's docstring on one line: the sentence shown when the feature fires."""
        return _one_line(self.test.__doc__ or "")

    def sentence(self, pair: Pair) -> str:
        return self.template.format(**pair.values())


# --- veto: the pair is no evidence ------------------------------------------------------------------

def bracket_part_not_exact(p: Pair) -> bool:
    """The input's bracketed part '{detail}' read on its own counts only where it is a registry
    name exactly: 'HP Inc. (Poly)' is HP, not a firm whose name merely contains Poly."""
    return p.reading is Reading.BRACKET_ALONE and not p.cmp.exact


def legal_form_firm(p: Pair) -> bool:
    """'{text}' carries the legal form {legal} of a firm, and {entity} is a {kind}: 'AD.EL s.r.l.'
    is a firm, even where its words are a person's alias ('Adel'), and 'ALPHA Corporation' is not
    the vessel ALPHA."""
    return p.entity.kind in _NOT_FIRMS and bool(p.query.legal)


_NOT_FIRMS = ("person", "vessel", "aircraft")


def craft_named_in_full(p: Pair) -> bool:
    """{entity} is a {kind}, named in full or not at all: 'Sierra Wireless' is not the vessel
    SIERRA."""
    return p.entity.kind in ("vessel", "aircraft") and not p.cmp.exact


def firm_words_not_person(p: Pair) -> bool:
    """'{text}' has a firm's common business words and {entity} is a person: 'Zeta Technologies' is a
    firm, 'ZETA 33' a person's nickname."""
    return (p.entity.kind == "person" and not p.cmp.exact
            and any(t.kind is Kind.GENERIC for t in p.query.tokens))


def acronym_alias_among_words(p: Pair) -> bool:
    """'{name}' is a short alias of {entity} (an acronym of at most {acronym_len} letters), met as
    one word of a longer input beside {extra}: as likely another firm's initials or a Chinese
    syllable (Hua Hong Semiconductor) as this party."""
    toks = p.name.norm.tokens
    return (p.reading is not Reading.CONTAINED and not p.cmp.exact and len(toks) == 1 and len(toks[0].text) <= ACRONYM_LEN
            and p.name.text != p.entity.name
            and any(t.kind is not Kind.PLACE for t in p.cmp.extra_query))


def typo_beside_other_words(p: Pair) -> bool:
    """A misspelt word ({typos}) is weak evidence, accepted only when every other word of the input
    agrees, and '{text}' also has {extra}: 'Cisco Systems' is not COSCO Shipping."""
    return (any(d for _, _, d in p.cmp.matched)
            and any(t.kind is not Kind.PLACE for t in p.cmp.extra_query))


def common_words_only(p: Pair) -> bool:
    """'{text}' is only common business words, fewer than three: 'Digital Technology Co Ltd' equals
    a listed name but identifies nobody."""
    return (p.cmp.exact and len(p.query.tokens) < ALL_GENERIC_MIN_WORDS
            and all(t.kind is Kind.GENERIC for t in p.query.tokens))


def another_registered_firm(p: Pair) -> bool:
    """'{text}' is, word for word, the name of a firm that registered a MAC block or an enterprise
    number, and shares with {entity} (in no designated group) only words that more than {firms}
    registered firms use ({shared}): it names that firm, not the listed one (Schneider Electric,
    Quantum Corporation, Poly). A word fewer firms use is a brand, and its firm most likely the
    listed party's kin (Wingtech Mobile Communications and Wingtech Technology)."""
    if p.exact or p.grouped:
        return False
    shared = [q for q, n, _ in p.cmp.matched if n in p.index.postings]
    if not shared or not p.index.known_firm(p.whole.key, shared[0]):
        return False
    return all(p.index.firms_with(w) > RARE_REGISTRANT_FIRMS for w in shared)


# --- adjust: the score is set or scaled ----------------------------------------------------------

def read_joined(p: Pair) -> bool:
    """The input was read with two of its words joined as '{detail}', so the match is never exact
    (an exact reading scores {joined_score})."""
    return p.reading is Reading.JOINED


def read_without_brackets(p: Pair) -> bool:
    """The input was read without its bracketed part '{detail}', so the match is never exact (an
    exact reading scores {joined_score})."""
    return p.reading is Reading.WITHOUT_BRACKETS


def read_bracket_alone(p: Pair) -> bool:
    """The input was read as its bracketed part '{detail}' alone, so the match is never exact (an
    exact reading scores {joined_score}): the rest of the input names something too."""
    return p.reading is Reading.BRACKET_ALONE


def names_diverge(p: Pair) -> bool:
    """Both names have words the other lacks ({both}): two different names that share a word (Super
    Micro Computer and Super Trade), not one name written longer or shorter, so the score loses
    {penalty} %."""
    return (any(t.kind is not Kind.PLACE for t in p.cmp.extra_query)
            and any(t.kind is not Kind.PLACE for t in p.cmp.extra_name))


# --- cap: a lead for a person to check ------------------------------------------------------------

def common_words_met(p: Pair) -> bool:
    """Every word of this name is a common business word, so another firm may bear the same name:
    confirm who the supplier is."""
    return p.cmp.exact and all(t.kind is Kind.GENERIC for t in p.query.tokens)


def bracketed_acronym_alone(p: Pair) -> bool:
    """A bracketed acronym read alone names a party only of a designated group: else it is as likely
    the firm's own initials ('Intelligent Devices Inc. (IDI)') or a status ('(MSC)') as {entity}'s
    short name, so it is only a lead."""
    return (p.reading is Reading.BRACKET_ALONE and not p.grouped
            and all(len(t.text) <= ACRONYM_LEN for t in p.name.norm.tokens))


def reading_with_more_words(p: Pair) -> bool:
    """Read {reading}, the input still has words the registry name lacks ({extra}): 'Hua Wei
    Trading' may be 华为 or any 华威 trading firm, so it is only a lead."""
    return (p.reading in (Reading.JOINED, Reading.WITHOUT_BRACKETS, Reading.BRACKET_ALONE)
            and any(t.kind is not Kind.PLACE for t in p.cmp.extra_query))


def han_name_in_pinyin(p: Pair) -> bool:
    """'{name}' is a Chinese name met through its pinyin reading by a Latin input other than word for
    word: pinyin readings are shared by many firms' names (Yingshi Network is 萤石网络 and also
    影视网络, film and TV), so it is only a lead."""
    return (p.reading is not Reading.CONTAINED and _HAN.search(p.name.text) is not None
            and _HAN.search(p.text) is None and not (p.exact and not p.name.weak))


def short_han_name_inside(p: Pair) -> bool:
    """'{name}' is a short Chinese name of {entity} met inside a longer input: many firms' names
    hold the same characters, so it is only a lead."""
    return (p.reading is not Reading.CONTAINED and _HAN.search(p.name.text) is not None
            and p.name.weak and not p.exact)


def designated_name_inside(p: Pair) -> bool:
    """The input holds this designated company's name as a word, but the registry records no
    relation to the rest of the name: check who owns it."""
    return p.reading is Reading.CONTAINED


def short_name(p: Pair) -> bool:
    """The words '{read}' shares with '{name}' ({shared_distinct}) are at most {short_len} letters
    long, initials or a short word that many firms bear, and the two names differ beyond case,
    punctuation and script: a short name identifies {entity} only written out as the registry
    writes it, so this is only a lead."""
    if p.grouped:
        return False
    shared = _shared_distinct(p)
    return (bool(shared) and all(len(w) <= SHORT_NAME_LEN for w in shared)
            and form(p.read, Aspect.SCRIPT) != form(p.name.text, Aspect.SCRIPT))


def initials_alias(p: Pair) -> bool:
    """'{name}' is a short alias of {entity}, not a word of its name (initials or a nickname), and
    many firms bear such a name: it is only a lead."""
    if p.grouped or p.name.text == p.entity.name:
        return False
    toks = p.name.norm.tokens
    if len(toks) != 1 or len(toks[0].text) > SHORT_NAME_LEN:
        return False
    return toks[0].text not in normalise(p.entity.name).key.split()


def typo_one_word(p: Pair) -> bool:
    """'{text}' meets '{name}' through a misspelt word ({typos}) and shares no other distinctive
    word: a misspelling of a name outside the designated groups is as likely another firm's name,
    so it is only a lead."""
    return (not p.grouped and any(d for _, _, d in p.cmp.matched) and len(_shared_distinct(p)) < 2)


def craft_name(p: Pair) -> bool:
    """{entity} is a {kind}, which makes no equipment: a supplier that bears its name is only a
    lead."""
    return p.entity.kind in ("vessel", "aircraft")


def _shared_distinct(p: Pair) -> list[str]:
    """The registry name's distinctive words that the input shares (exactly or misspelt)."""
    return [n for _, n, _ in p.cmp.matched if n in p.index.postings]


def ambiguous_alias(p: Pair) -> bool:
    """Network tools give the short name '{name}' to many IEEE registrants besides {entity}, so it
    is only a lead: confirm the maker (a MAC address or the full name)."""
    return any(a.ambiguous and a.name == p.name.text for a in p.entity.aliases)


def weak_alias(p: Pair) -> bool:
    """This short name is shared by other parties, so it is not conclusive."""
    return p.name.weak and p.exact


FEATURES: tuple[Feature, ...] = (
    # Vetoes first: a pair they drop is not scored further.
    Feature("bracket-part-not-exact", FeatureEffect.VETO, bracket_part_not_exact),
    Feature("legal-form-firm", FeatureEffect.VETO, legal_form_firm),
    Feature("craft-named-in-full", FeatureEffect.VETO, craft_named_in_full),
    Feature("firm-words-not-person", FeatureEffect.VETO, firm_words_not_person),
    Feature("acronym-alias-among-words", FeatureEffect.VETO, acronym_alias_among_words),
    Feature("typo-beside-other-words", FeatureEffect.VETO, typo_beside_other_words),
    Feature("common-words-only", FeatureEffect.VETO, common_words_only),
    Feature("another-registered-firm", FeatureEffect.VETO, another_registered_firm),
    # Adjustments, before the caps they may take a score below.
    Feature("read-joined", FeatureEffect.ADJUST, read_joined, score=JOINED_SCORE),
    Feature("read-without-brackets", FeatureEffect.ADJUST, read_without_brackets, score=JOINED_SCORE),
    Feature("read-bracket-alone", FeatureEffect.ADJUST, read_bracket_alone, score=JOINED_SCORE),
    Feature("names-diverge", FeatureEffect.ADJUST, names_diverge, scale=DIVERGENCE_PENALTY),
    # Caps.
    Feature("common-words-met", FeatureEffect.CAP, common_words_met, band=Band.POSSIBLE),
    Feature("bracketed-acronym-alone", FeatureEffect.CAP, bracketed_acronym_alone, band=Band.POSSIBLE),
    Feature("reading-with-more-words", FeatureEffect.CAP, reading_with_more_words, band=Band.POSSIBLE),
    Feature("han-name-in-pinyin", FeatureEffect.CAP, han_name_in_pinyin, band=Band.POSSIBLE),
    Feature("short-han-name-inside", FeatureEffect.CAP, short_han_name_inside, band=Band.POSSIBLE),
    Feature("designated-name-inside", FeatureEffect.CAP, designated_name_inside, band=Band.POSSIBLE),
    Feature("short-name", FeatureEffect.CAP, short_name, band=Band.POSSIBLE),
    Feature("initials-alias", FeatureEffect.CAP, initials_alias, band=Band.POSSIBLE),
    Feature("typo-one-word", FeatureEffect.CAP, typo_one_word, band=Band.POSSIBLE),
    Feature("craft-name", FeatureEffect.CAP, craft_name, band=Band.POSSIBLE),
    Feature("ambiguous-alias", FeatureEffect.CAP, ambiguous_alias, band=Band.POSSIBLE),
    Feature("weak-alias", FeatureEffect.CAP, weak_alias, band=Band.STRONG),
)
"""Every feature, in the order it applies."""

BY_ID = {f.id: f for f in FEATURES}

_RANK = {Band.POSSIBLE: 0, Band.STRONG: 1, Band.EXACT: 2}


@dataclass(frozen=True, slots=True)
class Outcome:
    """A pair after the features: its score, whether it is still exact, its highest band, and the
    features that fired (vetoed pairs have no outcome)."""

    score: float
    exact: bool
    ceiling: Band
    fired: tuple[Feature, ...]

    @property
    def band(self) -> Band:
        if self.exact:
            natural = Band.EXACT
        elif self.score >= STRONG:
            natural = Band.STRONG
        else:
            natural = Band.POSSIBLE
        return natural if _RANK[natural] <= _RANK[self.ceiling] else self.ceiling


def decide(pair: Pair, counts: dict[str, int] | None = None) -> Outcome | None:
    """Run every feature over ``pair`` in order: None when one vetoes it, else the outcome.
    ``counts`` (feature id -> times fired) is updated for each feature that fires."""
    score, exact, ceiling = pair.cmp.score, pair.cmp.exact, Band.EXACT
    fired: list[Feature] = []
    for f in FEATURES:
        if not f.test(pair):
            continue
        if counts is not None:
            counts[f.id] = counts.get(f.id, 0) + 1
        if f.effect is FeatureEffect.VETO:
            return None
        fired.append(f)
        if f.effect is FeatureEffect.ADJUST:
            if f.score is not None and exact:
                # A reading other than the input as written: never exact, and an exact reading
                # scores f.score.
                score, exact = f.score, False
            if f.scale is not None:
                score *= f.scale
        elif f.band is not None:
            if f.band is Band.POSSIBLE:
                score = min(score, POSSIBLE)
            if _RANK[f.band] < _RANK[ceiling]:
                ceiling = f.band
    return Outcome(score, exact, ceiling, tuple(fired))
