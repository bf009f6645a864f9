"""Self-assessment quizzes: banks as data, rendered in the book and in notebooks, exported to an LMS.

``show_quiz("ch03", lang="zh")`` shows a chapter's quiz (the build executes it into the static
page, and it runs the same in a live notebook); ``show_final_assessment()`` and ``show_progress()``
fill the "Final assessment" and "My progress" pages, and ``final_summary()`` gives the numbers the
final-assessment page states.  The banks are ``banks/chNN.yml`` (format and checks:
:mod:`book.quizzes.schema`; computed answers: :mod:`book.quizzes.compute`), the final
assessment's pools ``final/chNN.yml``, their Chinese text ``banks/zh/`` and ``final/zh/``
(:mod:`book.quizzes.translate`), the interface words ``ui.yml`` (:mod:`book.quizzes.ui`); the
build step :mod:`book.quizzes.export` validates them and writes Moodle XML and GIFT per language.
"""

from .banks import chapter_objectives, load_bank, load_banks, load_pool, load_pools, objective_problems
from .render import final_summary, show_final_assessment, show_progress, show_quiz
from .schema import BankError
from .translate import translate
from .ui import ui_words

__all__ = [
    "BankError",
    "chapter_objectives",
    "final_summary",
    "load_bank",
    "load_banks",
    "load_pool",
    "load_pools",
    "objective_problems",
    "show_final_assessment",
    "show_progress",
    "show_quiz",
    "translate",
    "ui_words",
]
