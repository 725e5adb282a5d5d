"""Compare a query with one registry name: aligned words, weighted, with reasons.

The score is a weighted Dice coefficient over aligned words. Distinctive words weigh most (rarer
ones more), places less, generic business words (technology, communications) least; legal forms
were already removed. A pair scores nothing unless at least one distinctive word agrees or the
whole names agree word for word (China Telecom Americas has no distinctive word, but its places make
it a name). Whether a pair is evidence, and how strong, is decided by the matcher's features
(``features.py``); ``explain`` renders the comparison from a template and the pair's own values.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from supplyscreen.matching.index import SWAP_LEN, NameIndex, allowed_edits, swapped
from supplyscreen.matching.normalise import Aspect, Kind, Normalised, Token, form, legal_forms, set_aside

# Weights of the word classes, relative to a distinctive word (0.5..1.0 by rarity). Chosen on the
# names benchmark: a place must not outweigh the rarest distinctive word, and a generic word only
# breaks ties between two entities that share their distinctive word (Dahua Technology vs Dahua
# Electronics).
PLACE_WEIGHT = 0.25
GENERIC_WEIGHT = 0.15
# A word with one typo counts 90 % of an exact word, two typos 80 %: a typo is still evidence,
# but an exactly spelt alternative should win.
TYPO_DISCOUNT = 0.10


@dataclass(frozen=True, slots=True)
class Comparison:
    score: float
    exact: bool
    matched: tuple[tuple[str, str, int], ...]
    """(query word, registry word, edits) for every aligned pair."""
    extra_query: tuple[Token, ...]
    extra_name: tuple[Token, ...]


def weight(index: NameIndex, tok: Token) -> float:
    if tok.kind is Kind.DISTINCT:
        return index.weight_of_distinct(tok.text)
    return PLACE_WEIGHT if tok.kind is Kind.PLACE else GENERIC_WEIGHT


def _edits(index: NameIndex, a: str, b: str) -> int | None:
    if a == b:
        return 0
    k = min(allowed_edits(a), allowed_edits(b))
    if not k and len(a) == SWAP_LEN and b in index.swap_targets and a.isalpha() and swapped(a, b):
        return 1
    if not k or a[:1] != b[:1]:
        return None
    d = OSA.distance(a, b, score_cutoff=k)
    return d if d <= k else None


def compare(index: NameIndex, query: Normalised, name: Normalised) -> Comparison | None:
    """Align the words of ``query`` with those of ``name`` and score the pair, or None when no
    distinctive word agrees and the names are not the same. The score is the plain weighted Dice
    coefficient: whether the pair is evidence, and how strong, is for the matcher's features
    (``features.py``)."""
    if query.key == name.key:
        return Comparison(1.0, True, tuple((t.text, t.text, 0) for t in query.tokens), (), ())
    used: set[int] = set()
    matched: list[tuple[str, str, int]] = []
    extra_q: list[Token] = []
    got = 0.0
    distinct_hit = False
    for qt in query.tokens:
        best: tuple[int, int] | None = None
        for j, nt in enumerate(name.tokens):
            if j in used or (nt.kind is Kind.DISTINCT) != (qt.kind is Kind.DISTINCT):
                continue
            d = 0 if qt.text == nt.text else (
                _edits(index, qt.text, nt.text) if qt.kind is Kind.DISTINCT and qt.text not in index.known_words else None)
            if d is not None and (best is None or d < best[1]):
                best = (j, d)
                if d == 0:
                    break
        if best is None:
            extra_q.append(qt)
            continue
        j, d = best
        used.add(j)
        nt = name.tokens[j]
        matched.append((qt.text, nt.text, d))
        got += (1.0 - TYPO_DISCOUNT * d) * (weight(index, qt) + weight(index, nt)) / 2
        distinct_hit |= qt.kind is Kind.DISTINCT
    if not distinct_hit:
        return None
    extra_n = tuple(t for j, t in enumerate(name.tokens) if j not in used)
    total = sum(weight(index, t) for t in query.tokens) + sum(weight(index, t) for t in name.tokens)
    score = 2 * got / total if total else 0.0
    return Comparison(score, False, tuple(matched), tuple(extra_q), extra_n)


def explain(query_text: str, name_text: str, entity_name: str, cmp: Comparison, legal: tuple[str, ...],
            exact: bool) -> str:
    """The comparison in words, for the person reading the result. ``exact``: the input as written
    is the registry name once normalised; the sentence then says what was set aside to see it,
    found by comparing the two (``normalise.set_aside``), so the claim holds for this pair."""
    target = f"'{name_text}'" + ("" if name_text == entity_name else f" (a name of {entity_name})")
    aside = set_aside(query_text, name_text) if exact else None
    if aside is not None:
        if not aside:
            return f"'{query_text}' is the registry name {target}."
        return f"'{query_text}' is the registry name {target} apart from {_aspects(aside, query_text, name_text)}."
    same = [q for q, n, d in cmp.matched if d == 0]
    typo = [f"'{q}' read as '{n}' ({d} typo{'s' if d > 1 else ''})" for q, n, d in cmp.matched if d]
    parts = []
    if same:
        parts.append("same words " + ", ".join(f"'{w}'" for w in same))
    parts.extend(typo)
    text = f"'{query_text}' resembles {target}: " + "; ".join(parts)
    if cmp.extra_query:
        text += "; words only in the input: " + ", ".join(_tok(t) for t in cmp.extra_query)
    if cmp.extra_name:
        text += "; words only in the registry name: " + ", ".join(_tok(t) for t in cmp.extra_name)
    if legal:
        text += f" (legal form {', '.join(repr(x) for x in legal)} ignored)"
    return text + "."


def _aspects(aside: tuple[Aspect, ...], query_text: str, name_text: str) -> str:
    """"case, punctuation and the legal forms 'gmbh' (input) and 'jsc' (registry name)": the
    respects in which the two names differ, each with the words concerned where it has any."""
    words = []
    for a in aside:
        if a is Aspect.LEGAL:
            q_forms, n_forms = legal_forms(query_text), legal_forms(name_text)
            mine, theirs = [x for x in q_forms if x not in n_forms], [x for x in n_forms if x not in q_forms]
            if not mine and not theirs:
                words.append(a.value)
                continue
            sides = [f"{_quoted(x)} ({who})" for x, who in ((mine, "input"), (theirs, "registry name")) if x]
            words.append(f"the legal form{'s' if len(mine) + len(theirs) > 1 else ''} " + " and ".join(sides))
        elif a is Aspect.WORDING:
            gone_q, gone_n = (set(form(t, Aspect.LEGAL).split()) - set(form(t, Aspect.WORDING).split())
                              for t in (query_text, name_text))
            gone = sorted(gone_q ^ gone_n) or sorted(gone_q | gone_n)
            words.append(a.value + (f" ({_quoted(gone)})" if gone else ""))
        else:
            words.append(a.value)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def _quoted(words: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"'{w}'" for w in words)


def _tok(t: Token) -> str:
    return f"'{t.text}'" + ("" if t.kind is Kind.DISTINCT else f" ({t.kind.value})")
