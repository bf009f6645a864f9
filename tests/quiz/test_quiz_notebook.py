"""The same quizzes in a live Jupyter kernel: each call displays the quiz HTML, then its script."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient


def test_quiz_progress_and_final_run_in_a_kernel(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in (
        'from book.quizzes import show_final_assessment, show_progress, show_quiz\nshow_quiz("ch04")',
        "show_progress()",
        "show_final_assessment()",
    )]
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    for cell, element in zip(nb.cells, ('class="csat-quiz" id="csat-quiz-ch04"',
                                        'class="csat-progress" id="csat-progress"',
                                        'class="csat-quiz" id="csat-quiz-final"')):
        outputs = cell.outputs
        assert [o.output_type for o in outputs] == ["display_data", "display_data"], outputs
        assert element in outputs[0]["data"]["text/html"]
        assert "window.CsatQuiz" in outputs[1]["data"]["application/javascript"]
    assert "很不满意, 不满意, 不太满意, 一般, 较满意, 满意, 很满意" in nb.cells[0].outputs[0]["data"]["text/html"]
