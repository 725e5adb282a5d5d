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


# Restriction words written by hand: a feature of the learned detector (detect.py), no longer the
# decision. Do not grow it per missed wording; add labelled sentences to corpus/templates.tsv.
TRIGGER = _rx(
    r"\b(bans?|banned|banning|bar|bars|barred|barring|blocks?|blocked|blocking|excludes?|excluded|excluding|exclusion|"
    r"prohibit(s|ed|ing|ion)?|blacklist(s|ed|ing)?|entity list|restrict(s|ed|ing|ions?)|remov(e|es|ed|al|ing)|"
    r"phase[ds]? out|phasing out|rip (out|and replace)|strip(ped|ping|s)? (\w+ ){0,2}out|not be permitted|not permitted|"
    r"cannot be (sold|imported|authori[sz]ed|marketed)|(not|never) be (approved|authori[sz]ed|sold|licensed)|"
    r"will not (license|authori[sz]e|approve)|den(y|ied|ial) (of )?(licen|authori)|vetoe?d?|"
    # keeping a vendor out: "shut it out of", "keep Huawei and ZTE out of", "leave Huawei out in the cold"
    r"(shut|shuts|shutting|keep|keeps|kept|keeping|lock|locks|locked|leave|leaves|left)( [\w’'-]+){0,4} out (of|in)|"
    r"shut out|lock(ed)? out|cease (its )?use|must not|presumption of denial|covered list|"
    r"no longer (be able to )?(buy|use|purchase|procure|deploy|install|sell|receive|"
    r"be (sold|authori[sz]ed|approved|allowed))|"
    r"no longer (get|receive|be granted) (\w+ ){0,2}(approvals?|authori[sz]ations?|licen[cs]es?)|"
    r"stop(s|ped|ping)? (using|buying|selling|purchasing|procuring|installing)|curb(s|ed|ing)?|"
    r"may not (contract|buy|use|procure|purchase|install|sell)|can(not|'t) go ahead|"
    r"(plan|proposal|bid|application)s? (was |were |is |has been )?rejected|rejected (the|its|a) (plan|proposal|bid)|"
    r"limit(s|ed|ing)? (the )?(role|use|share|involvement|equipment)|cap(ped|s)? (at|on)|cap on|turn(ed|s)? down|"
    r"not (be )?allowed|can(not|'t) (use|buy|sell)|only (\w+ ){0,2}trusted|trusted (sources?|products|vendors)|"
    r"avoid\w* [^.;]{0,40}\b(equipment|products|kit|gear|vendors?|suppliers?)|"
    # being listed: "added Kaspersky to its Covered List", "placed the firm on a trade blacklist"
    r"add(s|ed|ing)?\b[^.;]{0,120}?\bto (its|the|a|an|their) ([\w-]+ ){0,6}(list|blacklist)|"
    r"(placed|put|puts|places|placing|included|lands?|landed) (\w+ ){0,3}(on|in) (its|the|a|an) ([\w-]+ ){0,6}list|"
    # a risk designation: "high-risk vendors", "materially higher risks", "unacceptable risk to national security"
    r"high[- ]risk (vendors?|suppliers?)|(materially )?higher risks?|unacceptable risks?|"
    r"(significant|serious) ([\w-]+ ){0,2}security risks?|threats? to ([\w.]+ ){0,2}national security|"
    r"vendor direction|designation notice|forbid\w*|outlaw(s|ed|ing)?|ditch(es|ed|ing)?|"
    r"(boot|boots|booted|kick|kicks|kicked|freeze|freezes|froze|frozen)( [\w’'-]+){0,3} out|axe[sd]?|"
    r"(halt|halts|halted|suspend|suspends|suspended) (\w+ ){0,2}(purchases|sales|use|imports|procurement)|"
    r"revok(e|es|ed|ing) (\w+ ){0,3}(licen[cs]es?|authori[sz]ations?|certificat\w+)|"
    r"(designat|deem|declar)\w* [^.;]{0,40}\b(national )?security (threats?|risks?)|"
    r"pose[sd]? (an? )?(unacceptable|national security) (risks?|threats?)|failed (a )?security review|"
    r"refrain from (using|buying|procuring)|swap(s|ped|ping)? out|"
    r"replac(e|es|ed|ing) (\w+ ){0,3}(equipment|gear|kit|components)|"
    r"proh[ií]b\w*|vet(o|ó|a|an|ar|ará|arán|ado|ada|ados|adas)|excluid[oa]s?|exclui\w*|bloque\w*|restricci\w*|"
    r"restring\w*|retir(ar|a|an|en|ada|adas|ados|ará|arán)|lista negra|elimin(ar|ará|arán)|sustitu(ir|irá|irán)|"
    r"prescind\w*|dejar fuera|dejará fuera|"
    r"no podr[áa]n? (comprar|usar|utilizar|adquirir|instalar|vender|participar)|"
    r"excluy\w*|excluir\w*|expuls\w*|impedi\w*|impid\w*|"  # es
    r"interdi\w*|exclu[se]?|exclut|excluent|exclur\w*|bannis?\w*|restrei\w*|restreint\w*|haut risque|"  # fr
    r"vieta\w*|vietat\w*|esclud\w*|escluso|esclusa|proíbe\w*|proibi\w*|banir|banid[oa]s?|"  # it, pt
    r"verbo(t|ten)\w*|verbiet\w*|ausgeschlossen|ausschluss|ausschlie\w*|auszuschlie\w*|hochrisiko\w*|"
    r"verzicht\w*|d(ü|ue)rfen( \S+){0,8} (keine|nicht mehr)|untersag\w*|entfern\w*|verbann\w*|verschwinden|"  # de
    r"uteslut\w*|förbjud\w*|förbud\w*|inte får|fasas ut)\b"  # sv
)
# Chinese and Japanese words for the same, matched without word boundaries (no spaces in the script).
TRIGGER_CJK = re.compile(
    r"排除|禁止|禁用|禁售|禁輸|禁运|禁令|拆除|撤去|除外|締め出|排斥|封杀|限制|規制|规制|移除|剔除|取り除|置き換え|"
    r"实体清单|實體清單|エンティティー?・?リスト|不得|列入[^。]{0,60}(清单|名单|清單)|リストに(追加|加え)|高风险|高リスク|"
    r"調達しない|采购禁令|制限|禁じ|認めない|使わない|採用しない|採用を見送|取引停止|"  # ja
    r"黑名单|黑名單|停止(使用|采购|採購|购买|購買)|不再(使用|采购|採購|购买|購買)|禁購|封禁|"  # zh
    r"금지|배제|퇴출|거래제한|거래 제한|블랙리스트")  # ko
