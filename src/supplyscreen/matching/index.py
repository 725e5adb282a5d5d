"""Candidate retrieval: an inverted index over registry names so cost does not grow with registry size.

Every entity name and alias is normalised once. A query only meets the names that share one of its
distinctive words (exactly, or within the typo tolerance for its length), or whose whole normalised
key equals the query's. Word frequencies feed the scorer's weights.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from supplyscreen.matching.normalise import Kind, Normalised, Token, normalise


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One registry name (primary name or alias) of an entity, normalised."""

    entity_id: str
    text: str
    norm: Normalised
    weak: bool = False


def allowed_edits(word: str) -> int:
    """Typo tolerance grows with word length; short words must be exact (ZTE is not ZTL).

    Five letters or fewer: none, because one edit turns one short company name into another
    (ZTE/ZTL, Cisco/COSCO, Huami/Huayi); six to eight: one (Hikvison, Huawie); nine or more: two.
    """
    n = len(word)
    if n <= 5:
        return 0
    if n <= 8:
        return 1
    return 2


# Five-letter words of designated groups' names (NameIndex.swap_targets) allow one swap of two
# neighbouring letters after the first (Dahau for Dahua, Nubai for Nubia), never a changed letter:
# a swap keeps every letter of the name, a substitution makes another name (Huami/Huayi,
# Cisco/COSCO). Other listed names are not widened: among their five-letter words are many
# transliterated personal names that differ exactly so (Hamid/Hamdi, Maria/Maira).
SWAP_LEN = 5


