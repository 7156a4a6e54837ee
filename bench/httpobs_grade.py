"""Grade stored responses with the HTTP Observatory's own analyzer code (PyPI `httpobs`),
in-process and offline.

`httpobs.scanner.local.scan()` fetches a site with `requests` (retriever.retrieve_all) and then
runs `[test(reqs) for test in tests]` plus the grader. This does the same minus the network:
for each HAR file it rebuilds what retrieve_all returns (requests.Response objects with the
merged headers, redirect history, `verified`, `http_equiv` parsed from the page by httpobs'
own parse_http_equiv_headers, and a requests cookie jar filled by http.cookiejar from every
Set-Cookie of the chain, as requests does), then runs every analyzer and the grader.

Usage: python httpobs_grade.py LIST_FILE [--repeat N] [--cache-psl] [--dump FILE]

--cache-psl builds the public suffix list once instead of once per external <script> (what
httpobs' subresource_integrity does: `psl = PublicSuffixList()` inside its loop), to show how
much of httpobs' cost that one line is.
Prints one JSON object: count, seconds (wall), cpu_seconds, analyzer_cpu_seconds, grades.
Imports are done before the clock starts (in httpobs' favour).
"""
import http.client
import io
import json
import sys
import time
from urllib.parse import urlparse

import requests
from requests.cookies import MockRequest, MockResponse, RequestsCookieJar
from requests.structures import CaseInsensitiveDict

import httpobs.conf  # noqa: F401  (configuration module the analyzers read)
from httpobs.scanner.analyzer import NUM_TESTS, tests
from httpobs.scanner.grader import get_grade_and_likelihood_for_score, get_score_description
from httpobs.scanner.retriever.retriever import HTML_TYPES
from httpobs.scanner.utils import parse_http_equiv_headers


def _merged(pairs):
    """Headers as urllib3 gives them to requests: duplicates joined with ', '."""
    headers = CaseInsensitiveDict()
    for name, value in pairs:
        if name in headers:
            headers[name] = headers[name] + ", " + value
        else:
            headers[name] = value
    return headers


def _response(hop, cert_valid):
    response = requests.Response()
    response.status_code = hop["status"]
    response.url = hop["url"]
    response.headers = _merged(hop["headers"])
    response.encoding = "utf-8"
    response._content = (hop.get("body") or "").encode("utf-8")
    request = requests.PreparedRequest()
    request.prepare(method="GET", url=hop["url"])
    response.request = request
    response.verified = cert_valid
    return response


def _chain(entries):
    """Group HAR entries into {role: [entry...]} by the `_parapet.role` of each chain's first hop."""
    chains = {}
    current = None
    for entry in entries:
        role = entry.get("_parapet", {}).get("role")
        if role:
            current = chains.setdefault(role, [])
        if current is not None:
            current.append(entry)
    return chains


def _hops(entries):
    hops = []
    for entry in entries:
        response = entry["response"]
        hops.append({"url": entry["request"]["url"], "status": response["status"],
                     "headers": [(h["name"], h["value"]) for h in response["headers"]],
                     "body": response.get("content", {}).get("text")})
    return hops


def _cookie_jar(hops, responses):
    """Every Set-Cookie of the chain into a requests jar, the way requests' adapter does it."""
    jar = RequestsCookieJar()
    for hop, response in zip(hops, responses):
        cookies = [value for name, value in hop["headers"] if name.lower() == "set-cookie"]
        if not cookies:
            continue
        message = http.client.HTTPMessage()
        for value in cookies:
            message["Set-Cookie"] = value
        jar.extract_cookies(MockResponse(message), MockRequest(response.request))
    return jar


class _Session:
    def __init__(self, cookies, url):
        self.cookies = cookies
        self.url = urlparse(url)


def build_reqs(har):
    """What httpobs.scanner.retriever.retrieve_all returns, from a stored HAR."""
    chains = _chain(har["log"]["entries"])
    reqs = {"hostname": None, "resources": {}, "responses": {"auto": None, "cors": None, "http": None, "https": None},
            "session": None}
    finals = {}
    for scheme in ("https", "http"):
        entries = chains.get(scheme) or []
        if not entries or entries[0]["response"]["status"] == 0:
            continue
        hops = _hops(entries)
        verified = entries[-1].get("_tls", {}).get("certificateValid", True)
        responses = [_response(hop, verified) for hop in hops]
        final = responses[-1]
        final.history = responses[:-1]
        finals[scheme] = (final, hops, responses)
        reqs["responses"][scheme] = final
    auto_scheme = "https" if "https" in finals else "http"
    final, hops, responses = finals[auto_scheme]
    reqs["hostname"] = urlparse(hops[0]["url"]).hostname
    reqs["responses"]["auto"] = final
    reqs["session"] = _Session(_cookie_jar(hops, responses), final.url)
    body = hops[-1]["body"]
    reqs["resources"] = {"__path__": body, "/clientaccesspolicy.xml": None, "/contribute.json": None,
                         "/crossdomain.xml": None, "/robots.txt": None}
    preflight = chains.get("cors-preflight")
    if preflight:
        reqs["responses"]["cors"] = _response(_hops(preflight)[0], True)
    else:
        reqs["responses"]["cors"] = final
    if final.headers.get("Content-Type", "").split(";")[0] in HTML_TYPES and body:
        final.http_equiv = parse_http_equiv_headers(body)
    else:
        final.http_equiv = {}
    return reqs


def grade(reqs):
    """httpobs.scanner.local.scan() after retrieval."""
    results = [test(reqs) for test in tests]
    for result in results:
        result["score_description"] = get_score_description(result["result"])
    score, grade_letter, likelihood = get_grade_and_likelihood_for_score(
        100 + sum(result.get("score_modifier", 0) for result in results))
    passed = sum(1 for result in results if result.get("pass"))
    return {"grade": grade_letter, "score": score, "tests_passed": passed, "tests_quantity": NUM_TESTS}


def main():
    listing = sys.argv[1]
    if "--cache-psl" in sys.argv:
        import httpobs.scanner.analyzer.content as content
        shared = content.PublicSuffixList()
        content.PublicSuffixList = lambda *args, **kwargs: shared
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
    with open(listing, encoding="utf-8") as handle:
        paths = [line.strip() for line in handle if line.strip()]
    dump = sys.argv[sys.argv.index("--dump") + 1] if "--dump" in sys.argv else None
    grades = {}
    by_path = {}
    analyzer_cpu = 0.0
    wall = time.perf_counter()
    cpu = time.process_time()
    for _ in range(repeat):
        for path in paths:
            with open(path, "rb") as handle:
                har = json.load(handle)
            reqs = build_reqs(har)
            start = time.process_time()
            outcome = grade(reqs)
            analyzer_cpu += time.process_time() - start
            grades[outcome["grade"]] = grades.get(outcome["grade"], 0) + 1
            by_path[path] = outcome["grade"]
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    if dump:
        with open(dump, "w", encoding="utf-8") as handle:
            json.dump(by_path, handle, sort_keys=True)
    print(json.dumps({"count": len(paths) * repeat, "seconds": wall, "cpu_seconds": cpu,
                      "analyzer_cpu_seconds": analyzer_cpu, "grades": grades}))


if __name__ == "__main__":
    main()
