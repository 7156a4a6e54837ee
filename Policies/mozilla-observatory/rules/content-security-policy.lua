local observatory = import("observatory")
local csp = import("csp")
local examples = import("examples")

return {
  id = "content-security-policy",
  title = "A Content Security Policy must restrict scripts and objects",
  severity = "high",
  references = { "mozilla:csp", "owasp:A03:2021", "owasp:A05:2021", "cwe:79", "cwe:1021" },
  rationale = "A strict CSP is the main defence in depth against cross-site scripting: it decides "
    .. "which scripts, objects and styles a page may load or run.",
  remediation = "Send a `Content-Security-Policy` header with `default-src 'none'` (or 'self'), "
    .. "explicit `script-src`/`style-src` without 'unsafe-inline', 'unsafe-eval', data: or broad "
    .. "sources (use nonces or hashes, with 'strict-dynamic' if needed), `object-src 'none'`, and "
    .. "no http: sources on an HTTPS site. One header, no trailing comma.",
  docs = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CSP",
  evidence = { "http.sites" },
  check = function(facts, report, options)
    observatory.each_site(facts, report, function(site_node, site, host, site_report)
      local outcome = csp.analyze(site_node)
      if observatory.url_missing(site_node) then
        local as_https, as_http = csp.analyze(site_node, "https"), csp.analyze(site_node, "http")
        if as_https.result ~= as_http.result then
          return observatory.unknown(site_report, {
            target = host, at = as_https.at or site_node, needs = "url",
            message = "the policy allows plain-HTTP sources, which count only on an HTTPS page, "
              .. "and the capture does not say which URL was requested",
          })
        end
        outcome = as_https
      end
      local message = host .. ": " .. outcome.result
      if outcome.detail then message = message .. " (" .. outcome.detail .. ")" end
      if site.csp and site.csp.meta_known == false then
        message = message .. "; the capture has no body, so <meta> policies are not seen"
      end
      observatory.report(site_report, "content-security-policy", outcome.result, {
        at = outcome.at, target = host, options = options, message = message,
        data = { policy = outcome.policy },
      })
    end)
  end,
  examples = {
    passing = {
      { facts = examples.csp({ ["default-src"] = { "'none'" }, ["script-src"] = { "'self'" } }),
        expect = { result = "csp-implemented-with-no-unsafe-default-src-none" } },
      { facts = examples.csp({ ["default-src"] = { "'self'" }, ["style-src"] = { "'self'", "'unsafe-inline'" } }),
        expect = { result = "csp-implemented-with-unsafe-inline-in-style-src-only" } },
    },
    failing = {
      { facts = examples.csp({ ["default-src"] = { "'self'" }, ["script-src"] = { "'self'", "'unsafe-inline'" } }),
        expect = { result = "csp-implemented-with-unsafe-inline" } },
      { facts = examples.csp({ ["frame-ancestors"] = { "'none'" } }),
        expect = { result = "csp-implemented-with-unsafe-inline" } },
      { facts = examples.site{}, expect = { result = "csp-not-implemented" } },
      { files = { ["site.http"] = "# url: https://example.com/\nHTTP/2 200\ncontent-type: text/html\n"
          .. "↓content-security-policy: default-src 'self'; object-src 'none',\n\n<p>hi</p>\n" },
        expect = { result = "csp-header-invalid", line = 4 } },
    },
  },
}
