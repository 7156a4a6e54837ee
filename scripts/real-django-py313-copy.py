#!/usr/bin/env python3
"""Makes OUT/run-py313: a copy of OUT/src where each PEP 758 `except A, B:` (Python 3.14) is
the equivalent `except (A, B):`, so Django can run a 3.14 project's checks on Python 3.13.
Used by the record.sh of the corpus definitions that need it (readthedocs, lasuitedocs);
tree/ and src/ stay as upstream has them.

usage: scripts/real-django-py313-copy.py OUT
"""
import os
import re
import shutil
import sys

PATTERN = re.compile(r'^(\s*)except\s+([A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)+)\s*:', re.M)


def main():
    out = sys.argv[1]
    target = os.path.join(out, "run-py313")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(os.path.join(out, "src"), target, symlinks=True)
    count = 0
    for root, _, files in os.walk(target):
        for name in files:
            if not name.endswith(".py"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="surrogateescape") as handle:
                text = handle.read()
            rewritten, found = PATTERN.subn(lambda m: f"{m.group(1)}except ({m.group(2)}):", text)
            if found:
                count += found
                with open(path, "w", encoding="utf-8", errors="surrogateescape") as handle:
                    handle.write(rewritten)
    print(f"run-py313: {count} except clauses parenthesized")


if __name__ == "__main__":
    main()
