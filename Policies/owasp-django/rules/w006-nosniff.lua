local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W006",
  title = "X-Content-Type-Options: nosniff must be sent (SECURE_CONTENT_TYPE_NOSNIFF)",
  severity = "low",
  references = { "mozilla:x-content-type-options", "django:security.W006", "owasp:A05:2021", "cwe:693" },
  rationale = "Without nosniff, browsers may guess that an uploaded file is HTML or script and "
    .. "run it.",
  remediation = "SECURE_CONTENT_TYPE_NOSNIFF = True  (the default since Django 3.0)",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#secure-content-type-nosniff",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W006") then return end
    if not django.security_middleware(facts, report) then return end
    django.check_true(facts, report, "SECURE_CONTENT_TYPE_NOSNIFF",
      "no X-Content-Type-Options: nosniff header")
  end,
  examples = {
    passing = { ex.case() },
    failing = {
      ex.case{ "↓SECURE_CONTENT_TYPE_NOSNIFF = False" },
      ex.case{ '↓SECURE_CONTENT_TYPE_NOSNIFF = os.environ.get("NOSNIFF", "True")' },
    },
  },
}
