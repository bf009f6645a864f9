"""The glossary page: the terms table's defined terms, in the edition's language and order.

Every edition lists the same terms (one per English term: when two files of
the terms table define the same English term, the glossary's own ``term_*``
entry is kept), each with the anchor ``term-<key>``.  The English edition
lists them in English alphabetical order with the Chinese term beside each;
the Chinese editions put the Chinese term first and follow Hanyu Pinyin, the
order a Chinese reader looks a word up in (Traditional terms are ordered by
the same reading, so both Chinese editions list the terms alike).
"""

from __future__ import annotations

import html
import re

import pandas as pd

from csat_examples.lang import Lang, check_lang
from csat_examples.terms import terms_table

__all__ = ["glossary", "glossary_html", "pinyin_key"]

# The terms table's columns of a term and of its definition, per language.
_TERM = {"en": "en", "zh": "zh", "zh-Hant": "zh_hant"}
_DEFINITION = {"en": "definition_en", "zh": "definition_zh", "zh-Hant": "definition_zh_hant"}
#: The ``lang`` attribute of Chinese text in each edition (the English edition shows Simplified terms).
_CHINESE_TAG = {"en": "zh-Hans", "zh": "zh-Hans", "zh-Hant": "zh-Hant"}


def pinyin_key(text: str) -> tuple[tuple[str, int], ...]:
    """A sort key that orders Chinese text by Hanyu Pinyin: syllable by syllable, then by tone.

    Latin letters and digits sort as themselves (lower case), so "PDCA 循环" files under P.

    Examples
    --------
    >>> sorted(["满意率", "帕累托分析", "重要性权重", "PDCA 循环", "抽样"], key=pinyin_key)
    ['抽样', '满意率', '帕累托分析', 'PDCA 循环', '重要性权重']
    >>> pinyin_key("满意") < pinyin_key("满意率")
    True
    """
    from pypinyin import Style, lazy_pinyin

    key = []
    for part in lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True):
        syllable = re.fullmatch(r"([a-zü]+)([1-5])", part)
        if syllable:
            key.append((syllable.group(1), int(syllable.group(2))))
        else:
            key.extend((word, 0) for word in re.findall(r"[a-z0-9]+", part.lower()))
    return tuple(key)


def glossary(lang: Lang = "en") -> pd.DataFrame:
    """The glossary's entries in ``lang``, in the order the page lists them.

    Returns
    -------
    pandas.DataFrame
        Columns ``key`` (the terms-table key: the anchor is ``term-<key>``),
        ``term`` (in ``lang``), ``other`` (the term in the other language:
        Chinese on the English page, English on a Chinese page) and
        ``definition`` (in ``lang``).

    Examples
    --------
    >>> zh = glossary("zh")
    >>> row = zh.set_index("key").loc["satisfaction_rate"]
    >>> row["term"], row["other"]
    ('满意率', 'Satisfaction rate')
    >>> en = glossary("en")
    >>> sorted(en["key"]) == sorted(zh["key"]) == sorted(glossary("zh-Hant")["key"])
    True
    >>> list(en["term"]) == sorted(en["term"], key=str.casefold)
    True
    """
    code = check_lang(lang)
    terms = terms_table()
    defined = terms[terms["definition_en"].str.strip() != ""].copy()
    defined["library_entry"] = defined["key"].str.startswith("term_")
    defined["english_key"] = defined["en"].str.casefold()
    # One row per English term: the glossary's own entry first, so drop_duplicates keeps it.
    defined = defined.sort_values(["english_key", "library_entry"], ascending=[True, False])
    defined = defined.drop_duplicates("english_key")
    out = pd.DataFrame({
        "key": defined["key"],
        "term": defined[_TERM[code]],
        "other": defined["zh"] if code == "en" else defined["en"],
        "definition": defined[_DEFINITION[code]],
    })
    if code != "en":
        out = out.iloc[sorted(range(len(out)), key=lambda i: pinyin_key(out["term"].iloc[i]))]
    return out.reset_index(drop=True)


def glossary_html(entries: pd.DataFrame, lang: Lang = "en") -> str:
    """The entries as a definition list: each term (with its anchor) and the other language's term, then the definition.

    A list rather than a three-column table, so that a definition has the
    phone's whole width.

    Examples
    --------
    >>> page = glossary_html(glossary("zh").head(2), "zh")
    >>> page.startswith('<dl class="csat-glossary">') and '<dt id="term-' in page and 'lang="en"' in page
    True
    """
    code = check_lang(lang)
    chinese = _CHINESE_TAG[code]
    rows = []
    for row in entries.itertuples():
        term, other = html.escape(row.term), html.escape(row.other)
        if code == "en":
            heading = f'<strong>{term}</strong> (<span lang="{chinese}">{other}</span>)'
        else:
            heading = f'<strong>{term}</strong>（<span lang="en">{other}</span>）'
        rows.append(f'<dt id="term-{html.escape(row.key)}">{heading}</dt>\n<dd>{html.escape(row.definition)}</dd>')
    return '<dl class="csat-glossary">\n' + "\n".join(rows) + "\n</dl>"
