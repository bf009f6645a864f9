"""A seeded owners' survey written like a real export, with known segment effects.

The file looks like what a property-management firm's survey platform
exports: a title row above the header, Chinese column names, items answered
1-5 (保洁, 安保, 维修, 绿化, 客服) with some 不适用 / 不清楚, the overall
question answered with labels (非常不满意 … 非常满意 and the variants 很满意,
比较满意, 基本满意), 推荐意愿 0-10, the estate (小区), building (楼栋), years of
residence (居住年限), two waves (调查批次), a complaint cause, free-text comments,
and one out-of-range typo in an item.

The effects are known, so a test can check that a report finds them:
:data:`WORST_ESTATE` scores about one level lower on every item and on the
overall question, and :data:`IMPROVED_ESTATE` gains about half a level on 维修
from the first wave to the second.  :func:`generate` also returns the truth
(ranks 1-5 of every answer, NaN for 不适用 / 不清楚 / blank) so a test can
recompute every figure with pandas.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ITEMS = ("保洁", "安保", "维修", "绿化", "客服")
ESTATES = ("翠湖苑", "金桂园", "锦绣华庭", "滨江花园")
WORST_ESTATE = "金桂园"
IMPROVED_ESTATE = "滨江花园"
WAVES = ("2025年第1期", "2025年第2期")
BUILDINGS = tuple(f"{n}栋" for n in range(1, 7))
YEARS = ("1年以下", "1-3年", "3-5年", "5年以上")
CAUSES = ("维修不及时", "卫生死角", "停车管理", "噪音扰民", "安保不到位")
COMMENTS = ("电梯经常坏，报修后很久才来", "保洁阿姨很负责", "希望加强夜间巡逻", "绿化很好，环境舒服",
            "客服态度好", "停车位太少", "垃圾清运不及时", "物业费偏高")
#: Labels of the overall question by rank (1..5); each rank's first label is the usual one.
OVERALL_LABELS = {1: ("非常不满意",), 2: ("不满意",), 3: ("一般",), 4: ("满意", "比较满意", "基本满意"),
                  5: ("非常满意", "很满意")}
NOT_APPLICABLE = ("不适用", "不清楚")
TITLE = "2025年度业主满意度调查（导出）"
ID, WAVE, ESTATE, BUILDING, YEARS_COL = "问卷编号", "调查批次", "小区", "楼栋", "居住年限"
OVERALL, NPS, CAUSE, COMMENT = "总体满意度", "推荐意愿", "投诉原因", "意见建议"
COLUMNS = (ID, WAVE, ESTATE, BUILDING, YEARS_COL, *ITEMS, OVERALL, NPS, CAUSE, COMMENT)
#: The one out-of-range typo: (0-based data row, column, value written).
TYPO = (17, "保洁", 55)


@dataclass(frozen=True)
class GeneratedSurvey:
    """The survey as written (``table``) and its truth (``ranks``: 1..5 or NaN, same index)."""

    table: pd.DataFrame
    ranks: pd.DataFrame

    @property
    def typo_row(self) -> int:
        """0-based data row of the out-of-range typo."""
        return TYPO[0]


def generate(n: int = 600, seed: int = 17) -> GeneratedSurvey:
    """A survey of ``n`` owners (both waves), the same for the same seed.

    Examples
    --------
    >>> g = generate(80)
    >>> g.table.shape, list(g.table.columns[:3])
    ((80, 14), ['问卷编号', '调查批次', '小区'])
    >>> sorted(g.table["调查批次"].unique()) == list(WAVES)
    True
    """
    rng = np.random.default_rng(seed)
    estate = rng.choice(ESTATES, size=n, p=[0.3, 0.25, 0.25, 0.2])
    wave = np.where(np.arange(n) < n // 2, WAVES[0], WAVES[1])
    latent = rng.normal(0, 0.6, size=n) - 1.0 * (estate == WORST_ESTATE)
    ranks: dict[str, np.ndarray] = {}
    for k, item in enumerate(ITEMS):
        base = 3.8 + 0.1 * k + latent + rng.normal(0, 0.7, size=n)
        if item == "维修":
            base += np.where((estate == IMPROVED_ESTATE) & (wave == WAVES[1]), 0.6, 0.0) - 0.3
        ranks[item] = np.clip(np.rint(base), 1, 5)
    overall = np.clip(np.rint(3.9 + latent + rng.normal(0, 0.6, size=n)), 1, 5)
    ranks[OVERALL] = overall
    nps = np.clip(np.rint(7.5 + 2 * latent + rng.normal(0, 1.5, size=n)), 0, 10)
    truth = pd.DataFrame(ranks)
    table = pd.DataFrame({
        ID: [f"Q{i + 1:05d}" for i in range(n)],
        WAVE: wave,
        ESTATE: estate,
        BUILDING: rng.choice(BUILDINGS, size=n),
        YEARS_COL: rng.choice(YEARS, size=n),
    })
    for item in ITEMS:
        values = truth[item].astype(int).astype(object)
        # 绿化 and 安保 are the questions owners most often cannot judge
        share = 0.08 if item in ("绿化", "安保") else 0.02
        na = rng.random(n) < share
        values[na] = rng.choice(NOT_APPLICABLE, size=int(na.sum()))
        truth.loc[na, item] = np.nan
        blank = (rng.random(n) < 0.01) & ~na
        values[blank] = None
        truth.loc[blank, item] = np.nan
        table[item] = values
    table[OVERALL] = [rng.choice(OVERALL_LABELS[int(r)]) if rng.random() < 0.3 else OVERALL_LABELS[int(r)][0]
                      for r in overall]
    table[NPS] = nps.astype(int)
    complains = rng.random(n) < np.where(estate == WORST_ESTATE, 0.4, 0.15)
    table[CAUSE] = np.where(complains, rng.choice(CAUSES, size=n, p=[0.4, 0.2, 0.2, 0.1, 0.1]), "")
    table[COMMENT] = np.where(rng.random(n) < 0.25, rng.choice(COMMENTS, size=n), "")
    row, column, value = TYPO
    if row < n:
        table.loc[row, column] = value
        truth.loc[row, column] = np.nan
    return GeneratedSurvey(table, truth)


def write_xlsx(survey: GeneratedSurvey, path: Path) -> Path:
    """The survey as an XLSX: a merged title row, the header, the answers (blank cells for blanks)."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "业主满意度"
    width = len(survey.table.columns)
    ws.append([TITLE] + [None] * (width - 1))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.append(list(survey.table.columns))
    for record in survey.table.itertuples(index=False, name=None):
        ws.append([None if (v is None or v == "") else (int(v) if isinstance(v, (np.integer,)) else v) for v in record])
    book.save(path)
    return path


