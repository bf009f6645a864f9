"""Self-assessment quizzes: banks as data, rendered in the book and in notebooks, exported to Moodle.

``show_quiz("ch03")`` shows a chapter's quiz (the build executes it into the static page, and it
runs the same in a live notebook); ``show_final_assessment()`` and ``show_progress()`` fill the
"Final assessment" and "My progress" pages.  The banks are ``banks/chNN.yml`` (format and checks:
:mod:`book.quizzes.schema`; computed answers: :mod:`book.quizzes.compute`); the build step
:mod:`book.quizzes.export` validates them and writes Moodle XML and GIFT.
"""

from .banks import chapter_objectives, load_bank, load_banks, objective_problems
from .render import describe_final, final_questions, show_final_assessment, show_progress, show_quiz
from .schema import BankError

__all__ = [
    "BankError",
    "chapter_objectives",
    "describe_final",
    "final_questions",
    "load_bank",
    "load_banks",
    "objective_problems",
    "show_final_assessment",
    "show_progress",
    "show_quiz",
]
