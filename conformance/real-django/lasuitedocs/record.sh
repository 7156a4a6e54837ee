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
rm -rf "$OUT/run-py313"
cp -a "$OUT/src" "$OUT/run-py313"
python3 - "$OUT/run-py313" <<'PY'
import os, re, sys
pat = re.compile(r'^(\s*)except\s+([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)+)\s*:', re.M)
n = 0
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith('.py'):
            p = os.path.join(root, f)
            s = open(p, encoding='utf-8', errors='surrogateescape').read()
            s2, k = pat.subn(lambda m: f"{m.group(1)}except ({m.group(2)}):", s)
            if k:
                n += k
                open(p, 'w', encoding='utf-8', errors='surrogateescape').write(s2)
print(f"run-py313: {n} except clauses parenthesized")
PY
python3 "$MAIN/scripts/real-django-record.py" "$OUT" --venv "$VENV" --run-tree "$OUT/run-py313" "$@"
