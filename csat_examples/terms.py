"""The one terms table: every reader-facing label in English and Chinese.

Labels shown by the calculators, the report and the charts, and the terms of
the book's glossary, come from the YAML files in ``csat_examples/data/terms/``
(one file per area, merged; a key may appear in one file only).  Each entry is::

    key:
      en: English label
      zh: 中文标签
      definition_en: optional one-sentence definition (glossary)
      definition_zh: optional

A Chinese edition therefore needs no code change: only the ``zh`` fields.  The
Traditional-Chinese label (``"zh-Hant"``) is derived from ``zh`` by
:func:`csat_examples.lang.hant`.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache
from importlib import resources

import pandas as pd
import yaml

from .errors import CsatInputError
from .lang import LANGUAGES, Lang, check_lang, hant, pick

__all__ = ["label", "labels", "display_name", "terms_table", "LANGUAGES", "Lang"]

# libyaml's loader reads the table ~9x faster than the pure-Python one; fall back where it is missing.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The fields every entry must have: the English and the Simplified-Chinese label.
_REQUIRED = ("en", "zh")


@lru_cache(maxsize=1)
def _load() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    folder = resources.files("csat_examples") / "data" / "terms"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith((".yml", ".yaml")):
            continue
        content = yaml.load(entry.read_text(encoding="utf-8"), Loader=_Loader) or {}
        for key, value in content.items():
            if key in merged:
                raise CsatInputError(
                    f"term {key!r} is defined twice ({origin[key]} and {entry.name})",
                    argument="terms",
                    fix="keep each key in one terms file",
                )
            if not isinstance(value, dict) or not all(lang in value for lang in _REQUIRED):
                raise CsatInputError(
                    f"term {key!r} in {entry.name} needs both 'en' and 'zh'",
                    argument="terms",
                    value=value,
                    fix="give the entry an 'en' and a 'zh' field",
                )
            merged[key] = {k: str(v) for k, v in value.items()}
            origin[key] = entry.name
    return merged


def label(key: str, lang: Lang = "en") -> str:
    """Return the label of ``key`` in ``lang`` (``"en"``, ``"zh"`` or ``"zh-Hant"``).

    Examples
    --------
    >>> label("satisfaction_rate")
    'Satisfaction rate'
    >>> label("satisfaction_rate", "zh"), label("satisfaction_rate", "zh-Hant")
    ('满意率', '滿意率')
    """
    check_lang(lang)
    table = _load()
    if key not in table:
        raise CsatInputError(
            "no such term", argument="key", value=key,
            fix="add it to a file in csat_examples/data/terms/",
        )
    return pick(table[key]["en"], table[key]["zh"], lang)


def labels(keys: list[str] | tuple[str, ...], lang: Lang = "en") -> list[str]:
    """Labels of several keys, in order.

    Examples
    --------
    >>> labels(["satisfaction_rate", "satisfaction_degree"], "zh")
    ['满意率', '满意度']
    """
    return [label(k, lang) for k in keys]


def display_name(value: Hashable, lang: Lang = "en", *, key: str | None = None) -> str:
    """The label of ``value`` if the terms table has one, else the value itself as text.

    Values such as RATER dimensions, complaint causes or quadrants are terms
    keys; an organisation's own item, segment or construct names are not and
    are shown as written.

    Parameters
    ----------
    value : hashable
        What to show.
    lang : {"en", "zh", "zh-Hant"}
        An unknown language is an error even for a value without a label.
    key : str, optional
        The terms key to look up, when it is not ``str(value)`` (e.g.
        ``f"report_col_{column}"`` for a table header).

    Examples
    --------
    >>> display_name("reliability", "zh"), display_name("X21")
    ('信赖度', 'X21')
    >>> display_name("rate", key="report_col_rate"), display_name("weird", key="report_col_weird")
    ('Satisfaction rate (%)', 'weird')
    """
    key = str(value) if key is None else key
    if key in _load():
        return label(key, lang)
    check_lang(lang)
    return str(value)


def terms_table() -> pd.DataFrame:
    """All terms as a DataFrame: ``key``, then the label and the definition in each language.

    Columns ``key, en, zh, zh_hant, definition_en, definition_zh,
    definition_zh_hant`` (an empty definition where the entry has none).

    Examples
    --------
    >>> t = terms_table()
    >>> list(t.columns)
    ['key', 'en', 'zh', 'zh_hant', 'definition_en', 'definition_zh', 'definition_zh_hant']
    >>> t.set_index("key").loc["satisfaction_rate", "zh_hant"]
    '滿意率'
    """
    rows = []
    for key, v in _load().items():
        definition_zh = v.get("definition_zh", "")
        rows.append({
            "key": key, "en": v["en"], "zh": v["zh"], "zh_hant": hant(v["zh"]),
            "definition_en": v.get("definition_en", ""), "definition_zh": definition_zh,
            "definition_zh_hant": hant(definition_zh) if definition_zh else "",
        })
    return pd.DataFrame(rows, columns=["key", "en", "zh", "zh_hant", "definition_en", "definition_zh",
                                       "definition_zh_hant"])
