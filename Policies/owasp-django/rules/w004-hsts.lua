local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W004",
  title = "HSTS must be enabled (SECURE_HSTS_SECONDS)",
  severity = "medium",
  references = { "mozilla:hsts", "django:security.W004", "owasp:A02:2021", "cwe:319" },
  rationale = "Without Strict-Transport-Security a browser may still reach the site over plain "
    .. "HTTP, where an attacker on the network can strip TLS.",
  remediation = "Once the whole site is HTTPS-only, set:\nSECURE_HSTS_SECONDS = 31536000",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-seconds",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W004") then return end
    if not django.security_middleware(facts, report) then return end
    local hsts = django.setting(facts, "SECURE_HSTS_SECONDS")
    if not hsts.known then return django.report_unknown(report, "SECURE_HSTS_SECONDS", hsts) end
    if django.truthy(hsts) then return report.pass() end
    report.fail{
      message = "SECURE_HSTS_SECONDS is " .. django.describe(hsts) .. ": HSTS is off"
        .. django.origin_note(facts, "SECURE_HSTS_SECONDS"),
      at = hsts.at,
    }
  end,
  examples = {
    passing = {
      ex.case(),
      -- Truthiness: the string "0" counts as set (Django sends max-age=0).
      ex.case{ 'SECURE_HSTS_SECONDS = os.environ.get("HSTS", "0")' },
    },
    failing = {
      ex.case{ "↓SECURE_HSTS_SECONDS = 0" },
      ex.case{ '↓SECURE_HSTS_SECONDS = int(os.environ.get("HSTS", "0"))' },
    },
  },
}
