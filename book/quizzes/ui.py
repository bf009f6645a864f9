"""The quiz pages' interface words (``ui.yml``) in a reader's language: ``ui_words("zh")``.

``ui.yml`` maps each key to its English (``en``) and Simplified-Chinese (``zh``) text; the
Traditional-Chinese words are the Simplified ones converted by :func:`book.hant.to_hant`.  Every
quiz's data carries the words of its language (``"ui"``), so the page script holds no words.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from csat_examples.lang import check_lang

from .schema import BankError, check_plain_text

__all__ = ["UI_PATH", "ui_words", "ui_word"]

UI_PATH = Path(__file__).with_name("ui.yml")
_LABEL = "book/quizzes/ui.yml"


@lru_cache(maxsize=8)
def _table(path: str) -> dict[str, dict[str, str]]:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BankError(f"not valid YAML: {exc}", file=_LABEL) from exc
    if not isinstance(raw, Mapping):
        raise BankError("must map each key to its en and zh text", file=_LABEL)
    table: dict[str, dict[str, str]] = {}
    for key, entry in raw.items():
        if not isinstance(entry, Mapping):
            raise BankError("needs 'en:' and 'zh:'", file=_LABEL, field=str(key))
        table[str(key)] = {lang: check_plain_text(entry.get(lang), file=_LABEL, question=None,
                                                  field=f"{key}.{lang}") for lang in ("en", "zh")}
    return table


def ui_words(lang: str, path: Path | str = UI_PATH) -> dict[str, str]:
    """Every interface word in ``lang`` (``en``, ``zh`` or ``zh-Hant``), keyed as in ``ui.yml``.

    Examples
    --------
    >>> ui_words("en")["final_title"], ui_words("zh")["final_title"], ui_words("zh-TW")["final_title"]
    ('Final assessment', '结业测评', '結業測評')
    """
    code = check_lang(lang)
    table = _table(str(path))
    if code == "zh-Hant":
        return dict(_hant(str(path)))  # a copy: the cached table stays as read
    return {key: entry[code] for key, entry in table.items()}


@lru_cache(maxsize=2)
def _hant(path: str) -> dict[str, str]:
    from .translate import hant_converter

    to_hant = hant_converter()
    return {key: to_hant(entry["zh"]) for key, entry in _table(path).items()}


def ui_word(key: str, lang: str, **values: object) -> str:
    """One interface word in ``lang``, its ``{placeholders}`` filled.

    Examples
    --------
    >>> ui_word("chapter_title", "zh", number=3, title="满意率与满意度")
    '第 3 章　满意率与满意度'
    """
    words = ui_words(lang)
    if key not in words:
        raise BankError("missing key", file=_LABEL, field=key, fix="add it with its en and zh text")
    return words[key].format(**values) if values else words[key]
