local django = import("django")
local ex = import("examples")

return {
  id = "DJ-DEBUG-PROPAGATE",
  title = "DEBUG_PROPAGATE_EXCEPTIONS must be off",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:209" },
  rationale = "Exceptions skip Django's 500 handling and reach the WSGI server, which may show "
    .. "tracebacks; error reports are lost.",
  remediation = "DEBUG_PROPAGATE_EXCEPTIONS = False",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#debug-propagate-exceptions",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local s = django.setting(facts, "DEBUG_PROPAGATE_EXCEPTIONS")
    if not s.known then return django.report_unknown(report, "DEBUG_PROPAGATE_EXCEPTIONS", s) end
    if django.truthy(s) then
      return report.fail{ message = "DEBUG_PROPAGATE_EXCEPTIONS is " .. django.describe(s)
        .. django.origin_note(facts, "DEBUG_PROPAGATE_EXCEPTIONS"), at = s.at }
    end
    report.pass()
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ "↓DEBUG_PROPAGATE_EXCEPTIONS = True" } },
  },
}
