#!/usr/bin/env python3
"""Records a real HAR (or WARC) capture as a case for scripts/real-http-compare.py, graded by a real reference.

Usage (with a Python that has PyPI `httpobs==0.9.3` and bench/requirements.txt's analyzer
dependencies installed, e.g. bench/.venv after `make bench`):

    python scripts/real-http-record.py --git GITDIR --repo OWNER/NAME --path PATH \
        --name CASE --out DIR [--commit COMMIT] [--start N] [--tool TEXT]

A WARC file (needs PyPI `warcio`, 1.8.1 was used) is read as its response records in file
order, each a HAR-like entry (see warc_entries), and then mapped by the same rules.

It extracts PATH at COMMIT (default: the mirror's HEAD) from the bare repository GITDIR into
DIR/CASE/ byte for byte, turns the capture into the Observatory's input by the mapping rules of
../shared/conformance/real-http/README.md (start entry, redirect chain following, sessions,
site, `\\n`-split headers, final body), and runs the HTTP Observatory's own analyzers and grader
(httpobs 0.9.3, ALGORITHM_VERSION 2, what observatory.mozilla.org ran until 2024) on that input
offline, the way bench/httpobs_grade.py does. DIR/CASE/case.json gets the source (repo, commit,
path, blob), the mapping (site, entry_indices, sessions, final_body) and `expected` under the key
`httpobs-0.9.3`: per-test results and modifiers, the production score (extra credit only when the
score before bonuses is at least 90, as httpobs' database layer computes it) and grade.

What the capture cannot show is assumed as in the shared README: certificates valid; the final
response stands in for the Origin-carrying CORS request; /crossdomain.xml,
/clientaccesspolicy.xml, /contribute.json and /robots.txt not found. Cookies are put into the jar
at the capture's time (the first hop's startedDateTime), not today's, so a cookie that has expired
since is still seen. DIR/httpobs-0.9.3-hsts-preload.json is httpobs' bundled HSTS preload list in
Parapet's data format; case.json names it under `parapet_data` so the comparison gives Parapet the
same list (`--data mozilla-observatory.hsts-preload=...`).
"""
import argparse
import base64
import datetime
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import types
from urllib.parse import urljoin, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "bench"))

import httpobs_grade  # noqa: E402  (the offline rebuild of httpobs' retrieval)
from httpobs.scanner import ALGORITHM_VERSION  # noqa: E402
from httpobs.scanner.analyzer import tests  # noqa: E402
from httpobs.scanner.grader import get_grade_and_likelihood_for_score  # noqa: E402
from httpobs.scanner.retriever.retriever import HTML_TYPES  # noqa: E402
from httpobs.scanner.utils import parse_http_equiv_headers  # noqa: E402
from httpobs.scanner.analyzer.utils import hsts as HTTPOBS_PRELOAD, is_hsts_preloaded  # noqa: E402

REFERENCE = "httpobs-0.9.3"
REDIRECTS = {301, 302, 303, 307, 308}
# httpobs' production minimum for bonus points (httpobs.conf SCANNER_... / database layer).
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
# httpobs' own bundled HSTS preload list, in the format Parapet's `--data` takes, next to the cases.
PRELOAD_FILE = "httpobs-0.9.3-hsts-preload.json"


def write_preload(out):
    """httpobs' bundled list as `parapet-hsts-preload/1` (force-https entries; true = includeSubDomains)."""
    hosts = {host: bool(entry.get("includeSubDomains")) for host, entry in sorted(HTTPOBS_PRELOAD.items())
             if entry.get("mode") == "force-https"}
    with open(os.path.join(out, PRELOAD_FILE), "w", encoding="utf-8") as handle:
        json.dump({"format": "parapet-hsts-preload/1", "source": "PyPI httpobs 0.9.3 httpobs/conf/hsts-preload.json",
                   "count": len(hosts), "hosts": hosts}, handle, indent=0, sort_keys=False)
        handle.write("\n")


def capture_time(entry):
    """The HAR entry's startedDateTime as a POSIX time (fractions beyond microseconds dropped)."""
    text = re.sub(r"(\.\d{6})\d+", r"\1", entry["startedDateTime"]).replace("Z", "+00:00")
    return datetime.datetime.fromisoformat(text).timestamp()


class _Clock:
    """Runs http.cookiejar (what requests fills its jar with) at the capture's time, so a cookie
    whose Expires has passed since the capture is still stored, as it was when the page was
    captured (httpobs scanned live sites: the scan time was the capture time)."""

    def __init__(self, when):
        self.when = when

    def __enter__(self):
        self.saved = http.cookiejar.time
        clock = types.SimpleNamespace(**{name: getattr(time, name) for name in dir(time) if not name.startswith("_")})
        clock.time = lambda: self.when
        http.cookiejar.time = clock

    def __exit__(self, *exc):
        http.cookiejar.time = self.saved


