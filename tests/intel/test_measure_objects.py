"""The measure read as the predicate's kind over its object class (``intel/objects.py``, the table of
``measure-objects.yaml``): one test per confusable pair, metamorphic tests (the sentences of a report
reordered, its date moved: the measure stays), negation, and the table held to the vocabulary.

Sentences and articles here are written for these tests (not from the training corpus, the benchmark
batches or any outlet)."""

from __future__ import annotations

from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.intel.builders import ingest_articles

from supplyscreen.datafile import parse_yaml
from supplyscreen.intel import detect, objects
from supplyscreen.intel.model import Measure

# (pair name, [(sentence, measure), ...]): each pair says the same firm and setting with two
# instruments; only the predicate's kind or its object class differs.
PAIRS = [
    ("listing vs procurement", [
        ("The ministry added Dahua to its register of high-risk suppliers on Monday.", Measure.ENTITY_LISTING),
        ("The ministry barred its agencies from buying Dahua cameras on Monday.", Measure.PROCUREMENT_BAN),
        ("Il ministero ha inserito Dahua nell'elenco dei fornitori a rischio.", Measure.ENTITY_LISTING),
        ("Il ministero ha vietato alle agenzie l'acquisto di telecamere Dahua.", Measure.PROCUREMENT_BAN),
    ]),
    ("removal vs exclusion", [
        ("Operators must dismantle the ZTE antennas already installed in their networks by 2030.",
         Measure.REMOVAL_ORDER),
        ("Operators may not use ZTE equipment in the 5G networks they are building.", Measure.NETWORK_EXCLUSION),
        ("Die Betreiber müssen die bereits installierten ZTE-Antennen bis 2030 abbauen.", Measure.REMOVAL_ORDER),
    ]),
    ("licence condition vs equipment authorisation", [
        ("The regulator revoked the operating licence of Hytera's local subsidiary.", Measure.LICENSE_CONDITION),
        ("The regulator will no longer certify new Hytera radio models.", Measure.EQUIPMENT_AUTHORIZATION_BAN),
        ("El regulador revocó la licencia de la filial local de Hytera.", Measure.LICENSE_CONDITION),
        ("El regulador dejará de homologar los nuevos modelos de radio de Hytera.",
         Measure.EQUIPMENT_AUTHORIZATION_BAN),
    ]),
    ("advisory vs ban", [
        ("The cyber agency advised operators not to use Huawei equipment in their network cores.", Measure.ADVISORY),
        ("The government barred operators from using Huawei equipment in their network cores.",
         Measure.NETWORK_EXCLUSION),
        ("L'agence a recommandé aux opérateurs d'éviter Huawei dans leurs cœurs de réseau.", Measure.ADVISORY),
    ]),
    ("investment block vs procurement", [
        ("The government blocked ZTE's takeover of a local antenna maker after an investment review.", Measure.OTHER),
        ("The government barred ministries from buying ZTE antennas.", Measure.PROCUREMENT_BAN),
        ("Die Regierung untersagte die Übernahme eines Antennenherstellers durch ZTE.", Measure.OTHER),
    ]),
]


@pytest.mark.parametrize(("name", "cases"), PAIRS, ids=[p[0] for p in PAIRS])
def test_confusable_pair_reads_the_instrument_over_its_object(name, cases):
    for text, want in cases:
        d = detect.decide_measure([text])
        assert d.label == want.value, (text, d.reason)
        f = objects.frame(detect.predicate(text))
        assert f is not None and f.measure == want.value, text
        assert f.kind_words in d.reason, d.reason  # the reason quotes the instrument's words


def test_without_a_declared_pairing_the_model_alone_decides():
    text = "Hikvision said its quarterly revenue rose 4 percent."
    assert objects.frame(text) is None
    assert detect.measure_probs(text) == detect.model().measure.probs(detect.features(detect.predicate(text)))


@pytest.mark.parametrize("text", [
    "The cameras already installed need not be removed, the ministry said.",
    "As câmaras já instaladas não terão de ser retiradas.",
    "Les caméras déjà installées ne devront pas être retirées.",
])
def test_a_negated_removal_is_no_removal(text):
    f = objects.frame(text)
    assert f is None or f.measure != Measure.REMOVAL_ORDER.value


@settings(max_examples=40, deadline=None)
@given(day=st.integers(1, 28), month=st.sampled_from(["January", "March", "July", "November"]),
       year=st.integers(2020, 2035), case=st.sampled_from([0, 1]))
def test_a_date_in_the_clause_does_not_move_the_frame(day, month, year, case):
    for base, _ in (c for _, cases in PAIRS for c in cases if c[0].isascii()):
        stem = base.rstrip(".")
        dated = f"On {day} {month} {year}, {stem[0].lower()}{stem[1:]}." if case else f"{stem} on {day} {month} {year}."
        a, b = objects.frame(base), objects.frame(dated)
        assert (a and a.measure) == (b and b.measure), dated


LEAD = "The {y} government on Tuesday blocked ZTE's planned takeover of Nordmast Antennas after a foreign investment review."
MORE = "The deal may not be completed, the economy ministry said."
BACK = "Nordmast makes antennas for emergency radio networks and employs 300 people."


@pytest.fixture(scope="module")
def reordered(tmp_path_factory):
    arts = {
        "a/inv_2029-03-06.txt": "\n".join(["Government blocks ZTE takeover of antenna maker", LEAD.format(y="Dutch"),
                                           MORE, BACK]),
        "b/inv_2029-03-06.txt": "\n".join(["Government blocks ZTE takeover of antenna maker", BACK,
                                           MORE, LEAD.format(y="Dutch")]),
        "c/inv_2031-11-18.txt": "\n".join(["Government blocks ZTE takeover of antenna maker", LEAD.format(y="Dutch"),
                                           MORE, BACK]),
    }
    return {k: ingest_articles(tmp_path_factory.mktemp(k.split("/")[0]), {k.split("/")[1]: v})
            for k, v in arts.items()}


def test_reordering_sentences_or_moving_the_date_keeps_the_measure(reordered):
    labels = {k: {e.measure for e in r.events} for k, r in reordered.items()}
    assert labels["a/inv_2029-03-06.txt"] == {Measure.OTHER}, labels
    assert labels["b/inv_2029-03-06.txt"] == labels["a/inv_2029-03-06.txt"], labels
    assert labels["c/inv_2031-11-18.txt"] == labels["a/inv_2029-03-06.txt"], labels


def test_the_table_names_declared_kinds_objects_and_measures():
    raw = parse_yaml(resources.files("supplyscreen.intel").joinpath(objects.DATA_FILE).read_text(encoding="utf-8"))
    vocab = parse_yaml(resources.files("supplyscreen.intel").joinpath("measures.yaml").read_text(encoding="utf-8"))
    measures = set(vocab["measures"]) - {"unknown"}
    for row in objects.table().rows:
        assert set(row.kinds) <= set(raw["kinds"]), row
        assert row.obj == objects.ANY or row.obj in raw["objects"], row
        assert row.measure in measures, row
        assert row.why.strip(), row
    # every measure but none is reachable from the table (each has an instrument over an object)
    assert {r.measure for r in objects.table().rows} == measures


def test_every_kind_and_object_class_has_words_in_spaced_and_cjk_scripts():
    raw = parse_yaml(resources.files("supplyscreen.intel").joinpath(objects.DATA_FILE).read_text(encoding="utf-8"))
    for group in ("kinds", "objects"):
        for name, spec in raw[group].items():
            words = spec["words"]
            assert any(objects._cjk(w) for w in words), (group, name)
            assert sum(not objects._cjk(w) for w in words) >= 6, (group, name)
