"""Deterministic benchmark inputs (fixed seed): HTTP responses as HAR, policy facts as JSON,
bundle lists of any size, and bundles with 1x/10x/100x evidence.

Everything goes under bench/out/ and is reused when the stamp file says it was made by the same
generator version with the same parameters.
"""
import json
import os
import random
import shutil

GENERATOR_VERSION = 3
STARTED = "2026-01-01T00:00:00.000Z"
CORS_ORIGIN = "https://http-observatory.security.mozilla.org"


def _fresh(folder, stamp):
    """True when `folder` already holds what `stamp` describes."""
    path = os.path.join(folder, ".stamp.json")
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle) == stamp
    except (OSError, ValueError):
        return False


def _stamp(folder, stamp):
    with open(os.path.join(folder, ".stamp.json"), "w", encoding="utf-8") as handle:
        json.dump(stamp, handle)


def _reset(folder):
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)


# ---------------------------------------------------------------------------------------------
# HTTP responses (Observatory grading)

LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
         "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
         "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.")

CSP_CHOICES = [
    None,
    "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    "default-src 'self'",
    "default-src 'self' 'unsafe-inline'",
    "default-src *; script-src 'self' 'unsafe-eval' https://cdn.example.net",
    "script-src 'nonce-r4nd0m' 'strict-dynamic' https:; object-src 'none'; base-uri 'none'",
    "default-src https:; style-src 'self' 'unsafe-inline'; img-src * data:",
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'self'",
    "upgrade-insecure-requests",
    "default-src 'self' http:; script-src 'self' data:",
]
HSTS_CHOICES = [
    None,
    "max-age=31536000; includeSubDomains; preload",
    "max-age=63072000; includeSubDomains",
    "max-age=15768000",
    "max-age=300",
    "max-age=0",
    "maxage=31536000",
]
XFO_CHOICES = [None, "DENY", "SAMEORIGIN", "ALLOW-FROM https://partner.example.org", "deny", "GOFORIT"]
XCTO_CHOICES = [None, "nosniff", "nosniff", "sniff-me"]
REFERRER_CHOICES = [None, "no-referrer", "strict-origin-when-cross-origin", "same-origin",
                    "unsafe-url", "no-referrer-when-downgrade", "origin, strict-origin"]
COOKIE_NAMES = ["sessionid", "csrftoken", "theme", "_ga", "login_state", "__Host-session",
                "__Secure-pref", "cart", "lang", "SESSID"]
CDNS = ["https://cdn.jsdelivr.net", "https://cdnjs.cloudflare.com", "http://code.jquery.example",
        "https://static.{site}", "https://{site}", ""]


def _cookie(rng, site):
    name = rng.choice(COOKIE_NAMES)
    parts = ["%s=%08x" % (name, rng.getrandbits(32)), "Path=/"]
    if rng.random() < 0.65:
        parts.append("Secure")
    if rng.random() < 0.55:
        parts.append("HttpOnly")
    roll = rng.random()
    if roll < 0.3:
        parts.append("SameSite=Lax")
    elif roll < 0.5:
        parts.append("SameSite=Strict")
    elif roll < 0.6:
        parts.append("SameSite=None")
    elif roll < 0.63:
        parts.append("SameSite=Sometimes")
    if rng.random() < 0.3:
        parts.append("Max-Age=%d" % rng.choice([3600, 86400, 1209600]))
    if rng.random() < 0.15:
        parts.append("Domain=%s" % site)
    return "; ".join(parts)


