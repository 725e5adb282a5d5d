"""Writes the hostile inputs of the service-limits batch (invented here, nothing copied): each is
small on disk and costly to read, the class of input issue 19 found. Run: python make_inputs.py DIR."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

HEADER = "vendor,model,purpose\n"


def xlsx(cell: str) -> bytes:
    """A minimal workbook whose one shared string is ``cell`` (deflated: kilobytes on disk)."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Items" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/sharedStrings.xml": '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        f"<si><t>{cell}</t></si></sst>",
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>vendor</t></is></c><c r="B1" t="inlineStr"><is><t>model</t></is></c></row>'
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>X1</t></is></c></row>'
        "</sheetData></worksheet>",
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return buf.getvalue()


def deep_cyclonedx(depth: int) -> str:
    head = '<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"><components>'
    comp = '<component type="device"><name>Cam</name><components>'
    tail = "</components></component>"
    return head + comp * depth + tail * depth + "</components></bom>"


INPUTS = {
    "cell-bomb.xlsx": lambda: xlsx("A" * (200 * 2**20)),
    "huge-cell.csv": lambda: (HEADER + "Acme," + "M" * (10 * 2**20) + ",camera\nHuawei,AR100,router\n").encode(),
    "wide-row.csv": lambda: (HEADER + "Acme,X1,camera" + ",x" * 2_000_000 + "\nHuawei,AR100,router\n").encode(),
    "deep.cdx.xml": lambda: deep_cyclonedx(50_000).encode(),
    "deep.json": lambda: ('[{"vendor": "Acme", "model": ' + "[" * 200_000 + "]" * 200_000 + "}]").encode(),
    "many-rows.csv": lambda: (HEADER + "Acme,X1,camera\n" * 2_100_000).encode(),
}

if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "inputs")
    out.mkdir(parents=True, exist_ok=True)
    for name, make in INPUTS.items():
        (out / name).write_bytes(make())
        print(name, (out / name).stat().st_size)
