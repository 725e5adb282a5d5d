"""What every command shares: the default policy, what to install for a missing extra, the error
message's size and its interface-specific remedy, the summary after ``-o``."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.commands.common import EXTRAS, error, missing_extra, pick_policy
from supplyscreen.errors import MESSAGE_LIMIT, InputError, cap
from supplyscreen.policy import DEFAULT_POLICY, for_jurisdiction, load

ROOT = Path(__file__).resolve().parents[2]


@given(st.text(max_size=3 * MESSAGE_LIMIT))
def test_cap_keeps_short_messages_whole_and_says_what_it_cut(text: str) -> None:
    capped = cap(text)
    if len(text) <= MESSAGE_LIMIT:
        assert capped == text
    else:
        assert capped.startswith(text[:MESSAGE_LIMIT]) and len(capped) < MESSAGE_LIMIT + 60
        assert f"{len(text) - MESSAGE_LIMIT:,} more characters" in capped


@pytest.mark.parametrize(("code", "pack"), [("GB", "uk-huawei-dvd-2022"), ("uk", "uk-huawei-dvd-2022"),
                                            ("JP", "jp-gov-it-procurement-2018"), ("us", DEFAULT_POLICY)])
def test_a_jurisdiction_names_its_pack(code: str, pack: str) -> None:
    assert for_jurisdiction(code) == pack
    assert load(pack).jurisdiction.upper() == {"UK": "GB"}.get(code.upper(), code.upper())


def test_policy_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUPPLYSCREEN_POLICY", raising=False)
    monkeypatch.delenv("SUPPLYSCREEN_JURISDICTION", raising=False)
    assert pick_policy(None, None) == DEFAULT_POLICY
    monkeypatch.setenv("SUPPLYSCREEN_JURISDICTION", "JP")
    assert pick_policy(None, None) == "jp-gov-it-procurement-2018"
    monkeypatch.setenv("SUPPLYSCREEN_POLICY", "se-pts-2020")
    assert pick_policy(None, None) == "se-pts-2020"  # a pack named outright beats a jurisdiction's
    assert pick_policy(None, "GB") == "uk-huawei-dvd-2022"  # the flag beats the settings
    assert pick_policy("ca-2022", "GB") == "ca-2022"  # and --policy beats everything


def test_a_jurisdiction_without_a_pack_is_a_usage_error_listing_those_with_one(monkeypatch, capsys) -> None:
    monkeypatch.delenv("SUPPLYSCREEN_POLICY", raising=False)
    with pytest.raises(typer.Exit) as e:
        pick_policy(None, "ZZ")
    err = capsys.readouterr().err
    assert e.value.exit_code == 2 and "--jurisdiction 'ZZ'" in err and "GB" in err and "JP" in err


def test_the_command_line_adds_its_flag_to_an_input_error_that_offers_one(capsys) -> None:
    exc = InputError("no column names a vendor", path="a.csv", line=1, remedy="columns")
    assert "--" not in str(exc)  # what the web page and the API show
    error(exc)
    assert "--column vendor=HEADER" in capsys.readouterr().err


def _service_distributions() -> set[str]:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = set()
    for req in extras["service"]:
        name = req.split(";")[0].split("[")[0]
        for sep in "<>=!~ ":
            name = name.split(sep)[0]
        names.add(name.lower().replace("_", "-"))
    return names


def test_every_service_dependency_is_named_by_what_its_import_is_called() -> None:
    """A module the service imports maps to the extra that installs it (guards EXTRAS against drift)."""
    installed = packages_distributions()
    covered = {d.lower().replace("_", "-") for m in EXTRAS["service"] for d in installed.get(m, ())}
    assert _service_distributions() - covered <= {"uvloop", "httptools"}  # loaded by uvicorn, never imported by us


@pytest.mark.parametrize("module", ["sqlalchemy", "sqlalchemy.orm", "fastapi", "argon2"])
def test_a_missing_service_module_says_what_to_install(module: str) -> None:
    message = missing_extra(module, ["case"])
    assert message is not None and "supplyscreen case" in message and "pip install 'supplyscreen[service]'" in message


def test_a_module_no_extra_installs_is_not_explained_away() -> None:
    assert missing_extra("numpy", ["check"]) is None and missing_extra(None, []) is None


@pytest.mark.parametrize("argv", [["audit", "verify"], ["case", "list"], ["serve"]])
def test_a_command_of_an_extra_not_installed_exits_2_with_what_to_install(argv: list[str], tmp_path: Path) -> None:
    # As after `pip install -e .` alone: importing SQLAlchemy fails.
    code = ("import sys; sys.modules['sqlalchemy'] = None; sys.modules['uvicorn'] = None; "
            f"sys.argv = ['supplyscreen', *{argv!r}]; from supplyscreen.__main__ import main; main()")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path,
                       env={"PYTHONPATH": str(ROOT / "src"), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "needs the optional 'service' dependencies" in r.stderr and "[service]" in r.stderr
