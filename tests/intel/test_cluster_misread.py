"""Grouping across a jurisdiction read as the targets' home country (issue 17, items 3 and 5): a
claim carries its targets' home countries, and one placed in them by no authority of its own joins
the other government's event its slots agree with; a report that names no government but the
firms' own is kept only where it is so placed. Also: two undated reports join only on the same
firms, and an authority name several countries' bodies bear is the body of the country named."""

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen.intel.cluster import WINDOW, build_events, unsure
from supplyscreen.intel.model import Claim, Measure, Status, Target

FIRMS = {g: Target(g.title(), g, g) for g in ("hikvision", "dahua", "huawei", "kaspersky", "china-telecom",
                                              "china-mobile", "zte")}
CN = frozenset({"CN"})


def _claim(path: str, date: dt.date | None, jurisdiction: str, firms: tuple[str, ...] = ("hikvision", "dahua"),
           *, measure: Measure = Measure.REMOVAL_ORDER, authority: tuple[str, str] = ("", ""),
           origins: frozenset[str] = CN, provisional: bool = False) -> Claim:
    return Claim(path=path, jurisdiction=jurisdiction, measure=measure, targets=tuple(FIRMS[f] for f in firms),
                 status=Status.DECIDED, date=date, article_date=date, date_stated=date is not None,
                 authority=authority[0], authority_kind=authority[1], origins=origins, provisional=provisional)


def _placed(claims: list[Claim]) -> dict[str, tuple[str, str]]:
    """Report path -> (event id, event jurisdiction); a report in no event is absent."""
    events, of = build_events(claims)
    juris = {e.id: e.jurisdiction for e in events}
    return {claims[i].path: (eid, juris[eid]) for i, eid in of.items()}


DAY = dt.date(2031, 2, 16)
DEFENCE = ("Department of Defence", "ministry")


def test_a_report_read_in_the_targets_home_joins_the_event_its_slots_agree_with():
    au = _claim("au", DAY, "AU", authority=DEFENCE)
    ko = _claim("ko", None, "AU", authority=DEFENCE)
    misread = _claim("misread", DAY + dt.timedelta(days=1), "CN")
    placed = _placed([au, ko, misread])
    assert placed["misread"] == placed["au"] and placed["au"][1] == "AU"
    # The same report read as China's measure through a Chinese ministry is China acting: it stays.
    acting = dataclasses.replace(misread, authority="Ministry of Commerce", authority_kind="ministry")
    placed = _placed([au, ko, acting])
    assert placed["misread"] != placed["au"] and placed["misread"][1] == "CN"


def test_a_misread_report_outside_the_window_or_on_other_firms_stays_as_read():
    au = _claim("au", DAY, "AU", authority=DEFENCE)
    late = _claim("late", DAY + WINDOW + dt.timedelta(days=2), "CN")
    other = _claim("other", DAY, "CN", firms=("huawei",))
    placed = _placed([au, late, other])
    assert len({placed["au"][0], placed["late"][0], placed["other"][0]}) == 3
    assert placed["late"][1] == placed["other"][1] == "CN"


def test_a_misread_report_that_fits_two_governments_equally_stays_alone():
    au = _claim("au", DAY, "AU", authority=DEFENCE)
    gb = _claim("gb", DAY + dt.timedelta(days=2), "GB", authority=("Cabinet Office", "ministry"))
    misread = _claim("misread", DAY + dt.timedelta(days=1), "CN")
    placed = _placed([au, gb, misread])
    assert placed["misread"] not in (placed["au"], placed["gb"])


def test_a_provisional_report_stands_only_where_another_government_places_it():
    au = _claim("au", DAY, "AU", authority=DEFENCE)
    domestic = _claim("domestic", DAY, "CN", provisional=True)
    assert _placed([au, domestic])["domestic"] == _placed([au, domestic])["au"]
    # Alone, or with no date at all, it reports nothing: no government acts in it.
    assert "domestic" not in _placed([domestic])
    assert "domestic" not in _placed([au, dataclasses.replace(domestic, date=None, article_date=None,
                                                              date_stated=False)])


def test_unsure_is_the_home_country_without_an_acting_authority():
    assert unsure(_claim("a", DAY, "CN"))
    assert unsure(_claim("a", DAY, "CN", authority=("Government of China", "government")))
    assert not unsure(_claim("a", DAY, "CN", authority=("Ministry of Commerce", "ministry")))
    assert not unsure(_claim("a", DAY, "AU"))
    assert not unsure(_claim("a", DAY, "CN", origins=frozenset()))


