"""The columnar check meets Arrow through buffers, never through pyarrow's conversions (which import
pandas): the arrays built and read back must be what those conversions give."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batch.inventory import write_inventory
from supplyscreen.batch import columnar

pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")

TEXTS = st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12), max_size=40)


@settings(max_examples=80, deadline=None)
@given(values=TEXTS, start=st.integers(0, 5), stop=st.integers(0, 5))
def test_strings_built_from_buffers_equal_pyarrow_s(values, start, stop):
    built = columnar._strings(values)
    assert built.equals(pa.array(values, pa.string()))
    built.validate(full=True)
    end = max(start, len(values) - stop)
    assert built.slice(start, end - start).to_pylist() == values[start:end]


@settings(max_examples=80, deadline=None)
@given(values=st.lists(st.integers(-(2**62), 2**62), max_size=40), start=st.integers(0, 5))
def test_integers_both_ways_equal_pyarrow_s(values, start):
    ints = np.array(values, dtype=np.int64)
    built = columnar._ints(ints)
    assert built.equals(pa.array(ints, pa.int64()))
    for kind in (pa.int64(), pa.int32(), pa.int8()):
        arr = pc.cast(built, kind, safe=False).slice(min(start, len(values)))
        assert columnar._np(arr).tolist() == arr.to_numpy(zero_copy_only=False).tolist()


@settings(max_examples=80, deadline=None)
@given(bits=st.lists(st.booleans(), max_size=70), start=st.integers(0, 9), nulls=st.lists(st.booleans(), max_size=70))
def test_booleans_and_nulls_read_back_as_pyarrow_reads_them(bits, start, nulls):
    arr = pa.array(bits, pa.bool_()).slice(min(start, len(bits)))
    assert columnar._np(arr).tolist() == arr.to_numpy(zero_copy_only=False).tolist()
    with_nulls = pa.array([None if n else i for i, n in enumerate(nulls)], pa.int32()).slice(min(start, len(nulls)))
    assert columnar._np_or(with_nulls, -1).tolist() == pc.fill_null(with_nulls, -1).to_pylist()


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
