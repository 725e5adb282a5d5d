"""The declared vocabulary of restriction news: triggers, measure and status cues, scope and
reason labels, background markers. Each rule is a name, a pattern and (where ranked) a weight;
extract.py only combines them. English first, with the Spanish, French and German words that
reports in those languages use for the same things.
"""

from __future__ import annotations

import re

from supplyscreen.intel.model import Measure, Status


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


# A sentence states a restriction when one of these occurs.
TRIGGER = _rx(
    r"\b(bans?|banned|banning|bar|bars|barred|barring|blocks?|blocked|blocking|excludes?|excluded|excluding|exclusion|"
    r"prohibit(s|ed|ing|ion)?|blacklist(s|ed|ing)?|entity list|restrict(s|ed|ing|ions?)|remov(e|es|ed|al|ing)|"
    r"phase[ds]? out|phasing out|rip (out|and replace)|strip(ped)? out|not be permitted|not permitted|cannot be "
    r"(sold|imported|authori[sz]ed)|(not|never) be (approved|authori[sz]ed|sold|licensed)|will not (license|authori[sz]e|"
    r"approve)|den(y|ied|ial) (of )?(licen|authori)|vetoe?d?|shut out|lock(ed)? out|cease (its )?use|must not|"
    r"presumption of denial|covered list|no longer (buy|use|purchase|procure|deploy|install)|"
    r"prohib\w*|vet(o|ar|ará|ado|ada)|excluid[oa]s?|exclui\w*|bloque\w*|restricci\w*|"  # es
    r"interdi\w*|exclu[se]?|bannis?\w*|"  # fr
    r"verbo(t|ten)\w*|ausgeschlossen|ausschluss|untersag\w*)\b"  # de
)
# Wording that names a restriction only to say there is none.
NEGATED = _rx(r"\b(is not banned|not (been )?banned|no ban|not (a )?ban|will not ban|won't ban|ruled out a ban|"
              r"lifted? (the|its) ban)\b")

# (measure, weight, pattern): a measure's score is the weight summed over the event's sentences
# that match. Weights rank specific legal instruments above generic words: "licence conditions"
# in one sentence outweighs "5G network" in two (3 > 2 x 1.2), as a regulator's instrument should.
MEASURE_CUES: tuple[tuple[Measure, float, re.Pattern[str]], ...] = (
    (Measure.EQUIPMENT_AUTHORIZATION_BAN, 3.0,
     _rx(r"(equipment )?authori[sz](ation|ations|e|ed|ing)\b.{0,40}\b(sale|import|market)|authori[sz]ed for (import|sale)|"
         r"approved for sale|(being|be) sold in|import or sale|certification process|declaration of conformity|"
         r"new licen[cs]es for the import|equipment authori[sz]ation")),
    (Measure.ENTITY_LISTING, 3.0,
     _rx(r"entity list|trade blacklist|export (controls?|restrictions?|licen[cs]es?|administration)|"
         r"(sale|transfer|export)s? of (u\.?s\.?|american) technology")),
    (Measure.LICENSE_CONDITION, 3.0,
     _rx(r"licen[cs](e|ing) conditions?|conditions? (set|for the licen)|spectrum (auction|licen)|\bauction\b")),
    (Measure.PROCUREMENT_BAN, 2.5,
     _rx(r"procurement|government (contracts|use|purchases|agencies|systems)|official contracts|public contracts|"
         r"federal (contracts|agencies|purchases)|purchases by the government|approved vendors|"
         r"licitaci\w+|contrataci\w+ pública|compras? (del|públicas)|marchés publics|öffentliche auftr")),
    (Measure.NETWORK_EXCLUSION, 1.2,
     _rx(r"\b[345]G\b|networks?\b|carriers|telcos|operators|telecommunications (system|industry)|redes|réseaux|netze")),
    (Measure.REMOVAL_ORDER, 1.0, _rx(r"remov(e|al)|rip (out|and replace)|phase[ds]? out|cease (its )?use|strip out")),
    (Measure.ADVISORY, 0.8, _rx(r"\b(advis(e|ory|ed)|guidance|warn(s|ed|ing)?|recommend\w*)\b")),
)
# Ties between measures go to the more specific instrument.
MEASURE_ORDER = (*tuple(m for m, _, _ in MEASURE_CUES), Measure.OTHER)