# Wording that names a restriction only to say there is none; it cancels the trigger it covers.
NEGATED = _rx(r"\b(is not banned|not (been )?banned|no (outright )?ban|not (a )?ban|will not ban|won't ban|ruled out a ban|"
              r"lifted? (the|its) ban|bans? (was|were|has been|had been) lifted|stop(ped|s)? short of \w+)\b")


# A restriction named as the cause or setting of other news ("despite the US ban", "as US sanctions
# bite"): a product launch or an earnings report, not a report of the measure.
PASSING = _rx(r"\b((despite|amid|in spite of|because of|due to|hit by|hurt by|since) (the |its |a |an )?"
              r"((u\.?s\.?|us|american|western|washington['’]s|trump['’]s|biden['’]s)[- ])?([\w-]+ ){0,2}"
              r"(bans?|sanctions|restrictions|blacklisting|curbs|export controls)|"
              r"(bans?|sanctions|restrictions|curbs|blacklisting)( on \w+)? (have |has |had )?(hit|hurt|bite|bit|bitten|"
              r"crippled|crushed|weighed|hammered|took a toll|takes? a toll|slashed|dented)|"
              # "five years after it was placed on a US trade blacklist": the measure is history here
              r"((years?|months?) after|since) (it|the company|the firm|being|they) (was |were |had been |has been )?"
              r"(placed|added|put|blacklisted|banned|sanctioned|restricted)[^.;,]{0,60}|"
              r"(a|one|two|three|four|five|six|several|\d+) (years?|months?) after [^.;]{0,90})\b|"
              # the same in Chinese and Japanese: "受美国制裁影响", "尽管美国禁令", "規制の影響で"
              r"受[^。，,]{0,12}(制裁|限制|禁令|封杀)[^。，,]{0,4}(影响|冲击)|尽管[^。，,]{0,12}(禁令|制裁|限制)|"
              r"(制裁|規制|禁輸)(の影響|にもかかわらず)")
# An opinion piece argues about measures; it does not report one. A kicker or the author's note says so.
OPINION = _rx(r"^\s*(opinion|op-ed|commentary|editorial|column|viewpoint|perspective|guest essay|letters?)\s*[:|—–-]|"
              # "the views expressed are his own" (a law firm's "views of the author" note is not enough)
              r"\b(the )?views expressed (here |in this (article|column|piece) )?(are|is) (his|her|their|the author['’]s|"
              r"the writer['’]s) own|\bthe (writer|author) is an? (former |senior )?(fellow|adviser|advisor|"
              r"columnist|professor|lecturer)\b")


def trigger(text: str) -> re.Match[str] | None:
    """Where ``text`` states a restriction, as decided by the learned model of ``detect`` (any
    language); the match covers the predicate the model weighs most. None when it states none."""
    from supplyscreen.intel import detect

    span = detect.cue(text)
    if span is None:
        return None
    a, b = span
    return re.compile(re.escape(text[a:b])).search(text, a)


