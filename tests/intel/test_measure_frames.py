"""The measure from what the predicate acts on (corpus/measure-frames.yaml): installed software or
devices taken out (removal order), a firm's licence refused or revoked (licence action), new
equipment no longer certified (equipment authorisation), the same objects no longer bought
(procurement ban), in every language, and the loader that turns the frame file into training
sentences.

Sentences here are written for these tests (not from the corpus, the benchmark batches or any outlet)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen.intel import detect, train
from supplyscreen.intel.model import Measure

# One object under two instruments: what is done to it decides the measure, not the object or sector.
SAME_OBJECT = [
    ("The interior ministry ordered state agencies to uninstall Kaspersky antivirus from their laptops.",
     "The interior ministry barred state agencies from buying Kaspersky antivirus."),
    ("The justice ministry ordered Hikvision cameras in prisons to be taken down.",
     "The justice ministry barred prisons from buying Hikvision cameras."),
    ("Il ministero della Giustizia ha ordinato di rimuovere le telecamere Hikvision installate nelle carceri.",
     "Il ministero della Giustizia ha vietato alle carceri di acquistare telecamere Hikvision."),
    ("La Secretaría de Seguridad ordenó desinstalar las cámaras Dahua de las estaciones de policía.",
     "La Secretaría de Seguridad prohibió a las comisarías comprar cámaras Dahua."),
]


@pytest.mark.parametrize(("removal", "purchase"), SAME_OBJECT)
def test_the_instrument_on_one_object_decides_removal_or_procurement(removal, purchase):
    """Metamorphic: the same installed object removed is a removal order, no longer bought a
    procurement ban; both are restrictions."""
    for text, want in ((removal, Measure.REMOVAL_ORDER), (purchase, Measure.PROCUREMENT_BAN)):
        assert detect.restriction(text) >= detect.THRESHOLD, text
        d = detect.decide_measure([text])
        assert d.label == want.value, d.reason


# A firm's own licence, registration or application refused or revoked, in five languages.
LICENCE_ACTIONS = [
    "El regulador rechazó la solicitud de licencia de la filial de China Unicom.",
    "监管机构驳回了中国联通子公司的经营许可申请。",
    "O regulador revogou a licença da subsidiária da China Unicom.",
    "규제 당국은 차이나유니콤 자회사의 사업 허가 신청을 반려했다.",
    "Die Behörde verweigerte der Tochter von China Unicom die Registrierung als Netzbetreiber.",
]


@pytest.mark.parametrize("text", LICENCE_ACTIONS)
def test_a_refused_or_revoked_licence_is_a_licence_action(text):
    d = detect.decide_measure([text])
    assert d.label == Measure.LICENSE_CONDITION.value, d.reason


def test_a_revoked_licence_stays_decided_where_a_revoked_ban_is_reversed():
    """Revoke is a licence action over a licence and a reversal over a ban: the licence frames are
    written `decided` for the status model, so the object tells the two apart."""
    assert detect.decide_status(["The regulator revoked China Unicom's licence to operate."]).label == "decided"
    assert detect.decide_status(["The regulator revoked its ban on Dahua cameras."]).label == "reversed"


@pytest.mark.parametrize("text", [
    "Le régulateur a cessé de délivrer des certificats de conformité aux terminaux Hytera.",
    "The regulator will stop certifying new Hytera handsets.",
])
def test_no_more_certification_is_an_equipment_authorisation_ban(text):
    d = detect.decide_measure([text])
    assert d.label == Measure.EQUIPMENT_AUTHORIZATION_BAN.value, d.reason


@pytest.mark.xfail(strict=True, reason=(
    "the detector reads 'stop certifying new handsets' at 0.32: the certification frames are two per "
    "language, and the measure is right only once a sentence is a restriction (issue 17, open)"))
def test_no_more_certification_is_detected():
    assert detect.restriction("The regulator will stop certifying new Hytera handsets.") >= detect.THRESHOLD


@pytest.mark.xfail(strict=True, reason=(
    "a licence granted is still flagged (0.6-0.7): the licence object's n-grams outweigh the grant "
    "verb; the grant frames are one or two per language against every licence template (issue 17, open)"))
@pytest.mark.parametrize("text", [
    "The regulator granted China Unicom's subsidiary a licence to provide telecom services.",
    "A Anatel concedeu a licença de operadora à subsidiária da China Unicom.",
])
def test_a_licence_granted_is_no_restriction(text):
    assert detect.restriction(text) < detect.THRESHOLD


# --- the shipped frame file and its loader ---------------------------------------------------------

def _doc() -> dict:
    return yaml.safe_load((train.CORPUS / train.MEASURE_FRAMES).read_text(encoding="utf-8"))


def test_every_language_has_every_object_class_and_the_measures_that_act_on_them():
    """Each language of fillers.yaml states the four object classes, a removal, licence,
    certification, procurement and advisory frame, and grants as negatives: a language without them
    falls back on the English wording's n-grams (the misses this file was written for)."""
    doc = _doc()
    fillers = yaml.safe_load((train.CORPUS / "fillers.yaml").read_text(encoding="utf-8"))
    assert set(doc) - {"source"} == set(fillers)
    for lang in fillers:
        spec = doc[lang]
        assert set(spec["objects"]) == set(train.OBJECT_CLASSES), lang
        assert {"removal_order", "license_condition", "equipment_authorization_ban", "procurement_ban",
                "advisory"} <= set(spec["measures"]), lang
        assert spec["grants"], lang


