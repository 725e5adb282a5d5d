"""Bytes to text: encoding detection from a head sample, streaming decode, value cleaning.

Item lists arrive from Japanese ministries (Shift_JIS/CP932 from Excel "CSV"), Chinese suppliers
(GB18030), spreadsheets saved as "Unicode text" (UTF-16 with a BOM) and everything else as UTF-8
with or without a BOM. The encoding is decided once from the first bytes of the file and the rest
is streamed, so a 2 GB export is never held in memory.
"""

from __future__ import annotations

import codecs
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from supplyscreen.errors import EncodingError, InputError

HEAD_BYTES = 256 * 1024
"""How much of a file is sampled to decide its encoding and layout: covers the header and a few
thousand rows of a typical list, while staying instant on a 2 GB file."""

BAD_BYTES = "\U0010fffe"
"""Stands in for bytes that do not decode (a Unicode noncharacter, never in real data), so the row
they sit in can be flagged and still kept."""

_ERRORS = "supplyscreen.mark"


def _mark(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return BAD_BYTES, exc.end


codecs.register_error(_ERRORS, _mark)

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32 LE BOM starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 (byte order mark)"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 (byte order mark)"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with byte order mark"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 (byte order mark)"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 (byte order mark)"),
)

NUL_SHARE_UTF16 = 0.3
"""Share of NUL bytes above which a BOM-less file is taken for UTF-16: ASCII text in UTF-16 is
half NULs, CJK text in UTF-16 still has many; no 8-bit text file has any."""


MOSTLY_UTF8 = 4
"""A file whose non-ASCII text is at least this many valid UTF-8 characters per undecodable stretch
is UTF-8 with a few damaged rows (a pasted Latin-1 line), not a CJK file: CP932 or GB18030 bytes
read as UTF-8 give far more errors than valid characters."""


