"""The survey config: which column is what, read from YAML.

A config is a YAML mapping; only ``items`` is required::

    title: Owner survey                # optional, shown on the report; or {en: ..., zh: ...}
    respondent_id: respondent_id       # column of unique respondent ids
    scale:
      levels: 7                        # 7 or 5
      answers: auto                    # numbers | labels | auto (numbers if the column is numeric)
      numbers: likert                  # scoring numeric answers are on: likert (1..k), sources, 0-100
      satisfied: [满意, 很满意]          # levels counted as satisfied (zh or en names, or ranks)
      labels: {非常满意: 7, 比较满意: 5}  # optional: more answer labels -> level rank 1..levels
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
    waves: ["2025", "2026"]            # optional: the waves in time order (others are bad cells)
    not_applicable: [不适用, 不清楚]     # optional: answers meaning "cannot judge" (every answer column),
                                       #   or {column: [codes]} per column; counted and reported
    by: [小区, 楼栋]                    # optional: segment columns for the breakdowns
    min_segment_n: 30                  # optional: smaller segments are shown but marked unreliable
    on_invalid: exclude                # optional: error (default) or exclude rows with bad cells
    comment_themes: {电梯: [电梯, 梯]}    # optional: more comment themes (or more words for a built-in one)

A not-applicable answer is a missing answer to that question only: the
respondent's other answers are kept and used.

Waves and periods are ordered as text, so label them so that text order is
time order (``2025``, ``2026``; ``2025-04``; ``2025-H1``): the report
compares the last wave with the one before it.  ``waves`` lists the waves in
time order instead; then a wave label not in the list is a bad cell.  Without
it, a wave label that only a few rows carry is taken for a typo (see
:mod:`~csat_examples.survey.cleaning`).

``weights`` is one of: omitted (equal item weights); a flat mapping
``item: weight``; a tree as :func:`csat_examples.hierarchy.hierarchical_index`
reads it (``{dimension: {weight: w, children: {item: w, ...}}, ...}``); or the
word ``importance`` (dimension weights = mean stated importance / 100, items
equal within their dimension).

Every problem is a :class:`~csat_examples.errors.CsatInputError` naming the
config key, the value and the fix: unknown keys (also inside ``scale``, items
and weight groups, with the closest known key), values of the wrong type, a
column given two roles, weights that are not numbers, do not add up to 1 or do
not match the items.  The YAML reader refuses aliases (``*name``), which can
expand a small file into gigabytes.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..errors import CsatInputError, Phrase

__all__ = ["Item", "SurveyConfig", "load_config", "parse_config", "read_yaml", "SCORINGS", "MAX_CONFIG_BYTES"]

SCORINGS = ("likert", "sources", "0-100")
_ANSWERS = ("auto", "numbers", "labels")
_COLUMN_KEYS = ("respondent_id", "overall", "nps", "wave", "period", "cause")
_KNOWN_KEYS = {"title", "scale", "scoring", "items", "weights", "importance", "text", "waves", "not_applicable",
               "by", "min_segment_n", "on_invalid", "comment_themes", *_COLUMN_KEYS}
_SCALE_KEYS = ("levels", "answers", "numbers", "satisfied", "labels")
#: Fewest respondents of a segment whose figures are read as reliable (``min_segment_n``).
MIN_SEGMENT_N = 30
#: A config is a page of YAML; a larger file is refused unread.
MAX_CONFIG_BYTES = 1 << 20


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
    waves: tuple[str, ...] | None = None
    labels: dict[str, int] = field(default_factory=dict)
    not_applicable: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by: tuple[str, ...] = ()
    min_segment_n: int = MIN_SEGMENT_N
    on_invalid: str | None = None
    comment_themes: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def not_applicable_in(self, column: str) -> frozenset[str]:
        """The not-applicable codes of ``column`` (empty when none are declared).

        Examples
        --------
        >>> cfg = parse_config({"items": {"q1": "a", "q2": "a"}, "not_applicable": ["不适用"]})
        >>> sorted(cfg.not_applicable_in("q2")), sorted(cfg.not_applicable_in("other"))
        (['不适用'], [])
        """
        return frozenset(self.not_applicable.get(column, ()))

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

    def roles(self) -> list[tuple[str, str]]:
        """``(column, config key)`` for every column the config names, in config order.

        Examples
        --------
        >>> parse_config({"items": {"q1": {"dimension": "service", "expectation": "e1"}}, "nps": "rec"}).roles()
        [('q1', 'items'), ('e1', 'items.q1.expectation'), ('rec', 'nps')]
        """
        named: list[tuple[str, str]] = []
        if self.respondent_id:
            named.append((self.respondent_id, "respondent_id"))
        for item in self.items:
            named.append((item.column, "items"))
            if item.expectation:
                named.append((item.expectation, f"items.{item.column}.expectation"))
        named += [(col, f"importance.{dim}") for dim, col in self.importance.items()]
        named += [(getattr(self, key), key) for key in _COLUMN_KEYS[1:] if getattr(self, key)]
        named += [(col, "text") for col in self.text]
        named += [(col, "by") for col in self.by]
        return named

    def columns(self) -> dict[str, str]:
        """Every column the config names -> the config key that names it.

        Examples
        --------
        >>> cfg = parse_config({"items": {"q1": "service"}, "nps": "rec"})
        >>> cfg.columns()
        {'q1': 'items', 'rec': 'nps'}
        """
        return dict(self.roles())


def _fail(key: str, message: str, value: Any, **params: Any) -> CsatInputError:
    return CsatInputError.from_terms(message, where="config_key", config_key=key, value=value, **params)


def _is_name(value: Any) -> bool:
    """A column or dimension name: a non-blank string, or a number written without quotes."""
    return (isinstance(value, str) and value.strip() != "") or (
        isinstance(value, (int, float)) and not isinstance(value, bool)
    )


def suggest(name: str, allowed: Any) -> Phrase | str:
    """"did you mean 'x'? " for the closest of ``allowed``, or "" (a phrase, in any language).

    Examples
    --------
    >>> str(suggest("level", ["levels", "answers"]))
    "did you mean 'levels'? "
    """
    close = difflib.get_close_matches(str(name), [str(a) for a in allowed], n=1, cutoff=0.6)
    return Phrase("did_you_mean", name=close[0]) if close else ""


def _unknown(key: str, given: Mapping[str, Any], allowed: Any) -> None:
    unknown = sorted(map(str, set(given) - set(allowed)))
    if unknown:
        raise _fail(key, "config_unknown_keys", unknown, suggestion=suggest(unknown[0], allowed),
                    allowed=repr(sorted(allowed)))


def _column(raw: Mapping[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not _is_name(value):
        raise _fail(key, "config_one_column", value, key=key)
    return str(value).strip()


def _name(key: str, value: Any) -> str:
    if not _is_name(value):
        raise _fail(key, "config_not_a_name", value)
    return str(value).strip()


def _items(raw: Any) -> tuple[Item, ...]:
    if not isinstance(raw, Mapping) or not raw:
        raise _fail("items", "config_items", raw)
    items = []
    for column, spec in raw.items():
        key = f"items.{column}"
        column = _name(key, column)
        if _is_name(spec):
            items.append(Item(column, str(spec).strip()))
            continue
        if not isinstance(spec, Mapping) or "dimension" not in spec:
            raise _fail(key, "config_item_dimension", spec, column=column)
        unknown = set(spec) - {"dimension", "expectation", "text"}
        if unknown:
            raise _fail(key, "config_item_keys", sorted(map(str, unknown)), suggestion=suggest(sorted(map(str, unknown))[0], ["dimension", "expectation", "text"]))
        expectation, text = spec.get("expectation"), spec.get("text")
        items.append(
            Item(
                column,
                _name(f"{key}.dimension", spec["dimension"]),
                None if expectation is None else _name(f"{key}.expectation", expectation),
                None if text is None else _name(f"{key}.text", text),
            )
        )
    return tuple(items)


def _weights(raw: Any, items: tuple[Item, ...]) -> Any:
    """Check a weights mapping or tree (see the module docstring) against the items; return it."""
    from ..validation import WEIGHT_TOLERANCE

    if raw is None or raw == "importance":
        return raw
    if not isinstance(raw, Mapping) or not raw:
        raise _fail("weights", "config_weights_form", raw)
    leaves: list[str] = []
    names: set[str] = set()
    # an explicit stack, not recursion: a deep tree is refused by the items check, never by Python
    stack: list[tuple[str, Mapping[Any, Any]]] = [("weights", raw)]
    while stack:
        key, group = stack.pop()
        given: list[float] = []
        for name, spec in group.items():
            where = f"{key}.{name}"
            name = _name(where, name)
            if name in names:
                raise _fail(where, "config_weights_twice", name)
            names.add(name)
            if isinstance(spec, Mapping):
                _unknown(where, spec, ("weight", "children"))
                if "weight" not in spec or not isinstance(spec.get("children"), Mapping) or not spec["children"]:
                    raise _fail(where, "config_weights_group", spec, name=name)
                weight = spec["weight"]
                stack.append((f"{where}.children", spec["children"]))
            else:
                weight = spec
                leaves.append(name)
            if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight < 0:
                raise _fail(where, "config_weight_number", weight)
            given.append(float(weight))
        total = math.fsum(given)
        if abs(total - 1.0) > WEIGHT_TOLERANCE:
            raise _fail(key, "config_weights_sum", round(total, 12), total=f"{total:.10g}")
    columns = [i.column for i in items]
    extra = [x for x in leaves if x not in columns]
    absent = [x for x in columns if x not in leaves]
    if extra or absent:
        raise _fail("weights", "config_weights_items", {"not items": extra, "items without weight": absent})
    return raw


def _levels_satisfied(satisfied: Any, levels: int) -> tuple[Any, ...] | None:
    from ..rate import satisfaction_rate

    if satisfied is None:
        return None
    if isinstance(satisfied, (str, int)) and not isinstance(satisfied, bool):
        satisfied = [satisfied]
    if not isinstance(satisfied, list) or not satisfied or not all(_is_name(s) for s in satisfied):
        raise _fail("scale.satisfied", "config_satisfied", satisfied)
    try:  # the rate function reads level names and ranks: ask it
        satisfaction_rate(pd.Series([1.0]), scale=f"{levels}-level", satisfied=satisfied)
    except CsatInputError as exc:
        raise _fail("scale.satisfied", "config_satisfied_level", exc.value, levels=levels) from exc
    return tuple(satisfied)


def _labels(raw: Any, levels: int) -> dict[str, int]:
    """``scale.labels``: answer text -> rank 1..levels."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise _fail("scale.labels", "config_labels", raw, levels=levels)
    out: dict[str, int] = {}
    for text, rank in raw.items():
        if not _is_name(text) or isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= levels:
            raise _fail(f"scale.labels.{text}", "config_labels", {text: rank}, levels=levels)
        out[str(text).strip()] = rank
    return out


