#!/usr/bin/env python3
"""Compares Parapet's owasp-django findings with what Django's real `manage.py check --deploy`
printed for real open-source projects (the layout of /work/shared/conformance/real-django).

usage: scripts/real-django-compare.py DIR [DIR...] [--bin PATH] [--pack NAME] [--markdown]
                                      [--json FILE] [--env NAME]... [--site-packages-from VENVS]
                                      [--whole-repository]

Each DIR is a project directory (holding cases.json, tree/ and envs/) or a folder of project
directories. For every case the script runs
    parapet scan DIR/tree --pack owasp-django --format json --no-config --env-file DIR/<env_file>
(binary: --bin, default .build/debug/parapet; pack: --pack, default owasp-django) and compares.
A case may also say what the recording machine had outside the project folder: `server_dirs`
(server folder -> folder of DIR, passed as --server-dir) and `server_missing` (absent paths,
passed as --server-missing).

With --site-packages-from VENVS, a project P whose recording virtualenv is VENVS/P (the one
Django's check ran in) is also scanned with --site-packages VENVS/P/lib/pythonX.Y/site-packages:
what Parapet decides when the user gives the packages installed where Django runs.

With --whole-repository, a project that keeps `src/` (the whole checkout Django ran in, with the
files created for the environments) is scanned there instead of in `tree/`: what a user who scans
the repository they deploy gets. Projects without `src/` are scanned in `tree/` as before.

Parapet's ids are the Django check ids of its failing findings: the finding's `django_check` field
when present, else its `django:<id>` references. Django's ids are `expected_django` plus
`expected_security` (Django's own checks), plus those `out_of_scope` ids (third-party checks such
as corsheaders.*) that the pack implements (that is, that some finding of the scan names).

For a `settings-import-error` case Django ran no check: Parapet must report that the settings do
not load (the DJ-LOAD finding fails) and fail no Django check.

Each difference is classified:
  wrong          a confident wrong answer: Parapet failed a check Django did not print (extra),
                 or decided pass/not_applicable for a check Django printed (missing), or decided
                 that the settings load / do not load against what Django did;
  unknown        Parapet reported the check as unknown (or error): not a wrong answer, counted;
  unimplemented  Django printed an id that no Parapet rule names.
Verdict per case: `match`, `unknown`, `unimplemented` or `WRONG` (the worst class present), or
`ERROR` when the scan produced no JSON report, `skipped` for a case where Django printed no result
(outcome `check-crashed`: one of Django's checks raised). Exit status 0 only when every compared
case matches, 1 on any difference, 2 when nothing can be scanned (no binary, bad arguments).
--markdown prints the result table for docs; --json FILE writes every case's details.
"""
import glob
import json
import os
import subprocess
import sys

LOAD_RULE = "DJ-LOAD"
UNKNOWN_STATUSES = {"unknown", "error"}


def django_ids(finding):
    """The Django check ids a finding stands for."""
    named = finding.get("django_check")
    if isinstance(named, str) and named:
        return [named]
    if isinstance(named, list):
        return [n for n in named if isinstance(n, str)]
    return [r[len("django:"):] for r in finding.get("references", [])
            if isinstance(r, str) and r.startswith("django:") and len(r) > len("django:")]


def project_dirs(paths):
    found = []
    for path in paths:
        if os.path.isfile(os.path.join(path, "cases.json")):
            found.append(path)
        elif os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if os.path.isfile(os.path.join(path, name, "cases.json")):
                    found.append(os.path.join(path, name))
        else:
            print(f"{path}: not a project directory (no cases.json) nor a folder of them", file=sys.stderr)
            sys.exit(2)
    return found


def scan(binary, pack, tree, env_file, server=()):
    command = [binary, "scan", tree, "--pack", pack, "--format", "json", "--no-config",
               "--env-file", env_file, *server]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        return None, "timed out after 300 s"
    except OSError as error:
        print(f"real-django-compare: cannot run {binary}: {error.strerror} (build it, or pass --bin PATH)",
              file=sys.stderr)
        sys.exit(2)
    try:
        return json.loads(result.stdout), None
    except json.JSONDecodeError:
        line = (result.stderr.strip().splitlines() or [f"exit {result.returncode}, no output"])[-1]
        return None, f"exit {result.returncode}: {line}"


