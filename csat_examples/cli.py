"""The ``csat`` command: a satisfaction report from an organisation's own survey.

``csat analyze DATA --config CONFIG --out FOLDER`` reads a CSV or XLSX survey,
checks every configured cell, and writes ``FOLDER/report.html`` (one
self-contained page), ``FOLDER/results.json`` and ``FOLDER/tables/*.csv``.
``csat init-config DATA`` writes a commented starting config from the header.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
import traceback
from pathlib import Path

from .errors import CsatInputError, Phrase

__all__ = ["main", "run", "keep_freed_memory", "build_parser", "EXIT_OK", "EXIT_INTERNAL", "EXIT_BAD_INPUT", "LANGS"]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
#: Languages of the report and of the messages.
LANGS = ("en", "zh", "zh-hant")
#: Command-line language name -> the library's language code (Traditional Chinese is "zh-Hant").
_LANG_CODES = {"en": "en", "zh": "zh", "zh-hant": "zh-Hant"}

_EPILOG = """\
exit codes:
  0  success
  1  internal error (a bug: please report it with the message shown)
  2  bad input: unreadable file, bad config, or a bad cell (the message names
     sheet, row as the spreadsheet shows it, column, value and the fix);
     an output folder it must not write or replace; also wrong command-line
     arguments
  130, 143  interrupted (Ctrl-C, SIGTERM); nothing was written

examples:
  csat init-config survey.xlsx -o survey.yml
  csat analyze survey.xlsx --config survey.yml --out report/ --lang zh
  csat analyze survey.csv --config survey.yml --out report/ --on-invalid exclude --force
