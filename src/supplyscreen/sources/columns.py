"""Which column means what: header text → role, in English, Japanese and Chinese.

Headers are compared after NFKC, case folding and removal of everything that is not a letter or
digit, so ``MAC Address``, ``mac_address`` and ``ＭＡＣアドレス`` are the same header. A header
that does not match as written is tried again without a bracketed part (``単価(税込)``) and
without a trailing "name" (``Manufacturer Name``, ``メーカー名``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from supplyscreen import fields as fields_vocab
from supplyscreen.errors import InputError

REF = "ref"
"""The pseudo-role of the row's own id column; it becomes ``Item.ref``, not a field."""

SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "manufacturer": (
        "manufacturer", "mfr", "mfg", "maker", "make", "oem", "producer",
        "メーカー", "製造元", "製造者", "製造業者", "製造会社", "製造メーカー",
        "制造商", "厂商", "生产商", "生产厂家", "製造商", "廠商",
    ),
    "vendor": ("vendor", "ベンダー", "ベンダ", "販売者"),
    "supplier": (
        "supplier", "seller", "contractor", "bidder", "reseller", "distributor", "dealer",
        "供給者", "納入業者", "納入者", "仕入先", "販売元", "取引先", "販売店", "代理店", "業者", "サプライヤー",
        "契約相手方", "調達先", "供应商", "经销商", "供應商",
    ),
    "brand": ("brand", "trademark", "ブランド", "商標", "品牌", "商标"),
    "model": (
        "model", "modelnumber", "modelno", "modelnr", "modelcode", "modelname", "型番", "型式", "機種", "モデル",
        "型名", "モデル番号", "製品型番", "型番号", "型号", "型號", "规格型号", "規格型號", "产品型号", "產品型號",
    ),
    "product": (
        "product", "productname", "item", "itemname", "equipment", "device", "品名", "製品名",
        "品目", "製品", "機器", "物品名", "产品名称", "产品", "名称", "產品名稱",
    ),
    "description": ("description", "desc", "itemdescription", "説明", "仕様", "摘要", "描述", "规格"),
    # Every name real lists give the column holding a maker's part or catalogue number (a retailer's
    # SKU, a distributor's catalogue or article number, an ordering code), in the languages read.
    "part_number": (
        "partnumber", "partno", "partnum", "partcode", "pn", "mpn", "mfrpartnumber", "mfrpartno", "mfgpartnumber",
        "manufacturerpartnumber", "manufacturerpartno", "vendorpartnumber", "vendorpartno",
        "sku", "skuno", "skunumber", "stockkeepingunit", "itemnumber", "itemno", "itemcode",
        "catalognumber", "catalogno", "cataloguenumber", "catalogueno", "catno", "articlenumber", "articleno",
        "artno", "artnr", "artikelnummer", "artikelnr", "bestellnummer", "productcode", "productnumber", "productno", "ordercode", "orderingcode",
        "品番", "部品番号", "製品番号", "品番号", "商品コード", "商品番号", "製品コード", "部品コード", "品目コード",
        "料号", "零件号", "货号", "貨號", "物料编码", "物料編碼", "物料号", "产品编码", "产品代码", "商品编码",
    ),
    "serial": ("serial", "serialnumber", "serialno", "sn", "シリアル番号", "シリアル", "製造番号", "序列号"),
    "category": (
        "category", "type", "class", "devicetype", "itemtype", "分類", "区分", "種別", "種類",
        "类别", "类型", "分类",
    ),
    "purpose": (
        "purpose", "use", "intendeduse", "usage", "用途", "使用目的", "目的", "用途区分",
    ),
    "role": ("role", "devicerole", "役割"),
    # A user's assertion that a statutory exception applies (s.889 backhaul, no-user-data; FCC
    # Conditional Approval, ...): read by policy packs' exceptions.
    "exception": ("exception", "exceptions", "exemption", "例外", "適用除外"),
    "component_role": ("componentrole", "essential", "substantialoressential"),
    "country": (
        "country", "countryoforigin", "origin", "coo", "madein", "原産国", "製造国", "生産国",
        "原产国", "产地", "原產國",
    ),
    "mac": (
        "mac", "macaddress", "macaddr", "hwaddress", "ethernetaddress", "physicaladdress",
        "macアドレス", "物理アドレス", "mac地址",
    ),
    "sys_object_id": ("sysobjectid", "sysoid", "objectid", "snmpsysobjectid"),
    "sys_descr": ("sysdescr", "sysdescription", "systemdescription"),
    "hostname": ("hostname", "host", "devicename", "ホスト名", "ホスト", "機器名", "主机名"),
    "site": ("site", "location", "設置場所", "拠点", "場所", "所在地", "設置先", "位置", "地点"),
    "firmware": (
        "firmware", "firmwareversion", "fwversion", "osversion", "softwareversion", "version",
        "ファームウェア", "ファームウェアバージョン", "バージョン", "固件", "固件版本",
    ),
    "cpe": ("cpe", "cpe23", "cpename"),
    "purl": ("purl", "packageurl"),
    "lei": ("lei", "legalentityidentifier", "leicode"),
    "domain": ("domain", "website", "webdomain", "url", "homepage", "ウェブサイト", "ホームページ", "网站", "网址"),
    "quantity": ("quantity", "qty", "count", "units", "数量", "台数", "個数", "数", "数量台"),
    "price": ("price", "unitprice", "amount", "cost", "単価", "金額", "価格", "价格", "单价", "金额"),
    "note": ("note", "notes", "remarks", "remark", "comment", "comments", "備考", "摘要欄", "备注"),
    REF: (
        "id", "assetid", "ref", "reference", "assettag", "assetnumber", "assetno", "no", "number",
        "資産番号", "管理番号", "項番", "番号", "整理番号", "序号", "编号", "资产编号",
    ),
}
"""Header spellings per role, written already normalised (see :func:`normalise_header`)."""

