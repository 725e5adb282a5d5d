"""Hard negatives at article level (issue 17 item 1, intel-neg8): a restriction dated years back is the
setting of other news, never its news; a government named only beside a past year does not act in
the story; an opinion piece is known by its author's note in any corpus language. Metamorphic: a
background sentence about another country's past ban changes neither a negative (it stays without
an event) nor a positive (its event stays). Reports written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.intel.builders import claims_of, new_extractor

from supplyscreen.intel.dates import find_dates
from supplyscreen.intel.extract import Extractor, _opinion, dated_past
from supplyscreen.intel.model import Document

REF = dt.date(2026, 6, 10)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return new_extractor()


_claims = claims_of


def _past(text: str, lang: str = "en", ref: dt.date = REF) -> bool:
    return dated_past(text, find_dates(text, ref, lang), ref)


# --- what dates a sentence in the past ---------------------------------------------------------
@pytest.mark.parametrize(("text", "lang"), [
    ("Sweden barred Huawei from its 5G auction in 2020.", "en"),
    ("The firm has relied on its own chips since the US ban of 2019.", "en"),
    ("Nach dem Exportverbot der USA im Jahr 2018 brach der Umsatz ein.", "de"),
    ("同社は2019年の米国による禁輸措置以降、独自の半導体を使っている。", "ja"),
    ("미국은 2019년 화웨이를 거래 제한 명단에 올렸다.", "ko"),
    ("Les refus d'autorisation prononcés depuis 2020 visent ses antennes.", "fr"),
])
def test_a_restriction_with_an_earlier_year_is_dated_past(text: str, lang: str):
    assert _past(text, lang)


@pytest.mark.parametrize(("text", "lang"), [
    # a deadline dates no act
    ("The regulator ordered operators to remove Huawei gear by 2028.", "en"),
    # a date of the news itself beside the old year: the news extends the old measure
    ("On Tuesday the ministry extended its 2019 ban to ZTE.", "en"),
    # a past without its year is the story's recent run-up ("last December"), as _date reads it
    ("The directive, cleared by the cabinet last December, names trusted vendors.", "en"),
    # a year in a name dates the name
    ("The government issued a direction under the Telecommunications (Security) Act 2021.", "en"),
    ("Ministers turned the 2020 Huawei policy into binding rules.", "en"),
    # no date at all
    ("Poland bars Hikvision from public tenders.", "en"),
])
def test_deadlines_news_dates_run_ups_and_names_are_not_dated_past(text: str, lang: str):
    assert not _past(text, lang)


def test_a_december_decision_in_a_january_report_is_news():
    # within DATE_WINDOW_BEFORE of the report's date, though of the previous year
    assert not _past("The ministry barred ZTE from 5G cores in December 2025.", ref=dt.date(2026, 1, 8))


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1990, max_value=2060))
def test_dated_past_is_exactly_an_earlier_year(year: int):
    text = f"Sweden barred Huawei from its 5G networks in {year}."
    assert _past(text) == (year < REF.year)


# --- metamorphic: a background sentence about another country's past ban ------------------------
NEGATIVES = {
    "launch_2026-06-10.txt": ("Huawei unveils a foldable phone with its own modem\n"
                              "Huawei on Tuesday showed a foldable phone whose modem it designed in-house.\n"
                              "{bg}\nSales start in China next month.\n"),
    "earnings_2026-06-10.txt": ("ZTE meldet einen Gewinnsprung im Quartal\n"
                                "ZTE hat im zweiten Quartal deutlich mehr verdient als vor einem Jahr.\n"
                                "{bg}\nDas Geschäft mit Rechenzentren wuchs am stärksten.\n"),
    "kyoryoku_2026-06-10.txt": ("ソフトバンクとZTE、6Gで共同研究\n"
                                "ソフトバンクは9日、ZTEと次世代通信の共同研究を始めると発表した。\n"
                                "{bg}\n両社は来年にも試験を始める。\n"),
    "contrato_2026-06-10.txt": ("Huawei fecha contrato com operadora para rede de fibra\n"
                                "A Huawei assinou nesta terça-feira um contrato para ampliar a rede de fibra da operadora.\n"
                                "{bg}\nAs obras começam em agosto.\n"),
}
BACKGROUND = {
    "en": "Sweden barred Huawei from its 5G networks in 2020.",
    "de": "Schweden hatte Huawei im Jahr 2020 aus seinen 5G-Netzen ausgeschlossen.",
    "ja": "スウェーデンは2020年にファーウェイを5G網から排除した。",
    "pt": "A Suécia excluiu a Huawei de suas redes 5G em 2020.",
}
LANG = {"launch_2026-06-10.txt": "en", "earnings_2026-06-10.txt": "de", "kyoryoku_2026-06-10.txt": "ja",
        "contrato_2026-06-10.txt": "pt"}


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_a_past_ban_in_the_background_keeps_a_negative_negative(extractor, tmp_path, name):
    text = NEGATIVES[name]
    assert _claims(extractor, tmp_path, name, text.replace("{bg}\n", "")) == []
    # the other country's past ban, in the lead, in the report's own language
    assert _claims(extractor, tmp_path, name, text.replace("{bg}", BACKGROUND[LANG[name]])) == []


POSITIVES = {
    "nkom_2026-06-10.txt": ("NO", "en", "Norway orders Huawei gear out of mobile core networks\n"
                            "Norway's regulator Nkom on Tuesday ordered operators to remove Huawei equipment "
                            "from their core networks.\n{bg}\n"),
    "kaspersky_2026-06-10.txt": ("CA", "it", "Il Canada ordina di disinstallare Kaspersky dai computer pubblici\n"
                                 "Il governo canadese ha ordinato martedì ai ministeri di disinstallare "
                                 "il software Kaspersky.\n{bg}\n"),
    "anatel_2026-06-10.txt": ("BR", "pt", "Anatel deixa de homologar câmeras da Dahua\n"
                              "A Anatel decidiu nesta terça-feira deixar de homologar novas câmeras da Dahua.\n{bg}\n"),
}


@pytest.mark.parametrize("name", sorted(POSITIVES))
@pytest.mark.parametrize("where", ["lead", "end"])
def test_a_past_ban_in_the_background_keeps_a_positive_s_event(extractor, tmp_path, name, where):
    code, lang, text = POSITIVES[name]
    bg = BACKGROUND["pt" if lang == "pt" else "en"] if lang != "it" else (
        "La Svezia aveva escluso Huawei dalle reti 5G nel 2020.")
    plain = [c for c in _claims(extractor, tmp_path, name, text.replace("{bg}\n", "")) if c.main]
    assert [c.jurisdiction for c in plain] == [code]
    lines = text.replace("{bg}\n", "").splitlines()
    lines.insert(1 if where == "lead" else len(lines), bg)
    with_bg = [c for c in _claims(extractor, tmp_path, name, "\n".join(lines) + "\n") if c.main]
    assert [c.jurisdiction for c in with_bg] == [code]
    assert {t.group for t in with_bg[0].targets} == {t.group for t in plain[0].targets}


# --- opinion by its author's note ------------------------------------------------------------------
def _doc(text: str, lang: str) -> Document:
    return Document(path="x.txt", text=text, title=text.split("\n")[0], lang=lang)


@pytest.mark.parametrize(("note", "lang"), [
    ("Jane Roe is a senior fellow at a defence think tank.", "en"),
    ("The author is a former adviser to the interior ministry.", "en"),
    ("L'autore è un ex consigliere del ministero della Difesa.", "it"),
    ("L'auteur est chercheur associé dans un institut de sécurité.", "fr"),
    ("Der Autor ist ehemaliger Referent im Innenministerium.", "de"),
    ("El autor es profesor de relaciones internacionales.", "es"),
    ("筆者は元外交官。", "ja"),
])
def test_an_author_s_note_on_the_closing_lines_makes_an_opinion_piece(note: str, lang: str):
    body = "Huawei should be barred from the networks\nThe government must act now.\n"
    assert _opinion(_doc(body + note + "\n", lang))


@pytest.mark.parametrize("text", [
    # a reporter's sign-off names no role of an author
    "Regulator orders Huawei out\nThe regulator ordered Huawei out.\nMark Jackson is editor of ISPwatch.\n",
    # "the author is" in the body, far from the end, quotes someone else's author
    "Ministry bars ZTE\nThe author is a former official, the report says.\nThe ministry barred ZTE.\n"
    "Operators have a year to comply.\nZTE did not comment.\nShares fell.\n",
])
def test_a_report_is_not_an_opinion_piece(text: str):
    assert not _opinion(_doc(text, "en"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["The ministry barred ZTE from 5G cores.", "Anatel stopped certifying Dahua cameras.",
                        "Poland bars Hikvision from public tenders."]),
       st.lists(st.sampled_from(["Operators have a year to comply.", "ZTE did not comment.",
                                 "Shares fell two percent.", "The order takes effect in July."]), max_size=4))
def test_reports_without_an_author_s_note_stay_reports(lead: str, tail: list[str]):
    assert not _opinion(_doc("\n".join([lead, *tail]) + "\n", "en"))


# --- an untargeted claim needs an instrument of the vocabulary ---------------------------------------
def test_an_untargeted_sanction_read_as_other_reports_nothing(extractor, tmp_path):
    # no designated firm, a generic object ("products"), an act of none of the vocabulary's
    # instruments: on main this was a Japanese event of measure "other"
    text = ("Japan extends sanctions on Russian metals\n"
            "Japan on Tuesday banned imports of Russian copper and nickel products under its latest "
            "sanctions package.\n")
    assert _claims(extractor, tmp_path, "sanctions_2026-06-10.txt", text) == []


@pytest.mark.parametrize(("name", "text", "code"), [
    ("cams_2026-06-10.txt", "Canada bans Chinese-made surveillance cameras from federal buildings\n"
     "Canada on Tuesday ordered departments to remove surveillance cameras made by Chinese vendors "
     "from federal buildings.\n", "CA"),
    ("core_2026-06-10.txt", "Germany bars high-risk vendors from 5G core networks\n"
     "Germany on Tuesday barred high-risk vendors from its 5G core networks.\n", "DE"),
])
def test_an_untargeted_measure_of_an_instrument_stays(extractor, tmp_path, name, text, code):
    main = [c for c in _claims(extractor, tmp_path, name, text) if c.main]
    assert [c.jurisdiction for c in main] == [code]
    assert main[0].targets == ()
