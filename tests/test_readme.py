"""The README's commands run as written (as pip-audit and datasette guard their docs).

Every ``supplyscreen`` command in the README's code blocks is run from a folder holding a copy of
``examples/``, as a reader runs it from the project folder; it must end with exit 0 (clean) or 1
(findings), never an error or a crash. A block that cannot run here (a server, a store with users,
the shell's environment) is preceded by ``<!-- readme-test: skip (REASON) -->``.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from supplyscreen.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SKIP = re.compile(r"<!-- readme-test: skip \((?P<reason>[^)]+(?:\([^)]*\)[^)]*)*)\) -->\s*$")
FENCE = re.compile(r"^```(?P<lang>\S*)\s*$")


def _blocks(text: str) -> list[tuple[int, str, str | None, list[str]]]:
    """(line number, language, skip reason, lines) of each fenced block."""
    lines = text.splitlines()
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        before = next((x for x in reversed(lines[:i]) if x.strip()), "")
        skip = SKIP.match(before)
        j = i + 1
        while j < len(lines) and not FENCE.match(lines[j]):
            j += 1
        out.append((i + 1, m["lang"], skip["reason"] if skip else None, lines[i + 1:j]))
        i = j + 1
    return out


def _commands(block: list[str]) -> list[list[str]]:
    """The supplyscreen invocations of a shell block: continuation lines joined, comments dropped,
    `&&` chains split, and the setup around them (venv, pip) left to the reader."""
    joined, cur = [], ""
    for line in block:
        if line.rstrip().endswith("\\"):
            cur += line.rstrip()[:-1] + " "
            continue
        joined.append(cur + line)
        cur = ""
    found = []
    for line in joined:
        if not re.search(r"(^|&&\s*|/bin/)supplyscreen\s", line.strip()):
            continue  # a tree, a diagram or prose in a block, not a command
        words = shlex.split(line, comments=True)
        while words:
            cut = words.index("&&") if "&&" in words else len(words)
            part, words = words[:cut], words[cut + 1:]
            if part and (part[0] == "supplyscreen" or part[0].endswith("/bin/supplyscreen")):
                found.append(part[1:])
    return found


RUNNABLE = [(n, args) for n, lang, skip, block in _blocks(README) if lang in ("", "shell", "sh", "console")
            and skip is None for args in _commands(block)]


def test_the_readme_has_commands_to_run_and_every_skip_says_why() -> None:
    assert len(RUNNABLE) >= 15
    for n, _lang, skip, _block in _blocks(README):
        assert skip is None or len(skip.strip()) > 10, f"README.md:{n}: a skipped block needs its reason"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", here / "examples")
    return here


@pytest.mark.parametrize(("line", "args"), RUNNABLE, ids=[" ".join(a)[:60] for _n, a in RUNNABLE])
def test_a_readme_command_runs_as_written(line: int, args: list[str], folder: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    for name in ("SUPPLYSCREEN_POLICY", "SUPPLYSCREEN_JURISDICTION", "SUPPLYSCREEN_ORG_DESIGNATIONS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SUPPLYSCREEN_HOME", str(folder / "home"))
    res = CliRunner().invoke(app, args)
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert res.exit_code in (0, 1), f"README.md:{line}: supplyscreen {shlex.join(args)}\n{res.output[-2000:]}"
