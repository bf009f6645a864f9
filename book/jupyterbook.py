"""Build step ``book.jupyterbook``: execute each edition's chapters and build it into the site.

For every edition (:mod:`book.editions`) this runs ``jupyter-book build``
(Jupyter Book 1.x) on the edition's sources in ``_build/src/<folder>``, with
the environment variables ``CSAT_BOOK_BUILD=1`` (``widgets.show`` draws a
static result instead of live controls) and ``CSAT_LANG`` (the edition's
language).  The three builds run side by side, each with its own execution
cache (``_build/ed/<folder>/_build/.jupyter_cache``) and its own log
(``_build/ed/<folder>/build.log``); each finished edition is copied into
``_build/html/<folder>/``, and ``_build/html/index.html`` sends a reader to
the landing edition (Simplified Chinese).

A failing cell fails the build in every mode (``execute.raise_on_error``): a
chapter with an error is never published as if it had succeeded, and since
jupyter-cache does not record failed runs, the next build executes it again.
``strict`` (CI) adds ``--all -W --keep-going``: every page is rebuilt and any
Sphinx warning fails too.  Without it the execution cache and Sphinx's
incremental build make a one-paragraph edit quick.
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .course import Course, active_course
from .editions import EDITIONS, SRC, Edition, course_editions, narrow_figures

#: The environment variable that tells a chapter's kernel where to save its figures' narrow variants.
NARROW_VARIABLE = "CSAT_NARROW_FIGURES"

__all__ = ["run", "command", "JupyterBookBuildError", "execution_key", "survey_key", "SURVEY_ENV",
           "CODE_INPUTS", "cache_flags", "record_success", "build_book", "finish_book", "palette_png", "shrink_images", "sync_tree", "landing_page", "failure_summary"]

#: Where each edition is built, relative to the book root (jupyter-book writes ``<here>/_build/html``).
EDITION_BUILDS = Path("_build") / "ed"


class JupyterBookBuildError(RuntimeError):
    """``jupyter-book build`` failed (a cell error, a timeout, or a warning in strict mode)."""


#: A notebook kernel that could not start: the editions build at once, and two kernels of different
#: builds can be handed the same free TCP port (jupyter_client picks a port, then the kernel binds it).
_KERNEL_START_FAILED = re.compile(r"ZMQError: Address already in use|Kernel didn't respond in \d+ seconds")


def kernel_start_failed(log: str) -> bool:
    """Whether a failed build's log shows a kernel that could not start (worth one more try).

    Examples
    --------
    >>> kernel_start_failed("zmq.error.ZMQError: Address already in use (addr='tcp://127.0.0.1:43691')")
    True
    >>> kernel_start_failed("CellExecutionError: ZeroDivisionError")
    False
    """
    return _KERNEL_START_FAILED.search(log) is not None


#: Environment variables that choose the survey behind chapter 7 and the calculators' defaults.
SURVEY_ENV = ("CSAT_SURVEY_FILE", "CSAT_SURVEY_CONFIG", "CSAT_SURVEY_SHEET")


def survey_key(environ: dict[str, str]) -> str:
    """What identifies the course survey: the variables and the files' size and mtime.

    The execution cache is keyed by the code of each notebook, which does not
    change when an instructor points the course at another survey; comparing
    this key with the last build's tells the build to execute everything again.

    Examples
    --------
    >>> survey_key({})
    'CSAT_SURVEY_FILE=|CSAT_SURVEY_CONFIG=|CSAT_SURVEY_SHEET='
    """
    parts = []
    for name in SURVEY_ENV:
        value = environ.get(name, "")
        path = Path(value) if value and name != "CSAT_SURVEY_SHEET" else None
        if path is not None and path.is_file():
            stat = path.stat()
            value += f"@{stat.st_size}:{stat.st_mtime_ns}"
        parts.append(f"{name}={value}")
    return "|".join(parts)


#: What the chapters' outputs depend on besides their own code (globs relative to the book root):
#: the library, the calculators, the book package and the pinned versions.
CODE_INPUTS = ("csat_examples/**/*.py", "csat_examples/data/**/*", "widgets/**/*.py", "book/**/*.py",
               "book/quizzes/banks/*.yml", "constraints.txt")


def execution_key(root: Path, environ: dict[str, str]) -> str:
    """:func:`survey_key` plus a fingerprint of :data:`CODE_INPUTS`.

    The execution cache keys each notebook by its own cells only: a chapter
    whose text is unchanged would keep the figures and numbers of an older
    library.  A changed key makes the build execute every chapter again.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     before = execution_key(Path(tmp), {})
    ...     (Path(tmp) / "constraints.txt").write_text("pandas==3.1.1")
    ...     before == execution_key(Path(tmp), {})
    13
    False
    """
    from .fingerprint import fingerprint

    return f"{survey_key(environ)}|code={fingerprint(root, CODE_INPUTS)}"


_DATA_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")


def palette_png(data: bytes) -> bytes:
    """The PNG re-encoded with a 256-colour palette, or unchanged if that is not smaller.

    Charts are flat colours plus anti-aliased edges, which a palette keeps;
    this roughly halves the bytes of each figure and of each page.

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> buf = io.BytesIO()
    >>> Image.new("RGBA", (64, 64), "white").save(buf, format="PNG")
    >>> len(palette_png(buf.getvalue())) <= len(buf.getvalue())
    True
    """
    from PIL import Image, PngImagePlugin

    image = Image.open(io.BytesIO(data))
    if image.mode == "P":
        return data
    rgb = image.convert("RGB")
    info = PngImagePlugin.PngInfo()  # keep the text chunks (a figure's smallest text size)
    for key, value in getattr(image, "text", {}).items():
        info.add_text(key, value)
    buf = io.BytesIO()
    rgb.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        buf, format="PNG", optimize=True, pnginfo=info)
    smaller = buf.getvalue()
    return smaller if len(smaller) < len(data) else data


def shrink_images(out: Path) -> int:
    """Palette-encode the book's figure files and the PNGs embedded in its chapter pages.

    Returns the number of bytes saved.
    """
    saved = 0
    for path in sorted((out / "_images").glob("*.png")):
        data = path.read_bytes()
        small = palette_png(data)
        if small is not data:
            path.write_bytes(small)
            saved += len(data) - len(small)
    for page in sorted((out / "chapters").glob("*.html")):
        text = page.read_text(encoding="utf-8")

        def _shrink(match: re.Match[str]) -> str:
            data = base64.b64decode(match.group(1))
            return "data:image/png;base64," + base64.b64encode(palette_png(data)).decode("ascii")

        new = _DATA_PNG.sub(_shrink, text)
        if new != text:
            saved += len(text) - len(new)
            page.write_text(new, encoding="utf-8")
    return saved


def command(src: Path, build_root: Path, strict: bool) -> list[str]:
    """The ``jupyter-book build`` command line for the book in ``src``, built under ``build_root``.

    Examples
    --------
    >>> command(Path("/s"), Path("/b"), strict=True)[-6:]
    ['/s', '--path-output', '/b', '--all', '-W', '--keep-going']
    >>> "--all" in command(Path("/s"), Path("/b"), strict=False)
    False
    """
    cmd = [
        sys.executable, "-c", "from jupyter_book.cli.main import main; main()",
        "build", str(src), "--path-output", str(build_root),
    ]
    if strict:
        cmd += ["--all", "-W", "--keep-going"]
    return cmd


def _environment(lang: str, narrow_figures: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["CSAT_BOOK_BUILD"] = "1"
    env["CSAT_LANG"] = lang
    if narrow_figures is not None:
        env[NARROW_VARIABLE] = str(narrow_figures)
    # The kernel must keep IPython's inline backend (a non-interactive MPLBACKEND would turn
    # figures into "<Figure size ...>" text).
    env.pop("MPLBACKEND", None)
    # The notebooks' kernel is this interpreter; make its console scripts findable too.
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    return env


def cache_flags(root: Path, build_root: Path, strict: bool) -> tuple[list[str], str]:
    """The extra flags this build needs, and the execution key to record once it succeeds.

    The execution cache keys each notebook by its own cells only; when the
    course survey or the code behind the chapters changed since the last
    successful build (:func:`execution_key`), the cache is emptied and every
    page is rebuilt (``--all``).
    """
    stamp = build_root / "_build" / ".execution-key"
    key = execution_key(root, dict(os.environ))
    previous = stamp.read_text(encoding="utf-8") if stamp.is_file() else None
    if key == previous:
        return [], key
    # Another survey or other code (or a cache of unknown origin): every page must run again.
    shutil.rmtree(build_root / "_build" / ".jupyter_cache", ignore_errors=True)
    return ([] if strict else ["--all"]), key


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_FAILED_PAGE = re.compile(r"^(\S+\.(?:md|ipynb)): WARNING: Executing notebook failed", re.M)
_FAILED_CELL = re.compile(r"An error occurred while executing the following cell:\n-{5,}\n(.*?)\n-{5,}\n(.*?)"
                          r"(?=\n\S*Traceback \(most recent call last\)|\Z)", re.S)
_ERROR_LINE = re.compile(r"^(\w+(?:Error|Exception|Interrupt|Warning))\b:?\s*(.*)$", re.M)


def failure_summary(log: str) -> str:
    r"""What went wrong, for a person: the chapter, the failing cell's first line, the error.

    Reads the build log (nbclient quotes the failing cell between dashed lines,
    then its traceback); falls back on the log's last warnings.

    Examples
    --------
    >>> log = ("/b/chapters/ch07.md: WARNING: Executing notebook failed: CellExecutionError\n"
    ...        "An error occurred while executing the following cell:\n------------------\n"
    ...        "# importance-performance section\nipa(x)\n------------------\n\n"
    ...        "CsatInputError: the survey config has no importance columns\n")
    >>> print(failure_summary(log))
      chapters/ch07.md: CsatInputError: the survey config has no importance columns
        in the cell that starts: # importance-performance section
    """
    text = _ANSI.sub("", log)
    pages = [m.group(1) for m in _FAILED_PAGE.finditer(text)]
    lines = []
    for k, cell in enumerate(_FAILED_CELL.finditer(text)):
        page = pages[k] if k < len(pages) else "a chapter"
        shown = "/".join(Path(page).parts[-2:])
        errors = _ERROR_LINE.findall(cell.group(2))
        error = f"{errors[-1][0]}: {errors[-1][1]}" if errors else "the cell raised an error"
        first = next((ln.strip() for ln in cell.group(1).splitlines() if ln.strip()), "")
        lines.append(f"  {shown}: {error}\n    in the cell that starts: {first[:120]}")
    if not lines:
        tail = [ln for ln in text.splitlines() if "WARNING" in ln or "ERROR" in ln or "Error" in ln][-15:]
        lines = [f"  {ln}" for ln in tail] or [f"  {ln}" for ln in text.splitlines()[-15:]]
    return "\n".join(lines)


def build_book(src: Path, build_root: Path, strict: bool, lang: str = "en", root: Path | None = None,
               log: Path | None = None, narrow_figures: Path | None = None) -> subprocess.Popen:
    """Start ``jupyter-book build`` of ``src``; returns the process (its output goes to ``log``).

    ``root`` is the repository whose code and survey key the execution cache
    (default ``src``).
    """
    root = root or src
    extra, key = cache_flags(root, build_root, strict)
    log = log or build_root / "build.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    handle = log.open("w", encoding="utf-8")
    process = subprocess.Popen(command(src, build_root, strict) + extra, cwd=src,
                               env=_environment(lang, narrow_figures),
                               stdout=handle, stderr=subprocess.STDOUT)
    process.csat_key = key  # type: ignore[attr-defined]
    process.csat_log = log  # type: ignore[attr-defined]
    handle.close()
    return process


def finish_book(process: subprocess.Popen, build_root: Path, strict: bool, name: str) -> Path:
    """Wait for a build started by :func:`build_book`; returns its HTML folder or raises."""
    process.wait()
    log = process.csat_log.read_text(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]
    html_dir = build_root / "_build" / "html"
    if process.returncode != 0:
        mode = "strict (--all -W)" if strict else "default"
        raise JupyterBookBuildError(
            f"book.jupyterbook: the {name} edition failed to build in {mode} mode "
            f"(exit {process.returncode}; full log: {process.csat_log}):\n"  # type: ignore[attr-defined]
            f"{failure_summary(log)}")
    warnings = len(re.findall(r"\bWARNING: ", log))
    print(f"book.jupyterbook: {name}: built ({warnings} warnings; log {process.csat_log})", flush=True)  # type: ignore[attr-defined]
    record_success(build_root, process.csat_key)  # type: ignore[attr-defined]
    return html_dir


def record_success(build_root: Path, key: str) -> None:
    """Remember the execution key of a build that succeeded (see :func:`cache_flags`)."""
    stamp = build_root / "_build" / ".execution-key"
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key, encoding="utf-8")


def sync_tree(src: Path, dst: Path) -> int:
    """Make ``dst`` a copy of ``src``, copying only changed files; returns how many were copied."""
    copied = 0
    wanted = set()
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        wanted.add(rel)
        target = dst / rel
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        if target.is_file() and target.stat().st_size == path.stat().st_size and \
                target.read_bytes() == path.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        copied += 1
    for path in sorted(dst.rglob("*"), reverse=True):
        if path.relative_to(dst) not in wanted:
            path.unlink() if path.is_file() or path.is_symlink() else shutil.rmtree(path)
    return copied


def landing_page(editions: tuple[Edition, ...] = EDITIONS) -> str:
    """``_build/html/index.html``: straight to the landing edition, with a link to each edition.

    Examples
    --------
    >>> page = landing_page()
    >>> 'url=zh-hans/index.html' in page and 'href="en/index.html"' in page
    True
    """
    from csat_examples.lang import html_lang
    from csat_examples.terms import label

    ed = editions[0]
    links = "".join(
        f'<li><a href="{e.folder}/index.html" hreflang="{html_lang(e.lang)}" lang="{html_lang(e.lang)}">'
        f"{html.escape(label(e.name_key, e.lang))}</a></li>" for e in editions)
    return (f'<!DOCTYPE html>\n<html lang="{html_lang(ed.lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta http-equiv="refresh" content="0; url={ed.folder}/index.html">'
            f"<title>{html.escape(label('book_landing_title', ed.lang))}</title></head>"
            f"<body><h1>{html.escape(label('book_landing_title', ed.lang))}</h1>"
            f"<p>{html.escape(label('book_landing_choose', ed.lang))}</p><ul>{links}</ul></body></html>\n")


# What an older, single-edition build left at the top of the site.
_OLD_LAYOUT = ("chapters", "_images", "_static", "_sources", "genindex.html", "search.html", "searchindex.js",
               "objects.inv", ".buildinfo", "reports")


def run(root: Path, out: Path, strict: bool) -> None:
    """Build every edition from ``_build/src`` into ``out`` (``<root>/_build/html``).

    Raises
    ------
    JupyterBookBuildError
        If an edition's build fails; the message names the chapter and the error.
    """
    root, out = Path(root).resolve(), Path(out).resolve()
    course: Course = active_course()
    editions = course_editions(course)
    started: list[tuple[Edition, Path, subprocess.Popen]] = []
    for ed in editions:
        build_root = root / EDITION_BUILDS / ed.folder
        started.append((ed, build_root, build_book(root / SRC / ed.folder, build_root, strict, ed.lang, root,
                                                   narrow_figures=narrow_figures(root, ed))))
    errors = []
    built: list[tuple[Edition, Path]] = []
    retry: list[tuple[Edition, Path]] = []
    for ed, build_root, process in started:
        try:
            built.append((ed, finish_book(process, build_root, strict, ed.folder)))
        except JupyterBookBuildError as exc:
            log = process.csat_log.read_text(encoding="utf-8", errors="replace")  # type: ignore[attr-defined]
            if kernel_start_failed(log):
                retry.append((ed, build_root))
            else:
                errors.append(str(exc))
    # a kernel handed a port another edition's kernel took: once more, alone (the cache keeps what ran)
    for ed, build_root in retry:
        print(f"book.jupyterbook: {ed.folder}: a notebook kernel could not start; building it again", flush=True)
        process = build_book(root / SRC / ed.folder, build_root, strict, ed.lang, root,
                             narrow_figures=narrow_figures(root, ed))
        try:
            built.append((ed, finish_book(process, build_root, strict, ed.folder)))
        except JupyterBookBuildError as exc:
            errors.append(str(exc))
    for ed, html_dir in built:
        saved = shrink_images(html_dir)
        copied = sync_tree(html_dir, out / ed.folder)
        print(f"book.jupyterbook: {ed.folder}: {copied} files updated in {out / ed.folder} "
              f"(palette PNGs saved {saved / 1e6:.2f} MB)", flush=True)
    if errors:
        raise JupyterBookBuildError("\n\n".join(errors))
    for ed in EDITIONS:  # an edition this course does not build must not stay on the site
        if ed not in editions and (out / ed.folder).is_dir():
            shutil.rmtree(out / ed.folder)
    for name in _OLD_LAYOUT:
        old = out / name
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
    (out / "index.html").write_text(landing_page(editions), encoding="utf-8")
