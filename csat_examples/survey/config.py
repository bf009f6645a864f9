"""The survey config: which column is what, read from YAML.

A config is a YAML mapping; only ``items`` is required::

    title: Owner survey                # optional, shown on the report; or {en: ..., zh: ...}
    respondent_id: respondent_id       # column of unique respondent ids
    scale:
      levels: 7                        # 7 or 5
      answers: auto                    # numbers | labels | auto (numbers if the column is numeric)
      numbers: likert                  # scoring numeric answers are on: likert (1..k), sources, 0-100
      satisfied: [满意, 很满意]          # levels counted as satisfied (zh or en names, or ranks)
    scoring: likert                    # scoring the satisfaction degree is reported on
    items:                             # item column -> its dimension (and optional text, expectation)
      p_rel1: {dimension: reliability, expectation: e_rel1, text: Repairs are done right first time}
      p_rel2: reliability              # short form: just the dimension
    weights: ...                       # optional, see below
    importance: {reliability: imp_rel} # optional: stated importance column per dimension (100-point allocation)
    overall: overall                   # optional: overall-satisfaction question (labels or codes)
    nps: nps                           # optional: 0-10 likelihood to recommend
    wave: wave                         # optional: survey wave (change vs previous wave)
    period: month                      # optional: fieldwork period (control chart)
    cause: complaint_cause             # optional: complaint cause (Pareto)
    text: [comment]                    # optional: free-text columns, shown escaped

Waves and periods are ordered as text, so label them so that text order is
time order (``2025``, ``2026``; ``2025-04``; ``2025-H1``): the report
compares the last wave with the one before it.

``weights`` is one of: omitted (equal item weights); a flat mapping
``item: weight``; a tree as :func:`csat_examples.hierarchy.hierarchical_index`
reads it (``{dimension: {weight: w, children: {item: w, ...}}, ...}``); or the
word ``importance`` (dimension weights = mean stated importance / 100, items
equal within their dimension).

Every problem is a :class:`~csat_examples.errors.CsatInputError` naming the
config key, the value and the fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import CsatInputError

__all__ = ["Item", "SurveyConfig", "load_config", "parse_config", "SCORINGS"]

SCORINGS = ("likert", "sources", "0-100")
_ANSWERS = ("auto", "numbers", "labels")
_COLUMN_KEYS = ("respondent_id", "overall", "nps", "wave", "period", "cause")
_KNOWN_KEYS = {"title", "scale", "scoring", "items", "weights", "importance", "text", *_COLUMN_KEYS}


@dataclass(frozen=True)
class Item:
    """One rated item: its column, dimension, optional expectation column and text."""

    column: str
    dimension: str
    expectation: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class SurveyConfig:
    """A parsed, checked survey config (see the module docstring for the keys)."""

    items: tuple[Item, ...]
    title: str | dict[str, str] | None = None
    respondent_id: str | None = None
    levels: int = 7
    answers: str = "auto"
    numbers: str = "likert"
    satisfied: tuple[Any, ...] | None = None
    scoring: str = "likert"
    weights: Any = None
    importance: dict[str, str] = field(default_factory=dict)
    overall: str | None = None
    nps: str | None = None
    wave: str | None = None
    period: str | None = None
    cause: str | None = None
    text: tuple[str, ...] = ()

    def title_in(self, lang: str) -> str | None:
        """The title in ``lang`` (a plain title serves every language).

        Examples
        --------
        >>> parse_config({"items": {"q1": "a"}, "title": {"en": "Owners", "zh": "业主"}}).title_in("zh")
        '业主'
        """
        if isinstance(self.title, dict):
            return self.title.get(lang) or next(iter(self.title.values()), None)
        return self.title

    @property
    def scale(self) -> str:
        """Scale name for the library (``"7-level"`` or ``"5-level"``)."""
        return f"{self.levels}-level"

    @property
    def item_columns(self) -> list[str]:
        """Item columns in config order."""
        return [i.column for i in self.items]

    @property
    def dimensions(self) -> dict[str, str]:
        """Mapping item column -> dimension."""
        return {i.column: i.dimension for i in self.items}

    @property
    def expectations(self) -> dict[str, str]:
        """Mapping item column -> expectation column (items that have one)."""
        return {i.column: i.expectation for i in self.items if i.expectation}

    def columns(self) -> dict[str, str]:
        """Every column the config names -> the config key that names it.

        Examples
        --------
        >>> cfg = parse_config({"items": {"q1": "service"}, "nps": "rec"})
        >>> cfg.columns()
        {'q1': 'items', 'rec': 'nps'}
        """
        named: dict[str, str] = {}
        for key in ("respondent_id",):
            if getattr(self, key):
                named[getattr(self, key)] = key
        for item in self.items:
            named[item.column] = "items"
            if item.expectation:
                named[item.expectation] = f"items.{item.column}.expectation"
        for dim, col in self.importance.items():
            named[col] = f"importance.{dim}"
        for key in _COLUMN_KEYS[1:]:
            if getattr(self, key):
                named[getattr(self, key)] = key
        for col in self.text:
            named[col] = "text"
        return named


def _fail(key: str, problem: str, value: Any, fix: str) -> CsatInputError:
    return CsatInputError(problem, argument=f"config key {key!r}", value=value, fix=fix)


def _column(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int)) or str(value).strip() == "":
        raise _fail(key, "must be one column name", value, f"write '{key}: <column name>' or remove the key")
    return str(value).strip()


def _items(raw: Any) -> tuple[Item, ...]:
    if not isinstance(raw, Mapping) or not raw:
        raise _fail(
            "items", "must map each item column to its dimension", raw,
            "write e.g. 'items: {q1: reliability, q2: reliability}'",
        )
    items = []
    for column, spec in raw.items():
        key = f"items.{column}"
        if isinstance(spec, str):
            items.append(Item(str(column), spec))
            continue
        if not isinstance(spec, Mapping) or "dimension" not in spec:
            raise _fail(key, "needs a dimension", spec, f"write '{column}: <dimension>' or '{column}: {{dimension: ...}}'")
        unknown = set(spec) - {"dimension", "expectation", "text"}
        if unknown:
            raise _fail(key, "unknown keys", sorted(unknown), "use only dimension, expectation, text")
        text = spec.get("text")
        items.append(
            Item(
                str(column),
                str(spec["dimension"]),
                None if spec.get("expectation") is None else str(spec["expectation"]),
                None if text is None else str(text),
            )
        )
    return tuple(items)


def parse_config(raw: Mapping[str, Any]) -> SurveyConfig:
    """Check a config mapping (as read from YAML) and return a :class:`SurveyConfig`.

    Examples
    --------
    >>> cfg = parse_config({"items": {"q1": "service", "q2": {"dimension": "price"}},
    ...                     "scale": {"levels": 5}})
    >>> cfg.scale, cfg.item_columns, cfg.dimensions["q2"]
    ('5-level', ['q1', 'q2'], 'price')
    >>> parse_config({"items": {"q1": "a"}, "scale": {"levels": 10}})
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: config key 'scale.levels': must be 5 or 7 (value 10). Fix: ...
    """
    if not isinstance(raw, Mapping):
        raise _fail("(top)", "the config must be a YAML mapping", raw, "start from 'csat init-config FILE'")
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise _fail(
            "(top)", "unknown keys", sorted(unknown), f"use only {sorted(_KNOWN_KEYS)} (check the spelling)"
        )
    scale = raw.get("scale") or {}
    if not isinstance(scale, Mapping):
        raise _fail("scale", "must be a mapping", scale, "write 'scale: {levels: 7}'")
    levels = scale.get("levels", 7)
    if levels not in (5, 7):
        raise _fail("scale.levels", "must be 5 or 7", levels, "write 'levels: 7' or 'levels: 5'")
    answers = str(scale.get("answers", "auto"))
    if answers not in _ANSWERS:
        raise _fail("scale.answers", "unknown kind of answers", answers, f"use one of {_ANSWERS}")
    numbers = str(scale.get("numbers", "likert"))
    if numbers not in SCORINGS:
        raise _fail("scale.numbers", "unknown scoring", numbers, f"use one of {SCORINGS}")
    scoring = str(raw.get("scoring", "likert"))
    if scoring not in SCORINGS:
        raise _fail("scoring", "unknown scoring", scoring, f"use one of {SCORINGS}")
    satisfied = scale.get("satisfied")
    if satisfied is not None:
        if isinstance(satisfied, (str, int)):
            satisfied = [satisfied]
        if not isinstance(satisfied, list) or not satisfied:
            raise _fail("scale.satisfied", "must be a list of levels", satisfied, "write e.g. 'satisfied: [满意, 很满意]'")
        satisfied = tuple(satisfied)
    items = _items(raw.get("items"))
    dims = {i.dimension for i in items}
    importance = raw.get("importance") or {}
    if not isinstance(importance, Mapping):
        raise _fail("importance", "must map dimension -> column", importance, "write e.g. 'importance: {reliability: imp_rel}'")
    extra = set(map(str, importance)) - dims
    if extra:
        raise _fail(
            "importance", "names dimensions that no item has", sorted(extra), f"use the items' dimensions {sorted(dims)}"
        )
    weights = raw.get("weights")
    if weights == "importance" and not importance:
        raise _fail("weights", "'importance' needs the importance columns", weights, "add 'importance: {dimension: column}'")
    if weights is not None and weights != "importance" and not isinstance(weights, Mapping):
        raise _fail("weights", "must be a mapping, a tree or 'importance'", weights, "see 'csat init-config' for examples")
    text = raw.get("text") or []
    if isinstance(text, str):
        text = [text]
    columns = {k: _column(raw, k) for k in _COLUMN_KEYS}
    title = raw.get("title")
    if isinstance(title, Mapping):  # {en: ..., zh: ...}: one title per report language
        title = {str(k): str(v) for k, v in title.items()}
    return SurveyConfig(
        items=items,
        title=None if title is None else (title if isinstance(title, dict) else str(title)),
        levels=int(levels),
        answers=answers,
        numbers=numbers,
        satisfied=satisfied,
        scoring=scoring,
        weights=weights,
        importance={str(k): str(v) for k, v in importance.items()},
        text=tuple(str(t) for t in text),
        **columns,
    )


def load_config(path: str | Path) -> SurveyConfig:
    """Read and check a YAML config file.

    Raises
    ------
    CsatInputError
        Missing file, YAML syntax error (with its line), or a bad key.

    Examples
    --------
    >>> import os, tempfile
    >>> p = os.path.join(tempfile.mkdtemp(), "survey.yml")
    >>> _ = open(p, "w", encoding="utf-8").write(
    ...     "respondent_id: id\\nitems:\\n  q1: service\\n  q2: service\\n")
    >>> cfg = load_config(p)
    >>> cfg.respondent_id, cfg.item_columns, cfg.scale
    ('id', ['q1', 'q2'], '7-level')
    >>> load_config(os.path.join(tempfile.mkdtemp(), "missing.yml"))
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: config: no such config file ...
    """
    path = Path(path)
    if not path.is_file():
        raise CsatInputError("no such config file", argument="config", value=str(path), fix="check the path, or write one with 'csat init-config DATA'")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        raise CsatInputError(
            f"the config is not valid YAML: {exc}".replace("\n", " "),
            argument="config",
            value=str(path),
            fix="fix the indentation or quoting at the line shown",
        ) from exc
    except UnicodeDecodeError as exc:
        raise CsatInputError("the config is not UTF-8 text", argument="config", value=str(path), fix="save it as UTF-8") from exc
    return parse_config(raw)
