"""The small Sphinx extension in book.jupyterbook: pages stay on the site and stay light."""

from __future__ import annotations

from types import SimpleNamespace

from book import sphinx_extension as jupyterbook


def _asset(name: str) -> SimpleNamespace:
    return SimpleNamespace(filename=name)


def _page(body: str) -> dict:
    return {
        "body": body,
        "css_files": [_asset("https://fonts.googleapis.com/css?family=Vibur"), _asset("_static/theme.css")],
        "script_files": [
            _asset("_static/jupyter-widgets/require.js"),
            _asset("_static/jupyter-widgets/html-manager/embed-amd.js"),
            _asset("//cdn.example.org/thing.js"),
            _asset("_static/doctools.js"),
            SimpleNamespace(filename=None, attributes={"type": jupyterbook.WIDGET_STATE, "body": "{}"}),
        ],
    }


def _names(context: dict, key: str) -> list[str]:
    return [a.filename for a in context[key]]


def test_offsite_stylesheets_and_scripts_are_dropped():
    context = _page(f'<script type="{jupyterbook.WIDGET_VIEW}">{{}}</script>')
    jupyterbook._trim_page_assets(None, "chapters/ch03", "page.html", context, None)
    assert _names(context, "css_files") == ["_static/theme.css"]
    assert "//cdn.example.org/thing.js" not in _names(context, "script_files")


def test_widget_manager_kept_only_where_a_widget_is_displayed():
    shown = _page(f'<script type="{jupyterbook.WIDGET_VIEW}">{{}}</script>')
    jupyterbook._trim_page_assets(None, "a", "page.html", shown, None)
    assert "_static/jupyter-widgets/html-manager/embed-amd.js" in _names(shown, "script_files")

    state_only = _page('<script type="application/vnd.jupyter.widget-state+json">{}</script>')
    jupyterbook._trim_page_assets(None, "b", "page.html", state_only, None)
    assert _names(state_only, "script_files") == ["_static/doctools.js"]  # state dropped too


def test_generated_pages_depend_on_their_sources(repo_root):
    noted = []
    app = SimpleNamespace(srcdir=str(repo_root), env=SimpleNamespace(note_dependency=noted.append))
    jupyterbook._note_sources_of_generated_pages(app, "chapters/examples-index", [""])
    assert any(path.endswith("ch03-rate-vs-degree.md") for path in noted)
    assert any(path.endswith("_toc.yml") for path in noted)
    noted.clear()
    jupyterbook._note_sources_of_generated_pages(app, "chapters/glossary", [""])
    assert any(path.endswith("glossary.yml") for path in noted)
    noted.clear()
    jupyterbook._note_sources_of_generated_pages(app, "chapters/ch01-customers", [""])
    assert noted == []