def _codes(key: str, raw: Any) -> tuple[str, ...]:
    if _is_name(raw):
        raw = [raw]
    if not isinstance(raw, list) or not raw or not all(_is_name(c) for c in raw):
        raise _fail(key, "config_not_applicable", raw)
    return tuple(str(c).strip() for c in raw)


def _not_applicable(raw: Any, answer_columns: list[str]) -> dict[str, tuple[str, ...]]:
    """``not_applicable``: a list for every answer column, or a mapping column -> list."""
    if raw is None:
        return {}
    if isinstance(raw, Mapping):
        out = {_name(f"not_applicable.{c}", c): _codes(f"not_applicable.{c}", v) for c, v in raw.items()}
        extra = [c for c in out if c not in answer_columns]
        if extra:
            raise _fail("not_applicable", "config_not_applicable_columns", extra, columns=repr(answer_columns))
        return out
    codes = _codes("not_applicable", raw)
    return {c: codes for c in answer_columns}


def _themes(raw: Any) -> dict[str, tuple[str, ...]]:
    """``comment_themes``: theme -> keywords (a comment mentioning one belongs to the theme)."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise _fail("comment_themes", "config_comment_themes", raw)
    return {_name(f"comment_themes.{k}", k): _codes(f"comment_themes.{k}", v) for k, v in raw.items()}


def _by(raw: Any) -> tuple[str, ...]:
    if raw is None:
        return ()
    if _is_name(raw):
        raw = [raw]
    if not isinstance(raw, list) or not raw or not all(_is_name(c) for c in raw):
        raise _fail("by", "config_by", raw)
    by = tuple(str(c).strip() for c in raw)
    if len(set(by)) != len(by):
        raise _fail("by", "config_by", list(by))
    return by


def _roles(config: SurveyConfig) -> None:
    """Each column has one role: a column named twice would be analysed as two things."""
    seen: dict[str, str] = {}
    for column, key in config.roles():
        if column in seen:
            raise CsatInputError.from_terms("config_two_roles", where="config", column=column, value=column,
                                            first=seen[column], second=key)
        seen[column] = key


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
    >>> parse_config({"items": {"q1": "a"}, "nps": "q1"})
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: config: one column has two roles, 'items' and 'nps' (column 'q1', value 'q1'). Fix: ...
    """
    if not isinstance(raw, Mapping):
        raise _fail("(top)", "config_mapping", raw)
    _unknown("(top)", raw, _KNOWN_KEYS)
    scale = raw.get("scale") or {}
    if not isinstance(scale, Mapping):
        raise _fail("scale", "config_scale_mapping", scale)
    _unknown("scale", scale, _SCALE_KEYS)
    levels = scale.get("levels", 7)
    if isinstance(levels, bool) or levels not in (5, 7):
        raise _fail("scale.levels", "config_levels", levels)
    answers = scale.get("answers", "auto")
    if answers not in _ANSWERS:
        raise _fail("scale.answers", "config_answers", answers, allowed=repr(_ANSWERS))
    numbers = scale.get("numbers", "likert")
    if numbers not in SCORINGS:
        raise _fail("scale.numbers", "config_scoring", numbers, allowed=repr(SCORINGS))
    scoring = raw.get("scoring", "likert")
    if scoring not in SCORINGS:
        raise _fail("scoring", "config_scoring", scoring, allowed=repr(SCORINGS))
    satisfied = _levels_satisfied(scale.get("satisfied"), int(levels))
    items = _items(raw.get("items"))
    dims = list(dict.fromkeys(i.dimension for i in items))
    importance = raw.get("importance") or {}
    if not isinstance(importance, Mapping):
        raise _fail("importance", "config_importance", importance)
    importance = {_name(f"importance.{k}", k): _name(f"importance.{k}", v)
                  for k, v in importance.items()}
    extra = set(importance) - set(dims)
    if extra:
        raise _fail("importance", "config_importance_dimensions", sorted(extra), dims=repr(sorted(dims)))
    weights = raw.get("weights")
    if weights == "importance":
        lacking = [d for d in dims if d not in importance]
        if lacking:
            raise _fail("weights", "config_weights_importance", weights, dims=repr(lacking))
    weights = _weights(weights, items)
    text = raw.get("text") or []
    if _is_name(text):
        text = [text]
    if not isinstance(text, list) or not all(_is_name(t) for t in text):
        raise _fail("text", "config_text", text)
    columns = {k: _column(raw, k) for k in _COLUMN_KEYS}
    waves = raw.get("waves")
    if waves is not None:
        if not columns["wave"]:
            raise _fail("waves", "config_waves_without_wave", waves)
        if not isinstance(waves, list) or len(waves) < 1 or not all(_is_name(w) for w in waves):
            raise _fail("waves", "config_waves", waves)
        waves = tuple(str(w).strip() for w in waves)
        if len(set(waves)) != len(waves):
            raise _fail("waves", "config_waves", list(waves))
    labels = _labels(scale.get("labels"), int(levels))
    min_n = raw.get("min_segment_n", MIN_SEGMENT_N)
    if isinstance(min_n, bool) or not isinstance(min_n, int) or min_n < 1:
        raise _fail("min_segment_n", "config_min_segment_n", min_n)
    on_invalid = raw.get("on_invalid")
    if on_invalid is not None and on_invalid not in ("error", "exclude"):
        raise _fail("on_invalid", "config_on_invalid", on_invalid)
    answer_columns = [i.column for i in items] + [i.expectation for i in items if i.expectation]
    answer_columns += list(importance.values()) + [c for c in (columns["overall"], columns["nps"], columns["cause"]) if c]
    title = raw.get("title")
    if isinstance(title, Mapping):  # {en: ..., zh: ...}: one title per report language
        title = {str(k): _name(f"title.{k}", v) for k, v in title.items()}
    elif title is not None:
        title = _name("title", title)
    config = SurveyConfig(
        items=items,
        title=title,
        levels=int(levels),
        answers=answers,
        numbers=numbers,
        satisfied=satisfied,
        scoring=scoring,
        weights=weights,
        importance=importance,
        text=tuple(str(t).strip() for t in text),
        waves=waves,
        labels=labels,
        not_applicable=_not_applicable(raw.get("not_applicable"), answer_columns),
        by=_by(raw.get("by")),
        min_segment_n=min_n,
        on_invalid=on_invalid,
        comment_themes=_themes(raw.get("comment_themes")),
        **columns,
    )
    _roles(config)
    return config