def _html(rng, site, meta_csp, meta_referrer):
    head = ['<meta charset="utf-8">', "<title>%s</title>" % site]
    if meta_csp:
        head.append('<meta http-equiv="Content-Security-Policy" content="%s">' % meta_csp)
    if meta_referrer:
        head.append('<meta name="referrer" content="%s">' % meta_referrer)
    for _ in range(rng.randint(0, 8)):
        base = rng.choice(CDNS).format(site=site)
        src = "%s/js/lib%d.min.js" % (base, rng.randint(1, 99))
        integrity = ""
        if rng.random() < 0.4:
            integrity = ' integrity="sha384-%s" crossorigin="anonymous"' % (
                "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789") for _ in range(64)))
        head.append('<script src="%s"%s></script>' % (src, integrity))
    if rng.random() < 0.5:
        head.append("<script>window.dataLayer = window.dataLayer || []; dataLayer.push({page: 1});</script>")
    body = ["<h1>Welcome to %s</h1>" % site]
    for index in range(rng.randint(2, 40)):
        body.append('<p class="c%d">%s <a href="/page/%d">more</a></p>' % (index % 5, LOREM, index))
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head>%s</head><body>%s</body></html>\n"
            % ("".join(head), "\n".join(body)))


def response_case(rng, index):
    """One scanned site in the conformance cases' `input` shape."""
    site = "site%05d.example.com" % index
    final_headers = [["Server", rng.choice(["nginx", "Apache", "cloudflare", "gunicorn"])],
                     ["Content-Type", "text/html; charset=utf-8"]]

    def maybe(name, choices):
        value = rng.choice(choices)
        if value is not None:
            final_headers.append([name, value])
        return value

    maybe("Strict-Transport-Security", HSTS_CHOICES)
    csp = maybe("Content-Security-Policy", CSP_CHOICES)
    if csp is None and rng.random() < 0.1:
        final_headers.append(["Content-Security-Policy-Report-Only", "default-src 'self'"])
    maybe("X-Frame-Options", XFO_CHOICES)
    maybe("X-Content-Type-Options", XCTO_CHOICES)
    maybe("Referrer-Policy", REFERRER_CHOICES)
    if rng.random() < 0.3:
        final_headers.append(["Cross-Origin-Opener-Policy", rng.choice(["same-origin", "same-origin-allow-popups", "unsafe-none"])])
    if rng.random() < 0.2:
        final_headers.append(["Cross-Origin-Embedder-Policy", rng.choice(["require-corp", "credentialless"])])
    if rng.random() < 0.2:
        final_headers.append(["Cross-Origin-Resource-Policy", rng.choice(["same-origin", "same-site", "cross-origin"])])
    if rng.random() < 0.25:
        final_headers.append(["Access-Control-Allow-Origin", rng.choice(["*", "https://app.%s" % site, CORS_ORIGIN])])
        if rng.random() < 0.5:
            final_headers.append(["Access-Control-Allow-Credentials", "true"])
    for _ in range(rng.choice([0, 0, 1, 2, 3, 4])):
        final_headers.append(["Set-Cookie", _cookie(rng, site)])
    final_headers.append(["Cache-Control", "no-cache"])
    meta_csp = rng.choice(CSP_CHOICES[1:4]) if (csp is None and rng.random() < 0.15) else None
    meta_referrer = rng.choice(["no-referrer", "origin"]) if rng.random() < 0.1 else None
    body = _html(rng, site, meta_csp, meta_referrer)
    https_url = "https://%s/" % site
    cert_valid = rng.random() > 0.05
    https = {"cert_valid": cert_valid,
             "chain": [{"url": https_url, "status": 200, "headers": final_headers, "body": body}]}
    roll = rng.random()
    redirect_page = "<html><head><title>301 Moved Permanently</title></head><body>301</body></html>"
    if roll < 0.6:
        http = {"cert_valid": cert_valid, "chain": [
            {"url": "http://%s/" % site, "status": 301,
             "headers": [["Server", "nginx"], ["Content-Type", "text/html"], ["Location", https_url]],
             "body": redirect_page},
            {"url": https_url, "status": 200, "headers": final_headers, "body": body}]}
    elif roll < 0.75:
        http = {"cert_valid": True, "chain": [
            {"url": "http://%s/" % site, "status": 200, "headers": final_headers[:2], "body": body}]}
    elif roll < 0.85:
        other = "https://www.%s/" % site
        http = {"cert_valid": cert_valid, "chain": [
            {"url": "http://%s/" % site, "status": 302,
             "headers": [["Server", "nginx"], ["Content-Type", "text/html"], ["Location", other]],
             "body": redirect_page},
            {"url": other, "status": 200, "headers": final_headers, "body": body}]}
    else:
        http = None
    case = {"site": site, "https": https, "http": http}
    if rng.random() < 0.2:
        case["cors_preflight"] = {"status": 204, "headers": [
            ["Access-Control-Allow-Origin", rng.choice(["*", CORS_ORIGIN])],
            ["Access-Control-Allow-Methods", "GET, POST"]]}
    return case


