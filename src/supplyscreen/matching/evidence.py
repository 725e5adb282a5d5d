"""All the registry matches an item's fields give: names by fuzzy matching, identifiers exactly.

Each field is its own evidence. Identifiers (a MAC block, an SNMP enterprise number, a CPE vendor,
a purl namespace) are exact: they either name a registry entity or say nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import lru_cache
from types import MappingProxyType

from supplyscreen import fields as fields_vocab
from supplyscreen import identifiers as ids
from supplyscreen.fields import Reads
from supplyscreen.identifiers import purl as purl_ids
from supplyscreen.matching import normalise as normalise_module
from supplyscreen.matching import patterns as model_patterns
from supplyscreen.matching import vocabulary
from supplyscreen.matching.macs import MacBlocks, locally_administered, mac_digits
from supplyscreen.matching.matcher import Matcher
from supplyscreen.matching.normalise import Kind, normalise
from supplyscreen.model import Band, Entity, FieldMatch, Item, Match
from supplyscreen.registry import cache as derived

# Which fields mean what comes from the one vocabulary (supplyscreen/fields.py): names, identifiers
# (each looked up under its scheme), model numbers and mentions.
NAME_FIELDS = fields_vocab.NAME_FIELDS
# Free-text fields scanned for the names of designated firms (a HiSilicon SoC named in a product
# description). Only whole words that are a complete name of a designated group's member count.
# Free descriptions are not scanned: "power supply made by Delta for Huawei" names a customer, not a
# maker. The item's own name and model, and a device's description of itself, are.
MENTION_FIELDS = fields_vocab.MENTION_FIELDS
# What find() reads, as the screener keys on it: names and other identifiers as text; a MAC only
# by its block (screen.MacBlockKey), a sysObjectID by its enterprise number, and the texts read only
# for mentions and product-line patterns (model, part number, product, sysDescr) only when they may
# name a maker or hold a pattern (silent_text: find() reads nothing else in them). Two items equal
# on these get the same evidence. A policy that reads one of those texts as text (a product for the
# maker fact) makes the key hold it as text (Reads.__or__).
_TEXTS = tuple(dict.fromkeys((*MENTION_FIELDS, *model_patterns.PATTERN_FIELDS)))
_BY_WHAT_THEY_SAY = ("mac", "sys_object_id", *_TEXTS)
READS = fields_vocab.raw(*(f for f in (*NAME_FIELDS, "maker_country", *fields_vocab.IDENTIFIER_FIELDS)
                           if f not in _BY_WHAT_THEY_SAY)) | Reads(
    MappingProxyType({"mac": fields_vocab.MAC_BLOCK, "sys_object_id": fields_vocab.ENTERPRISE,
                      **dict.fromkeys(_TEXTS, fields_vocab.SILENT_TEXT)}))
READ_FIELDS = tuple(READS.fields)
# Shorter words are too often something else (ZTE is kept by the acronym rule: three capitals).
MIN_MENTION_LEN = 4
# MAC blocks registered with the IEEE: MA-S (36 bits), MA-M (28) and MA-L (24), longest first.
MAC_PREFIX_LENGTHS = (9, 7, 6)
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
# A net-snmp agent's sysDescr is `uname -a`: system name, then the host's own name ("Linux
# huawei-mirror 5.15.0-91-generic ..."). A host named after a maker it replaced says nothing of its
# own maker, so that word is not read.
_UNAME_NODENAME = re.compile(r"^((?:GNU/)?(?:Linux|FreeBSD|NetBSD|OpenBSD|DragonFly|Darwin|SunOS|AIX|HP-UX)\s+)\S+")
# A model or product text that begins with a designated maker's name states that maker ("HUAWEI
# S5720-52X", "Kaspersky IoT Secure Gateway 100"), unless it says the item only fits that maker's kit.
_FITS_ONLY = re.compile(r"(?<![a-z])(?:compatible|compat|replacement|for|fits|works with)(?![a-z])", re.IGNORECASE)


def _names_maker(digits: str | None, pen: int | None) -> bool:
    """Whether a usable MAC's digits (None: no usable MAC) or an enterprise number names some maker
    in the IEEE or IANA table (listed or not)."""
    if digits is not None:
        hit = ids.default_oui_table().lookup(digits)
        if hit is not None and not hit.is_ieee_parent and not hit.is_private:
            return True
    return pen is not None and ids.default_pen_table().lookup(pen) is not None


def _domain(text: str) -> str:
    """A web address or bare domain as its lower-case host name ("https://www.Example.com/x" →
    "www.example.com"); "" when there is none."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", (text or "").strip().lower()).split("/")[0].split(":")[0]
    return host.strip(".") if "." in host else ""