def test_two_undated_reports_of_overlapping_firms_do_not_join_each_other():
    fcc = ("Federal Communications Commission", "regulator")
    revoked = _claim("revoked", dt.date(2031, 10, 26), "US", ("china-telecom",), measure=Measure.LICENSE_CONDITION,
                     authority=fcc)
    listed = _claim("listed", dt.date(2032, 3, 25), "US", ("kaspersky", "china-telecom", "china-mobile"),
                    measure=Measure.ENTITY_LISTING, authority=fcc)
    ja = dataclasses.replace(revoked, path="ja", date=None, article_date=None, date_stated=False)
    de = dataclasses.replace(listed, path="de", date=None, article_date=None, date_stated=False)
    placed = _placed([revoked, listed, ja, de])
    assert placed["ja"] == placed["revoked"] and placed["de"] == placed["listed"]


def test_a_report_is_placed_by_the_share_of_its_own_firms_the_event_names():
    four = ("huawei", "zte", "hikvision", "dahua")
    listing = _claim("listing", dt.date(2031, 6, 24), "US", four, measure=Measure.OTHER, origins=frozenset())
    denial = _claim("denial", dt.date(2030, 5, 9), "US", ("huawei",), measure=Measure.ENTITY_LISTING,
                    origins=frozenset())
    report = dataclasses.replace(listing, path="report", date=None, article_date=None, date_stated=False,
                                 measure=Measure.ENTITY_LISTING)
    placed = _placed([listing, denial, report])
    # The one-firm event shares the report's label but explains one of its four firms.
    assert placed["report"] == placed["listing"] != placed["denial"]
    # A short report naming one of the listing's firms and its regulator is still placed there.
    fcc = {"authority": "Federal Communications Commission", "authority_kind": "regulator"}
    by_fcc = dataclasses.replace(listing, **fcc)
    short = dataclasses.replace(report, targets=(FIRMS["zte"],), **fcc)
    placed = _placed([by_fcc, denial, short])
    assert placed["report"] == placed["listing"]


# --- a property: placing misread reports does not depend on the order of the claims -----------
claim_st = st.builds(
    lambda n, day, jurisdiction, firms, authority, provisional: _claim(
        f"p{n}", day, jurisdiction, firms, authority=authority, provisional=provisional and jurisdiction == "CN"),
    st.integers(0, 9), st.sampled_from([DAY, DAY + dt.timedelta(days=3), DAY + dt.timedelta(days=40), None]),
    st.sampled_from(["AU", "GB", "CN"]), st.sampled_from([("hikvision", "dahua"), ("hikvision",), ("huawei",)]),
    st.sampled_from([("", ""), DEFENCE, ("Government of China", "government")]), st.booleans())


@settings(max_examples=150, deadline=None)
@given(st.lists(claim_st, min_size=1, max_size=8, unique_by=lambda c: c.path), st.randoms())
def test_placing_does_not_depend_on_claim_order(claims, rnd):
    shuffled = list(claims)
    rnd.shuffle(shuffled)

    def groups(cs: list[Claim]) -> set[tuple[frozenset[str], str]]:
        placed = _placed(cs)
        by: dict[str, set[str]] = {}
        for path, (eid, _) in placed.items():
            by.setdefault(eid, set()).add(path)
        return {(frozenset(ps), placed[next(iter(ps))][1]) for ps in by.values()}

    assert groups(claims) == groups(shuffled)
    # Every report is in an event, except provisional ones nobody placed.
    assert {c.path for c in claims if not c.provisional} <= set(_placed(claims))


# --- the same from reports written for this test ----------------------------------------------
REPORTS = {
    "capital_2031-02-16.txt": "Australia to pull Chinese cameras from defence buildings\n"
                              "The Australian Department of Defence will take out surveillance cameras made by "
                              "Hikvision and Dahua from its offices, the government said on Sunday.\n",
    "domestic_2031-02-16.txt": "Minister orders audit of surveillance gear\n"
                               "The defence minister said on Sunday the department would strip out cameras "
                               "supplied by Chinese companies from all of its offices.\n"
                               "The devices were made by Hikvision and Dahua.\n",
}


@pytest.fixture(scope="module")
def ingest(tmp_path_factory):
    from supplyscreen.intel import pipeline

    def run(names: list[str]):
        root: Path = tmp_path_factory.mktemp("misread")
        for name in names:
            (root / name).write_text(REPORTS[name], encoding="utf-8")
        return pipeline.ingest([root])
    return run


def test_a_report_naming_no_government_joins_the_event_it_reports(ingest):
    both = ingest(list(REPORTS))
    by_name = {Path(p).name: ev for p, ev in both.article_events.items()}
    assert by_name["domestic_2031-02-16.txt"] == by_name["capital_2031-02-16.txt"] != ()
    [event] = [e for e in both.events if e.id == by_name["capital_2031-02-16.txt"][0]]
    assert event.jurisdiction == "AU" and {t.group for t in event.targets} == {"hikvision", "dahua"}
    assert any("names no government acting but the firms' own (CN)" in c for c in event.conflicts)
    alone = ingest(["domestic_2031-02-16.txt"])
    assert not alone.events and all(ev == () for ev in alone.article_events.values())


