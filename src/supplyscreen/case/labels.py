"""Labels in English and Japanese (``data/labels.yaml``), and the data files of this package."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from supplyscreen.case.model import LANGS, Text


@lru_cache(maxsize=8)
def data(name: str) -> Any:
    """A YAML file of ``case/data``, parsed once per process."""
    text = (resources.files("supplyscreen.case") / "data" / name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def text(node: Any) -> Text:
    """A ``{en: ..., ja: ...}`` node (or a plain string, English only) as a :class:`Text`."""
    if isinstance(node, str):
        return Text(node)
    return Text(str(node.get("en", "")), str(node.get("ja", "")))


@lru_cache(maxsize=1)
def all_labels() -> dict[str, Text]:
    return {k: text(v) for k, v in data("labels.yaml")["labels"].items()}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}: one of {', '.join(LANGS)}")
    return lang


class Labels:
    """The labels of one language: ``L("bidder")``, ``L.decision("exclude")``; a missing key is a bug
    and raises KeyError, so a template cannot silently show an empty heading."""

    def __init__(self, lang: str = "en") -> None:
        self.lang = check_lang(lang)
        self._all = all_labels()

    def __call__(self, key: str) -> str:
        return self._all[key].get(self.lang)

    def of(self, prefix: str, value: str) -> str:
        """The label of a coded value (``decision_exclude``), or the code itself when there is none."""
        t = self._all.get(f"{prefix}_{value}")
        return t.get(self.lang) if t else value

    def decision(self, value: str) -> str:
        return self.of("decision", value)

    def level(self, value: str) -> str:
        return self.of("level", value)

    def t(self, value: Text | dict[str, str] | str) -> str:
        """A :class:`Text` (or its dict form) in this language."""
        if isinstance(value, Text):
            return value.get(self.lang)
        if isinstance(value, dict):
            return text(value).get(self.lang)
        return value
