#!/usr/bin/env python3
"""Compares Parapet with the real MDN HTTP Observatory on real captures.

Usage: scripts/real-http-compare.py [DIR ...] [--parapet BIN] [--markdown]

Each DIR holds case folders in the layout of ../shared/conformance/real-http: the capture file as
published and a case.json with its source (repo, commit, path), the site, and the real
Observatory's per-test results and score for algorithm 5 (`v1.6.3`) and 6 (`main`), and/or the
older Python Observatory's (`httpobs-0.9.3`, ALGORITHM_VERSION 2, recorded by
scripts/real-http-record.py). Default DIR: ../shared/conformance/real-http. For every case and
reference key in its `expected` it runs

    parapet scan FILE --pack mozilla-observatory --no-config --format json
        --option mozilla-observatory.algorithm=N

and checks: every test Parapet decides equals the Observatory's result (a different decided
result is a confident wrong answer); the Observatory's score lies in Parapet's score range (and
equals it when nothing is unknown); the headline is the capture's own site; each unknown test
names the evidence that would decide it. Exits 1 when any check fails. A case.json may name
data files under `parapet_data` ({"pack.name": "path relative to the case folder"}); they are
passed as `--data` (the httpobs cases give Parapet httpobs' own HSTS preload list). A decided
result that differs is a failure unless case.json's `explained` ({reference key: {test: {"parapet",
"reference", "why"}}}) names exactly that pair of results with the reason; such rows are counted
apart and printed with the reason, and any other change to either side fails again.

For `httpobs-0.9.3` Parapet runs with algorithm=2 and only the tests both have are compared
(httpobs has no cross-origin-resource-policy; Parapet has no contribute, public-key-pinning or
x-xss-protection). Its score is recomputed over those shared tests, plus Parapet's own decided
cross-origin-resource-policy modifier, with the same production rule (bonuses only when the score
before bonuses is at least 90, floor 0); see docs/conformance.md, "Observatory: real captures".
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(parapet, path, algorithm, data=()):
    extra = [arg for item in data for arg in ("--data", item)]
    out = subprocess.run(
        [parapet, "scan", path, "--pack", "mozilla-observatory", "--no-config", "--format", "json",
         "--option", f"mozilla-observatory.algorithm={algorithm}", *extra],
        capture_output=True, text=True)
    try:
        return json.loads(out.stdout), out.returncode
    except json.JSONDecodeError:
        return None, out.returncode


# Reference key in case.json -> the Parapet algorithm option that reproduces it.
ALGORITHMS = {"v1.6.3": 5, "main": 6, "httpobs-0.9.3": 2}


def production_score(modifiers):
    """The Observatory's score rule: bonuses count only when the score without them is >= 90."""
    with_extra = 100 + sum(modifiers)
    uncurved = 100 + sum(m for m in modifiers if m < 0)
    return max(with_extra if uncurved >= 90 else uncurved, 0)


def shared_score(expected, site):
    """The reference's score over the tests Parapet has; None when a Parapet-only test is unknown."""
    modifiers = []
    for test in site["tests"]:
        if test["test"] in expected["tests"]:
            modifiers.append(expected["scoreModifiers"][test["test"]])
        elif test["result"] == "unknown":
            return None
        else:
            modifiers.append(test.get("score_modifier") or 0)
    return production_score(modifiers)


