#!/bin/sh
# Records the lasuitedocs cases (written for this corpus; no upstream code).
#
# The project is Python 3.14 code (requires-python ~=3.14.0, PEP 758 `except A, B:` in
# impress/settings.py:49 and 4 other places); this machine has 3.13 at most, so Django runs in
# OUT/run-py313, a copy of src/ where each `except A, B:` became the equivalent `except (A, B):`.
# tree/ and src/ stay upstream.
set -e
OUT=${OUT:-/work/realdj/lasuitedocs}
VENV=${VENV:-/work/venvs/lasuitedocs}
MAIN=${MAIN:-/work/main}
python3 "$MAIN/scripts/real-django-py313-copy.py" "$OUT"
python3 "$MAIN/scripts/real-django-record.py" "$OUT" --venv "$VENV" --run-tree "$OUT/run-py313" "$@"
