"""Read article files (plain text, HTML, RSS/Atom and JSON feeds, JSON articles) into Documents, never failing a batch.

Every problem with one file (empty, binary, too large, undecodable, broken markup) becomes that
document's ``error``; the caller reports it and carries on with the rest.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from supplyscreen.datafile import read_yaml
from supplyscreen.intel import clean, lang
from supplyscreen.intel.dates import date_in_url, find_dateline, iso_in_name, lead_date
from supplyscreen.intel.model import Document

# Articles are a few kB; 5 MB is far above any real report and keeps one runaway file (a saved
# video page, a log) from costing the batch its time budget.
MAX_BYTES = 5_000_000
# A text file has almost no control characters; more than 1 in 100 means binary data.
MAX_CONTROL_RATIO = 0.01
SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".json", ""}


# A folder's own documentation is not news: the file names GitHub gives special meaning to in a folder
# (docs.github.com: "About the repository README file", "Licensing a repository", "Setting guidelines
# for repository contributors"). Read when named on their own; skipped, and said so, inside a folder.
FOLDER_DOCS = frozenset({"readme", "license", "licence", "copying", "changelog", "contributing", "notice",
                         "authors", "code_of_conduct", "security"})


def expand(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Files named, and the article files in folders named (sorted, hidden files skipped), each with
    why it is not read as an article ('' for an article): a folder's README or licence is reported as
    skipped rather than read as news or dropped unsaid."""
    out: list[tuple[Path, str]] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                            and f.suffix.lower() in SUFFIXES):
                doc = f.name.split(".", 1)[0].lower() in FOLDER_DOCS
                out.append((f, "the folder's documentation, not an article (skipped; name the "
                               "file to read it)" if doc else ""))
        else:
            out.append((p, ""))
    return out


def skipped(path: Path, why: str) -> Document:
    """A file of a folder that is not read, as a document that says why (so it is accounted for)."""
    return _failed(str(path), why)


