"""A local JupyterLab server on a folder of notebooks, for the browser tests."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def jupyter_lab(root: Path, settings: Mapping[str, dict] | None = None) -> Iterator[str]:
    """A JupyterLab server (no token, local only) serving ``root``; yields its URL.

    ``settings`` are JupyterLab user settings by plugin id (e.g. the language pack's locale),
    written into a settings folder of the test's own, so that no user settings leak in.
    """
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "CSAT_BOOK_BUILD"}
    env["JUPYTER_CONFIG_DIR"] = str(root / ".jupyter")
    env["JUPYTERLAB_SETTINGS_DIR"] = str(root / ".jupyter" / "lab" / "user-settings")
    for plugin, values in (settings or {}).items():
        package, name = plugin.split(":")
        path = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           f"--ServerApp.root_dir={root}", "--IdentityProvider.token=", "--ServerApp.password=",
           "--allow-root", "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
           "--LabApp.extension_manager=readonly", "--LabApp.check_for_updates_class="
           "jupyterlab.NeverCheckForUpdate", "--ServerApp.disable_check_xsrf=True"]
    log_path = root / "lab.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(120):
                try:
                    urllib.request.urlopen(f"{url}/api/status", timeout=1)  # noqa: S310 - local server
                    break
                except OSError:
                    if proc.poll() is not None:
                        pytest.fail(f"jupyter lab exited: {log_path.read_text()[-2000:]}")
                    time.sleep(0.5)
            else:
                pytest.fail(f"jupyter lab did not start: {log_path.read_text()[-2000:]}")
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
