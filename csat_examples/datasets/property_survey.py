"""Generator of the course's property-management owner survey (synthetic, seeded).

The course needs one realistic survey that every chapter, calculator and the
report can use, and that anybody can regenerate bit for bit.  No real owner
survey with RATER expectations and perceptions could be published, so this
module *simulates* one.  The bundled files in
``csat_examples/data/property_survey/`` are exactly what :func:`generate`,
:func:`generate_items` and :func:`generate_complaints` return with their
default arguments (a test checks it); regenerate them with::

    python -m csat_examples.datasets.property_survey

How the answers are simulated (all on the 7-point Likert scale 1..7)
--------------------------------------------------------------------
* 400 owners per wave, waves ``"2025"`` and ``"2026"``, six fieldwork months
  per wave (April to September), six buildings ``A``..``F``.
* Perception of item *j* (dimension *d*) by owner *r* in building *b*:
  ``mu_j + shift_j(wave) + b_b + 0.6 g_r + 0.5 f_rd + 0.6 e_rj``, with
  ``g`` (general impression), ``f`` (dimension impression) and ``e`` (item
  noise) independent standard normal, rounded and clipped to 1..7.  So items
  of a dimension correlate more with each other than with other items: a
  RATER structure.
* Expectation: ``nu_j + 0.5 h_r + 0.4 e'_rj``, rounded and clipped; expectations
  are high (about 6) and mostly above perceptions, so SERVQUAL gaps are
  negative, largest for reliability and responsiveness.
* Wave 2026 is modestly better on the responsiveness items and on ``rel1``
  (repairs right first time) and worse on ``tan2`` (facilities maintained).
* Importance: a 100-point allocation over the five dimensions, drawn from a
  Dirichlet distribution that favours reliability and responsiveness (what
  customers rank first, seed 002) and rounded to multiples of 5 (how people
  allocate points) that sum to 100.
* ``overall``: the owner's mean perception plus noise, mapped to the 7 levels
  (Chinese labels 很不满意..很满意); ``nps``: the same latent impression on
  0..10 plus noise, so both correlate with perceptions.
* ``complaint_cause``: the less satisfied an owner, the likelier a cause
  (terms-table keys ``repairs``, ``cleaning``, ``security``, ``fees``,
  ``noise``, ``parking``, ``staff_attitude``; empty string when none).
* ``comment``: about a third of owners write a short comment, matching their
  complaint or overall level.
* Blanks: after simulation :data:`BLANK_PERCEPTIONS` perception cells and
  :data:`BLANK_EXPECTATIONS` expectation cells are blanked at random, as
  owners skip questions in real surveys.  Nothing else is ever blank.

The complaint log (:func:`generate_complaints`) is a separate table of
complaints received by the management office over 2025-2026, one row per
complaint, with a Pareto-shaped mix of causes.

References
----------
Seed 000 (property-management satisfaction course), seed 002 (RATER; customers
rank reliability and responsiveness first), Parasuraman, Zeithaml & Berry
(1988) for the SERVQUAL P/E design.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "DIMENSION_IDS",
    "ITEMS",
    "ITEM_IDS",
    "CAUSES",
    "SEVEN_LEVELS_ZH",
    "BLANK_PERCEPTIONS",
    "BLANK_EXPECTATIONS",
    "DEFAULT_SEED",
    "DEFAULT_N",
    "columns",
    "generate",
    "generate_items",
    "generate_complaints",
    "write",
]

DEFAULT_SEED = 2026
DEFAULT_N = 400
WAVES = ("2025", "2026")
MONTHS = ("04", "05", "06", "07", "08", "09")
BUILDINGS = ("A", "B", "C", "D", "E", "F")
SEVEN_LEVELS_ZH = ("很不满意", "不满意", "不太满意", "一般", "较满意", "满意", "很满意")
BLANK_PERCEPTIONS = 14
BLANK_EXPECTATIONS = 9

#: Item-id prefix -> RATER dimension name.
DIMENSION_IDS = {
    "rel": "reliability",
    "res": "responsiveness",
    "ass": "assurance",
    "emp": "empathy",
    "tan": "tangibles",
}

#: (item, dimension, English wording, Chinese wording).
ITEMS: tuple[tuple[str, str, str, str], ...] = (
    ("rel1", "reliability", "Repairs are done right the first time", "维修一次到位"),
    ("rel2", "reliability", "Services are delivered when promised", "承诺的服务按时兑现"),
    ("rel3", "reliability", "Management-fee bills are accurate", "物业费账单准确无误"),
    ("res1", "responsiveness", "Repair requests get a prompt response", "报修响应及时"),
    ("res2", "responsiveness", "Staff are always willing to help", "员工总是乐于帮忙"),
    ("res3", "responsiveness", "Complaints are dealt with quickly", "投诉处理迅速"),
    ("ass1", "assurance", "Staff know their job", "员工业务熟练、专业"),
    ("ass2", "assurance", "Staff are courteous", "员工礼貌待人"),
    ("ass3", "assurance", "I feel safe in the estate", "小区安全令人放心"),
    ("emp1", "empathy", "Staff understand my particular needs", "员工了解我的具体需求"),
    ("emp2", "empathy", "Office hours suit owners", "服务时间方便业主"),
    ("emp3", "empathy", "Staff give owners individual attention", "员工对业主给予个别关照"),
    ("tan1", "tangibles", "Common areas are clean and tidy", "公共区域干净整洁"),
    ("tan2", "tangibles", "Lifts and facilities are well maintained", "电梯及设施设备维护良好"),
    ("tan3", "tangibles", "Staff are neatly dressed and notices are clear", "员工着装整齐、公告清晰"),
)
ITEM_IDS: tuple[str, ...] = tuple(i[0] for i in ITEMS)

#: Complaint causes (terms-table keys), with their share in the complaint log.
CAUSES: dict[str, float] = {
    "repairs": 0.33,
    "parking": 0.17,
    "cleaning": 0.14,
    "noise": 0.11,
    "fees": 0.10,
    "staff_attitude": 0.09,
    "security": 0.06,
}

# Perception means, wave-2026 shifts, expectation means (1..7 scale).
_MU = {"rel": 5.0, "res": 4.6, "ass": 5.3, "emp": 4.9, "tan": 5.5}
_SHIFT = {"res1": 0.45, "res2": 0.25, "res3": 0.4, "rel1": 0.3, "tan2": -0.45}
_NU = {"rel": 6.3, "res": 6.2, "ass": 6.0, "emp": 5.8, "tan": 5.8}
_BUILDING = {"A": 0.2, "B": 0.0, "C": -0.35, "D": 0.1, "E": -0.1, "F": 0.3}
_IMPORTANCE_ALPHA = {"rel": 0.30, "res": 0.26, "ass": 0.17, "emp": 0.14, "tan": 0.13}

_COMMENTS = {
    "repairs": ("The leaking pipe took three visits to fix.", "Repairs are slow and often not finished."),
    "parking": ("Visitors park in owners' spaces.", "Not enough parking at night."),
    "cleaning": ("Rubbish room smells in summer.", "Stairwells are rarely cleaned."),
    "noise": ("Renovation noise at weekends.", "Generator noise at night."),
    "fees": ("Fee increase was not explained.", "The bill charged me twice."),
    "staff_attitude": ("Front desk staff were rude to me.", "Nobody returned my call."),
    "security": ("Strangers get in without being asked.", "Gate is often left open."),
    "high": ("Very happy with the service.", "Staff are friendly and helpful.", "Good job this year."),
    "low": ("Service has not improved.", "Expected more for the fee."),
    "middle": ("OK overall.", "Could be better.", "Lifts need attention."),
}


def columns() -> list[str]:
    """Column names of the survey table, in order.

    Examples
    --------
    >>> columns()[:5]
    ['respondent_id', 'wave', 'month', 'building', 'p_rel1']
    >>> len(columns())
    43
    """
    p = [f"p_{i}" for i in ITEM_IDS]
    e = [f"e_{i}" for i in ITEM_IDS]
    imp = [f"imp_{d}" for d in DIMENSION_IDS]
    return ["respondent_id", "wave", "month", "building", *p, *e, *imp, "overall", "nps",
            "complaint_cause", "comment"]


def _allocate_points(shares: np.ndarray, total: int = 100, step: int = 5) -> np.ndarray:
    """Round rows of shares to multiples of ``step`` summing to ``total`` (largest remainder)."""
    units = shares * (total // step)
    base = np.floor(units).astype(int)
    short = total // step - base.sum(axis=1)
    order = np.argsort(-(units - base), axis=1, kind="stable")
    for r in range(len(base)):
        base[r, order[r, : short[r]]] += 1
    return base * step


def generate(seed: int = DEFAULT_SEED, n: int = DEFAULT_N) -> pd.DataFrame:
    """Simulate the owner survey: ``n`` respondents in each of two waves.

    Parameters
    ----------
    seed : int
        Seed of :func:`numpy.random.default_rng`; the bundled file uses 2026.
    n : int
        Respondents per wave (default 400).

    Returns
    -------
    pandas.DataFrame
        Columns :func:`columns`; item columns are floats (a few blanks are
        ``NaN``), ``imp_*`` and ``nps`` integers, the rest strings.

    Notes
    -----
    The model is described in the module docstring.

    Examples
    --------
    >>> df = generate(seed=1, n=30)
    >>> df.shape
    (60, 43)
    >>> sorted(df["wave"].unique())
    ['2025', '2026']
    >>> bool((df[[c for c in df if c.startswith("imp_")]].sum(axis=1) == 100).all())
    True
    """
    rng = np.random.default_rng(seed)
    frames = []
    for w, wave in enumerate(WAVES):
        month = np.array([f"{wave}-{m}" for m in MONTHS])[np.sort(rng.integers(0, len(MONTHS), n))]
        building = rng.choice(BUILDINGS, size=n, p=[0.2, 0.18, 0.17, 0.16, 0.15, 0.14])
        g = rng.standard_normal(n)
        h = rng.standard_normal(n)
        f = {d: rng.standard_normal(n) for d in DIMENSION_IDS}
        b_eff = np.array([_BUILDING[x] for x in building])
        data: dict[str, object] = {
            "respondent_id": [f"{wave}-{i + 1:04d}" for i in range(n)],
            "wave": [wave] * n,
            "month": month,
            "building": building,
        }
        latent_p = {}
        for item in ITEM_IDS:
            d = item[:3]
            shift = _SHIFT.get(item, 0.05) if w == 1 else 0.0
            latent_p[item] = _MU[d] + shift + b_eff + 0.6 * g + 0.5 * f[d] + 0.6 * rng.standard_normal(n)
            data[f"p_{item}"] = np.clip(np.rint(latent_p[item]), 1, 7)
        for item in ITEM_IDS:
            d = item[:3]
            data[f"e_{item}"] = np.clip(np.rint(_NU[d] + 0.5 * h + 0.4 * rng.standard_normal(n)), 1, 7)
        alpha = 8 * np.array(list(_IMPORTANCE_ALPHA.values()))
        points = _allocate_points(rng.dirichlet(alpha, size=n))
        for k, d in enumerate(DIMENSION_IDS):
            data[f"imp_{d}"] = points[:, k]
        impression = np.mean([latent_p[i] for i in ITEM_IDS], axis=0)
        overall_latent = impression + 0.6 * rng.standard_normal(n) + 0.1
        level = np.clip(np.rint(overall_latent), 1, 7).astype(int)
        data["overall"] = [SEVEN_LEVELS_ZH[k - 1] for k in level]
        data["nps"] = np.clip(
            np.rint((overall_latent - 1) / 6 * 10 + 0.9 * rng.standard_normal(n) + 0.6), 0, 10
        ).astype(int)
        p_complaint = 1 / (1 + np.exp(-(-1.1 - 1.3 * (overall_latent - overall_latent.mean()))))
        has = rng.random(n) < p_complaint
        probs = np.array(list(CAUSES.values()))
        cause = rng.choice(list(CAUSES), size=n, p=probs / probs.sum())
        data["complaint_cause"] = np.where(has, cause, "")
        writes = rng.random(n) < 0.35
        pick = rng.random(n)
        comments = []
        for r in range(n):
            if not writes[r]:
                comments.append("")
                continue
            key = data["complaint_cause"][r] or ("high" if level[r] >= 6 else "low" if level[r] <= 3 else "middle")  # type: ignore[index]
            options = _COMMENTS[str(key)]
            comments.append(options[int(pick[r] * len(options))])
        data["comment"] = comments
        frames.append(pd.DataFrame(data))
    df = pd.concat(frames, ignore_index=True)
    for prefix, count in (("p_", BLANK_PERCEPTIONS), ("e_", BLANK_EXPECTATIONS)):
        cols = [f"{prefix}{i}" for i in ITEM_IDS]
        cells = rng.choice(len(df) * len(cols), size=count, replace=False)
        for cell in cells:
            df.loc[cell // len(cols), cols[cell % len(cols)]] = np.nan
    for c in ("respondent_id", "wave", "month", "building", "overall", "complaint_cause", "comment"):
        df[c] = df[c].astype("str")
    for c in df.columns:
        if c.startswith(("imp_",)) or c == "nps":
            df[c] = df[c].astype("int64")
        elif c.startswith(("p_", "e_")):
            df[c] = df[c].astype("float64")
    return df[columns()]


def generate_items() -> pd.DataFrame:
    """The survey's item table: ``item, dimension, text_en, text_zh``.

    Examples
    --------
    >>> generate_items().iloc[0].tolist()
    ['rel1', 'reliability', 'Repairs are done right the first time', '维修一次到位']
    """
    return pd.DataFrame(list(ITEMS), columns=["item", "dimension", "text_en", "text_zh"])


def generate_complaints(seed: int = DEFAULT_SEED, n: int = 420) -> pd.DataFrame:
    """Simulate the management office's complaint log for 2025-2026.

    Parameters
    ----------
    seed : int
        Seed of :func:`numpy.random.default_rng` (a different stream from
        :func:`generate`: the seed is offset by one).
    n : int
        Number of complaints.

    Returns
    -------
    pandas.DataFrame
        ``date`` (str ``YYYY-MM-DD``), ``building``, ``cause`` (terms key),
        ``days_to_resolve`` (int, repairs take longest), sorted by date.

    Examples
    --------
    >>> log = generate_complaints(n=50)
    >>> list(log.columns)
    ['date', 'building', 'cause', 'days_to_resolve']
    >>> bool(log["date"].is_monotonic_increasing)
    True
    """
    rng = np.random.default_rng(seed + 1)
    days = pd.date_range("2025-01-01", "2026-12-31", freq="D")
    date = np.sort(rng.choice(len(days), size=n))
    probs = np.array(list(CAUSES.values()))
    cause = rng.choice(list(CAUSES), size=n, p=probs / probs.sum())
    mean_days = {"repairs": 5.0, "parking": 2.0, "cleaning": 1.5, "noise": 3.0, "fees": 4.0,
                 "staff_attitude": 2.0, "security": 1.0}
    resolve = rng.poisson([mean_days[c] for c in cause]) + 0
    return pd.DataFrame({
        "date": pd.Series(days[date].strftime("%Y-%m-%d"), dtype="str"),
        "building": pd.Series(rng.choice(BUILDINGS, size=n), dtype="str"),
        "cause": pd.Series(cause, dtype="str"),
        "days_to_resolve": resolve.astype("int64"),
    })


def write(folder: Path | str) -> None:
    """Write the three CSV files of the data set into ``folder``.

    Item answers are written as integers with empty cells for blanks.
    """
    folder = Path(folder)
    survey = generate()
    out = survey.copy()
    for c in out.columns:
        if c.startswith(("p_", "e_")):
            out[c] = out[c].astype("Int64")
    out.to_csv(folder / "property_survey.csv", index=False, na_rep="")
    generate_items().to_csv(folder / "property_survey_items.csv", index=False)
    generate_complaints().to_csv(folder / "property_complaints.csv", index=False)


if __name__ == "__main__":  # pragma: no cover - regeneration entry point
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "data" / "property_survey"
    write(target)
    print(f"wrote {target}")
