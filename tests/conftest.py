import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import os
import shutil
import tempfile

# Tests never write the user's cache; one throwaway cache folder per test session (name indexes
# of ~60 MB), removed when the session ends.
_CACHE = None
if "SUPPLYSCREEN_CACHE_DIR" not in os.environ:
    _CACHE = os.environ["SUPPLYSCREEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="supplyscreen-test-cache-")
os.environ.setdefault("SUPPLYSCREEN_NO_PROGRESS", "1")


def pytest_unconfigure(config) -> None:  # type: ignore[no-untyped-def]
    if _CACHE is not None:
        shutil.rmtree(_CACHE, ignore_errors=True)


# Speed is measured in benchmarks/, side by side with a baseline, never in unit tests: hypothesis's
# per-example deadline (200 ms by default) is a timing check that fails on a loaded 2-core CI
# machine without anything being wrong. Examples stay derandomised per test as hypothesis does.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "supplyscreen", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("supplyscreen")