@pytest.mark.parametrize(("sentence", "code"), [
    ("Lithuania's Defence Ministry said its National Cyber Security Centre found flaws in the phones.", "LT"),
    ("The National Cyber Security Centre of New Zealand, NZ's agency, advised against the routers.", "NZ"),
    ("Ireland's National Cyber Security Centre warned operators.", "IE"),
    ("The National Cyber Security Centre warned operators.", "GB"),
    ("The National Cyber Security Centre said France had not been consulted.", "GB"),
    ("The Cabinet Office said Japan had not been consulted.", "GB"),  # a country it speaks of
    ("Japan's Cabinet Office will review the procurement rules.", "JP"),
    ("The Department of Defence of Ireland removed the cameras.", "IE"),
])
def test_an_authority_name_several_countries_bear_is_the_named_country_s(sentence, code):
    from supplyscreen.intel.link import PlaceLinker

    [body] = [p for p in PlaceLinker().find(sentence) if p.authority is not None]
    assert body.jurisdiction == code and body.authority is not None and body.authority.jurisdiction == code


# --- targets in other scripts: kana with a middle dot, a weak Han name with its neighbours ------
@pytest.fixture(scope="module")
def companies():
    from supplyscreen import library
    from supplyscreen.intel.link import CompanyLinker

    reg = library.load_registry()
    return CompanyLinker(reg, library.matcher_for(reg))


@pytest.mark.parametrize(("sentence", "group"), [
    ("米FCCはチャイナ・テレコムの免許を取り消した。", "china-telecom"),
    ("チャイナ・モバイルの申請は却下された。", "china-mobile"),
    ("政府は浙江大華の製品の調達を禁じた。", "dahua"),
    ("當局禁止採購大華技術的監控設備。", "dahua"),
    ("対象は華為技術とＺＴＥの製品とみられる。", "zte"),  # full-width Latin letters
    ("Die Regierung verbietet ZTE-Bauteile im Kernnetz.", "zte"),  # a German compound
    ("Das Ministerium lässt Hikvision-Kameras entfernen.", "hikvision"),
    ("Regeringen förbjuder Huawei-utrustning.", "huawei"),
    ("Il governo vieta gli apparati Huawei-ZTE.", "zte"),
])
def test_other_scripts_name_the_group(companies, sentence, group):
    assert group in {m.target.group for m in companies.find(sentence)}


@pytest.mark.parametrize("sentence", [
    "上海大华衡器的电子秤销量增长。",  # another firm whose name holds the weak short name
    "チャイナ・タウンの店が開店した。",  # a middle dot between other katakana words
    "大華の製品",  # the weak short name alone
    "Sino-American talks and Franco-German plans resumed.",  # compounds of no firm
    "Die Anglo-Amerikanische Handelskammer tagte in Wi-Fi-Räumen.",
])
def test_weak_names_and_dotted_kana_invent_no_target(companies, sentence):
    assert not {m.target.group for m in companies.find(sentence)}


def test_firms_named_only_beside_another_country_are_a_generic_measure_s_targets(tmp_path):
    from supplyscreen.intel import pipeline

    (tmp_path / "ee_2031-03-02.txt").write_text(
        "Estonia bars Chinese kit from its 5G rollout\n"
        "Estonia's parliament on Tuesday passed a law that keeps suppliers deemed high-risk out of its 5G networks.\n"
        "Operators currently use equipment from Huawei in parts of their radio networks, as do carriers in "
        "Germany and Italy.\n", encoding="utf-8")
    (tmp_path / "named_2031-03-02.txt").write_text(
        "Latvia keeps Chinese suppliers out of state networks\n"
        "Latvia's government on Tuesday barred ZTE equipment from state networks.\n"
        "Operators in Germany and Italy still use equipment from Huawei.\n", encoding="utf-8")
    got = pipeline.ingest([tmp_path])
    by_id = {e.id: e for e in got.events}
    targets = {Path(p).name: {t.group for eid in ev for t in by_id[eid].targets if by_id[eid].jurisdiction in ("EE", "LV")}
               for p, ev in got.article_events.items()}
    assert targets["ee_2031-03-02.txt"] == {"huawei"}
    # A measure that names its own targets does not take firms named beside another country.
    assert targets["named_2031-03-02.txt"] == {"zte"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcXYZé.", min_size=1, max_size=6), min_size=1, max_size=4), st.integers(0, 50))
def test_compound_parts_keep_their_place_in_the_text(parts, start):
    from supplyscreen.intel.link import HALF_WIDTH, _compound_parts

    word = "-".join(parts)
    text = " " * start + word
    for part, a, b in _compound_parts(word, start, start + len(word)):
        assert text[a:b] == part and part[:1].isupper() and not part.endswith(".")
    # Full-width forms fold one character for one.
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in word)
    assert len(wide.translate(HALF_WIDTH)) == len(wide) and wide.translate(HALF_WIDTH) == word
