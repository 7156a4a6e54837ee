#!/usr/bin/env python3
"""Makes a Python 3.13 run tree from the materialized src/ (kitsune needs 3.14; not on this machine).

usage: py313-backport.py /work/realdj/kitsune   (writes /work/realdj/kitsune/src-py313)

Two mechanical rewrites, used only for Django's run (Parapet scans tree/, left untouched; none of
the tree's .py files is rewritten):
 1. PEP 758 `except A, B:` -> `except (A, B):` (17 clauses in 11 files, same semantics);
 2. `from __future__ import annotations` at the top of every kitsune/*.py that has annotations
    and lacks it (96 files), standing in for 3.14's deferred annotations (PEP 649/749), which the
    code relies on (e.g. a model method annotated with a model defined later: NameError on 3.13).
"""
import ast, pathlib, re, shutil, sys

root = pathlib.Path(sys.argv[1])
dst = root / "src-py313"
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(root / "src", dst, symlinks=True)
pat = re.compile(r'^(\s*except\s+)([^():\n]+,[^():\n]+)(\s*:)')
clauses = 0
for p in dst.rglob('*.py'):
    t = p.read_text()
    try:
        ast.parse(t)
        continue
    except SyntaxError:
        pass
    lines = t.split('\n')
    for i, l in enumerate(lines):
        m = pat.match(l)
        if m and ' as ' not in m.group(2):
            lines[i] = f"{m.group(1)}({m.group(2).strip()}){m.group(3)}{l[m.end():]}"
            clauses += 1
    t = '\n'.join(lines)
    ast.parse(t)
    p.write_text(t)
futures = 0
for p in (dst / "kitsune").rglob('*.py'):
    t = p.read_text()
    if 'from __future__ import annotations' in t:
        continue
    tree = ast.parse(t)
    def annotated(x):
        if isinstance(x, ast.AnnAssign):
            return True
        if isinstance(x, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = x.args
            return bool(x.returns) or any(v.annotation for v in a.args + a.kwonlyargs + a.posonlyargs)
        return False
    if not any(annotated(x) for x in ast.walk(tree)):
        continue
    body, at = tree.body, 0
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        at = body[0].end_lineno
    for x in body:
        if isinstance(x, ast.ImportFrom) and x.module == '__future__':
            at = max(at, x.end_lineno)
    lines = t.split('\n')
    lines.insert(at, 'from __future__ import annotations')
    t = '\n'.join(lines)
    ast.parse(t)
    p.write_text(t)
    futures += 1
print(f"{dst}: {clauses} except clauses parenthesized, {futures} files given the annotations future")
