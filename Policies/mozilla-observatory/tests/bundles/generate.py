#!/usr/bin/env python3
"""Writes the pack's golden bundles: one folder per case with evidence/<site>.har and expected.json.

Each case starts from the same "neutral" site (every test at a known result, see README.md) and
changes only what it exercises. The expected grade, score and findings are written here by hand
from the scoring specification (shared/reference/observatory-scoring.md); README.md shows the
arithmetic. The HAR shape is the one scripts/conformance-to-har.py writes (entries with
_parapet.role and _tls.certificateValid). Run it again after changing a case:

    python3 Policies/mozilla-observatory/tests/bundles/generate.py
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
STARTED = "2026-01-01T00:00:00.000Z"
CORS_ORIGIN = "https://http-observatory.security.mozilla.org"
PAGE = "<!doctype html>\n<html><head><title>t</title></head><body><p>hello</p></body></html>\n"


def base_headers():
    return [
        ["Content-Type", "text/html; charset=utf-8"],
        ["Strict-Transport-Security", "max-age=63072000"],
        ["X-Content-Type-Options", "nosniff"],
        ["X-Frame-Options", "DENY"],
        ["Content-Security-Policy", "default-src 'self'; object-src 'none'"],
        ["Referrer-Policy", "no-referrer"],
        ["Cross-Origin-Resource-Policy", "same-origin"],
    ]


def replace(headers, name, value):
    """Sets a header (value None removes it), keeping its position."""
    out, done = [], False
    for key, old in headers:
        if key.lower() == name.lower():
            if value is not None and not done:
                out.append([key, value])
            done = True
        else:
            out.append([key, old])
    if not done and value is not None:
        out.append([name, value])
    return out


def entry(method, url, status, headers, body, role=None, cert_valid=True, request_headers=None):
    content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
    item = {
        "startedDateTime": STARTED,
        "time": 0,
        "request": {
            "method": method, "url": url, "httpVersion": "HTTP/1.1",
            "headers": request_headers or [], "queryString": [], "cookies": [],
            "headersSize": -1, "bodySize": 0,
        },
        "response": {
            "status": status, "statusText": "", "httpVersion": "HTTP/1.1" if status else "",
            "headers": [{"name": k, "value": v} for k, v in headers], "cookies": [],
            "content": {
                "size": len((body or "").encode("utf-8")),
                "mimeType": (content_type or "x-unknown").split(";")[0].strip(),
            },
            "redirectURL": next((v for k, v in headers if k.lower() == "location"), ""),
            "headersSize": -1, "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 0, "wait": 0, "receive": 0},
    }
    if body is not None:
        item["response"]["content"]["text"] = body
    if role:
        item["_parapet"] = {"role": role}
    if url.startswith("https:"):
        item["_tls"] = {"certificateValid": cert_valid}
    if status == 0:
        item["_error"] = "connection refused"
    return item


def har(site, headers=None, body=PAGE, status=200, http="redirect", preflight=None,
        http_redirect_headers=None):
    headers = base_headers() if headers is None else headers
    https_url = "https://%s/" % site
    entries = [entry("GET", https_url, status, headers, body, role="https")]
    if http == "redirect":
        hop = [["Content-Type", "text/html"], ["Location", https_url]] + (http_redirect_headers or [])
        entries.append(entry("GET", "http://%s/" % site, 301, hop, "", role="http"))
        entries.append(entry("GET", https_url, status, headers, body))
    elif http == "none":
        entries.append(entry("GET", "http://%s/" % site, 0, [], None, role="http"))
    elif http == "stay":
        entries.append(entry("GET", "http://%s/" % site, 200, headers, body, role="http"))
    if preflight is not None:
        entries.append(entry(
            "OPTIONS", https_url, 200, preflight, "", role="cors-preflight",
            request_headers=[{"name": "Origin", "value": CORS_ORIGIN},
                             {"name": "Access-Control-Request-Method", "value": "GET"}]))
    return {"log": {
        "version": "1.2", "creator": {"name": "parapet-golden", "version": "1"},
        "comment": "Golden bundle of the mozilla-observatory pack (tests/bundles/generate.py)",
        "entries": entries,
    }}


def f(rule, status, result):
    if result is None:
        return {"rule": rule, "status": status}
    return {"rule": rule, "status": status, "result": result}


CASES = []


def case(name, site, grade, score, findings, algorithm=5, **kwargs):
    CASES.append((name, site, grade, score, findings, algorithm, kwargs))


CSP, COOKIES, CORS, REDIR = ("content-security-policy", "cookies", "cross-origin-resource-sharing",
                             "redirection")
RP, HSTS, SRI, XCTO = ("referrer-policy", "strict-transport-security", "subresource-integrity",
                       "x-content-type-options")
XFO, CORP, COOP, COEP = ("x-frame-options", "cross-origin-resource-policy",
                         "cross-origin-opener-policy", "cross-origin-embedder-policy")

# The neutral site itself: 100 + 5 (CSP) + 5 (XFO) + 5 (referrer) + 10 (CORP) = 125.
case("neutral-baseline", "neutral.parapet-test.net", "A+", 125, [
    f(CSP, "pass", "csp-implemented-with-no-unsafe"), f(COOKIES, "pass", "cookies-not-found"),
    f(CORS, "pass", "cross-origin-resource-sharing-not-implemented"),
    f(REDIR, "pass", "redirection-to-https"), f(RP, "pass", "referrer-policy-private"),
    f(HSTS, "pass", "hsts-implemented-max-age-at-least-six-months"),
    f(SRI, "pass", "sri-not-implemented-but-no-scripts-loaded"),
    f(XCTO, "pass", "x-content-type-options-nosniff"),
    f(XFO, "pass", "x-frame-options-sameorigin-or-deny"),
    f(CORP, "pass", "corp-implemented-with-same-origin"),
])

case("coop-coep-unsafe-none", "isolation.parapet-test.net", "A+", 125, [
    f(COOP, "pass", "coop-implemented-with-unsafe-none"),
    f(COEP, "pass", "coep-implemented-with-unsafe-none"),
], algorithm=6, headers=base_headers() + [["Cross-Origin-Opener-Policy", "unsafe-none"],
                                           ["Cross-Origin-Embedder-Policy", "unsafe-none"]])

case("cookies-samesite-invalid-raw", "samesite.parapet-test.net", "B+", 80, [
    f(COOKIES, "fail", "cookies-samesite-flag-invalid"),
], headers=base_headers() + [["Set-Cookie", "prefs=dark; Path=/; Secure; HttpOnly; SameSite=Strictest"]])

case("cookies-samesite-none-without-secure", "samesite-none.parapet-test.net", "B+", 80, [
    f(COOKIES, "fail", "cookies-samesite-flag-invalid"),
], headers=base_headers() + [["Set-Cookie", "theme=1; Path=/; SameSite=None"]])

case("cookies-without-secure-no-hsts", "nosecure.parapet-test.net", "C+", 60, [
    f(COOKIES, "fail", "cookies-without-secure-flag"),
    f(HSTS, "fail", "hsts-not-implemented"),
], headers=replace(base_headers(), "Strict-Transport-Security", None)
    + [["Set-Cookie", "prefs=dark; Path=/; SameSite=Lax"]])

case("cookies-without-secure-but-hsts", "hstscookie.parapet-test.net", "A+", 120, [
    f(COOKIES, "fail", "cookies-without-secure-flag-but-protected-by-hsts"),
    f(HSTS, "pass", "hsts-implemented-max-age-at-least-six-months"),
], headers=base_headers() + [["Set-Cookie", "prefs=dark; Path=/; SameSite=Lax"]])

case("cookies-only-on-http-redirect-ignored", "redirectcookie.parapet-test.net", "A+", 125, [
    f(COOKIES, "pass", "cookies-not-found"),
], http_redirect_headers=[["Set-Cookie", "sessionid=abc; Path=/"]])

case("cors-reflected-origin-with-credentials", "cors.parapet-test.net", "A+", 125, [
    f(CORS, "pass", "cross-origin-resource-sharing-implemented-with-restricted-access"),
], preflight=[["Access-Control-Allow-Origin", CORS_ORIGIN],
              ["Access-Control-Allow-Credentials", "true"],
              ["Access-Control-Allow-Methods", "GET"]])

case("csp-duplicate-report-uri-demotes-default-none", "dupnone.parapet-test.net", "A+", 120, [
    f(CSP, "pass", "csp-implemented-but-duplicate-directives"),
], headers=replace(base_headers(), "Content-Security-Policy",
                   "default-src 'none'; report-uri /a; report-uri /b"))

case("csp-duplicate-report-uri-promotes-passive", "duppassive.parapet-test.net", "A+", 120, [
    f(CSP, "pass", "csp-implemented-but-duplicate-directives"),
], headers=replace(base_headers(), "Content-Security-Policy",
                   "default-src 'self'; img-src http://img.example.net; report-uri /a; report-uri /b"))

case("csp-duplicate-report-uri-later-copy-wins", "duplast.parapet-test.net", "B+", 80, [
    f(CSP, "fail", "csp-implemented-with-insecure-scheme"),
], headers=replace(base_headers(), "Content-Security-Policy",
                   "default-src 'self'; report-uri https://r.example.net/a; "
                   "report-uri http://r.example.net/b"))

case("csp-strict-dynamic-without-nonce", "strictdyn.parapet-test.net", "B", 75, [
    f(CSP, "fail", "csp-header-invalid"),
    f(XFO, "pass", "x-frame-options-implemented-via-csp"),
], headers=replace(replace(base_headers(), "X-Frame-Options", None), "Content-Security-Policy",
                   "script-src 'strict-dynamic' 'self'; object-src 'none'; frame-ancestors 'none'"))

case("csp-header-and-meta-xfo-via-meta-frame-ancestors", "metacombo.parapet-test.net", "A+", 125, [
    f(CSP, "pass", "csp-implemented-with-no-unsafe"),
    f(XFO, "pass", "x-frame-options-implemented-via-csp"),
], headers=replace(replace(base_headers(), "X-Frame-Options", "ALLOWALL"),
                   "Content-Security-Policy", "default-src 'self'"),
    body="<!doctype html>\n<html><head>\n<meta http-equiv=\"Content-Security-Policy\" "
         "content=\"frame-ancestors 'none'; script-src 'self'\">\n</head><body>hi</body></html>\n")

case("csp-meta-only-header-only-directives", "metaonly.parapet-test.net", "B", 75, [
    f(CSP, "fail", "csp-not-implemented"),
    f(XFO, "pass", "x-frame-options-sameorigin-or-deny"),
], headers=replace(base_headers(), "Content-Security-Policy", None),
    body="<!doctype html>\n<html><head>\n<meta http-equiv=\"content-security-policy\" "
         "content=\"frame-ancestors 'none'\">\n</head><body>hi</body></html>\n")

case("referrer-meta-last-wins", "referrer.parapet-test.net", "A+", 115, [
    f(RP, "fail", "referrer-policy-unsafe"),
], body="<!doctype html>\n<html><head>\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<meta name=\"Referrer\" content=\"origin\">\n"
        "<meta name=\"referrer\" content=\"\">\n"
        "<meta http-equiv=\"x-ua-compatible\" name=\"referrer\" content=\"same-origin\">\n"
        "</head><body>hi</body></html>\n")

case("html-not-parseable-json-served-as-html", "jsonhtml.parapet-test.net", "B+", 80, [
    f(SRI, "fail", "html-not-parseable"),
], headers=replace(base_headers(), "Content-Type", "text/html"),
    body="{\"status\": \"ok\", \"html\": \"<script src=//cdn.other.net/x.js></script>\"}")

case("json-null-body-without-content-type", "jsonnull.parapet-test.net", "A+", 125, [
    f(SRI, "pass", "sri-not-implemented-but-no-scripts-loaded"),
], headers=replace(base_headers(), "Content-Type", None), body="null")

case("sri-integrity-over-http", "sricleartext.parapet-test.net", "B+", 80, [
    f(SRI, "fail", "sri-implemented-but-external-scripts-not-loaded-securely"),
], body="<!doctype html>\n<html><head>\n<script src=\"http://cdn.other.net/lib.js\" "
        "integrity=\"sha384-AAAA\" crossorigin=\"anonymous\"></script>\n</head><body>hi</body></html>\n")

case("sri-worse-of-minus5-beats-minus20", "sriorder.parapet-test.net", "A+", 120, [
    f(SRI, "fail", "sri-not-implemented-but-external-scripts-loaded-securely"),
], body="<!doctype html>\n<html><head>\n<script src=\"http://cdn.other.net/lib.js\" "
        "integrity=\"sha384-AAAA\"></script>\n<script src=\"https://cdn.other.net/app.js\"></script>\n"
        "</head><body>hi</body></html>\n")

case("sri-self-closing-script-is-raw-text", "selfclosing.parapet-test.net", "A+", 125, [
    f(SRI, "pass", "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"),
], body="<!doctype html>\n<html><head>\n<script src=\"/app.js\"/>\n"
        "<script src=\"http://cdn.other.net/x.js\"></script>\n</head><body>hi</body></html>\n")

case("sri-script-inside-noframes-ignored", "noframes.parapet-test.net", "A+", 125, [
    f(SRI, "pass", "sri-not-implemented-but-no-scripts-loaded"),
], body="<!doctype html>\n<html><head></head><body>\n<noframes><script "
        "src=\"http://cdn.other.net/x.js\"></script></noframes>\n</body></html>\n")

case("status-403-graded", "forbidden.parapet-test.net", "A+", 125, [
    f(CSP, "pass", "csp-implemented-with-no-unsafe"),
], status=403)

case("status-500-not-graded", "broken.parapet-test.net", None, None, [
    f(CSP, "not_applicable", "scan-error"), f(COOKIES, "not_applicable", "scan-error"),
], status=500)

case("redirection-no-http-listener", "nohttp.parapet-test.net", "A+", 125, [
    f(REDIR, "pass", "redirection-not-needed-no-http"),
], http="none")

case("hsts-preloaded-via-parent-tld", "shop.parapet.dev", "A+", 130, [
    f(HSTS, "pass", "hsts-preloaded"),
    f(REDIR, "pass", "redirection-all-redirects-preloaded"),
], headers=replace(base_headers(), "Strict-Transport-Security", None))

case("hsts-parent-preloaded-without-include-subdomains", "shop.aclu.org", "B+", 80, [
    f(HSTS, "fail", "hsts-not-implemented"),
    f(REDIR, "pass", "redirection-to-https"),
], headers=replace(base_headers(), "Strict-Transport-Security", None))

case("bonus-gating-exactly-90", "ninety.parapet-test.net", "A+", 105, [
    f(XCTO, "fail", "x-content-type-options-not-implemented"),
    f(CORP, "fail", "corp-header-invalid"),
], headers=replace(replace(base_headers(), "X-Content-Type-Options", None),
                   "Cross-Origin-Resource-Policy", "same-origin, same-origin"))

MAX_HEADERS = replace(replace(base_headers(), "Content-Security-Policy", "default-src 'none'"),
                      "Strict-Transport-Security", None) + [
    ["Set-Cookie", "__Host-sessionid=abc; Path=/; Secure; HttpOnly; SameSite=Lax"]]
MAX_BODY = ("<!doctype html>\n<html><head>\n<script src=\"https://cdn.other.net/lib.js\" "
            "integrity=\"sha384-AAAA\" crossorigin=\"anonymous\"></script>\n</head><body>hi</body></html>\n")

case("score-maximum-145", "max.parapet.dev", "A+", 145, [
    f(CSP, "pass", "csp-implemented-with-no-unsafe-default-src-none"),
    f(COOKIES, "pass", "cookies-secure-with-httponly-sessions-and-samesite"),
    f(HSTS, "pass", "hsts-preloaded"),
    f(SRI, "pass", "sri-implemented-and-external-scripts-loaded-securely"),
], headers=MAX_HEADERS, body=MAX_BODY)

case("score-maximum-165-algorithm-6", "max6.parapet.dev", "A+", 165, [
    f(COOP, "pass", "coop-implemented-with-same-origin"),
    f(COEP, "pass", "coep-implemented-with-require-corp"),
], algorithm=6, headers=MAX_HEADERS + [["Cross-Origin-Opener-Policy", "same-origin"],
                                       ["Cross-Origin-Embedder-Policy", "require-corp"]],
    body=MAX_BODY)

case("score-floored-at-zero", "zero.parapet-test.net", "F", 0, [
    f(CSP, "fail", "csp-not-implemented"),
    f(COOKIES, "fail", "cookies-session-without-secure-flag"),
    f(REDIR, "fail", "redirection-missing"),
    f(RP, "fail", "referrer-policy-unsafe"),
    f(HSTS, "fail", "hsts-not-implemented"),
    f(SRI, "fail", "sri-not-implemented-and-external-scripts-not-loaded-securely"),
    f(XCTO, "fail", "x-content-type-options-not-implemented"),
    f(XFO, "fail", "x-frame-options-not-implemented"),
    f(CORP, "fail", "corp-header-invalid"),
], headers=[["Content-Type", "text/html"], ["Referrer-Policy", "unsafe-url"],
            ["Cross-Origin-Resource-Policy", "bogus"], ["Set-Cookie", "sessionid=abc; Path=/"]],
    http="stay",
    body="<html><head><script src=\"http://cdn.other.net/a.js\"></script></head></html>\n")

# A 304 Not Modified page (a browser revalidating its cache) carries only some headers: those it
# carries decide their tests (HSTS, X-Content-Type-Options), the absent ones cannot say that the
# page lacks them, so those tests, and cookies, are unknown and the grade is a range.
case("not-modified-page-absent-headers-unknown", "revalidated.parapet-test.net", None, None, [
    f(HSTS, "pass", "hsts-implemented-max-age-at-least-six-months"),
    f(XCTO, "pass", "x-content-type-options-nosniff"),
    f(REDIR, "pass", "redirection-to-https"),
    f(CSP, "unknown", None), f(COOKIES, "unknown", None), f(CORS, "unknown", None),
    f(RP, "unknown", None), f(XFO, "unknown", None), f(CORP, "unknown", None),
], status=304, headers=[["ETag", "W/\"5f3a\""], ["Cache-Control", "max-age=0"],
                        ["Strict-Transport-Security", "max-age=63072000"],
                        ["X-Content-Type-Options", "nosniff"]])


def main():
    for name, site, grade, score, findings, algorithm, kwargs in CASES:
        folder = os.path.join(HERE, name)
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(os.path.join(folder, "evidence"))
        with open(os.path.join(folder, "evidence", site + ".har"), "w") as out:
            json.dump(har(site, **kwargs), out, indent=1)
            out.write("\n")
        expected = {"options": {"algorithm": algorithm}, "findings": findings, "exact": True}
        if grade is not None:
            expected = {"grade": grade, "score": score, **expected}
        with open(os.path.join(folder, "expected.json"), "w") as out:
            json.dump(expected, out, indent=1)
            out.write("\n")
    print("wrote %d bundles" % len(CASES))


if __name__ == "__main__":
    main()
