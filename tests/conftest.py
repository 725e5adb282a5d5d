import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import os
import tempfile

# Tests never write the user's cache; one throwaway cache folder per test session.
os.environ.setdefault("SUPPLYSCREEN_CACHE_DIR", tempfile.mkdtemp(prefix="supplyscreen-test-cache-"))
os.environ.setdefault("SUPPLYSCREEN_NO_PROGRESS", "1")
