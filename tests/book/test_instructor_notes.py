"""An instructor notebook keeps a page's "not asked in this survey" notes only for the parts the
course survey lacks (the book hides the others with a style rule; a notebook cannot)."""

from __future__ import annotations

import pytest

from book.instructor import PageRefs, instructor_notebook

PAGE = """## Complaints

```{admonition} Not asked in your survey
:class: note csat-not-asked csat-needs-cause
Your survey did not ask for complaint causes; this section shows the example survey.
```

```{admonition} Not asked in your survey
:class: note csat-not-asked csat-needs-nps
Your survey did not ask the recommendation question.
```

```{admonition} Remember
:class: tip
Count every complaint.
```
"""
WORDS = {"exercise": "Exercise", "solution": "Solution", "colon": ": "}


def _text(missing: str) -> str:
    executed = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": PAGE}]}
    refs = PageRefs()
    nb = instructor_notebook(executed, {"ch07_not_asked": repr(missing)}, refs, WORDS)
    return "\n".join(c["source"] for c in nb["cells"] if c["cell_type"] == "markdown")


@pytest.mark.parametrize(("missing", "shown", "left_out"), [
    ("", [], ["complaint causes", "recommendation"]),
    ("cause", ["complaint causes"], ["recommendation"]),
    ("cause,nps", ["complaint causes", "recommendation"], []),
])
def test_only_the_notes_of_missing_parts_are_kept(missing, shown, left_out):
    text = _text(missing)
    assert "Count every complaint." in text and "## Complaints" in text
    for phrase in shown:
        assert phrase in text
    for phrase in left_out:
        assert phrase not in text
