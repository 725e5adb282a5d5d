"""Remove boilerplate from an article's text, keeping the report's own words.

Rules are declared below, one per kind of clutter, each a line pattern. A line is the unit
because captures, HTML extracts and feeds all put page furniture (paywall prompts, prices, image
credits) on lines of their own; a caption that shares a line with text is cut at its credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from supplyscreen.intel.text import CJK_CHAR as _CJK

# (kind, pattern): a line matching the pattern is dropped and recorded as that kind.
LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx, re.I))
    for kind, rx in (
        ("advertisement", r"^\s*(advertisement|advertising|sponsored( content)?|ad|publicidad|anuncio|publicité|anzeige)\s*$"),
        ("paywall", r"(subscribe (now|to|for|today)|already (a )?subscri|log ?in to (read|continue)|sign in to (read|continue)|"
                    r"free articles?|unlimited (digital )?access|renews automatically|cancel anytime|subscription plans?|"
                    r"premium stories|paywall|become a (member|subscriber)|suscr[ií]bete|abonnez-vous|\{\{.*\}\})"),
        ("price", r"^\s*(?:[$€£¥₹]|rs\.?|usd|eur)\s?[\d.,]+(\s*(/|per)\s*\w+)?\s*$|^\s*[\d.,]+\s?(?:€|eur|usd)\s*$"),
        ("price", r"^\s*\d+\s+(months?|years?|weeks?)\s*$"),
        ("image credit", r"(^\s*(file photo|photo|image|picture|credit|foto|imagen)\s*[:|]|"
                         r"\b(photo|image|picture|credit|foto)\s*:\s*[\w .,/&-]{2,60}\s*$|"
                         r"\((reuters|ap|afp|getty|bloomberg|epa|xinhua)[^)]*\)\s*$|getty images\s*$|^\s*\(?(reuters|ap|afp) photos?\)?\s*$|"
                         # a caption's trailing credit: "... REUTERS/Aly Song/File Photo"
                         r"\b(reuters|afp|ap|epa|bloomberg|xinhua|kyodo|yonhap|pa)\s*/\s*(?-i:[A-Z][\w'’-]+( [A-Z][\w'’-]+){0,3})"
                         r"(\s*/\s*file photo)?\s*$)"),
        ("page tool", r"^\s*(\d+\s*min(ute)?s?( read)?|listen to (this )?(article|story)|reading time:?.{0,12}|"
                      r"print (this )?(page|article)|save (for later|article|story)|copy link|\d+\s*comments?|"
                      r"press play to listen to this article|voiced by artificial intelligence\.?|font size)\s*$"),
        ("author bio", r"(^\s*(additional reporting by|reporting by|editing by|written by|by [A-Z][\w.-]+( [A-Z][\w.-]+){0,3}\s*$)|"
                       r"\bis an? (staff |senior |freelance )?(reporter|writer|editor|correspondent|journalist)\b|"
                       r"^\s*about the author|follow (him|her|them) on (twitter|x)\b)"),
        ("disclaimer", r"^\s*(disclaimer|disclosure|terms of use|privacy policy|©|copyright\b|all rights reserved|"
                       r"this (article|story) (was|has been) (generated|published) from|"
                       r"(no )?.{0,40}journalist was involved|this is a developing story)"),
        ("navigation", r"^\s*(home|news|world|business|tech(nology)?|menu|search|share|tweet|email|print|"
                       r"read more|related( articles| stories)?|more from|skip to (main )?content|learn more|"
                       r"get more with \w+|post|video|comments?|sign up|newsletter|next|previous|top stories)\s*[:>»|]?\s*$"),
        ("navigation", r"^\s*(\w+\s*[|»›>]\s*){2,}\w*\s*$"),
        # Links to other stories carry their own headlines ("Also read: US bans ..."), not this report.
        ("related link", r"^\s*(also read|read also|read more|see also|related( stories| articles| coverage)?|"
                         r"recommended|more on this( story)?|you may also like|trending|most read|watch|listen|"
                         r"関連記事|相关阅读|相關新聞|延伸阅读)\s*[:|»>–—-]"),
        ("promotion", r"(download (our|the) app|follow us on|sign up for (our|the)|get (our|the) newsletter|"
                      r"a personali[sz]ed news feed|here[’']s what[’']s included)"),
    )
)
# Once a paywall prompt appears after some text, what follows is the offer, not the report.
PAYWALL_START = re.compile(r"(you[’']ve reached your (limit|maximum)|subscribe to (read|continue)|"
                           r"to continue reading|this content is for subscribers)", re.I)
# A short line (a section label) among furniture; kept only when it reads like a sentence.
SHORT_LINE = 25


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    title: str
    removed: tuple[str, ...]
    """``kind: line`` for every dropped line."""


def clean(text: str) -> Cleaned:
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept: list[str] = []
    removed: list[str] = []
    for i, line in enumerate(lines):
        if not line:
            continue
        if PAYWALL_START.search(line) and kept:
            removed += [f"paywall: {ln}" for ln in lines[i:] if ln]
            break
        kind = _kind(line)
        if kind:
            removed.append(f"{kind}: {line}")
            continue
        kept.append(line)
    kept = _drop_repeats(kept, removed)
    title = _title(kept)
    return Cleaned("\n".join(kept), title, tuple(removed))


def _kind(line: str) -> str:
    for kind, rx in LINE_RULES:
        if rx.search(line):
            return kind
    return ""


def _drop_repeats(lines: list[str], removed: list[str]) -> list[str]:
    """A short line seen twice (a tag label, a repeated kicker) is page furniture."""
    seen: dict[str, int] = {}
    for ln in lines:
        seen[ln] = seen.get(ln, 0) + 1
    out = []
    for ln in lines:
        if seen[ln] > 1 and len(ln) < SHORT_LINE:
            removed.append(f"repeated label: {ln}")
            continue
        out.append(ln)
    return out


def _title(lines: list[str]) -> str:
    """The first line when it reads like a headline: short, no final full stop (in Chinese or
    Japanese, where words have no spaces between them, 8 to 80 characters)."""
    for ln in lines[:3]:
        if ln.endswith((".", "…", ":", "?\"", "。")):
            continue
        if 15 <= len(ln) <= 160 and len(ln.split()) >= 3:
            return ln
        if 8 <= len(ln) <= 80 and len(_CJK.findall(ln)) >= len(ln) / 2:
            return ln
    return ""

