"""Traditional Chinese from Simplified: one converter for the chapters, the quiz banks and the library.

The Traditional-Chinese edition (Hong Kong and Taiwan readers) is generated
from the Simplified text with OpenCC's ``s2twp`` configuration: Traditional
characters with Taiwan's standard wording (资讯, 软体, 列印 ...), which Hong
Kong readers also read naturally, rather than ``s2hk``, which only changes
characters and keeps mainland words a Taiwanese reader finds foreign.  A
reviewed list of terms (``hant_overrides.yml``) then fixes the few phrases
where the trade's own words differ from what OpenCC produces.

What must never change is protected: inline code and MyST roles (``{glue:text}`x```),
link targets and labels, and anything else between backticks, because the
library and Sphinx must match those strings exactly.

``python -m book.hant`` writes ``csat_examples/data/zh_hant.json``, the table
:func:`csat_examples.lang.hant` reads at run time (the library does not
depend on OpenCC), and ``csat_examples/data/terms.json``, the terms YAML
merged (:func:`csat_examples.terms.compiled_table`), which the library reads
in place of the YAML while its digest matches; run it after any change to the
terms.  ``python -m book.hant --check`` fails if either table is out of date,
and a test runs the same check.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["to_hant", "overrides", "library_strings", "library_table", "TABLE_PATH", "TERMS_PATH"]

ROOT = Path(__file__).resolve().parents[1]
TABLE_PATH = ROOT / "csat_examples" / "data" / "zh_hant.json"
TERMS_PATH = ROOT / "csat_examples" / "data" / "terms.json"
OVERRIDES_PATH = Path(__file__).with_name("hant_overrides.yml")

# Backtick spans (with an optional MyST role before them), link targets "](...)" and
# "<...>", and label lines "(name)=" pass through unconverted.
_PROTECTED = re.compile(r"(\{[^{}\s]+\})?`+[^`]*`+|\]\([^)]*\)|<(?:https?://|mailto:)[^<>\s]+>|^\([^()\s]+\)=$", re.M)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("s2twp")


@lru_cache(maxsize=1)
def overrides() -> tuple[tuple[str, str], ...]:
    """The reviewed (Simplified, Traditional) term pairs, longest first.

    Examples
    --------
    >>> ("小区", "社區") in overrides()
    True
    """
    content = yaml.safe_load(OVERRIDES_PATH.read_text(encoding="utf-8")) or {}
    pairs = [(str(k), str(v)) for k, v in content.get("terms", {}).items()]
    return tuple(sorted(pairs, key=lambda kv: -len(kv[0])))


# Taiwan and Hong Kong quote with corner brackets: “ ” -> 「 」, ‘ ’ -> 『 』.
_QUOTES = str.maketrans({"\u201c": "\u300c", "\u201d": "\u300d", "\u2018": "\u300e", "\u2019": "\u300f"})


def _convert_plain(text: str) -> str:
    # Overrides first, each replaced by a placeholder OpenCC leaves alone, then put back.
    kept: list[str] = []
    for simplified, traditional in overrides():
        if simplified in text:
            kept.append(traditional)
            text = text.replace(simplified, f"\uE000{len(kept) - 1}\uE001")
    text = _converter().convert(text).translate(_QUOTES)
    return re.sub("\uE000(\\d+)\uE001", lambda m: kept[int(m.group(1))], text)


def to_hant(text: str) -> str:
    """Convert Simplified-Chinese text (prose or MyST) to Traditional Chinese.

    Examples
    --------
    >>> to_hant("物业服务中心的客服人员回访业主，说“很满意”")
    '物業服務中心的客服人員回訪業主，說「很滿意」'
    >>> to_hant("本小区共有 {glue:text}`ch03_n` 位业主回答了`满意`")
    '本社區共有 {glue:text}`ch03_n` 位業主回答了`满意`'
    """
    out: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        out.append(_convert_plain(text[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_convert_plain(text[last:]))
    return "".join(out)


_CJK = re.compile(r"[\u3400-\u9fff]")


def library_strings(root: Path = ROOT) -> list[str]:
    """Every reader-facing Simplified-Chinese string of the library's data.

    The terms table's Chinese fields, and the ``*_zh`` columns of the bundled
    data sets (item wordings, brand and indicator names).  Data values that
    the library matches (answer labels such as 满意) are not reader-facing
    text and are not listed.
    """
    import pandas as pd

    found: set[str] = set()
    for path in sorted((root / "csat_examples" / "data" / "terms").glob("*.yml")):
        for entry in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).values():
            found.update(str(v) for k, v in entry.items() if k == "zh" or k.endswith("_zh"))
    for path in sorted((root / "csat_examples" / "data").rglob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in frame.columns:
            if column == "zh" or column.endswith("_zh"):
                found.update(frame[column])
    return sorted(s for s in found if _CJK.search(s))


def library_table(root: Path = ROOT) -> dict[str, dict[str, str]]:
    """The table :func:`csat_examples.lang.hant` reads: phrases of the library, and a character map."""
    converter = _converter()
    characters = {}
    for code in range(0x3400, 0xA000):
        char = chr(code)
        converted = converter.convert(char)
        if converted != char and len(converted) == 1:
            characters[char] = converted
    phrases = {text: to_hant(text) for text in library_strings(root)}
    return {"phrases": phrases, "characters": characters}


def _dump(table: Mapping[str, object]) -> str:
    return json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    from csat_examples.terms import compiled_table

    parser = argparse.ArgumentParser(prog="python -m book.hant", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a table the library reads is out of date")
    args = parser.parse_args(argv)
    tables = {TABLE_PATH: _dump(library_table()), TERMS_PATH: _dump(compiled_table())}
    if args.check:
        stale = [path for path, text in tables.items()
                 if not path.is_file() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path} is out of date: run python -m book.hant", file=sys.stderr)
        return 1 if stale else 0
    for path, text in tables.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({len(text) / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
