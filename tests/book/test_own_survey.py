"""Chapters 3, 6 and 7 on an organisation's own survey: its own numbers, or a note and the example.

Two organisation-like surveys of different shapes are generated (``tests/surveygen.py``):

* **A**: 5-level labels, Chinese column names, 小区/楼栋/居住年限 segments, NPS and complaint
  causes, no expectation or importance questions, no fieldwork month (XLSX);
* **B**: the same owners without NPS or complaint causes but with the fieldwork month, and
  dimensions named in Chinese (CSV);
* **C**: one survey not split into waves, without NPS (CSV): nothing to compare, so chapter 7 works
  its comparisons on the example survey;
* **D**: two waves but no overall-satisfaction question (CSV): no rate, so chapter 7 works from
  worked example 7.2 on on the example survey, and chapter 3 gives the survey's degree only.

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
PAGES = {"ch03-rate-vs-degree": ("own-survey", "own-survey-no-overall"), "ch06-measurement": ("rater",),
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
}


def run_page(page: str, monkeypatch) -> dict[str, object]:
    """Execute the code cells of ``chapters/<page>.md`` in order; return every glued value.

    A failing cell fails the test with the cell's source, as it fails the build.
    """
    import jupytext
    from IPython.core.interactiveshell import InteractiveShell

    import book.notebook

    glued: dict[str, object] = {}

    def glue(self, name, value):
        assert name.startswith(f"{self.short}_"), name
        glued[name] = value

    monkeypatch.setattr(book.notebook.Chapter, "glue", glue)
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
    survey = gen.generate(N, seed={"A": 17, "B": 29, "C": 41, "D": 53}[kind])
    if kind == "A":
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


@pytest.fixture(scope="module", params=["A", "B", "C", "D"])
def own(request, tmp_path_factory):
    """One generated survey, every page run on it: (kind, survey, kept truth, table, glued values)."""
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
    # the one out-of-range typo is the only row cleaning leaves out
    kept = survey.ranks.drop(index=gen.TYPO[0])
    table = survey.table.drop(index=gen.TYPO[0])
    return kind, kept, table, glued, counts, calculator


def _rate(overall: pd.Series) -> float:
    """Top-two-box rate (满意, 非常满意 = ranks 4, 5) of the owners who answered, in %."""
    answered = overall.dropna()
    return 100 * float((answered >= 4).sum()) / len(answered)


def _degree(ranks: pd.DataFrame) -> float:
    """Degree on 0-100 with equal question weights, complete questionnaires only (ranks 1-5 -> 0..100)."""
    complete = ranks[list(gen.ITEMS)].dropna()
    return float(((complete - 1) / 4 * 100).to_numpy().mean())


def test_no_cell_fails_and_nothing_is_blank(own):
    _, _, _, glued, _, _ = own
    for page, values in glued.items():
        for name, value in values.items():
            if name.endswith("_not_asked"):
                continue
            assert value is not None and str(value).strip() not in ("", "nan"), (page, name, value)


def test_the_not_asked_notes_show_exactly_where_the_survey_lacks_the_data(own):
    kind, _, _, glued, _, _ = own
    for page, expected in NOT_ASKED[kind].items():
        assert glued[page][f"{page[:4]}_not_asked"] == expected, page


def test_chapter_7_shows_the_surveys_own_numbers(own):
    kind, kept, table, glued, _, _ = own
    g = glued["ch07-management"]
    first, last = gen.WAVES
    in_wave = {w: table[gen.WAVE] == w for w in gen.WAVES}
    assert (g["ch07_rows_read"], g["ch07_kept"], g["ch07_excluded"]) == (N, N - 1, 1)
    assert (g["ch07_n_items"], g["ch07_scale_levels"]) == (5, 5)
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
        assert g[f"ch07_degree_{name}"] == round(_degree(kept[in_wave[wave]]), 1)
    assert g["ch07_degree_used"] == len(kept[in_wave[last]][list(gen.ITEMS)].dropna())
    assert "importance" not in g["ch07_also_asked"]
    if kind == "A":
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
    kind, kept, table, glued, counts, calculator = own
    g = glued["ch03-rate-vs-degree"]
    latest = table[gen.WAVE] == gen.WAVES[-1] if kind != "C" else table[gen.WAVE].notna()  # C: all answers
    assert g["ch03_own_levels"] == 5 and g["ch03_own_wave"] == (gen.WAVES[-1] if kind != "C" else "—")
    assert g["ch03_own_degree"] == pytest.approx(_degree(kept[latest]))
    assert g["ch03_own_used"] == len(kept[latest][list(gen.ITEMS)].dropna())
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
