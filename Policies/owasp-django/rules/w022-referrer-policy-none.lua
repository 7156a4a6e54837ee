local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W022",
  title = "A Referrer-Policy must be sent (SECURE_REFERRER_POLICY not None)",
  severity = "low",
  references = { "mozilla:referrer-policy", "django:security.W022", "owasp:A05:2021", "cwe:200" },
  rationale = "With SECURE_REFERRER_POLICY = None no Referrer-Policy header is sent, and full "
    .. "URLs (with tokens in query strings) may leak to other sites.",
  remediation = "SECURE_REFERRER_POLICY = \"same-origin\"  (the default since Django 3.1)",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#secure-referrer-policy",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W022") then return end
    if not django.at_least(facts, "3.0") then return report.not_applicable{ message = "Django before 3.0 has no W022" } end
    if not django.security_middleware(facts, report) then return end
    local policy = django.setting(facts, "SECURE_REFERRER_POLICY")
    if not policy.known then return django.report_unknown(report, "SECURE_REFERRER_POLICY", policy) end
    if policy.kind ~= "null" then return report.pass() end
    report.fail{ message = "SECURE_REFERRER_POLICY is " .. django.describe(policy)
      .. ": no Referrer-Policy header" .. django.origin_note(facts, "SECURE_REFERRER_POLICY"), at = policy.at }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ "↓SECURE_REFERRER_POLICY = None" } },
  },
}
