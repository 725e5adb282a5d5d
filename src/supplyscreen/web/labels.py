"""The pages' labels in English and Japanese (``case/data/labels.yaml`` and ``web_labels.yaml``),
and the language a request asks for (``?lang=ja``, then the cookie that keeps the choice)."""

from __future__ import annotations

from functools import lru_cache

from fastapi import Request

from supplyscreen.case.labels import Labels, all_labels, data, text
from supplyscreen.case.model import LANGS, Text

LANG_COOKIE = "supplyscreen_lang"


@lru_cache(maxsize=1)
def web_labels() -> dict[str, Text]:
    return {k: text(v) for k, v in data("web_labels.yaml")["labels"].items()}


class PageLabels(Labels):
    """The package's labels and the pages' own, in one language."""

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self._all = {**all_labels(), **web_labels()}


def lang_of(request: Request) -> str:
    asked = request.query_params.get("lang", "")
    if asked in LANGS:
        return asked
    kept = request.cookies.get(LANG_COOKIE, "")
    return kept if kept in LANGS else "en"
