"""The quiz page script holds no reader text: every word comes from book/quizzes/ui.yml.

The script looks words up with ``t("key")`` (always a literal key, so this test sees them all);
a key missing from the data would be shown to the reader as the key itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "book" / "quizzes" / "static" / "csat-quiz.js"
UI = ROOT / "book" / "quizzes" / "ui.yml"
HAN = re.compile(r"[\u4e00-\u9fff]")


def _code() -> str:
    """The script without its comments (they may quote words)."""
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", JS.read_text(encoding="utf-8"), flags=re.S)


def _keys_used() -> set[str]:
    return set(re.findall(r"\bt\(\"([a-z0-9_]+)\"", _code()))


def _table() -> dict:
    return yaml.safe_load(UI.read_text(encoding="utf-8"))


def test_every_key_the_script_uses_is_in_ui_yml_in_both_languages():
    used, table = _keys_used(), _table()
    assert len(used) > 50   # the regular expression does find the script's look-ups
    missing = sorted(used - set(table))
    assert not missing, f"{UI.name}: keys used by {JS.name} but missing: {missing}"
    for key in used:
        entry = table[key]
        assert isinstance(entry, dict) and set(entry) == {"en", "zh"}, f"{UI.name}: {key!r} needs en and zh"
        assert all(isinstance(v, str) and v.strip() for v in entry.values()), f"{UI.name}: {key!r} is empty"


def _keys_used_by_the_build(table: dict) -> set[str]:
    """Keys the Python side puts into the data itself (titles, the no-JavaScript line)."""
    code = "".join(p.read_text(encoding="utf-8") for p in (UI.parent).glob("*.py"))
    return {key for key in table if f'"{key}"' in code or f"'{key}'" in code}


def test_every_word_in_ui_yml_is_used_and_chinese_is_chinese():
    table = _table()
    used = _keys_used() | _keys_used_by_the_build(table)
    unused = sorted(set(table) - used)
    assert not unused, f"{UI.name}: entries no script uses: {unused}"
    for key, entry in table.items():
        if key not in {"option_feedback_sep", "list_sep"}:
            assert HAN.search(entry["zh"]), f"{UI.name}: {key!r} zh is not Chinese: {entry['zh']!r}"
        # the same placeholders in both languages, so no number is lost in translation
        assert set(re.findall(r"\{(\w+)\}", entry["en"])) == set(re.findall(r"\{(\w+)\}", entry["zh"])), key


def test_no_english_sentence_left_in_the_script():
    # string literals with two or more English words in a row would be reader text
    literals = re.findall(r'"((?:[^"\\\n]|\\.)*)"', _code())
    prose = [s for s in literals if re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", s)
             and not re.fullmatch(r"[a-z0-9 .#>:_-]+", s)]   # class lists and CSS selectors
    assert prose == []


def test_dates_are_formatted_with_intl_not_us_defaults():
    code = _code()
    assert "Intl.DateTimeFormat(this.lang" in code and "Intl.NumberFormat(this.lang" in code
    assert "toLocaleString()" not in code and "toLocaleDateString()" not in code
