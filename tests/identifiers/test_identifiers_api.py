"""The public API of supplyscreen.identifiers: a guard against names disappearing."""

from __future__ import annotations

import supplyscreen.identifiers as ids

PUBLIC = {
    "Cpe", "MacParse", "OuiAssignment", "OuiTable", "PenTable", "Purl",
    "default_oui_table", "default_pen_table", "describe_mac", "describe_sys_object_id",
    "format_mac", "is_valid_lei", "lei_check_digits", "namespace_of", "normalize_lei",
    "organization_hint", "parse_cpe", "parse_mac", "parse_purl", "parse_sys_object_id", "vendor_of",
}


def test_all_is_sorted_and_complete() -> None:
    assert ids.__all__ == sorted(ids.__all__)
    assert set(ids.__all__) == PUBLIC
    for name in ids.__all__:
        assert getattr(ids, name).__doc__, f"{name} has no docstring"


def test_values_are_frozen() -> None:
    import dataclasses

    import pytest

    m = ids.parse_mac("90:02:a9:12:34:56")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.value = "x"  # type: ignore[misc]
