import datetime as dt

import pytest

from builders import small_registry
from supplyscreen.matching.matcher import Matcher
from supplyscreen.model import Band


@pytest.fixture(scope="module")
def matcher():
    return Matcher(small_registry())


def top(matcher, text, as_of=None):
    ms = matcher.match_all(text, as_of)
    return ms[0] if ms else None


@pytest.mark.parametrize(
    "query, entity, band",
    [
        ("HUAWEI TECH CO LTD", "huawei", Band.EXACT),
        ("華為", "huawei", Band.EXACT),
        ("华为技术有限公司", "huawei", Band.EXACT),
        ("Huawie Technologies", "huawei", Band.STRONG),
        ("Z.T.E. Corporation", "zte", Band.EXACT),
        ("Hik Vision", "hikvision", Band.STRONG),
        ("Hikvison", "hikvision", Band.STRONG),
        ("HiSilicon", "hisilicon", Band.STRONG),
        ("Dahua Electronics Corporation", "dahua-electronics", Band.EXACT),
        ("DAHUA TECH CO LTD", "dahua", Band.EXACT),
        # A designated name with a country (in any language) and a local legal form: a subsidiary.
        ("ZTE Hungary Kft", "zte", Band.STRONG),
        ("Huawei Technologies España S.L.", "huawei", Band.STRONG),
        ("Hikvision Deutschland GmbH", "hikvision", Band.STRONG),
    ],
)
def test_finds_the_right_entity(matcher, query, entity, band):
    m = top(matcher, query)
    assert m is not None and m.entity.id == entity
    assert m.band == band
    assert m.explanation


@pytest.mark.parametrize("query", ["ZT Systems", "ZTL Inc", "Huami Corporation", "Hisense Co Ltd",
                                   "Technologies Co Ltd", "Communications Corporation", "Cisco Systems Inc", ""])
def test_look_alikes_and_generic_names_do_not_match(matcher, query):
    assert matcher.match_all(query) == ()


def test_subsidiary_reaches_designated_parent_with_a_sentence(matcher):
    m = top(matcher, "HiSilicon Technologies Co Ltd")
    names = [d.entity.id for d in m.designated]
    assert names[0] == "hisilicon"  # itself (Entity List) first
    parent = next(d for d in m.designated if d.entity.id == "huawei")
    assert parent.path == ("HiSilicon Technologies Co., Ltd is a subsidiary of Huawei Technologies Co., Ltd. "
                           "(source: test fixture).",)
    assert "us-fcc-covered-list" in parent.list_ids


def test_dated_ownership(matcher):
    before = top(matcher, "Honor", dt.date(2020, 1, 1))
    after = top(matcher, "Honor", dt.date(2022, 1, 1))
    assert [d.entity.id for d in before.designated] == ["huawei"]
    assert not before.designated[0].former
    assert after.designated == ()  # Honor was sold outright on 2020-11-17: its products left with it
    assert top(matcher, "Honor", dt.date(2019, 1, 1)).designated == ()  # before §889 took effect
    lorex_then = top(matcher, "Lorex", dt.date(2020, 6, 1)).designated[0]
    lorex_now = top(matcher, "Lorex", dt.date(2024, 6, 1)).designated[0]
    assert (lorex_then.entity.id, lorex_then.former) == ("dahua", False)
    assert (lorex_now.entity.id, lorex_now.former) == ("dahua", True)
    assert "was a subsidiary of" in lorex_now.path[0]


def test_ownership_before_it_began_is_not_walked(matcher):
    assert top(matcher, "Lorex", dt.date(2017, 1, 1)).designated == ()


def test_repeated_queries_are_cached(matcher):
    matcher.match("Huawei")
    before = matcher._match_name.cache_info().hits
    matcher.match("Huawei")
    assert matcher._match_name.cache_info().hits == before + 1


def test_an_unlisted_look_alike_explains_the_name_and_hides_weaker_leads():
    from builders import entity, registry, relation

    reg = registry(
        entity("hytera", "Hytera Communications Corporation Limited", lists=("us-ndaa-889",), group="hytera"),
        entity("teltronic", "Teltronic S.A.U.", group="hytera"),
        entity("teltronics-inc", "Teltronics, Inc."),
        relations=(relation("teltronic", "subsidiary_of", "hytera"),),
    )
    m = Matcher(reg)
    assert m.match("Teltronics Inc") == ()
    assert m.match_all("Teltronics Inc")[0].entity.id == "teltronics-inc"
    assert m.match("Teltronic SAU")[0].entity.id == "teltronic"


