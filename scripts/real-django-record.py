#!/usr/bin/env python3
"""Re-runs Django's real `manage.py check --deploy` for every case of a real-project directory and
rewrites the case's recorded ids in its cases.json, so the Django measurement is reproducible.

usage: scripts/real-django-record.py PROJECT_DIR --venv VENV [--run-tree DIR] [--env NAME]...
                                     [--dry-run]

PROJECT_DIR has the layout of /work/shared/conformance/real-django/<project>: `tree/`,
`envs/<env>.env` (single-quoted dotenv files holding the whole environment, including
DJANGO_SETTINGS_MODULE), and `cases.json` (project fields `manage_py_dir`, optional `run_tree`;
per case `env`, `env_file`, `settings_module`).

Django runs in `--run-tree` (default: the project's `run_tree` field, else `tree`): a full checkout
of the upstream repository at the recorded commit when the project's apps must be importable for
the checks to run, because `tree/` keeps only the settings and the files they read. The process
environment is clean: `env -i` with PATH (the venv's bin first) and exactly the env file's
variables. VENV is a virtualenv holding the Django version the project pins and what importing its
settings and apps needs.

For each case the script records `expected_ids` (every id Django printed, sorted, de-duplicated),
split into `expected_security` (security.*), `expected_django` (ids of Django's own check tags) and
`out_of_scope` (third-party and project ids); `outcome` (`checks-ran`; `settings-import-error`
when Django never reached the checks; `check-crashed` when a check itself raised, so Django printed
no result), `django_exit_code`, `silenced_count`, and for an import
error the last line of the traceback as `django_error`. `--dry-run` prints without writing.
"""
import json
import os
import re
import subprocess
import sys

# Tags of the checks that Django itself registers (django/core/checks and django.contrib apps).
DJANGO_TAGS = {
    "4_0", "admin", "async", "auth", "caches", "contenttypes", "csrf", "database", "fields",
    "files", "mail", "models", "postgres", "security", "sessions", "signals", "sites",
    "staticfiles", "templates", "translation", "urls",
}
# Django's compatibility checks are tagged by release (`1_8.W001`, `4_0.E001`). `gis` is left
# out on purpose: gis.W001 warns about the machine's GDAL, not about the project.
RELEASE_TAG = re.compile(r"^\d+_\d+$")


def is_django_tag(tag):
    return tag in DJANGO_TAGS or bool(RELEASE_TAG.match(tag))


ID_PATTERN = re.compile(r"^\S.*?: \(([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*\.[A-Z]\d{3})\) ", re.M)
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Configured|Exit)(: |$)")
SUMMARY = re.compile(r"System check identified (?:no issues|(\d+) issues?) \((\d+) silenced\)")


def read_env_file(path):
    """Parses the single-quoted (literal) dotenv files of this layout."""
    env = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            name, sep, value = line.partition("=")
            if not sep:
                sys.exit(f"{path}:{number}: expected NAME='value'")
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            env[name.strip()] = value
    return env


def run_case(project, data, case, venv, run_tree):
    env = read_env_file(os.path.join(project, case["env_file"]))
    env["PATH"] = os.path.join(os.path.abspath(venv), "bin") + ":/usr/local/bin:/usr/bin:/bin"
    cwd = os.path.join(run_tree, data.get("manage_py_dir", ".") or ".")
    python = os.path.join(os.path.abspath(venv), "bin", "python")
    command = ["env", "-i"] + [f"{k}={v}" for k, v in sorted(env.items())] + \
              [python, "manage.py", "check", "--deploy"]
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    output = result.stdout + "\n" + result.stderr
    ids = sorted(set(ID_PATTERN.findall(output)))
    summary = SUMMARY.search(output)
    ran = summary is not None or "SystemCheckError" in output
    crashed = not ran and "run_checks" in result.stderr
    # When the settings fail to load, Django keeps the error aside and runs the command anyway:
    # the first check that reads a setting then loads them again and raises (Django 3.1 and
    # older raise ImproperlyConfigured there for an empty SECRET_KEY; a missing settings module
    # raises ImportError). The last traceback then passes through LazySettings._setup: the
    # settings do not load, no check itself crashed.
    last = result.stderr.rsplit("Traceback (most recent call last):", 1)[-1]
    if crashed and re.search(r"django/conf/__init__\.py\", line \d+, in _setup\n", last):
        crashed = False
    settings_error = None
    if crashed and "AppRegistryNotReady" in last:
        # Django skipped django.setup() because the settings did not load (it keeps that error
        # aside), so the first check that touches the models raises AppRegistryNotReady (seen
        # with Django 2.2 and an empty SECRET_KEY). Loading the settings alone tells which.
        probe = subprocess.run(
            ["env", "-i"] + [f"{k}={v}" for k, v in sorted(env.items())]
            + [python, "-c", "from django.conf import settings; settings.INSTALLED_APPS"],
            cwd=cwd, capture_output=True, text=True, timeout=600)
        if probe.returncode != 0:
            crashed = False
            lines = [l for l in probe.stderr.strip().splitlines() if EXCEPTION_LINE.match(l)]
            settings_error = lines[-1].strip() if lines else None
    case["outcome"] = "checks-ran" if ran else ("check-crashed" if crashed else "settings-import-error")
    case["comparable"] = ran
    case["expected_ids"] = ids if ran else []
    case["expected_security"] = [i for i in case["expected_ids"] if i.startswith("security.")]
    case["expected_django"] = [i for i in case["expected_ids"] if is_django_tag(i.split(".")[0])]
    case["out_of_scope"] = [i for i in case["expected_ids"] if not is_django_tag(i.split(".")[0])]
    case["django_exit_code"] = result.returncode
    silenced = re.search(r"\((\d+) silenced\)", output)
    case["silenced_count"] = int(silenced.group(1)) if silenced else 0
    if ran:
        case.pop("django_error", None)
    else:
        lines = [l for l in result.stderr.strip().splitlines() if l.strip()]
        # The exception line (its message may span more lines after it).
        raised = [l for l in lines if EXCEPTION_LINE.match(l)]
        chosen = raised[-1] if raised else (lines[-1] if lines else "")
        case["django_error"] = settings_error or chosen.strip() or f"exit {result.returncode}, no output"
    return case


def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2
    project = args.pop(0)
    venv, run_tree, only, dry = None, None, [], False
    while args:
        flag = args.pop(0)
        if flag == "--venv":
            venv = args.pop(0)
        elif flag == "--run-tree":
            run_tree = args.pop(0)
        elif flag == "--env":
            only.append(args.pop(0))
        elif flag == "--dry-run":
            dry = True
        else:
            sys.exit(f"unknown argument {flag}")
    if venv is None:
        sys.exit("--venv VENV is required")
    path = os.path.join(project, "cases.json")
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    run_tree = os.path.abspath(run_tree or os.path.join(project, data.get("run_tree", "tree")))
    version = subprocess.run([os.path.join(venv, "bin", "python"), "-c",
                              "import django, platform, sys; sys.stdout.write(django.get_version() + ' ' + platform.python_version() + '\\n')"],
                             capture_output=True, text=True).stdout.split()
    if len(version) == 2:
        data["django_version"], data["python_version"] = version
    for case in data["cases"]:
        if only and case["env"] not in only:
            continue
        run_case(project, data, case, venv, run_tree)
        detail = case.get("django_error", "")
        print(f"{os.path.basename(os.path.abspath(project))}/{case['env']}: {case['outcome']} "
              f"exit {case['django_exit_code']} {case['expected_ids']} {detail}")
    if not dry:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, sort_keys=False)
            handle.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
