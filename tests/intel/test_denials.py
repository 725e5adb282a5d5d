"""Denial wording read from the status frames' `denial` block (issue #17)."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.intel import denials


def _frames() -> dict:
    return yaml.safe_load(denials.FRAMES.read_text(encoding="utf-8"))


def test_every_handled_language_has_denial_words() -> None:
    for lang in _frames():
        if lang != "source" and lang not in denials.HANDLED:
            assert denials._words()[lang], lang


def test_denial_frames_filled_are_found_and_decided_frames_are_not() -> None:
    doc = _frames()
    for lang, spec in doc.items():
        if lang == "source" or lang in denials.HANDLED:
            continue
        pred = spec["predicates"][0]
        fill = {"{A}": "X", "{VP}": pred.get("VP", ""), "{VPZ}": pred.get("VPZ", ""), "{NP}": pred.get("NP", "")}

        def filled(frame: str, fill: dict[str, str] = fill) -> str:
            for k, v in fill.items():
                frame = frame.replace(k, v)
            return frame.replace("{T}", "Huawei")

        # A frame whose words all state restrictions elsewhere too ("no tiene previsto": "no" and
        # "previsto" are in the Spanish restriction templates) is not read: at least one per language is.
        assert any(denials.wording(filled(f), lang) for f in spec["denial"]["frames"]), lang
        for frame in spec["decided"]["frames"]:
            assert denials.wording(filled(frame), lang) is None, (lang, frame)


def test_unseen_wordings_per_language() -> None:
    assert denials.wording("Il ministero ha smentito le indiscrezioni su un divieto.", "it")
    assert denials.wording("O ministério descartou a proibição de câmeras.", "pt")
    assert denials.wording("Regeringen har beslutat att förbjuda kameror från Hikvision.", "sv") is None
    assert denials.wording("Die Regierung hat beschlossen, Huawei auszuschließen.", "de") is None


def test_english_japanese_korean_are_left_to_their_own_readers() -> None:
    assert denials.wording("The ministry has no plans to ban Huawei, it said.", "en") is None


@given(st.text(max_size=80), st.sampled_from(["it", "de", "fr", "es", "pt", "sv", "zh", "zh-Hant", "xx"]))
def test_wording_is_a_word_of_the_text_or_none(text: str, lang: str) -> None:
    w = denials.wording(text, lang)
    assert w is None or w in denials._tokens(text, denials._base(lang))
