"""Sentences and words: rule-based, deterministic, fast (no model to load)."""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence.
ABBREV = {"u.s", "u.k", "u.n", "e.u", "mr", "mrs", "ms", "dr", "prof", "co", "ltd", "inc", "corp", "jr", "sr",
          "st", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
          "gov", "govt", "dept", "sen", "rep", "gen", "lt", "col", "approx", "etc", "e.g", "i.e", "a.m", "p.m",
          "u.s.a", "sra", "fig", "p.r.c", "s.a"}
_END = re.compile(r"([.!?…]+[\"”’')\]]*)(\s+|$)")
# CJK full stops end a sentence with no space after them (closing quotes and brackets stay with it).
_CJK_END = re.compile(r"(?<=[。！？])(?![」』”’）)。！？])|(?<=[。！？][」』”’）)])")
# A kana, Han (CJK unified) or Hangul character: scripts written without spaces between words.
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W_]+(?:[-'’&.][^\W_]+)*", re.UNICODE)


def sentences(text: str) -> list[str]:
    """Sentences of ``text``; every line break ends one too (headlines, list items)."""
    out: list[str] = []
    for line in _unwrap(text.split("\n")):
        for para in _CJK_END.split(line):
            _split(para.strip(" \t•*-–—　"), out)
    return out


def _split(para: str, out: list[str]) -> None:
    if para:
        start = 0
        for m in _END.finditer(para):
            end = m.end(1)
            before = para[start:m.start(1)]
            last = before.rsplit(None, 1)[-1].lower() if before.split() else ""
            nxt = para[m.end():m.end() + 1]
            if m.group(1).startswith(".") and (last.rstrip(".") in ABBREV or re.fullmatch(r"[a-z]", last)):
                # "U.S. Commerce" continues; "the U.S. The ..." is ambiguous and kept together, the safer error.
                continue
            if nxt and not (nxt.isupper() or nxt in "\"“‘'(¿¡[«" or nxt.isdigit() or ord(nxt) > 0x2E80):
                continue
            s = para[start:end].strip()
            if s:
                out.append(s)
            start = m.end()
        rest = para[start:].strip()
        if rest:
            out.append(rest)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


# A line that is only a date (and perhaps a time) is a dateline under a headline, not a continuation.
_DATELINE = re.compile(r"[\w.,:/ -]{0,30}\b(19|20)\d\d\b[\w.,:/ -]{0,12}")
# A captured line this long that stops mid-sentence was wrapped by the page, not ended.
WRAPPED_LINE = 60


def _unwrap(lines: list[str]) -> list[str]:
    """Rejoin hard-wrapped lines: a long line without final punctuation followed by a line that
    starts in lower case or with a digit continues the same sentence."""
    out: list[str] = []
    for ln in lines:
        s = ln.strip()
        if (out and s and len(out[-1]) >= WRAPPED_LINE and out[-1][-1:].isalnum()
                and (s[0].islower() or s[0].isdigit()) and not _DATELINE.fullmatch(s)):
            out[-1] = out[-1] + " " + s
        else:
            out.append(s)
    return out
