"""LEI check digits (ISO 17442, ISO 7064 MOD 97-10)."""

from __future__ import annotations

import pytest

from supplyscreen.identifiers import is_valid_lei, lei_check_digits


@pytest.mark.parametrize(
    "lei",
    [
        "5493001KJTIIGC8Y1R12",  # the example LEI GLEIF publishes
        "HWUPKR0MPOU8FGXBT394",  # Apple Inc.
        "7LTWFZYICNSX8D621K86",  # Deutsche Bank AG
        " hwupkr0mpou8fgxbt394 ",  # case and surrounding space are not errors
    ],
)
def test_valid(lei: str) -> None:
    assert is_valid_lei(lei)


@pytest.mark.parametrize(
    "lei",
    [
        "5493001KJTIIGC8Y1R13",  # wrong check digits
        "5493001KJTIIGC8Y1R21",  # check digits swapped
        "5493001KJTIIGC8Y2R12",  # one character changed
        "5493001KJTIIGC8Y1R1",  # 19 characters
        "5493001KJTIIGC8Y1R120",  # 21 characters
        "5493001KJTIIGC8Y1RA2",  # check digits must be digits
        "5493001KJTIIGC8Y1R-2",
        "",
        None,
    ],
)
def test_invalid(lei: str | None) -> None:
    assert not is_valid_lei(lei)


def test_check_digits() -> None:
    assert lei_check_digits("5493001KJTIIGC8Y1R") == "12"
    assert lei_check_digits("HWUPKR0MPOU8FGXBT3") == "94"
    with pytest.raises(ValueError):
        lei_check_digits("TOO-SHORT")
