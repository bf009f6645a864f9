"""Build step ``book.lite``: this project's wheel and the JupyterLite inputs.

``run(root, out, strict)`` prepares ``_build/lite-src`` (the Lite "lite dir")
and builds it with ``jupyter lite build`` into ``_build/html/lite``, once for
all editions (rebuilt only when its inputs change):

* ``wheels/`` - the project wheel (``csat_examples`` + ``widgets`` + ``book``,
  built with ``pip wheel --no-deps`` from a clean copy of the sources) and the
  pure-Python wheels the calculators need that Pyodide does not ship
  (ipywidgets, comm, openpyxl, et_xmlfile, jupyterquiz),
  fetched once into ``_build/lite-cache``;
* ``contents/<edition>/`` - every chapter as a notebook in each edition's
  language (jupytext from the sources :mod:`book.editions` wrote in
  ``_build/src/<edition>/chapters``) and ``lite-smoke.ipynb``, a pure-Python check;
* ``jupyter_lite_config.json`` - ``PipliteAddon.piplite_urls`` = those wheels;
* ``jupyter-lite.json`` - the Pyodide kernel settings.  ``loadPyodideOptions.
  packages`` preloads numpy, pandas, matplotlib ... from the Pyodide
  distribution (pandas and matplotlib by the URL of their wheel, so that the
  lock's dependencies they do not need stay out: :data:`PYODIDE_WHEELS`)
  *and our wheels by URL* while the kernel starts, so a chapter runs
  ``import csat_examples`` / ``from widgets import show`` without a ``%pip``
  line.  Our wheels' URLs are relative to the kernel's web worker
  (``extensions/@jupyterlite/pyodide-kernel-extension/static/``), which is
  where Pyodide resolves them.

Pyodide runtime: by default the kernel loads Pyodide from its public CDN
(jsDelivr).  For an intranet without internet set ``CSAT_PYODIDE_URL``:

* to a folder holding a Pyodide distribution (the full release
  ``pyodide-<version>.tar.bz2`` unpacked, version :data:`PYODIDE_VERSION`): it
  is copied into the Lite site (``lite/static/pyodide``), and only the
  packages present there are preloaded;
* or to the URL of a Pyodide mirror (``https://intranet/pyodide/v314.0.6/full/``).

:func:`prepare_offline_pyodide` assembles a minimal local Pyodide (the npm
``pyodide`` core + the pure-Python kernel packages from PyPI) for testing the
Lite site with no CDN; it cannot run numpy-based code.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib import metadata
from collections.abc import Collection, Mapping
from pathlib import Path

from book.fingerprint import fingerprint, record, up_to_date

__all__ = [
    "run",
    "configure",
    "build_wheel",
    "lite_settings",
    "notebooks",
    "prepare_offline_pyodide",
    "npm_pyodide",
    "lock_closure",
    "smoke_notebook",
    "LITE_SRC",
    "build_site",
    "serves_pyodide",
    "runtime_url",
    "PYODIDE_VERSION",
    "PYODIDE_PACKAGES",
    "PYODIDE_WHEELS",
    "LEFT_OUT",
    "pyodide_wheel_url",
    "EXTRA_WHEELS",
    "WORKER_TO_ROOT",
]

#: The Pyodide release jupyterlite-pyodide-kernel 0.8.6 is built for.
PYODIDE_VERSION = "314.0.6"
PYODIDE_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
#: Lite dir (inputs of ``jupyter lite build``), relative to the repository root.
LITE_SRC = Path("_build") / "lite-src"
CACHE = Path("_build") / "lite-cache"
#: Pyodide-distribution packages loaded by the URL of their wheel (the file name in the
#: ``pyodide-lock.json`` of PYODIDE_VERSION), which Pyodide installs without the dependencies
#: its lock lists for them (and without its integrity check: the CDN is served over HTTPS).  By
#: name, the lock would have pandas and matplotlib pull in pytz (pandas 3 does not need it) and
#: fontTools (matplotlib needs it only to embed fonts in PDF, PS and SVG files; the chapters and
#: calculators draw PNG): 1.7 MB of every first "Run live" (benchmarks/bench_lite.py).  A cell's
#: ``import pandas`` later finds them loaded, and loads no dependency either.
PYODIDE_WHEELS: dict[str, str] = {
    "pandas": "pandas-3.0.2-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
    "matplotlib": "matplotlib-3.10.8-cp314-cp314-pyemscripten_2026_0_wasm32.whl",
}
#: The lock's dependencies of PYODIDE_WHEELS that are not loaded (see there).
LEFT_OUT: tuple[str, ...] = ("fonttools", "pytz")
#: Pyodide-distribution packages preloaded by name (with their dependencies in the lock): what our
#: wheel imports and the dependencies of PYODIDE_WHEELS but LEFT_OUT.  openpyxl is not among them
#: (see EXTRA_WHEELS).  The library needs no scipy (csat_examples.distributions), which keeps
#: 14 MB out of every first "Run live".
PYODIDE_PACKAGES: tuple[str, ...] = ("numpy", "python-dateutil", "pillow", "contourpy", "cycler", "kiwisolver",
                                     "pyparsing", "packaging", "pyyaml", "tqdm")
#: Pure-Python wheels preloaded from the Lite site (distribution -> version source).  Not
#: jupyterlab_widgets, which ipywidgets lists as a requirement: it holds only the JupyterLab
#: extension, which the Lite site serves from the build environment; in the kernel it is 0.2 MB
#: of every first "Run live" that nothing imports (a wheel preloaded by URL is not resolved).
EXTRA_WHEELS: tuple[str, ...] = ("ipywidgets", "comm", "openpyxl", "et_xmlfile", "jupyterquiz")
#: From the kernel's web worker to the Lite site root.
WORKER_TO_ROOT = "../../../../"
#: The kernel installs these itself (ipython, jedi and their dependencies come
#: from the Pyodide lock); an offline Pyodide must hold their wheels.
KERNEL_PACKAGES: tuple[str, ...] = ("ipython", "jedi", "micropip", "packaging")

_SMOKE = """\
# Smoke test of the in-browser kernel: pure Python only, so it also runs
# against a Pyodide core with no numpy (the offline test).
import sys
from importlib import metadata

