"""Legal Entity Identifiers (ISO 17442): a company's global id, checked before it is trusted.

An LEI is 20 characters: 18 letters or digits, then two check digits computed with ISO 7064
MOD 97-10 (the scheme IBANs use). A typo changes the check and is caught here, so a mistyped
LEI can never match the wrong company.
"""

from __future__ import annotations

import re

_LEI = re.compile(r"^[0-9A-Z]{18}[0-9]{2}$")
_BODY = re.compile(r"^[0-9A-Z]{18}$")


def normalize_lei(text: str | None) -> str:
    """Upper case with surrounding whitespace removed (LEIs are published in upper case)."""
    return (text or "").strip().upper()


def is_valid_lei(text: str | None) -> bool:
    """True when ``text`` is a well-formed LEI whose check digits are right.

    The letters are read as numbers (A=10 ... Z=35) and the whole string, as one number, must
    leave remainder 1 when divided by 97 (ISO 7064 MOD 97-10).
    """
    s = normalize_lei(text)
    return bool(_LEI.match(s)) and _mod97(s) == 1


def lei_check_digits(body: str) -> str:
    """The two check digits for an 18-character LEI body (``5493001KJTIIGC8Y1R`` → ``12``)."""
    s = normalize_lei(body)
    if not _BODY.match(s):
        raise ValueError(f"an LEI body is 18 letters or digits, not {body!r}")
    return f"{98 - _mod97(s + '00'):02d}"


def _mod97(s: str) -> int:
    """The remainder mod 97 of ``s`` read with letters as two-digit numbers (A=10 ... Z=35)."""
    return int("".join(str(int(c, 36)) for c in s)) % 97