def git(gitdir, *args):
    return subprocess.run(["git", "--git-dir", gitdir, *args], capture_output=True, check=True).stdout


def header(entry, name):
    for item in entry["response"].get("headers", []):
        if item["name"].lower() == name:
            return item["value"]
    return None


def same_place(a, b):
    """Scheme and host case-insensitive, default port dropped, empty path = '/'."""
    def norm(url):
        parts = urlsplit(url.split("#")[0])
        port = parts.port
        if port in (80, 443) and (port == 80) == (parts.scheme.lower() == "http"):
            port = None
        return (parts.scheme.lower(), (parts.hostname or "").lower(), port, parts.path or "/", parts.query)
    return norm(a) == norm(b)


def chain(entries, start):
    """Rule 2: follow 3xx Location headers to the first later GET entry with that URL."""
    hops = [start]
    current = start
    while entries[current]["response"]["status"] in REDIRECTS:
        location = header(entries[current], "location")
        if location is None:
            break
        target = urljoin(entries[current]["request"]["url"], location.strip()).split("#")[0]
        later = [i for i in range(current + 1, len(entries)) if entries[i]["request"]["method"] == "GET"]
        found = next((i for i in later if entries[i]["request"]["url"].split("#")[0] == target), None)
        if found is None:
            found = next((i for i in later if same_place(entries[i]["request"]["url"], target)), None)
        if found is None:
            break
        hops.append(found)
        current = found
    return hops


def hop(entry, final):
    """Rules 5 and 6: ordered headers with `\\n`-joined values split; the body of the final hop."""
    pairs = []
    for item in entry["response"].get("headers", []):
        if item["name"].startswith(":"):
            continue
        for value in item["value"].split("\n"):
            pairs.append((item["name"], value))
    result = {"url": entry["request"]["url"], "status": entry["response"]["status"], "headers": pairs}
    if final:
        content = entry["response"].get("content", {})
        text = content.get("text")
        if text is not None and content.get("encoding") == "base64":
            text = base64.b64decode(text).decode("utf-8", "replace")
        result["body"] = text or ""
    return result


def sessions(entries, start):
    """Rule 3 and 4: which chains exist, and the site."""
    indices = chain(entries, start)
    urls = [entries[i]["request"]["url"] for i in indices]
    site = urlsplit(urls[0]).hostname
    if urlsplit(urls[0]).scheme.lower() == "https":
        # Deviation from the shared README's rule 3 (documented in docs/conformance.md): when the
        # capture also navigates to exactly http://<site>/ later (a WebPageTest repeat view, say),
        # that request is the HTTP session the Observatory would have fetched, not an absent one.
        later = next((i for i in range(start + 1, len(entries))
                      if entries[i]["request"]["method"] == "GET"
                      and entries[i]["request"]["url"] == f"http://{site}/"), None)
        return site, indices, {"https": indices, "http": chain(entries, later) if later is not None else None}
    https = None
    for position, url in enumerate(urls):
        if urlsplit(url).scheme.lower() == "https":
            if url == f"https://{site}/":
                https = indices[position:]
            break
    return site, indices, {"https": https, "http": indices}


def reqs_for(entries, site, chains):
    """What httpobs' retrieve_all returns for these chains (see bench/httpobs_grade.py)."""
    reqs = {"hostname": site, "resources": {}, "responses": {"auto": None, "cors": None, "http": None, "https": None},
            "session": None}
    built = {}
    for scheme in ("https", "http"):
        indices = chains[scheme]
        if not indices:
            continue
        hops = [hop(entries[i], n == len(indices) - 1) for n, i in enumerate(indices)]
        responses = [httpobs_grade._response(h, True) for h in hops]
        final = responses[-1]
        final.history = responses[:-1]
        built[scheme] = (final, hops, responses)
        reqs["responses"][scheme] = final
    auto = "https" if "https" in built else "http"
    final, hops, responses = built[auto]
    reqs["responses"]["auto"] = final
    reqs["responses"]["cors"] = final
    with _Clock(capture_time(entries[chains[auto][0]])):
        jar = httpobs_grade._cookie_jar(hops, responses)
    reqs["session"] = httpobs_grade._Session(jar, final.url)
    body = hops[-1]["body"]
    reqs["resources"] = {"__path__": body, "/clientaccesspolicy.xml": None, "/contribute.json": None,
                         "/crossdomain.xml": None, "/robots.txt": None}
    if final.headers.get("Content-Type", "").split(";")[0] in HTML_TYPES and body:
        final.http_equiv = parse_http_equiv_headers(body)
    else:
        final.http_equiv = {}
    return reqs, hops


