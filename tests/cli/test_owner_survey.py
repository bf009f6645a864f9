"""A real owners' survey export (tests/surveygen.py) goes through init-config + analyze with no edits."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
import yaml
from cli_helpers import analyze, run_csat

from tests import surveygen as gen


@pytest.fixture(scope="module")
def owners(tmp_path_factory):
    """The generated survey, its spreadsheet, and the config ``init-config`` drafts for it."""
    root = tmp_path_factory.mktemp("owners")
    survey = gen.generate()
    data = gen.write_xlsx(survey, root / "owners.xlsx")
    cfg = root / "owners.yml"
    run = run_csat(["init-config", str(data), "-o", str(cfg), "--quiet"], root, cfg)
    assert run.code == 0, run.err
    return survey, data, cfg


@pytest.fixture(scope="module")
def report(owners, tmp_path_factory):
    """``report(*options, charts=False)``: the run of ``csat analyze`` with the drafted config and
    its output folder; each set of options is analysed once for the module (the tests only read)."""
    _, data, cfg = owners
    runs: dict[tuple, tuple] = {}

    def _report(*options: str, charts: bool = False):
        if (options, charts) not in runs:
            root = tmp_path_factory.mktemp("report")
            out = root / "r"
            run = run_csat(analyze(data, cfg, out, *options, charts=charts), root, out)
            assert run.code == 0, run.err
            runs[options, charts] = run, out
        return runs[options, charts]

    return _report


def test_init_config_guesses_every_column(owners):
    _, _, cfg = owners
    text = cfg.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    assert raw["title"] == gen.TITLE  # the merged title row above the header
    assert raw["scale"]["levels"] == 5  # one typo (55) does not make the scale 7-level...
    assert f"保洁 row {gen.spreadsheet_row(gen.TYPO[0])}: 55" in text and raw["on_invalid"] == "exclude"  # ...it is reported
    assert raw["scale"]["labels"] == {"非常满意": 5, "比较满意": 4, "基本满意": 4, "非常不满意": 1}
    assert raw["items"] == {"保洁": {"dimension": "tangibles"}, "安保": {"dimension": "assurance"},
                            "维修": {"dimension": "responsiveness"}, "绿化": {"dimension": "tangibles"},
                            "客服": {"dimension": "empathy"}}
    assert "check this" in text
    assert sorted(raw["not_applicable"]) == sorted(gen.NOT_APPLICABLE)
    assert raw["by"] == [gen.ESTATE, gen.BUILDING, gen.YEARS_COL]
    assert (raw["respondent_id"], raw["overall"], raw["nps"], raw["wave"], raw["cause"], raw["text"]) == (
        gen.ID, gen.OVERALL, gen.NPS, gen.WAVE, gen.CAUSE, [gen.COMMENT])
    named = {raw[k] for k in ("respondent_id", "overall", "nps", "wave", "cause")} | set(raw["items"]) | set(raw["by"])
    assert named | set(raw["text"]) == set(gen.COLUMNS)  # every column used


def test_the_drafted_config_analyses_the_survey_first_time(owners, report):
    survey, _, _ = owners
    run, out = report("--lang", "zh")
    summary = run.results["sections"]["summary"]
    typo_row = gen.spreadsheet_row(gen.TYPO[0])
    assert summary["rows_excluded"] == 1 and summary["respondents"] == len(survey.table) - 1
    log = pd.read_csv(out / "tables" / "cleaning_log.csv")
    assert log["row"].tolist() == [typo_row] and log["column"].tolist() == ["保洁"]
    # the cleaning log speaks the report's language
    assert log[["problem", "action"]].values.tolist() == [["分数超出量表范围 1..5", "整行剔除"]]
    # not applicable answers are counted per column and the owners' other answers are kept
    na = pd.DataFrame(summary["not_applicable"])
    kept = survey.table.drop(index=gen.TYPO[0])
    for item in gen.ITEMS:
        expected = int(kept[item].isin(gen.NOT_APPLICABLE).sum())
        assert int(na.loc[na["column"] == item, "count"].sum()) == expected
    items = pd.DataFrame(run.results["sections"]["items"]["items"]).set_index("item")
    truth = survey.ranks.drop(index=gen.TYPO[0])
    for item in gen.ITEMS:
        assert items.loc[item, "n"] == truth[item].notna().sum()
        assert items.loc[item, "mean"] == pytest.approx(truth[item].mean())
    # the overall labels, variants included, are read as their levels: top-two-box rate
    rate = run.results["sections"]["rate_degree"]["rate"]
    assert rate == pytest.approx(100 * (truth[gen.OVERALL] >= 4).mean())


def test_a_not_applicable_answer_keeps_the_other_answers():
    from csat_examples.survey import survey_from_frame

    frame = pd.DataFrame({"q1": ["不适用", 4, 5], "q2": [3, "不清楚", 5]})
    s = survey_from_frame(frame, {"items": {"q1": "a", "q2": "a"}, "scale": {"levels": 5},
                                  "not_applicable": {"q1": ["不适用"], "q2": ["不清楚"]}})
    assert s.respondents == 3 and s.data["q1"].tolist()[1:] == [4.0, 5.0] and s.data["q2"].tolist()[0] == 3.0
    assert s.not_applicable.values.tolist() == [["q1", "不适用", 1], ["q2", "不清楚", 1]]


def test_the_report_breaks_down_by_estate_and_finds_the_worst(owners, report):
    survey, _, _ = owners
    run, out = report("--lang", "zh")
    league = pd.read_csv(out / "tables" / "segments_1_league.csv")
    assert league["segment"].iloc[0] == gen.WORST_ESTATE and "显著低于其余" in league["vs_rest"].iloc[0]
    # recompute each estate's rate, item means and NPS from the truth with pandas
    truth = survey.ranks.drop(index=gen.TYPO[0])
    table = survey.table.drop(index=gen.TYPO[0])
    rows = pd.DataFrame(run.results["sections"]["breakdown"]["table"])
    overall = rows[(rows["by"] == gen.ESTATE) & (rows["wave"] == "")]
    for estate, group in truth.groupby(table[gen.ESTATE]):
        mine = overall[overall["segment"] == estate].set_index("measure")
        assert mine.loc["rate", "estimate"] == pytest.approx(100 * (group[gen.OVERALL] >= 4).mean())
        nps = table.loc[group.index, gen.NPS]
        assert mine.loc["nps", "estimate"] == pytest.approx(100 * ((nps >= 9).mean() - (nps <= 6).mean()))
        items = overall[(overall["segment"] == estate) & (overall["measure"] == "item")].set_index("key")
        for item in gen.ITEMS:
            assert items.loc[item, "estimate"] == pytest.approx(group[item].mean())
            assert items.loc[item, "n"] == group[item].notna().sum()
    changes = pd.DataFrame(run.results["sections"]["breakdown"]["changes"])
    repairs = changes[(changes["by"] == gen.ESTATE) & (changes["key"] == "维修")].set_index("segment")
    assert repairs["change"].idxmax() == gen.IMPROVED_ESTATE


@pytest.mark.parametrize(("options", "charts", "present", "absent"), [
    (("--lang", "zh"), False, ["分组对比", "Holm", "Welch t 检验"], []),
    (("--lang", "zh-hant"), False, ['<html lang="zh-Hant">', "主要發現", "附錄：清洗記錄", "Welch t 檢驗"],
     ["主要发现"]),
    ((), True, ["Breakdown by segment", "two-proportion z test", "league table"], []),
], ids=["zh", "zh-hant", "en-with-charts"])
def test_the_report_names_its_parts_and_tests_in_its_language(report, options, charts, present, absent):
    _, out = report(*options, charts=charts)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert [p for p in present if p not in page] == []
    assert [a for a in absent if a in page] == []


def test_key_findings_open_the_report_and_the_cleaning_log_is_an_appendix(owners, report):
    survey, _, _ = owners
    run, out = report("--lang", "zh")
    findings = run.results["sections"]["findings"]
    assert 3 <= len(findings["sentences"]) <= 6
    truth = survey.ranks.drop(index=gen.TYPO[0])
    weakest = truth[list(gen.ITEMS)].mean().idxmin()
    assert findings["weakest_item"]["item"] == weakest and f"“{weakest}”" in findings["sentences"][2]
    assert findings["weakest_segment"]["segment"] == gen.WORST_ESTATE
    assert any(gen.WORST_ESTATE in s and "差异显著" in s for s in findings["sentences"])
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.index('id="findings"') < page.index('id="summary"') < page.index('id="appendix"')
    assert page.index('id="appendix"') < page.index('id="table-cleaning_log"')


def _column(page: str, table: str, header: str) -> list[str]:
    """The cells of one column of a report table, as the page shows them."""
    body = re.search(rf'<table id="table-{table}">(.*?)</table>', page, re.S).group(1)
    headers = re.findall(r"<th>(.*?)</th>", body)
    at = headers.index(header)
    return [html.unescape(re.findall(r"<td[^>]*>(.*?)</td>", row)[at]) for row in re.findall(r"<tr>(.*?)</tr>", body)[1:]]


def test_numbers_are_rounded_for_reading_only(report):
    run, out = report(charts=True)  # the English report (charts change no number)
    rows = pd.DataFrame(run.results["sections"]["breakdown"]["table"])
    tiny = rows["p_adjusted"].dropna()
    assert (tiny < 0.001).any() and (tiny[tiny < 0.001] > 0).all()  # full precision in results.json
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "&lt; 0.001" in page  # ...and "< 0.001" on the page
    league = pd.read_csv(out / "tables" / "segments_1_league.csv")
    assert league["rate"].map(lambda v: len(str(v).split(".")[-1])).max() > 1  # the CSV is not rounded
    # a table mixing measures rounds each row as its measure reads: the rate with one decimal, means with two
    measures, previous = _column(page, "change", "Measure"), _column(page, "change", "Previous wave")
    assert measures[:2] == ["Satisfaction rate", "Satisfaction degree"]
    assert re.fullmatch(r"\d+\.\d", previous[0]) and all(re.fullmatch(r"\d\.\d\d", v) for v in previous[1:])
    # shares read in per cent on the page, whether the table holds shares of 1 or per cents
    for name in ("level_distribution", "comment_themes", "pareto"):
        shown = _column(page, name, "Share")
        kept = pd.read_csv(out / "tables" / f"{name}.csv")["share"]
        per_cent = 100 * kept if kept.max() <= 1 else kept
        assert list(shown) == [f"{v:.1f} %" for v in per_cent[: len(shown)]], name


def test_the_pdca_plan_is_specific(report):
    _, out = report("--lang", "zh")
    plan = pd.read_csv(out / "tables" / "improvement_plan.csv")
    for column in ("plan", "do", "check", "act", "evidence"):
        assert plan[column].is_unique, column  # no two rows share the same generic text
    assert plan["target"].notna().all() and plan["check_by"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    owners_by_item = dict(zip(plan["item"], plan["owner"]))
    assert owners_by_item["维修"] == "工程维修主管" and owners_by_item["安保"] == "秩序维护（安保）主管"
    segment = plan[plan["item"] == f"{gen.ESTATE}：{gen.WORST_ESTATE}"].iloc[0]
    assert segment["owner"] == f"{gen.WORST_ESTATE}项目经理" and "满意率" in segment["evidence"]
    repairs = plan[plan["item"] == "维修"].iloc[0]
    assert "的投诉与之相关" in repairs["evidence"]  # 维修不及时 is the most frequent cause


def test_many_bad_cells_name_twenty_and_point_at_the_config(owners, tmp_path):
    survey, data, drafted = owners
    cfg = tmp_path / "owners.yml"
    raw = yaml.safe_load(drafted.read_text(encoding="utf-8"))
    del raw["not_applicable"], raw["on_invalid"]  # as a hand-written config would forget them
    cfg.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "r"
    run = run_csat(analyze(data, cfg, out, "--lang", "zh"), tmp_path, out)
    assert run.code == 2 and "Traceback" not in run.err
    assert run.err.count("列，值“") == 20 and "等，另有" in run.err  # 20 listed, the rest counted
    assert "问题多半出在配置而不是数据" in run.err and "not_applicable:" in run.err
    assert f"第 {gen.spreadsheet_row(gen.TYPO[0])} 行“保洁”列，值“55”" in run.err
    # every bad cell is in the file the message names, in Chinese, with the spreadsheet's row numbers
    listed = out / "bad_cells.csv"
    assert f"已列入 {listed}" in run.err
    cells = pd.read_csv(listed, encoding="utf-8-sig", dtype=str)
    assert list(cells.columns) == ["行号", "列", "数值", "问题", "修改建议"]
    table = survey.table
    expected = [(gen.spreadsheet_row(i), c) for i in table.index for c in gen.ITEMS
                if table.at[i, c] in gen.NOT_APPLICABLE or (i, c) == gen.TYPO[:2]]
    assert list(zip(cells["行号"].astype(int), cells["列"])) == sorted(expected, key=lambda rc: (rc[0], rc[1]))
    assert f"共 {len(expected)} 个" not in run.err and f"全部 {len(expected)} 个不合格单元格" in run.err
    assert set(cells.loc[cells["数值"] != "55", "问题"]) == {"不是 5-level 量表中的等级"}
    # a folder holding only the list is not a report: the next run (config fixed) writes there without --force
    assert sorted(p.name for p in out.iterdir()) == [".csat-report", "bad_cells.csv"]
    raw["not_applicable"], raw["on_invalid"] = list(gen.NOT_APPLICABLE), "exclude"
    cfg.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert run_csat(analyze(data, cfg, out, "--lang", "zh"), tmp_path, out).code == 0
    assert not (out / "bad_cells.csv").exists() and (out / "report.html").is_file()


def test_a_missing_config_is_refused_in_traditional_chinese(owners, tmp_path):
    _, data, _ = owners
    bad = run_csat(analyze(data, tmp_path / "missing.yml", tmp_path / "r", "--lang", "zh-hant"), tmp_path)
    assert bad.code == 2 and "配置檔案不存在" in bad.err and "修改方法" in bad.err


def test_comment_themes_counted_and_extended_by_the_config():
    from csat_examples.report import analyse
    from csat_examples.survey import survey_from_frame

    frame = pd.DataFrame({"q1": [4, 5, 3, 2], "c": ["电梯又坏了<script>", "停车位太少", "电梯噪音大", ""]})
    cfg = {"items": {"q1": "a"}, "scale": {"levels": 5}, "text": ["c"], "comment_themes": {"电梯": ["电梯"]}}
    themes = analyse(survey_from_frame(frame, cfg)).comments.themes.set_index("theme")
    assert themes.loc["电梯", "count"] == 2 and themes.loc["theme_parking", "count"] == 1
    assert themes.loc["theme_noise", "share"] == pytest.approx(1 / 3)  # of the 3 comments written
    assert themes.loc["电梯", "examples"] == ["电梯又坏了<script>", "电梯噪音大"]
    from csat_examples.report import build_report, to_html

    page = to_html(build_report(survey_from_frame(frame, cfg), lang="zh", charts=False))
    assert "意见主题" in page and "<script>" not in page and "停车" in page


@pytest.mark.skipif(not any(__import__("shutil").which(b) for b in ("chromium", "chromium-browser", "google-chrome")),
                    reason="no Chromium to print with")
def test_pdf_is_an_a4_print_of_the_report(owners, tmp_path):
    survey, data, _ = owners
    small = gen.write_xlsx(gen.GeneratedSurvey(survey.table.head(120), survey.ranks.head(120)), tmp_path / "small.xlsx")
    cfg = tmp_path / "owners.yml"
    run_csat(["init-config", str(small), "-o", str(cfg), "--quiet"], tmp_path, cfg)
    out = tmp_path / "r"
    assert run_csat(analyze(small, cfg, out, "--lang", "zh", "--pdf"), tmp_path, out).code == 0
    pdf = (out / "report.pdf").read_bytes()
    import re

    boxes = set(re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf))
    assert pdf.startswith(b"%PDF") and boxes and all(abs(float(w) - 595) < 1 and abs(float(h) - 842) < 1 for w, h in boxes)
    # --force replaces a folder holding a PDF: it is still a report folder
    assert run_csat(analyze(small, cfg, out, "--lang", "zh", "--force"), tmp_path, out).code == 0


#: The themes each of the generator's comments belongs to (read by a person, not by the code under test).
_COMMENT_THEMES = {
    "电梯经常坏，报修后很久才来": {"theme_lift", "theme_repairs"}, "保洁阿姨很负责": {"theme_cleaning"},
    "希望加强夜间巡逻": {"theme_security"}, "绿化很好，环境舒服": {"theme_landscaping"}, "客服态度好": {"theme_staff"},
    "停车位太少": {"theme_parking"}, "垃圾清运不及时": {"theme_cleaning"}, "物业费偏高": {"theme_fees"},
}


def test_comment_themes_of_the_generated_survey_match_a_recount(owners, tmp_path):
    from csat_examples.report import analyse, build_report, to_html
    from csat_examples.survey import init_config, load_survey

    survey, data, _ = owners
    assert set(_COMMENT_THEMES) == set(gen.COMMENTS)
    cfg = yaml.safe_load(init_config(data))
    analysis = analyse(load_survey(data, cfg))
    kept = survey.table.drop(index=gen.TYPO[0])
    written = kept[gen.COMMENT][kept[gen.COMMENT] != ""]
    expected = pd.Series([t for c in written for t in _COMMENT_THEMES[c]]).value_counts()
    themes = analysis.comments.themes.set_index("theme")
    assert themes["count"].to_dict() == expected.to_dict()
    assert themes["share"].to_dict() == pytest.approx((expected / len(written)).to_dict())
    # representative comments: the theme's most frequent ones first
    cleaning = written[written.isin(["保洁阿姨很负责", "垃圾清运不及时"])].value_counts()
    assert themes.loc["theme_cleaning", "examples"] == cleaning.index.tolist()
    words = analysis.comments.words.set_index("word")["count"]
    assert words["停车位"] == (written == "停车位太少").sum() and "的" not in words.index
    for lang, lift, word in (("zh", "电梯", "词语"), ("zh-Hant", "電梯", "詞語"), ("en", "Lifts", "Word")):
        page = to_html(build_report(load_survey(data, cfg), lang=lang, charts=False))
        assert f"<td>{lift}</td>" in page and f">{word}<" in page


def test_comment_themes_without_the_word_segmenter_find_keywords_inside_the_text(monkeypatch):
    # the course's in-browser kernel has no jieba: themes are still found, keywords inside runs of Chinese
    from csat_examples.report import themes

    monkeypatch.setitem(__import__("sys").modules, "jieba", None)
    themes._segmenter.cache_clear()
    try:
        found = themes.comment_themes(pd.Series(["电梯经常坏，报修后很久才来", "停车位太少"])).set_index("theme")["count"]
    finally:
        themes._segmenter.cache_clear()
    assert found.to_dict() == {"theme_repairs": 1, "theme_lift": 1, "theme_parking": 1}


def test_english_comments_do_not_load_the_chinese_word_segmenter():
    import subprocess
    import sys

    code = ("import sys, pandas as pd\n"
            "from csat_examples.report.themes import comment_themes, frequent_words\n"
            "c = pd.Series(['needs faster repairs', 'the lift is slow'])\n"
            "assert comment_themes(c)['count'].tolist() == [1, 1]\n"
            "frequent_words(c)\n"
            "print('jieba' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"  # a second and 80 MB saved on every English survey


@pytest.mark.browser
def test_printed_tables_fit_the_a4_page(report, browser):
    """The PDF is Chromium's print of the page: on A4 no table may run past the right margin (the PDCA
    plan's nine columns did)."""
    _, out = report()  # English: its long words cannot break anywhere as Chinese text can
    page = browser.new_page()
    try:
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 718, "height": 1000})  # A4's 210 mm less Chromium's default margins, in CSS px
        page.goto((out / "report.html").resolve().as_uri())
        wide = page.evaluate("""() => Array.from(document.querySelectorAll('table')).filter(
            t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map(t => t.id)""")
    finally:
        page.close()
    assert not wide, f"tables wider than the printed page: {wide}"
