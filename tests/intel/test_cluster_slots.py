"""Grouping on slots: metamorphic checks (article order, a dropped date, years apart, a long chain)
and a property (the events do not depend on the order of the claims), on claims built here and on
claims read from short reports written for these tests."""

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.intel.test_cluster import partition

from supplyscreen.intel.cluster import MARGIN, UNDATED_JOIN, WINDOW, build_events, similarity
from supplyscreen.intel.model import Claim, Measure, Status, Target

FIRMS = {g: Target(g.title(), g, g) for g in ("huawei", "zte", "hikvision", "dahua", "kaspersky")}
FCC = ("Federal Communications Commission", "regulator")
BIS = ("Bureau of Industry and Security", "agency")


def _claim(path: str, date: dt.date | None, *, measure: Measure = Measure.EQUIPMENT_AUTHORIZATION_BAN,
           firms: tuple[str, ...] = ("huawei", "zte"), authority: tuple[str, str] = FCC,
           status: Status = Status.REPORTED, jurisdiction: str = "US", main: bool = True) -> Claim:
    return Claim(path=path, jurisdiction=jurisdiction, measure=measure, targets=tuple(FIRMS[f] for f in firms),
                 status=status, date=date, main=main, article_date=date, date_stated=date is not None,
                 authority=authority[0], authority_kind=authority[1])


def _undated(c: Claim) -> Claim:
    return dataclasses.replace(c, date=None, article_date=None, date_stated=False)


def test_dropping_a_date_keeps_a_report_in_its_event_when_its_slots_agree():
    proposal = [_claim("en", dt.date(2031, 6, 17)), _claim("ja", dt.date(2031, 6, 18))]
    order = _claim("fr", dt.date(2032, 11, 25), measure=Measure.NETWORK_EXCLUSION)
    assert partition([*proposal, order]) == {frozenset({"en", "ja"}), frozenset({"fr"})}
    # Without its date the Japanese report still joins the proposal: same body, firms and label,
    # where the order a year later was read under another label.
    assert partition([proposal[0], _undated(proposal[1]), order]) == {frozenset({"en", "ja"}), frozenset({"fr"})}


def test_an_undated_report_that_fits_two_events_equally_stays_alone():
    early = _claim("early", dt.date(2030, 4, 9), measure=Measure.LICENSE_CONDITION, firms=("zte",))
    late = _claim("late", dt.date(2031, 10, 26), measure=Measure.LICENSE_CONDITION, firms=("zte",))
    loose = _claim("loose", None, measure=Measure.LICENSE_CONDITION, firms=("zte",))
    assert partition([early, late, loose]) == {frozenset({"early"}), frozenset({"late"}), frozenset({"loose"})}
    # The stage it states decides between a proposal and a decision when both say theirs.
    proposed = dataclasses.replace(early, status=Status.PROPOSED)
    decided = dataclasses.replace(late, status=Status.DECIDED)
    told = dataclasses.replace(loose, status=Status.DECIDED)
    assert partition([proposed, decided, told]) == {frozenset({"early"}), frozenset({"late", "loose"})}


def test_the_same_slots_years_apart_never_merge():
    for years in (1, 2, 5):
        a = _claim("a", dt.date(2030, 3, 10))
        b = _claim("b", dt.date(2030 + years, 3, 10))
        assert partition([a, b]) == {frozenset("a"), frozenset("b")}


def test_a_chain_of_reports_never_spans_more_than_the_window():
    step = WINDOW // 2 + dt.timedelta(days=1)  # each neighbour within the window, the chain beyond it
    claims = [_claim(f"r{i}", dt.date(2031, 1, 1) + i * step) for i in range(5)]
    events, _ = build_events(claims)
    by_path = {c.path: c.date for c in claims if c.date}
    for e in events:
        days = [by_path[s.path] for s in e.sources]
        assert max(days) - min(days) <= WINDOW
    assert len(events) > 1


def test_gates_zero_the_similarity_and_weights_order_it():
    a = _claim("a", dt.date(2031, 3, 1))
    assert similarity(a, dataclasses.replace(a, path="b", jurisdiction="JP")) == 0.0
    assert similarity(a, dataclasses.replace(a, path="b", authority=BIS[0], authority_kind=BIS[1])) == 0.0
    assert similarity(a, _claim("b", None, firms=("kaspersky",))) == 0.0
    full = similarity(a, _claim("b", None))
    partial = similarity(a, _claim("b", None, firms=("huawei",)))
    other_label = similarity(a, _claim("b", None, measure=Measure.OTHER))
    assert full > partial and full - other_label >= MARGIN and other_label >= UNDATED_JOIN


