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
