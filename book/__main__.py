"""Build the course: ``python -m book build [--strict]``.

Steps, in order (each is a module of :mod:`book` with a ``run(root, out, strict)`` function):

1. ``book.quizzes.export`` - validate the quiz banks, compute their numeric answers
   with ``csat_examples``, write the page JSON and the Moodle XML / GIFT exports.
2. ``book.editions`` - write the sources of each language edition (Simplified
   Chinese, Traditional Chinese, English) into ``_build/src/<edition>``.
3. ``book.jupyterbook`` - execute each edition's chapters and build it into
   ``_build/html/<edition>`` (``_build/html/index.html`` opens the landing edition).
4. ``book.handouts`` - printable PDFs per edition: a participant handout per chapter
   (``_build/html/downloads/handouts/<edition>/``) and the facilitator answer key
   (``_build/html/downloads/answer-key-<edition>.pdf``).
5. ``book.instructor`` - the instructors' chapter notebooks (``_build/notebooks/<edition>``,
   zipped into ``_build/html/downloads``) with slide metadata, and static slides
   (``_build/html/slides/<edition>``).
6. ``book.lite`` - build this project's wheel and the JupyterLite site
   (``_build/html/lite``) with the instructor notebooks of every edition.
7. ``book.scorm`` - one SCORM 1.2 package of the course per edition
   (``_build/html/downloads/scorm/csat-course-<edition>.zip``), for a company LMS.
8. ``book.docs`` - build the MkDocs documentation site into ``_build/html/docs``.

``--strict`` is what CI uses: rebuild every page (``--all``), and let any cell
error, cell timeout or Sphinx warning fail the build.  Without it, the build
uses the execution cache and rebuilds only what changed.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "html"
STEPS = ("book.quizzes.export", "book.editions", "book.jupyterbook", "book.handouts", "book.instructor", "book.lite",
         "book.scorm", "book.docs")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m book", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the whole course into _build/html")
    build.add_argument("--strict", action="store_true", help="rebuild all; warnings and cell errors fail")
    build.add_argument("--only", choices=[s.rsplit(".", 1)[1] for s in STEPS], action="append",
                       help="run only this step (repeatable)")
    build.add_argument("--course", type=Path, help="the course file (default: book/course.yml); see that file")
    sub.add_parser("preview", help="build one page of the chosen editions quickly (see book/preview.py)",
                   add_help=False)
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["preview"]:
        from .preview import main as preview_main

        return preview_main(argv[1:])
    args = parser.parse_args(argv)

    from .course import COURSE_VARIABLE, CourseError, load_course, survey_environment
    from .i18n import TranslationError
    from .jupyterbook import JupyterBookBuildError
    from .quizzes.schema import BankError
    from .scorm import ScormError

    if args.course is not None:
        try:
            course = load_course(args.course)
        except CourseError as exc:
            print(f"book: {exc}", file=sys.stderr)
            return 2
        # every step and every notebook kernel of this build reads the same course
        os.environ[COURSE_VARIABLE] = str(course.path)
        os.environ.update(survey_environment(course))
        print(f"book: course {course.path} ({', '.join(course.editions)}; "
              f"{'all chapters' if course.chapters is None else ', '.join(course.chapters)})", flush=True)

    for name in STEPS:
        short = name.rsplit(".", 1)[1]
        if args.only and short not in args.only:
            continue
        start = time.perf_counter()
        print(f"book: {short} ...", flush=True)
        module = importlib.import_module(name)
        try:
            module.run(root=ROOT, out=OUT, strict=args.strict)
        except (JupyterBookBuildError, TranslationError, BankError, ScormError) as exc:
            # What failed and why, without a Python traceback: the message names the
            # chapter and the cell, the catalog and the message, the bank and the question, or the
            # SCORM package and the file.
            print(f"\n{exc}\n\nbook: the build FAILED in step {short}", file=sys.stderr, flush=True)
            return 1
        print(f"book: {short} done in {time.perf_counter() - start:.1f} s", flush=True)
    print(f"book: open {OUT / 'index.html'} (or serve {OUT} over HTTP)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