# --- a property: the events do not depend on the order of the claims ---------------------------
_DAYS = [dt.date(2031, 3, 1), dt.date(2031, 3, 4), dt.date(2031, 3, 12), dt.date(2031, 3, 20),
         dt.date(2032, 3, 1), None]

claim_st = st.builds(
    lambda n, day, measure, firms, authority, status, jurisdiction, main: _claim(
        f"p{n}", day, measure=measure, firms=firms, authority=authority, status=status,
        jurisdiction=jurisdiction, main=main),
    st.integers(0, 9), st.sampled_from(_DAYS),
    st.sampled_from([Measure.EQUIPMENT_AUTHORIZATION_BAN, Measure.NETWORK_EXCLUSION, Measure.LICENSE_CONDITION,
                     Measure.ENTITY_LISTING, Measure.OTHER]),
    st.sampled_from([("huawei",), ("huawei", "zte"), ("zte",), ("hikvision", "dahua")]),
    st.sampled_from([FCC, BIS, ("", ""), ("Government of the United States", "government")]),
    st.sampled_from(list(Status)), st.sampled_from(["US", "GB"]), st.booleans())


def _events_by_path(claims: list[Claim]) -> set[tuple[object, ...]]:
    events, of = build_events(claims)
    by_id = {e.id: e for e in events}
    out: set[tuple[object, ...]] = set()
    for eid in set(of.values()):
        e = by_id[eid]
        paths = frozenset((claims[i].path, claims[i].main) for i, x in of.items() if x == eid)
        out.add((paths, e.jurisdiction, e.measure, e.date, e.status, frozenset(t.group for t in e.targets),
                 e.authority))
    return out


@settings(max_examples=150, deadline=None)
@given(st.lists(claim_st, min_size=1, max_size=9, unique_by=lambda c: c.path), st.randoms())
def test_events_do_not_depend_on_claim_order(claims, rnd):
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    assert _events_by_path(claims) == _events_by_path(shuffled)


# --- the same on claims read from reports ------------------------------------------------------
REPORTS = {
    "ledger_2031-06-18.txt": "FCC moves to bar approvals of Huawei and ZTE gear\n"
                             "The Federal Communications Commission on Thursday proposed to stop authorising new "
                             "equipment from Huawei, ZTE, Hytera, Hikvision and Dahua.\n"
                             "If adopted, the rule would keep the firms' new devices off the US market.\n",
    "denpa.txt": "米FCC、ファーウェイなど中国5社の機器認証禁止を提案\n"
                 "米連邦通信委員会（FCC）は、華為技術（ファーウェイ）、中興通訊（ZTE）、海能達（ハイテラ）、"
                 "ハイクビジョン、ダーファの5社の新たな機器の認証を禁止する規則案を承認した。\n",
    "monde_2032-11-26.txt": "Washington interdit la vente des nouveaux équipements de Huawei et ZTE\n"
                            "La Commission fédérale des communications (FCC) a adopté vendredi des règles qui "
                            "interdisent l'autorisation de nouveaux équipements de Huawei, ZTE, Hytera, "
                            "Hikvision et Dahua aux États-Unis.\n",
    "wire_2033-02-09.txt": "Defence to strip Chinese-made cameras from its sites\n"
                           "The Australian Department of Defence will remove surveillance cameras made by "
                           "Hikvision and Dahua from its buildings, the defence minister said on Thursday.\n",
    "shimpo.txt": "豪国防省、中国製監視カメラを撤去へ\n"
                  "オーストラリアの国防相は、国防省の施設に設置された海康威視（ハイクビジョン）と"
                  "大華技術（ダーファ）製の監視カメラを撤去すると明らかにした。\n",
    "corriere.txt": "L'Australia toglie le telecamere cinesi dagli edifici della Difesa\n"
                    "Il governo australiano ha deciso di rimuovere dagli edifici del ministero della Difesa le "
                    "telecamere di sorveglianza prodotte da Hikvision e Dahua.\n",
}


@pytest.fixture(scope="module")
def claims(tmp_path_factory) -> list[Claim]:
    from supplyscreen import library
    from supplyscreen.intel import load
    from supplyscreen.intel.extract import Extractor
    from supplyscreen.intel.link import CompanyLinker, PlaceLinker

    root: Path = tmp_path_factory.mktemp("grouping")
    for name, text in REPORTS.items():
        (root / name).write_text(text, encoding="utf-8")
    reg = library.load_registry()
    extractor = Extractor(reg, CompanyLinker(reg, library.matcher_for(reg)), PlaceLinker())
    return [c for f, skip in load.expand([root]) if not skip for d in load.read(f) for c in extractor.claims(d)]


