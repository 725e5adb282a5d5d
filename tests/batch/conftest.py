"""One local Spark session for every test marked ``spark`` in a run: two cores, no web UI, quiet.

Spark needs Java: without a ``java`` on the PATH the tests marked ``spark`` are skipped (and say
so); pyspark itself is in the test extra, so its absence is an error, not a skip."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None:
        pytest.skip("no Java on the PATH: Spark cannot start (apt-get install openjdk-17-jre-headless)")
    from supplyscreen.batch.spark import session

    s = session("local[2]", "supplyscreen-tests")
    s.sparkContext.setLogLevel("ERROR")
    # Few rows per test: 4 shuffle partitions instead of 200 keep each small job quick.
    s.conf.set("spark.sql.shuffle.partitions", "4")
    yield s
    s.stop()
