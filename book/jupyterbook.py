"""Build step: execute the chapters and build the Jupyter Book into ``_build/html``.

Runs ``jupyter-book build`` (Jupyter Book 1.x) on the repository root with the
environment variable ``CSAT_BOOK_BUILD=1``, which tells ``widgets.show`` to
draw static results instead of live controls.

Two modes:

* default: the execution cache (``_build/.jupyter_cache``) and Sphinx's
  incremental build, so editing one paragraph rebuilds one page in seconds;
  a failing cell is reported as a warning and the build goes on;
* ``strict`` (CI): ``--all -W --keep-going``. Jupyter Book reports a cell
  error or a cell timeout only as a warning, and on an incremental rebuild it
  does not even re-read an unchanged page, so only rebuilding every page with
  warnings turned into errors makes such a failure fail the build.

The module is also a small Sphinx extension (listed in ``_config.yml``) that

* drops any stylesheet or script that a Sphinx extension adds from another host, so that no page
  asks the internet for anything (jupyterlite-sphinx 0.23 adds a Google Fonts stylesheet to every
  page, only for the font of its logo);
* loads the self-hosted widget manager only on pages that display a widget;
* gives every figure's image its caption as alternative text (instead of the file path), and
  makes it a link to the image file, so that a phone reader can open a chart full size;
* makes the generated pages depend on what they are generated from: the glossary on the terms
  table, the index of worked examples on the chapters, so an incremental build re-reads them
  when those files change (the pages themselves set ``execution_mode: force``, because the
  execution cache only sees a notebook's own code).
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["run", "command", "JupyterBookBuildError", "is_offsite", "setup", "GENERATED_PAGES", "WIDGET_VIEW",
           "CODE_INPUTS", "execution_key", "survey_key"]

#: Generated pages and the files (globs relative to the book root) they are generated from.
GENERATED_PAGES: dict[str, tuple[str, ...]] = {
    "chapters/glossary": ("csat_examples/data/terms/*.yml",),
    "chapters/examples-index": ("_toc.yml", "chapters/ch[0-9][0-9]-*.md"),
}


class JupyterBookBuildError(RuntimeError):
    """``jupyter-book build`` failed (a cell error, a timeout or a warning in strict mode)."""


def _output_root(out: Path) -> Path:
    # jupyter-book writes into <path-output>/_build/html; the step is handed the html folder.
    if out.name != "html" or out.parent.name != "_build":
        raise ValueError(f"out must be a '<folder>/_build/html' path, got {out}")
    return out.parent.parent


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
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    if image.mode == "P":
        return data
    rgb = image.convert("RGB")
    buf = io.BytesIO()
    rgb.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        buf, format="PNG", optimize=True)
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


def command(root: Path, out: Path, strict: bool) -> list[str]:
    """The ``jupyter-book build`` command line this step runs.

    Examples
    --------
    >>> from pathlib import Path
    >>> command(Path("/r"), Path("/r/_build/html"), strict=True)[-6:]
    ['/r', '--path-output', '/r', '--all', '-W', '--keep-going']
    >>> "--all" in command(Path("/r"), Path("/r/_build/html"), strict=False)
    False
    """
    cmd = [
        sys.executable, "-c", "from jupyter_book.cli.main import main; main()",
        "build", str(root), "--path-output", str(_output_root(out)),
    ]
    if strict:
        cmd += ["--all", "-W", "--keep-going"]
    return cmd


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env["CSAT_BOOK_BUILD"] = "1"
    # The kernel must keep IPython's inline backend (a non-interactive MPLBACKEND would turn
    # figures into "<Figure size ...>" text).
    env.pop("MPLBACKEND", None)
    # The notebooks' kernel is this interpreter; make its console scripts findable too.
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    return env


def run(root: Path, out: Path, strict: bool) -> None:
    """Build the book from ``root`` into ``out`` (``<root>/_build/html``).

    Raises
    ------
    JupyterBookBuildError
        If ``jupyter-book build`` exits non-zero.
    """
    root = Path(root).resolve()
    out = Path(out).resolve()
    cmd = command(root, out, strict)
    stamp = _output_root(out) / "_build" / ".execution-key"
    key = execution_key(root, dict(os.environ))
    previous = stamp.read_text(encoding="utf-8") if stamp.is_file() else None
    if key != previous:
        # Another survey or other code (or a cache of unknown origin): every page must run
        # again, cache or not.
        print("book.jupyterbook: the course survey or the code behind the chapters changed "
              "(or this is the first build); executing every chapter", flush=True)
        shutil.rmtree(_output_root(out) / "_build" / ".jupyter_cache", ignore_errors=True)
        if "--all" not in cmd:
            cmd.append("--all")
    result = subprocess.run(cmd, cwd=root, env=_environment())
    if result.returncode == 0:
        saved = shrink_images(out)
        print(f"book.jupyterbook: figures stored as palette PNGs, {saved / 1e6:.2f} MB saved", flush=True)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(key, encoding="utf-8")
    if result.returncode != 0:
        mode = "strict (--all -W)" if strict else "default"
        raise JupyterBookBuildError(
            f"book.jupyterbook: jupyter-book build failed in {mode} mode (exit {result.returncode}); "
            "see the cell error, timeout or warning printed above"
        )


def is_offsite(url: str) -> bool:
    """True for an absolute URL that points at another host.

    Examples
    --------
    >>> is_offsite("https://fonts.googleapis.com/css?family=Vibur"), is_offsite("//cdn.example/x.js")
    (True, True)
    >>> is_offsite("_static/jupyterlite_sphinx.css"), is_offsite("mathjax/tex-chtml.js")
    (False, False)
    """
    return url.startswith(("http://", "https://", "//"))


#: Marks a page that displays a widget; the saved widget *state* alone needs no widget manager.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _trim_page_assets(app, pagename, templatename, context, doctree) -> None:  # noqa: ARG001
    # myst-nb loads the 3.6 MB widget manager on any page whose notebook saved widget state,
    # even when no widget is displayed (widgets created while drawing a static result).
    shows_widgets = WIDGET_VIEW in context.get("body", "")
    for key in ("css_files", "script_files"):
        assets = context.get(key)
        if not assets:
            continue
        context[key] = [a for a in assets if not is_offsite(_name(a)) and (shows_widgets or not _widget_asset(a))]


_FIGURE_IMAGE = re.compile(r'(<figure\b[^>]*>\s*)(<img\b[^>]*\bsrc="(?!data:)([^"]+)"[^>]*>)')


def link_figures(body: str, title: str = "Open the figure full size") -> str:
    """Wrap each figure's image in a link to the image file, so a phone reader can open it full size.

    A chart is drawn about 750 px wide; on a 390-px phone its labels shrink to
    a few pixels.  Tapping the figure opens the PNG alone, which the phone's
    browser zooms.  Data-URI images (the calculators' static results) stay as
    they are.

    Examples
    --------
    >>> link_figures('<figure id="f"><img alt="Shares" src="../_images/a.png" /></figure>')
    '<figure id="f"><a class="csat-zoom" href="../_images/a.png" title="Open the figure full size"><img alt="Shares" src="../_images/a.png" /></a></figure>'
    """
    return _FIGURE_IMAGE.sub(
        lambda m: f'{m.group(1)}<a class="csat-zoom" href="{m.group(3)}" title="{title}">{m.group(2)}</a>', body)


def _link_figure_images(app, pagename, templatename, context, doctree) -> None:  # noqa: ARG001
    if "body" in context:
        context["body"] = link_figures(context["body"])


def _name(asset) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _widget_asset(asset) -> bool:
    """The widget manager's scripts, or the saved widget state that myst-nb puts in the head."""
    attributes = getattr(asset, "attributes", {}) or {}
    return "jupyter-widgets/" in _name(asset) or attributes.get("type") == WIDGET_STATE


def _note_sources_of_generated_pages(app, docname, source) -> None:  # noqa: ARG001
    for pattern in GENERATED_PAGES.get(docname, ()):
        for path in sorted(Path(app.srcdir).glob(pattern)):
            app.env.note_dependency(str(path))


def _describe_figures(app, doctree, docname: str) -> None:  # noqa: ARG001 - Sphinx event signature
    """Give each figure's image its caption as alternative text.

    A chart from a notebook cell has no alt text of its own, and Sphinx then
    writes the image's file path into ``alt``, which a screen reader reads
    out ("../_images/a89d5e....png").  The caption is what the figure shows.
    """
    from docutils import nodes

    for figure in doctree.findall(nodes.figure):
        caption = next(iter(figure.findall(nodes.caption)), None)
        if caption is None:
            continue
        for image in figure.findall(nodes.image):
            if not image.get("alt") or image.get("alt") == image.get("uri"):
                image["alt"] = caption.astext()


def setup(app) -> dict[str, object]:
    """Sphinx extension entry point: pages stay on the site; generated pages stay current;
    figures are described by their captions and open full size."""
    app.connect("html-page-context", _trim_page_assets, priority=900)
    app.connect("source-read", _note_sources_of_generated_pages)
    app.connect("doctree-resolved", _describe_figures)
    app.connect("html-page-context", _link_figure_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
