"""The Lite site says so when its Python runtime cannot be loaded, in the reader's language.

JupyterLite runs the notebooks with Pyodide, which the browser downloads the
first time (from the public CDN, unless the site was built with a local copy:
``CSAT_PYODIDE_URL``).  Without internet the download never arrives and every
cell stays ``[*]``; the only explanation would be in a hidden kernel log.

:func:`watch_script` is a small script added to the Lite app pages: it asks
for the runtime file once, and if that fails or takes longer than
:data:`TIMEOUT_S` seconds it shows a notice in the language of the notebook
being opened (``?path=zh-hans/...`` is Simplified Chinese, ``zh-hant/``
Traditional, anything else English) with the ways out: back to the chapter in
the book (static figures and results), the notebook to download, and the
intranet-runtime option.  The words come from the terms table.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["watch_script", "add_watch", "TIMEOUT_S", "WORDS"]

#: How long the page waits for the runtime before it explains (the issue asks for ~15 s).
TIMEOUT_S = 12
#: Terms keys of the notice.
WORDS = ("lite_offline_title", "lite_offline_text", "lite_offline_options", "lite_offline_back",
         "lite_offline_download", "lite_offline_intranet", "lite_offline_guide")
_MARK = "<!-- csat: runtime watch -->"


def watch_script(runtime_url: str) -> str:
    """The ``<script>`` that checks ``runtime_url`` and explains a failure.

    Examples
    --------
    >>> script = watch_script("https://cdn.example/pyodide.mjs")
    >>> "csat-lite-offline" in script and "无法加载 Python 运行环境" in script and "AbortController" in script
    True
    """
    from csat_examples.lang import LANGUAGES
    from csat_examples.terms import label

    from .editions import EDITIONS

    words = {lang: {key: label(key, lang) for key in WORDS} for lang in LANGUAGES}
    folders = {ed.folder: ed.lang for ed in EDITIONS}
    data = json.dumps({"url": runtime_url, "timeout": TIMEOUT_S * 1000, "words": words, "folders": folders},
                      ensure_ascii=False).replace("</", "<\\/")
    return f"""{_MARK}
<script>
(function () {{
  var cfg = {data};
  var path = new URLSearchParams(location.search).get("path") || "";
  var folder = path.split("/")[0];
  var lang = cfg.folders[folder] || "en";
  var w = cfg.words[lang];
  var shown = false;
  function el(tag, text, attrs) {{
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    for (var k in (attrs || {{}})) e.setAttribute(k, attrs[k]);
    return e;
  }}
  function show() {{
    if (shown) return;
    shown = true;
    var box = el("div", "", {{"class": "csat-lite-offline", "role": "alert",
      "lang": lang === "zh" ? "zh-Hans" : lang,
      "style": "position:fixed;z-index:10000;left:0;right:0;top:0;max-height:100vh;overflow:auto;" +
               "background:#fff4e5;color:#3b2500;border-bottom:3px solid #b26a00;padding:12px 16px;" +
               "font:15px/1.6 system-ui,'Noto Sans CJK SC','Noto Sans CJK TC',sans-serif"}});
    box.appendChild(el("strong", w.lite_offline_title));
    box.appendChild(el("p", w.lite_offline_text));
    box.appendChild(el("p", w.lite_offline_options));
    var list = el("ul");
    var page = path.replace(/\\.ipynb$/, "");
    var parts = page.split("/");
    var back = parts.length === 2 ? "../../" + parts[0] + "/chapters/" + parts[1] + ".html" : "../../index.html";
    var items = [[w.lite_offline_back, back], [w.lite_offline_download, path ? "../files/" + path : ""],
                 [w.lite_offline_intranet, "../../docs/instructor/live-session.html"]];
    items.forEach(function (item) {{
      var li = el("li");
      if (item[1]) {{ var a = el("a", item[0], {{"href": item[1]}}); li.appendChild(a); }}
      else {{ li.textContent = item[0]; }}
      list.appendChild(li);
    }});
    box.appendChild(list);
    (document.body || document.documentElement).appendChild(box);
  }}
  var controller = window.AbortController ? new AbortController() : null;
  var timer = setTimeout(function () {{ if (controller) controller.abort(); show(); }}, cfg.timeout);
  fetch(cfg.url, {{method: "HEAD", mode: "no-cors", cache: "no-store",
                  signal: controller ? controller.signal : undefined}})
    .then(function () {{ clearTimeout(timer); }})
    .catch(function () {{ clearTimeout(timer); show(); }});
}})();
</script>
"""


def add_watch(site: Path, runtime_url: str) -> list[Path]:
    """Add :func:`watch_script` to the Lite app pages of ``site``; returns the pages changed."""
    script = watch_script(runtime_url)
    changed = []
    for page in sorted(site.glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        if _MARK in text or "</body>" not in text:
            continue
        page.write_text(text.replace("</body>", script + "</body>", 1), encoding="utf-8")
        changed.append(page)
    return changed
