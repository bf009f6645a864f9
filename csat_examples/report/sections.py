"""The report's sections, in the order of the course's nine-step process (steps 6-9).

Each renderer reads a :class:`~.analysis.SurveyAnalysis` and returns one
:class:`~.model.Section` (or None when the config does not switch it on):
labels and notes in the reader's language from the terms table, tables with
the survey's own names, and charts from :mod:`csat_examples.charts`.  No
renderer computes a statistic; :func:`build_report` is :func:`analyse`
followed by :func:`render_report`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Callable, cast

import numpy as np
import pandas as pd

from ..errors import CsatInputError
from ..scales import Level
from ..survey.cleaning import Survey
from ..lang import Lang
from ..terms import LANGUAGES, display_name, label
from .analysis import SurveyAnalysis, analyse
from .forking import run_all
from .model import Chart, Report, Section, TableBlock, render_png

__all__ = ["build_report", "render_report", "SECTION_KEYS"]

SECTION_KEYS = (
    "findings", "summary", "rate_degree", "distribution", "items", "hierarchy", "servqual", "nps",
    "ipa", "change", "breakdown", "control", "pareto", "improvement", "comments", "appendix",
)
#: Cleaning-log lines shown on the page (all are in ``tables/cleaning_log.csv``).
LOG_SHOWN = 200
#: Comments shown on the page (all are in ``tables/comments.csv``).
COMMENTS_SHOWN = 30
#: Most segments on a heat map (the weakest first; the table lists them all).
HEATMAP_SEGMENTS = 30
#: Fewest dimensions for a radar chart (two axes make a line, not a shape).
RADAR_MIN_AXES = 3


def _t(key: str, lang: Lang, **fmt: Any) -> str:
    text = label(key, lang)
    return text.format(**fmt) if fmt else text


#: Label of a data value (dimension, cause, quadrant) if the terms table has it, else the value:
#: values of an organisation's own survey have no term and are shown as written.
_term = display_name


def _level_name(level: Level, lang: Lang) -> str:
    return level.en if lang == "en" else level.zh


def _excluded_note(count: int, lang: Lang) -> list[str]:
    return [_t("report_excluded_note", lang, count=count)] if count else []


def _chart_png(factory: str | Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> bytes:
    """PNG of ``factory(*args, **kwargs)``; a string names a :mod:`csat_examples.charts` factory."""
    if isinstance(factory, str):
        from .. import charts

        factory = getattr(charts, factory)
    return render_png(factory(*args, **kwargs))


@dataclass(frozen=True)
class _Figures:
    """The charts the sections ask for (none when charts are off), drawn together afterwards by :meth:`draw`.

    A section gets a chart without its picture at once (so that it adds it with ``+=``); the pictures are
    drawn once every section is made, in one go that can be shared with a second process.
    """

    enabled: bool
    _asked: list[tuple[Chart, Callable[[], bytes]]] = field(default_factory=list)

    def __call__(self, name: str, factory: str | Callable[..., Any], caption: str, *args: Any, **kwargs: Any) -> list[Chart]:
        if not self.enabled:
            return []
        chart = Chart(name, b"", caption)
        self._asked.append((chart, partial(_chart_png, factory, args, kwargs)))
        return [chart]

    def draw(self, sections: list[Section | None], processes: int) -> None:
        """Put each chart's picture in its place in ``sections``."""
        pngs = run_all([task for _, task in self._asked], processes)
        drawn = {id(chart): replace(chart, png=png) for (chart, _), png in zip(self._asked, pngs)}
        for section in sections:
            if section is not None:
                section.charts = [drawn.get(id(chart), chart) for chart in section.charts]


# --- step 6: data summary ---------------------------------------------------------------------------

