"""Restrictions told by their consequence, obligation or stopped process (issue 17 item 1,
intel-embed10): "will no longer certify", "must replace", a vetoed stake; and the same stopped
process where a firm, not a government, stops ("stops selling laptops"). Sentences written for these
tests, in wordings (objects, actors, word order) the corpus templates do not contain verbatim.

Mutant caught: the model built without the corpus section "Restrictions told by their consequence"
(templates.tsv; main's model before this branch) scores the first three positives below the cut
(0.48, 0.40, 0.50) and the negative above it (0.73)."""

from __future__ import annotations

import pytest

from supplyscreen.intel import detect

CONSEQUENCES = [
    # An obligation to swap out equipment (removal order), Japanese and Korean.
    "総務省は事業者にZTE製アンテナの入れ替えを義務づけた。",
    # A certification no longer issued (equipment authorisation), French.
    "L'Anfr ne délivrera plus de certificats aux nouveaux terminaux Hytera.",
    "총무성은 통신사들이 ZTE 안테나를 교체하도록 의무화했다.",
    # A licence not renewed, Swedish; an obligation to replace, Portuguese.
    "Regulatorn förnyar inte tillståndet för China Telecom.",
    "O governo obriga as operadoras a substituir as antenas da ZTE.",
]

FIRMS_STOPPING = [
    # A firm stopping a product line: the stopped process without a government.
    # Only in English and German: as a Korean negative (판매를 중단했다) it pulled 중단 and 교체 in Korean
    # restriction headlines below the cut (news-unseen-korean9), in Romance languages "vend-" pulled
    # English "vendors" (benchmarks/README, intel-embed10); still flagged there, a known miss.
    "Huawei stops selling laptops in Kenya",
]


@pytest.mark.parametrize("text", CONSEQUENCES)
def test_a_restriction_told_by_its_consequence_is_detected(text: str) -> None:
    assert detect.restriction(text) >= detect.THRESHOLD


@pytest.mark.parametrize("text", FIRMS_STOPPING)
def test_a_firm_stopping_a_product_line_is_no_restriction(text: str) -> None:
    assert detect.restriction(text) < detect.THRESHOLD