def write_csv(survey: GeneratedSurvey, path: Path) -> Path:
    """The survey as a UTF-8 CSV with a byte-order mark (as Excel saves it) and the title line."""
    lines = [TITLE] + [survey.table.to_csv(index=False, lineterminator="\n")]
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    return path


def spreadsheet_row(data_row: int) -> int:
    """Row number a spreadsheet shows for a 0-based data row (title on row 1, header on row 2)."""
    return data_row + 3


#: Fieldwork months of the :func:`with_months` variant: three per wave, in time order.
MONTHS = (("2025-03", "2025-04", "2025-05"), ("2025-09", "2025-10", "2025-11"))
MONTH = "调查月份"


def with_months(survey: GeneratedSurvey, seed: int = 5) -> GeneratedSurvey:
    """A survey of another shape: no NPS and no complaint cause, but the fieldwork month of each answer.

    Each owner gets one of the three months of his wave (:data:`MONTHS`); the
    month column stands where the dropped columns stood.

    Examples
    --------
    >>> g = with_months(generate(60))
    >>> NPS in g.table.columns or CAUSE in g.table.columns, sorted(g.table[MONTH].unique())[:2]
    (False, ['2025-03', '2025-04'])
    """
    rng = np.random.default_rng(seed)
    table = survey.table.drop(columns=[NPS, CAUSE])
    first = table[WAVE] == WAVES[0]
    table.insert(2, MONTH, np.where(first, rng.choice(MONTHS[0], size=len(table)),
                                    rng.choice(MONTHS[1], size=len(table))))
    return GeneratedSurvey(table, survey.ranks)