class _NoAliasLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases (``*name``).

    An alias repeats a part of the document by reference; nested aliases
    multiply ("billion laughs"): 300 bytes can expand to gigabytes.  A survey
    config has no use for them.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.YAMLError(f"alias *{event.anchor} at line {event.start_mark.line + 1}")
        return super().compose_node(parent, index)


def read_yaml(text: str, source: str) -> Any:
    """Parse a config's YAML text safely: no aliases, no Python objects, bounded nesting.

    Examples
    --------
    >>> read_yaml("items: {q1: service}", "survey.yml")
    {'items': {'q1': 'service'}}
    >>> read_yaml("a: &x [1, 2]\\nb: *x", "survey.yml")
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: config 'survey.yml': the config uses a YAML alias (alias *x at line 2); aliases are not allowed. Fix: ...
    """
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError as exc:
        raise CsatInputError.from_terms("config_too_deep", where="config_file", file=source) from exc
    except yaml.YAMLError as exc:
        if str(exc).startswith("alias *"):
            raise CsatInputError.from_terms("config_alias", where="config_file", file=source, detail=str(exc)) from exc
        raise CsatInputError.from_terms("config_yaml", where="config_file", file=source,
                                        detail=str(exc).replace("\n", " ")) from exc


def load_config(path: str | Path) -> SurveyConfig:
    """Read and check a YAML config file.

    Raises
    ------
    CsatInputError
        Missing or oversized file, YAML syntax error (with its line), an
        alias, or a bad key.

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
        raise CsatInputError.from_terms("config_missing", where="config", value=str(path))
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise CsatInputError.from_terms("config_too_big", where="config_file", file=str(path),
                                        size=path.stat().st_size, limit=MAX_CONFIG_BYTES)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsatInputError.from_terms("config_not_utf8", where="config", value=str(path)) from exc
    return parse_config(read_yaml(text, str(path)))