@lru_cache(maxsize=100_000)
def enterprise_number(oid: str) -> int | None:
    """:func:`identifiers.parse_sys_object_id`, remembered: the screener keys rows by it and
    evidence reads it again for each new row (a million-row inventory has ~40,000 distinct OIDs)."""
    return ids.parse_sys_object_id(oid or None)
# Per-field evidence remembered: a million-row inventory has a few thousand vendor spellings and
# blocks; the bound keeps a file of all-distinct values from growing memory without limit.
MEMO_LIMIT = 200_000


_MENTION_CODE = (__file__, normalise_module.__file__, vocabulary.__file__)
"""What the mention tables are built with: this module, the normaliser and its word lists."""


class EvidenceFinder:
    """Turns an item's fields into registry matches."""

    reads = READS
    """What :meth:`find` reads of an item (the screener keys shared evidence on it)."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self.registry = matcher.registry
        self.mac_blocks = MacBlocks(self.registry)
        self._mentions, self._short_mentions = self._mention_tables()
        # Any one-word name as a run of letters and digits: an ASCII text whose letters and digits,
        # run together, contain none of them cannot name one (its words are runs of those, joined
        # single letters, or generic expansions), so it skips normalising (1,000,000 inventory rows:
        # ~40,000 distinct models and sysDescr texts, ~40 µs each).
        self._mention_words = re.compile("|".join(sorted(map(re.escape, [*self._mentions, *self._short_mentions]),
                                                         key=len, reverse=True)) or "(?!)")
        self._pattern_free: dict[str, bool] = {}
        # Inventories repeat the same vendor spellings and MAC blocks across rows that differ
        # elsewhere, so each field's evidence is memoised on its own (bounded by MEMO_LIMIT).
        self._memo: dict[tuple[object, ...], tuple[FieldMatch, ...]] = {}
        self._pattern_memo: dict[tuple[str, ...], list[model_patterns.PatternHit]] = {}
        self._org_table: dict[str, tuple[Entity, ...]] | None = None  # built on the first purl that needs it
        self._names_maker: dict[tuple[str, str | None, int | None], bool] = {}

    def _mention_tables(self) -> tuple[dict[str, str], dict[str, str]]:
        """Both mention tables, from the user's cache when this registry and this normalising code
        built them before: normalising the groups' Han names is what loads pypinyin's dictionaries
        (~0.3 s of every start-up), though most inputs hold no Han at all."""
        fingerprint = self.registry.fingerprint

        def build() -> tuple[dict[str, str], dict[str, str]]:
            return self._mention_table(), self._short_mention_table()

        if not fingerprint:  # a registry built in memory has nothing to key a cache on
            return build()
        parts = (b"mentions", fingerprint.encode(), derived.code_digest(*_MENTION_CODE), normalise_module.pinyin_version())
        return derived.load_or_build("mentions", parts, build, tuple)

    def _mention_table(self) -> dict[str, str]:
        """One-word names of designated groups' members (huawei, hisilicon, 海思 -> haisi)."""
        return self._one_word_names(MIN_MENTION_LEN, None)

    def _short_mention_table(self) -> dict[str, str]:
        """Shorter one-word names (ZTE, 화웨이): they count only as a whole word in another script
        or written in capitals, as makers write them in their own banners."""
        return self._one_word_names(3, MIN_MENTION_LEN)

    def _one_word_names(self, shortest: int, too_long: int | None) -> dict[str, str]:
        """Designated groups' members' one-word names of ``shortest`` letters or more (and fewer
        than ``too_long``), each to its entity."""
        table: dict[str, str] = {}
        for e in self.registry:
            if not e.group:
                continue
            for name in e.all_names():
                toks = normalise(name).tokens
                if len(toks) != 1 or toks[0].kind is not Kind.DISTINCT:
                    continue
                n = len(toks[0].text)
                if n >= shortest and (too_long is None or n < too_long):
                    table.setdefault(toks[0].text, e.id)
        return table

    def _short_mention(self, word: str, text: str) -> str | None:
        entity_id = self._short_mentions.get(word)
        if entity_id is None:
            return None
        if not word.isascii():
            return entity_id
        capitals = re.compile(r"(?<![A-Za-z0-9])" + re.escape(word.upper()) + r"(?![A-Za-z0-9])")
        return entity_id if capitals.search(text) else None

    def _mentions_in(self, field: str, text: str, as_of: dt.date | None) -> tuple[FieldMatch, ...]:
        key = ("mention", field, text, as_of)
        hit = self._memo.get(key)
        if hit is None:
            hit = tuple(self._find_mentions(field, text, as_of))
            if len(self._memo) < MEMO_LIMIT:
                self._memo[key] = hit
        return hit

    def _find_mentions(self, field: str, text: str, as_of: dt.date | None) -> list[FieldMatch]:
        scanned = _UNAME_NODENAME.sub(r"\1", text) if field == "sys_descr" else text
        if scanned.isascii() and self._mention_words.search(_NOT_ALNUM.sub("", scanned.lower())) is None:
            return []
        out = []
        for i, tok in enumerate(normalise(scanned).tokens):
            entity_id = self._mentions.get(tok.text) or self._short_mention(tok.text, scanned)
            if entity_id is None:
                continue
            e = self.registry.entities[entity_id]
            why = (f"The {field} text '{text}' names {e.name} ('{tok.text}'); a part or product of a designated "
                   "firm mentioned in the description must be confirmed.")
            m = self.matcher.match_entity(entity_id, why, as_of)
            if field == "sys_descr":
                # A device describing itself over SNMP names its own maker: strong evidence.
                m = replace(m, band=Band.STRONG, score=0.9, explanation=(
                    f"The device's SNMP sysDescr '{text}' names its maker, {e.name} ('{tok.text}')."))
            elif field in ("model", "product") and i == 0 and not _FITS_ONLY.search(text):
                m = replace(m, band=Band.STRONG, score=0.9, explanation=(
                    f"The {field} '{text}' begins with its maker's name, {e.name} ('{tok.text}')."))
            else:
                m = replace(m, band=Band.POSSIBLE, score=0.75)
            out.append(FieldMatch(field, text, m))
            break
        return out

    def find(self, item: Item, as_of: dt.date | None) -> tuple[FieldMatch, ...]:
        # Reads only READ_FIELDS, and a sysDescr only as silent_text() allows: the screener shares
        # evidence and verdicts between rows on that promise.
        found: list[FieldMatch] = []
        fields: Mapping[str, str] = item.fields
        maker_country = fields.get("maker_country", "").strip().upper()
        for f in NAME_FIELDS:
            value = fields.get(f, "").strip()
            if value:
                found.extend(m for m in self._names(f, value, as_of) if not self._elsewhere(m, maker_country))
        if not found:
            for f in MENTION_FIELDS:
                value = fields.get(f, "").strip()
                if value:
                    found.extend(self._mentions_in(f, value, as_of))
        mac = fields.get("mac", "").strip()
        if mac:
            found.extend(self._mac(mac, as_of))
        oid = fields.get("sys_object_id", "").strip()
        if oid:
            found.extend(self._pen(oid, as_of))
        cpe = fields.get("cpe", "").strip()
        if cpe:
            vendor = (ids.vendor_of(cpe) or "").lower()
            if vendor:
                found.extend(self._identifier("cpe", cpe, "cpe_vendor", vendor, f"CPE vendor '{vendor}'", as_of))
        purl = fields.get("purl", "").strip()
        if purl:
            found.extend(self._purl(purl, as_of))
        lei = ids.normalize_lei(fields.get("lei", ""))
        if lei:
            # An LEI is exact: the registry's entity holding it (from GLEIF data, a sanctions
            # list's leiCode or an organisation's own designation), else nothing.
            found.extend(self._identifier("lei", fields["lei"].strip(), "lei", lei, f"LEI {lei}", as_of))
        domain = _domain(fields.get("domain", ""))
        if domain:
            found.extend(self._domain(fields["domain"].strip(), domain, as_of))
        found.extend(self._model_patterns(fields, found, as_of))
        return tuple(found)

    def _elsewhere(self, fm: FieldMatch, maker_country: str) -> bool:
        """A name shared with a listed party based in another country is that party's namesake.

        Only for parties that are on no purchase-ban list and belong to no designated group: Delta
        Electronics, Inc. of Taiwan is not the Iranian "General Electronic" a.k.a. Delta Electronic
        on the Entity List. A designated group's subsidiaries sit in many countries, so their
        matches are never dropped this way.
        """
        if len(maker_country) != 2:
            return False
        e = self.registry.entities.get(fm.match.entity.id)
        if e is None or not e.country or e.country == maker_country or e.group:
            return False
        return not any(self.registry.lists.get(d.list_id) is not None and self.registry.lists[d.list_id].restricts_purchase
                       for link in fm.match.designated for d in link.designations)

    def _names(self, field: str, value: str, as_of: dt.date | None) -> tuple[FieldMatch, ...]:
        key = ("name", field, value, as_of)
        hit = self._memo.get(key)
        if hit is None:
            hit = tuple(FieldMatch(field, value, m) for m in self.matcher.match(value, as_of)[:1])
            if len(self._memo) < MEMO_LIMIT:
                self._memo[key] = hit
        return hit

    def _memoised(self, key: tuple[object, ...], compute: Callable[[], tuple[FieldMatch, ...]]) -> tuple[FieldMatch, ...]:
        hit = self._memo.get(key)
        if hit is None:
            hit = compute()
            if len(self._memo) < MEMO_LIMIT:
                self._memo[key] = hit
        return hit

    def _model_patterns(self, fields: Mapping[str, str], found: list[FieldMatch],
                        as_of: dt.date | None) -> list[FieldMatch]:
        """Designated makers' product-line numbering (inventory/data/model_patterns.yaml): a lead
        for review (band possible), never proof. A MAC block or enterprise number that names a maker
        is exact and outranks a resemblance, so patterns are not consulted then; a maker already named
        is not repeated; a pattern another maker might share counts only when no label names one."""
        values = [fields.get(f, "") for f in model_patterns.PATTERN_FIELDS]
        if all(self._no_pattern(v) for v in values):
            return []
        key = ("pattern", *values)
        hits = self._pattern_memo.get(key)
        if hits is None:
            hits = model_patterns.find_patterns(fields)
            if len(self._pattern_memo) < MEMO_LIMIT:
                self._pattern_memo[key] = hits
        if not hits or self._identifier_names_maker(fields):
            return []
        groups = {self.registry.entities[fm.match.entity.id].group or fm.match.entity.id
                  for fm in found if fm.match.entity.id in self.registry.entities}
        named = bool(found) or any(
            (v := fields.get(f, "").strip()) and not model_patterns.NO_MAKER.match(v)
            and not model_patterns.SELLER.match(v) for f in NAME_FIELDS)
        out = []
        for h in hits:
            p = h.pattern
            maker = self.registry.entities.get(p.maker)
            if maker is None or (maker.group or maker.id) in groups:
                continue
            if named and p.confidence < model_patterns.STANDALONE_CONFIDENCE:
                continue
            why = (f"The {h.field} '{h.value}' follows {p.line} numbering ('{h.matched}', pattern {p.id}, "
                   f"confidence {p.confidence:.2f}; source: {p.source}); a designated maker named only by a model "
                   "number must be confirmed.")
            m = self.matcher.match_entity(maker.id, why, as_of)
            out.append(FieldMatch(h.field, h.value, replace(m, band=Band.POSSIBLE, score=min(m.score, p.confidence))))
        return out

    def silent_text(self, text: str) -> bool:
        """Whether a text read for mentions and patterns (a sysDescr, model, part number or product)
        can give no evidence: it names no designated firm and holds no product-line pattern, so
        find() reads nothing in it. The screener keys its verdicts on this (screen.SilentTextKey):
        keep it in step with what find() reads in those fields (READS)."""
        value = text.strip()
        return (value.isascii() and self._mention_words.search(_NOT_ALNUM.sub("", value.lower())) is None
                and self._no_pattern(value))

    def silent_searches(self) -> tuple[str, str] | None:
        """:meth:`silent_text`'s two searches as regex texts, for an engine that decides a column of
        texts at once (batch.columnar.SilentForms): the mention words (searched in a text's lower
        case letters and digits run together) and every product-line pattern joined
        (model_patterns.bundled_union, searched in the stripped text). None when the patterns
        cannot be joined."""
        joined = model_patterns.bundled_union()
        return None if joined is None else (self._mention_words.pattern, joined.pattern)

    def _no_pattern(self, value: str) -> bool:
        """Whether no product-line pattern is in this one text (most models and sysDescr texts): a
        row none of whose texts holds one skips the patterns of every text combination."""
        text = (value or "").strip()
        if not text:
            return True
        free = self._pattern_free.get(text)
        if free is None:
            free = not model_patterns.any_pattern(text)
            if len(self._pattern_free) < MEMO_LIMIT:
                self._pattern_free[text] = free
        return free

    def _identifier_names_maker(self, fields: Mapping[str, str]) -> bool:
        """Whether the MAC block or SNMP enterprise number names some maker (listed or not).

        Remembered by what it reads (READS): the MAC by the digits that decide every block lookup
        (``MacBlocks.block_key``; none when unreadable or locally administered), the sysObjectID by
        its enterprise number; parsing the MAC again for each row holding a pattern cost more than
        the rest of the pattern step."""
        mac = fields.get("mac", "").strip()
        digits = mac_digits(mac) if mac else None
        usable = digits is not None and not locally_administered(digits)
        pen = enterprise_number(fields.get("sys_object_id", "").strip())
        key = ("names maker", self.mac_blocks.block_key(digits) if usable and digits else None, pen)
        hit = self._names_maker.get(key)
        if hit is None:
            hit = _names_maker(digits if usable else None, pen)
            if len(self._names_maker) < MEMO_LIMIT:
                self._names_maker[key] = hit
        return hit

    def _identifier(
        self, field: str, value: str, scheme: str, key: str, what: str, as_of: dt.date | None
    ) -> list[FieldMatch]:
        out = []
        for e in self.registry.by_identifier(scheme, key):
            why = f"The {what} in '{value}' belongs to {e.name.rstrip('.')}."
            out.append(FieldMatch(field, value, self.matcher.match_entity(e.id, why, as_of)))
        return out

    def _domain(self, value: str, domain: str, as_of: dt.date | None) -> list[FieldMatch]:
        """A web domain, then each parent domain (support.example.com, then example.com): a
        registered domain's subdomains are its holder's."""
        parts = domain.split(".")
        for i in range(len(parts) - 1):
            hits = self._identifier("domain", value, "domain", ".".join(parts[i:]), f"web domain '{'.'.join(parts[i:])}'",
                                    as_of)
            if hits:
                return hits
        return []

    def _purl(self, purl: str, as_of: dt.date | None) -> list[FieldMatch]:
        """A package namespace, tried from the most specific prefix to the shortest
        (pkg:maven/com.huawei.hms, then pkg:maven/com.huawei; pkg:golang/github.com/huaweicloud);
        for a package without a namespace (PyPI), its project name or a registered family prefix
        (identifiers/purl.py; registry/curated/package_namespaces.csv)."""
        parsed = ids.parse_purl(purl)
        if parsed is None:
            return []
        for key in purl_ids.namespace_keys(parsed):
            hits = self._identifier("purl", purl, "purl_namespace", key, f"package namespace '{key}'", as_of)
            if hits:
                return hits
        if not parsed.namespace:
            key = f"pkg:{parsed.type}/{purl_ids.package_name(parsed)}"
            hits = self._identifier("purl", purl, "purl_name", key, f"package '{key}'", as_of)
            hits += [FieldMatch("purl", purl, self.matcher.match_entity(
                e.id, f"The package '{key}' in '{purl}' is of the family '{prefix}*', which belongs to "
                      f"{e.name.rstrip('.')}.", as_of))
                     for prefix, e in self.registry.identifiers("purl_name_prefix")
                     if key.startswith(prefix) and not hits]
            if hits:
                return hits
        # Another ecosystem or a code host (an npm scope, a GitHub or Go owner, a vendor qualifier):
        # the organisation it names is a designated firm's when that firm holds the same name as a
        # CPE vendor or as the organisation of a registered namespace (pkg:maven/com.huaweicloud →
        # huaweicloud, so pkg:npm/%40huaweicloud/x and pkg:github/huaweicloud/x are its too).
        org = ids.organization_hint(parsed)
        out = []
        for e in self._organisations().get(org or "", ()):
            why = f"The package URL '{purl}' names the organisation '{org}', which is {e.name.rstrip('.')}'s."
            out.append(FieldMatch("purl", purl, self.matcher.match_entity(e.id, why, as_of)))
        return out

    def _organisations(self) -> dict[str, tuple[Entity, ...]]:
        """Organisation names (CPE vendors, registered namespaces' organisations) → entities."""
        table = self._org_table
        if table is None:
            found: dict[str, list[Entity]] = {}
            pairs = [(v, e) for v, e in self.registry.identifiers("cpe_vendor")]
            pairs += [(ids.organization_hint(v + "/x") or "", e) for v, e in self.registry.identifiers("purl_namespace")]
            for name, e in pairs:
                if name and e not in found.setdefault(name, []):
                    found[name].append(e)
            table = self._org_table = {k: tuple(v) for k, v in found.items()}
        return table

    def _mac(self, mac: str, as_of: dt.date | None) -> tuple[FieldMatch, ...]:
        digits = mac_digits(mac)
        if digits is None or locally_administered(digits):
            return ()
        # Everything the MAC says comes from its block: worked out once per block, then quoted with
        # each row's own MAC (the sentence names only the block), so one verdict serves the block.
        key = ("mac", self.mac_blocks.block_key(digits), as_of)
        hit = self._memo.get(key)
        if hit is None:
            hit = tuple(self._mac_block(mac, digits, as_of))
            if len(self._memo) < MEMO_LIMIT:
                self._memo[key] = hit
        return tuple(fm if fm.value == mac else FieldMatch("mac", mac, fm.match) for fm in hit)

    def _mac_block(self, mac: str, digits: str, as_of: dt.date | None) -> list[FieldMatch]:
        for n in MAC_PREFIX_LENGTHS:
            prefix = digits[:n]
            hits = self.registry.by_identifier("mac", prefix)
            if hits:
                out = []
                for e in hits:
                    why = (
                        # The MAC itself is the match's value; the sentence names only the block, so
                        # one verdict serves every device of that block.
                        f"The MAC lies in IEEE block {prefix} ({n * 4}-bit prefix) registered to {e.name}; "
                        "on a whole device the block's registrant is, barring contrary evidence, its maker."
                    )
                    out.append(FieldMatch("mac", mac, self.matcher.match_entity(e.id, why, as_of)))
                return out
        hit = ids.default_oui_table().lookup(digits)
        if hit is None or hit.is_ieee_parent or hit.is_private:
            return []
        return [FieldMatch("mac", mac, m) for m in self._registrant(
            hit.organization, as_of, "The MAC's IEEE block is registered to")]

    def _registrant(self, organization: str, as_of: dt.date | None, lead: str) -> tuple[Match, ...]:
        """A block or enterprise number the registry does not hold, whose registrant's name is
        exactly a listed party's (TP-LINK TECHNOLOGIES CO.,LTD. on the 1260H list). Registrants write
        their formal names, so only an exact match with the same legal form counts: a look-alike
        registrant proves nothing."""
        key = ("registrant", organization, as_of)
        hit = self._memo.get(key)
        if hit is None:
            found = []
            legal = set(normalise(organization).legal)
            # Only an exact match counts: a name no registry name equals is not matched at all.
            exact_possible = self.matcher.can_be_exact(organization)
            for m in self.matcher.match(organization, as_of)[:1] if exact_possible else ():
                # Same words under another legal form is another firm: Teltronic AG (Swiss) registered
                # block 540237, not Hytera's Teltronic S.A.U.
                theirs = set(normalise(m.matched_name).legal) if m.matched_name else set()
                if m.band is Band.EXACT and (not legal or not theirs or legal == theirs):
                    why = (f"{lead} '{organization}', which is the registry name of {m.entity.name.rstrip('.')}: "
                           f"{m.explanation}")
                    found.append(FieldMatch("", organization, replace(m, explanation=why)))
            hit = tuple(found)
            if len(self._memo) < MEMO_LIMIT:
                self._memo[key] = hit
        return tuple(fm.match for fm in hit)

    def _pen(self, oid: str, as_of: dt.date | None) -> tuple[FieldMatch, ...]:
        number = enterprise_number(oid)
        if number is None:
            return ()
        # Like a MAC's block: worked out once per enterprise number, quoted with each row's own OID.
        hit = self._memoised(("pen", number, as_of), lambda: tuple(self._pen_number(oid, number, as_of)))
        return tuple(fm if fm.value == oid else FieldMatch("sys_object_id", oid, fm.match) for fm in hit)

    def _pen_number(self, oid: str, number: int, as_of: dt.date | None) -> list[FieldMatch]:
        out = []
        for e in self.registry.by_identifier("pen", str(number)):
            why = f"The sysObjectID is under IANA enterprise number {number}, assigned to {e.name.rstrip('.')}."
            out.append(FieldMatch("sys_object_id", oid, self.matcher.match_entity(e.id, why, as_of)))
        if not out:
            org = ids.default_pen_table().lookup(number)
            if org:
                out = [FieldMatch("sys_object_id", oid, m) for m in self._registrant(
                    org, as_of, f"The sysObjectID's IANA enterprise number {number} is assigned to")]
        return out
