"""The course file: which organisation, editions, chapters, survey and pass mark a build makes.

``book/course.yml`` is the bundled course; ``python -m book build --course
FILE`` builds an organisation's own from a copy of it.  The build puts the
file's path in the environment variable ``CSAT_COURSE`` (and the survey's in
``CSAT_SURVEY_FILE``/``CSAT_SURVEY_CONFIG``/``CSAT_SURVEY_SHEET``, which the
chapters' code reads), so that every step and every notebook kernel sees the
same course; :func:`active_course` reads it back.

Examples
--------
>>> course = load_course(DEFAULT)
>>> course.editions, course.chapters is None, course.pass_mark
(('zh', 'zh-Hant', 'en'), True, 0.7)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from csat_examples.lang import LANGUAGES, Lang, check_lang

__all__ = ["Course", "CourseError", "load_course", "active_course", "DEFAULT", "COURSE_VARIABLE", "ONE_DAY",
           "survey_environment"]

#: The bundled course file.
DEFAULT = Path(__file__).with_name("course.yml")
#: The environment variable that names the course file of a build.
COURSE_VARIABLE = "CSAT_COURSE"
#: The chapters of the one-day plan (the instructor guide times it).
ONE_DAY = ("ch01-customers", "ch02-satisfaction", "ch03-rate-vs-degree", "ch04-levels", "ch07-management")
_CHAPTERS = ("ch01-customers", "ch02-satisfaction", "ch03-rate-vs-degree", "ch04-levels", "ch05-iso9000",
             "ch06-measurement", "ch07-management")


class CourseError(ValueError):
    """A course file that cannot be built; the message names the file, the field and the fix."""


@dataclass(frozen=True)
class Course:
    """A course to build (see ``book/course.yml`` for the meaning of each field)."""

    path: Path
    organisation: Mapping[str, str] = field(default_factory=dict)
    logo: Path | None = None
    editions: tuple[Lang, ...] = LANGUAGES
    chapters: tuple[str, ...] | None = None
    survey_file: Path | None = None
    survey_config: Path | None = None
    survey_sheet: str = ""
    pass_mark: float = 0.7

    def organisation_name(self, lang: str) -> str:
        """The organisation's name in ``lang`` ("" when the course names none).

        Examples
        --------
        >>> Course(DEFAULT, organisation={"zh": "安居物业"}).organisation_name("zh-Hant")
        '安居物業'
        """
        from csat_examples.lang import hant

        code = check_lang(lang)
        if code in self.organisation:
            return self.organisation[code]
        if code == "zh-Hant" and "zh" in self.organisation:
            return hant(self.organisation["zh"])
        return next(iter(self.organisation.values()), "")


def _fail(path: Path, key: str, value: Any, fix: str) -> CourseError:
    return CourseError(f"{path}: field {key!r} = {value!r} cannot be used. Fix: {fix}")


def _file(path: Path, key: str, value: Any) -> Path | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise _fail(path, key, value, "give a file path as text")
    found = (path.parent / value).expanduser().resolve()
    if not found.is_file():
        raise _fail(path, key, value, f"no such file ({found}); paths are relative to the course file")
    return found


def load_course(path: Path | str) -> Course:
    """Read and check a course file.

    Raises
    ------
    CourseError
        For a missing file, a field of the wrong kind or an unknown edition,
        chapter or file, naming the file, the field and the fix.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = Path(tmp) / "c.yml"
    ...     _ = p.write_text("organisation: {name: 安居物业}\\neditions: [zh-TW]\\nchapters: one-day\\n")
    ...     c = load_course(p)
    >>> c.organisation_name("zh-Hant"), c.editions, len(c.chapters)
    ('安居物業', ('zh-Hant',), 5)
    """
    path = Path(path).expanduser().resolve()
    if not path.is_file():
        raise CourseError(f"{path}: no such course file. Fix: copy {DEFAULT} and name the copy")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CourseError(f"{path}: not valid YAML ({exc}). Fix: compare it with {DEFAULT}") from exc
    if not isinstance(data, dict):
        raise CourseError(f"{path}: a course file is a set of fields (see {DEFAULT})")
    unknown = set(data) - {"organisation", "editions", "chapters", "survey", "final_assessment"}
    if unknown:
        raise _fail(path, sorted(unknown)[0], data[sorted(unknown)[0]], f"remove it; the fields are those of {DEFAULT}")

    organisation = data.get("organisation") or {}
    if not isinstance(organisation, dict):
        raise _fail(path, "organisation", organisation, "give 'name' and 'logo' under it")
    name = organisation.get("name") or ""
    if isinstance(name, str):
        names = {"zh": name.strip()} if name.strip() else {}
    elif isinstance(name, dict):
        try:
            names = {check_lang(k): str(v).strip() for k, v in name.items() if str(v).strip()}
        except Exception as exc:  # noqa: BLE001 - an unknown language code: say which field
            raise _fail(path, "organisation.name", name, "use the languages zh, zh-Hant and en") from exc
    else:
        raise _fail(path, "organisation.name", name, "one name, or one per language (zh, zh-Hant, en)")

    editions_raw = data.get("editions", list(LANGUAGES))
    if not isinstance(editions_raw, list) or not editions_raw:
        raise _fail(path, "editions", editions_raw, "list one or more of zh, zh-Hant, en")
    try:
        editions = tuple(dict.fromkeys(check_lang(str(e)) for e in editions_raw))
    except Exception as exc:  # noqa: BLE001
        raise _fail(path, "editions", editions_raw, "list one or more of zh, zh-Hant, en") from exc

    chapters_raw = data.get("chapters", "all")
    if chapters_raw in (None, "all"):
        chapters = None
    elif chapters_raw == "one-day":
        chapters = ONE_DAY
    elif isinstance(chapters_raw, list) and chapters_raw and all(c in _CHAPTERS for c in chapters_raw):
        chapters = tuple(c for c in _CHAPTERS if c in chapters_raw)
    else:
        raise _fail(path, "chapters", chapters_raw, f"use all, one-day, or a list of {', '.join(_CHAPTERS)}")

    survey = data.get("survey") or {}
    if not isinstance(survey, dict):
        raise _fail(path, "survey", survey, "give 'file', 'config' and 'sheet' under it")
    survey_file = _file(path, "survey.file", survey.get("file"))
    survey_config = _file(path, "survey.config", survey.get("config"))
    if (survey_file is None) != (survey_config is None):
        raise _fail(path, "survey", survey, "give both the survey file and its config, or neither")

    final = data.get("final_assessment") or {}
    pass_mark = final.get("pass_mark", 0.7) if isinstance(final, dict) else final
    if not isinstance(pass_mark, (int, float)) or isinstance(pass_mark, bool) or not 0 < pass_mark <= 1:
        raise _fail(path, "final_assessment.pass_mark", pass_mark, "a share between 0 and 1, e.g. 0.7")

    return Course(path=path, organisation=names, logo=_file(path, "organisation.logo", organisation.get("logo")),
                  editions=editions, chapters=chapters, survey_file=survey_file, survey_config=survey_config,
                  survey_sheet=str(survey.get("sheet") or ""), pass_mark=float(pass_mark))


def active_course(environ: Mapping[str, str] | None = None) -> Course:
    """The course of the running build: the file ``CSAT_COURSE`` names, else the bundled one."""
    env = os.environ if environ is None else environ
    return load_course(env.get(COURSE_VARIABLE) or DEFAULT)


def survey_environment(course: Course) -> dict[str, str]:
    """The survey variables the chapters read, for ``course`` (empty for the bundled survey).

    Examples
    --------
    >>> survey_environment(load_course(DEFAULT))
    {}
    """
    if course.survey_file is None:
        return {}
    return {"CSAT_SURVEY_FILE": str(course.survey_file), "CSAT_SURVEY_CONFIG": str(course.survey_config),
            "CSAT_SURVEY_SHEET": course.survey_sheet}
