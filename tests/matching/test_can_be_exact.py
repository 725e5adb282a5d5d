"""A registrant's name is matched only when some reading of it is an indexed name's key
(Matcher.can_be_exact): where it is not, no match of it, designated or not, is of band EXACT, so
skipping the search changes no evidence. Checked on the shipped registry against the IEEE and IANA
registrants' names and respellings of registry names (case, punctuation, brackets, legal forms,
words run together or split)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen import library
from supplyscreen.identifiers import default_oui_table
from supplyscreen.matching.matcher import Matcher
from supplyscreen.model import Band

_MATCHER: list[Matcher] = []


def _matcher() -> Matcher:
    if not _MATCHER:
        _MATCHER.append(library.make_screener(library.load_registry()).finder.matcher)
    return _MATCHER[0]


def _texts() -> tuple[list[str], list[str]]:
    m = _matcher()
    registrants = sorted(default_oui_table().organizations())[::13]
    names = sorted({text for _, text, _ in m.index.meta})[::7]
    return registrants, names


REGISTRANTS, NAMES = _texts()


@st.composite
def respelt(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(NAMES + REGISTRANTS))
    edit = draw(st.sampled_from(["none", "upper", "lower", "punct", "legal", "bracket", "join", "split", "drop", "typo"]))
    words = text.split()
    if edit == "upper":
        return text.upper()
    if edit == "lower":
        return text.lower()
    if edit == "punct":
        return text.replace(" ", draw(st.sampled_from([", ", " - ", ".", "  "])), 1)
    if edit == "legal":
        return text + draw(st.sampled_from([" Co., Ltd.", " GmbH", " Inc.", " S.A.U.", " LLC", " JSC"]))
    if edit == "bracket":
        return text + draw(st.sampled_from([" (Shenzhen)", " (HK)", " (" + words[0] + ")", " [China]"]))
    if edit == "join" and len(words) > 1:
        i = draw(st.integers(0, len(words) - 2))
        return " ".join([*words[:i], words[i] + words[i + 1], *words[i + 2:]])
    if edit == "split" and words and len(words[0]) > 3:
        return words[0][:2] + " " + words[0][2:] + " " + " ".join(words[1:])
    if edit == "drop" and len(words) > 1:
        return " ".join(words[:-1])
    if edit == "typo" and text:
        i = draw(st.integers(0, len(text) - 1))
        return text[:i] + draw(st.sampled_from("aeiouxz")) + text[i + 1:]
    return text


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.sampled_from(REGISTRANTS), respelt()))
def test_no_exact_match_where_no_reading_is_an_indexed_key(text):
    m = _matcher()
    exact = [x for x in m.match_all(text) if x.band is Band.EXACT]
    if not m.can_be_exact(text):
        assert exact == []


def test_registry_names_can_be_exact():
    # The other way (the test above cannot pass by a pre-check that is always True): a registry name
    # as written is its own key, and an exact match of it is found.
    m = _matcher()
    assert all(m.can_be_exact(n) for n in NAMES[:300] if m.match_all(n) and m.match_all(n)[0].band is Band.EXACT)
    assert sum(m.can_be_exact(r) for r in REGISTRANTS) < len(REGISTRANTS) / 2
