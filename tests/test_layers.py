"""The package's layers, read from its imports: a module imports only its own layer and those below.

Every import counts, at the top of a module or inside a function (a function-local import that
dodges a cycle is still a dependency), and so do imports only for type checking.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "supplyscreen"

# Top first. A module may import modules of its own layer and of any layer below it.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("faces: the command line and the server", ("__main__", "cli", "commands", "server")),
    ("faces: the REST API and the web pages", ("api", "web")),
    ("what the HTTP faces share", ("http",)),
    ("the application layer", ("service",)),
    ("the store: tables, migrations, session, audit chain", ("store",)),
    ("applications of the library", ("__init__", "library", "parallel", "batch", "intel", "inventory", "case")),
    ("writers", ("formats",)),
    ("the orchestrator", ("screen",)),
    ("rules", ("policy",)),
    ("evidence", ("matching",)),
    ("registry, readers and identifiers", ("registry", "sources", "identifiers")),
    ("reference data: countries, device classes", ("reference",)),
    ("values", ("model", "errors", "settings", "fields", "datafile")),
)
# Rules never parse files or reach the service; evidence and the registry neither.
PURE = ("policy", "matching", "registry")
NEVER_FROM_PURE = ("sources", "store", "service", "http", "api", "web", "commands", "cli", "server")


def _top(module: str) -> str:
    """The first part below ``supplyscreen`` ('' for the package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _layer(top: str) -> int:
    for i, (_, names) in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"supplyscreen.{top} is in no layer: add it to LAYERS in {__file__}")


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports() -> list[tuple[str, str, int]]:
    """(importer, imported module, line) for every import of the package by the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue  # Alembic's scripts: run by the store, never imported by a layer
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    target = ".".join([*base, node.module] if node.module else base)
                else:
                    target = node.module or ""
                if target == "supplyscreen":
                    # `from supplyscreen import library` names a module of the package.
                    found += [(name, f"supplyscreen.{a.name}", node.lineno) for a in node.names]
                elif target.startswith("supplyscreen."):
                    found.append((name, target, node.lineno))
            elif isinstance(node, ast.Import):
                found += [(name, a.name, node.lineno) for a in node.names if a.name.startswith("supplyscreen.")]
    return found


def upward(found: list[tuple[str, str, int]]) -> list[str]:
    """Each import of a layer above the importer's, as a sentence."""
    out = []
    for importer, imported, line in found:
        a, b = _top(importer), _top(imported)
        if _layer(b) < _layer(a):
            out.append(f"{importer} (line {line}) imports {imported}: "
                       f"'{LAYERS[_layer(a)][0]}' may not import '{LAYERS[_layer(b)][0]}'")
    return out


def test_the_import_reader_sees_the_package() -> None:
    found = {(a, b) for a, b, _ in imports()}
    assert len(found) > 200
    # a top-level import, a function-local one, and `from supplyscreen import <module>`
    assert ("supplyscreen.cli", "supplyscreen.commands.common") in found
    assert ("supplyscreen.commands.audit", "supplyscreen.service.verify") in found
    assert ("supplyscreen.cli", "supplyscreen.library") in found


def test_an_upward_import_is_reported() -> None:
    assert upward([("supplyscreen.policy.loader", "supplyscreen.service.cases", 7)]) == [
        "supplyscreen.policy.loader (line 7) imports supplyscreen.service.cases: "
        "'rules' may not import 'the application layer'"]
    assert upward([("supplyscreen.service.cases", "supplyscreen.policy.loader", 7)]) == []


def test_no_module_imports_a_layer_above_it() -> None:
    bad = upward(imports())
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("pure", PURE)
def test_rules_evidence_and_registry_never_reach_files_or_the_service(pure: str) -> None:
    bad = [f"{a} (line {n}) imports {b}" for a, b, n in imports()
           if _top(a) == pure and _top(b) in NEVER_FROM_PURE]
    assert not bad, "\n".join(bad)


def test_the_api_and_the_web_pages_never_import_each_other() -> None:
    bad = [f"{a} (line {n}) imports {b}" for a, b, n in imports()
           if {_top(a), _top(b)} == {"api", "web"}]
    assert not bad, "\n".join(bad)


def test_only_the_root_command_imports_the_commands() -> None:
    bad = [f"{a} (line {n}) imports {b}" for a, b, n in imports()
           if _top(b) == "commands" and _top(a) not in ("cli", "commands")]
    assert not bad, "\n".join(bad)


def test_every_module_and_folder_of_the_package_has_a_layer() -> None:
    for path in PACKAGE.iterdir():
        if path.suffix == ".py":
            _layer(path.stem)
        elif (path / "__init__.py").exists():
            _layer(path.name)