def _header_value(headers, wanted):
    for name, value in headers:
        if name.lower() == wanted:
            return value
    return None


def _har_entry(method, url, status, headers, body, role=None, cert_valid=None, error=None,
               request_headers=None):
    mime = (_header_value(headers, "content-type") or "x-unknown").split(";")[0].strip()
    entry = {
        "startedDateTime": STARTED, "time": 0,
        "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1",
                    "headers": request_headers or [], "queryString": [], "cookies": [],
                    "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1" if status else "",
                     "headers": [{"name": n, "value": v} for n, v in headers], "cookies": [],
                     "content": {"size": len((body or "").encode("utf-8")), "mimeType": mime},
                     "redirectURL": _header_value(headers, "location") or "",
                     "headersSize": -1, "bodySize": -1},
        "cache": {}, "timings": {"send": 0, "wait": 0, "receive": 0},
    }
    if body is not None:
        entry["response"]["content"]["text"] = body
    if role:
        entry["_parapet"] = {"role": role}
    if cert_valid is not None and url.startswith("https:"):
        entry["_tls"] = {"certificateValid": cert_valid}
    if error:
        entry["_error"] = error
    return entry


def case_to_har(case):
    """The case as a HAR 1.2 log: the https chain, the http chain, then the CORS preflight.
    The first entry of each chain carries `_parapet.role`, as `parapet capture` writes it."""
    entries = []
    for scheme in ("https", "http"):
        chain = case.get(scheme)
        if chain is None:
            entries.append(_har_entry("GET", "%s://%s/" % (scheme, case["site"]), 0, [], None,
                                      role=scheme, error="connection refused"))
            continue
        for position, hop in enumerate(chain["chain"]):
            entries.append(_har_entry("GET", hop["url"], hop["status"], hop["headers"], hop.get("body"),
                                      role=scheme if position == 0 else None,
                                      cert_valid=chain.get("cert_valid", True)))
    preflight = case.get("cors_preflight")
    if preflight is not None:
        final = (case.get("https") or case.get("http"))["chain"][-1]["url"]
        entries.append(_har_entry(
            "OPTIONS", final, preflight["status"], preflight["headers"], "", role="cors-preflight",
            request_headers=[{"name": "Origin", "value": CORS_ORIGIN},
                             {"name": "Access-Control-Request-Method", "value": "GET"}]))
    return {"log": {"version": "1.2", "creator": {"name": "parapet-bench", "version": "1"},
                    "entries": entries}}


def observatory_inputs(out, count, seed):
    """`count` HAR files, one site each: out/observatory/NNNNN.har, and the list file."""
    folder = os.path.abspath(os.path.join(out, "observatory"))
    stamp = {"v": GENERATOR_VERSION, "count": count, "seed": seed}
    if not _fresh(folder, stamp):
        _reset(folder)
        rng = random.Random(seed)
        for index in range(count):
            har = case_to_har(response_case(rng, index))
            with open(os.path.join(folder, "%05d.har" % index), "w", encoding="utf-8") as handle:
                json.dump(har, handle, indent=1)
        _stamp(folder, stamp)
    paths = [os.path.join(folder, "%05d.har" % index) for index in range(count)]
    listing = os.path.join(folder, "bundles.txt")
    with open(listing, "w", encoding="utf-8") as handle:
        handle.write("\n".join(paths) + "\n")
    return paths, listing


def repeat_list(paths, count, name, out):
    """A bundle list of `count` entries cycling over `paths` (for 1k/10k scale runs)."""
    listing = os.path.join(out, name)
    with open(listing, "w", encoding="utf-8") as handle:
        for index in range(count):
            handle.write(paths[index % len(paths)] + "\n")
    return listing


