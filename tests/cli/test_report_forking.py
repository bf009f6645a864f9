"""Work shared with a second process: the same results, in order; a failing copy loses nothing.

The tests that need a fork run in a fresh interpreter: the test session may hold other threads
(a browser test's server), and :func:`~csat_examples.report.forking.forked` rightly refuses to fork a process with threads.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading

import pytest

from csat_examples.report.forking import run_all, usable_processes

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or usable_processes(2) < 2,
                                reason="a second process is used on Linux with two CPUs")


def _in_fresh_python(code: str) -> None:
    """Run ``code`` (which asserts) in a new interpreter with no thread but its main one."""
    prelude = "import os, threading\nfrom csat_examples.report.forking import forked, run_all\nassert threading.active_count() == 1\n"
    done = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr


def _pid_task(i: int):
    return lambda: f"{i}:{os.getpid()}".encode()


def _pids(results: list[bytes]) -> list[int]:
    return [int(r.decode().split(":")[1]) for r in results]


def test_the_copy_shares_the_tasks_and_results_keep_their_order():
    _in_fresh_python("""
        import time
        def task(i, seconds):
            return lambda: time.sleep(seconds) or (i, os.getpid())
        results = run_all([task(i, 0.3) for i in range(6)], processes=2)
        assert [i for i, _ in results] == list(range(6))
        pids = {pid for _, pid in results}
        assert os.getpid() in pids and len(pids) == 2
    """)


def test_a_long_task_does_not_hold_up_the_short_ones():
    # the tasks are taken from a common queue: while one process runs the long task, the other runs the rest
    _in_fresh_python("""
        import time
        def task(i, seconds):
            return lambda: time.sleep(seconds) or (i, os.getpid())
        results = run_all([task(0, 2.0)] + [task(i, 0.1) for i in range(1, 7)], processes=2)
        assert [i for i, _ in results] == list(range(7))
        long_one = results[0][1]
        assert sum(pid == long_one for _, pid in results) <= 2, results
    """)


def test_one_process_or_another_thread_running_keeps_every_task_here():
    assert set(_pids(run_all([_pid_task(i) for i in range(4)], processes=1))) == {os.getpid()}
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:  # a fork would copy only this thread: a lock the other one holds would stay locked in the copy
        assert set(_pids(run_all([_pid_task(i) for i in range(4)], processes=2))) == {os.getpid()}
    finally:
        stop.set()
        other.join()


def test_a_task_that_fails_in_the_copy_is_run_again_here(tmp_path):
    marker = tmp_path / "failed_in_copy"
    _in_fresh_python(f"""
        import time
        me = os.getpid()
        def task(i):
            def run():
                time.sleep(0.2)
                if os.getpid() != me:
                    open({str(marker)!r}, "w").close()
                    raise RuntimeError("only in the copy")
                return i
            return run
        assert run_all([task(i) for i in range(4)], processes=2) == [0, 1, 2, 3]
        assert os.path.exists({str(marker)!r})  # the copy did take a task, and failed
    """)


def test_a_task_that_fails_everywhere_raises_here_and_leaves_no_process():
    _in_fresh_python("""
        def broken():
            raise ValueError("bad chart")
        for tasks in ([lambda: b"a", broken], [broken, lambda: b"b"]):  # failing in the copy; here, the copy working
            try:
                run_all(tasks, processes=2)
            except ValueError as exc:
                assert str(exc) == "bad chart"
            else:
                raise AssertionError("no error")
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            pass  # every copy was reaped
        else:
            raise AssertionError("a copy was left behind")
    """)


def test_report_charts_are_the_same_drawn_in_one_or_two_processes():
    _in_fresh_python("""
        from csat_examples.report import analyse, render_report
        from csat_examples.survey import course_survey
        forks = []
        fork = os.fork
        os.fork = lambda: forks.append(1) or fork()
        analysis = analyse(course_survey())
        one = render_report(analysis, lang="zh", charts=True, processes=1)
        assert not forks
        two = render_report(analysis, lang="zh", charts=True, processes=2)
        assert forks == [1]
        charts = [(c.name, c.caption, c.png) for s in one.sections for c in s.charts]
        assert len(charts) >= 8 and all(png.startswith(b"\\x89PNG") for *_, png in charts)
        assert [(c.name, c.caption, c.png) for s in two.sections for c in s.charts] == charts
    """)


def test_forked_gives_the_result_of_the_copy_or_computes_it_here():
    _in_fresh_python("""
        me = os.getpid()
        with forked(lambda: os.getpid()) as there:
            assert there() != me
        with forked(lambda: os.getpid(), enabled=False) as there:
            assert there() == me
        with forked(lambda: 1 / (os.getpid() - os.getpid() if os.getpid() != me else 1)) as there:
            assert there() == 1.0  # the copy failed (division by zero): computed here
        with forked(lambda: os.getpid()) as there:
            pass  # not asked: the copy is stopped and reaped when the block ends
        try:
            os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            pass
        else:
            raise AssertionError("a copy was left behind")
    """)


def test_a_copy_ends_with_its_parent(tmp_path):
    # the parent is killed outright while its copy works: the copy must not go on alone
    marker = tmp_path / "copy_pid"
    _in_fresh_python(f"""
        import signal, time
        pid = os.fork()
        if pid == 0:  # a parent process, which forks a copy and is then killed
            with forked(lambda: open({str(marker)!r}, "w").write(str(os.getpid())) and time.sleep(60)) as there:
                time.sleep(60)
            os._exit(0)
        deadline = time.time() + 20
        while not os.path.exists({str(marker)!r}) or not open({str(marker)!r}).read():
            assert time.time() < deadline, "no copy started"
            time.sleep(0.05)
        copy = int(open({str(marker)!r}).read())
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while time.time() < deadline:
            try:
                os.kill(copy, 0)
            except ProcessLookupError:
                break
            with open(f"/proc/{{copy}}/stat") as stat:
                if stat.read().split(")")[1].split()[0] == "Z":
                    break  # ended (a zombie until init reaps it)
            time.sleep(0.05)
        else:
            raise AssertionError("the copy outlived its parent")
    """)


def test_csat_analyze_writes_the_same_report_with_one_or_two_processes(tmp_path):
    import re

    from cli_helpers import CONFIG, HEADER, ROWS, write_config, write_csv

    rows = [[f"A{i}", *row[1:], f"estate {i % 3}"] for i, row in enumerate(ROWS * 30)]
    data = write_csv(tmp_path / "s.csv", rows, HEADER + ["estate"])
    config = write_config(tmp_path / "c.yml", {**CONFIG, "by": ["estate"]})
    folders = {}
    for processes in ("1", "2"):
        out = tmp_path / f"out{processes}"
        done = subprocess.run([sys.executable, "-c", "import sys; from csat_examples.cli import run; sys.exit(run())",
                               "analyze", str(data), "-c", str(config), "-o", str(out), "--quiet",
                               "--processes", processes], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        folders[processes] = {p.relative_to(out).as_posix(): re.sub(rb"20\d\d-\d\d-\d\d[T ][0-9:.+]+", b"", p.read_bytes())
                              for p in sorted(out.rglob("*")) if p.is_file()}
    assert "report.html" in folders["1"] and folders["1"] == folders["2"]


def test_no_process_to_be_had_means_the_work_is_done_here():
    _in_fresh_python("""
        def refuse():
            raise BlockingIOError(11, "Resource temporarily unavailable")  # as fork under a process limit
        os.fork = refuse
        fds = len(os.listdir("/proc/self/fd"))
        assert run_all([lambda: os.getpid(), lambda: os.getpid()], processes=2) == [os.getpid()] * 2
        assert len(os.listdir("/proc/self/fd")) == fds  # the pipe was closed
    """)
