#!/bin/sh
# realdj (ours): regenerates the "source" of the cookiecutter case, a project generated from the
# cookiecutter-django template, as a local bare git repository that
# scripts/real-django-materialize.py reads with `--mirrors /work/realdj/.mirrors`.
#
#   1. fetch github:cookiecutter/cookiecutter-django (search tool) -> /work/.mirror/cookiecutter+cookiecutter-django/repo
#   2. sh regenerate.sh
#   3. python3 scripts/real-django-materialize.py conformance/real-django/cookiecutter --out /work/realdj --mirrors /work/realdj/.mirrors
#
# The template's post_gen_project hook draws random values (SystemRandom) into 5 files, so a new
# generation differs from the recorded one in those 8 lines only (checked on 2026-12-06), and its commit
# differs from project.json `commit` (update it there and in cases.json):
# config/settings/local.py and test.py (the default SECRET_KEY: the local/test edge cases read it, but
# any 64-character letters+digits key gives the same ids), .envs/.production/.django (DJANGO_SECRET_KEY,
# DJANGO_ADMIN_URL), .envs/.production/.postgres and .envs/.local/.postgres (POSTGRES_USER,
# POSTGRES_PASSWORD; no case reads these files). uv.lock may also change with the day (transitive
# versions resolved from PyPI).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TEMPLATE_COMMIT=2d3b8809f288187b3014163a3310766b5f962cf9
WORK=${WORK:-/work/realdj/.gen}
MIRRORS=${MIRRORS:-/work/realdj/.mirrors}
rm -rf "$WORK/template" "$WORK/out" "$WORK/shim"
mkdir -p "$WORK/shim" "$MIRRORS"
git clone -q /work/.mirror/cookiecutter+cookiecutter-django/repo "$WORK/template"
git -C "$WORK/template" checkout -q "$TEMPLATE_COMMIT"
[ -x /work/venvs/cookiecutter-tool/bin/cookiecutter ] || {
  /root/.pyenv/versions/3.12.1/bin/python -m venv /work/venvs/cookiecutter-tool
  /work/venvs/cookiecutter-tool/bin/pip install -q cookiecutter==2.7.1 uv==0.13.9
}
cp "$HERE/docker" "$WORK/shim/docker" && chmod +x "$WORK/shim/docker"
cd "$WORK"
env PATH="$WORK/shim:/work/venvs/cookiecutter-tool/bin:/usr/local/bin:/usr/bin:/bin" UV_CACHE_DIR="$WORK/uv-cache" \
  /work/venvs/cookiecutter-tool/bin/cookiecutter --no-input --output-dir out ./template use_docker=y
cd out/my_awesome_project
git init -q -b main .
git add -A
git add -f .envs/.production   # ignored by the generated .gitignore (.envs/* except .local), but generated
export GIT_AUTHOR_NAME=realdj GIT_AUTHOR_EMAIL=realdj@localhost GIT_COMMITTER_NAME=realdj GIT_COMMITTER_EMAIL=realdj@localhost
export GIT_AUTHOR_DATE=2026-12-06T00:00:00Z GIT_COMMITTER_DATE=2026-12-06T00:00:00Z
git commit -q -m "cookiecutter-django 2d3b8809 (Release 2026.8.18) generated with cookiecutter 2.7.1 --no-input use_docker=y"
rm -rf "$MIRRORS/local+cookiecutter-django-generated"
git clone -q --bare . "$MIRRORS/local+cookiecutter-django-generated/repo"
git log -1 --format='generated commit %H (put it in project.json and cases.json `commit`)'
