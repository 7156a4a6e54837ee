-- Each Observatory result in plain words, for the per-test table in reports.
local words = {
  -- content-security-policy
  ["csp-implemented-with-no-unsafe-default-src-none"] = "CSP blocks everything by default and allows no unsafe sources",
  ["csp-implemented-with-no-unsafe"] = "CSP allows no unsafe sources",
  ["csp-implemented-with-unsafe-inline-in-style-src-only"] = "CSP allows inline styles only",
  ["csp-implemented-with-insecure-scheme-in-passive-content-only"] = "CSP allows images or media over plain HTTP",
  ["csp-implemented-with-unsafe-eval"] = "CSP allows eval()",
  ["csp-implemented-with-unsafe-inline"] = "CSP allows inline scripts",
  ["csp-implemented-with-insecure-scheme"] = "CSP allows scripts or other active content over plain HTTP",
  ["csp-header-invalid"] = "CSP header cannot be parsed",
  ["csp-implemented-but-duplicate-directives"] = "CSP repeats a directive",
  ["csp-not-implemented"] = "no Content Security Policy",
  ["csp-not-implemented-but-reporting-enabled"] = "CSP only reports, it enforces nothing",
  -- cookies
  ["cookies-secure-with-httponly-sessions-and-samesite"] = "all cookies Secure and SameSite, session cookies HttpOnly",
  ["cookies-secure-with-httponly-sessions"] = "all cookies Secure, session cookies HttpOnly",
  ["cookies-not-found"] = "no cookies set",
  ["cookies-without-secure-flag-but-protected-by-hsts"] = "cookies without Secure, but HSTS protects them",
  ["cookies-session-without-secure-flag-but-protected-by-hsts"] = "session cookie without Secure, but HSTS protects it",
  ["cookies-without-secure-flag"] = "cookies sent without Secure",
  ["cookies-samesite-flag-invalid"] = "a cookie has an invalid SameSite value",
  ["cookies-anticsrf-without-samesite-flag"] = "anti-CSRF cookie without SameSite",
  ["cookies-session-without-httponly-flag"] = "session cookie readable by scripts (no HttpOnly)",
  ["cookies-session-without-secure-flag"] = "session cookie sent without Secure",
  -- cross-origin-resource-sharing
  ["cross-origin-resource-sharing-not-implemented"] = "no CORS: content is not shared with other sites",
  ["cross-origin-resource-sharing-implemented-with-public-access"] = "CORS shares public content with any site",
  ["cross-origin-resource-sharing-implemented-with-restricted-access"] = "CORS shares content with named sites only",
  ["cross-origin-resource-sharing-implemented-with-universal-access"] = "CORS shares content, with credentials, with any site",
  -- redirection
  ["redirection-all-redirects-preloaded"] = "all redirects stay on HSTS-preloaded hosts",
  ["redirection-to-https"] = "HTTP redirects to HTTPS on the same host",
  ["redirection-not-needed-no-http"] = "no plain HTTP listener to redirect",
  ["redirection-off-host-from-http"] = "HTTP redirects to another host first",
  ["redirection-not-to-https-on-initial-redirection"] = "the first redirect is not to HTTPS",
  ["redirection-not-to-https"] = "HTTP ends up on plain HTTP",
  ["redirection-missing"] = "HTTP does not redirect to HTTPS",
  ["redirection-invalid-cert"] = "the HTTPS certificate does not verify",
  -- referrer-policy
  ["referrer-policy-private"] = "referrer kept private",
  ["referrer-policy-no-referrer-when-downgrade"] = "referrer sent except on downgrade",
  ["referrer-policy-not-implemented"] = "no Referrer Policy (browser default)",
  ["referrer-policy-unsafe"] = "full URL sent as referrer to every site",
  ["referrer-policy-header-invalid"] = "Referrer Policy cannot be parsed",
  -- strict-transport-security
  ["hsts-preloaded"] = "host is HSTS-preloaded",
  ["hsts-implemented-max-age-at-least-six-months"] = "HSTS for at least six months",
  ["hsts-implemented-max-age-less-than-six-months"] = "HSTS for less than six months",
  ["hsts-not-implemented"] = "no HSTS",
  ["hsts-header-invalid"] = "HSTS header cannot be parsed (or was sent twice)",
  ["hsts-not-implemented-no-https"] = "no HTTPS, so no HSTS",
  ["hsts-invalid-cert"] = "HSTS ignored: the certificate does not verify",
  -- subresource-integrity
  ["sri-implemented-and-all-scripts-loaded-securely"] = "SRI on external scripts, all loaded over HTTPS",
  ["sri-implemented-and-external-scripts-loaded-securely"] = "SRI on external scripts loaded over HTTPS",
  ["sri-not-implemented-response-not-html"] = "not HTML: no scripts to check",
  ["sri-not-implemented-but-no-scripts-loaded"] = "no scripts loaded",
  ["sri-not-implemented-but-all-scripts-loaded-from-secure-origin"] = "scripts come from the site itself only",
  ["sri-not-implemented-but-external-scripts-loaded-securely"] = "external scripts over HTTPS without SRI",
  ["sri-implemented-but-external-scripts-not-loaded-securely"] = "SRI, but some scripts load over plain HTTP",
  ["sri-not-implemented-and-external-scripts-not-loaded-securely"] = "external scripts over plain HTTP without SRI",
  -- x-content-type-options
  ["x-content-type-options-nosniff"] = "MIME sniffing off (nosniff)",
  ["x-content-type-options-not-implemented"] = "MIME sniffing allowed (no header)",
  ["x-content-type-options-header-invalid"] = "X-Content-Type-Options has an invalid value",
  -- x-frame-options
  ["x-frame-options-implemented-via-csp"] = "framing controlled by CSP frame-ancestors",
  ["x-frame-options-sameorigin-or-deny"] = "framing limited to the site itself (or denied)",
  ["x-frame-options-allow-from-origin"] = "ALLOW-FROM, which browsers ignore",
  ["x-frame-options-not-implemented"] = "any site may frame the pages",
  ["x-frame-options-header-invalid"] = "X-Frame-Options has an invalid value",
  -- cross-origin-resource-policy
  ["corp-implemented-with-same-origin"] = "resources shared with the same origin only",
  ["corp-implemented-with-same-site"] = "resources shared with the same site only",
  ["corp-implemented-with-cross-origin"] = "resources shared with any site, on purpose",
  ["corp-not-implemented"] = "no Cross-Origin-Resource-Policy",
  ["corp-header-invalid"] = "Cross-Origin-Resource-Policy has an invalid value",
  -- cross-origin-opener-policy (algorithm 6)
  ["coop-implemented-with-same-origin"] = "window isolated from other origins",
  ["coop-implemented-with-same-origin-allow-popups"] = "window isolated, popups allowed",
  ["coop-implemented-with-noopener-allow-popups"] = "opener cut, popups allowed",
  ["coop-implemented-with-unsafe-none"] = "no window isolation (unsafe-none)",
  ["coop-not-implemented"] = "no Cross-Origin-Opener-Policy",
  ["coop-header-invalid"] = "Cross-Origin-Opener-Policy has an invalid value",
  -- cross-origin-embedder-policy (algorithm 6)
  ["coep-implemented-with-require-corp"] = "embedded resources must opt in (require-corp)",
  ["coep-implemented-with-credentialless"] = "embedded resources load without credentials",
  ["coep-implemented-with-unsafe-none"] = "no embedder policy (unsafe-none)",
  ["coep-not-implemented"] = "no Cross-Origin-Embedder-Policy",
  ["coep-header-invalid"] = "Cross-Origin-Embedder-Policy has an invalid value",
}

local results = {}

-- The words for a result identifier (the identifier itself when there are none).
function results.describe(result)
  return words[result] or result
end

return results
