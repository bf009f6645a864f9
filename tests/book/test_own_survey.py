"""Chapters 3, 6 and 7 on an organisation's own survey: its own numbers, or a note and the example.

Organisation-like surveys of five shapes are generated (``tests/surveygen.py``):

* **A**: 5-level labels, Chinese column names, 小区/楼栋/居住年限 segments, NPS and complaint
  causes, no expectation or importance questions, no fieldwork month (XLSX);
* **B**: the same owners without NPS or complaint causes but with the fieldwork month, and
  dimensions named in Chinese (CSV);
* **C**: one survey not split into waves, without NPS (CSV): nothing to compare, so chapter 7 works
  its comparisons on the example survey;
* **D**: two waves but no overall-satisfaction question (CSV): no rate, so chapter 7 works from
  worked example 7.2 on on the example survey, and chapter 3 gives the survey's degree only;
* **E**: full RATER data (CSV): every question grouped into the five RATER dimensions (one more
  question, on how fast repair requests are answered) and asked a second time for what owners expect,
  and 100 importance points shared among the dimensions.  Chapter 6's worked examples 6.2 and 6.3 and
  the RATER calculator work on it, chapter 7's importance-performance analysis too, and chapters 3 and
  7 weight the degree by its importance points.  A variant of E on which owners get more than they
  expect of tangibles does not read as chapter 6 explains RATER gaps: the chapter then works its
  examples on the example survey and a note gives the survey's own gaps.

Each chapter's code cells run as the book build runs them (in order, in one IPython shell, the
course survey chosen by ``CSAT_SURVEY_FILE``/``CSAT_SURVEY_CONFIG``), without Sphinx: a few seconds
a page.  Every glued value the text shows is recorded and compared with the survey's own numbers,
recomputed here with pandas from the generator's truth.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import polib
import pytest
import yaml

from tests import surveygen as gen

ROOT = Path(__file__).resolve().parents[2]
N = 400
#: Chapter pages that read the course survey, and the "not asked" notes each may show.
PAGES = {"ch03-rate-vs-degree": ("own-survey", "own-survey-no-overall"), "ch06-measurement": ("rater", "rater-reading"),
         "ch07-management": ("overall", "waves", "nps", "period", "importance", "cause"),
         "ch07-analysts": ("overall", "waves", "period")}
#: What each survey lacks, per page (the notes that must show).
NOT_ASKED = {
    "A": {"ch03-rate-vs-degree": "own-survey", "ch06-measurement": "rater", "ch07-management": "period,importance",
          "ch07-analysts": "period"},
    "B": {"ch03-rate-vs-degree": "own-survey", "ch06-measurement": "rater",
          "ch07-management": "nps,importance,cause", "ch07-analysts": ""},
    # without waves chapter 7 reads the example survey from worked example 7.2 on: one note says so
    "C": {"ch03-rate-vs-degree": "own-survey", "ch06-measurement": "rater", "ch07-management": "waves",
          "ch07-analysts": "waves"},
    "D": {"ch03-rate-vs-degree": "own-survey-no-overall", "ch06-measurement": "rater", "ch07-management": "overall",
          "ch07-analysts": "overall"},
    "E": {"ch03-rate-vs-degree": "own-survey", "ch06-measurement": "", "ch07-management": "period",
          "ch07-analysts": "period"},
}


def run_page(page: str, monkeypatch) -> dict[str, object]:
    """Execute the code cells of ``chapters/<page>.md`` in order; return every glued value.

    The options a calculator is shown with are recorded as ``<chapter>_calculator_<name>`` (the
    calculator is still built and shown).  A failing cell fails the test with the cell's source, as
    it fails the build.
    """
    import jupytext
    from IPython.core.interactiveshell import InteractiveShell

    import book.notebook

    glued: dict[str, object] = {}

    def glue(self, name, value):
        assert name.startswith(f"{self.short}_"), name
        glued[name] = value

    shown = book.notebook.Chapter.calculator

    def calculator(self, name, **options):
        glued[f"{self.short}_calculator_{name}"] = options
        shown(self, name, **options)

    monkeypatch.setattr(book.notebook.Chapter, "glue", glue)
    monkeypatch.setattr(book.notebook.Chapter, "calculator", calculator)
    monkeypatch.setenv("CSAT_LANG", "en")
    shell = InteractiveShell.instance()
    # the plain shell has no GUI event loop; the book's kernel does (matplotlib's inline backend)
    monkeypatch.setattr(shell, "enable_gui", lambda gui=None: None, raising=False)
    notebook = jupytext.read(ROOT / "chapters" / f"{page}.md")
    try:
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            result = shell.run_cell(cell.source, silent=True)
            error = result.error_before_exec or result.error_in_exec
            assert error is None, f"{page}: a cell failed ({error!r}):\n{cell.source[:400]}"
    finally:  # a fresh shell per page, and none left behind for later tests (get_ipython() would find it)
        InteractiveShell.clear_instance()
    return glued


def _write(kind: str, root: Path) -> tuple[gen.GeneratedSurvey, Path, Path]:
    survey = gen.generate(N, seed={"A": 17, "B": 29, "C": 41, "D": 53, "E": 67}[kind])
    if kind == "E":
        survey = gen.with_rater(survey)
        data = gen.write_csv(survey, root / "owners.csv")
        config = gen.rater_config_for(survey)
    elif kind == "A":
        data = gen.write_xlsx(survey, root / "owners.xlsx")
        config = gen.config_for(survey)
    elif kind == "C":
        data = gen.write_csv(survey, root / "owners.csv")
        config = gen.config_for(survey)
        del config["wave"], config["nps"]
    elif kind == "D":
        data = gen.write_csv(survey, root / "owners.csv")
        config = gen.config_for(survey)
        del config["overall"]
    else:
        survey = gen.with_months(survey)
        data = gen.write_csv(survey, root / "owners.csv")
        config = gen.config_for(survey, {"保洁": "环境", "绿化": "环境", "安保": "安全", "维修": "工程维修",
                                         "客服": "客户服务"})
    path = root / "owners.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return survey, data, path


@pytest.fixture(scope="module", params=["A", "B", "C", "D", "E"])
def own(request, tmp_path_factory):
    """One generated survey, every page run on it.

    (kind, kept truth, kept table, glued values per page, the rate-vs-degree calculator's counts and
    result, the RATER calculator's starting state.)
    """
    kind = request.param
    survey, data, config = _write(kind, tmp_path_factory.mktemp(f"survey{kind}"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CSAT_SURVEY_FILE", str(data))
        mp.setenv("CSAT_SURVEY_CONFIG", str(config))
        mp.delenv("CSAT_SURVEY_SHEET", raising=False)
        glued = {page: run_page(page, mp) for page in PAGES}
        from widgets.rate_degree import RateDegreeCalculator, default_counts

        counts = default_counts()
        calculator = RateDegreeCalculator().result
        from widgets.rater import RaterCalculator

        # the RATER calculator on its own (not beside chapter 6) starts from the whole course survey
        rater_state = RaterCalculator().state()
    # the one out-of-range typo is the only row cleaning leaves out
    kept = survey.ranks.drop(index=gen.TYPO[0])
    table = survey.table.drop(index=gen.TYPO[0])
    return kind, kept, table, glued, counts, calculator, rater_state


def _items(kind: str) -> list[str]:
    """The rated questions of survey ``kind`` (E asks one more)."""
    return list(gen.RATER_ITEMS) if kind == "E" else list(gen.ITEMS)


def _rate(overall: pd.Series) -> float:
    """Top-two-box rate (满意, 非常满意 = ranks 4, 5) of the owners who answered, in %."""
    answered = overall.dropna()
    return 100 * float((answered >= 4).sum()) / len(answered)


def _degree(ranks: pd.DataFrame, kind: str) -> float:
    """Degree on 0-100 of complete questionnaires (ranks 1-5 -> 0..100).

    Equal question weights; for E (importance asked) each dimension weighs its share of the owners'
    mean importance points in ``ranks``, split equally among its questions.
    """
    items = _items(kind)
    complete = (ranks[items].dropna() - 1) / 4 * 100
    if kind != "E":
        return float(complete.to_numpy().mean())
    points = {d: ranks[gen.importance_column(d)].mean() for d in gen.RATER_ZH}
    per_dim = pd.Series(gen.RATER_ITEMS).value_counts()
    weights = pd.Series({i: points[d] / sum(points.values()) / per_dim[d] for i, d in gen.RATER_ITEMS.items()})
    return float((complete[items] * weights[items]).sum(axis=1).mean())


def test_no_cell_fails_and_nothing_is_blank(own):
    _, _, _, glued, _, _, _ = own
    for page, values in glued.items():
        for name, value in values.items():
            if name.endswith("_not_asked"):
                continue
            assert value is not None and str(value).strip() not in ("", "nan"), (page, name, value)


def test_the_not_asked_notes_show_exactly_where_the_survey_lacks_the_data(own):
    kind, _, _, glued, _, _, _ = own
    for page, expected in NOT_ASKED[kind].items():
        assert glued[page][f"{page[:4]}_not_asked"] == expected, page


def test_chapter_7_shows_the_surveys_own_numbers(own):
    kind, kept, table, glued, _, _, _ = own
    g = glued["ch07-management"]
    first, last = gen.WAVES
    in_wave = {w: table[gen.WAVE] == w for w in gen.WAVES}
    assert (g["ch07_rows_read"], g["ch07_kept"], g["ch07_excluded"]) == (N, N - 1, 1)
    assert (g["ch07_n_items"], g["ch07_scale_levels"]) == (len(_items(kind)), 5)
    if kind == "D":
        assert g["ch07_from_waves"] == f"from 2 survey waves ({first} and {last})"
        assert (g["ch07_first"], g["ch07_last"]) == ("2025", "2026")  # the example survey's waves
        assert "overall" not in g["ch07_also_asked"] and "recommend" in g["ch07_also_asked"]
        return
    if kind == "C":
        assert "not split into waves" in g["ch07_from_waves"]
        assert (g["ch07_first"], g["ch07_last"]) == ("2025", "2026")  # the example survey's waves
        assert "complaint" in g["ch07_also_asked"] and "recommend" not in g["ch07_also_asked"]
        return
    assert f"from 2 survey waves ({first} and {last})" == g["ch07_from_waves"]
    assert (g["ch07_first"], g["ch07_last"]) == (first, last)
    for name, wave in (("first", first), ("last", last)):
        assert g[f"ch07_rate_{name}"] == round(_rate(kept.loc[in_wave[wave], gen.OVERALL]), 1)
        assert g[f"ch07_degree_{name}"] == round(_degree(kept[in_wave[wave]], kind), 1)
    assert g["ch07_degree_used"] == len(kept[in_wave[last]][_items(kind)].dropna())
    assert ("importance" in g["ch07_also_asked"]) == (kind == "E")
    if kind in ("A", "E"):
        rows = table[in_wave[last]]
        scores = rows[gen.NPS].astype(float)
        share = {k: round(100 * float(m.sum()) / len(scores), 1)
                 for k, m in (("p", scores >= 9), ("d", scores <= 6))}
        assert g["ch07_nps_last"] == pytest.approx(share["p"] - share["d"])
        assert g["ch07_nps_last_wave"] == last
        causes = rows[gen.CAUSE][rows[gen.CAUSE] != ""].value_counts()
        assert g["ch07_n_complaints"] == int(causes.sum())
        top = sorted(causes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]  # ties: by name, as the chart
        assert g["ch07_top_cause"] == top and g["ch07_cause_wave"] == last
        assert "recommend" in g["ch07_also_asked"] and "complaint" in g["ch07_also_asked"]
    else:
        months = table[gen.MONTH]
        assert g["ch07_months"] == months.nunique() == 6
        assert g["ch07_center"] == round(_rate(kept[gen.OVERALL]), 1)
        a = glued["ch07-analysts"]
        smallest = months.value_counts().sort_index().idxmin()
        assert a["ch07_c_month"] == smallest and a["ch07_c_n"] == int((months == smallest).sum())
        assert "recommend" not in g["ch07_also_asked"] and "complaint" not in g["ch07_also_asked"]


def test_chapter_3_note_and_calculator_use_the_surveys_own_scale_and_numbers(own):
    kind, kept, table, glued, counts, calculator, _ = own
    g = glued["ch03-rate-vs-degree"]
    latest = table[gen.WAVE] == gen.WAVES[-1] if kind != "C" else table[gen.WAVE].notna()  # C: all answers
    assert g["ch03_own_levels"] == 5 and g["ch03_own_wave"] == (gen.WAVES[-1] if kind != "C" else "—")
    assert g["ch03_own_degree"] == pytest.approx(_degree(kept[latest], kind))
    assert g["ch03_own_used"] == len(kept[latest][_items(kind)].dropna())
    if kind == "D":  # no overall question: no rate; the calculator counts the config's first question instead
        first_item = sorted(gen.ITEMS)[0]  # the YAML config lists the items in key order
        assert counts[0] == kept[first_item].value_counts().reindex(range(1, 6), fill_value=0).tolist()
        assert calculator.scale == "5-level"
        return
    assert g["ch03_own_n"] == int(latest.sum())
    assert g["ch03_own_rate"] == pytest.approx(_rate(kept.loc[latest, gen.OVERALL]))
    # the rate-vs-degree calculator starts on the survey's own five levels (the issue: rate 0.0 %)
    truth = kept[gen.OVERALL].value_counts().reindex(range(1, 6), fill_value=0).tolist()
    assert counts[0] == truth
    assert calculator.scale == "5-level"
    assert calculator.table.loc[0, "rate"] == pytest.approx(_rate(kept[gen.OVERALL]))


def test_every_note_is_in_the_chapter_text_and_translated():
    note = re.compile(r"```\{admonition\}[^\n]*\n:class: [^\n]*csat-needs-([\w-]+)\n(.*?)\n```", re.S)
    for page, parts in PAGES.items():
        source = (ROOT / "chapters" / f"{page}.md").read_text(encoding="utf-8")
        found = {part: body for part, body in note.findall(source)}
        assert set(found) == set(parts), page
        catalog = {e.msgid: e for e in polib.pofile(str(ROOT / "chapters" / "locales" / "zh" / f"{page}.po"))}
        for part, body in found.items():
            entry = catalog.get(body)
            assert entry is not None and entry.msgstr and "fuzzy" not in entry.flags, (page, part)
            assert re.search(r"[\u4e00-\u9fff]", entry.msgstr), (page, part)


def test_the_bundled_survey_shows_no_note(monkeypatch):
    for name in ("CSAT_SURVEY_FILE", "CSAT_SURVEY_CONFIG", "CSAT_SURVEY_SHEET"):
        monkeypatch.delenv(name, raising=False)
    for page in ("ch03-rate-vs-degree", "ch07-analysts"):
        assert run_page(page, monkeypatch)[f"{page[:4]}_not_asked"] == ""


def _rater_inputs(ranks: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Mean P and E per RATER dimension (every answer given to its questions, 2 decimals) and mean points.

    Points to 1 decimal, the rounding remainder (to make 100) on the largest: the calculator's inputs.
    """
    out: dict[str, dict[str, float]] = {"P": {}, "E": {}, "customers": {}}
    for dim in gen.RATER_ZH:
        items = [i for i, d in gen.RATER_ITEMS.items() if d == dim]
        for key, columns in (("P", items), ("E", [gen.expectation_column(i) for i in items])):
            answers = ranks[columns].to_numpy().ravel()
            out[key][dim] = round(float(np.nanmean(answers)), 2)
        out["customers"][dim] = round(float(ranks[gen.importance_column(dim)].mean()), 1)
    top = max(out["customers"], key=out["customers"].__getitem__)
    out["customers"][top] = round(out["customers"][top] + 100 - sum(out["customers"].values()), 1)
    return out


def test_chapter_6_works_the_surveys_own_rater_data(own):
    """E: worked examples 6.2/6.3 and the RATER calculator on the survey's own first wave, recounted."""
    kind, kept, table, glued, _, _, rater_state = own
    g = glued["ch06-measurement"]
    # the calculator's sliders and radar span the scale the numbers are on
    assert g["ch06_calculator_rater"]["top"] == g["ch06_top"]
    if kind != "E":  # no RATER data: the bundled example's first wave on the 1-7 scale, under the note
        assert (g["ch06_wave"], g["ch06_top"]) == ("2025", 7)
        return
    assert (g["ch06_own_gaps"], g["ch06_own_weighted"]) == ("—", 0.0)  # no note, no own numbers in it
    from book.notebook import _label

    first = kept[table[gen.WAVE] == gen.WAVES[0]]
    assert (g["ch06_wave"], g["ch06_top"], g["ch06_n_owners"]) == (gen.WAVES[0], 5, len(first))
    answers = [*gen.RATER_ITEMS, *map(gen.expectation_column, gen.RATER_ITEMS)]
    assert g["ch06_n_blank"] == int(first[answers].isna().sum().sum())
    inputs = _rater_inputs(first)
    shown = g["ch06_calculator_rater"]["inputs"]
    assert {k: shown[k] for k in inputs} == inputs
    p, e, points = (pd.Series(inputs[k]) for k in ("P", "E", "customers"))
    gap = p - e
    worst, best, top_p = gap.idxmin(), gap.idxmax(), p.idxmax()
    assert (g["ch06_worst_dim"], g["ch06_best_dim"], g["ch06_top_p_dim"]) == tuple(
        _label(d, "en") for d in (worst, best, top_p))
    assert (g["ch06_worst_p"], g["ch06_worst_e"], g["ch06_top_p"]) == (p[worst], e[worst], p[top_p])
    assert g["ch06_worst_gap"] == pytest.approx(gap[worst]) and g["ch06_best_gap"] == pytest.approx(gap[best])
    assert g["ch06_gap_sum"] == pytest.approx(gap.sum())
    assert g["ch06_unweighted"] == pytest.approx(gap.mean())
    assert g["ch06_weighted"] == pytest.approx((gap * points / 100).sum())
    # worked example 6.3: the owners' points against the illustrative managers' (tangibles first)
    managers = pd.Series(shown["managers"])
    assert managers.idxmax() == "tangibles" and managers.sum() == 100
    assert (g["ch06_owners_top"], g["ch06_owners_top_points"]) == (_label(points.idxmax(), "en"), points.max())
    assert g["ch06_managers_weighted"] == pytest.approx((gap * managers / 100).sum())
    assert g["ch06_owners_index"] == pytest.approx((p * points).sum() / points.sum())
    assert g["ch06_managers_index"] == pytest.approx((p * managers).sum() / managers.sum())
    # the calculator on its own reads the whole survey, both waves
    assert {k: rater_state[k] for k in ("P", "E")} == {k: v for k, v in _rater_inputs(kept).items() if k != "customers"}
    assert rater_state["weights"]["customers"] == _rater_inputs(kept)["customers"]


def test_chapter_7_importance_performance_uses_the_surveys_own_points(own):
    """E: the importance-performance map and the plan of worked example 7.4 on the latest wave, recounted."""
    kind, kept, table, glued, _, _, _ = own
    if kind != "E":
        return  # A-D asked no importance: the example survey's map under the note (its own test)
    from csat_examples.terms import display_name

    g = glued["ch07-management"]
    last = kept[table[gen.WAVE] == gen.WAVES[-1]]
    item_means = last[list(gen.RATER_ITEMS)].mean()
    performance = item_means.groupby(pd.Series(gen.RATER_ITEMS)).mean()
    importance = pd.Series({d: last[gen.importance_column(d)].mean() for d in gen.RATER_ZH})
    performance = performance[importance.index]
    priority = importance / importance.sum() * (5 - performance)
    concentrate = (importance >= importance.mean()) & (performance < performance.mean())
    order = sorted(importance.index, key=lambda d: (not concentrate[d], -priority[d]))
    assert g["ch07_ipa_wave"] == gen.WAVES[-1] and g["ch07_top_score"] == 5
    focus = [display_name(d, "en") for d in order if concentrate[d]]
    assert focus and g["ch07_focus"] in (focus[0], " and ".join(focus), ", ".join(focus))
    assert (g["ch07_priority1"], g["ch07_priority2"]) == tuple(display_name(d, "en") for d in order[:2])


def test_chapter_6_reads_the_example_when_the_surveys_own_gaps_read_otherwise(tmp_path, monkeypatch):
    """RATER data on which owners get more than they expect of tangibles: worked examples 6.2/6.3 say
    every gap is a shortfall, so they read the bundled example, and a note gives the survey's own gaps."""
    from book.notebook import _label

    survey = gen.with_rater(gen.generate(N, seed=67), expect={"tangibles": 3.2})
    data = gen.write_csv(survey, tmp_path / "owners.csv")
    config = tmp_path / "owners.yml"
    config.write_text(yaml.safe_dump(gen.rater_config_for(survey), allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("CSAT_SURVEY_FILE", str(data))
    monkeypatch.setenv("CSAT_SURVEY_CONFIG", str(config))
    monkeypatch.delenv("CSAT_SURVEY_SHEET", raising=False)
    g = run_page("ch06-measurement", monkeypatch)
    assert g["ch06_not_asked"] == "rater-reading"
    assert (g["ch06_wave"], g["ch06_top"]) == ("2025", 7)  # the example's first wave, 1-7
    assert g["ch06_calculator_rater"]["top"] == 7
    kept, table = survey.ranks.drop(index=gen.TYPO[0]), survey.table.drop(index=gen.TYPO[0])
    first = kept[table[gen.WAVE] == gen.WAVES[0]]
    inputs = _rater_inputs(first)
    gap = pd.Series(inputs["P"]) - pd.Series(inputs["E"])
    assert gap["tangibles"] > 0
    assert (g["ch06_own_wave"], g["ch06_own_n"]) == (gen.WAVES[0], len(first))
    expected = [f"{_label(d, 'en')} {inputs['P'][d]:.2f} − {inputs['E'][d]:.2f} = {gap[d]:+.2f}" for d in gen.RATER_ZH]
    assert g["ch06_own_gaps"] == "; ".join(expected)
    assert g["ch06_own_points"] == ", ".join(f"{_label(d, 'en')} {v:.1f}" for d, v in inputs["customers"].items())
    assert g["ch06_own_weighted"] == pytest.approx((gap * pd.Series(inputs["customers"]) / 100).sum())
