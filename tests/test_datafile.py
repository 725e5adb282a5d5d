"""The data-file reader gives what PyYAML's safe loader gives, on generated documents and on every
data file the package ships."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.datafile import parse_yaml

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "supplyscreen"

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(),
                     st.floats(allow_nan=False, allow_infinity=False), st.dates())
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@given(_values, st.sampled_from([None, True]))
def test_generated_documents_read_as_the_safe_loader_reads_them(value, flow):
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow)
    assert parse_yaml(text) == yaml.safe_load(text)


def test_every_shipped_data_file_reads_as_the_safe_loader_reads_it():
    files = sorted(PACKAGE.rglob("*.yaml"))
    assert len(files) > 20
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert parse_yaml(text) == yaml.safe_load(text), f