print("python", sys.version.split()[0], sys.platform)
print("csat-examples wheel", metadata.version("csat-examples"))
print("ipywidgets wheel", metadata.version("ipywidgets"))
print("smoke ok", sum(i * i for i in range(10)))
"""


def smoke_notebook() -> dict:
    """The pure-Python smoke notebook (nbformat 4 JSON)."""
    return {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Lite smoke test\n\nRun all cells: the "
             "last line must read `smoke ok 285`."},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": _SMOKE},
        ],
        "metadata": {"kernelspec": {"name": "python", "display_name": "Python (Pyodide)", "language": "python"},
                     "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _log(msg: str) -> None:
    print(f"book.lite: {msg}", flush=True)


def build_wheel(root: Path, dest: Path) -> Path:
    """Build the project wheel into ``dest`` from a clean copy of the sources.

    Building from a copy keeps ``build/`` and egg-info out of the working tree.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("csat_examples-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            if (root / name).exists():
                shutil.copy2(root / name, src / name)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
        for package in ("csat_examples", "widgets", "book"):
            shutil.copytree(root / package, src / package, ignore=ignore)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                        "-w", str(dest), str(src)], check=True, cwd=tmp)
    wheels = sorted(dest.glob("csat_examples-*.whl"))
    if not wheels:
        raise RuntimeError(f"book.lite: no wheel was built in {dest}")
    return wheels[-1]


