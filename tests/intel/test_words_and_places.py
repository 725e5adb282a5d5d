"""Sentences, restriction wording, dates and places in the forms news uses beyond plain English
(texts written for these tests)."""

import datetime as dt

import pytest

from supplyscreen.intel import clean, rules
from supplyscreen.intel.dates import deadlines, find_dates
from supplyscreen.intel.link import PlaceLinker
from supplyscreen.intel.text import sentences


@pytest.fixture(scope="module")
def places() -> PlaceLinker:
    return PlaceLinker()


def test_cjk_full_stops_end_sentences_without_spaces():
    assert sentences("政府は方針をまとめた。対象は「通信機器」だ。」来年から適用する。") == [
        "政府は方針をまとめた。", "対象は「通信機器」だ。」", "来年から適用する。"]


def test_a_dateline_under_a_long_headline_is_not_joined_to_it():
    text = "Regulator sets new limits on high-risk suppliers across mobile networks\n30 Jan 2031\nThe body text."
    assert sentences(text) == ["Regulator sets new limits on high-risk suppliers across mobile networks",
                               "30 Jan 2031", "The body text."]


@pytest.mark.parametrize("text", [
    "The ministry shut the vendor out of next year's tender.",
    "The plan keeps Huawei and ZTE out of the core.",
    "The regulator added the firm's subsidiary to its Covered List.",
    "Officials placed the company on a trade blacklist.",
    "The guidance names them high-risk vendors.",
    "Operators may connect only trusted products from June.",
    "Agencies must stop procuring the cameras.",
    "The carrier's plan was rejected by the security agency.",
    "Reino Unido prohíbe al fabricante en su red.",
    "Die Komponenten müssen bis 2030 entfernt werden.",
    "政府は調達から特定の製品を排除する。",
    "加拿大宣布禁止两家公司的设备。",
    "Suecia excluye al fabricante de su red.",
    "La Suède exclut le fabricant.",
    "Schweden verbietet die Komponenten.",
    "L'Italia vieta le apparecchiature.",
    "El Gobierno ha impedido al fabricante participar.",
    "Die Staaten sollen die Anbieter aus ihren Netzen auszuschließen.",
    "Carriers ditch the vendor's radios.",
    "The regulator deems the firms a national security threat.",
    "El Gobierno vetará al fabricante.",
    "政府は同社製品の採用を見送る。",
    "美国将该公司列入黑名单。",
])
def test_restriction_wording(text):
    assert rules.trigger(text) is not None


def test_negation_cancels_only_the_word_it_covers():
    # the hand lexicon, now a feature of the learned detector
    assert rules.rule_trigger("The guidance stopped short of banning the vendor.") is None
    m = rules.rule_trigger("Countries may restrict or exclude suppliers, but the body stopped short of banning any.")
    assert m is not None and m.group(0) == "exclude"


@pytest.mark.parametrize("text", [
    "The firm showed its new operating system despite the US trade ban.",
    "Revenue slowed as US sanctions bite and restrictions hit its phone business.",
    "Profit doubled, five years after it was placed on a US trade blacklist.",
    "受美国限制影响，该公司手机销量下滑。",
    "Profit is back, a year after the firm was nearly crippled when Washington banned sales to it.",
    "The ban was lifted in July after the firm paid a fine.",
])
def test_a_restriction_named_as_background_to_other_news_is_no_trigger(text):
    assert rules.trigger(text) is None


def test_cjk_and_korean_dates_resolve_against_the_report():
    ref = dt.date(2031, 7, 12)
    got = [(d.date, d.precision) for d in find_dates("政府は11日、2031年6月28日に決めた。", ref)]
    assert got == [(dt.date(2031, 7, 11), "day"), (dt.date(2031, 6, 28), "day")]
    assert [d.date for d in find_dates("상무부가 2031년 5월 16일 밝혔다", ref)] == [dt.date(2031, 5, 16)]
    # A bare day later than the report belongs to the month before.
    assert [d.date for d in find_dates("19日宣布", ref)] == [dt.date(2031, 6, 19)]
    assert deadlines("2033年末までに排除し、2032年6月28日前拆除") == ["2033年末までに", "2032年6月28日前"]


def test_start_dates_look_forward_and_dotted_dates_are_day_first():
    ref = dt.date(2031, 3, 11)
    assert [d.date for d in find_dates("from June 15 operators must comply", ref)] == [dt.date(2031, 6, 15)]
    assert [d.date for d in find_dates("on June 15 the ministry said", ref)] == [dt.date(2030, 6, 15)]
    assert [d.date for d in find_dates("11.07.2031", None)] == [dt.date(2031, 7, 11)]
    assert [(d.date, d.precision) for d in find_dates("a law signed this month", ref)] == [
        (dt.date(2031, 3, 1), "month")]


def test_cjk_government_names(places):
    # A bare 政府 in Japanese copy is Japan's own; one qualified by a country name is that country's.
    assert [(p.jurisdiction, p.kind) for p in places.find("政府は10日、方針をまとめた")] == [("JP", "authority")]
    assert [p.jurisdiction for p in places.find("ドイツ政府は11日、合意した")] == ["DE"]
    assert [p.jurisdiction for p in places.find("英政府は14日、発表した")] == ["GB"]
    assert [p.jurisdiction for p in places.find("カナダ政府は発表した。同政府は補償しない。")] == ["CA"]


def test_dateline_capitals_laws_and_multinational_carriers(places):
    # A dateline names the capital (GeoNames, capitals.yaml) as the place the report comes from.
    assert [(p.jurisdiction, p.kind) for p in places.find("OTTAWA — The minister said")] == [("CA", "capital")]
    assert [(p.jurisdiction, p.authority.kind) for p in places.find("under the NDAA")
            if p.authority] == [("US", "law")]
    # Vodafone works in many countries: it names no jurisdiction; Vodafone Idea is Indian.
    assert [p.jurisdiction for p in places.find("Vodafone and Vodafone Idea use the gear")] == ["IN"]


def test_links_to_other_stories_are_not_the_report():
    out = clean.clean("A headline about a launch\nAlso read: Country bans vendor from networks\nThe body.")
    assert out.text.splitlines() == ["A headline about a launch", "The body."]
    assert out.removed == ("related link: Also read: Country bans vendor from networks",)



def test_page_tools_and_caption_credits_are_not_the_report():
    out = clean.clean("A headline about a measure\n3 min read\nListen to this article\n"
                      "A logo at a trade fair in a city, March 1, 2031. REUTERS/Jane Roe/File Photo\n"
                      "A poll by Reuters/Ipsos found support for the rules.\nThe body.")
    assert out.text.splitlines() == ["A headline about a measure",
                                     "A poll by Reuters/Ipsos found support for the rules.", "The body."]
