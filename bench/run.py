#!/usr/bin/env python3
"""Parapet benchmarks: every reference tool in the same run, on the same inputs, on this machine.

    python3 bench/run.py [--quick] [--runs N] [--only observatory,django,rego,scale]

Needs the release binary (.build-release/release/parapet) and bench/.venv with the reference
tools: `make bench` does both (see the Makefile). Inputs are generated under
bench/out/ with a fixed seed and reused. Results: printed, and written to bench/out/results.json.

Timing: wall clock and CPU time (user + system, from wait4's rusage for child processes and
time.process_time() inside Python). On a shared machine CPU time is the steadier of the two, so
per-core throughputs are "items per CPU-second"; wall times are medians of --runs runs.
Peak memory is the child's ru_maxrss (the number `/usr/bin/time -v` prints).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import gen  # noqa: E402

SEED = 8
OUT = os.path.join(HERE, "out")
BIN = os.path.join(ROOT, ".build-release", "release", "parapet")
PY = os.path.join(HERE, ".venv", "bin", "python")
DJANGO_CASES = "/work/shared/conformance/django"


def loadavg():
    with open("/proc/loadavg", encoding="utf-8") as handle:
        return " ".join(handle.read().split()[:3])


def run(cmd, cwd=None, env=None, stdout=subprocess.DEVNULL, stdin=None):
    """Runs cmd; returns wall seconds, CPU seconds (user+sys), max RSS in KiB, exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE, stdin=stdin)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss,
            "code": code, "stderr": stderr}


def repeat(runs, fn):
    """Runs fn() `runs` times; returns the medians of wall and cpu and the largest RSS."""
    results = [fn() for _ in range(runs)]
    return {"wall": statistics.median(r["wall"] for r in results),
            "cpu": statistics.median(r["cpu"] for r in results),
            "rss_kb": max(r.get("rss_kb", 0) for r in results),
            "runs": len(results), "code": results[-1].get("code", 0)}


def python_json(cmd):
    """Runs a Python reference driver that prints one JSON object; returns it."""
    output = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def parapet_batch(listing, pack, jobs, output):
    return run([BIN, "scan", "--bundles", listing, "--pack", pack, "--jobs", str(jobs), "--no-config",
                "--output", output], cwd=ROOT)


def check_exit(result, allowed, what):
    if result["code"] not in allowed:
        raise SystemExit("%s exited with %s:\n%s" % (what, result["code"], result["stderr"][-2000:]))


# ---------------------------------------------------------------------------------------------