def config_for(survey: GeneratedSurvey, dimensions: dict[str, str] | None = None) -> dict:
    """A survey config (as YAML would give it) for a generated survey: every column it has, by role.

    ``dimensions`` maps each item to its dimension (default: the RATER names
    ``csat init-config`` guesses).  There are no expectation or importance
    questions.

    Examples
    --------
    >>> cfg = config_for(with_months(generate(60)), {i: "服务" for i in ITEMS})
    >>> cfg["period"], "nps" in cfg, cfg["scale"]["levels"], cfg["items"]["保洁"]
    ('调查月份', False, 5, '服务')
    """
    dims = dimensions or {"保洁": "tangibles", "安保": "assurance", "维修": "responsiveness", "绿化": "tangibles",
                          "客服": "empathy"}
    columns = set(survey.table.columns)
    config: dict = {
        "title": TITLE, "respondent_id": ID, "on_invalid": "exclude",
        "scale": {"levels": 5, "labels": {"非常满意": 5, "比较满意": 4, "基本满意": 4, "非常不满意": 1}},
        "items": {item: dims[item] for item in ITEMS}, "overall": OVERALL, "wave": WAVE,
        "not_applicable": list(NOT_APPLICABLE), "text": [COMMENT], "by": [ESTATE, BUILDING, YEARS_COL],
    }
    optional = {"nps": NPS, "cause": CAUSE, "period": MONTH}
    config.update({key: column for key, column in optional.items() if column in columns})
    return config


#: Shape E's questions by RATER dimension: the five items and one more, 报修响应 (how fast a repair
#: request is answered); 维修 reads as "repairs done right", a reliability question.
RATER_ITEMS = {"维修": "reliability", "安保": "assurance", "保洁": "tangibles", "绿化": "tangibles",
               "客服": "empathy", "报修响应": "responsiveness"}
RESPONSE_ITEM = "报修响应"
#: Each dimension's Chinese name, as the importance columns carry it.
RATER_ZH = {"reliability": "信赖度", "assurance": "专业度", "tangibles": "有形度", "empathy": "同理度",
            "responsiveness": "反应度"}
#: Mean expectation (1-5) per dimension: owners expect most of reliability and responsiveness.
RATER_EXPECT = {"reliability": 4.6, "assurance": 4.3, "tangibles": 4.0, "empathy": 4.4, "responsiveness": 4.5}
#: Owners' mean importance points (sum 100): reliability and responsiveness first, as the sources say.
RATER_POINTS = {"reliability": 30, "assurance": 18, "tangibles": 12, "empathy": 15, "responsiveness": 25}


def expectation_column(item: str) -> str:
    """Column of the expectation question of ``item`` in the :func:`with_rater` variant.

    Examples
    --------
    >>> expectation_column("保洁")
    '保洁（期望）'
    """
    return f"{item}（期望）"


def importance_column(dimension: str) -> str:
    """Column of the importance points of a RATER ``dimension`` in the :func:`with_rater` variant.

    Examples
    --------
    >>> importance_column("tangibles")
    '重要性（有形度）'
    """
    return f"重要性（{RATER_ZH[dimension]}）"