def _main_groups(claims: list[Claim]) -> set[frozenset[str]]:
    _, of = build_events(claims)
    groups: dict[str, set[str]] = {}
    for i, c in enumerate(claims):
        if c.main:
            groups.setdefault(of[i], set()).add(Path(c.path).name)
    return {frozenset(g) for g in groups.values()}


def test_reports_group_across_languages_and_order(claims):
    expected = {frozenset({"ledger_2031-06-18.txt", "denpa.txt"}), frozenset({"monde_2032-11-26.txt"}),
                frozenset({"wire_2033-02-09.txt", "shimpo.txt", "corriere.txt"})}
    assert _main_groups(claims) == expected
    for seed in range(5):
        shuffled = list(claims)
        random.Random(seed).shuffle(shuffled)
        assert _main_groups(shuffled) == expected


def test_a_shared_deadline_year_tells_two_measures_of_one_government_apart():
    cap = _claim("cap", dt.date(2030, 1, 28), measure=Measure.NETWORK_EXCLUSION, firms=("huawei",),
                 authority=("", ""), jurisdiction="GB")
    ban = dataclasses.replace(cap, path="ban", date=dt.date(2030, 7, 14), article_date=dt.date(2030, 7, 14),
                              deadlines=("by 2037",))
    report = dataclasses.replace(_undated(cap), path="report", deadlines=("entro il 2037",))
    assert partition([cap, ban, report]) == {frozenset({"cap"}), frozenset({"ban", "report"})}
    # Without the deadline the report fits both equally and stays alone.
    plain = dataclasses.replace(report, deadlines=())
    assert partition([cap, ban, plain]) == {frozenset({"cap"}), frozenset({"ban"}), frozenset({"report"})}


@settings(max_examples=200, deadline=None)
@given(claim_st, claim_st)
def test_similarity_is_symmetric_and_gated_pairs_score_nothing(a, b):
    assert similarity(a, b) == similarity(b, a)
    if a.jurisdiction != b.jurisdiction or not {t.group for t in a.targets} & {t.group for t in b.targets}:
        assert similarity(a, b) == 0.0


def test_a_short_report_naming_some_of_the_firms_joins_without_a_named_authority():
    gov = ("Government of Canada", "government")
    ban = _claim("ban", dt.date(2031, 5, 19), measure=Measure.NETWORK_EXCLUSION, firms=("huawei", "zte"),
                 authority=gov, jurisdiction="CA")
    short = _claim("short", None, measure=Measure.NETWORK_EXCLUSION, firms=("huawei",), authority=gov,
                   jurisdiction="CA")
    assert partition([ban, short]) == {frozenset({"ban", "short"})}
    # Under another label, with nothing else agreeing, a part of the firms is not enough.
    vague = dataclasses.replace(short, measure=Measure.ADVISORY)
    assert partition([ban, vague]) == {frozenset({"ban"}), frozenset({"short"})}


def test_a_report_dated_only_by_its_publication_joins_the_event_just_before_it():
    decided = _claim("decided", dt.date(2031, 3, 10), measure=Measure.PROCUREMENT_BAN, authority=BIS)
    later = dataclasses.replace(decided, path="later", measure=Measure.OTHER, date=dt.date(2031, 3, 13),
                                article_date=dt.date(2031, 3, 13), date_stated=False)
    earlier = dataclasses.replace(decided, path="earlier", date=dt.date(2030, 3, 10),
                                  article_date=dt.date(2030, 3, 10))
    assert partition([earlier, decided, later]) == {frozenset({"earlier"}), frozenset({"decided", "later"})}
    # Printed weeks after any event, it names none of them.
    weeks = dataclasses.replace(later, date=dt.date(2031, 4, 13), article_date=dt.date(2031, 4, 13))
    assert partition([earlier, decided, weeks]) == {frozenset({"earlier"}), frozenset({"decided"}),
                                                    frozenset({"later"})}


def test_a_report_that_joins_on_its_slots_still_shows_where_it_disagrees():
    decided = _claim("decided", dt.date(2031, 3, 10), status=Status.DECIDED)
    doubtful = dataclasses.replace(_undated(decided), path="doubtful", status=Status.PROPOSED,
                                   denials=("No decision has been taken, an official said.",))
    [event], _ = build_events([decided, doubtful])
    assert len(event.sources) == 2
    assert any(c.startswith("Sources differ on the status") for c in event.conflicts)
    assert any("No decision has been taken" in c for c in event.conflicts)
