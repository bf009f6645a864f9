"""Sharing a report's work with a second process: a forked copy of this one.

A report's charts take a second or two of CPU at any survey size (about ten
figures, each laid out and rasterised by matplotlib).  They do not depend on
one another, so on a machine with a second CPU a forked copy of the process
can draw some while this process draws the others: the copy shares the
analysis without copying or pickling it, and sends back only PNG bytes.

(The segment breakdown of a large survey was tried in a copy too, beside the
other analyses: no faster at 10^6 rows.  Both sides are numpy passes over
large arrays, which share the memory bandwidth, and every page either side
writes in memory allocated before the fork is copied first.)

The copy is used only where it is safe and can help: on Linux (``fork``
elsewhere is unavailable or unsafe with system frameworks), when asked for
(the ``csat`` command asks on a machine with two CPUs; the library's default is
one process), and with no other thread running (a fork copies one thread; a
lock that another one held would stay locked in the copy).  Anything that goes
wrong in the copy (an error, a signal) costs only time: its part is done again
here, so an error is raised here with its usual traceback.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Generic, TypeVar

__all__ = ["usable_processes", "forked", "run_all"]

T = TypeVar("T")


def usable_processes(wanted: int = 2) -> int:
    """How many processes to ask for here: ``wanted``, or fewer if the machine has fewer CPUs (or is not Linux).

    Examples
    --------
    >>> 1 <= usable_processes() <= 2
    True
    >>> usable_processes(1)
    1
    """
    if wanted <= 1 or not sys.platform.startswith("linux"):
        return 1
    return max(1, min(wanted, len(os.sched_getaffinity(0))))


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


#: prctl option: the signal this process gets when its parent ends (Linux, <sys/prctl.h>)
_PR_SET_PDEATHSIG = 1


def _end_with(parent: int) -> None:
    """Make this copy end when ``parent`` ends, so that a parent killed outright leaves no copy working on."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl: the copy ends anyway when it writes to the closed pipe
        return
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


class _Copy(Generic[T]):
    """A forked copy of this process computing ``fn()``, and the pipe its pickled result comes through."""

    def __init__(self, fn: Callable[[], T]) -> None:
        self.fn = fn
        read_end, write_end = os.pipe()
        parent = os.getpid()
        try:
            self.pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
        if self.pid == 0:  # the copy: compute, send, leave without running this program's exit handlers
            code = 1
            try:
                os.close(read_end)
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C stops the copy at once; the parent cleans up
                _end_with(parent)
                payload = pickle.dumps(fn(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(payload)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self.pipe = os.fdopen(read_end, "rb")

    def result(self) -> T:
        """The copy's result; ``fn()`` computed here if the copy failed."""
        payload = self.pipe.read()  # before waiting: the copy cannot finish until its bytes are read
        self.pipe.close()
        status = os.waitpid(self.pid, 0)[1]
        self.pid = 0
        return pickle.loads(payload) if status == 0 else self.fn()

    def stop(self) -> None:
        """Close the pipe; stop and reap the copy if it is still there (an error or an interrupt here)."""
        self.pipe.close()
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0


@contextmanager
def forked(fn: Callable[[], T], enabled: bool = True) -> Iterator[Callable[[], T]]:
    """Compute ``fn()`` in a forked copy while the ``with`` block runs; the block gets a function that returns it.

    Parameters
    ----------
    fn : callable
        Its result must be picklable; it must not depend on what the block does.
    enabled : bool
        False (or no fork possible here: see the module's notes) computes ``fn()`` here, when the block
        asks for it.

    Yields
    ------
    callable
        Call it once, inside the block, for ``fn()``'s result.  Leaving the block stops the copy if its
        result was not asked for.

    Examples
    --------
    >>> with forked(lambda: sum(range(10))) as total:
    ...     here = 2 * 21
    ...     there = total()
    >>> here, there
    (42, 45)
    """
    copy = None
    if enabled and _can_fork():
        try:
            copy = _Copy(fn)
        except OSError:  # no process or pipe to be had (a memory, process or file limit): the work is done here
            pass
    if copy is None:
        yield fn
        return
    try:
        yield copy.result
    finally:
        copy.stop()


#: Most tasks :func:`run_all` shares: their numbers (4 bytes each) must fit in a pipe's buffer (64 KB on Linux).
_MOST_TASKS = 4096


def _taken(queue: int) -> Iterator[int]:
    """Task numbers taken from the pipe ``queue`` one by one until it is empty (each read takes one, whole)."""
    while item := os.read(queue, 4):
        yield int.from_bytes(item, "little")


def run_all(tasks: Sequence[Callable[[], T]], processes: int = 1) -> list[T]:
    """Each task's result, in order; with ``processes=2`` a forked copy shares the tasks.

    Parameters
    ----------
    tasks : sequence of callables
        Independent of one another; their results must be picklable.
    processes : int
        1 runs every task here; 2 shares them with a copy where that is possible (see :func:`forked`).
        The two take the tasks in turn from a common queue, each the next one as soon as it is free,
        so that neither waits long for the other whatever the tasks cost.

    Examples
    --------
    >>> run_all([lambda: "a", lambda: "b", lambda: "c"], processes=2)
    ['a', 'b', 'c']
    """
    if processes <= 1 or len(tasks) < 2 or len(tasks) > _MOST_TASKS:
        return [task() for task in tasks]
    queue, filling = os.pipe()
    try:
        try:
            os.write(filling, b"".join(i.to_bytes(4, "little") for i in range(len(tasks))))
        finally:
            os.close(filling)  # the queue ends when every number is taken
        with forked(lambda: {i: tasks[i]() for i in _taken(queue)}) as theirs:
            results = {i: tasks[i]() for i in _taken(queue)}
            results.update(theirs())
    finally:
        os.close(queue)
    # a task the copy took but could not finish (it failed) is run again here, with its error if it has one
    return [results[i] if i in results else tasks[i]() for i in range(len(tasks))]
