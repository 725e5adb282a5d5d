"""Arrow columns built from buffers, never through pyarrow's conversions (which import
pandas): the arrays built and read back must be what those conversions give."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen.formats import arrow_columns

pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")

TEXTS = st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12), max_size=40)


@settings(max_examples=80, deadline=None)
@given(values=TEXTS, start=st.integers(0, 5), stop=st.integers(0, 5))
def test_strings_built_from_buffers_equal_pyarrow_s(values, start, stop):
    built = arrow_columns.strings(values)
    assert built.equals(pa.array(values, pa.string()))
    built.validate(full=True)
    end = max(start, len(values) - stop)
    assert built.slice(start, end - start).to_pylist() == values[start:end]


@settings(max_examples=80, deadline=None)
@given(values=st.lists(st.integers(-(2**62), 2**62), max_size=40), start=st.integers(0, 5))
def test_integers_both_ways_equal_pyarrow_s(values, start):
    ints = np.array(values, dtype=np.int64)
    built = arrow_columns.int64s(ints)
    assert built.equals(pa.array(ints, pa.int64()))
    for kind in (pa.int64(), pa.int32(), pa.int8()):
        arr = pc.cast(built, kind, safe=False).slice(min(start, len(values)))
        assert arrow_columns.numpy_view(arr).tolist() == arr.to_numpy(zero_copy_only=False).tolist()


@settings(max_examples=80, deadline=None)
@given(bits=st.lists(st.booleans(), max_size=70), start=st.integers(0, 9), nulls=st.lists(st.booleans(), max_size=70))
def test_booleans_and_nulls_read_back_as_pyarrow_reads_them(bits, start, nulls):
    arr = pa.array(bits, pa.bool_()).slice(min(start, len(bits)))
    assert arrow_columns.numpy_view(arr).tolist() == arr.to_numpy(zero_copy_only=False).tolist()
    with_nulls = pa.array([None if n else i for i, n in enumerate(nulls)], pa.int32()).slice(min(start, len(nulls)))
    assert arrow_columns.numpy_or(with_nulls, -1).tolist() == pc.fill_null(with_nulls, -1).to_pylist()


@settings(max_examples=80, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.integers(-(2**62), 2**62)), max_size=40), start=st.integers(0, 5))
def test_nullable_integers_equal_pyarrow_s(values, start):
    built = arrow_columns.nullable_int64s(values)
    assert built.equals(pa.array(values, pa.int64()))
    built.validate(full=True)
    assert built.slice(min(start, len(values))).to_pylist() == values[min(start, len(values)):]
