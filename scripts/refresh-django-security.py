#!/usr/bin/env python3
"""Builds Policies/django-deployment/data/django-security.json from Django's security data.

Input: the CVE index derived from Django's own `docs/releases/security.txt` and per-release notes
(default: ../shared/data/django-security-index.json, or the path given as the first argument).
Output: one record per CVE with its date, severity, summary, advisory link, affected branches and
the point release that fixes it on each branch, plus the newest release of each branch and the
end-of-support dates of each series, so the pack's rules can decide offline and reproducibly.

Run through `make refresh-django-security` (target name proposed to the lead) or directly:
    python3 scripts/refresh-django-security.py [INDEX.json] [OUTPUT.json]
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_INPUT = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "django-security-index.json"))
DEFAULT_OUTPUT = os.path.normpath(os.path.join(HERE, "..", "Policies", "django-deployment", "data", "django-security.json"))

# End of security support per series, from Django's published roadmap as summarized by
# endoflife.date (checked 2026-04-10); series not listed here ended before 4.2. Update this table
# when Django publishes a new feature release.
END_OF_SUPPORT = {
    "6.1": "2027-12-31",
    "6.0": "2027-04-30",
    "5.2": "2028-04-30",
    "5.1": "2025-12-03",
    "5.0": "2025-04-02",
    "4.2": "2026-04-30",
    "4.1": "2023-12-01",
    "4.0": "2023-04-01",
    "3.2": "2024-04-01",
}


def version_key(text):
    """Sort key for plain X.Y[.Z] release numbers (the notes only use final releases)."""
    return tuple(int(part) for part in re.findall(r"\d+", text))


def series_of(version):
    parts = version.split(".")
    return ".".join(parts[:2])


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_INPUT
    target = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUTPUT
    with open(source, encoding="utf-8") as handle:
        index = json.load(handle)

    releases = index["releases"]
    # Severity and title of each CVE from the first release note that rates it.
    rated = {}
    for version in sorted(releases, key=version_key):
        note = releases[version]
        for entry in note.get("cves", []):
            record = rated.setdefault(entry["cve"], {"title": entry.get("title"), "severity": None, "date": note.get("date")})
            if record["severity"] is None and entry.get("severity"):
                record["severity"] = entry["severity"]

    cves = {}
    for entry in index["archive_entries"]:
        for cve in entry.get("cves", []):
            cves[cve] = {
                "cve": cve,
                "date": entry.get("date"),
                "summary": entry.get("summary"),
                "advisory_url": entry.get("advisory_url"),
                "advisory_only": bool(entry.get("advisory_only")),
                "branches": sorted({item["branch"] for item in entry.get("affected", [])}, key=version_key),
            }
    # CVEs fixed in the newest releases may not be in the archive yet.
    for cve, fixed in index["cve_fixed_in"].items():
        if cve not in cves:
            info = rated.get(cve, {})
            cves[cve] = {
                "cve": cve,
                "date": info.get("date"),
                "summary": info.get("title"),
                "advisory_url": None,
                "advisory_only": False,
                "branches": [],
            }

    records = []
    for cve, record in cves.items():
        fixed = index["cve_fixed_in"].get(cve, [])
        fixed_by_series = {series_of(version): version for version in fixed}
        branches = sorted(set(record["branches"]) | set(fixed_by_series), key=version_key)
        info = rated.get(cve, {})
        severity = info.get("severity")
        if severity == "medium":
            severity = "moderate"
        records.append({
            "cve": cve,
            "date": record["date"],
            "severity": severity,
            "summary": record["summary"] or info.get("title"),
            "advisory_url": record["advisory_url"],
            "advisory_only": record["advisory_only"],
            "affected_branches": branches,
            "fixed_in": fixed_by_series,
        })
    records.sort(key=lambda item: (item["date"] or "", item["cve"]), reverse=True)

    latest = {}
    for version in releases:
        series = series_of(version)
        if series not in latest or version_key(version) > version_key(latest[series]):
            latest[series] = version
    as_of = max(note["date"] for note in releases.values() if note.get("date"))

    output = {
        "source": "Derived from Django's docs/releases/security.txt and release notes (Django 6.1.3 sdist) by scripts/refresh-django-security.py",
        "as_of": as_of,
        "series": {
            series: {"latest": latest[series], "end_of_support": END_OF_SUPPORT.get(series)}
            for series in sorted(latest, key=version_key)
        },
        "cves": records,
    }
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(output, handle, indent=1, sort_keys=False)
        handle.write("\n")
    print(f"{target}: {len(records)} CVEs, {len(latest)} series, as of {as_of}")


if __name__ == "__main__":
    main()