def _summary(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section:
    s = a.survey
    excluded = len(s.excluded_rows)
    facts = pd.DataFrame(
        {
            "measure": [_t(k, lang) for k in ("report_rows_read", "report_respondents", "report_rows_excluded", "report_blank_answers")],
            "value": [s.rows_read, s.respondents, excluded, int(s.missing.sum())],
        }
    )
    section = Section("summary", 6, _t("report_sec_summary", lang))
    section.tables.append(TableBlock("summary", facts))
    if s.ignored_columns:
        section.notes.append(f"{_t('report_ignored_columns', lang)}{_t('colon', lang)}"
                             f"{_t('list_separator', lang).join(s.ignored_columns)}")
    if s.hidden_sheets:
        section.notes.append(_t("report_hidden_sheets", lang, sheet=s.sheet, hidden=", ".join(s.hidden_sheets)))
    if s.blank_tail:
        section.notes.append(_t("report_blank_tail", lang, count=s.blank_tail))
    missing = s.missing[s.missing > 0]
    if len(missing):
        section.tables.append(
            TableBlock("blank_answers", pd.DataFrame({"column": missing.index, "count": missing.to_numpy()}),
                       _t("report_missing_table", lang))
        )
    if len(s.blank_markers):
        section.tables.append(TableBlock("blank_markers", s.blank_markers, _t("report_blank_markers", lang)))
    if len(s.not_applicable):
        section.tables.append(TableBlock("not_applicable", s.not_applicable, _t("report_not_applicable", lang)))
    section.notes.append(_t("report_log_in_appendix", lang) if len(s.log) else _t("report_no_exclusions", lang))
    section.results = {
        "source": s.source, "sheet": s.sheet, "encoding": s.encoding, "header_row": s.header_row,
        "rows_read": s.rows_read, "respondents": s.respondents, "rows_excluded": excluded,
        "blank_answers": s.missing, "ignored_columns": list(s.ignored_columns), "log_entries": len(s.log),
    }
    if len(s.blank_markers):
        section.results["blank_markers"] = s.blank_markers
    if len(s.not_applicable):
        section.results["not_applicable"] = s.not_applicable
    if s.hidden_sheets:
        section.results["hidden_sheets"] = list(s.hidden_sheets)
    if s.blank_tail:
        section.results["blank_rows_not_read"] = s.blank_tail
    return section


def _appendix(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section:
    """The cleaning log, at the end: the manager reads the findings first, the analyst checks here."""
    log = a.survey.log_in(lang)
    section = Section("appendix", 6, _t("report_sec_appendix", lang))
    if not len(log):
        section.notes.append(_t("report_no_exclusions", lang))
    section.tables.append(TableBlock("cleaning_log", log, _t("report_cleaning_log", lang), limit=LOG_SHOWN if len(log) else 0))
    section.results = {"log_entries": len(log)}
    return section


def _signed(value: float, digits: int) -> str:
    return f"{value:+.{digits}f}"


def _scoring_name(scoring: str, k: int, lang: Lang) -> str:
    """"the 1-5 scale" for Likert scoring, else the scoring's own name."""
    if scoring == "likert":
        return _t("report_scoring_levels", lang, k=k)
    return _t("scoring_" + scoring.replace("-", "_"), lang)


def _verdict(significant: Any, lang: Lang) -> str:
    return _t("report_finding_significant" if bool(significant) else "report_finding_not_significant", lang)


def _findings(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section | None:
    f = a.findings
    if f is None:
        return None
    cfg = a.survey.config
    sentences = [_t("report_finding_rate", lang, rate=f"{f.rate:.1f}", degree=f"{f.degree:.2f}", scoring=_scoring_name(cfg.scoring, a.scale.k, lang))]
    if f.rate_change is not None and a.change is not None:
        degree_change = _signed(f.degree_change["change"], 2) if f.degree_change else "—"
        sentences.append(_t("report_finding_rate_change", lang, previous=a.change.previous,
                            change=_signed(f.rate_change["change"], 1), degree_change=degree_change,
                            verdict=_verdict(f.rate_change["significant"], lang)))
    sentences.append(_t("report_finding_weakest_item", lang, item=a.item_names[f.weakest_item["item"]],
                        mean=f"{f.weakest_item['mean']:.2f}"))
    if f.weakest_segment is not None:
        seg = f.weakest_segment
        rate = seg["measure"] == "rate"
        estimate = f"{seg['estimate']:.1f}%" if rate else f"{seg['estimate']:.2f}"
        difference = f"{_signed(seg['difference'], 1)} {_t('report_points', lang)}" if rate else _signed(seg["difference"], 2)
        sentences.append(_t("report_finding_weakest_segment", lang, by=seg["by"], segment=_segment_name(seg["segment"], lang),
                            measure=_measure_label(seg["measure"], lang), estimate=estimate,
                            difference=difference, verdict=_verdict(seg["significant"], lang)))
    if f.largest_change is not None and a.change is not None:
        big = f.largest_change
        sentences.append(_t("report_finding_largest_change", lang, previous=a.change.previous, latest=a.change.latest,
                            name=_measure_name(a, big["kind"], big["key"], lang), change=_signed(big["change"], 2),
                            verdict=_verdict(big["significant"], lang)))
    if f.nps is not None:
        sentences.append(_t("report_finding_nps", lang, nps=f"{f.nps:.1f}"))
    section = Section("findings", 8, _t("report_sec_findings", lang), notes=sentences)
    section.results = {"sentences": sentences, "rate": f.rate, "degree": f.degree, "weakest_item": f.weakest_item,
                       "weakest_segment": f.weakest_segment, "largest_change": f.largest_change, "nps": f.nps}
    return section


# --- step 7: index and analysis ----------------------------------------------------------------------

def _rate_basis(a: SurveyAnalysis, lang: Lang) -> str:
    names = [_level_name(lv, lang) for lv in a.rate.satisfied_levels]
    levels = ", ".join(names) if lang == "en" else "、".join(names)
    if a.rate.basis == "overall":
        return _t("report_rate_basis_overall", lang, column=a.survey.config.overall, levels=levels)
    return _t("report_rate_basis_items", lang, levels=levels)


def _rate_degree(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section:
    cfg = a.survey.config
    rate, degree = a.rate.result, a.index.degree
    level_name = _level_name(degree.level, lang)
    table = pd.DataFrame(
        {
            "measure": [_t("satisfaction_rate", lang), _t("satisfaction_degree", lang), _t("report_degree_level", lang)],
            "value": [f"{rate.rate:.1f}%", f"{degree.degree:.3f} ({cfg.scoring}) = {degree.degree_100:.1f}/100", level_name],
            "n": [rate.respondents, degree.respondents, degree.respondents],
        }
    )
    per_item = a.rate.per_item.assign(dimension=[_term(d, lang) for d in a.rate.per_item["dimension"]])
    weights_key = f"report_weights_{a.index.weights_source}"
    section = Section("rate_degree", 7, _t("report_sec_rate_degree", lang))
    section.notes += [
        _rate_basis(a, lang),
        _t("report_degree_basis", lang, scoring=cfg.scoring, weights=_t(weights_key, lang), level=level_name),
        _t("report_rate_degree_note", lang),
    ]
    section.notes += _excluded_note(degree.excluded.count, lang)
    if figures.enabled:
        dists = a.groups[0].distribution[["rank", "zh", "en"]].copy()
        rows = []
        for group in a.groups:
            name = group.name if group.name is not None else _t("report_all_respondents", lang)
            dists[name] = group.distribution["count"].to_numpy()
            rows.append({"survey": name, "rate": group.rate, "degree_100": group.degree_100})
        section.charts += figures("rate_degree", "rate_degree_chart",
                                  f"{_t('satisfaction_rate', lang)} / {_t('satisfaction_degree', lang)}",
                                  dists, pd.DataFrame(rows), lang=lang)
    section.tables += [TableBlock("rate_degree", table), TableBlock("item_rates", per_item, _t("report_item_rates", lang))]
    section.results = {
        "rate": rate.rate, "satisfied": rate.satisfied, "rate_respondents": rate.respondents,
        "rate_excluded": rate.excluded.count, "satisfied_levels": list(rate.satisfied_levels),
        "degree": degree.degree, "degree_100": degree.degree_100, "degree_level": {"zh": degree.level.zh, "en": degree.level.en},
        "degree_respondents": degree.respondents, "degree_excluded": degree.excluded.count, "scoring": cfg.scoring,
        "weights": a.index.weights, "item_rates": per_item,
    }
    return section


def _distribution(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section:
    dist = a.distribution
    section = Section("distribution", 7, _t("report_sec_distribution", lang), notes=[_rate_basis(a, lang)])
    section.charts += figures("distribution", "distribution_chart", _t("report_sec_distribution", lang), dist,
                              satisfied=a.rate.satisfied_ranks, lang=lang)
    section.tables.append(TableBlock("level_distribution", dist, fractions=("share",)))
    section.results = {"distribution": dist}
    return section


def _items(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section:
    summary = a.items.assign(dimension=[_term(d, lang) for d in a.items["dimension"]])
    dims = a.dimension_summary
    shown_dims = dims.assign(dimension=[_term(d, lang) for d in dims["dimension"]])
    section = Section("items", 7, _t("report_sec_items", lang))
    names = [a.item_names[i] for i in summary["item"]]
    low, high = a.score_range
    section.charts += figures("item_ci", "item_chart", _t("report_item_ci_chart", lang), summary, names=names,
                              lang=lang, xlim=(low, high))
    if len(dims) >= RADAR_MIN_AXES:
        section.charts += figures("dimensions", "radar_chart", _t("report_dimension_table", lang),
                                  dims.rename(columns={"mean": "score"}), columns=["score"], lang=lang)
    section.tables += [
        TableBlock("item_scores", summary),
        TableBlock("dimension_scores", shown_dims, _t("report_dimension_table", lang)),
    ]
    section.results = {"items": summary, "dimensions": dims}
    return section


def _hierarchy(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section:
    hier = a.index.hierarchy
    nodes = hier.nodes.copy()
    nodes["node"] = [_term(n, lang) if n in a.dimensions else n for n in nodes["node"]]
    nodes["parent"] = [_term(p, lang) if isinstance(p, str) and p in a.dimensions else p for p in nodes["parent"]]
    section = Section("hierarchy", 7, _t("report_sec_hierarchy", lang))
    section.notes.append(_t("report_hierarchy_note", lang, total=f"{hier.total:.3f}"))
    section.notes.append(_t(f"report_weights_{a.index.weights_source}", lang))
    section.notes += _excluded_note(hier.excluded.count, lang)
    section.charts += figures("contributions", "contribution_chart", _t("report_sec_hierarchy", lang), hier,
                              labels={i: n for i, n in a.item_names.items() if n != i} or None, lang=lang)
    section.tables.append(TableBlock("hierarchy", nodes))
    section.results = {"total": hier.total, "nodes": hier.nodes, "tree": a.index.tree}
    return section


def _servqual(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section | None:
    if a.servqual is None:
        return None
    result = a.servqual.result
    section = Section("servqual", 7, _t("report_sec_servqual", lang))
    weighted = "—" if result.weighted is None else f"{result.weighted:.3f}"
    section.notes.append(_t("report_servqual_note", lang, unweighted=f"{result.unweighted:.3f}", weighted=weighted))
    section.notes += _excluded_note(a.servqual.excluded, lang)
    section.charts += figures("servqual", "gap_chart", _t("report_sec_servqual", lang), result, lang=lang)
    dims = result.dimensions.assign(dimension=[_term(d, lang) for d in result.dimensions["dimension"]])
    items_frame = result.items.assign(dimension=[_term(d, lang) for d in result.items["dimension"]])
    section.tables += [TableBlock("servqual_dimensions", dims), TableBlock("servqual_items", items_frame)]
    section.results = {"unweighted": result.unweighted, "weighted": result.weighted,
                       "dimensions": result.dimensions, "items": result.items}
    return section


def _nps(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section | None:
    result = a.nps
    if result is None:
        return None
    section = Section("nps", 7, _t("report_sec_nps", lang))
    section.notes.append(_t("report_nps_note", lang, n=result.n))
    section.notes += _excluded_note(result.excluded.count, lang)
    table = pd.DataFrame(
        {"measure": ["NPS", _t("report_col_promoters", lang), _t("report_col_passives", lang), _t("report_col_detractors", lang)],
         "value": [result.nps, result.promoters, result.passives, result.detractors]}, dtype=object
    )
    section.tables.append(TableBlock("nps", table))
    section.results = {"nps": result.nps, "promoters": result.promoters, "passives": result.passives,
                       "detractors": result.detractors, "n": result.n, "excluded": result.excluded.count}
    return section


def _ipa(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section:
    ipa = a.ipa
    if ipa.stated:
        note = _t("report_ipa_stated", lang)
    else:
        note = _t("report_ipa_derived", lang, target=ipa.target or _t("satisfaction_degree", lang))
    results = {"level": ipa.level, "table": ipa.table}
    if not ipa.enough:
        return Section("ipa", 7, _t("report_sec_ipa", lang), notes=[note, _t("report_ipa_not_enough", lang)],
                       results=results)
    shown = ipa.table.assign(quadrant=[_term(q, lang) for q in ipa.table["quadrant"]])
    if ipa.stated:
        shown = shown.assign(item=[_term(d, lang) for d in shown["item"]])
    section = Section("ipa", 7, _t("report_sec_ipa", lang), notes=[note], results=results)
    # the chart maps quadrant keys to its own colours and labels: give it the keys, with display names
    section.charts += figures("ipa", "ipa_chart", _t("report_sec_ipa", lang),
                              ipa.table.assign(item=shown["item"].to_numpy()), lang=lang)
    section.tables.append(TableBlock("ipa", shown))
    return section


def _measure_name(a: SurveyAnalysis, kind: str, key: str | None, lang: Lang) -> str:
    if kind == "rate":
        return _t("satisfaction_rate", lang)
    if kind == "degree":
        return _t("satisfaction_degree", lang)
    return _term(key, lang) if kind == "dimension" else a.item_names[str(key)]


def _decimals(measures: pd.Series) -> tuple[int, ...]:
    """Decimals to read each row's figures with: one for a rate or an NPS (points), two for a mean score.

    >>> _decimals(pd.Series(["rate", "degree", "nps", "item"]))
    (1, 2, 1, 2)
    """
    return tuple(1 if m in ("rate", "nps") else 2 for m in measures)


def _change(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section | None:
    change = a.change
    if change is None:
        return None
    section = Section("change", 7, _t("report_sec_change", lang))
    if change.previous is None:
        section.notes.append(_t("report_single_wave", lang))
        return section
    table = change.table.drop(columns=["kind", "key"])
    table.insert(0, "measure", [_measure_name(a, k, key, lang) for k, key in zip(change.table["kind"], change.table["key"])])
    table["method"] = [_test_name(m, lang) if isinstance(m, str) else _t("report_change_untested", lang) for m in table["method"]]
    section.notes.append(_t("report_change_note", lang, latest=change.latest, previous=change.previous))
    section.tables.append(TableBlock("change", table, row_decimals=_decimals(change.table["kind"])))
    section.results = {"previous": change.previous, "latest": change.latest, "table": table}
    return section


_TEST_TERMS = {"two-proportion z test (pooled)": "report_test_two_proportion", "Welch two-sample t test": "report_test_welch",
               "z test for a difference in NPS (unpooled)": "report_test_nps"}


def _test_name(method: Any, lang: Lang) -> str:
    """A test's name in the reader's language ("" for no test)."""
    if not isinstance(method, str):
        return ""
    return _t(_TEST_TERMS[method], lang) if method in _TEST_TERMS else method


def _segment_name(segment: str, lang: Lang) -> str:
    return segment if segment != "" else _t("report_breakdown_blank", lang)


def _breakdown(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section | None:
    b = a.breakdown
    if b is None:
        return None
    from ..report.analysis import ALPHA

    section = Section("breakdown", 7, _t("report_sec_breakdown", lang),
                      notes=[_t("report_breakdown_note", lang, alpha=ALPHA, min_n=b.min_n)])
    table, low_high = b.table, a.score_range
    overall = table[table["wave"] == ""]
    results: dict[str, Any] = {"min_n": b.min_n, "table": table}
    for k, column in enumerate(b.by, start=1):
        part = overall[overall["by"] == column]
        # one row per segment, built column-wise (a pandas look-up per segment costs seconds for 200 buildings)
        segments = list(pd.unique(part["segment"]))
        heads = part[part["measure"] != "item"]
        first_measure = "rate" if (heads["measure"] == "rate").any() else "degree"
        first = heads[heads["measure"] == first_measure].set_index("segment").reindex(segments)
        estimates = {m: heads[heads["measure"] == m].set_index("segment")["estimate"].reindex(segments)
                     for m in ("rate", "degree", "nps")}
        flags: dict[Any, list[str]] = {segment: [] for segment in segments}
        for r in heads[heads["significant"].astype(bool)].itertuples():
            flags[r.segment].append(_t("report_vs_rest_lower" if r.difference < 0 else "report_vs_rest_higher", lang) +
                                    f" ({_measure_label(r.measure, lang)})")
        joiner = "；" if lang != "en" else "; "
        unreliable = _t("report_unreliable", lang, min_n=b.min_n)
        frame = pd.DataFrame({
            "segment": [_segment_name(str(segment), lang) for segment in segments],
            "n": part.groupby("segment", sort=False)["n"].max().reindex(segments).astype(int).to_numpy(),
            "rate": estimates["rate"].to_numpy(dtype=float),
            "degree": estimates["degree"].to_numpy(dtype=float),
            "nps": estimates["nps"].to_numpy(dtype=float),
            "vs_rest": [joiner.join(flags[segment]) for segment in segments],
            "p_adjusted": first["p_adjusted"].to_numpy(dtype=float),
            "remark": [unreliable if bool(u) else "" for u in first["unreliable"]],
            "_order": first["estimate"].to_numpy(dtype=float),
        })
        frame = frame.sort_values("_order", kind="stable", ignore_index=True).drop(columns="_order")
        frame = frame.dropna(axis=1, how="all")
        section.tables.append(TableBlock(f"segments_{k}_league", frame, _t("report_breakdown_league", lang, by=column)))
        items = part[part["measure"] == "item"]
        means = items.pivot(index="key", columns="segment", values="estimate").reindex(list(a.survey.config.item_columns))
        means.index = [a.item_names[i] for i in means.index]
        means.columns = [_segment_name(str(c), lang) for c in means.columns]
        heat_title = _t("report_breakdown_heatmap", lang, by=column)
        # the weakest segments only: a map of 200 buildings is unreadable (the table below has them all)
        shown = [c for c in frame["segment"] if c in means.columns][:HEATMAP_SEGMENTS]
        caption = heat_title if len(shown) == means.shape[1] else \
            f"{heat_title} {_t('report_heatmap_weakest', lang, shown=len(shown), total=means.shape[1])}"
        section.charts += figures(f"segments_{k}_heatmap", "heatmap_chart", caption, means[shown], title=heat_title,
                                  vmin=low_high[0], vmax=low_high[1])
        section.tables.append(TableBlock(f"segments_{k}_items", means.reset_index(names="item"), heat_title))
        if b.changes is not None:
            changes = b.changes[(b.changes["by"] == column) & (b.changes["measure"] != "item")]
            shown = pd.DataFrame({
                "segment": [_segment_name(str(s), lang) for s in changes["segment"]],
                "measure": [_measure_label(m, lang) for m in changes["measure"]],
                "previous": changes["previous"].to_numpy(), "latest": changes["latest"].to_numpy(),
                "change": changes["change"].to_numpy(),
                "method": [_test_name(m, lang) for m in changes["test"]],
                "p_adjusted": changes["p_adjusted"].to_numpy(),
                "remark": [
                    "；".join(filter(None, [
                        _t("report_change_up" if c > 0 else "report_change_down", lang) if sig else "",
                        _t("report_unreliable", lang, min_n=b.min_n) if unrel else ""]))
                    for c, sig, unrel in zip(changes["change"], changes["significant"], changes["unreliable"])],
            })
            section.tables.append(TableBlock(f"segments_{k}_change", shown,
                                             _t("report_breakdown_change", lang, by=column, previous=b.previous, latest=b.latest),
                                             row_decimals=_decimals(changes["measure"])))
    if b.changes is not None:
        results["changes"] = b.changes
    section.results = results
    return section


def _measure_label(measure: str, lang: Lang) -> str:
    return {"rate": _t("satisfaction_rate", lang), "degree": _t("satisfaction_degree", lang), "nps": "NPS"}.get(measure, measure)


def _control(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section | None:
    control = a.control
    if control is None:
        return None
    section = Section("control", 7, _t("report_sec_control", lang), notes=[_t("report_control_note", lang)])
    if control.skipped:
        section.notes.append(_t("report_control_skipped", lang, periods=", ".join(control.skipped)))
        section.results["skipped_periods"] = list(control.skipped)
    for name, chart_name, frame, key in (("p_chart", "p_chart", control.p_chart, "report_control_p"),
                                         ("xbar_s_chart", "xbar_chart", control.xbar_s_chart, "report_control_x")):
        if frame is None:
            continue
        section.charts += figures(chart_name, "control_chart", _t(key, lang), frame, lang=lang)
        section.tables.append(TableBlock(name, frame, _t(key, lang)))
        section.results[name] = frame
    return section


def _pareto(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section | None:
    pareto = a.pareto
    if pareto is None:
        return None
    section = Section("pareto", 7, _t("report_sec_pareto", lang))
    section.notes.append(_t("report_pareto_note", lang, complaints=pareto.complaints, respondents=pareto.respondents))
    if pareto.table is not None:
        section.charts += figures("pareto", "pareto_chart", _t("report_sec_pareto", lang), pareto.table, lang=lang)
        table = pareto.table.assign(cause=[_term(c, lang) for c in pareto.table["cause"]])
        section.tables.append(TableBlock("pareto", table))
        section.results = {"complaints": pareto.complaints, "table": table}
    return section


# --- step 9: improvement ------------------------------------------------------------------------------

#: Days from the report to the check of each PDCA row (a return-visit sample before the next wave).
CHECK_AFTER_DAYS = 90


def _improvement(a: SurveyAnalysis, lang: Lang, figures: _Figures, today: Any = None) -> Section:
    import datetime as _dt

    check_by = ((today or _dt.date.today()) + _dt.timedelta(days=CHECK_AFTER_DAYS)).isoformat()
    sep = "; " if lang == "en" else "；"
    rows = []
    for record in a.improvement.itertuples(index=False):
        name = _term(record.item, lang) if a.ipa.stated else a.item_names.get(record.item, record.item)
        evidence = [_t("report_evidence_score", lang, performance=f"{record.performance:.2f}",
                       importance=f"{record.importance:.2f}")]
        if not np.isnan(record.change):
            evidence.append(_t("report_evidence_change", lang, change=_signed(record.change, 2)))
        if not np.isnan(record.complaint_share) and record.complaint_share > 0:
            evidence.append(_t("report_evidence_complaints", lang, share=f"{100 * record.complaint_share:.0f}"))
        owner = _t(f"report_owner_{record.owner}", lang)
        target = f"{record.target:.2f}"
        rows.append({
            "item": name, "quadrant": _term(record.quadrant, lang), "importance": record.importance,
            "performance": record.performance, "priority": record.priority, "evidence": sep.join(evidence),
            "target": record.target, "owner": owner, "check_by": check_by,
            "plan": _t("report_pdca_plan_item", lang, name=name, performance=f"{record.performance:.2f}", target=target),
            "do": _t("report_pdca_do_item", lang, owner=owner, name=name),
            "check": _t("report_pdca_check_dated", lang, date=check_by, name=name, target=target),
            "act": _t("report_pdca_act_item", lang, name=name, target=target),
        })
    columns = ["item", "quadrant", "importance", "performance", "priority", "evidence", "target", "owner", "check_by",
               "plan", "do", "check", "act"]
    table = pd.DataFrame(rows, columns=columns)
    segments = a.segment_plan
    if segments is not None and len(segments):
        extra = []
        for record in segments.itertuples(index=False):
            rate = record.measure == "rate"
            fmt = (lambda v: f"{v:.1f}%") if rate else (lambda v: f"{v:.2f}")
            segment = _segment_name(record.segment, lang)
            item = a.item_names.get(record.weakest_item, record.weakest_item) if record.weakest_item else "—"
            owner = _t("report_owner_estate", lang, segment=segment)
            extra.append({
                "item": f"{record.by}{_t('colon', lang)}{segment}", "quadrant": "", "importance": np.nan, "performance": record.estimate,
                "priority": np.nan, "target": record.target, "owner": owner, "check_by": check_by,
                "evidence": _t("report_evidence_segment", lang, measure=_measure_label(record.measure, lang),
                               estimate=fmt(record.estimate), rest=fmt(record.rest), item=item,
                               mean=f"{record.weakest_mean:.2f}"),
                "plan": _t("report_pdca_plan_segment", lang, segment=segment, estimate=fmt(record.estimate),
                           target=fmt(record.target), item=item),
                "do": _t("report_pdca_do_segment", lang, owner=owner),
                "check": _t("report_pdca_check_dated", lang, date=check_by, name=segment, target=fmt(record.target)),
                "act": _t("report_pdca_act_item", lang, name=segment, target=fmt(record.target)),
            })
        table = pd.concat([table, pd.DataFrame(extra, columns=columns)], ignore_index=True)
    section = Section("improvement", 9, _t("report_sec_improvement", lang), notes=[_t("report_improvement_note", lang)])
    section.tables.append(TableBlock("improvement_plan", table))
    section.results = {"plan": table[["item", "quadrant", "importance", "performance", "priority", "target", "owner",
                                      "check_by"]].iloc[: len(a.improvement)],
                       "segments": segments if segments is not None else []}
    return section


def _comments(a: SurveyAnalysis, lang: Lang, figures: _Figures) -> Section | None:
    if a.comments is None:
        return None
    table = a.comments.table
    section = Section("comments", 8, _t("report_sec_comments", lang))
    section.notes.append(_t("report_comments_note", lang, shown=min(COMMENTS_SHOWN, len(table)), total=len(table)))
    themes = a.comments.themes
    if len(themes):
        sep = "; " if lang == "en" else "；"
        shown = pd.DataFrame({"theme": [_term(t, lang) for t in themes["theme"]], "comments": themes["count"].to_numpy(),
                              "share": themes["share"].to_numpy(),
                              "examples": [sep.join(e) for e in themes["examples"]]})
        section.notes.append(_t("report_themes_note", lang))
        section.tables.append(TableBlock("comment_themes", shown, _t("report_comment_themes", lang), fractions=("share",)))
    words = a.comments.words
    if len(words):
        section.notes.append(_t("report_words_note", lang))
        section.tables.append(TableBlock("comment_words", words.rename(columns={"count": "comments"}),
                                         _t("report_comment_words", lang)))
    section.tables.append(TableBlock("comments", table, limit=COMMENTS_SHOWN))
    section.results = {"count": len(table), "themes": themes, "words": words}
    return section


_RENDERERS = (_findings, _summary, _rate_degree, _distribution, _items, _hierarchy, _servqual, _nps,
              _ipa, _change, _breakdown, _control, _pareto, _improvement, _comments, _appendix)


def _check_lang(lang: str) -> Lang:
    if lang not in LANGUAGES:
        raise CsatInputError.from_terms("unknown_language", argument="--lang", value=lang, allowed=LANGUAGES)
    return cast(Lang, lang)  # one of LANGUAGES, checked just above


def render_report(analysis: SurveyAnalysis, *, lang: str = "en", charts: bool = True, processes: int = 1) -> Report:
    """Turn an analysis into the :class:`~.model.Report`: labelled sections in ``lang``.

    Parameters
    ----------
    analysis : SurveyAnalysis
        From :func:`~.analysis.analyse`; only read.
    lang : {"en", "zh"}
        Language of every label.
    charts : bool
        Draw the charts (False is faster, for tests and scripts).
    processes : int
        2 shares the drawing of the charts with a second process where the machine allows it
        (Linux, no other thread running: see :mod:`.forking`); the charts are the
        same.  1 (the default) draws them here.

    Examples
    --------
    One analysis, two languages:

    >>> import pandas as pd
    >>> from csat_examples.survey import survey_from_frame
    >>> a = analyse(survey_from_frame(pd.DataFrame({"q1": [7, 6, 4], "q2": [6, 6, 5]}),
    ...                               {"items": {"q1": "service", "q2": "price"}}))
    >>> [render_report(a, lang=lang, charts=False).sections[2].title for lang in ("en", "zh")]
    ['Satisfaction rate and satisfaction degree', '满意率与满意度']
    """
    lang = _check_lang(lang)
    figures = _Figures(charts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)  # matplotlib layout chatter, not user news
        sections = [render(analysis, lang, figures) for render in _RENDERERS]
        figures.draw(sections, processes)
    survey = analysis.survey
    facts = [(_t("report_source", lang), survey.source)]
    if survey.sheet:
        facts.append((_t("report_sheet", lang), survey.sheet))
    if survey.encoding:
        facts.append((_t("report_encoding", lang), survey.encoding))
    facts.append((_t("report_header_row", lang), str(survey.header_row)))
    own = survey.config.title_in(lang)
    title = f"{_t('report_title', lang)}{_t('colon', lang)}{own}" if own else _t("report_title", lang)
    return Report(title=title, lang=lang, facts=facts, sections=[s for s in sections if s is not None])


def build_report(survey: Survey, *, lang: str = "en", charts: bool = True, processes: int = 1) -> Report:
    """Run every analysis the config allows and return the :class:`~.model.Report`.

    The same as ``render_report(analyse(survey), lang=lang, charts=charts)``
    (see :func:`render_report` for ``lang``, ``charts`` and ``processes``), except that the
    language is checked before the analyses run and that a library check the
    survey's own checks did not foresee is reported in the reader's language.

    Examples
    --------
    >>> import pandas as pd
    >>> from csat_examples.survey import survey_from_frame
    >>> df = pd.DataFrame({"id": ["A", "B", "C"], "q1": ["满意", "很满意", "一般"], "q2": [6, 7, 5]})
    >>> s = survey_from_frame(df, {"respondent_id": "id", "items": {"q1": "service", "q2": "service"}})
    >>> r = build_report(s, charts=False)
    >>> r.title, r.lang
    ('Customer-satisfaction report', 'en')
    >>> [sec.key for sec in r.sections][:3]
    ['findings', 'summary', 'rate_degree']
    """
    _check_lang(lang)  # before the analyses, so a typo is not found after a long computation
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)  # e.g. rescaled weights: the report says which
        try:
            analysis = analyse(survey)
        except CsatInputError as exc:
            if exc.key is not None:
                raise
            # a library check the survey checks did not foresee: say so in the reader's language too
            raise CsatInputError.from_terms("analysis_impossible", where="file", file=survey.source,
                                            detail=str(exc)) from exc
    return render_report(analysis, lang=lang, charts=charts, processes=processes)
