#!/usr/bin/env python3
"""Scans every Django conformance case with the owasp-django pack and compares the Django
check ids among failing findings with the ids Django itself reported (expected.json).

usage: scripts/django-conformance.py [CASES_DIR] [--bin PATH] [--version 6.1.3]
Exit status 0 when every case matches.
"""
import json
import os
import subprocess
import sys

args = sys.argv[1:]
binary = ".build/debug/parapet"
version = None
if "--bin" in args:
    i = args.index("--bin"); binary = args[i + 1]; del args[i:i + 2]
if "--version" in args:
    i = args.index("--version"); version = args[i + 1]; del args[i:i + 2]
root = args[0] if args else "Tests/ParapetTests/Fixtures/django"
failures = 0
cases = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
for case in cases:
    folder = os.path.join(root, case)
    expected = json.load(open(os.path.join(folder, "expected.json")))
    env = {}
    if os.path.exists(os.path.join(folder, "env.json")):
        env = json.load(open(os.path.join(folder, "env.json")))
    command = [binary, "scan", os.path.join(folder, "project"), "--pack", "Policies/owasp-django",
               "--format", "json", "--env", "DJANGO_SETTINGS_MODULE=" + expected["settings_module"]]
    for name, value in env.items():
        command += ["--env", f"{name}={value}"]
    output = subprocess.run(command, capture_output=True, text=True).stdout
    report = json.loads(output)
    got = {}
    for pack in report.get("packs", []):
        for finding in pack.get("findings", []):
            if finding.get("status") != "fail":
                continue
            for reference in finding.get("references", []):
                if reference.startswith("django:"):
                    got.setdefault(reference[len("django:"):], []).append(finding.get("location"))
    want = expected["deploy_check_ids"] if version is None else expected["by_version"][version]["deploy_check_ids"]
    ok = sorted(got) == sorted(want)
    if not ok:
        failures += 1
    where = "; ".join(f"{k} @ {v[0]}" for k, v in sorted(got.items()))
    print(("ok  " if ok else "FAIL") + f" {case}: want {sorted(want)} got {sorted(got)}  [{where}]")
print(f"{len(cases) - failures}/{len(cases)} cases match")
sys.exit(1 if failures else 0)