def compare(case_dir, parapet):
    case = json.load(open(os.path.join(case_dir, "case.json")))
    rows = []
    for key in [k for k in ALGORITHMS if k in case["expected"]]:
        algorithm = ALGORITHMS[key]
        expected = case["expected"][key]
        # Data the reference graded with (httpobs: its own HSTS preload list), given to Parapet too.
        data = [f"{name}={os.path.normpath(os.path.join(case_dir, path))}"
                for name, path in sorted(case.get("parapet_data", {}).items())]
        report, code = run(parapet, os.path.join(case_dir, case["file"]), algorithm, data)
        row = {"case": os.path.basename(case_dir), "source": f'{case["repo"]}@{case["commit"][:10]}:{case["path"]}',
               "algorithm": algorithm, "reference": key, "site": case["site"], "observatory": f'{expected["grade"]} ({expected["score"]})',
               "problems": [], "explained": []}
        rows.append(row)
        if report is None:
            row["problems"].append(f"no JSON report (exit {code})")
            continue
        pack = next((p for p in report["packs"] if p["name"] == "mozilla-observatory"), None)
        if pack is None:
            row["problems"].append("the pack did not run")
            continue
        details = pack.get("details") or {}
        site = next((s for s in details.get("sites", []) if s["target"] == case["site"]), None)
        if site is None:
            row["problems"].append(f"site {case['site']} not graded")
            continue
        if details.get("page") != case["site"]:
            row["problems"].append(f"headline is {details.get('page')}, not the capture's page")
        low, high = site["score_range"]
        row["parapet"] = site["grade"] if site["exact"] else f'{site["grade_range"][0]} to {site["grade_range"][1]}'
        row["range"] = f"{low}–{high}"
        unknown = [t["test"] for t in site["tests"] if t["result"] == "unknown"]
        row["unknown"] = unknown
        row["decided"] = len(site["tests"]) - len(unknown)
        row["decided_tests"] = {t["test"]: t["result"] for t in site["tests"] if t["result"] != "unknown"}
        for test in site["tests"]:
            if test["test"] not in expected["tests"]:
                continue  # a test the reference does not have (httpobs: cross-origin-resource-policy)
            want = expected["tests"][test["test"]]
            if test["result"] != "unknown" and test["result"] != want:
                note = case.get("explained", {}).get(key, {}).get(test["test"])
                if note and note["parapet"] == test["result"] and note["reference"] == want:
                    row["explained"].append(f'{test["test"]}: decided {test["result"]}, reference {want} '
                                            f'({note["why"]})')
                else:
                    row["problems"].append(f'{test["test"]}: decided {test["result"]}, Observatory {want}')
        want_score = expected["score"] if key != "httpobs-0.9.3" else shared_score(expected, site)
        if want_score is not None and want_score != expected["score"]:
            row["observatory"] += f" [{want_score} on shared tests]"
        if want_score is not None and not low <= want_score <= high:
            row["problems"].append(f'score {want_score} outside {low}–{high}')
        if want_score is not None and not unknown and low != want_score:
            row["problems"].append(f'exact score {low} != {want_score}')
        needed = {n["test"] for n in site.get("evidence_needed", []) if n.get("action")}
        if needed != set(unknown):
            row["problems"].append("an unknown test has no evidence action")
    return rows


def main(argv):
    parapet = os.path.join(ROOT, ".build/debug/parapet")
    markdown = False
    dirs = []
    args = iter(argv)
    for arg in args:
        if arg == "--parapet":
            parapet = next(args)
        elif arg == "--markdown":
            markdown = True
        else:
            dirs.append(arg)
    if not dirs:  # ../shared from the main checkout, ../../shared from a worktree under /work/wt
        dirs = [next((d for d in (os.path.join(ROOT, "..", "shared", "conformance", "real-http"),
                                  os.path.join(ROOT, "..", "..", "shared", "conformance", "real-http"))
                      if os.path.isdir(d)), os.path.join(ROOT, "..", "shared", "conformance", "real-http"))]
    rows = []
    for folder in dirs:
        for name in sorted(os.listdir(folder)):
            if os.path.exists(os.path.join(folder, name, "case.json")):
                rows.extend(compare(os.path.join(folder, name), parapet))
    failures = sum(1 for r in rows if r["problems"])
    if markdown:
        print("| capture | reference (alg) | reference grade (score) | Parapet | score range | decided | unknown (evidence asked for) | verdict |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            verdict = "; ".join(r["problems"]) if r["problems"] else (
                "differs, explained: " + "; ".join(r["explained"]) if r["explained"] else "agrees")
            print(f'| {r["case"]} | {r["reference"]} ({r["algorithm"]}) | {r["observatory"]} | {r.get("parapet", "—")} | '
                  f'{r.get("range", "—")} | {r.get("decided", 0)} | {", ".join(r.get("unknown", [])) or "—"} | {verdict} |')
    else:
        for r in rows:
            status = "BAD" if r["problems"] else ("exp" if r["explained"] else "ok ")
            print(f'{status} {r["case"]:34} {r["reference"]:13} alg{r["algorithm"]} observatory={r["observatory"]:8} '
                  f'parapet={r.get("parapet", "-"):8} range={r.get("range", "-"):7} unknown={r.get("unknown", [])} '
                  + "; ".join(r["problems"] + [f"explained: {e}" for e in r["explained"]]))
    explained = sum(1 for r in rows if r["explained"] and not r["problems"])
    print(f"{len(rows) - failures - explained} passed, {explained} differ with a written explanation, "
          f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
