local observatory = import("observatory")
local hsts = import("hsts")
local examples = import("examples")

return {
  id = "strict-transport-security",
  title = "HTTP Strict Transport Security must be on for at least six months",
  severity = "high",
  references = { "mozilla:hsts", "owasp:A02:2021", "owasp:A05:2021", "cwe:319", "cwe:523" },
  rationale = "HSTS makes browsers use HTTPS for the site without first trying HTTP, which "
    .. "stops SSL-stripping attacks on the first request.",
  remediation = "On the final HTTPS response send one `Strict-Transport-Security: "
    .. "max-age=31536000; includeSubDomains` header (63072000 and `preload` to join the preload "
    .. "list). Use a certificate that verifies.",
  docs = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Strict-Transport-Security",
  evidence = { "http.sites" },
  check = function(facts, report, options)
    observatory.each_site(facts, report, function(site_node, _site, host, site_report)
      local outcome = hsts.evaluate(site_node, options)
      if outcome.unknown then
        return observatory.unknown(site_report, {
          target = host, message = outcome.unknown, at = site_node, needs = outcome.needs,
        })
      end
      observatory.report(site_report, "strict-transport-security", outcome.result, {
        at = outcome.at or site_node, target = host, options = options, data = outcome.data,
        message = host .. ": " .. outcome.result,
      })
    end)
  end,
  examples = {
    passing = {
      { facts = examples.site{ hsts = { present = true, value = "max-age=31536000; includeSubDomains" } },
        expect = { result = "hsts-implemented-max-age-at-least-six-months" } },
      { facts = examples.site{ hsts = { present = true, value = "max-age=\"31536000\"" } },
        expect = { result = "hsts-implemented-max-age-at-least-six-months" } },
    },
    failing = {
      { facts = examples.site{ hsts = { present = true, value = "max-age=300" } },
        expect = { result = "hsts-implemented-max-age-less-than-six-months" } },
      { facts = examples.site{ hsts = { present = true, value = "max-age=63072000, max-age=63072000" } },
        expect = { result = "hsts-header-invalid" } },
      { facts = examples.site{}, expect = { result = "hsts-not-implemented" } },
    },
  },
}
