"""Cleaning, language and dates on short texts written for these tests."""

import datetime as dt

from supplyscreen.intel import clean, lang
from supplyscreen.intel.dates import deadlines, find_dateline, find_dates, iso_in_name
from supplyscreen.intel.text import sentences

CAPTURE = """Example Country restricts a vendor
Advertisement
Photo: Example Wire
The ministry said on Monday that operators may no longer buy the vendor's radios.
Jane Roe is a senior reporter at the Example Times.
Disclaimer: this summary was produced by a syndication service.
You've reached your limit of free articles this month.
Subscribe now
$4.99
3 Months
"""


def test_clean_drops_furniture_and_keeps_the_report():
    out = clean.clean(CAPTURE)
    assert out.text.splitlines() == [
        "Example Country restricts a vendor",
        "The ministry said on Monday that operators may no longer buy the vendor's radios.",
    ]
    kinds = {r.split(":")[0] for r in out.removed}
    assert {"advertisement", "image credit", "author bio", "disclaimer", "paywall"} <= kinds
    assert out.title == "Example Country restricts a vendor"


def test_clean_cuts_a_caption_with_its_credit():
    out = clean.clean("A man walks past a shop sign in a city. Photo: Example Wire\nThe report continues here.")
    assert out.text == "The report continues here."


def test_language_detection():
    assert lang.detect("The government said that the ban will apply to all of the operators in the country.") == "en"
    assert lang.detect("El Gobierno dijo que la prohibición se aplicará a los operadores de la red del país.") == "es"
    assert lang.detect("政府は調達から特定の企業の製品を除外する方針を決めた。") == "ja"
    assert lang.detect("Huawei ZTE") == "und"


def test_weekday_resolves_to_the_past_a_planned_one_ahead_a_commencement_not_at_all():
    ref = dt.date(2031, 3, 5)  # a Wednesday
    assert [d.date for d in find_dates("The regulator said on Monday", ref)] == [dt.date(2031, 3, 3)]
    # The day a decision is expected is the decision's date if it comes ("as early as Monday").
    assert [d.date for d in find_dates("rules will be revised as early as Monday", ref)] == [dt.date(2031, 3, 10)]
    assert find_dates("the rules take effect from Monday", ref) == []


def test_deadlines_and_datelines():
    assert deadlines("Operators must remove the kit by 2035 and stop buying it from 31 December 2031.") == [
        "by 2035", "from 31 December 2031"]
    assert find_dateline("Title of a story\n7 Dec 2031\nBody text mentions March 3, 2030 too.") == dt.date(2031, 12, 7)
    assert find_dateline("A long sentence that happens to mention March 3, 2030 in passing, and more.") is None
    assert iso_in_name("outlet_2031-03-04.txt") == dt.date(2031, 3, 4)


def test_sentences_keep_abbreviations_and_rejoin_wrapped_lines():
    text = ("The U.S. Commerce Department said Huawei Technologies Co. Ltd. was added to a list that restricts many\n"
            "exports. A second sentence follows.")
    assert sentences(text) == [
        "The U.S. Commerce Department said Huawei Technologies Co. Ltd. was added to a list that restricts many exports.",
        "A second sentence follows.",
    ]
