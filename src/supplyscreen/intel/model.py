"""Values that flow through the news pipeline: documents, sentences, mentions, events, alerts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Measure(StrEnum):
    """What a restriction does: the vocabulary of ../shared/docs/interfaces.md plus ``unknown``;
    each value is defined, with examples, in ``measures.yaml`` (``license_condition`` covers every
    licence action: conditions that keep a supplier out, and its own licence revoked or denied)."""

    PROCUREMENT_BAN = "procurement_ban"
    NETWORK_EXCLUSION = "network_exclusion"
    REMOVAL_ORDER = "removal_order"
    ENTITY_LISTING = "entity_listing"
    EQUIPMENT_AUTHORIZATION_BAN = "equipment_authorization_ban"
    LICENSE_CONDITION = "license_condition"
    ADVISORY = "advisory"
    OTHER = "other"
    UNKNOWN = "unknown"


class Status(StrEnum):
    """How far along the measure is, as the report tells it."""

    REPORTED = "reported"
    PROPOSED = "proposed"
    DECIDED = "decided"
    IN_FORCE = "in_force"
    REVERSED = "reversed"


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from disk (a feed file yields one per item)."""

    path: str
    """The file, or ``file#item-N`` for a feed item."""
    text: str
    """The report's own text after cleaning, paragraphs separated by newlines."""
    title: str = ""
    date: dt.date | None = None
    """Publication date: page metadata, a dateline, a date in the file name, or the lead's full date."""
    date_why: str = ""
    """Where ``date`` came from ("page metadata article:published_time", "dateline", "file name"), or
    why it is unknown."""
    outlet: str = ""
    lang: str = ""
    """ISO 639-1 code of the detected language, ``und`` when unknown."""
    home: str = ""
    """The outlet's country (ISO 3166-1 alpha-2) from what the capture carries: its address's
    country-code domain, the page's language tag with a region ("pt-BR"), or a domain as the outlet's
    name; "" when it carries none (``load.outlet_home``)."""
    home_why: str = ""
    """Where ``home`` came from ("the page's address https://….com.br/…"), for the reader."""
    removed: tuple[str, ...] = ()
    """The boilerplate lines that cleaning dropped (for ``--explain`` and tests)."""
    error: str = ""
    """Why the file could not be read; the text is empty then."""


@dataclass(frozen=True, slots=True)
class Target:
    """A company an event restricts, linked to the registry."""

    name: str
    """The registry name (or the text as written when no registry entity matched)."""
    entity_id: str = ""
    group: str = ""
    """The designated group (huawei, zte, …) the entity belongs to, for grouping across outlets."""
    mention: str = ""
    """The words in the article."""


@dataclass(frozen=True, slots=True)
class Authority:
    name: str
    jurisdiction: str
    kind: str
    mention: str = ""


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence that supports one field of an event."""

    field: str
    quote: str
    why: str = ""
    """How the field was read from the quote (the phrase, the label, the model's confidence), when a
    model decided it."""


@dataclass(frozen=True, slots=True)
class Claim:
    """One article's account of one restriction: the unit that clustering groups."""

    path: str
    jurisdiction: str
    measure: Measure
    targets: tuple[Target, ...]
    status: Status
    date: dt.date | None
    authority: str = ""
    scope: str = ""
    reasons: tuple[str, ...] = ()
    deadlines: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    main: bool = True
    """False for a background measure the article mentions in passing."""
    quote: str = ""
    """The sentence that best states the measure."""
    denials: tuple[str, ...] = ()
    """Sentences in the article that contradict the claim (an official saying nothing is decided)."""
    outlet: str = ""
    article_date: dt.date | None = None
    words: frozenset[str] = field(default_factory=frozenset)
    """Content words of the supporting sentences, for grouping by wording."""
    date_stated: bool = False
    """Whether the date was read from the text; otherwise it is the publication date."""
    instruments: frozenset[str] = frozenset()
    """Legal instruments the report names for the measure (rules.INSTRUMENT_CUES)."""
    authority_kind: str = ""
    """The kind of the acting authority (``regulator``, ``agency``, ``ministry``, ``government`` ...;
    empty when only the jurisdiction is known): two different regulators are two measures."""
    origins: frozenset[str] = frozenset()
    """Home countries of the targets' groups (the registry's): a claim placed in one of them by no
    authority of its own may be a misread actor ("Chinese-made cameras" read as China's measure)."""
    provisional: bool = False
    """The article names no government but the targets' own country: the claim stands only if its
    other slots place it in an event of another jurisdiction (cluster.attach_misread); else it is
    dropped, as an article in which no government acts reports nothing."""
    measure_dist: tuple[tuple[str, float], ...] = ()
    """The measure model's probability for every label over the claim's sentences
    (detect.Decision.dist): the event merging several reports votes with these, not with one label."""
    measure_why: str = ""
    """How the claim's own measure was read (phrase, label, probability), kept on the event's source."""
    measure_setting: bool = False
    """The claim's label was read from words that name where the measure applies (the network:
    "5G", "networks", "carriers"; ``extract.setting_phrase``), not from its instrument: in an event
    whose other reports state an instrument, it yields to them (``cluster.event_measure``)."""
    hedged: bool = False
    """The report credits its news to unnamed sources or tells it in the mood of hearsay
    (``extract.hedge``: "people familiar with the matter", "auraient reçu", 据悉): its status is
    ``reported``, and an event whose latest reports are all hedged stays so (``cluster.event_status``)."""


@dataclass(frozen=True, slots=True)
class Source:
    path: str
    quote: str
    outlet: str = ""
    status: Status = Status.REPORTED
    main: bool = True
    measure: Measure | None = None
    """What this report alone says the measure is (the event's may differ: it is the reports' vote)."""
    measure_why: str = ""


@dataclass(frozen=True, slots=True)
class Event:
    """A real-world measure, with every article that reports it."""

    id: str
    jurisdiction: str
    measure: Measure
    targets: tuple[Target, ...]
    status: Status
    date: dt.date | None
    sources: tuple[Source, ...]
    authority: str = ""
    scope: str = ""
    reasons: tuple[str, ...] = ()
    deadlines: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    conflicts: tuple[str, ...] = ()

    @property
    def corroboration(self) -> int:
        """Distinct outlets reporting the event."""
        return len({s.outlet or s.path for s in self.sources})


@dataclass(frozen=True, slots=True)
class Alert:
    """An event whose targets relate to items the user screened."""

    event_id: str
    items: tuple[str, ...]
    """Refs of the screened items the event touches."""
    reason: str
