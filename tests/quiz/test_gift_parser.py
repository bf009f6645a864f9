"""Every GIFT file the build writes is read by a real GIFT parser (gift-pegjs, as Moodle's grammar
is written), with one parsed question per bank question and the text intact."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PARSER = ROOT / "tests" / "vendor" / "gift-pegjs" / "pegjs-gift.js"
EXPORTS = ROOT / "_build" / "html" / "downloads" / "quizzes"
_SCRIPT = """
const parser = require(process.argv[1]);
const text = require("fs").readFileSync(process.argv[2], "utf8");
const items = parser.parse(text);
process.stdout.write(JSON.stringify(items.filter(q => q.type !== "Category" && q.type !== "Description")
  .map(q => ({id: q.title, type: q.type, text: q.stem && q.stem.text}))));
"""

pytestmark = pytest.mark.book


def _files() -> list[Path]:
    return sorted(EXPORTS.glob("*/*-gift.txt"))


def test_there_are_gift_exports_in_every_language(built_book):
    assert {p.parent.name for p in _files()} >= {"zh-hans", "zh-hant", "en"}


@pytest.mark.parametrize("gift", _files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_gift_parser_reads_every_question(built_book, gift):
    node = shutil.which("node")
    assert node, "Node.js is needed to run the GIFT parser (the setup installs it)"
    done = subprocess.run([node, "-e", _SCRIPT, str(PARSER), str(gift)], capture_output=True, text=True)
    assert done.returncode == 0, f"{gift}: the GIFT parser refused it:\n{done.stderr[-1500:]}"
    parsed = json.loads(done.stdout)
    ids = [line.split("::")[1] for line in gift.read_text(encoding="utf-8").splitlines() if line.startswith("::")]
    assert [q["id"] for q in parsed] == ids, f"{gift}: the parser saw other questions than were written"
    assert all(q["text"] for q in parsed), f"{gift}: a question lost its text"
