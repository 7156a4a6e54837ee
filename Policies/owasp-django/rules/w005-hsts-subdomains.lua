local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W005",
  title = "HSTS must cover subdomains (SECURE_HSTS_INCLUDE_SUBDOMAINS = True)",
  severity = "low",
  references = { "mozilla:hsts", "django:security.W005", "owasp:A02:2021", "cwe:319" },
  rationale = "Without includeSubDomains, a subdomain reached over HTTP can set cookies for the "
    .. "parent domain or be used for downgrade attacks.",
  remediation = "SECURE_HSTS_INCLUDE_SUBDOMAINS = True",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-include-subdomains",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W005") then return end
    if not django.security_middleware(facts, report) then return end
    local hsts = django.setting(facts, "SECURE_HSTS_SECONDS")
    if not hsts.known then return django.report_unknown(report, "SECURE_HSTS_SECONDS", hsts) end
    if not django.truthy(hsts) then
      return report.pass{ message = "HSTS is off (DJ-W004 reports it)" }
    end
    django.check_true(facts, report, "SECURE_HSTS_INCLUDE_SUBDOMAINS",
      "HSTS does not cover subdomains")
  end,
  examples = {
    passing = { ex.case(), ex.case{ "SECURE_HSTS_SECONDS = 0", "SECURE_HSTS_INCLUDE_SUBDOMAINS = False" } },
    failing = {
      ex.case{ "↓SECURE_HSTS_INCLUDE_SUBDOMAINS = False" },
      -- `is True`: the integer 1 is not True.
      ex.case{ "↓SECURE_HSTS_INCLUDE_SUBDOMAINS = 1" },
    },
  },
}