def server_options(project, case, whole=False):
    """What the recording machine had outside the project folder, as Parapet's options:
    `server_dirs` (server folder -> folder of the project directory, e.g. a volume's stand-in
    bind-mounted there while Django ran) and `server_missing` (paths absent there). With `whole`,
    a stand-in under `tree/` is taken from `src/`, which holds the created files too (Parapet
    wants it inside the scanned folder)."""
    options = []
    for server, local in sorted(case.get("server_dirs", {}).items()):
        parts = local.split("/", 1)
        if whole and parts[0] == "tree" and os.path.isdir(os.path.join(project, "src")):
            local = os.path.join("src", *parts[1:])
        options += ["--server-dir", f"{server}={os.path.join(project, local)}"]
    for path in case.get("server_missing", []):
        options += ["--server-missing", path]
    return options


def site_packages(venvs, project):
    """The site-packages folder of project's recording virtualenv under venvs, as options."""
    if not venvs:
        return []
    lib = os.path.join(venvs, os.path.basename(os.path.abspath(project)), "lib")
    found = sorted(glob.glob(os.path.join(lib, "python*", "site-packages")))
    return ["--site-packages", found[-1]] if found else []


def scanned_folder(project, case, whole):
    """The folder a case scans: its `scan` folder (default `tree`), or with `whole` the same
    folder inside `src/` when the project keeps the whole checkout there."""
    scan_dir = case.get("scan", "tree")
    if whole and os.path.isdir(os.path.join(project, "src")):
        parts = scan_dir.split("/", 1)
        if parts[0] == "tree":
            return os.path.join(project, "src", *parts[1:])
    return os.path.join(project, scan_dir)


def compare_case(project, data, case, binary, pack, venvs=None, whole=False):
    tree = scanned_folder(project, case, whole)
    env_file = os.path.join(project, case["env_file"])
    report, error = scan(binary, pack, tree, env_file, server_options(project, case, whole) + site_packages(venvs, project))
    row = {"project": os.path.basename(os.path.abspath(project)), "env": case["env"],
           "outcome": case.get("outcome", "-"), "django": [], "parapet": [], "missing": [], "extra": [],
           "unknown": [], "wrong": [], "unimplemented": [], "notes": []}
    if "outcome" not in case:
        row["verdict"] = "skipped"
        row["notes"].append("not recorded yet (no outcome in cases.json)")
        return row
    if case["outcome"] not in ("checks-ran", "settings-import-error"):
        row["verdict"] = "skipped"
        row["notes"].append(f"Django printed no result ({case['outcome']}: {case.get('django_error', '')})")
        return row
    if report is None:
        row["verdict"] = "ERROR"
        row["notes"].append(error)
        return row
    status = {}        # Django id -> worst status among the findings naming it
    load = None
    rank = {"fail": 4, "unknown": 3, "error": 3, "not_applicable": 1, "pass": 0, "waived": 2}
    findings = [f for p in report.get("packs", []) for f in p.get("findings", [])]
    for finding in findings:
        if finding.get("rule") == LOAD_RULE:
            load = finding
        for check in django_ids(finding):
            current = status.get(check)
            if current is None or rank.get(finding.get("status"), 3) > rank.get(current, 3):
                status[check] = finding.get("status")
    parapet = sorted(c for c, s in status.items() if s == "fail")
    row["parapet"] = parapet
    row["load"] = load.get("status") if load else None
    row["load_message"] = load.get("message", "") if load else ""
    implemented = set(status)
    if case["outcome"] == "settings-import-error":
        row["django"] = ["(settings do not load)"]
        load_status = load.get("status") if load else None
        if load_status == "fail":
            pass
        elif load_status in UNKNOWN_STATUSES or load is None:
            row["unknown"].append(f"{LOAD_RULE}: {load_status or 'absent'}")
        else:
            row["wrong"].append(f"{LOAD_RULE}: {load_status} (Django: {case.get('django_error', 'import error')})")
        row["extra"] = parapet
        row["wrong"] += [f"{c}: fail" for c in parapet]
    else:
        expected = set(case.get("expected_django", [])) | set(case.get("expected_security", []))
        expected |= {c for c in case.get("out_of_scope", []) if c in implemented}
        row["django"] = sorted(expected)
        printed = set(case.get("expected_ids", [])) | expected
        if load is not None and load.get("status") == "fail":
            row["wrong"].append(f"{LOAD_RULE}: fail ({load.get('message', '')})")
        row["extra"] = sorted(c for c in parapet if c not in printed)
        row["wrong"] += [f"{c}: fail" for c in row["extra"]]
        row["missing"] = sorted(c for c in expected if c not in parapet)
        for check in row["missing"]:
            if check not in implemented:
                row["unimplemented"].append(check)
            elif status[check] in UNKNOWN_STATUSES:
                row["unknown"].append(f"{check}: {status[check]}")
            else:
                row["wrong"].append(f"{check}: {status[check]}")
    # Messages of the findings behind each difference, to classify the cause.
    for finding in findings:
        ids = django_ids(finding)
        if any(c in row["missing"] or c in row["extra"] for c in ids):
            where = finding.get("location") or {}
            place = f"{where.get('file')}:{where.get('line')}" if where else "-"
            row["notes"].append(f"{finding.get('rule')} {finding.get('status')} @ {place}: {finding.get('message', '')}")
    if row["wrong"]:
        row["verdict"] = "WRONG"
    elif row["unknown"]:
        row["verdict"] = "unknown"
    elif row["unimplemented"]:
        row["verdict"] = "unimplemented"
    else:
        row["verdict"] = "match"
    return row


