local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W003",
  title = "CsrfViewMiddleware must be installed",
  severity = "high",
  references = { "mozilla:csrf", "django:security.W003", "owasp:A01:2021", "cwe:352" },
  rationale = "Without django.middleware.csrf.CsrfViewMiddleware, forms and state-changing views "
    .. "are open to cross-site request forgery unless every view protects itself.",
  remediation = "Add to MIDDLEWARE:\n\"django.middleware.csrf.CsrfViewMiddleware\",",
  docs = "https://docs.djangoproject.com/en/stable/ref/csrf/",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W003") then return end
    local present, middleware = django.has_middleware(facts, report, django.CSRFM)
    if present == nil then return end
    if present then return report.pass() end
    report.fail{ message = "CsrfViewMiddleware is not in MIDDLEWARE: no CSRF protection",
      at = middleware.at }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ 'MIDDLEWARE.remove("django.middleware.csrf.CsrfViewMiddleware")' } },
  },
}