SCREENABLE = fields_vocab.SCREENABLE
"""Roles that give the matcher something to work on; a list without any of them cannot be screened."""

INVENTORY_ROLES = ("mac", "hostname", "sys_object_id", "sys_descr", "role")
"""Roles that mark a device inventory export rather than a purchase list."""

ALSO_AS: Mapping[str, str] = MappingProxyType({"role": "purpose"})
"""A role whose value is also given under another: the inventory's ``role`` is the intended use."""

HEADER_SCAN_ROWS = 10
"""Rows searched for the header: title rows and blank spacer rows above a real header rarely
exceed three or four; ten leaves room without mistaking data for a header."""

_NUMBER_SIGN = re.compile(r"(?<=\w)\s*[#№]\s*$")
_BRACKETS = re.compile(r"[\(（\[［【〔<＜].*?[\)）\]］】〕>＞]")
_NAME_SUFFIXES = ("name", "の名称", "名称", "名", "名前")


def normalise_header(text: str) -> str:
    """Case, width, spacing and punctuation folded away: ``MAC-Address`` → ``macaddress``; a
    trailing number sign reads as "no" (``Part #`` → ``partno``)."""
    folded = _NUMBER_SIGN.sub("no", unicodedata.normalize("NFKC", text).casefold())
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


_LOOKUP: dict[str, str] = {}
for _role, _words in SYNONYMS.items():
    for _word in _words:
        _LOOKUP.setdefault(normalise_header(_word), _role)

ROLES: tuple[str, ...] = tuple(r for r in SYNONYMS if r != REF)
# Every column role is a role of the one vocabulary, so what a reader names is what evidence,
# policy and the verdict key read.
assert set(ROLES) <= set(fields_vocab.ROLES), set(ROLES) - set(fields_vocab.ROLES)


# The longest cell taken for a header: the longest synonym is a few dozen characters, and a
# header with a unit or a note in brackets rarely passes a hundred.
HEADER_CHARS = 200
# Cells looked at as headers: the header search scores the first rows under four delimiters, so
# the same cells come back many times; 4096 covers a few files' worth, bounded on odd input.
@lru_cache(maxsize=4096)
def role_of(header: str) -> str | None:
    """The role a header names, or None (a cell too long to be a header names none: the header
    search looks at data rows too, and folding a 10 MB cell took seconds)."""
    if len(header) > HEADER_CHARS:
        return None
    key = normalise_header(header)
    if not key:
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    bare = normalise_header(_BRACKETS.sub("", unicodedata.normalize("NFKC", header)))
    if bare in _LOOKUP:
        return _LOOKUP[bare]
    for suffix in _NAME_SUFFIXES:
        if bare.endswith(suffix) and bare[: -len(suffix)] in _LOOKUP:
            return _LOOKUP[bare[: -len(suffix)]]
    return None