def with_rater(survey: GeneratedSurvey, seed: int = 7, expect: dict[str, float] | None = None) -> GeneratedSurvey:
    """A survey of another shape: full RATER data, as a SERVQUAL questionnaire asks it.

    One more question, :data:`RESPONSE_ITEM` (responsiveness), stands after the
    five items; every question of :data:`RATER_ITEMS` is asked a second time
    for what owners expect (:func:`expectation_column`, 1-5, with some 不清楚
    and blanks); each owner shares 100 importance points among the five
    dimensions (:func:`importance_column`, whole numbers that add up to 100;
    about 2 % of owners left all five blank).  Owners expect more than they
    get on every dimension, least so on tangibles, unless ``expect`` gives
    other mean expectations (dimension -> 1..5) for some dimensions.  The truth (``ranks``)
    gains the new question, the expectations (ranks or NaN) and the points
    (NaN when blank), under the same column names.

    Examples
    --------
    >>> g = with_rater(generate(60))
    >>> g.table[[importance_column(d) for d in RATER_ZH]].dropna().sum(axis=1).eq(100).all()
    np.True_
    >>> expectation_column("维修") in g.ranks.columns, g.table.columns.get_loc(RESPONSE_ITEM)
    (True, 10)
    """
    rng = np.random.default_rng(seed)
    table, truth = survey.table.copy(), survey.ranks.copy()
    n = len(table)
    # responsiveness follows the owner's general mood like the other items, a little lower than 维修
    mood = truth[list(ITEMS)].mean(axis=1).fillna(3.5).to_numpy()
    response = np.clip(np.rint(mood - 0.3 + rng.normal(0, 0.7, size=n)), 1, 5)
    truth[RESPONSE_ITEM] = response
    table.insert(table.columns.get_loc(ITEMS[-1]) + 1, RESPONSE_ITEM, response.astype(int))
    at = table.columns.get_loc(OVERALL)
    demanding = rng.normal(0, 0.3, size=n)  # some owners expect more of everything
    means = {**RATER_EXPECT, **(expect or {})}
    for item, dimension in RATER_ITEMS.items():
        expected = np.clip(np.rint(means[dimension] + demanding + rng.normal(0, 0.5, size=n)), 1, 5)
        values = expected.astype(int).astype(object)
        ranks = pd.Series(expected, index=table.index)
        na = rng.random(n) < 0.03
        values[na] = NOT_APPLICABLE[1]
        blank = (rng.random(n) < 0.01) & ~na
        values[blank] = None
        ranks[na | blank] = np.nan
        column = expectation_column(item)
        table.insert(at, column, values)
        truth[column] = ranks
        at += 1
    dims = list(RATER_ZH)
    shares = rng.dirichlet([RATER_POINTS[d] / 5 for d in dims], size=n) * 100
    points = np.floor(shares).astype(int)
    # whole points that add up to 100: the rounding remainder goes to the owner's largest share
    points[np.arange(n), shares.argmax(axis=1)] += 100 - points.sum(axis=1)
    skipped = rng.random(n) < 0.02
    for k, dimension in enumerate(dims):
        column = importance_column(dimension)
        table.insert(at + k, column, np.where(skipped, None, points[:, k]).astype(object))
        truth[column] = np.where(skipped, np.nan, points[:, k].astype(float))
    return GeneratedSurvey(table, truth)


def rater_config_for(survey: GeneratedSurvey) -> dict:
    """:func:`config_for` of a :func:`with_rater` survey: the RATER items, expectations and importance.

    Examples
    --------
    >>> cfg = rater_config_for(with_rater(generate(60)))
    >>> cfg["items"]["报修响应"], sorted(cfg["importance"])[0]
    ({'dimension': 'responsiveness', 'expectation': '报修响应（期望）'}, 'assurance')
    """
    config = config_for(survey)
    config["items"] = {item: {"dimension": dimension, "expectation": expectation_column(item)}
                       for item, dimension in RATER_ITEMS.items()}
    config["importance"] = {dimension: importance_column(dimension) for dimension in RATER_ZH}
    return config
