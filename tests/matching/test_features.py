"""The matcher's features one by one, their declaration, and the look-alike classes they close."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import entity, registry, relation
from supplyscreen.formats import serialise
from supplyscreen.matching import features as F
from supplyscreen.matching.features import FEATURES, Pair, Reading, decide
from supplyscreen.matching.index import IndexedName, KnownFirms, NameIndex
from supplyscreen.matching.matcher import Matcher
from supplyscreen.matching.normalise import Aspect, form, normalise, set_aside
from supplyscreen.matching.scorer import compare
from supplyscreen.model import Alias, Band, FeatureEffect


def pair(query, name, *, ent=None, reading=Reading.AS_WRITTEN, detail="", read=None, weak=False, others=(),
         known=None):
    """``query`` compared with the registry name ``name`` of ``ent`` (by default a firm of that name),
    in an index that also holds ``others`` (entity id, name) so word weights are realistic."""
    ent = ent or entity("x", name)
    names = [(ent.id, ent.name, False), (ent.id, name, weak), *((i, n, False) for i, n in others)]
    index = NameIndex(names, known)
    q = normalise(read or query) if reading is not Reading.AS_WRITTEN else normalise(query)
    cmp = compare(index, q, normalise(name))
    assert cmp is not None, (query, name)
    return Pair(query, normalise(query), q, IndexedName(ent.id, name, normalise(name), weak), ent, cmp, reading,
                detail, read or query, index)


OTHERS = (("o1", "Acme Trading Co"), ("o2", "Beta Technology Ltd"), ("o3", "Gamma Electronics"))


# --- the declaration --------------------------------------------------------------------------

def test_features_are_declared_once_in_effect_order_with_a_sentence_each():
    ids = [f.id for f in FEATURES]
    assert len(ids) == len(set(ids))
    order = {FeatureEffect.VETO: 0, FeatureEffect.ADJUST: 1, FeatureEffect.CAP: 2}
    assert [order[f.effect] for f in FEATURES] == sorted(order[f.effect] for f in FEATURES)
    for f in FEATURES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", f.id)
        assert f.template and f.template.rstrip().endswith("."), f.id
        assert (f.effect is FeatureEffect.CAP) == (f.band is not None), f.id
        assert (f.effect is FeatureEffect.ADJUST) == (f.score is not None or f.scale is not None), f.id


@pytest.mark.parametrize("feature", FEATURES, ids=lambda f: f.id)
def test_every_sentence_renders_from_a_pairs_values(feature):
    p = pair("Acme Reseller Trading (ACT)", "Acme Trading Co", reading=Reading.WITHOUT_BRACKETS, detail="(ACT)",
             read="Acme Reseller Trading", others=OTHERS)
    text = feature.sentence(p)
    assert "{" not in text and "}" not in text


# --- each feature alone -------------------------------------------------------------------------

def test_legal_form_firm_vetoes_people_ships_and_aircraft_only():
    adel = entity("p", "Djermane, Kamel", "Adel", kind="person")
    assert F.legal_form_firm(pair("AD.EL s.r.l.", "Adel", ent=adel, reading=Reading.JOINED, detail="adel",
                                  read="ADEL s.r.l."))
    assert not F.legal_form_firm(pair("Adel", "Adel", ent=adel))
    ship = entity("v", "ALPHA", kind="vessel")
    assert F.legal_form_firm(pair("ALPHA Corporation", "ALPHA", ent=ship))
    assert not F.legal_form_firm(pair("ALPHA Corporation", "ALPHA"))  # a firm called Alpha


def test_craft_named_in_full_and_craft_name():
    ship = entity("v", "SIERRA", kind="vessel")
    assert F.craft_named_in_full(pair("Sierra Wireless", "SIERRA", ent=ship))
    exact = pair("Sierra", "SIERRA", ent=ship)
    assert not F.craft_named_in_full(exact) and F.craft_name(exact)
    assert not F.craft_name(pair("Sierra", "SIERRA"))


def test_firm_words_not_person():
    zeta = entity("p", "Mendoza Robles, Eduardo", "Zeta 33", kind="person")
    assert F.firm_words_not_person(pair("Zeta Technologies", "Zeta 33", ent=zeta))
    assert not F.firm_words_not_person(pair("Zeta 33", "Zeta 33", ent=zeta))


def test_acronym_alias_among_words():
    hum = entity("h", "Harakat ul-Mujahideen", "HUA")
    assert F.acronym_alias_among_words(pair("Hua Hong Semiconductor", "HUA", ent=hum))
    assert not F.acronym_alias_among_words(pair("HUA", "HUA", ent=hum))
    assert not F.acronym_alias_among_words(pair("HUA China", "HUA", ent=hum))  # beside a place


def test_typo_beside_other_words_and_typo_one_word():
    beside = pair("Kasperksy Reseller", "Kaspersky", others=OTHERS)
    assert F.typo_beside_other_words(beside)
    alone = pair("Markin Co Ltd", "Martin", others=OTHERS)
    assert not F.typo_beside_other_words(alone) and F.typo_one_word(alone)
    two = pair("Zhejiang Hikvison Quantum", "Zhejiang Hikvision Quantum", others=OTHERS)
    assert not F.typo_one_word(two)  # a second distinctive word agrees
    grouped = entity("k", "Kaspersky", group="kaspersky")
    assert not F.typo_one_word(pair("Kasperksy", "Kaspersky", ent=grouped))  # curated names are read through typos


def test_common_words_only_and_met():
    two = pair("Digital Technology Co Ltd", "Digital Technology Co., Ltd.")
    assert F.common_words_only(two) and F.common_words_met(two)
    three = pair("Advanced Technology Solutions", "Advanced Technology Solutions")
    assert not F.common_words_only(three) and F.common_words_met(three)
    assert not F.common_words_met(pair("Acme Technology", "Acme Technology"))


def test_another_registered_firm():
    known = KnownFirms(frozenset({"schneider", "electric"}),
                       {"schneider": frozenset({"schneider electric", *(f"schneider {i}" for i in "abcde")})})
    listed = entity("s", "Schneider GmbH", lists=("us-bis-entity-list",))
    assert F.another_registered_firm(pair("Schneider Electric", "Schneider GmbH", ent=listed, known=known))
    assert not F.another_registered_firm(pair("Schneider Systems", "Schneider GmbH", ent=listed, known=known))
    few = KnownFirms(frozenset({"wingtech"}), {"wingtech": frozenset({"wingtech mobile communication"})})
    assert not F.another_registered_firm(pair("Wingtech Mobile Communications", "Wingtech", known=few))


def test_readings_adjust_and_the_bracket_rules():
    joined = pair("Hik Vision", "Hikvision", reading=Reading.JOINED, detail="hikvision", read="Hikvision")
    assert F.read_joined(joined) and not F.read_without_brackets(joined)
    out = decide(joined)
    assert out is not None and not out.exact and out.score == F.JOINED_SCORE
    alone = pair("Intelligent Devices Inc. (IDI)", "IDI", reading=Reading.BRACKET_ALONE, detail="IDI", read="IDI")
    assert F.read_bracket_alone(alone) and F.bracketed_acronym_alone(alone)
    assert not F.bracket_part_not_exact(alone)
    loose = pair("HP Inc. (Poly)", "Poly Technologies", reading=Reading.BRACKET_ALONE, detail="Poly", read="Poly",
                 others=OTHERS)
    assert F.bracket_part_not_exact(loose)
    more = pair("Hua Wei Trading", "Huawei", reading=Reading.JOINED, detail="huawei", read="Huawei Trading")
    assert F.reading_with_more_words(more)


def test_names_diverge_scales_the_score():
    p = pair("Super Micro Computer", "Super Trade", others=OTHERS)
    assert F.names_diverge(p)
    out = decide(p)
    assert out is None or out.score == pytest.approx(p.cmp.score * F.DIVERGENCE_PENALTY)
    assert not F.names_diverge(pair("Acme Trading", "Acme Trading Co"))


def test_han_names():
    ezviz = entity("e", "Hangzhou Ezviz Software Co., Ltd.", group="hikvision")
    assert F.han_name_in_pinyin(pair("Yingshi Network", "杭州萤石网络股份有限公司", ent=ezviz))
    assert not F.han_name_in_pinyin(pair("萤石网络", "杭州萤石网络股份有限公司", ent=ezviz))
    assert F.short_han_name_inside(pair("乐橙贸易", "乐橙", ent=ezviz, weak=True))


def test_designated_name_inside_and_weak_alias():
    zte = entity("z", "ZTE Corporation", "ZTE", group="zte")
    p = pair("ZTE Kangxun Telecom", "ZTE", ent=zte, reading=Reading.CONTAINED, detail="zte")
    assert F.designated_name_inside(p)
    assert F.weak_alias(pair("Honor", "Honor", weak=True))
    assert not F.weak_alias(pair("Honor", "Honor"))


def test_short_name():
    agency = entity("a", "AMD CO. LTD AGENCY", lists=("sdn",))
    assert F.short_name(pair("AMD", "AMD CO. LTD AGENCY", ent=agency))
    assert not F.short_name(pair("AMD Co. Ltd. Agency", "AMD CO. LTD AGENCY", ent=agency))  # as written
    ast = entity("r", "Aktsionernoe Obshchestvo AST")
    assert F.short_name(pair("AST Incorporated", "Aktsionernoe Obshchestvo AST", ent=ast))  # another legal form
    assert not F.short_name(pair("Avtex Ltd", "Avtex Semiconductor Limited"))  # five letters
    zte = entity("z", "ZTE Corporation", group="zte")
    assert not F.short_name(pair("ZTE USA Inc", "ZTE Corporation", ent=zte))


def test_initials_alias():
    tcl = entity("t", "Techno-Commercial", "TCL")
    assert F.initials_alias(pair("TCL", "TCL", ent=tcl))
    dji = entity("d", "DJI")
    assert not F.initials_alias(pair("DJI", "DJI", ent=dji))  # its own name
    ast = entity("r", "Aktsionernoe Obshchestvo AST", "AO AST")
    assert not F.initials_alias(pair("AST", "AO AST", ent=ast))  # a word of its name
    assert not F.initials_alias(pair("Netrix", "Netrix", ent=entity("n", "Nettrix Information", "Netrix")))


# --- the look-alike classes, through the matcher -------------------------------------------------

def _lookalikes():
    return Matcher(registry(
        entity("agency", "AMD CO. LTD AGENCY", lists=("sdn",)),
        entity("techno", "Techno-Commercial", "TCL", lists=("us-bis-entity-list",)),
        entity("khaki", "Parviz Khaki", "Martin", lists=("us-csl-isn",)),
        entity("inforos", "INFOROS, OOO", lists=("us-bis-entity-list",)),
        entity("zeus", "ZEUS", lists=("sdn",), kind="vessel"),
        entity("pioneer", "HERO II", "PIONEER", lists=("sdn",), kind="vessel"),
        entity("zte", "ZTE Corporation", "ZTE", lists=("us-ndaa-889",), group="zte"),
        entity("hik", "Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision", lists=("us-ndaa-889",),
               group="hikvision"),
        entity("dji", "DJI", lists=("us-fcc-covered-list",)),
        entity("nettrix", "Nettrix Information Industry Co., Ltd.", lists=("us-bis-entity-list",)),
    ))


@pytest.mark.parametrize("query, entity_id, feature", [
    ("AMD", "agency", "short-name"),                  # a short vendor name, not the listed one written out
    ("TCL", "techno", "initials-alias"),              # initials of a listed firm, and of many others
    ("Martyn Co., Ltd.", "khaki", "typo-one-word"),   # one misspelt word of a person's alias (Markin is now an IEEE registrant)
    ("Infocros", "inforos", "typo-one-word"),         # a network tool's abbreviation, one letter off
    ("ZEUS", "zeus", "craft-name"),                   # a ship makes nothing
])
def test_look_alikes_are_only_leads(query, entity_id, feature):
    got = _lookalikes().match_all(query)
    assert got and got[0].entity.id == entity_id
    assert got[0].band is Band.POSSIBLE
    assert feature in [f.id for f in got[0].features]


def test_designated_names_and_exact_short_names_stay_conclusive():
    m = _lookalikes()
    assert m.match_all("ZTE USA Inc")[0].band is Band.STRONG
    assert m.match_all("ZTE")[0].band is Band.EXACT
    assert m.match_all("Hikvison")[0].band is Band.STRONG  # a typo of a designated group's name
    assert m.match_all("DJI")[0].band is Band.EXACT  # a short name that is the party's own
    assert m.match_all("Nettrix Information Industry Co Ltd")[0].band is Band.EXACT


def test_a_firm_is_not_a_ship():
    assert _lookalikes().match_all("PIONEER CORPORATION") == ()


def test_match_json_lists_the_features_that_fired():
    reg = registry(entity("agency", "AMD CO. LTD AGENCY", lists=("sdn",)))
    m = Matcher(reg).match_all("AMD")[0]
    doc = serialise.match(m, reg)
    assert doc["features"] == [{"id": "short-name", "effect": "cap", "explanation": m.features[0].explanation}]
    assert doc["explanation"].endswith(m.features[0].explanation)
    assert "'amd'" in m.features[0].explanation  # rendered from the pair's values


def test_the_matcher_counts_every_feature_that_fires():
    m = _lookalikes()
    m.match_all("PIONEER CORPORATION")
    m.match_all("AMD")
    assert m.fired["legal-form-firm"] >= 1 and m.fired["short-name"] >= 1


# --- explanations say what is true of the pair ---------------------------------------------------

NAMES = ("Hangzhou Hikvision Digital Technology Co., Ltd.", "ZTE Corporation", "Joint Stock Company Mikron",
         "Teltronic S.A.U.", "China Telecom (Americas) Corporation", "华为技术有限公司", "АО Лаборатория Касперского",
         "Planet Technology", "NIO, Inc.", "Step Forward Group Ltd.")
LEGAL = ("", " Co., Ltd.", " Ltd", " GmbH", " Inc.", " S.A.", " Corporation", " JSC", " 有限公司")


def _respell(name: str, data: st.DataObject) -> str:
    """``name`` written otherwise: case, spacing, punctuation, a legal form, an abbreviation."""
    text = name
    if data.draw(st.booleans()):
        text = text.upper() if data.draw(st.booleans()) else text.lower()
    if data.draw(st.booleans()):
        text = text.replace(",", "").replace(".", " ")
    if data.draw(st.booleans()):
        text = text.replace("Technology", "Tech").replace("Corporation", "Corp")
    if data.draw(st.booleans()):
        text = re.sub(r"\s+(Co\., Ltd\.|Ltd\.|Inc\.|S\.A\.U\.|Corporation)$", "", text)
        text += data.draw(st.sampled_from(LEGAL))
    return text


@pytest.fixture(scope="module")
def named():
    return Matcher(registry(*(entity(f"e{i}", n, lists=("us-bis-entity-list",)) for i, n in enumerate(NAMES)),
                            entity("hik", "Hikvision", lists=("us-ndaa-889",), group="hikvision"),
                            relations=(relation("e0", "subsidiary_of", "hik"),)))


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_an_exact_claim_holds_for_the_pair_it_explains(named, data):
    name = data.draw(st.sampled_from(NAMES))
    query = _respell(name, data)
    for m in named.match_all(query):
        claim = re.match(r"'(.*)' is the registry name '(.*?)'(?: \(a name of .*?\))?(?: apart from (.*?))?\.(?: |$)",
                         m.explanation)
        if m.band is Band.EXACT:
            assert claim, m.explanation
        if not claim:
            continue
        assert normalise(query).key == normalise(m.matched_name).key
        said = claim.group(3) or ""
        aside = set_aside(query, m.matched_name)
        assert aside is not None
        # What the sentence says differs is what the pair needs set aside, and it suffices.
        last = aside[-1] if aside else None
        assert form(query, last) == form(m.matched_name, last)
        for a in Aspect:
            assert (a.value in said or (a is Aspect.LEGAL and "legal form" in said)) == (a in aside), (said, aside)


@given(st.text(max_size=40), st.text(max_size=40))
def test_set_aside_names_the_steps_that_make_two_texts_equal(a, b):
    aside = set_aside(a, b)
    if aside is None:
        assert normalise(a).key != normalise(b).key
    else:
        assert form(a, aside[-1] if aside else None) == form(b, aside[-1] if aside else None)


def test_the_explanations_found_false_are_true_now():
    m = Matcher(registry(entity("orion", "JSC SPA Orion", lists=("us-bis-entity-list",)),
                         entity("nio", "NIO, Inc.", lists=("us-bis-entity-list",))))
    orion = m.match_all("Orion S.r.l.")[0]
    # Both were explained as "... once case, punctuation and script are set aside", hiding the
    # registry name's legal forms.
    assert orion.explanation == ("'Orion S.r.l.' is the registry name 'JSC SPA Orion' apart from punctuation and "
                                 "the legal forms 'srl' (input) and 'jsc', 'spa' (registry name).")
    nio = m.match_all("Nio")[0]
    assert nio.explanation.startswith("'Nio' is the registry name 'NIO, Inc.' apart from case, punctuation and the "
                                      "legal form 'inc' (registry name). ")


def test_an_alias_marked_weak_in_the_registry_is_never_exact():
    import dataclasses

    honor = entity("honor", "Honor Device Co., Ltd.")
    honor = dataclasses.replace(honor, aliases=(Alias("Honor", "test", weak=True),))
    got = Matcher(registry(honor)).match_all("Honor")[0]
    assert got.band is Band.STRONG and [f.id for f in got.features] == ["weak-alias"]
