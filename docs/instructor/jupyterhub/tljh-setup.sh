#!/usr/bin/env bash
# Install the course into The Littlest JupyterHub (TLJH) user environment.
# Usage, as root on the TLJH server:  bash tljh-setup.sh /srv/csat-course
# Check first that the user environment has Python 3.11 or later:
#   /opt/tljh/user/bin/python --version
set -euo pipefail

COURSE=${1:?give the path of a checkout of the course}
USER_ENV=/opt/tljh/user

# The course with its 'book' extra, at the tested versions.
"$USER_ENV/bin/python" -m pip install -c "$COURSE/constraints.txt" "$COURSE[book]"

# Chapters (.md) open as notebooks on a double click.
"$USER_ENV/bin/jupytext-config" \
    --settings-file "$USER_ENV/etc/jupyter/labconfig/default_setting_overrides.json" \
    set-default-viewer markdown myst

# New accounts get their own copy of the chapters in their home folder (TLJH creates home
# folders from /etc/skel). Accounts that already exist: copy the folder in by hand.
install -d -m 755 /etc/skel/csat-chapters
install -m 644 "$COURSE"/chapters/ch[0-9][0-9]-*.md /etc/skel/csat-chapters/

tljh-config set user_environment.default_app jupyterlab
tljh-config reload