def read(path: Path) -> list[Document]:
    """The documents in one file: one for an article, one per item for a feed."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return [_failed(name, f"file is {size:,} bytes; articles over {MAX_BYTES:,} bytes are skipped")]
        raw = path.read_bytes()
    except OSError as e:
        return [_failed(name, f"cannot read: {e.strerror or e}")]
    if not raw.strip():
        return [_failed(name, "empty file")]
    if _binary(raw):
        return [_failed(name, "binary file, not an article (text, HTML or a feed)")]
    text = decode(raw)
    head = text.lstrip()[:2000].lower()
    if "<rss" in head or "<feed" in head or "<rdf:rdf" in head:
        docs = list(_feed(name, text))
        return docs or [_failed(name, "feed with no readable items")]
    if path.suffix.lower() == ".json" or head.startswith(("{", "[")):
        as_json = _json_docs(name, text)
        if as_json is not None:
            return as_json
    if re.search(r"<(html|body|p|div|article|head)\b", head) or head.startswith("<!doctype"):
        return [_html_doc(name, text, path)]
    return [_text_doc(name, text, path)]


def _failed(path: str, error: str) -> Document:
    return Document(path=path, text="", error=error)


def _binary(raw: bytes) -> bool:
    sample = raw[:8192]
    if b"\x00" in sample and not (sample.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return controls > MAX_CONTROL_RATIO * len(sample)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM; UTF-16 by BOM); otherwise line by line, so a file that mixes
    UTF-8 and Windows-1252 lines (pasted captures) keeps both readable."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lines = []
    for line in raw.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
    return "\n".join(lines)


def _outlet_from_name(path: Path) -> str:
    # Captures are commonly saved as OUTLET_DATE.ext; the part before the date names the outlet.
    stem = path.stem
    m = re.match(r"(.+?)[_\-. ]\d{4}-\d{2}-\d{2}", stem)
    return (m.group(1) if m else stem).strip("_- ")


OUTLET_HOMES = Path(__file__).with_name("outlet-homes.yaml")


@cache
def _tlds() -> tuple[dict[str, str], frozenset[str]]:
    data = read_yaml(OUTLET_HOMES)
    return {str(k): str(v) for k, v in data["tld_codes"].items()}, frozenset(map(str, data["generic"]))


def _cctld(host: str) -> str:
    """The country of a host's country-code domain ("www.folha.com.br" -> BR, "bbc.co.uk" -> GB), or ""
    for a generic domain (.com, .org) or a ccTLD sold for generic use (.io, .tv; ``outlet-homes.yaml``)."""
    label = host.lower().rstrip(".").rsplit(".", 1)[-1] if "." in host else ""
    codes, generic = _tlds()
    if len(label) != 2 or not label.isascii() or not label.isalpha() or label in generic:
        return ""
    return codes.get(label, label.upper())


# A BCP 47 or POSIX locale tag with a region: "pt-BR", "en_IE", "zh-Hant-TW" (not "es-419", a region
# of many countries, nor "en" alone).
_REGION_TAG = re.compile(r"^[a-zA-Z]{2,3}(?:[-_][a-zA-Z]{4})?[-_]([a-zA-Z]{2})(?:$|[-_.@])")
# An outlet named by its domain ("siliconrepublic.ie", a capture saved as DOMAIN_DATE.txt).
_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.I)


def outlet_home(urls: Iterable[str] = (), tags: Iterable[str] = (), outlet: str = "") -> tuple[str, str]:
    """The outlet's country and where it was read: the country-code domain of the page's own address
    (og:url, canonical link), else the region of the page's language tag (``<html lang="pt-BR">``,
    og:locale, Content-Language), else the country-code domain the outlet's name is. ("", "") when
    the capture carries none: a .com address, a bare "en". The domain is where the outlet is
    registered; a region tag says for whom it writes; both are the site's own statements."""
    for u in urls:
        host = urlsplit(u.strip() if "//" in u else "//" + u.strip()).hostname or ""
        code = _cctld(host)
        if code:
            return code, f"the page's address {u.strip()} (country-code domain .{host.rsplit('.', 1)[-1]})"
    for t in tags:
        m = _REGION_TAG.match(t.strip())
        if m:
            return m.group(1).upper(), f"the page's language tag {t.strip()!r}"
    if outlet and _DOMAIN.match(outlet):
        code = _cctld(outlet)
        if code:
            return code, f"the outlet's domain {outlet} (country-code domain .{outlet.rsplit('.', 1)[-1]})"
    return "", ""


def _finish(path: str, text: str, title: str, date: dt.date | None, outlet: str, file: Path | None,
            date_why: str = "", home: tuple[str, str] = ("", ""), urls: Sequence[str] = ()) -> Document:
    cleaned = clean.clean(text)
    body = cleaned.text
    if not title:
        title = cleaned.title
    if not home[0]:
        home = outlet_home(outlet=outlet)
    # The order of trust: the page's metadata (date_why says which field), a dateline, the file name,
    # the page's own address, the lead's full date; none of them: unknown, and relative words in the
    # text stay unresolved.
    if date is None:
        date, date_why = find_dateline(body[:400]), "a dateline near the top"
    if date is None and file is not None:
        date, date_why = iso_in_name(file.name), f"the file name {file.name}"
    for u in urls:
        if date is None:
            date, date_why = date_in_url(u), f"the page's address {u}"
    if date is None:
        date, date_why = lead_date(body), "the full date in the lead sentence"
    if date is None:
        date_why = "no date in the page's metadata, a dateline, the file name or the lead: unknown"
    if not body.strip():
        return Document(path=path, text="", title=title, date=date, date_why=date_why, outlet=outlet,
                        removed=cleaned.removed,
                        error="no article text left after removing boilerplate")
    return Document(path=path, text=body, title=title, date=date, date_why=date_why, outlet=outlet,
                    lang=lang.detect(body), removed=cleaned.removed, home=home[0], home_why=home[1])


