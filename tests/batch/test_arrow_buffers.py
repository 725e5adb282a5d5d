"""The columnar check meets Arrow through buffers (formats.arrow_columns): in a fresh process it
leaves pandas unimported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from batch.inventory import write_inventory


def test_check_by_columns_does_not_import_pandas(tmp_path: Path):
    pytest.importorskip("pandas")  # installed, or the test cannot fail
    src = write_inventory(tmp_path / "inv.csv", 3000)
    code = ("import io, sys\n"
            "from supplyscreen import library\n"
            "from supplyscreen.batch import columnar\n"
            "from pathlib import Path\n"
            "from supplyscreen.sources import open_source\n"
            "class Sink(io.StringIO):\n"
            "    pass\n"
            f"tally = columnar.screen_csv(open_source(Path({str(src)!r})), library.make_screener(library.load_registry()), Sink)\n"
            "assert tally is not None\n"
            "print('pandas' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr
