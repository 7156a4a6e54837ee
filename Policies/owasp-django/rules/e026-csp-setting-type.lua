local django = import("django")
local ex = import("examples")

return {
  id = "DJ-E026",
  title = "SECURE_CSP and SECURE_CSP_REPORT_ONLY must be dicts",
  severity = "high",
  references = { "django:security.E026", "owasp:A05:2021", "cwe:1173" },
  rationale = "Django 6.0's built-in CSP reads these settings as {directive: [sources]}; a header "
    .. "string or a list is an error and no policy is sent.",
  remediation = "SECURE_CSP = {\"default-src\": [CSP.SELF], \"frame-ancestors\": [CSP.NONE]}",
  docs = "https://docs.djangoproject.com/en/stable/ref/csp/",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.E026") then return end
    if not django.at_least(facts, "6.0") then return report.not_applicable{ message = "Django before 6.0 has no built-in CSP" } end
    local failed = false
    for _, name in ipairs({ "SECURE_CSP", "SECURE_CSP_REPORT_ONLY" }) do
      local csp = django.setting(facts, name)
      if not csp.known then
        django.report_unknown(report, name, csp)
        failed = true
      elseif csp.kind ~= "map" and csp.kind ~= "null" then
        failed = true
        report.fail{ message = name .. " is a " .. csp.kind .. ", not a dict", at = csp.at }
      end
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case(), ex.case{ "SECURE_CSP_REPORT_ONLY = None" } },
    failing = { ex.case{ "↓SECURE_CSP = \"default-src 'self'\"" } },
  },
}
