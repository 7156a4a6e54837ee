local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W019",
  title = "X_FRAME_OPTIONS must be 'DENY'",
  severity = "low",
  references = { "mozilla:x-frame-options", "django:security.W019", "owasp:A05:2021", "cwe:1021" },
  rationale = "With any other value, pages can be framed by the same origin; Django compares "
    .. "the exact string 'DENY'.",
  remediation = "X_FRAME_OPTIONS = \"DENY\"  (the default since Django 3.0)",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#x-frame-options",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W019") then return end
    local present = django.has_middleware(facts, report, django.XFM)
    if present == nil then return end
    if not present then return report.pass{ message = "XFrameOptionsMiddleware is absent (DJ-W002 reports it)" } end
    local xfo = django.setting(facts, "X_FRAME_OPTIONS")
    if not xfo.known then return django.report_unknown(report, "X_FRAME_OPTIONS", xfo) end
    if xfo.kind == "string" and xfo.value == "DENY" then return report.pass() end
    report.fail{ message = "X_FRAME_OPTIONS is " .. django.describe(xfo) .. ", not 'DENY'"
      .. django.origin_note(facts, "X_FRAME_OPTIONS"), at = xfo.at }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ '↓X_FRAME_OPTIONS = "SAMEORIGIN"' }, ex.case{ '↓X_FRAME_OPTIONS = "deny"' } },
  },
}