def _extra_wheels(cache: Path, dest: Path, strict: bool) -> list[Path]:
    """Pure-Python wheels of EXTRA_WHEELS at the versions installed here (cached)."""
    cache.mkdir(parents=True, exist_ok=True)
    found = []
    for dist in EXTRA_WHEELS:
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            _log(f"{dist} is not installed here; skipped")
            continue
        stem = dist.replace("-", "_").lower()
        hits = [p for p in cache.glob("*.whl") if p.name.lower().startswith(f"{stem}-{version}-")]
        if not hits:
            cmd = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                   "-d", str(cache), f"{dist}=={version}"]
            done = subprocess.run(cmd, capture_output=True, text=True)
            hits = [p for p in cache.glob("*.whl") if p.name.lower().startswith(f"{stem}-{version}-")]
            if done.returncode or not hits:
                message = f"could not fetch the wheel {dist}=={version}: {done.stderr.strip()[-300:]}"
                if strict:
                    raise RuntimeError(f"book.lite: {message}")
                _log(message + " (skipped)")
                continue
        target = dest / hits[0].name
        shutil.copy2(hits[0], target)
        found.append(target)
    return found


def notebooks(root: Path, dest: Path) -> list[Path]:
    """Each edition's chapter notebooks (``dest/<edition>/<page>.ipynb``) and the smoke notebook.

    They are the instructor notebooks (:mod:`book.instructor`: numbers as text, solutions
    collapsed), with the in-browser kernel instead of ``python3``.
    """
    from .course import active_course
    from .editions import course_editions
    from .instructor import NOTEBOOKS

    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    written = []
    for ed in course_editions(active_course()):
        source = root / NOTEBOOKS / ed.folder
        if not source.is_dir():
            raise FileNotFoundError(f"book.lite: {source} is missing: the instructor step writes it first")
        for notebook in sorted(source.glob("*.ipynb")):
            content = json.loads(notebook.read_text(encoding="utf-8"))
            content["metadata"]["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)",
                                                 "language": "python"}
            path = dest / ed.folder / notebook.name
            path.parent.mkdir(exist_ok=True)
            path.write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")
            written.append(path)
    smoke = dest / "lite-smoke.ipynb"
    smoke.write_text(json.dumps(smoke_notebook(), indent=1), encoding="utf-8")
    written.append(smoke)
    return written


def serves_pyodide(environ: Mapping[str, str], root: Path | None = None) -> bool:
    """Whether the Lite site carries its own Pyodide (``CSAT_PYODIDE_URL`` names a local folder).

    Examples
    --------
    >>> serves_pyodide({}), serves_pyodide({"CSAT_PYODIDE_URL": "https://intranet/pyodide/"})
    (False, False)
    """
    value = environ.get("CSAT_PYODIDE_URL", "").strip() or None
    return _local_pyodide(value, root or Path(__file__).resolve().parents[1]) is not None


def _local_pyodide(value: str | None, root: Path) -> Path | None:
    if not value or "://" in value or value.startswith("/") and not Path(value).is_dir():
        return None
    path = Path(value).expanduser()
    path = path if path.is_absolute() else root / path
    return path if path.is_dir() else None


def pyodide_wheel_url(name: str, pyodide: str | None = None, local: Path | None = None) -> str:
    """Where the kernel's web worker finds the Pyodide wheel of ``name`` (a key of PYODIDE_WHEELS).

    ``pyodide`` and ``local`` as for :func:`lite_settings`: the CDN, a mirror, or the copy of a
    local Pyodide in the Lite site.

    Examples
    --------
    >>> pyodide_wheel_url("matplotlib", "https://intranet/pyodide/v314.0.6/full/pyodide.mjs")
    'https://intranet/pyodide/v314.0.6/full/matplotlib-3.10.8-cp314-cp314-pyemscripten_2026_0_wasm32.whl'
    >>> pyodide_wheel_url("pandas", "/opt/pyodide", Path("/opt/pyodide"))
    '../../../../static/pyodide/pandas-3.0.2-cp314-cp314-pyemscripten_2026_0_wasm32.whl'
    """
    file = PYODIDE_WHEELS[name]
    if local is not None:
        return f"{WORKER_TO_ROOT}static/pyodide/{file}"
    base = pyodide or PYODIDE_CDN
    base = base.rsplit("/", 1)[0] if base.endswith(".mjs") else base.rstrip("/")
    return f"{base}/{file}"