def rule_trigger(text: str) -> re.Match[str] | None:
    """The first word of the hand lexicon in ``text`` that no negation covers ("no outright ban" is
    none) and that is not named only as the setting of other news ("despite the US ban"). Only a
    feature of the learned detector now (``detect.cue_features``), and its evidence."""
    negated = [(m.start(), m.end()) for rx in (NEGATED, PASSING) for m in rx.finditer(text)]
    for rx in (TRIGGER, TRIGGER_CJK):
        for m in rx.finditer(text):
            if not any(a <= m.start() < b for a, b in negated):
                return m
    return None


# (measure, weight, pattern): cues for the measure, used as features of the learned measure model
# (detect.cue_features); the weights rank instruments for the old keyword sum, kept for reference.
MEASURE_CUES: tuple[tuple[Measure, float, re.Pattern[str]], ...] = (
    (Measure.EQUIPMENT_AUTHORIZATION_BAN, 3.0,
     _rx(r"(equipment )?authori[sz](ation|ations|e|ed|ing)\b.{0,40}\b(sale|import|market)|authori[sz]ed for (import|sale)|"
         r"approved for sale|(being|be) sold in|import or sale|certification process|declaration of conformity|"
         r"new licen[cs]es for the import|equipment authori[sz]ation|(FCC|regulatory) approvals?|approvals? of new|"
         r"認証|认证|型式|批准|認可")),
    (Measure.ENTITY_LISTING, 3.0,
     _rx(r"entity list|trade blacklist|export (controls?|restrictions?|licen[cs]es?|administration)|"
         r"(sale|transfer|export)s? of (u\.?s\.?|american) technology|实体清单|實體清單|エンティティー|禁輸|"
         r"出口管制|輸出(規制|管理)|거래\s?제한 기업 명단|수출 규제")),
    (Measure.LICENSE_CONDITION, 3.0,
     _rx(r"licen[cs](e|ing) conditions?|conditions? (set|for the licen)|spectrum (auction|licen)|\bauction\b|"
         r"licen[cs]es? amendment|amend(ed|s|ing)? (the |their )?licen[cs]es|频谱|頻譜|周波数|拍卖|オークション")),
    (Measure.PROCUREMENT_BAN, 2.5,
     _rx(r"procurement|government (contracts|use|purchases|agencies|systems)|official contracts|public contracts|"
         r"federal (contracts|agencies|purchases)|purchases by the government|approved vendors|"
         r"licitaci\w+|contrataci\w+ pública|compras? (del|públicas)|marchés publics|öffentliche auftr|"
         r"政府调达|政府調達|調達|调达|政府采购|采购")),
    (Measure.NETWORK_EXCLUSION, 1.2,
     _rx(r"(?<![a-z0-9])[345]G(?![a-z0-9])|networks?\b|carriers|telcos|operators|telecommunications (system|industry)|"
         r"redes|réseaux|netze|网络|網絡|基幹網|通信網|ネットワーク|运营商|通信会社")),
    (Measure.REMOVAL_ORDER, 1.0, _rx(r"remov(e|al)|rip (out|and replace)|phase[ds]? out|cease (its )?use|strip(ped)? "
                                     r"(\w+ ){0,2}out|replaced by|retirar|entfern\w*|拆除|撤去|移除|置き換え")),
    (Measure.ADVISORY, 0.8, _rx(r"\b(advis(e|ory|ed)|guidance|warn(s|ed|ing)?|recommend\w*)\b")),
)
# Ties between measures go to the more specific instrument.
MEASURE_ORDER = (*tuple(m for m, _, _ in MEASURE_CUES), Measure.OTHER, Measure.UNKNOWN)