def sized_bundles(out, seed, factors=(1, 10, 100)):
    """For each factor F: a bundle folder with F HAR files (F sites), to see how cost grows."""
    folder = os.path.abspath(os.path.join(out, "sized"))
    stamp = {"v": GENERATOR_VERSION, "seed": seed, "factors": list(factors)}
    result = {factor: os.path.join(folder, "x%d" % factor) for factor in factors}
    if not _fresh(folder, stamp):
        _reset(folder)
        rng = random.Random(seed + 1)
        for factor in factors:
            os.makedirs(result[factor])
            for index in range(factor):
                har = case_to_har(response_case(rng, 50000 + index))
                with open(os.path.join(result[factor], "site%03d.har" % index), "w", encoding="utf-8") as handle:
                    json.dump(har, handle, indent=1)
        _stamp(folder, stamp)
    return result


# ---------------------------------------------------------------------------------------------
# Policy evaluation facts (Lua vs Rego)

def service_facts(rng, index):
    """A deployment description: settings, cookies, containers, ingress rules."""
    secure = rng.random() < 0.5
    return {"service": {
        "name": "svc-%04d" % index,
        "debug": rng.random() < 0.2,
        "secret_key": "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rng.choice([12, 40, 64]))),
        "allowed_hosts": rng.sample(["*", "example.com", "api.example.com", ".example.org", "localhost"], rng.randint(1, 3)),
        "tls": {"min_version": rng.choice(["1.0", "1.1", "1.2", "1.3"]), "hsts_max_age": rng.choice([0, 300, 31536000, 63072000])},
        "csp": rng.choice(["default-src 'self'", "default-src 'self' 'unsafe-inline'", "script-src * 'unsafe-eval'", ""]),
        "cookies": [{"name": rng.choice(COOKIE_NAMES), "secure": secure or rng.random() < 0.5,
                     "httponly": rng.random() < 0.6, "samesite": rng.choice(["Lax", "Strict", "None", ""])}
                    for _ in range(rng.randint(1, 6))],
        "containers": [{"name": "c%d" % n,
                        "image": "registry.example.com/app:%s" % rng.choice(["latest", "1.4.2", "2.0.0", "sha-ab12"]),
                        "user": rng.choice([0, 1000, 65534]),
                        "privileged": rng.random() < 0.1,
                        "read_only_root": rng.random() < 0.6,
                        "memory_limit_mb": rng.choice([0, 256, 512, 2048]),
                        "ports": [rng.choice([22, 80, 443, 8000, 8080, 5432]) for _ in range(rng.randint(1, 3))]}
                       for n in range(rng.randint(1, 5))],
        "ingress": [{"source": rng.choice(["0.0.0.0/0", "10.0.0.0/8", "192.168.1.0/24"]),
                     "port": rng.choice([22, 443, 80, 3306, 5432])} for _ in range(rng.randint(1, 6))],
        "admin_url": rng.choice(["admin/", "backstage-8f3a/"]),
        "password_min_length": rng.choice([0, 8, 12]),
        "logging": {"security_events": rng.random() < 0.7, "level": rng.choice(["DEBUG", "INFO", "WARNING"])},
    }}


def policy_inputs(out, count, seed):
    """`count` fact documents: out/policy/NNNNN/service.json (one bundle each)."""
    folder = os.path.abspath(os.path.join(out, "policy"))
    stamp = {"v": GENERATOR_VERSION, "count": count, "seed": seed}
    paths = [os.path.join(folder, "%05d" % index, "service.json") for index in range(count)]
    if not _fresh(folder, stamp):
        _reset(folder)
        rng = random.Random(seed + 2)
        for index, path in enumerate(paths):
            os.makedirs(os.path.dirname(path))
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(service_facts(rng, index), handle, indent=1)
        _stamp(folder, stamp)
    listing = os.path.join(folder, "bundles.txt")
    with open(listing, "w", encoding="utf-8") as handle:
        handle.write("\n".join(os.path.dirname(p) for p in paths) + "\n")
    return paths, listing
