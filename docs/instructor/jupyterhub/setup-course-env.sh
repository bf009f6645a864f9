#!/usr/bin/env bash
# Create the Python environment in which every trainee's notebook server runs, with the
# course installed, for a JupyterHub on one shared Linux server (see jupyterhub_config.py).
#
# Usage, as root, from anywhere:
#   JUPYTERHUB_VERSION=5.x.y bash setup-course-env.sh /srv/csat-course [/opt/csat-env]
# /srv/csat-course is a checkout of the course repository (any path will do).
# JUPYTERHUB_VERSION must equal the hub's own version (`jupyterhub --version`), because the
# notebook servers talk to the hub through the jupyterhub package installed here.
set -euo pipefail

COURSE=${1:?give the path of a checkout of the course}
ENV=${2:-/opt/csat-env}
HUB_VERSION=${JUPYTERHUB_VERSION:-$(jupyterhub --version)}

# Python 3.11 or later, as the course's pyproject.toml requires.
python3 -m venv "$ENV"
"$ENV/bin/python" -m pip install --upgrade pip

# The course with its 'book' extra: the library, the calculators (ipywidgets), the quizzes
# (jupyterquiz), jupytext (chapters are Markdown notebooks), myst-nb (the chapters' glue),
# JupyterLab and the Python kernel. The constraints file pins every version the course was
# tested with.
"$ENV/bin/python" -m pip install -c "$COURSE/constraints.txt" "$COURSE[book]" "jupyterhub==$HUB_VERSION"

# Chapters (.md) open as notebooks on a double click, for every user of this environment.
"$ENV/bin/jupytext-config" \
    --settings-file "$ENV/etc/jupyter/labconfig/default_setting_overrides.json" \
    set-default-viewer markdown myst

# A master copy of the chapter notebooks; jupyterhub_config.py copies it into each trainee's
# home folder at their first start, so trainees never edit each other's (or the course's) files.
install -d -m 755 /srv/csat-chapters
install -m 644 "$COURSE"/chapters/ch[0-9][0-9]-*.md /srv/csat-chapters/

echo "Course environment ready in $ENV; chapters in /srv/csat-chapters."
