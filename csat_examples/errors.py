"""The library's single exception family for bad input.

Every input check in :mod:`csat_examples` raises :class:`CsatInputError`, a
``ValueError`` whose message names the argument, the row and column where
that makes sense, the offending value, and how to fix it.  Callers (the
calculators, the command line, the book) can therefore show the message to a
person as it is, instead of a traceback.
"""

from __future__ import annotations

import numbers
from typing import Any

__all__ = ["CsatInputError", "CsatWarning", "WeightsNormalizedWarning", "Phrase"]

# The frame of every message; other languages take these words from the terms table (err_frame_*).
_FRAME = ("argument", "row", "column", "value", "where", "separator", "stop", "fix")
_ENGLISH = {
    "argument": "{argument}: {problem}",
    "row": "row {row}",
    "column": "column {column}",
    "value": "value {value}",
    "where": " ({where})",
    "separator": ", ",
    "stop": ".",
    "fix": " Fix: {fix}.",
}


class Phrase:
    """A piece of a message from the terms table (``err_<key>``), filled in when it is shown.

    A message built from phrases can be shown in any language: each phrase is
    looked up in the language asked for.  ``str(phrase)`` is the English.

    Examples
    --------
    >>> p = Phrase("no_such_file")
    >>> str(p), p.text("zh")
    ('no such file', '文件不存在')
    """

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def text(self, lang: str = "en") -> str:
        """The phrase in ``lang``, its fields (phrases too) filled in."""
        text = _fill(f"err_{self.key}", lang, self.params)
        if text is None:
            raise KeyError(f"err_{self.key}")  # a programming error: every phrase has its term
        return text

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Phrase({self.key!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Phrase) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash((self.key, tuple(sorted((k, str(v)) for k, v in self.params.items()))))


class CsatInputError(ValueError):
    """Bad input to a :mod:`csat_examples` function.

    Parameters
    ----------
    problem : str
        What is wrong, in one sentence.
    argument : str, optional
        The name of the function argument that carries the bad value.
    row : object, optional
        The row label (index value) of the bad cell, if any.
    column : object, optional
        The column (item) name of the bad cell, if any.
    value : object, optional
        The offending value (shown with ``repr``).
    fix : str, optional
        What the caller should do about it.

    Attributes
    ----------
    cells : list of dict or None
        For bad cells in a survey: every one of them (``row, column, value,
        problem, fix``; problem and fix are :class:`Phrase` objects), where the
        message lists only the first ones.

    Examples
    --------
    >>> err = CsatInputError("score outside the scale 1..7", argument="data",
    ...                      row=3, column="q1", value=9,
    ...                      fix="recode the answer or mark it missing")
    >>> print(err)
    data: score outside the scale 1..7 (row 3, column 'q1', value 9). Fix: recode the answer or mark it missing.
    >>> err.column
    'q1'
    >>> isinstance(err, ValueError)
    True
    """

    _UNSET: Any = object()

    def __init__(
        self,
        problem: str,
        *,
        argument: str | None = None,
        row: Any = _UNSET,
        column: Any = _UNSET,
        value: Any = _UNSET,
        fix: str | None = None,
    ) -> None:
        self.problem = problem
        self.argument = argument
        # a row or column of None is "not known": the message leaves it out rather than say "row None"
        self.row = None if row is self._UNSET else row
        self.column = None if column is self._UNSET else column
        self.value = None if value is self._UNSET else value
        self._has_value = value is not self._UNSET
        self.fix = fix
        self.key: str | None = None
        self.params: dict[str, Any] = {}
        self.where_key: str | None = None
        self.cells: list[dict[str, Any]] | None = None
        super().__init__(self._compose(argument, problem, fix, _ENGLISH))

    @classmethod
    def from_terms(
        cls,
        key: str,
        /,
        *,
        where: str | None = None,
        argument: str | None = None,
        row: Any = _UNSET,
        column: Any = _UNSET,
        value: Any = _UNSET,
        **params: Any,
    ) -> CsatInputError:
        """An error whose words come from the terms table, so it can be shown in any language.

        The problem is the term ``err_<key>``, the fix ``err_<key>_fix`` (if
        the table has it) and the argument either ``argument`` as written or
        the term ``err_where_<where>``; each is a template filled with
        ``params``.  ``str(error)`` is the English text; :meth:`message`
        gives it in another language.

        Examples
        --------
        >>> err = CsatInputError.from_terms("no_such_file", where="file", file="s.csv")
        >>> print(err)
        file 's.csv': no such file. Fix: check the path.
        >>> print(err.message("zh"))
        文件 's.csv'：文件不存在。修改方法：检查路径。
        """
        problem = Phrase(key, **params).text("en")
        if where is not None:
            argument = Phrase(f"where_{where}", **params).text("en")
        error = cls(problem, argument=argument, row=row, column=column, value=value,
                    fix=_fill(f"err_{key}_fix", "en", params))
        error.key, error.params, error.where_key = key, dict(params), where
        return error

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` (``"en"``, ``"zh"``...): the same facts, the words from the terms table.

        An error raised without :meth:`from_terms` has English words only;
        its ``message`` is ``str(error)`` in every language.

        Examples
        --------
        >>> err = CsatInputError("score outside the scale 1..7", row=3, column="q1", value=9)
        >>> err.message("zh") == str(err)
        True
        """
        if lang == "en" or self.key is None:
            return str(self)
        from .terms import label

        argument = Phrase(f"where_{self.where_key}", **self.params).text(lang) if self.where_key else self.argument
        words = {name: label(f"err_frame_{name}", lang) for name in _FRAME}  # type: ignore[arg-type]
        return self._compose(argument, Phrase(self.key, **self.params).text(lang),
                             _fill(f"err_{self.key}_fix", lang, self.params), words)

    def _compose(self, argument: str | None, problem: str, fix: str | None, words: dict[str, str]) -> str:
        where = []
        if self.row is not None:
            plain = isinstance(self.row, numbers.Integral) and not isinstance(self.row, bool)
            where.append(words["row"].format(row=int(self.row) if plain else repr(self.row)))
        if self.column is not None:
            where.append(words["column"].format(column=repr(self.column)))
        if self._has_value:
            where.append(words["value"].format(value=repr(self.value)))
        text = words["argument"].format(argument=argument, problem=problem) if argument else problem
        if where:
            text += words["where"].format(where=words["separator"].join(where))
        text += words["stop"]
        if fix:
            text += words["fix"].format(fix=fix.rstrip(".。"))
        return text


class CsatWarning(UserWarning):
    """Base class of the library's warnings (something was changed on purpose)."""


class WeightsNormalizedWarning(CsatWarning):
    """Weights did not sum to 1 and were rescaled because ``normalize=True``."""


def _fill(term: str, lang: str, params: dict[str, Any]) -> str | None:
    """The term in ``lang`` with its fields filled in (phrases in the same language); None if no such term."""
    from .terms import label

    try:
        template = label(term, lang)  # type: ignore[arg-type]
    except CsatInputError:  # no such term: a problem without a fix, say
        return None
    return template.format(**{k: v.text(lang) if isinstance(v, Phrase) else v for k, v in params.items()})