"""

_ANALYZE_EPILOG = """\
Files: CSV (UTF-8, or GB18030/GBK as saved by Chinese Excel; detected
automatically) or XLSX (first visible sheet unless --sheet).  The header is
the first row whose cells are mostly text; merged header cells are filled from
their top-left cell.  Row numbers in messages are the spreadsheet's own.
The input file is never modified; the output folder is written atomically,
and --force replaces only a folder that csat wrote.
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the documentation and the tests).

    Examples
    --------
    >>> args = build_parser().parse_args(["analyze", "s.csv", "-c", "s.yml", "-o", "out", "--no-charts"])
    >>> args.command, args.data, args.config, args.out, args.lang, args.no_charts
    ('analyze', 's.csv', 's.yml', 'out', 'en', True)
    >>> build_parser().parse_args(["init-config", "s.csv", "--out", "-"]).out
    '-'
    """
    parser = argparse.ArgumentParser(
        prog="csat",
        description="Customer-satisfaction report from your own survey (steps 6-9 of the nine-step measurement process).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    analyze = sub.add_parser(
        "analyze", help="write the HTML report, results.json and CSV tables",
        description="Write the satisfaction report of a survey file.",
        epilog=_ANALYZE_EPILOG + "\n" + _EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    analyze.add_argument("data", help="survey file (.csv or .xlsx)")
    analyze.add_argument("--config", "-c", required=True, help="YAML config (start from 'csat init-config DATA')")
    analyze.add_argument("--out", "-o", required=True, help="output folder (must not exist unless --force)")
    analyze.add_argument("--sheet", help="worksheet of an XLSX file (default: the first visible one)")
    analyze.add_argument("--lang", choices=LANGS, default="en", help="language of the report's labels and of the messages")
    analyze.add_argument(
        "--on-invalid", choices=("error", "exclude"), default=None,
        help="stop at the first bad cell, or exclude rows with bad cells and list each in the cleaning log "
             "(default: the config's 'on_invalid', else error)",
    )
    analyze.add_argument("--force", action="store_true",
                         help="replace an existing output folder, if it is a report folder csat wrote (or empty)")
    analyze.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary (errors still go to stderr)")
    analyze.add_argument("--no-charts", action="store_true", help="skip the charts (faster)")
    analyze.add_argument("--processes", type=int, choices=(1, 2), default=2,
                         help="2 (default): a second process draws half the charts, "
                              "on Linux with two or more processors; 1: one process (the report is the same)")
    analyze.add_argument("--pdf", action="store_true",
                         help="also print the report to report.pdf (A4), with headless Chromium or Chrome")
    init = sub.add_parser(
        "init-config", help="write a commented starting config from a survey file's header",
        description="Draft a YAML config from the header row and first answers of a survey file.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument("data", help="survey file (.csv or .xlsx)")
    init.add_argument("--sheet", help="worksheet of an XLSX file (default: the first visible one)")
    init.add_argument("--out", "-o", help="config file to write (default: DATA's name with .yml, in the current folder; '-' = print)")
    init.add_argument("--force", action="store_true", help="replace an existing config file")
    init.add_argument("--lang", choices=LANGS, default="en", help="language of the messages")
    init.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    return parser


def _say(key: str, lang: str, **params: object) -> str:
    return Phrase(key, **params).text(lang)


def _analyze(args: argparse.Namespace) -> int:
    from .report import build_report, check_output_folder, write_report
    from .report.forking import usable_processes
    from .survey import load_survey

    out = Path(args.out)
    data = Path(args.data)
    keep = (args.data, args.config)  # --force must never delete the survey or its config
    # checked before reading, so a long read is not wasted
    check_output_folder(out, force=args.force, keep=keep)
    # the chart libraries (a quarter of a second) load while the file is read: the parser works
    # mostly outside the interpreter, so the import takes what would be idle time
    loading = threading.Thread(target=importlib.import_module, args=("csat_examples.charts",), daemon=True)
    if not args.no_charts:
        loading.start()
    try:
        survey = load_survey(data, args.config, sheet=args.sheet, on_invalid=args.on_invalid, progress=not args.quiet)
    except CsatInputError as exc:
        if exc.cells:
            _list_bad_cells(exc, out, args.force, keep, args.lang)
        raise
    if loading.ident is not None:
        loading.join()  # one thread left, so that a second process can share the drawing (see report.forking)
    report = build_report(survey, lang=args.lang, charts=not args.no_charts, processes=usable_processes(args.processes))
    written = write_report(report, out, force=args.force, keep=keep, pdf=args.pdf)
    if not args.quiet:
        page = out / "report.html"
        excluded = len(survey.excluded_rows)
        text = _say("cli_summary", args.lang, rows=survey.rows_read, respondents=survey.respondents, excluded=excluded)
        if excluded:
            text += _say("cli_summary_log", args.lang, page=page)
        print(text + _say("cli_summary_end", args.lang, page=written / "report.html" if out.is_absolute() else page))
    return EXIT_OK


def _list_bad_cells(exc: CsatInputError, out: Path, force: bool, keep: tuple[str, ...], lang: str) -> None:
    """Write every bad cell to the output folder and add its path to the error (the message lists 20)."""
    from .report import write_bad_cells
    from .survey import bad_cells_table

    cells = exc.cells or []
    try:
        path = write_bad_cells(bad_cells_table(cells, lang), out, force=force, keep=keep)
    except (OSError, CsatInputError) as problem:  # the error itself matters more than its list
        detail = problem.message(lang) if isinstance(problem, CsatInputError) else (problem.strerror or str(problem))
        exc.add_note(_say("bad_cells_no_file", lang, count=len(cells), detail=detail))
        return
    exc.add_note(_say("bad_cells_file", lang, count=len(cells), file=path))


def _init_config(args: argparse.Namespace) -> int:
    from .survey import init_config

    text = init_config(args.data, sheet=args.sheet)
    if args.out == "-":
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.out) if args.out else Path(Path(args.data).stem + ".yml")
    if target.is_dir():
        raise CsatInputError.from_terms("config_target_folder", argument="--out", value=str(target))
    if target.exists() and not args.force:
        raise CsatInputError.from_terms("config_exists", argument="--out", value=str(target))
    if target.resolve() == Path(args.data).resolve():
        raise CsatInputError.from_terms("config_over_data", argument="--out", value=str(target))
    folder = target.absolute().parent
    if not folder.is_dir():
        raise CsatInputError.from_terms("config_no_folder", argument="--out", value=str(target), folder=str(folder))
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CsatInputError.from_terms("config_not_writable", argument="--out", value=str(target), folder=str(folder),
                                        detail=exc.strerror or str(exc)) from exc
    if not args.quiet:
        print(_say("cli_init_written", args.lang, target=target, data=args.data))
    return EXIT_OK


#: glibc's mallopt parameters (malloc.h): keep freed memory at the top of the heap, and serve
#: large blocks from the heap instead of fresh mappings.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_KEEP_BELOW = 1 << 30


def keep_freed_memory() -> bool:
    """Let this process reuse the memory of freed large arrays (glibc on Linux); True if it took effect.

    By default glibc gives every block over a few megabytes fresh pages of its
    own and hands them back to the system when the block is freed.  A survey
    of a million respondents makes hundreds of 8 MB arrays one after another,
    so each array's pages were faulted in anew: a quarter of ``csat analyze``'s
    time at 10^6 rows went to the kernel.  With large blocks served from the
    heap and freed memory kept for the next one, the arrays reuse pages already
    mapped; the peak memory is the same, as the arrays are freed before the
    next ones are made.  Called by the ``csat`` command only: a process that
    merely imports the library keeps its allocator as it is.

    Examples
    --------
    >>> keep_freed_memory() in (True, False)
    True
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt): its allocator as it is
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, _KEEP_BELOW) and mallopt(_M_TRIM_THRESHOLD, _KEEP_BELOW))


def run(argv: list[str] | None = None) -> int:
    """The ``csat`` console script: :func:`main` in a process of its own, its allocator tuned first.

    See :func:`keep_freed_memory`; tests and other programs call :func:`main`.
    """
    keep_freed_memory()
    return main(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the ``csat`` command with ``argv``; returns the exit code.

    Examples
    --------
    >>> main(["analyze", "missing.csv", "--config", "c.yml", "--out", "r", "--quiet"])
    2
    """
    from .report import Interrupted

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad arguments, 0 on --help
        return int(exc.code or 0)
    args.lang = _LANG_CODES[args.lang]
    lang = args.lang
    try:
        return _analyze(args) if args.command == "analyze" else _init_config(args)
    except CsatInputError as exc:
        notes = "".join(f"\n{note}" for note in getattr(exc, "__notes__", ()))
        print(f"csat: error: {exc.message(lang)}{notes}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM while the report is written
        print(f"csat: {_say('cli_interrupted', lang)}", file=sys.stderr)
        return 128 + (exc.signum if isinstance(exc, Interrupted) else signal.SIGINT)
    except Exception:  # anything else is a bug: say so, with the traceback to report
        print(f"csat: {_say('cli_internal', lang)}", file=sys.stderr)
        traceback.print_exc()
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
