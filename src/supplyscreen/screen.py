"""The orchestrator: source -> evidence -> policy -> results. It sees only interfaces.

Results stream, so a million-row inventory never sits in memory; the evidence and verdict for a
row are cached on the row's identifying fields, because inventories repeat the same few makers,
models and MAC blocks over and over.

A bill of materials is the exception: it is held whole (the reader parsed it whole anyway) so that
each assembly can take the most severe decision of itself and its parts (:func:`roll_up`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from supplyscreen.fields import (
    ENTERPRISE,
    EVERYTHING,
    MAC_BLOCK,
    RAW,
    REWORDED,
    SILENT_TEXT,
    USE_CLASS,
    Reads,
)
from supplyscreen.matching.evidence import EvidenceFinder, enterprise_number
from supplyscreen.matching.macs import WELL_FORMED_MAC, MacBlocks, locally_administered, mac_digits
from supplyscreen.model import Decision, FieldMatch, Item, ItemResult
from supplyscreen.policy.base import Policy, Verdict
from supplyscreen.policy.conditions import facts, use_class
from supplyscreen.registry import Registry
from supplyscreen.sources.limits import counted

# Distinct rows remembered; a million-row inventory has a few thousand distinct rows (MAC blocks
# repeat, full MACs do not, so the MAC is cut to its registered block for the cache key).
CACHE_LIMIT = 500_000


@dataclass
class Tally:
    """Counts kept while results stream past."""

    rows_in: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {d.value: 0 for d in (Decision.EXCLUDE, Decision.REVIEW, Decision.ALLOW, Decision.UNKNOWN)}
    )

    @property
    def rows_out(self) -> int:
        return sum(self.counts.values())

    @property
    def decision(self) -> Decision:
        for d in (Decision.EXCLUDE, Decision.REVIEW, Decision.UNKNOWN):
            if self.counts[d.value]:
                return d
        return Decision.ALLOW


def spoken(item: Item, verdict: Verdict, reworded: Iterable[str]) -> tuple[tuple[str, str], ...]:
    """``item``'s values of the ``reworded`` fields (those its key holds coarser than their text:
    :data:`supplyscreen.fields.REWORDED`) that ``verdict``'s sentences quote, as (field, value):
    the fields the verdict says it quotes (a stated use), and a MAC or sysObjectID its reason or
    rules hold verbatim (an identifier conflict's sentence names it). Another row of the same key
    needs its own wording only where this gives something."""
    get = item.fields.get
    said: tuple[str, ...] | None = None
    out = []
    for f in reworded:
        was = get(f, "")
        if not was:
            continue
        if f in verdict.quotes:
            out.append((f, was))
        elif f in _REQUOTED:
            if said is None:
                said = (verdict.reason, *(r.rationale for r in verdict.rules))
            if any(was in t for t in said):
                out.append((f, was))
    return tuple(out)


class _Entry:
    """A cached screening: the evidence and verdict of the first row with a key, and that row's
    values of the fields the key holds coarser than their text (a MAC by its block, a sysObjectID
    by its enterprise number, a role by its class) that its sentences quote. The row itself is not
    kept: a million-row run holds a hundred thousand entries."""

    __slots__ = ("matches", "quoted", "spoken", "verdict")

    def __init__(self, matches: tuple[FieldMatch, ...], verdict: Verdict, first: Item,
                 reworded: tuple[str, ...]) -> None:
        self.matches, self.verdict = matches, verdict
        self.quoted = any(m.field in _REQUOTED for m in matches)
        # A row of the same key with another value of one of these is decided afresh (the pack's
        # sentence rendered with its own values) only when the first row's value was quoted.
        self.spoken = spoken(first, verdict, reworded)


class Screener:
    """Screens items against one policy, as of one date."""

    def __init__(self, finder: EvidenceFinder, policy: Policy, as_of: dt.date | None = None) -> None:
        self.finder = finder
        self.policy = policy
        self.as_of = as_of
        self._cache: dict[tuple[object, ...], _Entry] = {}
        self._mac_key = MacBlockKey(finder.registry, finder.mac_blocks)
        self._descr_key = SilentTextKey(finder)
        self._evidence_cache: dict[object, tuple[FieldMatch, ...]] = {}
        finder_reads, policy_reads = getattr(finder, "reads", EVERYTHING), getattr(policy, "reads", EVERYTHING)
        self.reads = finder_reads | policy_reads
        """What decides a row here: the fields and facts the evidence finder and the policy declare."""
        self._key = VerdictKey(finder_reads, policy_reads,
                               {MAC_BLOCK: self._mac_key, ENTERPRISE: _oid_key, SILENT_TEXT: self._descr_key,
                                USE_CLASS: use_class})
        self.reworded: tuple[str, ...] = tuple(
            r for r in self._key.roles if self.reads.fields.get(r) in REWORDED)
        """Fields the key holds coarser than their text that a result may quote: rows of one key
        differing there are each worded with their own value (:func:`spoken`)."""
        # The same fields read without what the registry says of them (a MAC by whether the
        # registry holds its block, not by whom; a sysDescr as text): see stored_key.
        self._held_mac_key = MacBlockKey(finder.registry, self._mac_key._blocks, held_only=True)
        self._stored_key = VerdictKey(finder_reads, policy_reads,
                                      {MAC_BLOCK: self._held_mac_key, ENTERPRISE: _oid_key, SILENT_TEXT: _as_text,
                                       USE_CLASS: use_class})
        self._stored_keying = ""
        self._last: tuple[Item, tuple[object, ...] | None] | None = None
        """The last item keyed and its key: a row just screened is asked what its result quotes
        (quoted_values) right after, and its key is a function of the item alone (a frozen value)."""

    def _key_of(self, item: Item) -> tuple[object, ...] | None:
        """``self._key(item)``, made once for the item last keyed (the same object, held here so
        that no other item can take its identity)."""
        last = self._last
        if last is not None and last[0] is item:
            return last[1]
        key = self._key(item)
        self._last = (item, key)
        return key

    def known_key(self, item: Item, key: tuple[object, ...]) -> None:
        """Take ``key`` as ``item``'s verdict key for the next :meth:`screen_item`,
        :meth:`screen_spoken` or :meth:`quoted_values` of it: the caller made it from the same
        readings (batch.columnar, from the parts its columns were keyed by, ``KeyMaker.key_of_parts``;
        tests/batch/test_keys.py checks the two agree), so it is not made again (~20 µs a row)."""
        self._last = (item, key)

    def verdict_key(self, item: Item) -> tuple[object, ...] | None:
        """What decides ``item``'s evidence and verdict under this screener: two items with the same
        key get the same decision, rules and reason (up to their own MAC and sysObjectID, which
        are quoted afresh, and the stated use the key holds by its class, worded afresh). None for
        an item that cannot be keyed (a row read only in part)."""
        return self._key_of(item)

    def evidence_key(self, key: tuple[object, ...]) -> object:
        """The part of a verdict key the evidence finder reads (rows sharing it share evidence)."""
        return self._key.evidence(key)

    def quoted_values(self, item: Item) -> tuple[tuple[str, str], ...]:
        """The values of ``item`` that the result of its key (screened already) quotes although the
        key holds them coarser than their text (:func:`spoken`): another row of the key with other
        values there is decided afresh. A key not remembered (past CACHE_LIMIT) counts every such
        value as quoted, which only costs time."""
        key = self._key_of(item)
        hit = self._cache.get(key) if key is not None else None
        if hit is not None:
            return hit.spoken
        get = item.fields.get
        return tuple((f, was) for f in self.reworded if (was := get(f, "")))

    def stored_key(self, item: Item) -> int | None:
        """A 64-bit digest of ``item``'s key kept with a stored screening, so that a re-screen after
        a registry change screens each distinct key once instead of keying every row again.

        The verdict key reads a MAC and a sysDescr through the registry (the entities holding a
        MAC's block; whether a text names a listed firm), so a registry change can split rows that
        shared one: a new name in a sysDescr that said nothing before. This key reads a sysDescr
        (model, part number) as text and a MAC by whether the registry holds its block, not by
        whom, so two rows with one stored key have one verdict key under any registry of the same
        :attr:`stored_keying` (one holding the same MAC blocks: a list naming new firms by name
        keeps it).
        None for a row that cannot be keyed (read only in part)."""
        key = self._stored_key(item)
        if key is None:
            return None
        # Fields and MAC, OID and text keys are texts and numbers, whose repr is the same in every
        # process; only a fact may be a set (1,000,000 rows: ~3.5 s of checking saved).
        return key_digest(key, plain=not self._stored_key.facts)

    @property
    def stored_keying(self) -> str:
        """What :meth:`stored_key` depends on besides the row (the fields and facts read and how,
        the IEEE table, the MAC blocks the registry holds), as a digest: stored keys are comparable
        only under an equal keying. A policy reading other fields, a new IEEE table or a MAC block
        the registry gains or loses changes it."""
        if not self._stored_keying:
            vk, oui = self._stored_key, self._mac_key._oui
            macs = sorted({value.upper() for value, _ in self.finder.registry.identifiers("mac")})
            self._stored_keying = key_digest_text((
                STORED_KEY_VERSION, vk.everything, vk.roles, vk.kinds, vk.facts,
                oui.source, oui.date, len(oui), tuple(macs)))
        return self._stored_keying

    def screen_item(self, item: Item) -> ItemResult:
        return self._screened(item)[0]

    def screen_spoken(self, item: Item) -> tuple[ItemResult, tuple[tuple[str, str], ...]]:
        """:meth:`screen_item`'s result, and ``item``'s own values of the fields the key holds
        coarser than their text that the verdict it was given quotes (:func:`spoken`): rows of its
        key that agree with it on those values get the same decision, rules and reason (the
        columnar check writes them from this one row's, batch/columnar.py)."""
        result, verdict = self._screened(item)
        return result, spoken(item, verdict, self.reworded)

    def _screened(self, item: Item) -> tuple[ItemResult, Verdict]:
        """An item's result and the verdict it was given (cached or decided afresh)."""
        key = self._key_of(item)
        hit = self._cache.get(key) if key is not None else None
        if hit is None:
            matches = self._evidence(item, key)
            hit = _Entry(matches, self.policy.evaluate(item, matches, self.as_of), item, self.reworded)
            if key is not None and len(self._cache) < CACHE_LIMIT:
                self._cache[key] = hit
            verdict = hit.verdict
            return ItemResult(item, verdict.decision, matches, verdict.rules, verdict.reason), verdict
        verdict, matches = hit.verdict, hit.matches
        if not hit.quoted and not hit.spoken:
            return ItemResult(item, verdict.decision, matches, verdict.rules, verdict.reason), verdict
        # The cached evidence may come from another row of the same MAC block or enterprise number:
        # quote this row's own value in the evidence; when the first row's sentences quoted its
        # value, decide afresh from this row's (the pack renders its sentence with the row's own
        # values: an identifier conflict names it, "the MAC block in 00:11:01:… is registered to …").
        # A row's output never depends on which row of its block came first, nor on how a file is split.
        get = item.fields.get
        if hit.quoted:
            matches = tuple(FieldMatch(m.field, get(m.field, m.value), m.match) if m.field in _REQUOTED else m
                            for m in matches)
        if any(get(f, "") != was for f, was in hit.spoken):
            verdict = self.policy.evaluate(item, matches, self.as_of)
        return ItemResult(item, verdict.decision, matches, verdict.rules, verdict.reason), verdict

    def _evidence(self, item: Item, key: tuple[object, ...] | None) -> tuple[FieldMatch, ...]:
        """The item's evidence, shared by rows that differ only in what evidence does not read
        (role, site, purpose: 1,000,000 inventory rows have ~130,000 verdict keys but ~51,000
        evidence keys). Shared evidence quotes this row's own MAC and sysObjectID, so it is what
        finding it afresh gives."""
        if key is None:
            return self.finder.find(item, self.as_of)
        ekey = self._key.evidence(key)
        matches = self._evidence_cache.get(ekey)
        if matches is None:
            matches = self.finder.find(item, self.as_of)
            if len(self._evidence_cache) < CACHE_LIMIT:
                self._evidence_cache[ekey] = matches
            return matches
        if any(m.field in _REQUOTED for m in matches):
            get = item.fields.get
            matches = tuple(FieldMatch(m.field, get(m.field, m.value), m.match) if m.field in _REQUOTED else m
                            for m in matches)
        return matches

    def screen(
        self, items: Iterator[Item], tally: Tally, progress: Callable[[int], None] | None = None
    ) -> Iterator[ItemResult]:
        """Screen a stream of items, counting into ``tally``; every item yields exactly one result."""
        screen_item, counts = self.screen_item, tally.counts
        for n, item in enumerate(counted(items), 1):
            result = screen_item(item)
            tally.rows_in += 1
            counts[result.decision] += 1  # a StrEnum member finds its value's key (no .value lookup)
            if progress is not None and n % 1000 == 0:
                progress(1000)
            yield result

    def screen_bom(
        self, items: Iterator[Item], tally: Tally, edges: Mapping[str, Iterable[str]] | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Iterator[ItemResult]:
        """Screen a bill of materials: every part on its own, then each assembly rolled up from its parts."""
        own = [self.screen_item(item) for item in counted(items)]
        for n, result in enumerate(roll_up(own, edges), 1):
            tally.rows_in += 1
            tally.counts[result.decision.value] += 1
            if progress is not None and n % 1000 == 0:
                progress(1000)
            yield result


PATH_SEP = " › "
# The parts' own decisions that raise an assembly, worst first; ALLOW never raises anything.
_RAISING = (Decision.EXCLUDE, Decision.REVIEW, Decision.UNKNOWN)
_VERB = {Decision.EXCLUDE: "is excluded", Decision.REVIEW: "needs review", Decision.UNKNOWN: "is undecided"}


def roll_up(results: list[ItemResult], edges: Mapping[str, Iterable[str]] | None = None) -> list[ItemResult]:
    """An assembly takes the most severe decision of itself and its parts (exclude > review >
    unknown > allow); a part is never tainted by its assembly.

    Parts are found through ``Item.parent`` and ``edges`` (assembly ref → part refs: nesting and the
    dependency graph, so a part shared by two assemblies raises both). For each severity, worst
    first, a breadth-first walk goes up from every part decided that way; an assembly it reaches
    that is not yet decided at least as severely takes that decision, naming the nearest such part.
    Cycles are harmless: a node is visited once per severity.
    """
    pos = {r.item.ref: i for i, r in enumerate(results)}
    ups: list[list[int]] = [[] for _ in results]
    for i, r in enumerate(results):
        if r.item.parent is not None and r.item.parent in pos:
            ups[i].append(pos[r.item.parent])
    for parent, kids in (edges or {}).items():
        p = pos.get(parent)
        if p is None:
            continue
        for kid in kids:
            k = pos.get(kid)
            if k is not None and k != p and p not in ups[k]:
                ups[k].append(p)
    settled = [False] * len(results)
    out = list(results)
    for level in _RAISING:
        queue: deque[tuple[int, int]] = deque()
        for i, r in enumerate(results):
            if r.decision is level and not settled[i]:
                settled[i] = True
                queue.append((i, i))
        while queue:
            node, culprit = queue.popleft()
            for up in ups[node]:
                if settled[up]:
                    continue
                settled[up] = True
                out[up] = _raised(results[up], results[culprit])
                queue.append((up, culprit))
    return out


def _raised(assembly: ItemResult, part: ItemResult) -> ItemResult:
    """The assembly's result, raised to its part's decision, with the part's path, rules and evidence."""
    name = part.item.path[-1] if part.item.path else part.item.ref
    where = PATH_SEP.join(part.item.path) or part.item.ref
    reason = f"Contains {name} ({where}), which {_VERB[part.decision]}: {part.reason}"
    if assembly.decision is not Decision.ALLOW:
        reason += f" Its own finding ({assembly.decision.value}): {assembly.reason}"
    rules = tuple(dict.fromkeys((*part.rules, *assembly.rules)))
    carried = tuple(
        FieldMatch(f"part:{fm.field}", fm.value, fm.match) for fm in part.matches if fm.match.designated
    )
    # The assembly's own designated evidence first, then what the part brings; then the rest.
    own_designated = tuple(fm for fm in assembly.matches if fm.match.designated)
    own_other = tuple(fm for fm in assembly.matches if not fm.match.designated)
    return ItemResult(assembly.item, part.decision, (*own_designated, *carried, *own_other), rules, reason)


_REQUOTED = ("mac", "sys_object_id")
"""Fields a key holds by what they say (block, enterprise number), not by their text."""


class VerdictKey:
    """An item's verdict key, built from what the evidence finder and the policy declare they read
    (:class:`supplyscreen.fields.Reads`), never from a hand list of fields.

    The key holds each field read, as it is read: as text, a MAC by its block, a sysObjectID by its
    enterprise number, a sysDescr by whether it can name a maker (a field two readers read in two
    ways is held as text); then the values of the facts worked out from attributes other than
    fields (``component`` from ``Item.parent``/``Item.path``, ``ref``). The evidence key is the part
    the finder reads. A reader that declares nothing is read as reading everything.
    """

    def __init__(self, finder: Reads, policy: Reads, keyers: Mapping[str, Callable[[str], str]]) -> None:
        both = finder | policy
        self.everything = both.everything
        self.roles = tuple(sorted(both.fields))
        self.kinds = tuple(both.fields[r] for r in self.roles)
        """How each role is read (text, MAC block, enterprise number, silent text)."""
        self.keyers = tuple((i, keyers[both.fields[r]]) for i, r in enumerate(self.roles) if both.fields[r] != RAW)
        self.facts = both.facts
        self._blanks = ("",) * len(self.roles)
        # The finder's fields, and the stop after the fields (so the evidence key is always a tuple).
        at = [*(i for i, r in enumerate(self.roles) if r in finder.fields), len(self.roles)]
        self.evidence: Callable[[tuple[object, ...]], object] = _whole if finder.everything else itemgetter(*at)

    def __call__(self, item: Item) -> tuple[object, ...] | None:
        if item.problem:
            return None
        if self.everything:
            return (tuple(sorted(item.fields.items())), item.ref, item.parent, item.path, "*")
        key: list[object] = list(map(item.fields.get, self.roles, self._blanks))
        for i, keyer in self.keyers:
            if key[i]:
                key[i] = keyer(key[i])  # type: ignore[arg-type]
        key.append(len(key))  # a stop between fields and facts, so the evidence key has one shape
        if self.facts:
            known = facts(item)
            key.extend(known.read(f) for f in self.facts)
        return tuple(key)


def _whole(key: tuple[object, ...]) -> object:
    return key


# Bumped when stored_key changes how it builds a key from the same keying: keys stored before are
# then not compared with new ones (the re-screen keys such a screening's rows afresh).
STORED_KEY_VERSION = 1


def key_digest(key: tuple[object, ...], plain: bool = False) -> int:
    """A key as a signed 64-bit number (a BIGINT column). Two distinct keys of one screening share
    a digest with a chance of about n²/2⁶⁵ (10⁻⁸ for a million distinct keys). ``plain``: the
    caller knows the key holds no set (its repr is then canonical as it is)."""
    text = repr(key) if plain else _canonical(key)
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def key_digest_text(key: tuple[object, ...]) -> str:
    return hashlib.sha256(_canonical(key).encode("utf-8", "surrogatepass")).hexdigest()


def _canonical(value: object) -> str:
    """``repr`` that is the same in every process: a set's order follows string hashing, which
    Python salts per process, so sets are written sorted."""
    if type(value) is tuple and all(type(v) in _PLAIN for v in value):
        return repr(value)  # a key of texts and numbers (nearly all): repr is already canonical
    if isinstance(value, tuple | list):
        return "(" + ",".join(map(_canonical, value)) + ")"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(map(_canonical, value))) + "}"
    return repr(value)


_PLAIN = frozenset({str, int, bool, type(None)})


def _as_text(text: str) -> str:
    return text


# sysDescr texts remembered by SilentTextKey; the bound caps odd input.
DESCR_TEXTS_LIMIT = 200_000


class SilentTextKey:
    """A sysDescr's cache key: the text itself when it may name a maker or a product line, else one
    shared mark. Build numbers make most sysDescr texts unique ("VMware ESXi 8.0.2 build-22380479"),
    yet such a text only tells that the device described itself (EvidenceFinder.silent_text), so
    the rows differing only there share a verdict (1,000,000 inventory rows: 167,000 distinct keys
    to about 120,000)."""

    SILENT = "\x00silent"

    def __init__(self, finder: EvidenceFinder) -> None:
        self.finder = finder
        self._silent = finder.silent_text
        self._memo: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        key = self._memo.get(text)
        if key is None:
            key = self.SILENT if self._silent(text) else text
            if len(self._memo) < DESCR_TEXTS_LIMIT:
                self._memo[text] = key
        return key


@lru_cache(maxsize=100_000)
def _oid_key(oid: str) -> str:
    """A sysObjectID's cache key: evidence reads only its enterprise number (and the OID text is
    re-quoted per row), so 1.3.6.1.4.1.2011.2.23 and 1.3.6.1.4.1.2011.2.240.12 share one verdict."""
    number = enterprise_number(oid)
    return f"pen:{number}" if number is not None else "?" + oid


# A well-formed MAC's notation by its length: the characters up to the end of its third octet
# ("BC:0F:64:DF:B9:72" 8, "bc0f.64df.b972" 7, "BC0F64DFB972" 6).
_THIRD_OCTET_END = {17: 8, 14: 7, 12: 6}
# MAC texts remembered by MacBlockKey: a few per block and notation; the bound caps odd input.
MAC_TEXTS_LIMIT = 200_000


class MacBlockKey:
    """A MAC's cache key: what the MAC can tell about a maker, not its digits.

    Evidence and policies see a MAC only through (a) the registry entities holding its block
    (longest of MA-S, MA-M, MA-L), (b) the IEEE registrant of its block, (c) whether it is usable at
    all. So every Intel laptop shares one key whatever its block, every randomised MAC shares "LA"
    and every unreadable one "BAD". A million-row inventory then has tens of thousands of distinct
    rows instead of hundreds of thousands. The screener re-quotes each row's own MAC in its evidence.
    """

    def __init__(self, registry: Registry, blocks: MacBlocks | None = None, held_only: bool = False) -> None:
        from supplyscreen.identifiers import default_oui_table

        self._oui = default_oui_table()
        self._registry = registry
        self._held_only = held_only
        """Whether the key says only that the registry holds the block, not which entities do: two
        MACs with one such key have one key under any registry holding the same MAC blocks, whoever
        holds them (Screener.stored_key)."""
        self._blocks = blocks or MacBlocks(registry)
        # Keyed by the digits that decide every block lookup (MacBlocks.block_key), so the IEEE
        # table and the registry are asked once per block, not once per row.
        self._memo: dict[str, str] = {}
        # The same keys by the text of a well-formed MAC up to its third octet ("BC:0F:64",
        # "bc0f.64", "BC0F64"), for blocks the IEEE does not carve up: most rows then cost one
        # pattern match and one lookup (1,000,000 inventory rows: ~2 µs → ~0.5 µs a row).
        self._by_text: dict[str, str] = {}

    def __call__(self, mac: str) -> str:
        if not mac:
            return ""
        if WELL_FORMED_MAC.fullmatch(mac) is not None:
            key = self._by_text.get(mac[:_THIRD_OCTET_END[len(mac)]])
            if key is not None:
                return key
        bare = mac_digits(mac)
        if bare is None:
            return "BAD"
        if locally_administered(bare):
            key = "LA"  # locally administered (randomised): no maker, whatever the digits
        else:
            at = self._blocks.block_key(bare)
            key = self._memo.get(at)
            if key is None:
                key = self._memo[at] = self._key(bare)
            if len(at) > 6:
                return key  # a carved block: the first three octets do not decide
        if WELL_FORMED_MAC.fullmatch(mac) is not None and len(self._by_text) < MAC_TEXTS_LIMIT:
            self._by_text[mac[:_THIRD_OCTET_END[len(mac)]]] = key
        return key

    def deciding_digits(self, digits: str) -> int:
        """How many leading digits of a MAC (its twelve upper-case hex digits, as mac_digits gives
        them) decide its key: 6 when its first three octets do (locally administered, or an MA-L
        block nothing is carved from), 7 under a block carved only into MA-M blocks, else 9
        (MacBlocks.head_width). Lets a column of MACs be keyed once per block instead of once per
        MAC (batch/columnar.py)."""
        return 6 if locally_administered(digits) else self._blocks.head_width(digits)

    def _key(self, bare: str) -> str:
        hit = self._oui.lookup(bare)
        block = hit.prefix if hit is not None else bare[:6]
        for n in (9, 7):  # a registry block longer than the IEEE one this snapshot knows
            if self._registry.by_identifier("mac", bare[:n]):
                block = bare[:n]
                break
        ids = ",".join(e.id for n in (9, 7, 6) if len(block) >= n
                       for e in self._registry.by_identifier("mac", block[:n]))
        org = "" if hit is None or hit.is_ieee_parent or hit.is_private else hit.organization
        # A block that the registry holds keeps its own key: the evidence sentence names the block.
        if self._held_only:
            ids = "held" if ids else ""
        return f"{block if ids else ''}|{ids}|{org}|{int(bare[:2], 16) & 0x01}"
