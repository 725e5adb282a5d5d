"""Events from short reports written for these tests: other languages, targets named in the lead,
the acting government, background mentions, negatives, and grouping across outlets."""

from pathlib import Path

import pytest
from tests.intel.builders import ingest_articles

from supplyscreen.intel.model import Event
from supplyscreen.intel.pipeline import Ingested

ARTICLES = {
    # Japanese: the government acts without naming its country; the firms are named in katakana.
    "wire-ja_2031-12-10.txt": "政府調達、ファーウェイとZTEを事実上排除\n2031年12月10日\n"
                              "政府は10日、各府省庁が使う通信機器の調達から、リスクのある製品を排除する方針をまとめた。"
                              "中国の華為技術（ファーウェイ）と中興通訊（ZTE）の製品が対象となる。\n",
    # Chinese, on another government's decision.
    "wire-zh_2031-05-20.txt": "加拿大宣布禁止华为中兴参与5G网络\n2031年05月20日\n"
                              "加拿大政府19日宣布，将禁止在本国5G网络中使用华为和中兴的设备。\n",
    # The targets are named in the headline only; the body's restriction sentence names none.
    "lead_2031-06-15.txt": "Commission calls Huawei and ZTE high-risk suppliers\n15 June 2031\n"
                           "The European Commission said on Thursday it would avoid equipment from high-risk "
                           "vendors in its own networks.\nOfficials said ten member states had acted.\n",
    # A US subsidiary of a Chinese group does not make the US the targets' home.
    "fcc_2031-03-25.txt": "FCC adds China Telecom (Americas) to its Covered List\nMarch 25, 2031\n"
                          "The Federal Communications Commission on Tuesday added China Telecom (Americas) to the "
                          "Covered List of services that pose a risk to national security.\n",
    # A passing mention: the clause names Australia's older measure, not Britain's.
    "uk_2031-07-14.txt": "Britain bans Huawei-made kit from its 5G networks\nJuly 14, 2031\n"
                         "The British government on Monday banned operators from buying new Huawei 5G "
                         "equipment.\nBritain now joins Australia, which barred Huawei and ZTE from its networks "
                         "in 2028.\n",
    # Negatives: a launch that mentions a ban in passing, and an opinion piece.
    "launch_2031-09-10.txt": "Huawei unveils a new tablet despite the US ban\nSeptember 10, 2031\n"
                             "Huawei showed a new tablet at its developer conference on Thursday.\n"
                             "The device goes on sale next month.\n",
    "oped_2031-07-20.txt": "Opinion: Banning Huawei was the easy part\nJuly 20, 2031\n"
                           "The decision to ban Huawei from 5G networks was right, but the hard work starts now.\n"
                           "The views expressed are the author's own.\n",
    # Two outlets call one network decision differently (licence conditions, a 5G ban).
    "regwire_2031-10-20.txt": "Swedish regulator sets licence conditions excluding Huawei and ZTE\n20 October 2031\n"
                              "The Swedish Post and Telecom Authority said on Monday that auction winners must not "
                              "use Huawei or ZTE equipment in new central functions.\n",
    "mobile_2031-10-21.txt": "Sweden bans Huawei and ZTE from 5G networks\n21 October 2031\n"
                             "Sweden has banned equipment from Huawei and ZTE in its 5G networks.\n",
    # Two instruments against one firm days apart stay two events.
    "sales_2031-06-20.txt": "US bans sales of Kaspersky software\nJune 20, 2031\n"
                            "The Commerce Department on Thursday prohibited Kaspersky from selling its antivirus "
                            "software to US customers.\n",
    "listing_2031-06-24.txt": "Kaspersky entities added to the Entity List\nJune 24, 2031\n"
                              "The Bureau of Industry and Security on Monday added three Kaspersky entities to "
                              "the Entity List, restricting exports to them.\n",
    # Two reports of one Covered List addition, one about the listing, one about its effect on networks.
    "covered_2031-03-27.txt": "FCC adds China Mobile to its Covered List\nMarch 27, 2031\n"
                              "The Federal Communications Commission on Wednesday added China Mobile International "
                              "USA to the Covered List of services that threaten national security.\n",
    "networks_2031-03-28.txt": "Rural telcos lose subsidy access over China Mobile links\nMarch 28, 2031\n"
                               "Small operators in the US may no longer spend Universal Service Fund support on "
                               "China Mobile links, after regulators put them on the Covered List on Wednesday.\n",
    # A section label above the headline; the lead names no firm, a later sentence does. Then the
    # rule's commencement three months on joins the decision.
    "licence_2031-03-11.txt": "Telecom\nOperators must buy only from trusted sources under new licence terms\n"
                              "March 11, 2031\nSynopsis\nThe Department of Telecommunications has amended "
                              "operators' licences so that they can connect only trusted products from June 15.\n"
                              "The rules name no vendor.\nExecutives expect Huawei and ZTE to be left off the list.\n",
    "commence_2031-06-15.txt": "Trusted source rules kick in today\nJune 15, 2031\n"
                               "From today, operators in India can only buy equipment certified as coming from "
                               "trusted sources, under licence conditions the Department of Telecommunications "
                               "set in March.\nHuawei and ZTE are not expected to be trusted.\n",
    # Earnings years after a listing: history, not news.
    "results_2031-03-29.txt": "Huawei profit doubles as phone sales recover\nMarch 29, 2031\n"
                              "Huawei reported a jump in net profit, five years after it was placed on a US trade "
                              "blacklist.\nRevenue rose 9 per cent.\n",
}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    return ingest_articles(tmp_path_factory.mktemp("articles"), ARTICLES)


