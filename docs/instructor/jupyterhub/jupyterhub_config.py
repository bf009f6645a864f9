# Sample JupyterHub configuration: a class on one shared Linux server, each trainee with a
# server account (PAM login) and a notebook server running in the course environment made by
# setup-course-env.sh. Start the hub as root with: jupyterhub -f /etc/jupyterhub/jupyterhub_config.py
import os
import pwd
import shutil

c = get_config()  # noqa: F821 - defined by JupyterHub when it reads this file

# Listen on port 8000; put a TLS-terminating proxy (nginx, Apache, IIS) in front of it.
c.JupyterHub.bind_url = "http://:8000"

# Who may log in: the server's own accounts. Create one per trainee (useradd -m trainee01).
c.Authenticator.allowed_users = {"trainee01", "trainee02", "trainee03"}
c.Authenticator.admin_users = {"instructor"}

# Every notebook server runs in the course environment, opens JupyterLab on the chapters.
COURSE_ENV = "/opt/csat-env"
c.Spawner.cmd = [f"{COURSE_ENV}/bin/jupyterhub-singleuser"]
c.Spawner.default_url = "/lab/tree/csat-chapters"

# Optional: the course on your organisation's own survey (see "The course on your own survey").
# The files must be readable by every trainee account.
# c.Spawner.environment = {
#     "CSAT_SURVEY_FILE": "/srv/csat-survey/owners-2026.xlsx",
#     "CSAT_SURVEY_CONFIG": "/srv/csat-survey/owners-2026.yml",
# }

# Stop servers idle for an hour (needs: pip install jupyterhub-idle-culler in the hub's environment).
# c.JupyterHub.services = [{"name": "idle-culler", "command": ["python3", "-m", "jupyterhub_idle_culler", "--timeout=3600"]}]
# c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
#                             "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]

MASTER_CHAPTERS = "/srv/csat-chapters"


def copy_chapters(spawner):
    """Give a trainee their own copy of the chapters at their first start (never overwrite it)."""
    account = pwd.getpwnam(spawner.user.name)
    target = os.path.join(account.pw_dir, "csat-chapters")
    if os.path.exists(target):
        return
    shutil.copytree(MASTER_CHAPTERS, target)
    for folder, _, files in os.walk(target):
        os.chown(folder, account.pw_uid, account.pw_gid)
        for name in files:
            os.chown(os.path.join(folder, name), account.pw_uid, account.pw_gid)


c.Spawner.pre_spawn_hook = copy_chapters