def lite_settings(wheels: list[Path], pyodide: str | None = None, local: Path | None = None) -> dict:
    """The ``jupyter-lite.json`` contents: Pyodide URL and what the kernel preloads.

    Examples
    --------
    >>> s = lite_settings([Path("csat_examples-0.1.0-py3-none-any.whl")])
    >>> opts = s["jupyter-config-data"]["litePluginSettings"][
    ...     "@jupyterlite/pyodide-kernel-extension:kernel"]["loadPyodideOptions"]
    >>> opts["packages"][-1]
    '../../../../pypi/csat_examples-0.1.0-py3-none-any.whl'
    >>> [p for p in opts["packages"] if "pandas" in p]
    ['https://cdn.jsdelivr.net/pyodide/v314.0.6/full/pandas-3.0.2-cp314-cp314-pyemscripten_2026_0_wasm32.whl']
    """
    packages = list(PYODIDE_PACKAGES)
    pyodide_wheels = [pyodide_wheel_url(name, pyodide, local) for name in PYODIDE_WHEELS]
    if local is not None:  # preload only what this Pyodide holds
        lock = json.loads((local / "pyodide-lock.json").read_text(encoding="utf-8"))["packages"]
        packages = [p for p in packages if p in lock and (local / lock[p]["file_name"]).exists()]
        pyodide_wheels = [url for url, file in zip(pyodide_wheels, PYODIDE_WHEELS.values()) if (local / file).exists()]
    urls = [f"{WORKER_TO_ROOT}pypi/{w.name}" for w in sorted(wheels, key=lambda w: w.name.startswith("csat"))]
    kernel: dict = {"loadPyodideOptions": {"packages": packages + pyodide_wheels + urls}}
    if pyodide and local is None:
        kernel["pyodideUrl"] = pyodide if pyodide.endswith(".mjs") else pyodide.rstrip("/") + "/pyodide.mjs"
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Customer satisfaction course (JupyterLite)",
            "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": kernel},
        },
    }