def bench_observatory(args):
    count = 240 if args.quick else 1200
    paths, listing = gen.observatory_inputs(OUT, count, SEED)
    # httpobs as shipped rebuilds the public suffix list for every external <script> of a page,
    # which makes it slow enough that every 10th response (a fixed, representative subset) is
    # what it grades; its cached-PSL variant grades them all.
    subset = os.path.join(OUT, "observatory-subset.txt")
    with open(subset, "w", encoding="utf-8") as handle:
        handle.write("\n".join(paths[::10]) + "\n")
    jsonl = os.path.join(OUT, "observatory.jsonl")
    load_before = loadavg()
    parapet1 = repeat(args.runs, lambda: parapet_batch(listing, "mozilla-observatory", 1, jsonl))
    check_exit(parapet1, (0, 1), "parapet scan (observatory)")
    parapet2 = repeat(args.runs, lambda: parapet_batch(listing, "mozilla-observatory", 2, jsonl))
    stock_dump = os.path.join(OUT, "httpobs-grades.json")
    stock = python_json([PY, os.path.join(HERE, "httpobs_grade.py"), subset, "--dump", stock_dump])
    cached = [python_json([PY, os.path.join(HERE, "httpobs_grade.py"), listing, "--cache-psl"])
              for _ in range(args.runs)]
    cached_cpu = statistics.median(c["cpu_seconds"] for c in cached)
    cached_wall = statistics.median(c["seconds"] for c in cached)
    # Grades side by side (httpobs 0.9.3 is the old Observatory; Parapet's pack follows MDN's
    # current scoring, so the letters differ where the scoring tables changed).
    parapet_grades = {}
    with open(jsonl, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            packs = record.get("packs") or [{}]
            parapet_grades[record["bundle"]] = packs[0].get("grade")
    with open(stock_dump, encoding="utf-8") as handle:
        stock_grades = json.load(handle)
    same = sum(1 for path, grade in stock_grades.items() if parapet_grades.get(path) == grade)
    result = {
        "responses": count, "load_before": load_before, "load_after": loadavg(),
        "parapet_jobs1": parapet1, "parapet_jobs2": parapet2,
        "parapet_per_cpu_second": count / parapet1["cpu"],
        "parapet_per_second_1_job": count / parapet1["wall"],
        "parapet_per_second_2_jobs": count / parapet2["wall"],
        "httpobs_responses": stock["count"], "httpobs_cpu": stock["cpu_seconds"], "httpobs_wall": stock["seconds"],
        "httpobs_per_cpu_second": stock["count"] / stock["cpu_seconds"],
        "httpobs_cached_psl_per_cpu_second": count / cached_cpu,
        "httpobs_cached_psl_wall": cached_wall,
        "grade_agreement": "%d/%d" % (same, len(stock_grades)),
    }
    result["ratio_per_core"] = result["parapet_per_cpu_second"] / result["httpobs_per_cpu_second"]
    result["ratio_per_core_vs_cached_psl"] = result["parapet_per_cpu_second"] / result["httpobs_cached_psl_per_cpu_second"]
    return result


def django_cases(limit):
    with open(os.path.join(DJANGO_CASES, "index.json"), encoding="utf-8") as handle:
        index = json.load(handle)
    # Cases that ran on Django 5.2.19 (the version in bench/.venv) without crashing.
    cases = [case for case in index if not case.get("crash")
             and "<crash>" not in case.get("by_version", {}).get("5.2.19", [])]
    return cases[:limit] if limit else cases


def bench_django(args):
    cases = django_cases(8 if args.quick else 0)
    envs = os.path.join(OUT, "django-env")
    os.makedirs(envs, exist_ok=True)
    load_before = loadavg()
    rows = []
    for case in cases:
        folder = os.path.join(DJANGO_CASES, case["case"])
        project = os.path.join(folder, "project")
        variables = {}
        if os.path.exists(os.path.join(folder, "env.json")):
            with open(os.path.join(folder, "env.json"), encoding="utf-8") as handle:
                variables = json.load(handle)
        env_file = os.path.join(envs, case["case"] + ".env")
        with open(env_file, "w", encoding="utf-8") as handle:
            for name, value in sorted(variables.items()):
                handle.write("%s=%s\n" % (name, json.dumps(value)))
        # The conformance README's clean environment for manage.py.
        clean = {"PATH": "/usr/bin:/bin", "HOME": OUT, "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1",
                 "DJANGO_SETTINGS_MODULE": case["settings_module"]}
        clean.update(variables)
        django = repeat(args.runs, lambda: run([PY, "manage.py", "check", "--deploy"], cwd=project, env=clean))
        parapet = repeat(args.runs, lambda: run(
            [BIN, "scan", ".", "--pack", "owasp-django", "--no-config", "--format", "json",
             "--env-file", env_file, "--django-settings", case["settings_module"]],
            cwd=project, env={"PATH": "/usr/bin:/bin", "HOME": OUT, "PARAPET_HOME": ROOT}))
        rows.append({"case": case["case"], "django_wall": django["wall"], "django_cpu": django["cpu"],
                     "django_code": django["code"], "parapet_wall": parapet["wall"],
                     "parapet_cpu": parapet["cpu"], "parapet_code": parapet["code"],
                     "parapet_rss_kb": parapet["rss_kb"], "django_rss_kb": django["rss_kb"],
                     "ratio": django["wall"] / parapet["wall"]})
    return {
        "projects": len(rows), "load_before": load_before, "load_after": loadavg(), "rows": rows,
        "django_median_wall": statistics.median(r["django_wall"] for r in rows),
        "parapet_median_wall": statistics.median(r["parapet_wall"] for r in rows),
        "django_median_cpu": statistics.median(r["django_cpu"] for r in rows),
        "parapet_median_cpu": statistics.median(r["parapet_cpu"] for r in rows),
        "ratio_median": statistics.median(r["ratio"] for r in rows),
        "ratio_worst": min(r["ratio"] for r in rows),
        "ratio_cpu": statistics.median(r["django_cpu"] for r in rows) / statistics.median(r["parapet_cpu"] for r in rows),
    }


def bench_rego(args):
    count = 300 if args.quick else 1000
    _, listing = gen.policy_inputs(OUT, count, SEED)
    jsonl = os.path.join(OUT, "policy.jsonl")
    load_before = loadavg()
    parapet = repeat(args.runs, lambda: parapet_batch(listing, os.path.join(HERE, "packs", "policy-bench"), 1, jsonl))
    check_exit(parapet, (0, 1), "parapet scan (policy-bench)")
    dump = os.path.join(OUT, "rego-findings.json")
    rego = [python_json([PY, os.path.join(HERE, "rego_eval.py"), listing, "--dump", dump]) for _ in range(args.runs)]
    rego_cpu = statistics.median(r["cpu_seconds"] for r in rego)
    # Same verdicts: every bundle's failing messages per rule, from both engines.
    with open(dump, encoding="utf-8") as handle:
        expected = json.load(handle)
    mismatches = 0
    with open(jsonl, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            found = {rule: [] for rule in expected[record["bundle"]]}
            for finding in record["packs"][0]["findings"]:
                if finding["status"] == "fail":
                    found[finding["rule"]].append(finding["message"])
            # Rego rules are sets: the same message twice is one element.
            if {k: sorted(set(v)) for k, v in found.items()} != expected[record["bundle"]]:
                mismatches += 1
    evaluations = count * 12
    result = {"documents": count, "rules": 12, "evaluations": evaluations,
              "load_before": load_before, "load_after": loadavg(),
              "parapet": parapet, "rego_cpu": rego_cpu,
              "rego_wall": statistics.median(r["seconds"] for r in rego),
              "parapet_evaluations_per_cpu_second": evaluations / parapet["cpu"],
              "rego_evaluations_per_cpu_second": evaluations / rego_cpu,
              "verdict_mismatches": mismatches}
    result["ratio"] = result["parapet_evaluations_per_cpu_second"] / result["rego_evaluations_per_cpu_second"]
    return result


def bench_scale(args):
    load_before = loadavg()
    result = {"load_before": load_before}
    # One project, process start to exit (every shipped pack that applies, text report).
    acme = os.path.join(ROOT, "Examples", "acme-shop")
    if os.path.isdir(acme):
        single = repeat(max(args.runs, 5), lambda: run(
            [BIN, "scan", acme, "--env-file", os.path.join(acme, "prod.env"), "--no-color"], cwd=ROOT))
        result["single_project_acme_shop"] = single
    django = os.path.join(DJANGO_CASES, "hardened-production", "project")
    result["single_project_django_pack"] = repeat(max(args.runs, 5), lambda: run(
        [BIN, "scan", ".", "--pack", "owasp-django", "--no-config", "--django-settings", "mysite.settings"],
        cwd=django))
    # Many bundles in one run: 1k and 10k (every core), throughput and peak memory.
    paths, _ = gen.observatory_inputs(OUT, 240 if args.quick else 1200, SEED)
    counts = (1000, 3000) if args.quick else (1000, 10000)
    for count in counts:
        listing = gen.repeat_list(paths, count, "bundles-%d.txt" % count, OUT)
        jsonl = os.path.join(OUT, "scale-%d.jsonl" % count)
        outcome = run([BIN, "scan", "--bundles", listing, "--pack", "mozilla-observatory", "--no-config",
                       "--output", jsonl], cwd=ROOT)
        check_exit(outcome, (0, 1), "parapet scan --bundles (%d)" % count)
        outcome.pop("stderr")
        outcome["bundles_per_second"] = count / outcome["wall"]
        outcome["bundles_per_cpu_second"] = count / outcome["cpu"]
        result["bundles_%d" % count] = outcome
    # Cost as a bundle grows: 1, 10 and 100 sites of HAR evidence in one bundle.
    sized = gen.sized_bundles(OUT, SEED)
    for factor, folder in sorted(sized.items()):
        outcome = repeat(args.runs, lambda: run(
            [BIN, "scan", folder, "--pack", "mozilla-observatory", "--no-config", "--format", "json"], cwd=ROOT))
        outcome["cpu_per_site_ms"] = outcome["cpu"] * 1000 / factor
        result["size_x%d" % factor] = outcome
    result["load_after"] = loadavg()
    return result


# ---------------------------------------------------------------------------------------------

def report(results):
    lines = ["", "== Parapet benchmarks (%s; %d cores; load before/after shown per section)" % (
        time.strftime("%Y-%m-%d %H:%M"), os.cpu_count())]
    if "observatory" in results:
        o = results["observatory"]
        lines += [
            "-- Observatory grading: %d responses (load %s -> %s)" % (o["responses"], o["load_before"], o["load_after"]),
            "   parapet --jobs 1      %8.0f responses/CPU-s  (%.0f/s wall; --jobs 2: %.0f/s wall)" % (
                o["parapet_per_cpu_second"], o["parapet_per_second_1_job"], o["parapet_per_second_2_jobs"]),
            "   httpobs 0.9.3         %8.1f responses/CPU-s  (%d responses, %.1f CPU-s)" % (
                o["httpobs_per_cpu_second"], o["httpobs_responses"], o["httpobs_cpu"]),
            "   httpobs, PSL cached   %8.0f responses/CPU-s" % o["httpobs_cached_psl_per_cpu_second"],
            "   RATIO per core: %.0fx httpobs (goal >= 50x); %.2fx httpobs with its PSL reload fixed" % (
                o["ratio_per_core"], o["ratio_per_core_vs_cached_psl"]),
            "   same letter grade on %s responses (httpobs 0.9.3 predates MDN's current scoring)" % o["grade_agreement"],
        ]
    if "django" in results:
        d = results["django"]
        lines += [
            "-- Django audit: %d projects, wall per project incl. start-up (load %s -> %s)" % (
                d["projects"], d["load_before"], d["load_after"]),
            "   manage.py check --deploy  median %.3f s (CPU %.3f s)" % (d["django_median_wall"], d["django_median_cpu"]),
            "   parapet --pack owasp-django median %.3f s (CPU %.3f s)" % (d["parapet_median_wall"], d["parapet_median_cpu"]),
            "   RATIO: median %.1fx, worst project %.1fx, CPU %.1fx (goal >= 20x)" % (
                d["ratio_median"], d["ratio_worst"], d["ratio_cpu"]),
        ]
    if "rego" in results:
        r = results["rego"]
        lines += [
            "-- Policy evaluation: %d rules x %d documents (load %s -> %s)" % (
                r["rules"], r["documents"], r["load_before"], r["load_after"]),
            "   parapet (Lua)   %8.0f rule evaluations/CPU-s (process start to exit, JSON Lines out)" % r["parapet_evaluations_per_cpu_second"],
            "   rego-cpp        %8.0f rule evaluations/CPU-s (compiled bundle, in-process)" % r["rego_evaluations_per_cpu_second"],
            "   RATIO: %.2fx (goal > 1x); verdict mismatches: %d" % (r["ratio"], r["verdict_mismatches"]),
        ]
    if "scale" in results:
        s = results["scale"]
        lines.append("-- Whole scans (load %s -> %s)" % (s["load_before"], s["load_after"]))
        if "single_project_acme_shop" in s:
            a = s["single_project_acme_shop"]
            lines.append("   Examples/acme-shop, all packs: median %.3f s wall, %.3f s CPU, %d MiB" % (
                a["wall"], a["cpu"], a["rss_kb"] // 1024))
        a = s["single_project_django_pack"]
        lines.append("   Django project, owasp-django: median %.3f s wall, %.3f s CPU, %d MiB" % (
            a["wall"], a["cpu"], a["rss_kb"] // 1024))
        for key in sorted(k for k in s if k.startswith("bundles_")):
            b = s[key]
            lines.append("   %-13s %6.0f bundles/s wall, %6.0f/CPU-s, peak RSS %d MiB" % (
                key.replace("_", " "), b["bundles_per_second"], b["bundles_per_cpu_second"], b["rss_kb"] // 1024))
        for key in ("size_x1", "size_x10", "size_x100"):
            if key in s:
                b = s[key]
                lines.append("   bundle %-5s  %.3f s wall, %.3f s CPU, %.2f ms CPU per site, %d MiB" % (
                    key[5:], b["wall"], b["cpu"], b["cpu_per_site_ms"], b["rss_kb"] // 1024))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller inputs, for a smoke run")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (medians)")
    parser.add_argument("--only", default="observatory,django,rego,scale")
    args = parser.parse_args()
    if not os.path.exists(BIN):
        raise SystemExit("no release binary at %s: swift build -c release --static-swift-stdlib --scratch-path .build-release" % BIN)
    if not os.path.exists(PY):
        raise SystemExit("no bench/.venv: make bench creates it")
    os.makedirs(OUT, exist_ok=True)
    sections = {"observatory": bench_observatory, "django": bench_django, "rego": bench_rego, "scale": bench_scale}
    results = {"machine": {"cores": os.cpu_count(), "load_at_start": loadavg(),
                           "started": time.strftime("%Y-%m-%dT%H:%M:%S")}}
    for name in args.only.split(","):
        started = time.perf_counter()
        print("== %s ..." % name, file=sys.stderr, flush=True)
        results[name] = sections[name](args)
        print("   done in %.0f s" % (time.perf_counter() - started), file=sys.stderr, flush=True)
    with open(os.path.join(OUT, "results.json"), "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1, sort_keys=True)
    print(report(results))


if __name__ == "__main__":
    main()