def canonical_role(name: str) -> str:
    """A role as a user types it on the command line (``sysObjectID``, ``part-number``) → role key."""
    key = normalise_header(name)
    for role in (*ROLES, REF):
        if normalise_header(role) == key:
            return role
    raise InputError(f"unknown column role {name!r}; roles are: {', '.join((*ROLES, REF))}")


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """The header row of a table and which column holds each role."""

    headers: tuple[str, ...]
    index: Mapping[str, int]
    """Role (and ``ref``) → column index."""
    notes: tuple[str, ...] = field(default=())

    @property
    def found(self) -> dict[str, str]:
        """Role → header text as found in the file, for ``SourceInfo.columns``."""
        return {role: self.headers[i] for role, i in self.index.items()}

    @property
    def screenable(self) -> bool:
        return any(role in self.index for role in SCREENABLE)


def map_columns(headers: Sequence[str], overrides: Mapping[str, str] | None = None) -> ColumnMap:
    """Assign roles to the columns of one header row.

    The leftmost column wins a role; later ones naming the same role are noted and ignored.
    ``overrides`` (role → header text, from ``--column``) win over detection; a header named there
    that is not in the row raises InputError at the caller, which knows the file.
    A description column stands in for the product name when there is none.
    """
    heads = tuple(headers)
    index: dict[str, int] = {}
    notes: list[str] = []
    forced = {canonical_role(r): h for r, h in (overrides or {}).items()}
    taken: set[int] = set()
    for role, wanted in forced.items():
        pos = find_header(heads, wanted)
        if pos is not None:
            index[role] = pos
            taken.add(pos)
    for pos, head in enumerate(heads):
        if pos in taken:
            continue
        detected = role_of(head)
        if detected is None or detected in forced:
            continue
        if detected in index:
            notes.append(f"column {head!r} also looks like {detected!r}; using {heads[index[detected]]!r}")
            continue
        index[detected] = pos
    if "product" not in index and "description" in index:
        index["product"] = index["description"]
    return ColumnMap(heads, MappingProxyType(index), tuple(notes))


def find_header(headers: Sequence[str], wanted: str) -> int | None:
    """Position of ``wanted`` among ``headers``: exact text first, then normalised."""
    for pos, head in enumerate(headers):
        if head.strip() == wanted.strip():
            return pos
    key = normalise_header(wanted)
    for pos, head in enumerate(headers):
        if key and normalise_header(head) == key:
            return pos
    return None


def missing_overrides(headers: Sequence[str], overrides: Mapping[str, str]) -> list[str]:
    """The ``--column`` headers that are not in this header row."""
    return [h for h in overrides.values() if find_header(headers, h) is None]


def header_score(cells: Sequence[str], overrides: Mapping[str, str] | None = None) -> int:
    """How much a row looks like the header: the number of distinct roles it names."""
    cmap = map_columns(cells, overrides)
    if not cmap.screenable:
        return 0
    return len(set(cmap.index.values()))


def pick_header(rows: Sequence[Sequence[str]], overrides: Mapping[str, str] | None = None) -> int | None:
    """Index of the row among the first :data:`HEADER_SCAN_ROWS` that best looks like a header.

    The row naming the most roles wins, ties to the earliest; None when no row names a role that
    can be screened.
    """
    best, best_score = None, 0
    for pos, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = header_score(row, overrides)
        if overrides:
            score += 100 * (len(overrides) - len(missing_overrides(row, overrides)))
        if score > best_score:
            best, best_score = pos, score
    return best


SHOWN_HEADERS = 20
"""Headers quoted in the error for a header row that names nothing: enough to recognise the file,
few enough that a row of a million cells gives a short message."""


def no_columns_error(path: str, headers: Sequence[str], line: int | None = None,
                     named_total: int | None = None) -> InputError:
    """The error for a table whose header names nothing that can be screened, with the fix in words
    every interface can show; the command line adds its flag (``remedy="columns"``). ``named_total``:
    how many headers the row really names, when ``headers`` holds only the cells the search read."""
    named = [h for h in headers if h.strip()]
    total = len(named) if named_total is None else named_total
    shown = ", ".join(repr(h[:60]) for h in named[:SHOWN_HEADERS]) or "(none)"
    if total > SHOWN_HEADERS:
        shown += f" and {total - SHOWN_HEADERS:,} more"
    return InputError(
        "no column names a vendor, manufacturer, supplier, brand, model, part number, product, MAC, "
        f"sysObjectID, CPE, purl, LEI or web domain. Headers found: {shown}. Give the maker's column a "
        "header such as Vendor, Manufacturer or メーカー (and the model's Model).",
        path=path,
        line=line,
        remedy="columns",
    )


def detect_kind(cmap_roles: Sequence[str]) -> str:
    """``inventory`` when the columns describe devices on a network, else ``items``."""
    return "inventory" if any(r in INVENTORY_ROLES for r in cmap_roles) else "items"
