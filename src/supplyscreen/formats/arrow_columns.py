"""Arrow columns met through their buffers, never through pyarrow's conversions.

Converting a Python or numpy value (``pa.array``, ``pa.scalar``, a Python separator or fill value)
or asking ``Array.to_numpy`` imports pandas where it is installed (pyarrow's pandas shim, once per
process: ~0.7 CPU s and ~60 MB, as much as screening 50,000 rows; and 60 MB of a web process for
the rest of its life). The columnar check (``batch.columnar``) and the Parquet export of stored
results (``service.results``) build their arrays from buffers and read them back as numpy views."""

from __future__ import annotations

from typing import Any


def numpy_view(array: Any) -> Any:
    """A null-free Arrow array of integers or booleans as a numpy array (a view of its buffer;
    booleans unpacked from their bits)."""
    import numpy as np

    if array.null_count:
        raise ValueError("an array with nulls has no numpy view")
    n, at, data = len(array), array.offset, array.buffers()[1]
    if str(array.type) == "bool":
        if not n:
            return np.zeros(0, dtype=np.bool_)
        return np.unpackbits(np.frombuffer(data, dtype=np.uint8), count=at + n, bitorder="little")[at:].view(np.bool_)
    dtype = np.dtype(str(array.type))  # int8 ... uint64: numpy's names are Arrow's
    return np.frombuffer(data, dtype=dtype, count=n, offset=at * dtype.itemsize) if n else np.zeros(0, dtype=dtype)


def numpy_or(array: Any, missing: int) -> Any:
    """An Arrow array of integers as numpy, each null as ``missing`` (a copy)."""
    import numpy as np

    n, at = len(array), array.offset
    if not n:
        return np.zeros(0, dtype=np.int64)
    dtype = np.dtype(str(array.type))
    valid, data = array.buffers()[:2]
    out = np.frombuffer(data, dtype=dtype, count=n, offset=at * dtype.itemsize).astype(np.int64)
    if array.null_count:
        ok = np.unpackbits(np.frombuffer(valid, dtype=np.uint8), count=at + n, bitorder="little")[at:]
        out[ok == 0] = missing
    return out


def int64s(values: Any) -> Any:
    """A numpy array of integers as an Arrow int64 array (sharing its buffer when it can)."""
    import numpy as np
    import pyarrow as pa

    data = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])


def strings(values: list[str]) -> Any:
    """A list of texts as an Arrow string array, built from its buffers (offsets, UTF-8 bytes)."""
    import numpy as np
    import pyarrow as pa

    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), np.int64, len(encoded)), out=offsets[1:])
    if offsets[-1] >= 1 << 31:
        raise OverflowError("more than 2 GiB of text in one string array")
    return pa.Array.from_buffers(pa.string(), len(encoded), [None, pa.py_buffer(offsets.astype(np.int32)),
                                                             pa.py_buffer(b"".join(encoded))])


def text(value: str) -> Any:
    """A text as an Arrow scalar (a separator), taken from an array: pa.scalar converts."""
    return strings([value])[0]


def nullable_int64s(values: list[int | None]) -> Any:
    """A 64-bit integer column from its values, a missing one null (its validity bit unset)."""
    import numpy as np
    import pyarrow as pa

    present = np.fromiter((v is not None for v in values), np.bool_, len(values))
    data = np.fromiter((0 if v is None else v for v in values), np.int64, len(values))
    nulls = len(values) - int(present.sum())
    valid = pa.py_buffer(np.packbits(present, bitorder="little")) if nulls else None
    return pa.Array.from_buffers(pa.int64(), len(values), [valid, pa.py_buffer(data)], null_count=nulls)
