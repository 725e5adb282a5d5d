"""Every label, question, category and risk factor reads in English and Japanese."""

from __future__ import annotations

import pytest

from supplyscreen.case import classify
from supplyscreen.case.labels import Labels, all_labels, data
from supplyscreen.case.model import LEVELS, OUTCOMES, REPLY_OUTCOMES


def test_every_label_has_both_languages() -> None:
    for key, t in all_labels().items():
        assert t.en.strip() and t.ja.strip(), key


def test_coded_values_have_labels() -> None:
    L = Labels("ja")
    for d in ("exclude", "review", "unknown", "allow"):
        assert L.decision(d) != d
    for lv in LEVELS:
        assert L.level(lv) != lv
    for o in OUTCOMES:
        assert L.of("outcome", o) != o
    for o in REPLY_OUTCOMES:
        assert L.of("reply", o) != o


def test_questionnaire_and_factors_are_bilingual() -> None:
    for q in classify.questions():
        assert q.text.en and q.text.ja, q.id
        for c in q.choices:
            assert c.label.en and c.label.ja, c.id
    for c in classify.categories().values():
        assert c.en and c.ja
    for f in data("factors.yaml")["factors"]:
        assert f["level"] in LEVELS
        for part in ("title", "explain", "why"):
            assert f[part]["en"] and f[part]["ja"], (f["id"], part)


def test_a_missing_label_or_language_is_an_error() -> None:
    with pytest.raises(KeyError):
        Labels()("no-such-label")
    with pytest.raises(ValueError, match="en, ja"):
        Labels("fr")
