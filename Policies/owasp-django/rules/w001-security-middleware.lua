local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W001",
  title = "SecurityMiddleware must be installed",
  severity = "medium",
  references = { "django:security.W001", "owasp:A05:2021", "cwe:693" },
  rationale = "Without django.middleware.security.SecurityMiddleware, the HSTS, nosniff, "
    .. "Referrer-Policy, Cross-Origin-Opener-Policy and SSL-redirect settings do nothing.",
  remediation = "Add it first in MIDDLEWARE:\n"
    .. "MIDDLEWARE = [\"django.middleware.security.SecurityMiddleware\", ...]",
  docs = "https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W001") then return end
    local present, middleware = django.has_middleware(facts, report, django.SM)
    if present == nil then return end
    if present then return report.pass() end
    report.fail{
      message = "django.middleware.security.SecurityMiddleware is not in MIDDLEWARE: HSTS, "
        .. "nosniff, Referrer-Policy, COOP and the SSL redirect are never applied",
      at = middleware.at,
    }
  end,
  examples = {
    passing = {
      ex.case(),
      -- Middleware from installed plugins Parapet cannot list: SecurityMiddleware is still a
      -- known item, so it is present.
      ex.case{ "from importlib import metadata", 'MIDDLEWARE += [ep.value for ep in metadata.entry_points(group="plugins")]' },
    },
    failing = {
      ex.case{ 'MIDDLEWARE.remove("django.middleware.security.SecurityMiddleware")' },
      ex.only("↓MIDDLEWARE = []\n"),
    },
  },
}
