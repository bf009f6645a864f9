"""Write a :class:`~csat_examples.report.model.Report` as one self-contained HTML page.

Self-contained means: the CSS is inline, charts are ``data:image/png;base64``
images, there is no script and no link to anything outside the file, so it
can be e-mailed or opened offline.  Every piece of text that comes from the
survey or its config (column names, comments, causes, values) passes through
:func:`html.escape`, so a cell holding ``<script>`` shows as text.
"""

from __future__ import annotations

import base64
import html
import math
from datetime import datetime, timezone
from typing import Any

import numpy as np
import pandas as pd

from ..lang import Lang
from ..terms import display_name, label
from .model import Report, Section, TableBlock

__all__ = ["to_html", "format_value", "format_p"]

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif;
margin:0 auto;max-width:1100px;padding:1.5rem 2rem;color:#1f2933;line-height:1.5}
h1{font-size:1.8rem;border-bottom:3px solid #2b6cb0;padding-bottom:.3rem}
h2{font-size:1.35rem;margin-top:2.2rem;border-bottom:1px solid #cbd2d9;padding-bottom:.2rem}
.step{font-size:.8rem;color:#52606d;text-transform:uppercase;letter-spacing:.03em}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.85rem;max-width:100%}
th,td{border:1px solid #d9e2ec;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f4f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
.table-wrap{overflow-x:auto}caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0}
figure{margin:1rem 0}figure img{max-width:100%;height:auto;border:1px solid #e4e7eb}
figcaption{font-size:.85rem;color:#52606d}.note{color:#334e68}
nav ol{columns:2;font-size:.9rem}.facts th{width:16rem}
footer{margin-top:3rem;font-size:.8rem;color:#7b8794;border-top:1px solid #e4e7eb;padding-top:.5rem}
@page{size:A4;margin:14mm 12mm}
@media print{body{max-width:none;padding:0;font-size:10pt}figure,tr,.facts{break-inside:avoid}
h2,caption{break-after:avoid}table{break-inside:auto}thead{display:table-header-group}
section{break-before:auto}.table-wrap{overflow:visible}figure img{max-height:250mm}
table{max-width:100%;font-size:8pt}td:not(.num){overflow-wrap:anywhere}td.num{white-space:nowrap}}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def format_value(value: Any, lang: Lang = "en") -> str:
    """Text of one table cell: 3 significant decimals for floats, yes/no for booleans.

    Examples
    --------
    >>> format_value(3.14159), format_value(12), format_value(True), format_value(float("nan"))
    ('3.142', '12', 'yes', '')
    """
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return label("report_yes" if value else "report_no", lang)
    if isinstance(value, (float, np.floating)):
        if math.isnan(value):
            return ""
        return f"{value:.3f}" if abs(value) < 1000 else f"{value:,.1f}"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if value is pd.NA:
        return ""
    return str(value)


#: Columns shown rounded for reading (full precision stays in results.json and the CSV tables).
_P_COLUMNS = frozenset({"p_value", "p_adjusted"})
_ONE_DECIMAL = frozenset({"rate", "nps", "degree_100"})
#: Columns whose rounding follows the row's measure (:attr:`TableBlock.row_decimals`).
_BY_ROW = frozenset({"previous", "latest", "change"})
#: Shares, shown in per cent with one decimal and the sign (a table's ``fractions`` are first put in per cent).
_PERCENT = frozenset({"share", "cumulative_share"})


def format_p(value: Any) -> str:
    """A p-value for reading: "< 0.001" below 0.001, else three decimals.

    Examples
    --------
    >>> format_p(0.00002), format_p(0.0412), format_p(float("nan"))
    ('< 0.001', '0.041', '')
    """
    if value is None or not isinstance(value, (int, float, np.integer, np.floating)) or math.isnan(value):
        return ""
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def _cell(column: Any, value: Any, lang: Lang, fractions: tuple[str, ...] = ()) -> str:
    """Text of one cell, rounded for reading by its column.

    Examples
    --------
    >>> _cell("share", 0.2364, "zh", fractions=("share",)), _cell("cumulative_share", 61.36, "en")
    ('23.6 %', '61.4 %')
    """
    if column in _P_COLUMNS:
        return format_p(value)
    if column in _PERCENT and isinstance(value, (float, np.floating)) and not math.isnan(value):
        return f"{100 * value if column in fractions else value:.1f} %"
    if column in _ONE_DECIMAL and isinstance(value, (float, np.floating)) and not math.isnan(value):
        return f"{value:.1f}"
    return format_value(value, lang)


def _header(column: Any, lang: Lang) -> str:
    # a column with no label of its own is shown by its name
    return display_name(column, lang, key=f"report_col_{column}")


def _table(block: TableBlock, lang: Lang) -> str:
    frame = block.frame
    if frame.empty:  # still saved as CSV; an empty grid on the page says nothing
        return ""
    shown = frame if block.limit is None else frame.head(block.limit)
    head = "".join(f"<th>{_e(_header(c, lang))}</th>" for c in frame.columns)
    rows = []
    for row, record in enumerate(shown.itertuples(index=False, name=None)):
        cells = []
        for column, v in zip(frame.columns, record):
            numeric = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
            cls = ' class="num"' if numeric else ""
            if column in _BY_ROW and block.row_decimals and numeric and not math.isnan(v):
                text = f"{v:.{block.row_decimals[row]}f}"
            else:
                text = _cell(column, v, lang, block.fractions)
            cells.append(f"<td{cls}>{_e(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption = f"<caption>{_e(block.caption)}</caption>" if block.caption else ""
    more = ""
    if block.limit is not None and len(frame) > block.limit:
        more = '<p class="note">' + _e(
            label("report_log_truncated", lang).format(shown=block.limit, total=len(frame), name=block.name)
        ) + "</p>"
    return (
        f'<div class="table-wrap"><table id="table-{_e(block.name)}">{caption}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{more}"
    )


def _section(section: Section, lang: Lang) -> str:
    step = label(f"report_step_{section.step}", lang)
    kicker = f"{label('report_process', lang)} {section.step} {label('report_process_suffix', lang)} · {step}"
    parts = [f'<section id="{_e(section.key)}"><h2>{_e(section.title)}</h2><p class="step">{_e(kicker)}</p>']
    parts += [f'<p class="note">{_e(n)}</p>' for n in section.notes]
    for chart in section.charts:
        data = base64.b64encode(chart.png).decode("ascii")
        parts.append(
            f'<figure><img alt="{_e(chart.caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{_e(chart.caption)}</figcaption></figure>"
        )
    parts += [_table(t, lang) for t in section.tables]
    parts.append("</section>")
    return "\n".join(parts)


def to_html(report: Report, *, generated: datetime | None = None) -> str:
    """The report as a complete HTML document (a string).

    Examples
    --------
    >>> from csat_examples.report.model import Report, Section, TableBlock
    >>> sec = Section("summary", 6, "Data <summary>",
    ...               tables=[TableBlock("t", pd.DataFrame({"comment": ["<script>x</script>"]}))])
    >>> page = to_html(Report("T", "en", [("Survey file", "a.csv")], [sec]))
    >>> "<script>" in page, "&lt;script&gt;x&lt;/script&gt;" in page, "http" in page
    (False, True, False)
    """
    lang = report.lang
    when = (generated or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    facts = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in report.facts)
    facts += f"<tr><th>{_e(label('report_generated', lang))}</th><td>{_e(when)}</td></tr>"
    toc = "".join(f'<li><a href="#{_e(s.key)}">{_e(s.title)}</a></li>' for s in report.sections)
    body = "\n".join(_section(s, lang) for s in report.sections)
    html_lang = {"zh": "zh-CN", "zh-Hant": "zh-Hant"}.get(lang, "en")
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(report.title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(report.title)}</h1><table class=\"facts\">{facts}</table>"
        f"<nav><h2>{_e(label('report_contents', lang))}</h2><ol>{toc}</ol></nav>"
        f"{body}<footer>{_e(label('report_footer', lang))}</footer></body></html>\n"
    )
