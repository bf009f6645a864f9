"""Themes of free-text comments: which topics owners write about, how often, in their own words.

A comment is cut into words first: Chinese with the ``jieba`` word
segmenter (its dictionary ships with it, so nothing is downloaded; it is
imported only when a comment holds Chinese; without it, as in the course's
in-browser kernel, Chinese stays in runs and keywords are found inside
them), English and other Latin text at letters.  A comment belongs to a theme when one of its words is a keyword of
the theme:

* a Chinese keyword of two or more characters matches a word that contains
  it (电梯 matches 电梯间); a one-character keyword must be a word on its own
  (树 matches 树 in 树都枯了 but not 树立);
* an English keyword matches a word that starts with it (repair matches
  repairs, landscap matches landscaping).

The keywords of :data:`COMMENT_THEMES` are added to the segmenter's
dictionary, so that 物业费 or 电梯 stay one word.  A config's
``comment_themes`` adds themes, or words to a built-in theme of the same key.
Each distinct comment is cut and matched once, so a million rows of repeated
comments cost no more than their distinct texts.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["COMMENT_THEMES", "THEME_EXAMPLES", "FREQUENT_WORDS", "comment_words", "comment_themes", "frequent_words"]

#: Built-in comment themes: theme key (worded by the terms table) -> keywords, Chinese and English.
COMMENT_THEMES: dict[str, tuple[str, ...]] = {
    "theme_repairs": ("维修", "报修", "修理", "维护", "漏水", "渗水", "坏", "修", "repair", "leak", "broken", "fix"),
    "theme_lift": ("电梯", "升降", "梯", "lift", "elevator"),
    "theme_cleaning": ("保洁", "卫生", "清洁", "打扫", "垃圾", "清运", "脏", "clean", "rubbish", "garbage", "dirty",
                       "litter"),
    "theme_security": ("安保", "保安", "巡逻", "门禁", "安全", "门岗", "security", "guard", "patrol", "safety"),
    "theme_landscaping": ("绿化", "环境", "草坪", "花园", "树", "garden", "green", "landscap", "lawn", "tree"),
    "theme_parking": ("停车", "车位", "车库", "parking", "car park"),
    "theme_staff": ("态度", "客服", "管家", "前台", "服务中心", "投诉", "回访", "staff", "attitude", "service desk",
                    "reception", "complain"),
    "theme_fees": ("物业费", "收费", "费用", "价格", "缴费", "fee", "charge", "price", "cost"),
    "theme_noise": ("噪音", "噪声", "吵", "装修", "noise", "noisy", "loud"),
}
#: Representative comments shown per theme.
THEME_EXAMPLES = 3
#: Most frequent words listed (the words no theme covers point to a theme worth adding).
FREQUENT_WORDS = 15

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[^\W\d_]+")
# words that say nothing about a topic (a handbook's own list, not a linguistic one)
_STOP = frozenset(
    "的 了 和 与 及 或 是 在 有 也 都 就 还 很 太 不 没 没有 比较 非常 特别 一直 经常 总是 希望 建议 感觉 觉得 我们 我 你们 你 他们 "
    "这 那 这个 那个 一些 一点 什么 可以 能 会 要 请 后 才 又 再 但 但是 而且 因为 所以 如果 小区 物业 业主 问题 情况 "
    "the and for with that this are was were have has not but very too please our your they them its it's of to in on "
    "at is be a an as by or so no all any can could would should more some also just than then there their".split()
)


@lru_cache(maxsize=8)
def _segmenter(words: tuple[str, ...]) -> Any:
    """A jieba tokenizer knowing the themes' Chinese keywords (imported here: it loads in about a second).

    None where jieba is not installed (the in-browser kernel of the course's
    "Run live" does not load its 19 MB): Chinese text then stays in runs
    between punctuation, and keywords are looked for inside them.
    """
    try:
        import jieba
    except ImportError:
        return None

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict..." on the user's screen
    tokenizer = jieba.Tokenizer()
    for word in words:
        tokenizer.add_word(word)
    return tokenizer


def _keywords(extra: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    themes = {k: list(v) for k, v in COMMENT_THEMES.items()}
    for theme, words in extra.items():  # the config's own themes; its words add to a built-in theme of that key
        themes[theme] = themes.get(theme, []) + [str(w) for w in words]
    return {theme: tuple(dict.fromkeys(w.strip().lower() for w in words if w.strip())) for theme, words in themes.items()}


def comment_words(comments: Iterable[str], keywords: Iterable[str] = ()) -> list[list[str]]:
    """The words of each comment, lower-case, punctuation and digits left out.

    ``keywords`` (Chinese ones) are kept whole by the segmenter.

    Examples
    --------
    >>> comment_words(["电梯经常坏，报修后很久才来", "Lifts break down; repairs are slow!"])
    [['电梯', '经常', '坏', '报修', '后', '很', '久', '才', '来'], ['lifts', 'break', 'down', 'repairs', 'are', 'slow']]
    """
    texts = [str(c) for c in comments]
    chinese = tuple(sorted({w for w in keywords if _HAN.search(w) and " " not in w}))
    tokenizer = _segmenter(chinese) if any(_HAN.search(t) for t in texts) else None
    out = []
    for text in texts:
        if tokenizer is not None and _HAN.search(text):
            pieces: Iterable[str] = tokenizer.lcut(text)
        else:  # Latin text, or Chinese without a segmenter: runs of Han characters, and the rest
            pieces = re.findall(r"[\u3400-\u9fff]+|[^\u3400-\u9fff]+", text)
        words = []
        for piece in pieces:
            if _HAN.search(piece):
                words.append(piece)
            else:  # Latin text (or jieba's run of it): words are runs of letters
                words += [w.lower() for w in _LATIN.findall(piece)]
        out.append(words)
    return out


def _matches(keyword: str, words: list[str], text: str, segmented: bool = True) -> bool:
    if " " in keyword:  # a phrase ("car park"): looked for in the text itself
        return keyword in text
    if _HAN.search(keyword):
        return keyword in words if len(keyword) == 1 and segmented else any(keyword in w for w in words)
    return any(w.startswith(keyword) for w in words)


def comment_themes(comments: pd.Series, extra: Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """Themes of the comments, most frequent first.

    Parameters
    ----------
    comments : pandas.Series of str
        One comment per element (blank ones already left out).
    extra : mapping, optional
        The config's ``comment_themes``: theme -> keywords.

    Returns
    -------
    pandas.DataFrame
        ``theme, count, share, examples``: the comments of each theme that
        has any, ``share`` of all comments, ``examples`` the theme's
        :data:`THEME_EXAMPLES` most frequent different comments (as written;
        the renderer escapes them).  A comment may belong to several themes.

    Examples
    --------
    >>> c = pd.Series(["电梯经常坏", "电梯经常坏", "保洁阿姨很负责", "树立榜样", "The lift is slow"])
    >>> t = comment_themes(c)
    >>> t[["theme", "count"]].values.tolist()
    [['theme_lift', 3], ['theme_repairs', 2], ['theme_cleaning', 1]]
    >>> t["examples"].iloc[0]
    ['电梯经常坏', 'The lift is slow']
    >>> comment_themes(c, {"表扬": ["负责", "榜样"]})[["theme", "count"]].values.tolist()
    [['theme_lift', 3], ['theme_repairs', 2], ['表扬', 2], ['theme_cleaning', 1]]
    """
    themes = _keywords(extra or {})
    counts = comments.astype(str).value_counts(sort=False)  # each distinct comment once, in order of appearance
    order = np.argsort(-counts.to_numpy(), kind="stable")  # most frequent first (ties: first written)
    texts = [str(t) for t in counts.index[order]]
    weights = counts.to_numpy()[order]
    keywords_all = [w for ws in themes.values() for w in ws]
    words = comment_words(texts, keywords_all)
    chinese = any(_HAN.search(t) for t in texts)  # the segmenter (a second to load) only for Chinese comments
    han_keywords = tuple(sorted({w for w in keywords_all if _HAN.search(w) and " " not in w}))
    segmented = chinese and _segmenter(han_keywords) is not None
    lowered = [t.lower() for t in texts]
    total = int(weights.sum())
    rows = []
    for theme, keywords in themes.items():
        hit = np.array([any(_matches(k, w, t, segmented) for k in keywords) for w, t in zip(words, lowered)], dtype=bool)
        if hit.any():
            count = int(weights[hit].sum())
            rows.append({"theme": theme, "count": count, "share": count / total,
                         "examples": [texts[i] for i in np.flatnonzero(hit)[:THEME_EXAMPLES]]})
    frame = pd.DataFrame(rows, columns=["theme", "count", "share", "examples"])
    return frame.sort_values("count", ascending=False, kind="stable", ignore_index=True)


def frequent_words(comments: pd.Series, extra: Mapping[str, Iterable[str]] | None = None,
                   limit: int = FREQUENT_WORDS) -> pd.DataFrame:
    """The words most comments use (each comment counts a word once), without filler words.

    Chinese words of one character and Latin words of fewer than three
    letters are left out, as they rarely name a topic.  The themes'
    keywords (``extra`` as in :func:`comment_themes`) are kept whole, and
    the segmenter is the one :func:`comment_themes` loaded.

    Examples
    --------
    >>> frequent_words(pd.Series(["停车位太少", "停车位不够", "保洁很好"])).values.tolist()
    [['停车位', 2], ['不够', 1], ['保洁', 1]]
    """
    counts = comments.astype(str).value_counts(sort=False)
    tally: Counter[str] = Counter()
    keywords = [w for ws in _keywords(extra or {}).values() for w in ws]
    for words, n in zip(comment_words([str(t) for t in counts.index], keywords), counts.to_numpy()):
        for word in dict.fromkeys(words):
            if word not in _STOP and (len(word) >= 2 if _HAN.search(word) else len(word) >= 3):
                tally[word] += int(n)
    top = tally.most_common(limit)
    return pd.DataFrame(top, columns=["word", "count"])