def short(ids):
    return " ".join(i.replace("security.", "s.") for i in ids) or "-"


def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2
    binary, pack, markdown, json_out, only, dirs = ".build/debug/parapet", "owasp-django", False, None, [], []
    venvs, whole = None, False
    while args:
        arg = args.pop(0)
        if arg == "--bin":
            binary = args.pop(0)
        elif arg == "--pack":
            pack = args.pop(0)
        elif arg == "--markdown":
            markdown = True
        elif arg == "--json":
            json_out = args.pop(0)
        elif arg == "--env":
            only.append(args.pop(0))
        elif arg == "--site-packages-from":
            venvs = args.pop(0)
        elif arg == "--whole-repository":
            whole = True
        elif arg.startswith("--"):
            print(f"real-django-compare: unknown option {arg}", file=sys.stderr)
            sys.exit(2)
        else:
            dirs.append(arg)
    rows = []
    for project in project_dirs(dirs):
        with open(os.path.join(project, "cases.json"), encoding="utf-8") as handle:
            data = json.load(handle)
        for case in data["cases"]:
            if only and case["env"] not in only:
                continue
            row = compare_case(project, data, case, binary, pack, venvs, whole)
            row["commit"] = data.get("commit")
            rows.append(row)
    if markdown:
        print("| project | env | Django | Parapet | missing | extra | unknown | verdict |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['project']} | {r['env']} | {short(r['django'])} | {short(r['parapet'])} | "
                  f"{short(r['missing'])} | {short(r['extra'])} | {short(r['unknown'])} | {r['verdict']} |")
    else:
        for r in rows:
            print(f"{r['verdict']:<13} {r['project']}/{r['env']} ({r['outcome']})")
            print(f"    django : {' '.join(r['django']) or '-'}")
            print(f"    parapet: {' '.join(r['parapet']) or '-'}")
            for key in ("missing", "extra", "wrong", "unknown", "unimplemented"):
                if r[key]:
                    print(f"    {key:<8}: {'; '.join(r[key])}")
            for note in r["notes"]:
                print(f"      {note}")
    counts = {}
    for r in rows:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    wrong = sum(len(r["wrong"]) for r in rows)
    unknown = sum(len(r["unknown"]) for r in rows)
    unimplemented = sum(len(r["unimplemented"]) for r in rows)
    summary = (f"{counts.get('match', 0)}/{len(rows)} cases match; verdicts "
               + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
               + f"; confident wrong answers {wrong}, unknown {unknown}, unimplemented {unimplemented}")
    print(("\n" if markdown else "") + summary)
    if json_out:
        with open(json_out, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=1)
            handle.write("\n")
    compared = [r for r in rows if r["verdict"] != "skipped"]
    return 0 if compared and all(r["verdict"] == "match" for r in compared) else 1


if __name__ == "__main__":
    sys.exit(main())
