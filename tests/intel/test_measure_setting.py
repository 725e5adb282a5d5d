"""The measure is read from the instrument (remove, veto, list, certify, warn, buy), not from the
setting (networks, 5G, cameras, contracts): ``detect.mask_setting`` and ``corpus/settings.yaml``.

Sentences here are written for these tests (not from the training corpus, the benchmark batches or
any outlet)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen.intel import detect, train
from supplyscreen.intel.model import Measure

# One instrument, written once, with "{}" where the setting goes.
FRAMES = [
    (Measure.REMOVAL_ORDER, "The regulator ordered operators to take Huawei {} out of service and replace it by 2030."),
    pytest.param(Measure.REMOVAL_ORDER, "The regulator ordered operators to tear out Huawei {} that is already installed.",
                 marks=pytest.mark.xfail(strict=True, reason="'tear out' is no removal wording the corpus has; "
                                                             "'out' speaks for network exclusion ('kept out')")),
    (Measure.ENTITY_LISTING, "The Commerce Department added a ZTE unit that makes {} to the Entity List."),
    (Measure.PROCUREMENT_BAN, "The government barred its ministries from buying Dahua {}."),
    (Measure.ADVISORY, "The cyber agency advised councils against Hikvision {}, saying the guidance is not binding."),
]
# Settings of other measures: a network (network exclusion's), cameras (procurement's), contracts.
SETTINGS = ["5G radio equipment", "core network gear", "surveillance cameras", "routers and network switches"]


@pytest.mark.parametrize(("measure", "frame"), FRAMES)
def test_the_setting_never_decides_the_measure(measure, frame):
    """Metamorphic: the same instrument over the settings of other measures keeps its measure."""
    for setting in SETTINGS:
        d = detect.decide_measure([frame.format(setting)])
        assert d.label == measure.value, f"{setting}: {d.reason}"


def test_the_mask_hides_the_setting_from_the_measure_model():
    """Two sentences that differ only in their setting give the measure model the same features."""
    rx = detect.model().setting
    assert rx is not None
    a, b = (detect.measure_features(f"Ministers ordered the removal of ZTE {s}.", rx)
            for s in ("5G base stations", "surveillance cameras"))
    assert a == b


def test_no_measure_weight_is_for_the_setting_mark():
    """The mark is not a feature: how many setting words a sentence has says nothing of its measure."""
    m = detect.model()
    assert m.setting is not None
    assert not [f for f in m.measure.weights if detect.SETTING_MARK in f]
    assert not [f for f in detect.features(f"a {detect.SETTING_MARK} b") if detect.SETTING_MARK in f]


@pytest.mark.parametrize(("text", "kept"), [
    ("Sweden said it would act already", "already"),             # Spanish "red" does not take "redan" (sv)
    ("The cabinet met on the internet", "internet"),             # "net" is no setting word
    ("Die Regierung untersagte den Kauf", "untersagte"),
])
def test_the_mask_leaves_other_words_alone(text, kept):
    rx = detect.setting_pattern(train.setting_words())
    assert kept in detect.mask_setting(text, rx)


@pytest.mark.parametrize(("text", "gone"), [
    ("in ihren 5G-Kernnetzen", "Kernnetz"),   # a compound (~netz)
    ("两家5G子公司", "5G"),                    # a Latin word between CJK characters
    ("monitoring cameras on networks", "cameras"),
])
def test_the_mask_takes_setting_words_in_any_script(text, gone):
    rx = detect.setting_pattern(train.setting_words())
    assert gone not in detect.mask_setting(text, rx)


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200))
def test_masking_is_idempotent_and_leaves_no_setting_word(text):
    """Property: masking twice is masking once, and runs of setting words are one mark."""
    rx = detect.setting_pattern(train.setting_words())
    once = detect.mask_setting(text, rx)
    assert detect.mask_setting(once, rx) == once
    assert not re.search(f"{detect.SETTING_MARK}[\\s\\-/]*{detect.SETTING_MARK}", once) or detect.SETTING_MARK in text


@pytest.mark.parametrize("body", ["setting:\n  en: network\n", "setting:\n  en: [network, 3]\n",
                                  "setting:\n  en: [network, '~']\n"])
def test_a_bad_settings_file_names_the_file_and_language(tmp_path: Path, body: str):
    (tmp_path / "settings.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=r"settings\.yaml: setting\.en"):
        train.setting_words(tmp_path)


def test_an_empty_word_list_masks_nothing():
    assert detect.setting_pattern([]) is None
    assert detect.mask_setting("5G networks", None) == "5G networks"