def grade(reqs):
    results = [test(reqs) for test in tests]
    names = [test.__name__.replace("_", "-") for test in tests]
    modifiers = {name: r["score_modifier"] for name, r in zip(names, results)}
    with_bonus = 100 + sum(modifiers.values())
    uncurved = 100 + sum(m for m in modifiers.values() if m < 0)
    raw = with_bonus if uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else uncurved
    score, letter, _ = get_grade_and_likelihood_for_score(raw)
    return {"algorithm_version": ALGORITHM_VERSION, "score": score, "grade": letter,
            "tests": {name: r["result"] for name, r in zip(names, results)}, "scoreModifiers": modifiers}


def warc_entries(data):
    """A WARC's response records as HAR-like entries, in file order (PyPI warcio reads the records
    and removes chunked and gzip transfer/content codings from the payload). Header pairs are the
    HTTP header block's, in order; the request method is the concurrent request record's (GET if
    there is none); startedDateTime is WARC-Date."""
    import io
    from warcio.archiveiterator import ArchiveIterator
    entries, methods = [], {}
    for record in ArchiveIterator(io.BytesIO(data)):
        uri = record.rec_headers.get_header("WARC-Target-URI")
        if record.rec_type == "request" and record.http_headers is not None:
            methods.setdefault(uri, record.http_headers.protocol.split(" ")[0])
            continue
        if record.rec_type != "response" or record.http_headers is None:
            continue
        body = record.content_stream().read().decode("utf-8", "replace")
        entries.append({
            "startedDateTime": record.rec_headers.get_header("WARC-Date"),
            "request": {"url": uri, "method": None},
            "response": {"status": int(record.http_headers.get_statuscode()),
                         "headers": [{"name": n, "value": v} for n, v in record.http_headers.headers],
                         "content": {"text": body}},
        })
    for entry in entries:
        entry["request"]["method"] = methods.get(entry["request"]["url"], "GET")
    return entries


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--git", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--commit")
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--tool", default="")
    parser.add_argument("--explain", action="append", default=[], nargs=4,
                        metavar=("TEST", "PARAPET", "REFERENCE", "WHY"),
                        help="a reviewed difference: Parapet decides PARAPET where the reference says REFERENCE")
    args = parser.parse_args()
    commit = args.commit or git(args.git, "rev-parse", "HEAD").decode().strip()
    blob = git(args.git, "rev-parse", f"{commit}:{args.path}").decode().strip()
    data = git(args.git, "cat-file", "blob", blob)
    folder = os.path.join(args.out, args.name)
    os.makedirs(folder, exist_ok=True)
    write_preload(args.out)
    filename = os.path.basename(args.path)
    with open(os.path.join(folder, filename), "wb") as handle:
        handle.write(data)
    if data.startswith(b"WARC/") or data.startswith(b"\x1f\x8b"):
        entries = warc_entries(data)
    else:
        entries = json.loads(data.decode("utf-8-sig"))["log"]["entries"]
    site, indices, chains = sessions(entries, args.start)
    reqs, hops = reqs_for(entries, site, chains)
    expected = grade(reqs)
    urls = lambda key: [entries[i]["request"]["url"] for i in chains[key]] if chains[key] else None  # noqa: E731
    case = {
        "id": args.name, "repo": args.repo, "commit": commit, "path": args.path, "blob": blob,
        "tool": args.tool, "site": site, "entry_indices": indices,
        "entry_urls": [entries[i]["request"]["url"] for i in indices],
        "sessions": {"https": urls("https"), "http": urls("http")},
        "final_body": "present" if hops[-1]["body"] else "absent",
        "preload_sensitive": any(is_hsts_preloaded(urlsplit(entries[i]["request"]["url"]).hostname or "")
                                 for i in indices),
        "file": filename,
        "parapet_data": {"mozilla-observatory.hsts-preload": f"../{PRELOAD_FILE}"},
        "oracle": {REFERENCE: "PyPI httpobs 0.9.3 analyzers and grader, run offline by scripts/real-http-record.py",
                   "cert_valid": True, "cors": "final response stands in", "hsts_preload": "httpobs' bundled list",
                   "cookie_clock": entries[indices[0]]["startedDateTime"],
                   "resources": "/crossdomain.xml, /clientaccesspolicy.xml, /contribute.json, /robots.txt absent"},
        "expected": {REFERENCE: expected},
    }
    if args.explain:
        case["explained"] = {REFERENCE: {test: {"parapet": mine, "reference": theirs, "why": why}
                                         for test, mine, theirs, why in args.explain}}
    with open(os.path.join(folder, "case.json"), "w", encoding="utf-8") as handle:
        json.dump(case, handle, indent=1, sort_keys=False)
        handle.write("\n")
    print(f'{args.name}: {site} {expected["grade"]} ({expected["score"]}) hops={indices}')


if __name__ == "__main__":
    main()
