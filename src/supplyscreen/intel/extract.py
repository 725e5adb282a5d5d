"""From one cleaned article to its claims: the main restriction it reports, and the background
measures it mentions in passing. Opinion pieces, and restrictions named only as the setting of
other news ("despite the US ban"), report none.

Steps, each a small function: sentences -> per-sentence facts (companies, places, trigger, dates)
-> is the article about a restriction at all (a trigger in its lead, or several in its body) ->
the main jurisdiction (weighted vote; the targets' own country does not count) -> the main claim
from the sentences of that jurisdiction without background framing -> one background claim per
other (jurisdiction, sentence group).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

from supplyscreen.datafile import parse_yaml, read_yaml
from supplyscreen.intel import denials, detect, negation, rules
from supplyscreen.intel.dates import DATELINE_MAX, DateMention, deadline_spans, deadlines, find_dates
from supplyscreen.intel.link import CompanyLinker, CompanyMention, PlaceLinker, PlaceMention, language_home
from supplyscreen.intel.model import Claim, Document, Evidence, Measure, Status, Target
from supplyscreen.intel.text import CJK_CHAR, sentences, words
from supplyscreen.registry import Registry

# The lead: a headline and the first two sentences carry the news in the inverted pyramid; a
# restriction named there is what the article is about (the dev set's positives all do; its
# product reviews mention a ban first in their fifth sentence).
LEAD = 3
# A line of at most this many words without a full stop is a section label, not a sentence.
LABEL_WORDS = 2
# Without a lead mention, this many restriction sentences still make the article about one.
MIN_BODY_SENTENCES = 2
# Weights of a place mention for the jurisdiction vote: an authority identifies the acting
# government more surely than a country name, a name more surely than a demonym.
# A capital is counted only as the subject of a restriction (``capital_acts``), where it names the
# government as surely as the country's name does ("Oslo orders ..." / "Norway orders ...").
PLACE_WEIGHT = {"authority": 3.0, "name": 2.0, "metonym": 2.0, "capital": 2.0, "adjective": 1.5}
CARRIER_WEIGHT = 1.0
# The targets' own country is usually named as their origin ("China's Huawei"), not as the actor.
ORIGIN_FACTOR = 0.1
# The actor tends to be the subject, before the verb.
SUBJECT_FACTOR = 1.5
# A background sentence's weight in the vote for the main jurisdiction.
BACKGROUND_FACTOR = 0.3
# Sentence position in the vote for the main jurisdiction: headline, lead, body.
TITLE_FACTOR, LEAD_FACTOR = 3.0, 2.0
# A date in a main sentence is the event's date only when near the article's (reports follow the
# news within days; a month back covers weekly round-ups and law-firm alerts).
DATE_WINDOW_BEFORE = dt.timedelta(days=31)
DATE_WINDOW_AFTER = dt.timedelta(days=3)
_OBJECT = re.compile(r"\b(vendors?|suppliers?|equipment|companies|firms|products|gear|kit|technolog(y|ies)|"
                     r"routers?|drones?|cameras?|devices?|software|antivirus|handsets?|components?|radios?|"
                     r"unmanned aircraft|proveedores|fabricantes|empresas|equipos|fournisseurs|équipements?|"
                     r"hersteller|komponenten|fornecedores|fabricantes|equipamentos|fornitori|apparati|"
                     r"leverantörer|utrustning)\b|设备|設備|製品|产品|部品|機器|机器|企业|企業|公司", re.I)
# In a restriction article, a sentence that names the targets without a restriction word of its own
# ("ZTE is also affected", "China Mobile and China Telecom were added at the same time").
_CONTINUES = re.compile(r"\b(added|affected|included|includes|including|named|listed|designated|targets?|"
                        r"targeted|covers?|covered|also)\b|対象|对象|包括", re.I)
# CJK: a country name right before 政府 ("ドイツ政府", "加拿大政府") is the acting government.
_CJK_GOVERNMENT = re.compile(r"\s*(政府|当局|当局者)")
# Japanese and Korean negate after the verb: a restriction word followed by these is denied
# ("禁止しない", "禁止は求めず", "排除する考えはない", "배제하지 않는다").
# The restriction verb itself negated: "禁止しない", "禁止は求めず", "排除する考えはない", "배제하지 않".
# Not a negated purchase or use ("調達しない", "使わない"): not buying is the restriction. Searched
# from the detected cue to NEGATION_REACH characters past it, within its sentence: the word a detector
# weighs may be the object just before the verb ("使用を禁止しない").
_NEGATED_AFTER = re.compile(r"(?:禁止|排除|除外|規制|制限|締め出|禁用|禁止使用)(?:は|を|も)?"
                            r"(?:(?:する|される)(?:考え|方針|予定|つもり)(?:は|も)|求め|行わ|し|さ|せ)"
                            r"(?:ない|なかった|ず|ません)|(?:금지|배제|제한)(?:하|되)지\s*않")
NEGATION_REACH = 10
_STOP = set("the a an and or of to in on for with by from at as is are was were be been has have had it its this "
            "that these those will would could said says say also which who their they them than but not more "
            "over after before into about such other some any all can may".split())


def _lead_denies(sents: list[Sent]) -> bool:
    """The article's first mention of a measure, in its headline or lead, denies it ("Governo nega
    proibição …", 「…排除報道を否定」): the restriction its body reports ("部分媒體日前報導，政府將全面
    排除華為…") is the one denied, and the article states none. A report of a real measure states it
    first and quotes a denial after it (the Japan 2018 report): that denial stays a conflict."""
    first = next((s for s in sents if s.trigger is not None or s.denied), None)
    return first is not None and first.denied and first.i < LEAD


@dataclass(slots=True)
class Sent:
    i: int
    text: str
    title: bool
    companies: list[CompanyMention]
    places: list[PlaceMention]
    trigger: re.Match[str] | None
    background: bool
    dates: list[DateMention]
    jur: dict[str, float] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)
    """Why a jurisdiction was read from this sentence without being named in it (the outlet's home)."""
    denied: bool = False
    """The detector read a restriction that the sentence names only to deny it ("non intende
    escludere", 「排除する方針はない」, "ha smentito…"): no restriction, but it tells what the article is."""
    past: bool = False
    """The sentence dates what it says before the news (``dated_past``): only dates of years
    before the article's. Background for the vote of the acting government."""

    @property
    def history(self) -> bool:
        """A restriction stated as history ("Sweden took a similar step in 2020", "2019年の米国による
        禁輸措置以降"): the setting of the article's news, never its news."""
        return self.past and self.trigger is not None

    @property
    def restriction(self) -> bool:
        return self.trigger is not None and (bool(self.companies) or bool(_OBJECT.search(self.text)))

    @property
    def furniture(self) -> bool:
        """A dateline or time stamp on a line of its own: not news, and not part of the lead."""
        if self.trigger or self.companies or self.places or self.title or len(self.text) > DATELINE_MAX:
            return False
        # ... or a section label ("Telecom", "Synopsis") above the headline or the body.
        return any(d.precision != "year" for d in self.dates) or (
            len(self.text.split()) <= LABEL_WORDS and self.text[-1:].isalnum())


class Extractor:
    def __init__(self, registry: Registry, companies: CompanyLinker, places: PlaceLinker) -> None:
        self.registry = registry
        self.companies = companies
        self.places = places
        self._homes: dict[str, str] = {}

    def claims(self, doc: Document) -> list[Claim]:
        if doc.error or not doc.text or _opinion(doc):
            return []
        sents = self._sentences(doc)
        # Targets are the story's, not only the trigger sentence's: a restriction word in the lead
        # states the news when the article names a designated group anywhere ("호주 국방부, 중국산
        # 감시카메라 철거" above "...하이크비전과 다화 테크놀로지의 감시카메라를"), if it names who acts
        # or where (a dateline the detector misreads names neither).
        story = any(c.target.group for s in sents if not s.background for c in s.companies)
        rs = [s for s in sents if s.restriction or (story and s.trigger is not None and s.i < LEAD and s.places)]
        if not rs or _lead_denies(sents):
            return []
        # The news is a restriction the lead states as happening now: a lead sentence that dates its
        # restriction years back names the setting of other news (a launch "since the US ban of
        # 2019", an appeal against refusals "depuis 2020"), as a background sentence of the body does.
        lead_hit = any(s.i < LEAD and not s.history for s in rs)
        if not lead_hit and len([s for s in rs if not s.background and not s.history]) < MIN_BODY_SENTENCES:
            return []
        # The targets' home countries: of the firms the story names, not only its restriction sentences
        # ("des équipementiers chinois" above a headline naming Huawei).
        origin = self._origin(rs) | (self._origin([s for s in sents if not s.background]) if story else set())
        home, home_why = self._dateline_home(sents) or reader_home(doc)
        if home and home not in self.places.names:
            home, home_why = "", ""  # a region tag or domain of no country the place tables know
        last = last_why = ""
        # A headline's bare subject ("El Gobierno veta a Huawei") is the government its lead names as
        # the actor or scene of the news ("En Australia, el Gobierno aprobó ..."), read before it.
        lead_actor = next((j for s in sents[:LEAD] if home and not s.title and not s.background
                           and not s.past for j in [_named_actor(s, origin)] if j), "")
        for s in sents:
            s.jur = self._jurisdictions(s, origin)
            bare, bare_why = (last, last_why) if last else (home, home_why)
            if s.title and lead_actor and not last:
                bare, bare_why = lead_actor, "the government the lead names as the actor or scene"
            subject = _domestic_subject(s, origin) if bare and bare not in s.jur else ""
            if subject:
                # The subject of the restriction is a public body that names no country ("the
                # regulator", "Das Kabinett", "La Moncloa", 警察庁): the government last named in the
                # news, else the outlet's own, as surely as a body of the authorities table; a country
                # named after the predicate or in another clause ("like the UK in 2022") is not it.
                s.jur[bare] = PLACE_WEIGHT["authority"] * SUBJECT_FACTOR * (ORIGIN_FACTOR if bare in origin else 1.0)
                s.why[bare] = f"the subject {subject!r} names no country: {bare}, {bare_why}"
            elif bare and not s.jur and BARE_GOVERNMENT.search(s.text):
                # "Regeringen har beslutat", "정부는", "Il governo": the government last named before
                # ("La Germania ... Il governo ha deciso"), else that of the territory the report's
                # language is mostly read in; the targets' home country only as the subject.
                s.jur = {bare: PLACE_WEIGHT["authority"] * (ORIGIN_FACTOR if bare in origin else 1.0)}
                s.why[bare] = f"a bare government word names no country: {bare}, {bare_why}"
            if not s.past:
                # A measure of an earlier year ("the US did so in 2019") is background: the
                # government it names is not the one a later bare "the ministry" refers to.
                new = max((j for j in s.jur if j not in origin), key=lambda j: s.jur[j], default=last)
                if new != last:
                    last, last_why = new, s.why.get(new) or f"the government named before ({s.text[:60]!r})"
        main_j = self._main_jurisdiction(rs)
        if (main_j and home and home != main_j and home not in origin
                and all((s.background or s.past) and not s.title for s in rs if main_j in s.jur)):
            # The only government named is named for an earlier or another measure ("Aux États-Unis,
            # Dahua figure depuis 2019 ..."): the news's own restriction names none, and the outlet
            # reports its own government's ("Matignon a mis en garde ...").
            own_news = [s for s in rs if s.i < LEAD and not s.background and not s.past and not set(s.jur) - origin]
            for s in own_news:
                s.jur[home] = PLACE_WEIGHT["authority"]
                s.why[home] = (f"the news names no government and {main_j} only for an earlier or other "
                               f"measure: {home}, {home_why}")
            main_j = self._main_jurisdiction(rs) if own_news else main_j
        provisional = False
        if not main_j or (main_j in origin and main_j not in _subjects(rs)):
            # The targets' home country is the actor only when no other government is named near
            # the news (China restricting a US firm names no other); else read the lead.
            misread = main_j if main_j in origin else ""
            own = main_j if any(_governs(s.text, p) and p.jurisdiction == main_j for s in rs for p in s.places) else ""
            # A government the lead names only beside a past date ("since the US ban of 2019") is the
            # setting of the story, not the actor of its news.
            main_j = self._main_jurisdiction(rs, exclude=origin) or self._main_jurisdiction(
                [s for s in sents[:LEAD + 2] if not s.past], exclude=origin) or own
            if not main_j and misread:
                # No government acts: only the targets' own country is named, neither as the subject
                # of the restriction nor by one of its authorities ("Chinese gear makers kept out of
                # 5G tests" names who is kept out, not who keeps them out; a domestic report says
                # "the Defence Minister" and names no country). The claim is provisional: it stands
                # only where its other slots place it in another government's event.
                main_j, provisional = misread, True
        if not main_j:
            return []
        if not any(main_j in s.jur for s in sents[:LEAD] if not s.past) and not any(
                main_j in s.jur and s.companies for s in rs if not s.past) and not _lead_body(rs, origin):
            # The government is named neither in the lead nor beside the targets, or only beside a
            # past year: a measure named in passing ("Germany's agency warned against it in 2022", in
            # a product test; "the refusals the agency has issued since 2020", in an appeal), not the news.
            return []
        main = [s for s in rs if (main_j in s.jur or not s.jur) and not self._elsewhere(s, main_j)]
        if not main:
            main = [s for s in rs if main_j in s.jur]
        if not main:
            # The actor is named only outside the restriction sentences ("The Australian government
            # said ..." above "Cameras linked to Chinese firms to be removed"): the restriction
            # sentences are those naming no government but the targets' own country.
            main = [s for s in rs if not set(s.jur) - origin and not self._elsewhere(s, main_j)]
        if not main:
            return []
        # The targets are every designated group the story names, in whichever sentence ("The cameras
        # were made by Hikvision and Dahua"; "the company most exposed is Huawei").
        homes = frozenset(origin | self._origin(sents))
        named = self._named(main_j, main, sents, set(homes))
        if (not any(c.target.group for c in named) and not any(c.target.group for s in main for c in s.companies)
                and any(_OBJECT.search(s.text) for s in main)):
            # The measure names its targets generically ("cameras bought from Chinese manufacturers")
            # and the story names the firms only beside another country ("Hikvision, a company
            # already blacklisted in the United States"; "as do carriers in Germany"): they are
            # still the firms the story is about.
            named = self._named(main_j, main, sents, set(homes), beside_others=True)
        out = [self._claim(doc, main_j, main, sents, main=True, named=named, origins=homes,
                           provisional=provisional)]
        if provisional:
            # Nothing but the targets: a provisional claim without them has nothing to be placed by,
            # and its article's passing mentions were never read before it was placed.
            return out if out[0].targets else []
        if not out[0].targets and (not any(_OBJECT.search(s.text) for s in main)
                                   or out[0].measure in (Measure.OTHER, Measure.UNKNOWN)):
            # Nothing ties an untargeted measure to the screened suppliers but its object and its
            # instrument: without a named firm, a measure of none of the vocabulary's instruments
            # (sanctions on steel or shipping, read as "other") restricts no supplier of networks.
            return []
        out += self._background(doc, main_j, [s for s in rs if s not in main], sents, origin)
        return out

    # --- facts per sentence -------------------------------------------------------------------
    def _sentences(self, doc: Document) -> list[Sent]:
        texts = sentences(doc.text)
        # The headline is usually first; a section label or kicker may come before it.
        title_at = next((k for k, t in enumerate(texts[:3]) if doc.title and t == doc.title), -1)
        # Names that are also Korean words, named as places somewhere in the report (link.established).
        known = self.places.established(doc.text)
        out: list[Sent] = []
        for k, t in enumerate(texts):
            trig = rules.trigger(t)
            denied = trig is not None and bool(
                # "使用を禁止しない方針", "배제하지 않기로": the predicate is negated
                _NEGATED_AFTER.search(t[trig.start():trig.end() + NEGATION_REACH].split("。")[0])
                # "non intende escludere", "nega estar a preparar", 并无…计划: denied in its clause
                or negation.denied(t, doc.lang, trig.span()))
            if denied or (trig is not None and denials.wording(t, doc.lang)):
                # "ha smentito di voler…", "har inga planer på att…": named to deny it. The frames'
                # word bag ("prepara" of "no prepara") is too loose to say what a whole article is:
                # only the structural readings above mark the sentence ``denied``.
                trig = None
            # A capital city is a place ("DJI opened a centre in Oslo", "BERLIN —") unless it is the
            # subject of the sentence's restriction ("Oslo orders ...", "Berna esclude ...").
            places = _acting_places(t, self.places.find(t, known), trig)
            dates = find_dates(t, doc.date, doc.lang)
            past = dated_past(t, dates, doc.date)
            # A restriction dated in the past (``Sent.history``) is not the news and its government
            # not the actor; the firms it names are still the story's ("The vendor concerned is
            # ZTE, which has supplied antennas since 2019"), so it is not ``background``.
            s = Sent(len(out), t, k == title_at, self.companies.find(t, restriction=trig is not None, lang=doc.lang), places, trig,
                     bool(rules.BACKGROUND.search(t)), dates, denied=denied, past=past)
            if not s.furniture:  # sentence numbers (the lead) count the report's own sentences
                out.append(s)
        return out

    def _dateline_home(self, sents: list[Sent]) -> tuple[str, str] | None:
        """The country of the place a dateline opens the lead with ("AMMAN - Public bodies ...",
        "La Paz – La Autoridad ...", "PARIS, 17 octobre 2029 - L'Arcep ..."): where the report was
        filed, so the government a bare subject of it names ("The government", "the regulator") before
        the outlet's home or its language's; None when the lead opens with no place and a dash."""
        lead = next((s for s in sents[:LEAD] if not s.title), None)
        if lead is None:
            return None
        first = min(self.places.find(lead.text), key=lambda p: p.start, default=None)
        if (first is None or first.kind not in ("capital", "name") or lead.text[:first.start].strip(" \"'“«")
                or not _DATELINE_AFTER.match(lead.text, first.end)):
            return None
        return first.jurisdiction, f"the dateline names {first.text!r}"

    def _elsewhere(self, s: Sent, j: str) -> bool:
        """A background sentence that is not part of the article's own news: past the lead, or in
        the lead but about another government's measure ("Britain joins Australia, which barred ...")."""
        if not s.background or s.title:
            return False
        return s.i >= LEAD or self._actor(s) not in ("", j)

    def _named(self, j: str, main: list[Sent], sents: list[Sent], origin: set[str], *,
               beside_others: bool = False) -> tuple[CompanyMention, ...]:
        """Designated firms the article's story names outside its restriction sentences: in a
        restriction report these are its targets even without a restriction word. Not those of a
        background passage, nor of a sentence about another government (the targets' own
        country, named as their origin, is not another government)."""
        out = []
        for s in sents:
            if s in main or not s.companies:
                continue
            other = [jj for jj, w in s.jur.items() if jj != j and jj not in origin and w > s.jur.get(j, 0.0)]
            if s.background and not s.title and (not beside_others or other or s.restriction):
                # A background passage names the firms of an older or another measure; but when the
                # measure names its targets only generically, a background sentence that names no
                # government and no restriction of its own says who they are ("The vendor concerned
                # is ZTE, which has supplied antennas since 2019").
                continue
            if other and not beside_others:
                continue  # another government's sentence
            out += [c for c in s.companies if c.target.group]
        return tuple(out)

    def _origin(self, rs: list[Sent]) -> set[str]:
        """Home countries of the firms named: a group's home, not its local subsidiary's
        ("China Telecom (Americas)" is a US company of a Chinese group)."""
        codes: set[str] = set()
        for s in rs:
            for c in s.companies:
                home = self._home(c.target.group) if c.target.group else ""
                if not home:
                    e = self.registry.get(c.target.entity_id)
                    home = e.country.upper() if e and e.country else ""
                if home:
                    codes.add(home)
        return codes

    def _home(self, group: str) -> str:
        """The country most of a designated group's entities are registered in (its head's on a tie)."""
        if group not in self._homes:
            counts: Counter[str] = Counter(e.country.upper() for e in self.registry if e.group == group and e.country)
            head = self.registry.get(group)
            best = max(counts.values(), default=0)
            tops = sorted(c for c, n in counts.items() if n == best)
            home = head.country.upper() if head and head.country and head.country.upper() in tops else (
                tops[0] if tops else "")
            self._homes[group] = home
        return self._homes[group]

    def _jurisdictions(self, s: Sent, origin: set[str]) -> dict[str, float]:
        score: dict[str, float] = defaultdict(float)
        pos = s.trigger.start() if s.trigger else len(s.text)
        for p in s.places:
            if any(c.start <= p.start < c.end for c in s.companies):
                continue  # "China" in "China Mobile" names the firm, not a government
            w = PLACE_WEIGHT[p.kind]
            if p.authority and p.authority.kind == "carrier":
                w = CARRIER_WEIGHT
            elif p.authority and p.authority.kind == "law":
                w = PLACE_WEIGHT["name"]  # a law names its country as surely as the country's name
            if p.kind == "adjective" and rules.GOVERNMENT_NOUN.search(s.text[p.end:p.end + 30]):
                w += 1.0
            if p.kind == "name" and (rules.GOVERNMENT_WORD.search(s.text[max(0, p.start - 20):p.start])
                                     or _CJK_GOVERNMENT.match(s.text, p.end)):
                w += 1.0  # "Gobierno de Japón", "Government of Canada", "ドイツ政府"
            if (p.jurisdiction in origin and not _acts(p)) or _possessive_origin(s.text, p):
                w *= ORIGIN_FACTOR  # a regulator never describes where a firm is from; a country may
            if p.start < pos:
                w *= SUBJECT_FACTOR
            score[p.jurisdiction] += w
        return dict(score)

    def _main_jurisdiction(self, rs: list[Sent], exclude: set[str] | frozenset[str] = frozenset()) -> str:
        votes: dict[str, float] = defaultdict(float)
        for s in rs:
            f = TITLE_FACTOR if s.title else LEAD_FACTOR if s.i < LEAD else 1.0
            if (s.background or s.past) and not s.title:
                f *= BACKGROUND_FACTOR
            for j, w in s.jur.items():
                if j not in exclude:
                    votes[j] += f * w
        if not votes:
            return ""
        return max(sorted(votes), key=lambda j: votes[j])

    # --- claims ---------------------------------------------------------------------------------
    def _claim(self, doc: Document, j: str, group: list[Sent], sents: list[Sent], *, main: bool,
               named: tuple[CompanyMention, ...] = (), origins: frozenset[str] = frozenset(),
               provisional: bool = False) -> Claim:
        group = sorted(group, key=lambda s: s.i)
        lead = group[0]
        targets = _targets(self.registry, [*(c for s in group for c in s.companies), *named])
        measure, m_quote, m_why, m_dist, m_setting = _measure(group)
        status, s_quote, s_why, hedged = _status(group, [s for s in sents if s.title] if main else [])
        date, d_quote, d_why = self._date(doc, group, main, sents)
        authority, a_quote, a_kind = self._authority(j, group)
        scope = _labels(rules.SCOPE_CUES, group)
        dl = tuple(dict.fromkeys(d for s in group for d in deadlines(s.text)))
        if dl and main:
            scope = [*scope, "deadlines: " + ", ".join(dl)]
        reasons = _labels(rules.REASON_CUES, group if not main else [*group, *[s for s in sents if not s.restriction]])
        j_sent = max(group, key=lambda s: s.jur.get(j, 0.0))
        j_quote, j_why = j_sent.text, j_sent.why.get(j, "")
        t_quote = next((s.text for s in group if s.companies), lead.text)
        evidence = [Evidence("jurisdiction", j_quote, j_why), Evidence("targets", t_quote), Evidence("measure", m_quote, m_why),
                    Evidence("status", s_quote, s_why)]
        if d_quote:
            evidence.append(Evidence("date", d_quote, d_why))
        if a_quote:
            evidence.append(Evidence("authority", a_quote))
        for label in scope:
            q = next((s.text for s in group if any(lb == label and rx.search(s.text) for lb, rx in rules.SCOPE_CUES)), "")
            if q:
                evidence.append(Evidence("scope", q))
        denials = tuple(s.text for s in sents if rules.DENIAL.search(s.text)) if main else ()
        bag = frozenset(w.lower() for s in group for w in words(s.text) if len(w) > 3 and w.lower() not in _STOP)
        return Claim(
            path=doc.path, jurisdiction=j, measure=measure, targets=targets, status=status, date=date,
            authority=authority, scope="; ".join(scope), reasons=tuple(reasons), deadlines=dl,
            evidence=tuple(evidence), main=main, quote=lead.text, denials=denials, outlet=doc.outlet,
            article_date=doc.date, words=bag, date_stated=bool(d_quote),
            instruments=frozenset(_labels(rules.INSTRUMENT_CUES, [s for s in group if not s.background or s.title])),
            authority_kind=a_kind, origins=origins, provisional=provisional, measure_dist=m_dist,
            measure_why=m_why, measure_setting=m_setting, hedged=hedged)

    def _date(self, doc: Document, group: list[Sent], main: bool,
              sents: Sequence[Sent] = ()) -> tuple[dt.date | None, str, str]:
        """The decision's date: stated in the claim's sentences, else (for the article's news) in a
        sentence beside them that says only when ("Beslutet fattades på torsdagen", "The decision was
        taken on Tuesday"), else the publication date; a passing mention stays undated."""
        in_group = {s.i for s in group}
        near = {s.i + k for s in group for k in (-1, 1)} - in_group
        # A neighbour naming firms or places is other news (a reaction, another government's step);
        # one dating the past (a year before the article's) is background.
        beside = [s for s in sents if s.i in near and not (s.companies or s.places or s.title or s.past)] if main else []
        for s in [*group, *beside]:
            spans = deadline_spans(s.text)
            opening = _DATELINE_OPENING.match(s.text)
            for d in s.dates:
                if any(a <= d.start < b for a, b in spans):
                    continue  # "by 2027", "from 31 December": a deadline or start, not the decision
                if opening and d.start < opening.end():
                    # "PARIS, 17 octobre 2029 - L'Arcep a retiré lundi ...": the dateline opening the lead
                    # dates the report (load.lead_date), the weekday after it the decision.
                    continue
                if main:
                    if d.precision != "day" or doc.date is None:
                        continue
                    if not (doc.date - DATE_WINDOW_BEFORE <= d.date <= doc.date + DATE_WINDOW_AFTER):
                        continue
                elif d.precision == "year" and not any(ch.isdigit() for ch in d.text):
                    continue  # "last year", "earlier this year": no year stated, so no date
                why = f"'{d.text}'" + ("" if re.search(r"(19|20)\d{2}", d.text) or doc.date is None else
                                       f" read against the article's date {doc.date} ({doc.date_why})")
                return d.date, s.text, why
        return (doc.date, "", "") if main else (None, "", "")

    def _authority(self, j: str, group: list[Sent]) -> tuple[str, str, str]:
        ranked = {"regulator": 0, "agency": 1, "ministry": 2, "legislature": 3, "government": 4, "carrier": 5}
        found = [(ranked.get(p.authority.kind, 9), s.i, p.authority.name, s.text, p.authority.kind)
                 for s in group for p in s.places if p.authority and p.jurisdiction == j and p.authority.kind != "law"]
        if found:
            _, _, name, quote, kind = min(found)
            return name, quote, kind
        return f"Government of {self.places.country_name(j)}", "", ""

    def _actor(self, s: Sent) -> str:
        """The government a background sentence is about: a clear vote, else the place named nearest its trigger."""
        own = [jj for jj, w in s.jur.items() if w >= PLACE_WEIGHT["adjective"] * ORIGIN_FACTOR * 2]
        if len(own) <= 1:
            return own[0] if own else ""
        top = sorted(own, key=lambda jj: -s.jur[jj])
        if s.jur[top[0]] >= 2 * s.jur[top[1]]:
            return top[0]
        return _nearest(s, own)

    def _clause_actors(self, s: Sent) -> list[tuple[Sent, list[str]]]:
        """The clauses of a restriction sentence, each with the governments that act in it: the
        subject before its restriction word (with the places coordinated with it), else the places
        named as the scene after it ("facing bans ... in Australia and New Zealand"); a place that
        only describes a firm ("China's Huawei") never acts. A sentence of one clause keeps the
        sentence-level reading (_actor)."""
        cuts = [0, *(m.end() for m in _CLAUSE.finditer(s.text)), len(s.text) + 1]
        spans = [(a, b) for a, b in pairwise(cuts) if a < b]
        single = len(spans) <= 1
        out = []
        for a, b in spans:
            text = s.text[a:b]
            trig = rules.trigger(text)
            if trig is None:
                continue
            places = [replace(p, start=p.start - a, end=p.end - a) for p in s.places if a <= p.start < b
                      and not _possessive_origin(s.text, p)]
            sub = Sent(s.i, text, s.title, [replace(c, start=c.start - a, end=c.end - a) for c in s.companies
                                            if a <= c.start < b] or s.companies,
                       places, trig, s.background or bool(rules.BACKGROUND.search(text)),
                       [replace(d, start=d.start - a) for d in s.dates if a <= d.start < b], s.jur)
            before = sorted((p for p in places if p.start < trig.start()), key=lambda p: p.start)
            actors: list[PlaceMention] = []
            if before:
                actors = [before[-1]]
                for p in reversed(before[:-1]):
                    if _COORDINATED.match(text[p.end:actors[0].start]):
                        actors.insert(0, p)
                    else:
                        break
            else:
                after = sorted((p for p in places if p.start >= trig.end()), key=lambda p: p.start)
                for k, p in enumerate(after):
                    if (_LOCATIVE.search(text[max(0, p.start - 8):p.start])
                            or (k and actors and _COORDINATED.match(text[after[k - 1].end:p.start]))):
                        actors.append(p)
            codes = list(dict.fromkeys(p.jurisdiction for p in actors))
            out.append((sub, codes))
        if single:
            # One clause keeps the sentence-level reading, unless it names governments coordinated as
            # one subject or scene ("blocked ... in Australia and New Zealand").
            coordinated = out[0][1] if out and len(out[0][1]) > 1 else []
            return [(s, coordinated or [self._actor(s)])]
        return out

    def _background(self, doc: Document, main_j: str, rest: list[Sent], sents: list[Sent],
                    origin: set[str]) -> list[Claim]:
        """One claim per other jurisdiction (or per dated past measure of the main one) named with a trigger;
        never the targets' own country, which a passing sentence names as their origin ("Chinese firms")."""
        groups: dict[tuple[str, int], list[Sent]] = defaultdict(list)
        for whole in rest:
            for s, actors in self._clause_actors(whole):
                for jj in actors:
                    if not jj or jj in origin:
                        continue
                    year = next((d.date.year for d in s.dates), 0)
                    if jj == main_j and not (s.background and year and doc.date and year < doc.date.year):
                        continue
                    groups[(jj, year)].append(s)
        for (jj, year) in [k for k in groups if k[1] == 0]:
            dated = [k for k in groups if k[0] == jj and k[1]]
            if len(dated) == 1:
                # One article's undated mentions of a government's measure are its one dated mention
                # ("the US earlier this year banned ...", "the United States enacted a law ...").
                groups[dated[0]] = sorted([*groups[dated[0]], *groups.pop((jj, year))], key=lambda x: x.i)
        out = []
        for (jj, _), g in sorted(groups.items()):
            c = self._claim(doc, jj, g, sents, main=False, origins=frozenset(origin))
            if c.targets:
                out.append(c)
        return out


# A year written as a number, in any script ("2019", "2019年", "2019년", "im Jahr 2018", "depuis 2020"):
# not part of a longer number, a decimal ("2,900") or a name ("Mate 2020X" is rare; "A2019" is not a year).
_YEAR = re.compile(r"(?<![0-9A-Za-z.,])(19[5-9]\d|20\d\d)(?![0-9]|[.,][0-9]|[A-Za-z])")


# A year that is part of a name dates the name, not the act: "the Telecommunications (Security) Act
# 2021" (two capitalised words right before it: one is a German noun, "im Jahr 2018", or a month,
# "in June 2019"), "its 2020 Huawei policy" (a capitalised word right after it).
_NAME_BEFORE = re.compile(r"(?-i:\(?[A-Z][\w)]*)\s(?-i:[A-Z]\w*)\s$")
_NAME_AFTER = re.compile(r"\s(?-i:[A-Z])")


def _named_year(text: str, m: re.Match[str]) -> bool:
    return bool(_NAME_BEFORE.search(text[max(0, m.start() - 40):m.start()]) or _NAME_AFTER.match(text, m.end()))


# After a dateline's place: perhaps a comma and a date or region, then a dash or colon and a space
# ("AMMAN - ", "La Paz – ", "PARIS, 17 octobre 2029 - ", "DHAKA: "); not "Oslo-based" nor "Oslo, which".
_DATELINE_AFTER = re.compile(r"\s*(?:,(?!\s+(?:which|who|que|qui|die|der|som|che|welche)\b)[^\n—–.]{1,40}?)?\s*(?:[—–-]{1,2}|:)\s")
# A dateline opening a sentence: a place, a comma, the report's date, then a dash ("TOKYO, March 1,
# 2029 -", "BRASÍLIA, 21 jun —"), no longer than a dateline on its own line.
_DATELINE_OPENING = re.compile(rf"^[^\W\d][\w.'’ -]{{0,30}}?,\s[^.!?\n]{{0,{DATELINE_MAX - 30}}}?\d[^.!?\n]{{0,12}}?"
                               r"\s[-–—]+\s")


def _last_day(d: DateMention) -> dt.date:
    """The last day a date mention may mean: the day, the week's last, the month's, the year's."""
    if d.precision == "year":
        return dt.date(d.date.year, 12, 31)
    if d.precision == "month":
        nxt = dt.date(d.date.year + d.date.month // 12, d.date.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return d.date + dt.timedelta(days=6 if d.precision == "week" else 0)


def dated_past(text: str, dates: list[DateMention], ref: dt.date | None) -> bool:
    """Whether ``text`` dates what it says before the news: it states a year in digits (any script:
    "in 2020", "of 2019", "2019年", "im Jahr 2018") earlier than the article's (``ref``) and more than
    DATE_WINDOW_BEFORE before it (a January report of a December decision is news), and names no
    date that may be the news's own ("on Tuesday", "14日", "in March" of the article's year). Dates
    in a deadline ("by 2028", "2028年末までに") date no act. A past named without its year ("last
    December", "last year") is the recent run-up of the story, not history: as ``_date`` reads
    "last year", a year counts only when it is written."""
    if ref is None:
        return False
    spans = deadline_spans(text)

    def free(i: int) -> bool:
        return not any(a <= i < b for a, b in spans)

    cut = ref - DATE_WINDOW_BEFORE
    years = [int(m.group(1)) for m in _YEAR.finditer(text) if free(m.start()) and not _named_year(text, m)]
    if not any(y < ref.year and dt.date(y, 12, 31) < cut for y in years):
        return False
    recent = [e for e in (_last_day(d) for d in dates if free(d.start)) if e >= cut or e.year >= ref.year]
    return not recent and all(y < ref.year for y in years)


# Clause boundaries inside one sentence: each clause may report another government's measure
# ("Australia and New Zealand have blocked Huawei ..., while Britain's BT Group said it was removing ...").
_CLAUSE = re.compile(r",\s+(?:while|whereas|but)\s+|;\s+|\s+while\s+|,\s+and\s+(?:is|was|has|have)\s+|"
                     r",\s+and\s+(?=[A-Z])|"
                     r",\s+(?:mientras|alors que|während|mentre|enquanto)\s+|，|；")
# Places joined like this are one subject ("Australia and New Zealand", "米国と豪州").
_COORDINATED = re.compile(r"^\s*(?:,|and|&|y|e|et|und|och|,\s*and|와|과|및|和|及|与|と|、|・)\s*$")
# "bans ... in Australia and New Zealand": after the predicate, a place that is the scene of the measure.
_LOCATIVE = re.compile(r"(?:\bin|\ben|\bdans|\bim|\bnel|\bi)\s+(?:the\s+)?$")


# Before a capital that is the subject: nothing (the sentence starts with it) or a clause boundary
# ("On Tuesday, Ottawa banned ...", "— Brasília barred ...", "「東京は..."); not a preposition ("in Oslo").
_SUBJECT_START = re.compile(r"(?:^|[,;:(\[“\"«「『（、，；：]|\s[—–-])\s*$")
# After it, what makes it a place or part of a name: a dateline's or label's punctuation or a number
# ("BERLIN —", "Berne: un tribunal", "Oslo, 4 March", "Tokyo 2020", "【ワシントン＝共同】"; not a CJK
# date, which follows the subject: "東京10日宣布"), a hyphen ("Berlin-based", "OSLO -"), or an
# administrative word in CJK (東京都 is Tokyo's metropolitan government, not Japan's).
# A comma before a relative pronoun is no dateline: "Canberra, which barred Huawei in 2018, ...".
_PLACE_AFTER = re.compile(r"\s*[:—–/(（=＝】\]|]|\s*,(?!\s+(?:which|who|que|qui|die|der|som|che|welche)\b)"
                          r"|\s*\d(?!\d*[日月])|\s*-|[都市区府県道州]")
# A capitalised word right after it makes it part of a name ("Washington Post", "Oslo Børs"), unless
# the headline capitalises every word; at least this share of capitalised words is title case.
TITLE_CASE_SHARE = 0.6


def capital_acts(text: str, p: PlaceMention, trigger: re.Match[str] | None) -> bool:
    """Whether a place mention stands for a government: always, except a capital city, which does
    only as the subject of a sentence stating a restriction ("Washington added Dahua to ...",
    "Berna ha deciso di escludere ...", "東京10日宣布..."), never as the place of an event ("a
    repair centre in Oslo"), a dateline or a label ("Berne: un tribunal rejette ...")."""
    if p.kind != "capital":
        return True
    if trigger is not None and _seat(text, p):
        return True
    if trigger is None or not _SUBJECT_START.search(text[:p.start]) or _PLACE_AFTER.match(text, p.end):
        return False
    nxt = re.match(r"\s+(\S+)", text[p.end:])
    if nxt and nxt.group(1)[:1].isupper() and not CJK_CHAR.match(nxt.group(1)):
        ws = [w for w in text.split() if w[:1].isalpha()]
        return sum(w[:1].isupper() for w in ws) >= TITLE_CASE_SHARE * len(ws)
    return True


# The locative prepositions of the reader's languages ("in", "im", Polish "w"/"we", Czech and Slovak
# "v"/"ve", "en", "à", "em", Romanian "în", Swedish "i", Russian "в"/"во", Ukrainian "у"): a
# government "in" its capital is that country's ("die Regierung in Abu Dhabi", "Rząd w Tbilisi").
_SEAT_PREPOSITION = r"(?:in|im|w|we|v|ve|en|à|em|în|i|в|во|у)"
# How far before the capital the government noun may start: a noun and a preposition.
SEAT_REACH = 40


def _seat(text: str, p: PlaceMention) -> bool:
    """A capital named as a government's seat: a body noun (``actor-nouns.yaml``), a locative
    preposition, then the capital ("the government in Abu Dhabi", "władze w Tbilisi")."""
    before = text[max(0, p.start - SEAT_REACH):p.start]
    return bool(re.search(rf"(?:{_actor_noun().pattern})\s+{_SEAT_PREPOSITION}\s+$", before, re.I))


def _acting_places(text: str, found: list[PlaceMention], trigger: re.Match[str] | None) -> list[PlaceMention]:
    """The place mentions that stand for governments: ``capital_acts``, and a capital coordinated
    with a government kept before it, as one subject ("Washington and Ottawa have banned ...")."""
    out: list[PlaceMention] = []
    for p in found:
        if capital_acts(text, p, trigger) or (
                p.kind == "capital" and trigger is not None and out and out[-1].start < p.start
                and _COORDINATED.match(text[out[-1].end:p.start])
                and not _PLACE_AFTER.match(text, p.end)):
            out.append(p)
    return out


def _acts(p: PlaceMention) -> bool:
    """A public authority (not a carrier, not a statute): a body that acts, never a firm's origin."""
    return p.authority is not None and p.authority.kind not in ("carrier", "law")


def _governs(text: str, p: PlaceMention) -> bool:
    """The place names a government at work: one of its authorities, or its name with a government
    noun ("U.S. regulators", "Gobierno de Japón", "ドイツ政府"), not a firm's origin."""
    return _acts(p) or p.kind == "capital" or bool(rules.GOVERNMENT_NOUN.search(text[p.end:p.end + 30])
                            or rules.GOVERNMENT_WORD.search(text[max(0, p.start - 20):p.start])
                            or _CJK_GOVERNMENT.match(text, p.end))


# A bare "the government" in a report's own language, naming no country: the government last named,
# else that of the territory the language is mostly read in (``link.language_home``, from the CLDR).
# Korean and Chinese attach particles without a space, so those are matched as substrings. Kept out
# of rules.py: it is no detection cue (the detector's model digests rules.py).
BARE_GOVERNMENT = re.compile(r"(?<![^\W\d_])(government|gobierno|gouvernement|regierung|governo|regeringen|"
                             r"rząd|vláda|hallitus|regering|kormány)(?![^\W\d_])|정부|政府", re.I)
# Han characters in a Chinese report that fold to another (simplified) form: at least this many
# and the report is in traditional script (a name or a quotation alone is not).
TRADITIONAL_MIN = 3


def reader_home(doc: Document) -> tuple[str, str]:
    """The outlet's home and why: what the capture says of the outlet (its address's country-code
    domain, its page's region tag: ``load.outlet_home``), else the territory the report's language
    is mostly read in (``link.language_home``; Chinese in traditional script is zh_Hant's); ("", "")
    for a language spread over many territories with nothing else to go by."""
    if doc.home:
        return doc.home, f"the outlet's home by {doc.home_why}"
    code = doc.lang
    if code == "zh":
        folded = doc.text.translate(detect._han_fold())
        changed = sum(a != b for a, b in zip(doc.text, folded, strict=True))
        code = "zh_Hant" if changed >= TRADITIONAL_MIN else code
    home = language_home(code)
    return (home, f"where the report's language ({code}) is mostly read (CLDR)") if home else ("", "")


ACTOR_NOUNS = Path(__file__).with_name("actor-nouns.yaml")


@cache
def _actor_noun() -> re.Pattern[str]:
    d = read_yaml(ACTOR_NOUNS)
    alt = "|".join(re.escape(w) for w in sorted(map(str, d["words"]), key=len, reverse=True))
    heads = "|".join(re.escape(w) for w in sorted(map(str, d["heads"]), key=len, reverse=True))
    cjk = "|".join(re.escape(w) for w in sorted(map(str, d["cjk"]), key=len, reverse=True))
    return re.compile(rf"(?<![^\W\d_])(?:{alt})(?![^\W\d_])|(?:{heads})(?![^\W\d_])|{cjk}", re.I)


# A clause boundary before the restriction: a comma or semicolon (not before a relative pronoun,
# whose antecedent is the relative clause's subject: "el ejemplo de Estados Unidos, que vetó ...").
_SUBJECT_CUT = re.compile(r"[,;:，；、]\s*(?!(?:que|qui|which|who|che|die|der|som|welche)\b)")
# A place named as the scene, not the subject: "In Australia, ...", "Au Canada, ...", "在美國，",
# "米国では、", "미국에서는".
_SCENE_BEFORE = re.compile(r"(?:\b(?:in|en|au|aux|dans|im|nel|nella|i|em|no|na|nos|nas)\s+(?:the\s+|l['’]|le\s+|la\s+)?|在)$",
                           re.I)
_SCENE_AFTER = re.compile(r"(?:では|で|에서)")
# A clause ending in a topic or subject particle is the sentence's subject, though a comma follows
# it ("オーストラリアの国防相は、…撤去する").
_TOPIC_END = re.compile(r"(?:は|が|는|은|이|가)\s*$")
# A body noun in CJK script is the subject when a topic or subject particle, a date, a comma or a
# reporting verb follows it ("警察庁は", "委員會13日宣布", "당국은", "主管機關："), not when it is
# possessed ("国防省の施設": the ministry's buildings).
_CJK_SUBJECT_AFTER = re.compile(r"(?:は|が|も|는|은|이|가|도|[、，,：:\s\d０-９]|表示|宣布|指出|$)")
# An article before a name ("La Moncloa", "O Planalto", "Il Viminale", "Das Kabinett").
_ARTICLE = re.compile(r"^(?:the|el|la|los|las|le|les|l['’]|il|lo|gli|o|a|os|as|der|die|das)\s+", re.I)


def _domestic_subject(s: Sent, origin: set[str]) -> str:
    """The subject before a restriction sentence's predicate when it is a public body naming no
    country: a body noun ("the regulator", "Das Kabinett", 当局, ``actor-nouns.yaml``), or a name
    opening the sentence that is no firm and no place ("La Moncloa", "Matignon", "O Planalto"); ""
    when the subject is a firm ("Huawei was barred"), names a country ("Australia's regulator"), or
    the sentence names one as its scene ("In Australia, the regulator ..."). The targets' own
    country described as their origin ("the Chinese maker") does not count."""
    if s.trigger is None:
        return ""
    pos = s.trigger.start()
    cuts = [0, *(m.end() for m in _SUBJECT_CUT.finditer(s.text, 0, pos))]
    # The clause holding the predicate; when the restriction word opens it, the clause before
    # ("警察庁は17日、中国の…調達を停止"): the last one with words.
    segments = [(a, s.text[a:b].strip(" ,;:，；、")) for a, b in pairwise([*cuts, pos])]
    cut, subject = next(((a, t) for a, t in reversed(segments) if t), (0, ""))
    if not subject:
        return ""
    if _named_actor(s, origin, cut):
        return ""
    firms = [c for c in s.companies if cut <= c.start < pos]
    opening = _ARTICLE.sub("", subject)
    if firms and firms[0].start - cut <= len(subject) - len(opening) + 1:
        return ""  # the firm is the subject: "Huawei excluded from ...", "ZTE wird ausgeschlossen"
    # The restriction word the detector weighed may itself be the body ("il ministero", 委員會).
    noun = next((m for m in _actor_noun().finditer(s.text, cut, s.trigger.end())
                 if not CJK_CHAR.match(m.group(0)) or _CJK_SUBJECT_AFTER.match(s.text, m.end())), None)
    if noun and not any(c.start <= noun.start() < c.end for c in s.companies):
        return s.text[cut:max(pos, noun.end())].strip()
    # A nickname: the sentence opens with an article and a capitalised name that is no firm and no
    # place, then a lower-case word, its verb ("La Moncloa ha decidido", "O Planalto determinou",
    # "Il Viminale ha ordinato"). Without the article a capitalised opening word is any noun.
    named = _NICKNAME.match(s.text)
    if named and not any(c.start < named.end(1) for c in s.companies) and not any(
            p.start < named.end(1) for p in s.places):
        return named.group(1)
    return ""


# German is left out: it capitalises every noun, so a name cannot be told from one there.
_NICKNAME = re.compile(r"((?i:el|la|le|il|lo|o|a)\s+[A-ZÀ-Þ][^\W\d_]+(?:\s+[A-ZÀ-Þ][^\W\d_]+)?)\s+[a-zà-ÿ]")


def _named_actor(s: Sent, origin: set[str], cut: int = -1) -> str:
    """The government a restriction sentence names as its subject or scene: a place before the
    restriction word in its clause (from ``cut``; -1: the clause is found here), one named as the
    scene in an earlier clause ("En Australia, el Gobierno ..."), or the antecedent of the relative
    clause holding the predicate; never the targets' home described as their origin. "" if none:
    "Como hizo el Reino Unido en 2020, el veto ..." names the UK in another clause, not as the actor.
    Of several, an authority ("Nach dem russischen Angriff auf die Ukraine hat das BSI ..."), else
    the one nearest the restriction word."""
    if s.trigger is None:
        return ""
    pos = s.trigger.start()
    if cut < 0:
        cut = max((m.end() for m in _SUBJECT_CUT.finditer(s.text, 0, pos)), default=0)
    found: list[PlaceMention] = []
    for p in s.places:
        if p.start >= pos or (p.jurisdiction in origin and not _acts(p)):
            continue
        end = next((m.start() for m in _SUBJECT_CUT.finditer(s.text, p.end, pos)), pos)
        if (p.start >= cut or _SCENE_BEFORE.search(s.text[:p.start]) or _SCENE_AFTER.match(s.text, p.end)
                or re.match(r"\s*,\s*(?:que|qui|which|who|che|die|der|som|welche)\b", s.text[p.end:])
                or _TOPIC_END.search(s.text, p.end, end)):
            found.append(p)
    best = max(found, key=lambda p: (_acts(p), p.start), default=None)
    return best.jurisdiction if best else ""




def _lead_body(rs: list[Sent], origin: set[str]) -> str:
    """The public body a lead restriction sentence has as its subject, naming no country ("Der
    Bundesrat will Huawei ... verbannen", "El Ministerio del Interior ordenó ..."): the lead states
    who acts, so the measure is the news even though the country is named only further down the
    story; "" when no lead restriction sentence has one (a measure named in passing)."""
    return next((b for s in rs if s.i < LEAD and not s.past and not s.background
                 for b in [_domestic_subject(s, origin)] if b), "")


def _subjects(rs: list[Sent]) -> set[str]:
    """Jurisdictions whose authority is the subject of a restriction: named before its restriction
    word ("The FCC today revoked ..."). The targets' home country acts against them only so."""
    return {p.jurisdiction for s in rs if s.trigger for p in s.places
            if (_acts(p) or p.kind == "capital") and p.start <= s.trigger.start()}


def _opinion(doc: Document) -> bool:
    """An opinion piece: its kicker or headline says so, or the author's note does (in English by
    rules.OPINION; in any language of the corpus by ``opinion-notes.yaml``, on the closing lines)."""
    lines = doc.text.split("\n")
    if any(rules.OPINION.search(ln) for ln in [doc.title, *lines[:2], *lines[-3:]] if ln):
        return True
    notes = _author_notes()
    return any(rx.search(ln.strip()) for ln in lines[-NOTE_LINES:] if ln.strip() for rx in notes)


# An author's note closes the piece: read on the last few lines only (a sign-off, a note, an outlet's
# footer); "the author is" inside a report's body quotes someone else's author.
NOTE_LINES = 3
AUTHOR_NOTES = "opinion-notes.yaml"


@cache
def _language_patterns(name: str, key: str) -> tuple[re.Pattern[str], ...]:
    """The patterns of every language under ``key`` in the package data file ``name`` (a mapping
    language -> list of regexes), case-insensitive, in language order."""
    raw = resources.files("supplyscreen.intel").joinpath(name).read_text(encoding="utf-8")
    table = parse_yaml(raw).get(key) or {}
    return tuple(re.compile(p, re.I) for lang in sorted(table) for p in table[lang])


def _author_notes() -> tuple[re.Pattern[str], ...]:
    """The author's-note patterns of every language (``opinion-notes.yaml``)."""
    return _language_patterns(AUTHOR_NOTES, "notes")


def _nearest(s: Sent, js: list[str]) -> str:
    """Of the jurisdictions ``js``, the one named nearest before the trigger (else nearest after):
    "Britain now joins Australia, which barred Huawei" is Australia's measure."""
    pos = s.trigger.start() if s.trigger else len(s.text)
    ms = [p for p in s.places if p.jurisdiction in js]
    before = [p for p in ms if p.start < pos]
    if before:
        return max(before, key=lambda p: p.start).jurisdiction
    return min(ms, key=lambda p: p.start).jurisdiction if ms else ""


def _targets(registry: Registry, mentions: list[CompanyMention]) -> tuple[Target, ...]:
    """One target per designated group (or entity), named by the group's head entity, unless the
    firm the article names is closer to its words ("China Unicom Americas" is China Unicom (Americas)
    Operations, not the group head China United Network Communications)."""
    seen: dict[str, Target] = {}
    for m in mentions:
        t = m.target
        key = t.group or t.entity_id
        if key in seen:
            continue
        head = registry.get(t.group) if t.group else None
        if head is not None and _overlap(head.name, t.mention) >= _overlap(t.name, t.mention):
            t = Target(head.name, head.id, t.group, t.mention)
        seen[key] = t
    return tuple(seen.values())


def _overlap(name: str, mention: str) -> int:
    ws = {w.lower() for w in words(mention)}
    return len(ws & {w.lower() for w in words(name)})


def _measure(group: list[Sent]) -> tuple[Measure, str, str, tuple[tuple[str, float], ...], bool]:
    """The measure the group's sentences state, from the learned model over their predicate clauses
    (``detect.decide_measure``): ``unknown`` when the model is not sure enough of any; with the
    sentence, the reason (phrase, label, probability), the whole distribution (which the event
    that merges this report with others votes with) and whether the phrase it was read from names
    only the setting (``setting_phrase``)."""
    d = detect.decide_measure([s.text for s in group])
    return Measure(d.label), d.quote or group[0].text, d.reason, d.dist, setting_phrase(d.phrase)


# Where a measure applies, as opposed to what it does: the network cue of the declared measure cues
# (rules.MEASURE_CUES: "5G", "networks", "carriers", "redes", "网络" ...). Any other cue names an
# instrument (procurement, an export list, an authorisation, a removal, a warning).
_SETTING = next(rx for m, _, rx in rules.MEASURE_CUES if m == Measure.NETWORK_EXCLUSION)
_INSTRUMENT = tuple(rx for m, _, rx in rules.MEASURE_CUES if m != Measure.NETWORK_EXCLUSION)


def setting_phrase(phrase: str) -> bool:
    """Whether the words the measure model weighed most for a label ("5G", "、ZTEの5G", "networks")
    name only the setting: a network cue and no instrument cue. Then the report read its label from
    where the measure applies; another report of the event that read its label from the instrument
    itself ("ordered to remove", "外国ユーザーリスト", "warns") knows more about which measure it is."""
    return bool(_SETTING.search(phrase)) and not any(rx.search(phrase) for rx in _INSTRUMENT)


def _status(group: list[Sent], title: list[Sent]) -> tuple[Status, str, str, bool]:
    """The status the lead sentences of the group give, with the headline of the article's own news
    (which often says only that: "Rules kick in today"), from the learned status model over their
    predicate clauses (``detect.decide_status``); ``reported`` when it is not sure, and when the
    headline or the lead hedges the news (``hedge``): the model reads a verb's stage, and "Huawei
    écarté du cœur de réseau, selon des sources" has the verb of a decision, which the report does
    not vouch for. The last value says whether the report hedged."""
    texts = list(dict.fromkeys([*(s.text for s in title), *(s.text for s in group[:2])]))
    d = detect.decide_status(texts)
    cue = next(((t, h) for t in texts if (h := hedge(t))), None)
    if cue is not None and d.label != Status.REPORTED:
        return Status.REPORTED, cue[0], f"status reported: {cue[1]} (read {d.label} at {d.p:.2f})", True
    lift = next(((t, m) for t in texts if (m := lifting(t))), None)
    if lift is not None and d.label == detect.UNMARKED_STATUS:
        return Status.REVERSED, lift[0], f"status reversed: \u201c{lift[1]}\u201d lifts a restriction (read {d.label} at {d.p:.2f})", False
    return Status(d.label), d.quote or group[0].text, d.reason, cue is not None


HEDGE_CUES = "hedge-cues.yaml"


@lru_cache(maxsize=1)
def _hedge_cues() -> tuple[tuple[str, str, re.Pattern[str], re.Pattern[str] | None], ...]:
    """(language, kind, pattern, the language's relative words) of every hedge of ``hedge-cues.yaml``."""
    raw = resources.files("supplyscreen.intel").joinpath(HEDGE_CUES).read_text(encoding="utf-8")
    data = parse_yaml(raw)
    cues = data.get("cues") or {}
    rel = {lang: re.compile(r"\b(?:" + "|".join(ws) + r")\b", re.I) for lang, ws in (data.get("relatives") or {}).items()}
    return tuple((lang, c["kind"], re.compile(c["rx"], re.I), rel.get(lang)) for lang in sorted(cues) for c in cues[lang])


def _in_relative(text: str, start: int, rel: re.Pattern[str] | None) -> bool:
    """Whether a relative word stands between the clause's last comma (or the sentence start) and
    ``start``: there a conditional is the future in the past, not hearsay (hedge-cues.yaml)."""
    if rel is None:
        return False
    clause = re.split(r"[,;:]", text[:start])[-1]
    return bool(rel.search(clause))


LIFTING_CUES = "lifting-cues.yaml"


def _lifting_cues() -> tuple[re.Pattern[str], ...]:
    """The lifting patterns of every language (``lifting-cues.yaml``)."""
    return _language_patterns(LIFTING_CUES, "cues")


def lifting(text: str) -> str:
    """The words by which a sentence lifts a restriction ("lifts suspension", "levé l'exclusion",
    解除…禁令), or "": a verb of annulment over a restriction noun."""
    return next((m.group(0).strip() for rx in _lifting_cues() if (m := rx.search(text))), "")


def hedge(text: str) -> str:
    """How a sentence hedges its news, as the reason shows it ("hedged (fr mood): “auraient reçu”"),
    or "" when it states it as fact. Every language's cues are tried: the patterns are each
    language's own words, and a quoted foreign phrase hedges as much as the report's own."""
    for lang, kind, rx, rel in _hedge_cues():
        m = rx.search(text)
        if m and not (kind == "mood" and _in_relative(text, m.start(), rel)):
            return f"hedged ({lang} {kind}): \u201c{m.group(0).strip()}\u201d"
    return ""


def _labels(cues: tuple[tuple[str, re.Pattern[str]], ...], group: list[Sent]) -> list[str]:
    return [label for label, rx in cues if any(rx.search(s.text) for s in group)]


def _possessive_origin(text: str, p: PlaceMention) -> bool:
    """"China's Huawei", "Chinese vendors": the place describes the company, not the actor."""
    after = text[p.end:p.end + 25]
    return bool(re.match(r"(['’]s)?\s+(tech(nology)? )?(giants?|vendors?|firms?|compan(y|ies)|makers?|manufacturers?|"
                         r"suppliers?|telecoms?|telecommunications|equipment|state-owned|entities)", after))
