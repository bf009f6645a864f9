"""The ``csat`` command: a satisfaction report from an organisation's own survey.

``csat analyze DATA --config CONFIG --out FOLDER`` reads a CSV or XLSX survey,
checks every configured cell, and writes ``FOLDER/report.html`` (one
self-contained page), ``FOLDER/results.json`` and ``FOLDER/tables/*.csv``.
``csat init-config DATA`` writes a commented starting config from the header.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from .errors import CsatInputError

__all__ = ["main", "build_parser", "EXIT_OK", "EXIT_INTERNAL", "EXIT_BAD_INPUT"]

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2

_EPILOG = """\
exit codes:
  0  success
  1  internal error (a bug: please report it with the message shown)
  2  bad input: unreadable file, bad config, or a bad cell (the message names
     sheet, row as the spreadsheet shows it, column, value and the fix);
     also wrong command-line arguments

examples:
  csat init-config survey.xlsx -o survey.yml
  csat analyze survey.xlsx --config survey.yml --out report/ --lang zh
  csat analyze survey.csv --config survey.yml --out report/ --on-invalid exclude --force
"""

_ANALYZE_EPILOG = """\
Files: CSV (UTF-8, or GB18030/GBK as saved by Chinese Excel; detected
automatically) or XLSX (first sheet unless --sheet).  The header is the first
row whose cells are mostly text; merged header cells are filled from their
top-left cell.  Row numbers in messages are the spreadsheet's own.
The input file is never modified; the output folder is written atomically.
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
    analyze.add_argument("--sheet", help="worksheet of an XLSX file (default: the first)")
    analyze.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the report's labels")
    analyze.add_argument(
        "--on-invalid", choices=("error", "exclude"), default="error",
        help="stop at the first bad cell (default), or exclude rows with bad cells and list each in the cleaning log",
    )
    analyze.add_argument("--force", action="store_true", help="replace an existing output folder")
    analyze.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary (errors still go to stderr)")
    analyze.add_argument("--no-charts", action="store_true", help="skip the charts (faster)")
    init = sub.add_parser(
        "init-config", help="write a commented starting config from a survey file's header",
        description="Draft a YAML config from the header row and first answers of a survey file.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument("data", help="survey file (.csv or .xlsx)")
    init.add_argument("--sheet", help="worksheet of an XLSX file (default: the first)")
    init.add_argument("--out", "-o", help="config file to write (default: DATA's name with .yml, in the current folder; '-' = print)")
    init.add_argument("--force", action="store_true", help="replace an existing config file")
    init.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    return parser


def _analyze(args: argparse.Namespace) -> int:
    from .report import build_report, write_report
    from .survey import load_survey

    out = Path(args.out)
    if out.exists() and not args.force:
        # checked before reading, so a long read is not wasted
        raise CsatInputError("the output folder already exists", argument="--out", value=str(out),
                             fix="choose another folder, or add --force to replace it")
    data = Path(args.data)
    if data.exists() and out.exists() and data.resolve().is_relative_to(out.resolve()):
        raise CsatInputError("the survey file is inside the output folder that --force would replace",
                             argument="--out", value=str(out), fix="write the report to another folder")
    survey = load_survey(data, args.config, sheet=args.sheet, on_invalid=args.on_invalid, progress=not args.quiet)
    report = build_report(survey, lang=args.lang, charts=not args.no_charts)
    write_report(report, out, force=args.force)
    if not args.quiet:
        excluded = len(survey.excluded_rows)
        print(
            f"Read {survey.rows_read} rows, analysed {survey.respondents} respondents, excluded {excluded} rows"
            + (f" (see the cleaning log in {out / 'report.html'})" if excluded else "")
            + f".\nReport: {out / 'report.html'}"
        )
    return EXIT_OK


def _init_config(args: argparse.Namespace) -> int:
    from .survey import init_config

    text = init_config(args.data, sheet=args.sheet)
    if args.out == "-":
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.out) if args.out else Path(Path(args.data).stem + ".yml")
    if target.exists() and not args.force:
        raise CsatInputError("the config file already exists", argument="--out", value=str(target),
                             fix="choose another name, or add --force to replace it")
    if target.resolve() == Path(args.data).resolve():
        raise CsatInputError("the config would overwrite the survey file", argument="--out", value=str(target),
                             fix="choose another name")
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    if not args.quiet:
        print(f"Wrote {target}: check every guess, then run\n  csat analyze {args.data} --config {target} --out report/")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``csat`` console script; returns the exit code.

    Examples
    --------
    >>> main(["analyze", "missing.csv", "--config", "c.yml", "--out", "r", "--quiet"])
    2
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad arguments, 0 on --help
        return int(exc.code or 0)
    try:
        return _analyze(args) if args.command == "analyze" else _init_config(args)
    except CsatInputError as exc:
        print(f"csat: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("csat: interrupted; nothing was written", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception:  # anything else is a bug: say so, with the traceback to report
        print("csat: internal error (please report it with the text below):", file=sys.stderr)
        traceback.print_exc()
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
