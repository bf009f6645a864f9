"""Keep old argument names and positional options working for one release.

The public API uses one vocabulary (see the "Renamed arguments" table in the
reference).  A call that still uses an old name, or passes an option that is
now keyword-only by position, keeps working for one release and raises a
:class:`DeprecationWarning` that names the function, the old use and the new
one, pointing at the caller's line.

Both decorators can be stacked on one function; they merge into one wrapper
so that the warning always points at the caller.

Examples
--------
>>> import warnings
>>> @renamed(scores="data")
... @keyword_only("scale")
... def mean(data, *, scale="7-level"):
...     return sum(data) / len(data), scale
>>> mean(data=[1, 2])
(1.5, '7-level')
>>> with warnings.catch_warnings(record=True) as caught:
...     warnings.simplefilter("always")
...     mean([1, 2], "5-level"), mean(scores=[3])
((1.5, '5-level'), (3.0, '7-level'))
>>> [str(w.message).split(";")[0] for w in caught]  # doctest: +NORMALIZE_WHITESPACE
["csat_examples._deprecation.mean(): pass 'scale' by keyword (scale=...)",
 "csat_examples._deprecation.mean(): the argument 'scores' is now called 'data'"]
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

__all__ = ["renamed", "keyword_only"]

P = ParamSpec("P")
R = TypeVar("R")

_UNTIL = "the old use works until the next release"


def _name(func: Callable[..., Any]) -> str:
    # The module path makes the message start with "csat_examples.", which the test
    # configuration turns into an error wherever the warning is raised from.
    return f"{func.__module__}.{func.__qualname__}()"


def _adapt(func: Callable[P, R], renames: dict[str, str], positional: tuple[str, ...]) -> Callable[P, R]:
    """One wrapper holding every deprecation of ``func`` (merged when decorators stack)."""
    previous: tuple[dict[str, str], tuple[str, ...]] | None = getattr(func, "__deprecations__", None)
    if previous is not None:
        renames = {**previous[0], **renames}
        positional = previous[1] + positional
        func = func.__wrapped__  # type: ignore[attr-defined]
    params = inspect.signature(func).parameters
    for old, new in renames.items():
        if new not in params or old in params:
            raise TypeError(f"{func.__qualname__}: cannot rename {old!r} to {new!r}")
    n_positional = sum(
        p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params.values()
    )
    for name in positional:
        if name not in params or params[name].kind is not inspect.Parameter.KEYWORD_ONLY:
            raise TypeError(f"{func.__qualname__}: {name!r} is not a keyword-only argument")
    where = _name(func)

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        extra = args[n_positional:]
        if extra and len(extra) <= len(positional):
            args = args[:n_positional]  # type: ignore[assignment]
            for name, value in zip(positional, extra):
                if name in kwargs:
                    raise TypeError(f"{where} got multiple values for argument {name!r}")
                warnings.warn(
                    f"{where}: pass {name!r} by keyword ({name}=...); {_UNTIL}",
                    DeprecationWarning, stacklevel=2,
                )
                kwargs[name] = value
        for old, new in renames.items():
            if old in kwargs:
                if new in kwargs:
                    raise TypeError(f"{where} got both {old!r} and its new name {new!r}; pass {new!r} only")
                warnings.warn(
                    f"{where}: the argument {old!r} is now called {new!r}; {_UNTIL}",
                    DeprecationWarning, stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
        return func(*args, **kwargs)

    wrapper.__deprecations__ = (renames, positional)  # type: ignore[attr-defined]
    return wrapper


def renamed(**old_to_new: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Accept each old argument name for one release, with a DeprecationWarning.

    Parameters
    ----------
    **old_to_new : str
        The old name of each renamed argument, mapped to its new name (which
        must be in the function's signature).

    Returns
    -------
    callable
        A decorator; the decorated function keeps its signature and docstring.

    Raises
    ------
    TypeError
        At call time, when both the old and the new name are given.

    Examples
    --------
    >>> import warnings
    >>> @renamed(responses="data")
    ... def count(data):
    ...     return len(data)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     count(responses=[1, 2, 3])
    3
    >>> caught[0].category.__name__, str(caught[0].message)  # doctest: +NORMALIZE_WHITESPACE
    ('DeprecationWarning', "csat_examples._deprecation.count(): the argument 'responses'
     is now called 'data'; the old use works until the next release")
    """
    return lambda func: _adapt(func, dict(old_to_new), ())


def keyword_only(*was_positional: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Accept keyword-only options passed by position for one release, with a DeprecationWarning.

    Parameters
    ----------
    *was_positional : str
        The keyword-only arguments that callers could pass by position, in
        their old order (right after the function's positional arguments).

    Returns
    -------
    callable
        A decorator; the decorated function keeps its signature and docstring.

    Examples
    --------
    >>> import warnings
    >>> @keyword_only("scale", "scoring")
    ... def describe(level, *, scale="7-level", scoring="likert"):
    ...     return f"{level} on {scale}, {scoring}"
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     describe(3, "5-level", "0-100")
    '3 on 5-level, 0-100'
    >>> len(caught)
    2
    """
    return lambda func: _adapt(func, {}, tuple(was_positional))