# (status, pattern), strongest first: the first that matches the claim's lead sentences wins.
STATUS_CUES: tuple[tuple[Status, re.Pattern[str]], ...] = (
    (Status.REVERSED, _rx(r"\b(lift(s|ed)? (the|its) (ban|restriction)|revers(ed|es) (the|its)|overturn(s|ed)?|"
                          r"rescind(s|ed)?|revok(es|ed) (the|its) (ban|restriction))\b")),
    (Status.IN_FORCE, _rx(r"\b(takes? effect|took effect|came into (force|effect)|comes? into (force|effect)|in force|"
                          r"kicks? in|kicked in|from today|starting today|as of today|"
                          r"entered into force|effective (immediately|today|now)|now (prohibited|banned))\b|生效|施行|発効")),
    (Status.DECIDED, _rx(r"\b(sign(s|ed)|approv(es|ed)|passe[sd]) (\w+ ){0,4}(law|act|bill|order|directive|rules?)\b|"
                         r"\bsigned into law\b")),
    (Status.PROPOSED, _rx(r"\b(plans? to|planned|intends? to|intention to|propos(ed|al|es)|considering|expected to|"
                          r"set to|likely to|is to ban|to (ban|bar|exclude|block) |draft|bill|will soon|poised to|"
                          r"mulls?|weighs?)\b|检讨|検討|方向で")),
    (Status.DECIDED, _rx(r"\b(bans|banned|has banned|have banned|blocks|blocked|bars|barred|excluded|announced|"
                         r"decided|decision|confirmed|issued|adopted|added|imposed|ordered|prohibits|prohibited|"
                         r"will (be )?(ban|banned|bar|barred|prohibit|remove)|must (remove|not)|will not be "
                         r"(permitted|approved|authori[sz]ed)|no longer|adds|adding|placed|places|serán excluid\w+|veta|prohíbe)\b|"
                         r"宣布|発表|决定|決定|合意|まとめた")),
)
# Modal verbs make a report tentative only when nothing states a decision.
TENTATIVE = _rx(r"\b(could|may|might|would|consider(s|ing)?)\b")
# Said by an outlet that only relays others; weakens a "decided" reading to "reported".
REPORTED = _rx(r"\b(reportedly|reports? (said|says)|(newspaper|media|report) (reported|said)|according to (a |the )?"
               r"(report|source|newspaper|media)|sources? (said|says)|citing|unnamed|govt\.? source|japanese media "
               r"reported|según (fuentes|el diario))\b|据报道|據報導|関係者によると|消息人士")
# An official or source contradicting the report: surfaced as a conflict.
DENIAL = _rx(r"(not (yet )?made a (final )?decision|has not (yet )?decided|no (final )?decision has been (made|taken)|"
             r"not excluded specific compan\w+|not intended to exclude|no such (ban|plan)|den(y|ies|ied) (the|that|any) "
             r"(report|ban|plan)|nothing has been decided|not (yet )?final|not aimed at any|"
             r"目的としたものではない|并非针对|並非針對)")

# Past-tense framing of a measure other than the article's own.
BACKGROUND = _rx(r"\b(earlier (this|last) (year|month)|earlier,|previously|last (year|month)|already|have also|has also|"
                 r"had also|has been banned|were blacklisted|was blacklisted|also (banned|blocked|restricted)|"
                 r"in (19|20)\d\d|since (19|20)\d\d|follows?|following|comes after|came after|after the|"
                 r"similar (rules|bans?|measures)|like the|joins? a|joining|in (january|february|march|april|may|june|"
                 r"july|august|september|october|november|december)\b)|此前|以前|すでに|既に|去年|昨年")

# (label, pattern): legal instruments a report may name. Two reports naming the same instrument
# for the same government and firms within days describe one measure whatever verb they use
# ("added to the Covered List" / "designated a threat"), and a report naming one instrument is not
# about another ("Entity List" is not the ICTS sales ban of four days before).
INSTRUMENT_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("FCC Covered List", _rx(r"covered list|涵盖清单|涵蓋清單|対象リスト")),
    ("Entity List", _rx(r"entity list|trade blacklist|实体清单|實體清單|エンティティー?・?リスト|거래\s?제한 기업 명단")),
    ("NDAA section 889", _rx(r"section 889|\bndaa\b|national defense authori[sz]ation act|国防授权法|国防権限法")),
    ("designated vendor direction", _rx(r"designated vendor direction|designation notice")),
    ("ICTS final determination", _rx(r"final determination|\bICTS\b|information and communications technology and "
                                     r"services supply chain")),
    ("trusted sources", _rx(r"trusted (sources?|products)")),
    ("5G toolbox", _rx(r"\btoolbox\b|boîte à outils|caja de herramientas")),
)

# (label, pattern) for the scope of a measure.
SCOPE_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("5G networks", _rx(r"(?<![a-z0-9])5G(?![a-z0-9])")),
    ("4G networks", _rx(r"(?<![a-z0-9])4G(?![a-z0-9])")),
    ("core network", _rx(r"\bcore (network|parts|functions)|\bcores\b|kernnetz|基幹網|核心网")),
    ("government procurement", _rx(r"procurement|government (contracts|use|purchases)|official contracts|"
                                   r"public contracts|licitaci\w+|federal contracts|調達|调达|采购")),
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
GOVERNMENT_NOUN = _rx(r"^\W{0,3}(governments?|authorities|regulators?|ministry|ministers?|watchdogs?|officials?|"
                      r"parliament|lawmakers|administration|telecoms? (regulators?|authority|watchdog)|gobierno|"
                      r"ejecutivo|gouvernement|regierung)\b")
GOVERNMENT_WORD = _rx(r"\b(government|gobierno|ejecutivo|gouvernement|regierung|authorities|regulator|ministry)\b")