def configure(lite: Path, wheels: list[Path], pyodide: str | None, root: Path) -> None:
    """Write the Pyodide choice and the kernel settings of the lite dir ``lite``.

    ``wheels`` are in ``lite/wheels``; ``pyodide`` is ``CSAT_PYODIDE_URL``
    (None = CDN, a folder = copy it into the site, else a URL).
    """
    local = _local_pyodide(pyodide, root)
    static = lite / "static" / "pyodide"
    if static.exists():
        shutil.rmtree(static)
    if local is not None:
        shutil.copytree(local, static)
        _log(f"Pyodide from the local folder {local} (copied into the Lite site)")
    else:
        _log(f"Pyodide from {pyodide or PYODIDE_CDN}")
    (lite / "jupyter-lite.json").write_text(
        json.dumps(lite_settings(wheels, pyodide, local), indent=2), encoding="utf-8")
    config = {
        "PipliteAddon": {"piplite_urls": [f"wheels/{w.name}" for w in wheels]},
        # source maps are a third of the site's weight and only help debugging
        "LiteBuildConfig": {"no_sourcemaps": True, "no_unused_shared_packages": True},
    }
    (lite / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


#: What the project wheel is built from.
WHEEL_SOURCES = ("pyproject.toml", "csat_examples/**/*", "widgets/**/*", "book/*.py", "book/quizzes/**/*")


def run(root: Path, out: Path, strict: bool) -> None:
    """Build the wheel and write the JupyterLite inputs into ``_build/lite-src``.

    The wheels are rebuilt only when their sources changed (or with ``strict``),
    so that editing a paragraph of a chapter rebuilds quickly.
    """
    lite = root / LITE_SRC
    wheels_dir = lite / "wheels"
    stamp = lite / ".wheel-sources"
    key = fingerprint(root, WHEEL_SOURCES)
    built = sorted(wheels_dir.glob("csat_examples-*.whl"))
    if not strict and built and up_to_date(stamp, key):
        wheel = built[-1]
        extras = sorted(p for p in wheels_dir.glob("*.whl") if p != wheel)
        _log(f"sources unchanged: reusing {wheel.name} and {len(extras)} other wheels")
    else:
        if wheels_dir.exists():
            shutil.rmtree(wheels_dir)
        wheel = build_wheel(root, wheels_dir)
        _log(f"wheel {wheel.name} ({wheel.stat().st_size // 1024} KiB)")
        extras = _extra_wheels(root / CACHE / "wheels", wheels_dir, strict)
        record(stamp, key)
    nbs = notebooks(root, lite / "contents")
    _log(f"{len(nbs)} notebooks in {lite / 'contents'}")
    pyodide = os.environ.get("CSAT_PYODIDE_URL", "").strip() or None
    configure(lite, [*extras, wheel], pyodide, root)
    build_site(lite, out / "lite", strict, runtime_url(pyodide, _local_pyodide(pyodide, root)))


def runtime_url(pyodide: str | None, local: Path | None) -> str:
    """The Pyodide file a Lite app page loads, as seen from that page (``lite/lab/index.html``).

    Examples
    --------
    >>> runtime_url(None, None)
    'https://cdn.jsdelivr.net/pyodide/v314.0.6/full/pyodide.mjs'
    >>> runtime_url("/opt/pyodide", Path("/opt/pyodide"))
    '../static/pyodide/pyodide.mjs'
    """
    if local is not None:
        return "../static/pyodide/pyodide.mjs"
    base = pyodide or PYODIDE_CDN
    return base if base.endswith(".mjs") else base.rstrip("/") + "/pyodide.mjs"


#: What the Lite site is built from (besides the project wheel's sources).
SITE_INPUTS = ("_build/lite-src/contents/**/*", "_build/lite-src/wheels/*", "_build/lite-src/*.json",
               "_build/lite-src/static/**/*", "constraints.txt", "book/lite_runtime.py",
               "csat_examples/data/terms/widgets.yml")


def build_site(lite: Path, site: Path, strict: bool, runtime: str) -> None:
    """``jupyter lite build`` of the lite dir ``lite`` into ``site`` (skipped when nothing changed).

    Its app pages then explain, in the reader's language, when the Python
    runtime ``runtime`` cannot be loaded (:mod:`book.lite_runtime`).
    """
    root = lite.parents[1]
    stamp = lite.parent / ".lite-site"
    key = fingerprint(root, SITE_INPUTS)
    if not strict and up_to_date(stamp, key, site / "lab" / "index.html"):
        _log(f"inputs unchanged: keeping {site}")
        return
    if site.exists():
        shutil.rmtree(site)
    # jupyter lite (doit) keeps its own record of finished tasks beside the inputs; with the output
    # gone it would skip tasks it thinks done and write a site without our kernel settings
    (lite / ".jupyterlite.doit.db").unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-m", "jupyter", "lite", "build", "--lite-dir", str(lite),
                           "--contents", str(lite / "contents"), "--output-dir", str(site)],
                          cwd=lite, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"book.lite: jupyter lite build failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    from .lite_runtime import add_watch

    add_watch(site, runtime)
    record(stamp, key)
    _log(f"Lite site in {site}")


# --- offline testing ---------------------------------------------------------

