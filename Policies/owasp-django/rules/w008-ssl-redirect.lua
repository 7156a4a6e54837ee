local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W008",
  title = "HTTP must redirect to HTTPS (SECURE_SSL_REDIRECT = True)",
  severity = "medium",
  references = { "mozilla:redirection", "django:security.W008", "owasp:A02:2021", "cwe:319" },
  rationale = "Unless a load balancer or proxy redirects every request, pages stay reachable "
    .. "over plain HTTP.",
  remediation = "SECURE_SSL_REDIRECT = True  (or redirect at the proxy and silence security.W008)",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W008") then return end
    if not django.security_middleware(facts, report) then return end
    django.check_true(facts, report, "SECURE_SSL_REDIRECT", "HTTP requests are not redirected to HTTPS")
  end,
  examples = {
    passing = {
      ex.case(),
      -- A silenced id is left out of Django's listing.
      ex.case{ "SECURE_SSL_REDIRECT = False", 'SILENCED_SYSTEM_CHECKS = ["security.W008", "security.W999"]' },
    },
    failing = {
      ex.case{ "↓SECURE_SSL_REDIRECT = False" },
      ex.case{ '↓SECURE_SSL_REDIRECT = os.environ.get("SSL_REDIRECT", "True")' },
    },
  },
}
