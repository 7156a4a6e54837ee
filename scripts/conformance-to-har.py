#!/usr/bin/env python3
"""Turn the Observatory conformance cases into HAR evidence plus expected results.

Reads every case in ../shared/conformance/observatory/*.json (or the folder given) and writes,
for each case, Tests/ParapetTests/Fixtures/observatory/<case>.har (a HAR 1.2 file shaped like
`parapet capture` output) and <case>.expected.json (what the pack must report for both
algorithms). Run it again whenever the cases change; the output is deterministic.

Usage: python3 scripts/conformance-to-har.py [CASES_DIR] [OUT_DIR]
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEFAULT_CASES = os.path.join(ROOT, "..", "shared", "conformance", "observatory")
DEFAULT_OUT = os.path.join(ROOT, "Tests", "ParapetTests", "Fixtures", "observatory")
CORS_ORIGIN = "https://http-observatory.security.mozilla.org"
STARTED = "2026-01-01T00:00:00.000Z"


def header_list(pairs):
    return [{"name": name, "value": value} for name, value in pairs]


def first_header(pairs, wanted):
    for name, value in pairs:
        if name.lower() == wanted:
            return value
    return None


def entry(method, url, status, headers, body, role=None, cert_valid=None, error=None,
          request_headers=None):
    mime = (first_header(headers, "content-type") or "x-unknown").split(";")[0].strip()
    item = {
        "startedDateTime": STARTED,
        "time": 0,
        "request": {
            "method": method,
            "url": url,
            "httpVersion": "HTTP/1.1",
            "headers": request_headers or [],
            "queryString": [],
            "cookies": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "HTTP/1.1" if status else "",
            "headers": header_list(headers),
            "cookies": [],
            "content": {"size": len((body or "").encode("utf-8")), "mimeType": mime},
            "redirectURL": first_header(headers, "location") or "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 0, "wait": 0, "receive": 0},
    }
    if body is not None:
        item["response"]["content"]["text"] = body
    if role:
        item["_parapet"] = {"role": role}
    if cert_valid is not None and url.startswith("https:"):
        item["_tls"] = {"certificateValid": cert_valid}
    if error:
        item["_error"] = error
    return item


def chain_entries(chain, scheme, site):
    if chain is None:
        return [entry("GET", "%s://%s/" % (scheme, site), 0, [], None, role=scheme,
                      error="connection refused")]
    out = []
    for index, hop in enumerate(chain["chain"]):
        out.append(entry("GET", hop["url"], hop["status"], hop["headers"], hop.get("body"),
                         role=scheme if index == 0 else None,
                         cert_valid=chain.get("cert_valid", True)))
    return out


def expected_for(version):
    if "error" in version and "scan" not in version:
        return {"error": version["error"]}
    scan = version["scan"]
    tests = {}
    for name, test in version["tests"].items():
        tests[name] = {"result": test["result"], "score_modifier": test["scoreModifier"],
                       "pass": test["pass"]}
    return {
        "score": scan["score"], "grade": scan["grade"], "status_code": scan["statusCode"],
        "tests_passed": scan["testsPassed"], "tests_failed": scan["testsFailed"],
        "tests_quantity": scan["testsQuantity"], "tests": tests,
    }


def convert(case):
    data = case["input"]
    site = data["site"]
    entries = chain_entries(data.get("https"), "https", site)
    entries += chain_entries(data.get("http"), "http", site)
    preflight = data.get("cors_preflight")
    if preflight is not None:
        auto = data.get("https") or data.get("http")
        url = auto["chain"][-1]["url"]
        entries.append(entry(
            "OPTIONS", url, preflight["status"], preflight["headers"], "", role="cors-preflight",
            request_headers=[{"name": "Origin", "value": CORS_ORIGIN},
                             {"name": "Access-Control-Request-Method", "value": "GET"}]))
    har = {"log": {
        "version": "1.2",
        "creator": {"name": "parapet-conformance", "version": "1"},
        "comment": "Converted from the Observatory conformance case %s by "
                   "scripts/conformance-to-har.py" % case["id"],
        "entries": entries,
    }}
    options = {}
    overrides = data.get("hsts_preload")
    if overrides:
        table = {}
        for host, value in sorted(overrides.items()):
            if value is False:
                table[host] = "none"
            elif value.get("includeSubDomains"):
                table[host] = "include-subdomains"
            else:
                table[host] = "force-https"
        options["hsts_preload_overrides"] = table
    expected = {
        "id": case["id"],
        "description": case.get("description", ""),
        "site": site,
        "options": options,
        "algorithms": {
            "5": expected_for(case["expected"]["v1.6.3"]),
            "6": expected_for(case["expected"]["main"]),
        },
    }
    return har, expected


def main():
    cases_dir = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_CASES
    out_dir = sys.argv[2] if len(sys.argv) > 2 else DEFAULT_OUT
    os.makedirs(out_dir, exist_ok=True)
    count = 0
    for name in sorted(os.listdir(cases_dir)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(cases_dir, name), encoding="utf-8") as handle:
            case = json.load(handle)
        har, expected = convert(case)
        base = os.path.join(out_dir, case["id"])
        with open(base + ".har", "w", encoding="utf-8") as handle:
            json.dump(har, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        with open(base + ".expected.json", "w", encoding="utf-8") as handle:
            json.dump(expected, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        count += 1
    print("converted %d cases into %s" % (count, out_dir))


if __name__ == "__main__":
    main()