def _events(result: Ingested, name: str) -> list[Event]:
    path = next(d.path for d in result.documents if Path(d.path).name == name)
    by_id = {e.id: e for e in result.events}
    return [by_id[i] for i in result.article_events[path]]


def _groups(e: Event) -> set[str]:
    return {t.group for t in e.targets}


def test_japanese_report_of_its_own_government(result):
    [e] = _events(result, "wire-ja_2031-12-10.txt")
    assert (e.jurisdiction, e.measure.value) == ("JP", "procurement_ban")
    assert _groups(e) == {"huawei", "zte"}
    assert str(e.date) == "2031-12-10"


def test_chinese_report_of_another_government(result):
    [e] = _events(result, "wire-zh_2031-05-20.txt")
    assert e.jurisdiction == "CA" and _groups(e) == {"huawei", "zte"}
    assert str(e.date) == "2031-05-19"


def test_headline_names_the_targets(result):
    [e] = _events(result, "lead_2031-06-15.txt")
    assert e.jurisdiction == "EU" and _groups(e) == {"huawei", "zte"}


def test_a_groups_home_country_is_not_the_actors(result):
    [e] = _events(result, "fcc_2031-03-25.txt")
    assert e.jurisdiction == "US" and _groups(e) == {"china-telecom"}
    # The target is named as the article names it, not by the group's head.
    assert [t.name for t in e.targets] == ["China Telecom (Americas) Corp."]


def test_background_mention_goes_to_the_government_that_acted(result):
    main, *rest = _events(result, "uk_2031-07-14.txt")
    assert main.jurisdiction == "GB"
    assert [(e.jurisdiction, e.date and e.date.year) for e in rest] == [("AU", 2028)]


def test_launch_and_opinion_report_no_measure(result):
    assert _events(result, "launch_2031-09-10.txt") == []
    assert _events(result, "oped_2031-07-20.txt") == []


def test_network_measures_named_differently_are_one_event(result):
    [a] = _events(result, "regwire_2031-10-20.txt")
    [b] = _events(result, "mobile_2031-10-21.txt")
    assert a.id == b.id and a.corroboration == 2
    assert str(a.date) == "2031-10-20"  # the date a report states, not the later publication date


def test_distinct_instruments_days_apart_stay_apart(result):
    [sales] = _events(result, "sales_2031-06-20.txt")
    [listing] = _events(result, "listing_2031-06-24.txt")
    assert sales.id != listing.id
    assert listing.measure.value == "entity_listing"
    assert _groups(sales) == _groups(listing) == {"kaspersky"}


def test_label_above_headline_and_targets_named_further_down(result):
    [e] = _events(result, "licence_2031-03-11.txt")
    assert e.jurisdiction == "IN" and _groups(e) == {"huawei", "zte"}


def test_commencement_joins_the_decision(result):
    [decision] = _events(result, "licence_2031-03-11.txt")
    [start] = _events(result, "commence_2031-06-15.txt")
    assert start.id == decision.id
    assert str(decision.date) == "2031-03-11"  # the decision's date, not the commencement's


def test_a_listing_years_ago_is_not_the_news(result):
    assert _events(result, "results_2031-03-29.txt") == []



def test_firms_named_with_a_suffix_or_in_another_script():
    from supplyscreen import library
    from supplyscreen.intel.link import CompanyLinker

    reg = library.load_registry()
    linker = CompanyLinker(reg, library.matcher_for(reg))
    found = linker.find("Operators must strip out Huawei-made and ZTE-supplied kit; TP-Link routers stay.")
    assert [m.target.mention for m in found] == ["Huawei", "ZTE", "TP-Link"]
    assert [m.target.group for m in linker.find("ZTEの部品と화웨이 장비")] == ["zte", "huawei"]


def test_reports_naming_one_instrument_are_one_event(result):
    [a] = _events(result, "covered_2031-03-27.txt")
    [b] = _events(result, "networks_2031-03-28.txt")
    assert a.id == b.id and _groups(a) == {"china-mobile"}