def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def npm_pyodide(cache: Path) -> Path:
    """The npm ``pyodide`` package (the core and ``pyodide-lock.json``), unpacked in ``cache``.

    Fetched once with ``npm pack`` (needs the npm registry), then reused.
    """
    cache.mkdir(parents=True, exist_ok=True)
    unpacked = cache / f"pyodide-{PYODIDE_VERSION}"
    if not (unpacked / "pyodide-lock.json").exists():
        tgz = cache / f"pyodide-{PYODIDE_VERSION}.tgz"
        if not tgz.exists():
            subprocess.run(["npm", "pack", f"pyodide@{PYODIDE_VERSION}", "--silent"], cwd=cache, check=True,
                           capture_output=True)
        with tempfile.TemporaryDirectory(dir=cache) as tmp, tarfile.open(tgz) as tar:
            tar.extractall(tmp, filter="data")
            if unpacked.exists():
                shutil.rmtree(unpacked)
            shutil.move(str(Path(tmp) / "package"), unpacked)
    return unpacked


def lock_closure(packages: dict, names: list[str] | tuple[str, ...], loaded: Collection[str] = ()) -> list[str]:
    """``names`` and everything they depend on in a Pyodide lock's ``packages``, in lock spelling.

    Names the lock does not hold are left out, and so are the ``loaded`` packages with their
    dependencies, as Pyodide's loader does for a package already loaded (e.g. from a wheel URL).

    Examples
    --------
    >>> lock = {"pandas": {"depends": ["numpy", "python-dateutil", "pytz"]}, "numpy": {"depends": []},
    ...         "python-dateutil": {"depends": ["six"]}, "six": {"depends": []}, "pytz": {"depends": []}}
    >>> sorted(lock_closure(lock, ["pandas", "not-in-pyodide"]))
    ['numpy', 'pandas', 'python-dateutil', 'pytz', 'six']
    >>> sorted(lock_closure(lock, ["pandas", "six"], loaded=["pandas"]))
    ['six']
    """
    skip = {n.lower().replace("_", "-") for n in loaded}
    wanted: list[str] = []
    todo = [n.lower().replace("_", "-") for n in names]
    while todo:
        name = todo.pop()
        if name in wanted or name in skip or name not in packages:
            continue
        wanted.append(name)
        todo.extend(d.lower().replace("_", "-") for d in packages[name]["depends"])
    return wanted


def prepare_offline_pyodide(dest: Path, cache: Path | None = None) -> Path:
    """A minimal local Pyodide for tests: npm ``pyodide`` core + kernel wheels from PyPI.

    The npm package is the core only (no wheels).  The pure-Python packages
    the kernel installs at start (``KERNEL_PACKAGES`` and their dependencies in
    ``pyodide-lock.json``) are fetched from PyPI at the lock's versions, and
    their sha256 rewritten in the lock (PyPI's builds differ byte-wise from
    Pyodide's).  Needs the npm and PyPI registries; cached in ``cache``.
    """
    cache = cache or dest.parent / "pyodide-cache"
    core = npm_pyodide(cache)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(core, dest)
    lock_path = dest / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    packages = lock["packages"]
    wheel_cache = cache / "wheels"
    wheel_cache.mkdir(exist_ok=True)
    for name in lock_closure(packages, KERNEL_PACKAGES):
        entry = packages[name]
        if not entry["file_name"].endswith("-none-any.whl"):
            continue
        target = wheel_cache / entry["file_name"]
        if not target.exists():
            subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                            "--python-version", "3.14", "-d", str(wheel_cache),
                            f"{entry['name']}=={entry['version']}"], check=True)
            got = [p for p in wheel_cache.glob("*.whl")
                   if p.name.lower().startswith(entry["name"].lower().replace("-", "_") + "-" + entry["version"])]
            if not got:
                continue
            got[0].rename(target)
        shutil.copy2(target, dest / entry["file_name"])
        entry["sha256"] = _sha256(target)
    lock_path.write_text(json.dumps(lock), encoding="utf-8")
    return dest