def swapped(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with two neighbouring letters after the first exchanged."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[0] > 0 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def swaps(word: str) -> list[str]:
    """``word`` with each pair of neighbouring letters after the first exchanged."""
    return [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(1, len(word) - 1) if word[i] != word[i + 1]]


_KIND_CODE = {Kind.DISTINCT: "d", Kind.GENERIC: "g", Kind.PLACE: "p"}
_CODE_KIND = {v: k for k, v in _KIND_CODE.items()}


@dataclass(frozen=True, slots=True)
class KnownFirms:
    """Real firms outside the registry (IEEE and IANA registrants)."""

    words: frozenset[str]
    keys_with: dict[str, frozenset[str]]
    """Distinctive word -> the normalised names of the firms whose name holds it."""


class NameIndex:
    """Inverted index from distinctive words (and whole keys) to registry names.

    Everything stored is plain strings, ints and lists, so the index pickles and loads quickly;
    a name's normalised form is rebuilt only when it is a candidate for some query.
    """

    def __init__(self, names: Iterable[tuple[str, str, bool]], known: KnownFirms | None = None) -> None:
        self.known_words = known.words if known else frozenset()
        """Distinctive words of other firms' names (IEEE and IANA registrants): a query word that is
        one of them is that word, not a typo of a registry word (Micron is not JSC Mikron)."""
        self.meta: list[tuple[str, str, bool]] = []
        self.token_codes: list[str] = []
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.by_compact: dict[str, list[int]] = defaultdict(list)
        self.postings: dict[str, list[int]] = defaultdict(list)
        entities_with: dict[str, set[str]] = defaultdict(set)
        seen: set[tuple[str, str]] = set()
        for entity_id, text, weak in names:
            norm = normalise(text)
            if not norm.tokens or (entity_id, norm.key) in seen:
                continue
            seen.add((entity_id, norm.key))
            i = len(self.meta)
            self.meta.append((entity_id, text, weak))
            self.token_codes.append(" ".join(f"{_KIND_CODE[t.kind]}{t.text}" for t in norm.tokens))
            self.by_key[norm.key].append(i)
            self.by_compact[norm.key.replace(" ", "")].append(i)
            for tok in norm.tokens:
                if tok.kind is Kind.DISTINCT:
                    self.postings[tok.text].append(i)
                entities_with[tok.text].add(entity_id)
        self.entity_count = max(1, len({m[0] for m in self.meta}))
        self.doc_freq = {w: len(ids) for w, ids in entities_with.items()}
        self.vocab: list[str] = sorted(self.postings)
        # Registered firms' whole names, for the registry's distinctive words only (a name sharing
        # none could never be compared): word -> those names.
        self.known_keys_with: dict[str, frozenset[str]] = {
            w: k for w, k in (known.keys_with if known else {}).items() if w in self.postings}
        # Typo candidates must share the first letter (see neighbours), so the fuzzy search only
        # scans the words with that initial: about a twentieth of the vocabulary.
        self.by_initial: dict[str, list[str]] = defaultdict(list)
        for w in self.vocab:
            self.by_initial[w[:1]].append(w)
        self._names: dict[int, IndexedName] = {}
        self._weights: dict[str, float] = {}
        self.swap_targets: frozenset[str] = frozenset()
        """Registry words a five-letter query word may reach by one swap (set by the matcher)."""

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["_names"] = {}
        state["_weights"] = {}
        return state

    def name(self, i: int) -> IndexedName:
        """The ``i``-th indexed name with its normalised form."""
        got = self._names.get(i)
        if got is None:
            entity_id, text, weak = self.meta[i]
            tokens = tuple(Token(code[1:], _CODE_KIND[code[0]]) for code in self.token_codes[i].split(" "))
            got = self._names[i] = IndexedName(entity_id, text, Normalised(tokens, ()), weak)
        return got

    def known_firm(self, key: str, word: str) -> bool:
        """Whether ``key`` is the whole normalised name of a registered firm whose name holds ``word``."""
        return key in self.known_keys_with.get(word, ())

    def firms_with(self, word: str) -> int:
        """How many registered firms' names hold the distinctive ``word``."""
        return len(self.known_keys_with.get(word, ()))

    def weight_of_distinct(self, word: str) -> float:
        """Rare words count more: 0.5 for a word in every entity's name, 1.0 for a unique one."""
        got = self._weights.get(word)
        if got is None:
            df = self.doc_freq.get(word, 1)
            got = 0.5 + 0.5 * min(1.0, math.log(self.entity_count / df + 1) / math.log(self.entity_count + 1))
            if len(self._weights) < 200_000:  # the registry's words and the queries' unknown ones
                self._weights[word] = got
        return got

    @lru_cache(maxsize=100_000)  # noqa: B019 - the index lives as long as the process and is never freed
    def neighbours(self, word: str) -> tuple[tuple[str, int], ...]:
        """Registry words equal to ``word`` or within its typo tolerance, with the edit count."""
        out: list[tuple[str, int]] = []
        if word in self.postings:
            out.append((word, 0))
        k = 0 if word in self.known_words else allowed_edits(word)
        if not k and len(word) == SWAP_LEN and word not in self.known_words and word.isalpha():
            out.extend((cand, 1) for cand in swaps(word) if cand in self.swap_targets)
        if k:
            for cand, dist, _ in process.extract(
                word, self.by_initial.get(word[:1], []), scorer=OSA.distance, score_cutoff=k, limit=20
            ):
                # Typos rarely hit the first letter, and keeping it fixed stops Kasper -> Jasper.
                if cand != word and cand[:1] == word[:1] and allowed_edits(cand) >= dist:
                    out.append((cand, int(dist)))
        return tuple(out)

    def candidates(self, query: Normalised, skip: frozenset[str] = frozenset()) -> set[int]:
        """Names sharing a distinctive word with the query (after typo tolerance), or its key.

        Words in ``skip`` are not used for retrieval: the caller has worked out that a name sharing
        only those words cannot reach the lowest band (see ``Matcher._weak_words``), so a common
        word such as "bank" does not drag in every bank on the sanctions lists.
        """
        found: set[int] = set(self.by_key.get(query.key, ()))
        found.update(self.by_compact.get(query.key.replace(" ", ""), ()))
        for tok in query.tokens:
            if tok.kind is not Kind.DISTINCT or tok.text in skip:
                continue
            for cand, _ in self.neighbours(tok.text):
                found.update(self.postings[cand])
        return found
