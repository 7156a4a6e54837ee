local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W021",
  title = "HSTS should allow preloading (SECURE_HSTS_PRELOAD = True)",
  severity = "low",
  references = { "mozilla:hsts", "django:security.W021", "owasp:A02:2021", "cwe:319" },
  rationale = "Without the preload flag the site cannot join browsers' HSTS preload list, so the "
    .. "very first visit can still go over HTTP.",
  remediation = "SECURE_HSTS_PRELOAD = True  (then submit the domain at hstspreload.org)",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-preload",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W021") then return end
    if not django.security_middleware(facts, report) then return end
    local hsts = django.setting(facts, "SECURE_HSTS_SECONDS")
    if not hsts.known then return django.report_unknown(report, "SECURE_HSTS_SECONDS", hsts) end
    if not django.truthy(hsts) then return report.pass{ message = "HSTS is off (DJ-W004 reports it)" } end
    django.check_true(facts, report, "SECURE_HSTS_PRELOAD", "the site cannot be HSTS-preloaded")
  end,
  examples = {
    passing = { ex.case() },
    failing = {
      ex.case{ "↓SECURE_HSTS_PRELOAD = False" },
      ex.case{ '↓SECURE_HSTS_PRELOAD = os.environ.get("PRELOAD", "0") == "1"' },
    },
  },
}