def test_bracketed_short_name_counts_only_when_it_is_a_registry_name():
    from builders import entity, registry, relation

    reg = registry(
        entity("hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.", lists=("us-ndaa-889",),
               group="hikvision"),
        entity("lts", "LT Security Inc.", "LTS"),
        entity("poly-tech", "Poly Technologies Inc.", lists=("us-bis-entity-list",)),
        relations=(relation("lts", "oem_relabel_of", "hikvision"),),
    )
    m = Matcher(reg)
    assert m.match("LT Security Inc. (LTS)")[0].entity.id == "lts"
    assert m.match("HP Inc. (Poly)") == ()


def _traps():
    from builders import entity, registry

    return Matcher(registry(
        entity("zte", "ZTE Corporation", "ZTE", lists=("us-ndaa-889",), group="zte"),
        entity("hum", "Harakat ul-Mujahideen", "HUA", lists=("sdn",)),
        entity("digisys", "Digitalsystem Technology Inc.", lists=("us-bis-entity-list",)),
        entity("mendoza", "Mendoza Robles, Eduardo", "Zeta 33", lists=("sdn",), kind="person"),
        entity("djermane", "Djermane, Kamel", "Adel", lists=("sdn",), kind="person"),
        entity("idi", "International Diamond Industries", "IDI", lists=("sdn",)),
    ))


def test_a_designated_name_inside_an_unknown_name_is_a_possible_match_to_check():
    m = _traps().match("ZTE Kangxun Telecom Co Ltd")
    assert [x.entity.id for x in m] == ["zte"]
    assert m[0].band is Band.POSSIBLE
    assert "no relation" in m[0].explanation and "check who owns it" in m[0].explanation


@pytest.mark.parametrize("query", [
    "Hua Hong Semiconductor",           # a three-letter alias inside a longer name is someone's initials
    "Zeta Technologies",                # a firm is not a person who has a nickname with a shared word
    "Advanced Digital Systems Co Ltd",  # two common words are not read as one listed word
])
def test_shared_words_that_are_not_evidence(query):
    assert _traps().match_all(query) == ()


def test_an_acronym_alias_alone_or_with_a_place_still_matches():
    assert _traps().match_all("HUA")[0].entity.id == "hum"


def test_a_firm_is_not_a_person_whose_alias_its_name_spells():
    m = _traps()
    assert m.match("AD.EL s.r.l.") == ()  # an Italian firm, not the person known as Adel
    assert m.match("Adel")[0].entity.id == "djermane"


def test_a_bracketed_acronym_alone_is_a_lead_unless_a_designated_group_uses_it():
    m = _traps()
    (idi,) = m.match("Intelligent Devices Inc. (IDI)")  # the firm's own initials
    assert idi.entity.id == "idi" and idi.band is Band.POSSIBLE
    assert m.match("Acme Reseller Ltd (ZTE)")[0].band is Band.STRONG


def test_a_real_company_word_is_not_read_as_a_typo_of_a_listed_name():
    from builders import entity, registry

    m = Matcher(registry(
        entity("mikron", "Joint Stock Company Mikron", lists=("sdn",), country="RU"),
        entity("hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision", lists=("us-ndaa-889",),
               group="hikvision"),
        entity("sierra", "SIERRA", lists=("sdn",), kind="vessel"),
    ))
    assert m.match_all("Micron") == ()  # Micron Technology registered MAC blocks: a word, not a typo
    assert m.match_all("Hikvison")[0].entity.id == "hikvision"  # no firm is called that: a typo
    assert m.match_all("Sierra Wireless") == ()  # a vessel's name is not part of a firm's
    assert m.match_all("SIERRA")[0].entity.id == "sierra"


def test_listed_name_of_only_common_words_is_a_lead_not_a_match():
    from builders import entity, registry

    m = Matcher(registry(
        entity("smic", "Semiconductor Manufacturing International Corporation", "SMIC", lists=("us-bis-entity-list",)),
        entity("dt", "Digital Technology Co., Ltd.", lists=("us-bis-entity-list",)),
    ))
    got = m.match_all("SEMICONDUCTOR MANUFACTURING INTERNATIONAL CORP.")
    assert [x.entity.id for x in got] == ["smic"]
    assert got[0].band == Band.POSSIBLE
    assert "common business word" in got[0].explanation
    # Two common words equal to a listed name are chance, and a longer name is another firm.
    assert m.match_all("Digital Technology Co Ltd") == ()
    assert m.match_all("Semiconductor Manufacturing International Trading Corp") == ()


