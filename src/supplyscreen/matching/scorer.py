"""Compare a query with one registry name: aligned words, weighted, with reasons.

The score is a weighted Dice coefficient over aligned words. Distinctive words weigh most (rarer
ones more), places less, generic business words (technology, communications) least; legal forms
were already removed. A pair scores nothing unless at least one distinctive word agrees, or the
whole names agree word for word and hold more than generic words (China Telecom Americas has no
distinctive word, but its places make it a name; "Digital Technology" alone is nobody).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from supplyscreen.matching.index import SWAP_LEN, NameIndex, allowed_edits, swapped
from supplyscreen.matching.normalise import Kind, Normalised, Token

# Weights of the word classes, relative to a distinctive word (0.5..1.0 by rarity). Chosen on the
# names benchmark: a place must not outweigh the rarest distinctive word, and a generic word only
# breaks ties between two entities that share their distinctive word (Dahua Technology vs Dahua
# Electronics).
PLACE_WEIGHT = 0.25
GENERIC_WEIGHT = 0.15
# A word with one typo counts 90 % of an exact word, two typos 80 %: a typo is still evidence,
# but an exactly spelt alternative should win.
TYPO_DISCOUNT = 0.10
# Names that differ on both sides keep 85 % of their score: Dahua Technology vs Dahua Electronics
# drops from strong to possible, a shared common word alone drops below POSSIBLE.
DIVERGENCE_PENALTY = 0.85
# A listed name made only of common words (Semiconductor Manufacturing International, Advanced
# Technology Solutions) met word for word: three such words in that order are rarely chance, two
# ("Digital Technology") often are. Scored at the lowest band (0.72, matcher.POSSIBLE): a lead for
# a reviewer, never conclusive.
ALL_GENERIC_MIN_WORDS = 3
ALL_GENERIC_SCORE = 0.72


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
    """Align the words of ``query`` with those of ``name`` and score the pair, or None."""
    if query.key == name.key:
        toks = tuple((t.text, t.text, 0) for t in query.tokens)
        if not any(t.kind is not Kind.GENERIC for t in query.tokens):
            # "Digital Technology Co Ltd" equals a listed name but identifies nobody.
            if len(query.tokens) < ALL_GENERIC_MIN_WORDS:
                return None
            return Comparison(ALL_GENERIC_SCORE, False, toks, (), ())
        return Comparison(1.0, True, toks, (), ())
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
    if any(d for _, _, d in matched) and any(t.kind is not Kind.PLACE for t in extra_q):
        # A misspelt name is weak evidence: accept it only when every other word of the input
        # agrees (Hauwei Tech, not Cisco Systems vs COSCO Shipping).
        return None
    extra_n = tuple(t for j, t in enumerate(name.tokens) if j not in used)
    total = sum(weight(index, t) for t in query.tokens) + sum(weight(index, t) for t in name.tokens)
    score = 2 * got / total if total else 0.0
    if any(t.kind is not Kind.PLACE for t in extra_q) and any(t.kind is not Kind.PLACE for t in extra_n):
        # Both names have words the other lacks: two different names that share a word
        # (Super Micro Computer vs Super Trade), not one name written longer or shorter.
        score *= DIVERGENCE_PENALTY
    return Comparison(round(score, 4), False, tuple(matched), tuple(extra_q), extra_n)


def explain(query_text: str, name_text: str, entity_name: str, cmp: Comparison, legal: tuple[str, ...]) -> str:
    """The comparison in words, for the person reading the result."""
    target = f"'{name_text}'" + ("" if name_text == entity_name else f" (a name of {entity_name})")
    if cmp.exact:
        text = f"'{query_text}' is the registry name {target} once case, punctuation and script are set aside"
    else:
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


def _tok(t: Token) -> str:
    return f"'{t.text}'" + ("" if t.kind is Kind.DISTINCT else f" ({t.kind.value})")