@dataclass(frozen=True, slots=True)
class Encoding:
    """The codec chosen for a file and why, for ``SourceInfo.encoding`` and its notes."""

    codec: str
    """Name Python's codecs know it by (``utf-8-sig``, ``cp932``, ``gb18030`` ...)."""
    name: str
    """What to tell the user (``utf-8``, ``cp932`` ...)."""
    note: str


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of a file; InputError when it cannot be read."""
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except IsADirectoryError as exc:
        raise InputError("is a folder, not a file", path=str(path)) from exc
    except FileNotFoundError as exc:
        raise InputError("no such file", path=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc


def _decodes(head: bytes, codec: str, complete: bool) -> str | None:
    """Strictly decode ``head``; a character cut off at the end of a partial sample is fine."""
    try:
        return codecs.getincrementaldecoder(codec)("strict").decode(head, final=complete)
    except UnicodeDecodeError:
        return None


def _is_kana(ch: str) -> bool:
    return "\u3040" <= ch <= "\u30ff"


def _cjk_score(text: str, codec: str) -> float:
    """How plausible ``text`` is as the output of ``codec``, per non-ASCII character.

    Japanese bytes read as GB18030 come out as rare hanzi from the GBK extension area; Chinese
    bytes read as CP932 come out as half-width katakana. So each candidate gains for kana and for
    common ideographs of its own language and loses for the debris the other one leaves.
    """
    good = bad = total = 0
    for ch in text:
        if ch < "\x80":
            continue
        total += 1
        if _is_kana(ch) or ch in "、。「」・ー（）：＿－／　":
            good += 1 if codec == "cp932" else 0
        elif "\uff61" <= ch <= "\uff9f":  # half-width katakana: rare in real lists, common in debris
            bad += 1
        elif "\u4e00" <= ch <= "\u9fff":
            good += 1 if _common_ideograph(ch, codec) else 0
        elif unicodedata.category(ch) in ("Co", "Cn", "Cc"):
            bad += 2
    return (good - bad) / total if total else 0.0


def _common_ideograph(ch: str, codec: str) -> bool:
    """Whether ``ch`` is in the everyday set of the language ``codec`` is for (JIS level 1 / GB2312)."""
    try:
        if codec == "cp932":
            lead = ch.encode("cp932")[0]
            return 0x88 <= lead <= 0x98  # JIS X 0208 level 1 kanji: the common ones
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def detect_encoding(head: bytes, *, complete: bool, forced: str | None = None, path: str = "") -> Encoding:
    """Choose the codec for a file from its first bytes.

    Order: a forced codec; a byte order mark; NUL-heavy bytes as UTF-16; strict UTF-8; then CP932
    or GB18030, whichever decodes cleanly into more plausible text; then CP1252 and Latin-1 as a
    last resort (they decode anything, so they are only chosen when nothing stricter fits).
    ``complete`` says whether ``head`` is the whole file (so a cut-off last character is an error).
    """
    if forced:
        try:
            info = codecs.lookup(forced)
        except LookupError as exc:
            raise InputError(f"unknown encoding {forced!r}", path=path) from exc
        codec = "utf-8-sig" if info.name == "utf-8" else info.name
        return Encoding(codec, info.name, f"encoding {info.name} as given")
    for bom, codec, label in _BOMS:
        if head.startswith(bom):
            return Encoding(codec, codec, f"encoding: {label}")
    if head and head.count(0) / len(head) > NUL_SHARE_UTF16:
        codec = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        if _decodes(head, codec, complete) is not None:
            return Encoding(codec, codec, f"encoding: {codec} (no byte order mark; detected by NUL bytes)")
        raise EncodingError("looks like a binary file, not text (many NUL bytes)", path=path)
    if _decodes(head, "utf-8", complete) is not None:
        return Encoding("utf-8", "utf-8", "encoding: UTF-8")
    marked = codecs.getincrementaldecoder("utf-8")(_ERRORS).decode(head, final=complete)
    bad = marked.count(BAD_BYTES)
    good = sum(1 for ch in marked if "\x80" <= ch != BAD_BYTES)
    if good >= MOSTLY_UTF8 * bad:
        return Encoding("utf-8", "utf-8", f"encoding: UTF-8, but {bad} stretch(es) of bytes in the first "
                        f"{len(head)} bytes are not UTF-8; rows holding them are marked")
    scored: list[tuple[float, str]] = []
    for codec in ("cp932", "gb18030"):
        text = _decodes(head, codec, complete)
        if text is not None:
            scored.append((_cjk_score(text, codec), codec))
    if scored:
        # Ties go to CP932: this tool's first users are Japanese ministries.
        score, codec = max(scored, key=lambda s: (s[0], s[1] == "cp932"))
        if score > 0 or len(scored) == 1:
            other = [c for _, c in scored if c != codec]
            why = f" (also decodes as {other[0]}, but reads as less plausible text)" if other else ""
            return Encoding(codec, codec, f"encoding: {codec}, detected{why}")
    if _decodes(head, "cp1252", complete) is not None:
        return Encoding("cp1252", "cp1252", "encoding: cp1252 (last resort; no UTF-8 or CJK encoding fits)")
    return Encoding("latin-1", "latin-1", "encoding: latin-1 (last resort; no UTF-8 or CJK encoding fits)")


def open_text(path: Path, encoding: Encoding) -> io.TextIOWrapper:
    """Open ``path`` for streaming text; undecodable bytes become :data:`BAD_BYTES`, never an error.

    ``newline=""`` hands line endings to the csv module, which needs them to read quoted newlines.
    """
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc
    return io.TextIOWrapper(raw, encoding=encoding.codec, errors=_ERRORS, newline="")


def text_of(data: bytes, encoding: Encoding) -> io.TextIOWrapper:
    """``data`` (a slice of a file) as a text stream decoded like :func:`open_text` decodes the file."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding.codec, errors=_ERRORS, newline="")


_NEWLINES = str.maketrans({"\r": " ", "\n": " ", "\u2028": " ", "\u2029": " "})


@dataclass(frozen=True, slots=True)
class Cleaned:
    value: str
    stripped_controls: bool = False
    bad_bytes: bool = False


def clean_value(raw: str) -> Cleaned:
    """Trim a cell and make it safe to print and match.

    Line breaks inside a cell (a multi-line description) become spaces. Other control characters,
    zero-width marks and stray byte order marks are removed, and the caller told so it can note it
    in the source's notes: the value stays screenable. Undecodable bytes become U+FFFD and are
    reported separately, because the value may then be wrong.
    """
    if raw.isascii() and raw.isprintable():
        # The common case (plain ASCII, no control characters): nothing to clean but the edges.
        return Cleaned(raw.strip()) if raw[:1] == " " or raw[-1:] == " " else Cleaned(raw)
    bad = BAD_BYTES in raw
    if bad:
        raw = raw.replace(BAD_BYTES, "\ufffd")
    text = raw.translate(_NEWLINES)
    if text.isprintable():
        return Cleaned(text.strip(), False, bad)
    kept = []
    stripped = False
    for ch in text:
        if ch in "\t " or ch.isprintable() or unicodedata.category(ch) == "Co":
            kept.append(ch)  # private use: Japanese vendor-specific characters (gaiji), real data
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Cn") or ch == "\ufeff":
            stripped = True
        else:  # other separators (ideographic space, NBSP) read as spaces
            kept.append(" ")
    return Cleaned("".join(kept).strip(), stripped, bad)