def test_five_letter_group_names_allow_one_neighbouring_swap_and_nothing_else():
    from builders import entity, registry

    m = Matcher(registry(
        entity("dahua", "Zhejiang Dahua Technology Co., Ltd.", "Dahua Technology", lists=("us-ndaa-889",),
               group="dahua"),
        entity("hamid", "Hamid Trading Company", lists=("us-bis-entity-list",)),
    ))
    got = m.match_all("Dahau Technology")
    assert got and got[0].entity.id == "dahua" and "1 typo" in got[0].explanation
    assert m.match_all("Dhaua Technology") != ()  # any neighbouring pair after the first letter
    assert m.match_all("Adhua Technology") == ()  # the first letter stays
    assert m.match_all("Dahue Technology") == ()  # a changed letter is another name
    assert m.match_all("Hamdi Trading Company") == ()  # only designated groups' names widen


def test_words_read_as_one_with_more_words_left_over_are_only_a_lead(matcher):
    loose = top(matcher, "Hua Wei Trading Co")
    assert loose is not None and loose.entity.id == "huawei" and loose.band == Band.POSSIBLE
    assert top(matcher, "Hua Wei Technologies Co").band == Band.STRONG


def test_a_registered_firms_own_name_is_not_a_listed_namesake():
    from builders import entity, registry

    m = Matcher(registry(
        entity("schneider", "Schneider GmbH", lists=("us-bis-entity-list",)),
        entity("wingtech", "Wingtech", lists=("us-bis-entity-list",)),
        entity("huawei", "Huawei Technologies Co., Ltd.", lists=("us-ndaa-889",), group="huawei"),
    ))
    # Schneider Electric registered MAC blocks; many registered firms are called Schneider.
    assert m.match_all("Schneider Electric") == ()
    assert m.match_all("Schneider GmbH")[0].entity.id == "schneider"  # the listed name itself
    # Few registered firms bear "Wingtech": a Wingtech firm is the listed one's kin.
    assert m.match_all("Wingtech Mobile Communications Co., Ltd.")[0].entity.id == "wingtech"
    # A designated group's members are curated: its registered names always lead to it.
    assert m.match_all("Huawei Device Co., Ltd.")[0].entity.id == "huawei"


def test_a_short_han_alias_read_in_pinyin_inside_a_longer_name_is_only_a_lead():
    import dataclasses

    from builders import entity, registry
    from supplyscreen.model import Alias

    imou = entity("imou", "Hangzhou Huacheng Network Technology Co., Ltd.", "Imou", lists=("us-ndaa-889",),
                  group="dahua")
    imou = dataclasses.replace(imou, aliases=(*imou.aliases, Alias("乐橙", "Hans", weak=True)))
    m = Matcher(registry(imou))
    got = m.match_all("Lecheng Trading")  # 乐橙 is lecheng, and so are 乐成 and many firms' names
    assert got and got[0].entity.id == "imou" and got[0].band == Band.POSSIBLE
    assert m.match_all("Imou Trading")[0].band == Band.STRONG  # a Latin name keeps its weight


def test_a_latin_input_meeting_only_a_han_name_through_pinyin_is_a_lead():
    from builders import entity, registry

    m = Matcher(registry(entity("ezviz", "Hangzhou Ezviz Software Co., Ltd.", "EZVIZ", "杭州萤石网络股份有限公司",
                                lists=("us-ndaa-889",), group="hikvision")))
    lead = m.match_all("Yingshi Network")  # 萤石网络 read in pinyin; also 影视网络, film and TV
    assert lead and lead[0].band == Band.POSSIBLE
    assert m.match_all("杭州萤石网络股份有限公司")[0].band == Band.EXACT
    assert m.match_all("EZVIZ Network")[0].band == Band.STRONG



def test_network_tool_short_names_unique_decide_shared_only_lead() -> None:
    # A registry whose Hikvision and H3C-like entities carry short names as the build derives them.
    from dataclasses import replace

    from builders import registry
    from supplyscreen.model import Alias

    base = small_registry()
    extra = {"huawei": [Alias("HuaweiTe", source="network-tool-short-names", weak=True)],
             "hikvision": [Alias("HikvisionDig", source="network-tool-short-names", weak=True),
                           Alias("Hangzhou", source="network-tool-short-names", weak=True, ambiguous=True)]}
    ents = [replace(e, aliases=e.aliases + tuple(extra.get(e.id, ()))) for e in base]
    rels = tuple({id(r): r for e in base for r in base.relations_from(e.id)}.values())
    m = Matcher(registry(*ents, relations=rels))
    assert (m.match_all("HuaweiTe")[0].entity.id, m.match_all("HuaweiTe")[0].band) == ("huawei", Band.STRONG)
    assert m.match_all("hikvisiondig")[0].band == Band.STRONG
    lead = m.match_all("Hangzhou")[0]
    assert (lead.entity.id, lead.band) == ("hikvision", Band.POSSIBLE)
    assert "only a lead" in lead.explanation