def test_the_shipped_frames_expand_to_labelled_sentences_without_slots():
    exs = train.measure_frame_examples()
    assert exs and all("{" not in e.text for e in exs)
    assert {e.measure for e in exs if e.restriction} <= train.MEASURES
    assert all(not e.measure and not e.status for e in exs if not e.restriction)
    # Licence frames are written `decided` (see the status test above); the rest assume it.
    assert all(e.explicit == (e.measure == "license_condition") for e in exs if e.restriction)
    assert train.measure_frame_examples() == exs  # deterministic


def _corpus(tmp_path: Path, frames: dict) -> Path:
    (tmp_path / "fillers.yaml").write_text(yaml.safe_dump(
        {"en": {"A": ["The agency"], "T": ["Acme"]}}), encoding="utf-8")
    (tmp_path / train.MEASURE_FRAMES).write_text(yaml.safe_dump(frames, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_a_frame_takes_every_object_of_its_class_and_attributions_in_turn(tmp_path):
    corpus = _corpus(tmp_path, {"en": {
        "attributions": [[".", ", officials said."]],
        "objects": {"SW": ["{T} antivirus", "{T} firewall"]},
        "measures": {"removal_order": ["{A} ordered agencies to uninstall {SW}."]},
        "grants": ["{A} bought {SW}."]}})
    exs = train.measure_frame_examples(corpus)
    texts = sorted(e.text for e in exs)
    # The first object of the first frame of a block is said on record, the next one bare, in turn.
    assert texts == ["The agency bought Acme antivirus, officials said.", "The agency bought Acme firewall.",
                     "The agency ordered agencies to uninstall Acme antivirus, officials said.",
                     "The agency ordered agencies to uninstall Acme firewall."]
    assert {(e.restriction, e.measure) for e in exs} == {(True, "removal_order"), (False, "")}


@pytest.mark.parametrize(("spec", "message"), [
    ({"objects": {"SW": ["x"]}, "measures": {"rip_out": ["{A} removed {SW}."]}}, "not a measure"),
    ({"objects": {"GADGET": ["x"]}, "measures": {}}, "object classes"),
    ({"objects": {"SW": ["x"]}, "measures": {"removal_order": ["{A} removed {SW} and {DEV}."]}}, "one object class"),
    ({"objects": {"SW": ["x"]}, "measures": {"removal_order": ["{A} removed {LIC}."]}}, "one object class"),
    ({"attributions": [["."]], "objects": {}, "measures": {}}, "pairs"),
], ids=["unknown measure", "unknown class", "two slots", "class not given", "bad attribution"])
def test_a_bad_frame_file_says_what_is_wrong(tmp_path, spec, message):
    with pytest.raises(ValueError, match=message):
        train.measure_frame_examples(_corpus(tmp_path, {"en": spec}))


def test_no_frame_file_gives_no_sentences(tmp_path):
    (tmp_path / "fillers.yaml").write_text("en: {A: [x], T: [y]}\n", encoding="utf-8")
    assert train.measure_frame_examples(tmp_path) == []


_WORD = st.text(st.characters(categories=("L", "N"), max_codepoint=0x2FFF), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=6, unique=True), _WORD, st.sampled_from(train.OBJECT_CLASSES))
def test_an_object_slot_is_filled_once_with_each_object(objects, verb, cls):
    """Property: a frame with one object slot gives one sentence per object, each the frame with
    that object in the slot ({A} and {T} left for the fillers)."""
    frame = "{A} " + verb + " {" + cls + "}."
    got = train._objects_in(frame, {cls: objects}, "en")
    assert got == ["{A} " + verb + " " + o + "." for o in objects]
    assert train._objects_in("{A} " + verb + " {T}.", {cls: objects}, "en") == ["{A} " + verb + " {T}."]
