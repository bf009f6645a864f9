"""The course's languages: English, Simplified Chinese and Traditional Chinese.

Every reader-facing text of the library exists in English (``en``) and
Simplified Chinese (``zh``).  Traditional Chinese (``zh-Hant``, for readers in
Hong Kong and Taiwan) is derived from the Simplified text: the build converts
each Chinese string of the library's data with OpenCC (``s2twp``, Taiwan
phrases, plus a reviewed list of property-management terms) and stores the
result in ``data/zh_hant.json``, so the library itself needs no converter at
run time (it also runs in the browser, where OpenCC is not available).  A
string that is not in that table (a label from an organisation's own survey,
say) is converted character by character with the table's character map.

Examples
--------
>>> check_lang("zh-TW")
'zh-Hant'
>>> pick("Satisfied", "满意", "zh-Hant")
'滿意'
>>> html_lang("zh")
'zh-Hans'
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, cast

from .errors import CsatInputError

__all__ = ["Lang", "LANGUAGES", "check_lang", "is_chinese", "hant", "pick", "pick_names", "html_lang", "simplified_only"]

#: A language of the course: English, Simplified Chinese, Traditional Chinese.
Lang = Literal["en", "zh", "zh-Hant"]
LANGUAGES: tuple[Lang, ...] = ("en", "zh", "zh-Hant")

# Other spellings people use for the same three languages (BCP 47 tags, locale names).
_ALIASES: dict[str, Lang] = {
    "en": "en", "en-us": "en", "en-gb": "en", "english": "en",
    "zh": "zh", "zh-hans": "zh", "zh-cn": "zh", "zh-sg": "zh", "zh_cn": "zh", "zh_hans": "zh",
    "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant",
    "zh_tw": "zh-Hant", "zh_hk": "zh-Hant", "zh_hant": "zh-Hant",
}


def check_lang(lang: str, argument: str = "lang") -> Lang:
    """Return the course's code for ``lang``, accepting common aliases (``zh-CN``, ``zh-TW`` ...).

    Raises
    ------
    CsatInputError
        For a language the course does not have.

    Examples
    --------
    >>> check_lang("en"), check_lang("zh-Hans"), check_lang("zh_hk")
    ('en', 'zh', 'zh-Hant')
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    csat_examples.errors.CsatInputError: lang: unknown language (value 'fr'). Fix: use one of en, zh (Simplified Chinese), zh-Hant (Traditional Chinese).
    """
    found = _ALIASES.get(str(lang).strip().lower()) if isinstance(lang, str) else None
    if found is None:
        raise CsatInputError(
            "unknown language", argument=argument, value=lang,
            fix="use one of en, zh (Simplified Chinese), zh-Hant (Traditional Chinese)",
        )
    return found


def is_chinese(lang: str) -> bool:
    """True for either Chinese edition.

    Examples
    --------
    >>> is_chinese("zh-Hant"), is_chinese("en")
    (True, False)
    """
    return check_lang(lang) != "en"


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], dict[int, str]]:
    path = resources.files("csat_examples") / "data" / "zh_hant.json"
    content = json.loads(path.read_text(encoding="utf-8"))
    characters = {ord(k): v for k, v in content["characters"].items()}
    return content["phrases"], characters


def hant(text: str) -> str:
    """The Traditional-Chinese form of a Simplified-Chinese string.

    Strings of the library's own data come from the reviewed table that the
    build writes (``python -m book.hant``); anything else is converted
    character by character.

    Examples
    --------
    >>> hant("满意率"), hant("物业服务中心")
    ('滿意率', '物業服務中心')
    """
    phrases, characters = _table()
    found = phrases.get(text)
    return found if found is not None else text.translate(characters)


#: Characters the character map converts that are also standard Traditional characters in their own
#: right (里 "neighbourhood, mile" as in 鄰里 and names such as 鮑德里奇; 台 beside 臺 in Taiwan; 干 as in
#: 若干 and 干擾; 划 as in 划算 and 划船).
BOTH_FORMS = frozenset("里台干划")


def simplified_only(text: str) -> set[str]:
    """The Simplified-only characters in ``text`` (a Traditional-Chinese text should have none).

    Examples
    --------
    >>> sorted(simplified_only("滿意率与满意度"))
    ['与', '满']
    >>> simplified_only("鮑德里奇國家品質獎")
    set()
    """
    characters = _table()[1]
    return {c for c in text if ord(c) in characters and c not in BOTH_FORMS}


def pick(en: str, zh: str, lang: str) -> str:
    """Of an English and a Simplified-Chinese text, the one for ``lang``.

    Examples
    --------
    >>> pick("Very satisfied", "很满意", "en"), pick("Very satisfied", "很满意", "zh-Hant")
    ('Very satisfied', '很滿意')
    """
    code = check_lang(lang)
    if code == "en":
        return en
    return zh if code == "zh" else hant(zh)


def pick_names(frame: Any, lang: str, en: str = "en", zh: str = "zh") -> list[str]:
    """The names a table gives in its English and Chinese columns, in ``lang``.

    A table without the Chinese column gives the English names.

    Examples
    --------
    >>> import pandas as pd
    >>> levels = pd.DataFrame({"en": ["Satisfied"], "zh": ["满意"], "count": [3]})
    >>> pick_names(levels, "zh-Hant"), pick_names(levels, "en")
    (['滿意'], ['Satisfied'])
    """
    if zh not in frame:
        return [str(name) for name in frame[en]]
    return [pick(str(e), str(z), lang) for e, z in zip(frame[en], frame[zh])]


def html_lang(lang: str) -> str:
    """The ``<html lang>`` value of a language.

    Examples
    --------
    >>> [html_lang(code) for code in LANGUAGES]
    ['en', 'zh-Hans', 'zh-Hant']
    """
    return cast(str, {"en": "en", "zh": "zh-Hans", "zh-Hant": "zh-Hant"}[check_lang(lang)])
