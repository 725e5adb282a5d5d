"""The project's YAML data files, parsed through libyaml where PyYAML has it.

Safe loading either way (no Python objects from tags); the C parser is PyYAML's own and builds the
same values through the same constructor, ~10x faster: the news tables (country names, capitals,
authorities, Han variants; ~20,000 lines) took ~0.8 CPU s of every `intel` start in pure Python."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """A YAML document's value (``yaml.safe_load``'s, faster)."""
    return yaml.load(text, Loader=_LOADER)


def read_yaml(path: Path) -> Any:
    """A UTF-8 YAML file's value."""
    return parse_yaml(Path(path).read_text(encoding="utf-8"))