# (status, pattern), strongest first: the first that matches the claim's lead sentences wins.
STATUS_CUES: tuple[tuple[Status, re.Pattern[str]], ...] = (
    (Status.REVERSED, _rx(r"\b(lift(s|ed)? (the|its) (ban|restriction)|revers(ed|es) (the|its)|overturn(s|ed)?|"
                          r"rescind(s|ed)?|revok(es|ed) (the|its) (ban|restriction))\b")),
    (Status.IN_FORCE, _rx(r"\b(takes? effect|took effect|came into (force|effect)|comes into force|in force|"
                          r"entered into force|effective (immediately|today|now)|now (prohibited|banned))\b")),
    (Status.PROPOSED, _rx(r"\b(plans? to|planned|intends? to|intention to|propos(ed|al|es)|considering|expected to|"
                          r"set to|likely to|is to ban|to (ban|bar|exclude|block) |draft|bill|will soon|poised to|"
                          r"mulls?|weighs?)\b")),
    (Status.DECIDED, _rx(r"\b(bans|banned|has banned|have banned|blocks|blocked|bars|barred|excluded|announced|"
                         r"decided|decision|confirmed|issued|adopted|added|imposed|ordered|prohibits|prohibited|"
                         r"will (be )?(ban|banned|bar|barred|prohibit|remove)|must (remove|not)|will not be "
                         r"(permitted|approved|authori[sz]ed)|no longer|adds|adding|placed|places|serán excluid\w+|veta|prohíbe)\b")),
)
# Modal verbs make a report tentative only when nothing states a decision.
TENTATIVE = _rx(r"\b(could|may|might|would|consider(s|ing)?)\b")
# Said by an outlet that only relays others; weakens a "decided" reading to "reported".
REPORTED = _rx(r"\b(reportedly|reports? (said|says)|(newspaper|media|report) (reported|said)|according to (a |the )?"
               r"(report|source|newspaper|media)|sources? (said|says)|citing|unnamed|govt\.? source|japanese media "
               r"reported|según (fuentes|el diario))\b")
# An official or source contradicting the report: surfaced as a conflict.
DENIAL = _rx(r"(not (yet )?made a (final )?decision|has not (yet )?decided|no (final )?decision has been (made|taken)|"
             r"not excluded specific compan\w+|not intended to exclude|no such (ban|plan)|den(y|ies|ied) (the|that|any) "
             r"(report|ban|plan)|nothing has been decided|not (yet )?final)")

# Past-tense framing of a measure other than the article's own.
BACKGROUND = _rx(r"\b(earlier (this|last) (year|month)|earlier,|previously|last (year|month)|already|have also|has also|"
                 r"had also|has been banned|were blacklisted|was blacklisted|also (banned|blocked|restricted)|"
                 r"in (19|20)\d\d|since (19|20)\d\d|follows?|following|comes after|came after|after the|"
                 r"similar (rules|bans?|measures)|like the|joins? a|joining|in (january|february|march|april|may|june|"
                 r"july|august|september|october|november|december)\b)")

# (label, pattern) for the scope of a measure.
SCOPE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("5G networks", _rx(r"\b5G\b")),
    ("4G networks", _rx(r"\b4G\b")),
    ("core network", _rx(r"\bcore (network|parts|functions)")),
    ("government procurement", _rx(r"procurement|government (contracts|use|purchases)|official contracts|"
                                   r"public contracts|licitaci\w+|federal contracts")),
    ("spectrum licences", _rx(r"spectrum|auction")),
    ("export controls (Entity List)", _rx(r"entity list|export")),
    ("equipment authorisation", _rx(r"authori[sz](ation|ed|e)\b|approved for sale|certification")),
    ("video surveillance equipment", _rx(r"video surveillance|surveillance equipment")),
    ("broadband networks", _rx(r"broadband|fixed[- ]line|fibre|fiber|FTTP")),
    ("managed services", _rx(r"managed services")),
)
REASON_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("national security", _rx(r"national security|seguridad nacional|sécurité nationale")),
    ("cybersecurity", _rx(r"cyber|ciberseguridad")),
    ("espionage or surveillance", _rx(r"espionage|spy|spies|intelligence (gathering|efforts|leaks)|back ?doors?|"
                                      r"leak (of )?sensitive|infiltration")),
    ("foreign government direction", _rx(r"extrajudicial|directions from (a )?foreign|foreign government|"
                                         r"ties with the chinese government|links to the chinese government|"
                                         r"communist party")),
    ("human rights", _rx(r"human rights|xinjiang|uyghur")),
    ("sanctions violations", _rx(r"violat\w+ (us-imposed |u\.s\. )?sanctions|sanctions violations|evade\w* .{0,20}sanctions")),
    ("supply-chain risk", _rx(r"supply[- ]chain risk|high-risk (vendor|supplier)")),
)
# Words that show a country adjective means the government acting ("the Swedish regulator").
GOVERNMENT_NOUN = _rx(r"^\W{0,3}(government|authorities|regulator|ministry|minister|watchdog|officials?|parliament|"
                      r"lawmakers|administration|telecoms? (regulator|authority|watchdog)|gobierno|ejecutivo|"
                      r"gouvernement|regierung)\b")
GOVERNMENT_WORD = _rx(r"\b(government|gobierno|ejecutivo|gouvernement|regierung|authorities|regulator|ministry)\b")
