"""Screen every bom-extra product also as CycloneDX 1.6 XML and SPDX 2.3 JSON and list the rows
whose decision differs from expected.csv.

    .venv/bin/python benchmarks/data/bom-extra/formats.py [OUT_DIR]

XML is written by cyclonedx-python-lib from the JSON (same content). SPDX 2.3 JSON is written the
way a converter maps CycloneDX: supplier → supplier; manufacturer name, else authors, else
publisher → originator; cpe / purl → external references; properties → comment lines
(``supplyscreen:purpose=...``); nesting → CONTAINS; dependencies → DEPENDS_ON; a manufacturer
given only by its web address → homepage. SPDX has no maven group and no maker address, so a
component known only by those is not identified there (two known differences, printed).
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CLI = Path(sys.executable).parent / "supplyscreen"


def spdx_id(ref: str) -> str:
    return "SPDXRef-" + re.sub(r"[^A-Za-z0-9.-]", "-", ref)


def _package(c: dict[str, Any], packages: list[dict[str, Any]], rels: list[dict[str, str]]) -> None:
    p: dict[str, Any] = {"SPDXID": spdx_id(c["bom-ref"]), "name": c["name"], "downloadLocation": "NOASSERTION",
                         "filesAnalyzed": False}
    if c.get("version"):
        p["versionInfo"] = c["version"]
    mfr = c.get("manufacturer") or {}
    if (c.get("supplier") or {}).get("name"):
        p["supplier"] = "Organization: " + c["supplier"]["name"]
    maker = mfr.get("name") or (c["authors"][0]["name"] if c.get("authors") else None) or c.get("publisher")
    if maker:
        p["originator"] = "Organization: " + maker
    elif mfr.get("url"):
        p["homepage"] = mfr["url"][0]
    refs = [{"referenceCategory": "SECURITY", "referenceType": "cpe23Type", "referenceLocator": c["cpe"]}] if c.get("cpe") else []
    if c.get("purl"):
        refs.append({"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": c["purl"]})
    if refs:
        p["externalRefs"] = refs
    if c.get("properties"):
        p["comment"] = "\n".join(f"{x['name']}={x['value']}" for x in c["properties"])
    p["primaryPackagePurpose"] = c["type"].upper() if c["type"] != "device" else "DEVICE"
    packages.append(p)
    for k in c.get("components") or []:
        rels.append({"spdxElementId": p["SPDXID"], "relationshipType": "CONTAINS", "relatedSpdxElement": spdx_id(k["bom-ref"])})
        _package(k, packages, rels)


def to_spdx(doc: dict[str, Any]) -> dict[str, Any]:
    packages: list[dict[str, Any]] = []
    root = doc["metadata"]["component"]
    rels = [{"spdxElementId": "SPDXRef-DOCUMENT", "relationshipType": "DESCRIBES", "relatedSpdxElement": spdx_id(root["bom-ref"])}]
    for c in [root, *doc.get("components", [])]:
        _package(c, packages, rels)
    rels += [{"spdxElementId": spdx_id(d["ref"]), "relationshipType": "DEPENDS_ON", "relatedSpdxElement": spdx_id(t)}
             for d in doc.get("dependencies", []) for t in d.get("dependsOn", [])]
    return {"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": root["name"],
            "documentNamespace": "https://example.org/supplyscreen/bom-extra/" + root["bom-ref"],
            "creationInfo": {"created": "2026-11-20T10:00:00Z", "creators": ["Tool: bom-extra formats.py"]},
            "packages": packages, "relationships": rels}


def to_xml(doc: dict[str, Any]) -> str:
    from cyclonedx.model.bom import Bom
    from cyclonedx.output import make_outputter
    from cyclonedx.schema import OutputFormat, SchemaVersion

    return str(make_outputter(Bom.from_json(data=doc), OutputFormat.XML, SchemaVersion.V1_6).output_as_string(indent=2))


def decisions(path: Path, as_of: str) -> dict[str, str]:
    cmd = [str(CLI), "check", str(path), "--format", "json", "--policy", "us-ndaa-889"] + (["--as-of", as_of] if as_of else [])
    out = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=False).stdout)
    return {"*": out["decision"], **{i["ref"]: i["decision"] for i in out["items"]}}


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="bom-extra-formats-"))
    out.mkdir(parents=True, exist_ok=True)
    rows = list(csv.DictReader((HERE / "expected.csv").open(encoding="utf-8")))
    differ = 0
    for name in sorted({r["file"] for r in rows}):
        doc = json.loads((HERE / name).read_text(encoding="utf-8"))
        stem = name.removesuffix(".cdx.json")
        (out / f"{stem}.cdx.xml").write_text(to_xml(doc), encoding="utf-8")
        (out / f"{stem}.spdx.json").write_text(json.dumps(to_spdx(doc), indent=1, ensure_ascii=False), encoding="utf-8")
        for as_of in sorted({r["as_of"] for r in rows if r["file"] == name}):
            for kind, ref_of in (("cdx.xml", str), ("spdx.json", lambda r: r if r == "*" else spdx_id(r))):
                got = decisions(out / f"{stem}.{kind}", as_of)
                for r in rows:
                    if r["file"] == name and r["as_of"] == as_of and got.get(ref_of(r["ref"])) != r["expected_decision"]:
                        differ += 1
                        print(f"{kind:9} {name} {as_of or '-'} {r['ref']}: expected {r['expected_decision']}, "
                              f"got {got.get(ref_of(r['ref']))}")
    print(f"{differ} row(s) differ; files in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
