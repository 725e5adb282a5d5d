"""Build the identifier tables shipped in ``supplyscreen/identifiers/data/`` from raw sources.

    python -m supplyscreen.identifiers.build_data [--raw data/raw] [--out src/supplyscreen/identifiers/data]

Reads ``ieee-registries/{oui,mam,oui36,iab}.csv`` (IEEE CSV format) and
``iana-enterprise-numbers/enterprises.tsv`` (Wireshark's copy of the IANA registry) and writes

- ``ieee-oui.tsv.gz``: ``prefix<TAB>bits<TAB>registry<TAB>organization``, sorted by prefix;
- ``iana-pen.tsv.gz``: ``number<TAB>organization``, sorted by number.

Both start with ``#`` lines naming their source. The output is deterministic (sorted rows, gzip
with mtime 0 and no file name), so a rebuild from the same sources gives the same bytes and a
rebuild from newer sources gives a readable diff of the decompressed text.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path

# The IEEE files, with the registry each one holds and its prefix length in hex digits.
IEEE_FILES = (
    ("oui.csv", "MA-L", 6),
    ("mam.csv", "MA-M", 7),
    ("oui36.csv", "MA-S", 9),
    ("iab.csv", "IAB", 9),
)
OUI_FILE = "ieee-oui.tsv.gz"
PEN_FILE = "iana-pen.tsv.gz"
# The dates the raw copies state (data/raw/*/PROVENANCE.md); written into each table's header as
# "# date: ..." so a report can say how old its MAC and enterprise-number data are.
DATE_LINE = "# date:"
IEEE_DATE = "2026-08-19"
IEEE_ORIGIN = "IEEE Registration Authority CSVs via wsmithril/sonde commit b6191884 (iab.csv of 2026-08-11)"
PEN_DATE = "2024-08-23"
PEN_ORIGIN = "Debian libwireshark-data 4.0.17"

_SPACES = re.compile(r"\s+")
# enterprises.tsv: "<number><spaces or tabs><name>[<TAB># comment]" (e.g. "# formerly 'X'").
_PEN_LINE = re.compile(r"^(\d+)[ \t]+(.*?)(?:\t+#.*)?$")

_REPO = Path(__file__).resolve().parents[3]
DEFAULT_RAW = _REPO / "data" / "raw"
DEFAULT_OUT = Path(__file__).resolve().parent / "data"


def clean_name(name: str) -> str:
    """Collapse runs of whitespace (IEEE names carry trailing spaces, some carry tabs)."""
    return _SPACES.sub(" ", name).strip()


def read_ieee(raw: Path) -> list[tuple[str, int, str, str]]:
    """All IEEE assignments as ``(prefix, bits, registry, organization)``, sorted by prefix.

    A prefix listed more than once (a few 1980s MA-L blocks, e.g. 080030) keeps every
    registrant, in file order, joined by " / ": we do not know which one made a device.
    """
    names: dict[tuple[str, str], list[str]] = {}
    for filename, registry, digits in IEEE_FILES:
        with (raw / "ieee-registries" / filename).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                prefix = row["Assignment"].strip().upper()
                if len(prefix) != digits or not re.fullmatch(r"[0-9A-F]+", prefix):
                    raise ValueError(f"{filename}: bad assignment {prefix!r}")
                org = clean_name(row["Organization Name"])
                bucket = names.setdefault((prefix, registry), [])
                if org not in bucket:
                    bucket.append(org)
    rows = [(p, len(p) * 4, reg, " / ".join(orgs)) for (p, reg), orgs in names.items()]
    rows.sort()
    seen: set[str] = set()
    for p, _, reg, _ in rows:
        if p in seen:  # a 36-bit prefix in both MA-S and IAB would make lookups ambiguous
            raise ValueError(f"prefix {p} is in two registries (latest {reg})")
        seen.add(p)
    return rows


def read_pen(raw: Path) -> list[tuple[int, str]]:
    """All IANA Private Enterprise Numbers as ``(number, organization)``, sorted by number."""
    out: dict[int, str] = {}
    path = raw / "iana-enterprise-numbers" / "enterprises.tsv"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            m = _PEN_LINE.match(line)
            if not m:
                raise ValueError(f"{path}: unreadable line {line!r}")
            out[int(m.group(1))] = clean_name(m.group(2))
    return sorted(out.items())


def write_gzip_tsv(path: Path, header: Iterable[str], rows: Iterable[Iterable[object]]) -> None:
    """Write ``#`` header lines and tab-separated rows, gzip-compressed reproducibly."""
    text = io.StringIO()
    for h in header:
        text.write(f"# {h}\n")
    for row in rows:
        cells = [str(c) for c in row]
        if any("\t" in c or "\n" in c for c in cells):
            raise ValueError(f"tab or newline in {cells!r}")
        text.write("\t".join(cells) + "\n")
    buf = io.BytesIO()
    # mtime=0 and filename="" keep the bytes identical across rebuilds.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    path.write_bytes(buf.getvalue())


def build(raw: Path = DEFAULT_RAW, out: Path = DEFAULT_OUT) -> dict[str, int]:
    """Build both tables; returns the row count of each file written."""
    out.mkdir(parents=True, exist_ok=True)
    oui = read_ieee(raw)
    write_gzip_tsv(
        out / OUI_FILE,
        [
            "IEEE MAC address block assignments: MA-L (24 bit), MA-M (28), MA-S (36), IAB (36)",
            f"source: data/raw/ieee-registries ({IEEE_ORIGIN})",
            f"date: {IEEE_DATE}",
            "built by: python -m supplyscreen.identifiers.build_data",
            "prefix\tbits\tregistry\torganization",
        ],
        oui,
    )
    pen = read_pen(raw)
    write_gzip_tsv(
        out / PEN_FILE,
        [
            "IANA Private Enterprise Numbers (SNMP sysObjectID 1.3.6.1.4.1.N)",
            f"source: data/raw/iana-enterprise-numbers/enterprises.tsv ({PEN_ORIGIN}, IANA list updated {PEN_DATE})",
            f"date: {PEN_DATE}",
            "built by: python -m supplyscreen.identifiers.build_data",
            "number\torganization",
        ],
        pen,
    )
    return {OUI_FILE: len(oui), PEN_FILE: len(pen)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW, help="folder holding the raw sources")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder to write the tables to")
    args = parser.parse_args(argv)
    for name, count in build(args.raw, args.out).items():
        print(f"{args.out / name}: {count} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
