"""Issue 16: every identifier a reader maps is looked up, every column real lists use for a model or
part number is read as one, and an organisation can designate a maker by its identifiers."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest

from supplyscreen import library
from supplyscreen.errors import InputError
from supplyscreen.fields import SCHEMES
from supplyscreen.identifiers import lei_check_digits
from supplyscreen.model import Decision, Item
from supplyscreen.registry.importers import load_any
from supplyscreen.screen import Tally
from supplyscreen.sources.columns import SYNONYMS, role_of

ORG = Path(__file__).parent / "assets" / "decisions" / "org-by-identifier.yaml"
JP = "jp-gov-it-procurement-2018"


def _decide(policy: str, rows: list[dict[str, str]], org: bool = True) -> list:
    screener = library.make_screener(library.load_registry(None, (ORG,) if org else ()), policy)
    items = (Item(str(n), MappingProxyType(r), line=n + 2) for n, r in enumerate(rows))
    return list(screener.screen(items, Tally()))


@pytest.mark.parametrize(("field", "value"), [
    ("lei", "5493004kvx0zhkq7rt70"), ("mac", "D4-AD-20-01-02-03"), ("mac", "8c1f.64e0.0001"),
    ("sys_object_id", "1.3.6.1.4.1.64999.1.2"), ("cpe", "cpe:2.3:h:ospreyoptics:ov-200:-:*:*:*:*:*:*:*"),
    ("purl", "pkg:maven/com.ospreyoptics.sdk/ov-sdk@1.2"), ("domain", "https://support.OspreyOptics.example/x"),
    ("manufacturer", "鹗光科技"),
])
def test_an_item_carrying_only_one_identifier_of_a_designated_party_is_never_allowed(field: str, value: str) -> None:
    (r,) = _decide(JP, [{field: value}])
    assert r.decision is Decision.EXCLUDE, r.reason
    assert "Osprey Optics" in r.reason


def test_another_firms_identifiers_stay_clean() -> None:
    other_lei = "5493001QWERTY00XY1" + lei_check_digits("5493001QWERTY00XY1")
    out = _decide(JP, [{"lei": other_lei}, {"domain": "example.com"}, {"mac": "D4:AD:21:00:00:01", "vendor": "Acme"}])
    assert [r.decision for r in out] == [Decision.ALLOW] * 3


def test_every_scheme_an_item_field_is_looked_up_under_can_be_designated() -> None:
    (e,) = load_any(ORG).entities
    assert {i.scheme for i in e.identifiers} == set(SCHEMES.values())


@pytest.mark.parametrize(("key", "value", "said"), [
    ("lei", "5493004KVX0ZHKQ7RT71", "check digits"), ("mac", "D4:AD", "6, 7 or 9 hex digits"),
    ("pen", "huawei", "enterprise number"), ("domain", "not a domain", "web domain"), ("uscc", "x", "unknown"),
])
def test_a_bad_designated_identifier_names_file_line_and_scheme(tmp_path: Path, key: str, value: str, said: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("list: {id: t, name: T}\ndesignations:\n  - name: X Co.\n    identifiers:\n"
                   f"      {key}: '{value}'\n", encoding="utf-8")
    with pytest.raises(InputError, match=said) as err:
        load_any(bad)
    assert "bad.yaml:" in str(err.value)


# Column names real item lists, inventories and BOMs give a maker's model or part number.
MODEL_COLUMNS = ["SKU", "SKU #", "Item No.", "Item #", "Catalog Number", "Cat. No.", "Catalogue No", "Article Number",
                 "Art.-Nr.", "Artikelnummer", "Product Code", "Product No.", "Model #", "Part #", "Mfr Part No",
                 "Manufacturer Part Number", "Vendor Part Number", "Order Code", "Ordering Code", "型名", "モデル番号",
                 "製品型番", "商品コード", "製品コード", "品目コード", "产品型号", "货号", "物料编码", "产品编码", "規格型號"]


@pytest.mark.parametrize("header", MODEL_COLUMNS)
def test_every_model_number_column_is_read_as_one(header: str) -> None:
    assert role_of(header) in ("model", "part_number")


# Each pack with model numbers of makers it designates (the Japanese one with an agency's list that
# names Huawei and ZTE, the shipped example).
DESIGNATED_NUMBERS = {
    "us-ndaa-889": ("DS-2CD2143G2-I", "S5735-L24T4S-A", "IPC-HFW2431S-S-S2"),
    "us-fcc-covered-list": ("DS-2CD2143G2-I", "S5735-L24T4S-A", "IPC-HFW2431S-S-S2"),
    JP: ("S5735-L24T4S-A",),
}


@pytest.mark.parametrize("field", ["model", "part_number", "product"])
@pytest.mark.parametrize("policy", sorted(DESIGNATED_NUMBERS))
def test_a_designated_makers_model_number_in_any_model_field_is_never_allowed(policy: str, field: str) -> None:
    import supplyscreen.registry as registry_pkg

    example = Path(registry_pkg.__file__).parent / "examples" / "jp-org-designations.example.yaml"
    screener = library.make_screener(library.load_registry(None, (example,)), policy)
    rows = [{"supplier": "CDW Government LLC", field: number} for number in DESIGNATED_NUMBERS[policy]]
    items = (Item(str(n), MappingProxyType(r), line=n + 2) for n, r in enumerate(rows))
    for r in screener.screen(items, Tally()):
        assert r.decision is not Decision.ALLOW, (policy, r.item.fields, r.reason)


def test_column_synonyms_name_only_roles_of_the_vocabulary() -> None:
    from supplyscreen.fields import ROLES
    from supplyscreen.sources.columns import REF

    assert set(SYNONYMS) - {REF} <= set(ROLES)