def _text_doc(path: str, text: str, file: Path) -> Document:
    return _finish(path, text, "", None, _outlet_from_name(file), file)


# --- HTML ---------------------------------------------------------------------------------------
_META_DATE = ("article:published_time", "datepublished", "date", "pubdate", "dc.date", "og:published_time",
              "publish-date", "sailthru.date", "parsely-pub-date")


class _Page(HTMLParser):
    """Fallback HTML reader: text of block elements outside navigation, scripts and asides."""

    SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "button", "svg",
            "figure", "figcaption", "iframe", "select", "template"})
    BLOCK = frozenset({"p", "h1", "h2", "h3", "h4", "li", "blockquote", "div", "article", "section", "br", "tr", "td",
             "pre", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False
        self._in_h1 = False
        self.h1 = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and (a.get("lang") or a.get("xml:lang")):
            self.meta.setdefault("html:lang", a.get("lang") or a.get("xml:lang", ""))
        if tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or a.get("http-equiv") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "time" and a.get("datetime"):
            self.meta.setdefault("time", a["datetime"])
        cls = (a.get("class", "") + " " + a.get("id", "")).lower()
        if tag in self.SKIP or re.search(r"\b(nav|menu|subscribe|paywall|newsletter|promo|share|related|"
                                         r"advert|ad-|cookie|footer|byline-bio|author-bio|caption)", cls):
            if tag not in ("br", "img", "input", "meta", "link"):
                self.skip += 1
                self._stack_skip.append(tag)
            return
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
        if tag in self.BLOCK:
            self.parts.append("\n")

    _stack_skip: list[str]

    def reset(self) -> None:
        super().reset()
        self._stack_skip = []

    def handle_endtag(self, tag: str) -> None:
        if self._stack_skip and tag == self._stack_skip[-1]:
            self._stack_skip.pop()
            self.skip -= 1
            return
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self.skip:
            return
        if self._in_h1:
            self.h1 += data
        self.parts.append(data)


def _html_doc(path: str, text: str, file: Path | None) -> Document:
    page = _Page()
    try:
        page.feed(text)
        page.close()
    except Exception as e:  # html.parser is lenient; anything it still rejects is reported per file
        return _failed(path, f"unreadable HTML: {e}")
    body = _trafilatura(text)
    if body is None:
        body = "".join(page.parts)
    title = " ".join((page.meta.get("og:title") or page.h1 or page.title).split())
    date, date_why = None, ""
    for k in (*_META_DATE, "time"):
        if page.meta.get(k):
            date = _iso(page.meta[k])
            if date:
                date_why = f"the page's metadata {k}={page.meta[k]}"
                break
    outlet = page.meta.get("og:site_name", "") or (_outlet_from_name(file) if file else "")
    head = body.find(title) if title else -1
    if 0 < head <= PRE_HEADLINE_MAX:
        # Text above the headline is the site's bar (its "today" date, breadcrumbs), not the article:
        # a date there is not the report's dateline.
        body = body[head:]
    if title and body.lstrip().startswith(title):
        body = body.lstrip()[len(title):]
    home = outlet_home([page.meta[k] for k in ("og:url", "canonical") if page.meta.get(k)],
                       [page.meta[k] for k in ("html:lang", "og:locale", "content-language") if page.meta.get(k)],
                       outlet)
    doc = _finish(path, (title + "\n" + body) if title else body, title, date, outlet, file, date_why, home,
                  [page.meta[k] for k in ("og:url", "canonical") if page.meta.get(k)])
    return doc


# A site bar above the headline (a date, a section name, breadcrumbs) is a line or two; more text than
# this before the headline is a page whose headline is repeated further down, and is kept.
PRE_HEADLINE_MAX = 200


def _trafilatura(text: str) -> str | None:
    """Main-text extraction with trafilatura when the `intel` extra is installed, else None."""
    try:
        import trafilatura
    except ImportError:
        return None
    try:
        out = trafilatura.extract(text, include_comments=False, include_tables=False, favor_precision=True)
    except Exception:  # a page trafilatura cannot parse falls back to the built-in reader
        return None
    return out or None


def _iso(value: str) -> dt.date | None:
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return find_dateline(value)


def _fragment_text(markup: str) -> str:
    """The text of an HTML fragment a feed item carries (RSS description, JSON Feed content_html)."""
    page = _Page()
    page.feed(markup)
    return "".join(page.parts)


# --- JSON ---------------------------------------------------------------------------------------
def _json_docs(path: str, text: str) -> list[Document] | None:
    """A JSON Feed (jsonfeed.org 1.x: one document per item) or one article object with a ``text``
    field (trafilatura's JSON output: ``title``, ``text``, ``date``, ``url``/``source``). Other JSON
    — a data file, a batch's labels — is not an article and says so. None: not JSON at all (read as
    text)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("items"), list) and "jsonfeed.org" in str(data.get("version", "")):
        channel = str(data.get("title") or "")
        docs = []
        for n, item in enumerate((i for i in data["items"] if isinstance(i, dict)), 1):
            body = str(item.get("content_text") or "")
            if not body and item.get("content_html"):
                body = html.unescape(_fragment_text(str(item["content_html"])))
            body = body or str(item.get("summary") or "")
            title = str(item.get("title") or "").strip()
            stamp = str(item.get("date_published") or item.get("date_modified") or "")
            date = _iso(stamp) if stamp else None
            urls = [str(item["url"])] if item.get("url") else []
            docs.append(_finish(f"{path}#item-{n}", f"{title}\n{body}" if title else body, title, date, channel,
                                None, f"the feed item's date_published={stamp}" if date else "",
                                outlet_home(urls, (), channel)))
        return docs or [_failed(path, "JSON Feed with no items")]
    if isinstance(data, dict) and isinstance(data.get("text"), str) and data["text"].strip():
        stamp = str(data.get("date") or "")
        date = _iso(stamp) if stamp else None
        url = str(data.get("url") or data.get("source") or "")
        outlet = str(data.get("hostname") or data.get("sitename") or "") or _outlet_from_name(Path(path))
        return [_finish(path, data["text"], str(data.get("title") or "").strip(), date, outlet, Path(path),
                        f"the article's date field={stamp}" if date else "",
                        outlet_home([url] if url else [], (), outlet))]
    return [_failed(path, "JSON without article text: a JSON Feed (jsonfeed.org) or an object with a "
                          "'text' field is read as news; this looks like a data file")]


# --- feeds --------------------------------------------------------------------------------------
def _feed(path: str, text: str) -> Iterator[Document]:
    """Items of an RSS 2.0, RSS 1.0 or Atom feed, each as its own document."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as e:
        yield _failed(path, f"broken feed XML: {e}")
        return

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1].lower()

    channel_title = ""
    for el in root.iter():
        if local(el.tag) == "title":
            channel_title = (el.text or "").strip()
            break
    n = 0
    for el in root.iter():
        if local(el.tag) not in ("item", "entry"):
            continue
        n += 1
        fields: dict[str, str] = {}
        for child in el:
            key = local(child.tag)
            val = child.text or ""
            if key == "link" and not val:
                val = child.get("href", "")
            fields.setdefault(key, val)
        title = html.unescape(fields.get("title", "")).strip()
        body = fields.get("encoded") or fields.get("content") or fields.get("description") or fields.get("summary", "")
        if "<" in body:
            body = _fragment_text(body)
        body = html.unescape(body)
        date, date_why = None, ""
        for k in ("pubdate", "published", "updated", "date"):
            if fields.get(k):
                date = _iso(fields[k])
                if date:
                    date_why = f"the feed item's {k}={fields[k]}"
                    break
        doc = _finish(f"{path}#item-{n}", f"{title}\n{body}" if title else body, title, date, channel_title, None,
                      date_why)
        yield doc
