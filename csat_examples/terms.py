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

import hashlib
import json
from collections.abc import Hashable
from functools import lru_cache
from importlib import resources

import pandas as pd

from .errors import CsatInputError
from .lang import LANGUAGES, Lang, check_lang, hant, pick

__all__ = ["label", "labels", "display_name", "terms_table", "compiled_table", "LANGUAGES", "Lang"]

#: The fields every entry must have: the English and the Simplified-Chinese label.
_REQUIRED = ("en", "zh")


#: The merged table as JSON beside the YAML files, with a digest of the files it was made from
#: (``python -m book.hant`` writes it): json reads it in ~2 ms where the YAML takes ~60 ms at every
#: import.  A table whose digest does not match the YAML files is not used, so an edited YAML file
#: counts at once (a test fails until the table is written again).
TABLE_FILE = "terms.json"


def _sources() -> list[tuple[str, bytes]]:
    """(name, bytes) of every terms YAML file, in name order."""
    folder = resources.files("csat_examples") / "data" / "terms"
    entries = sorted((p for p in folder.iterdir() if p.name.endswith((".yml", ".yaml"))), key=lambda p: p.name)
    return [(p.name, p.read_bytes()) for p in entries]


def _digest(sources: list[tuple[str, bytes]]) -> str:
    sha = hashlib.sha256()
    for name, content in sources:
        sha.update(f"{name}\0{len(content)}\0".encode())
        sha.update(content)
    return sha.hexdigest()


def _merge(sources: list[tuple[str, bytes]]) -> dict[str, dict[str, str]]:
    import yaml  # only when the stored table is out of date (or being written)

    # libyaml's loader reads the table ~9x faster than the pure-Python one; fall back where it is missing.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    merged: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for name, raw in sources:
        content = yaml.load(raw.decode("utf-8"), Loader=loader) or {}
        for key, value in content.items():
            if key in merged:
                raise CsatInputError(
                    f"term {key!r} is defined twice ({origin[key]} and {name})",
                    argument="terms",
                    fix="keep each key in one terms file",
                )
            if not isinstance(value, dict) or not all(lang in value for lang in _REQUIRED):
                raise CsatInputError(
                    f"term {key!r} in {name} needs both 'en' and 'zh'",
                    argument="terms",
                    value=value,
                    fix="give the entry an 'en' and a 'zh' field",
                )
            merged[key] = {k: str(v) for k, v in value.items()}
            origin[key] = name
    return merged


def compiled_table() -> dict[str, object]:
    """The merged terms and the digest of their YAML files: what ``terms.json`` holds.

    Examples
    --------
    >>> table = compiled_table()
    >>> sorted(table), table["terms"]["satisfaction_rate"]["zh"]
    (['digest', 'terms'], '满意率')
    """
    sources = _sources()
    return {"digest": _digest(sources), "terms": _merge(sources)}


@lru_cache(maxsize=1)
def _load() -> dict[str, dict[str, str]]:
    sources = _sources()
    stored = resources.files("csat_examples") / "data" / TABLE_FILE
    try:
        table = json.loads(stored.read_text(encoding="utf-8"))
        if table["digest"] == _digest(sources) and isinstance(table["terms"], dict):
            return table["terms"]
    except (OSError, ValueError, KeyError, TypeError):  # missing or damaged: the YAML files are the source
        pass
    return _merge(sources)


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
