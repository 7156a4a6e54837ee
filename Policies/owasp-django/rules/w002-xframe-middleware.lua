local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W002",
  title = "XFrameOptionsMiddleware must be installed (clickjacking)",
  severity = "medium",
  references = { "mozilla:x-frame-options", "django:security.W002", "owasp:A05:2021", "cwe:1021" },
  rationale = "Without django.middleware.clickjacking.XFrameOptionsMiddleware no X-Frame-Options "
    .. "header is sent, so any site can frame the pages and trick users into clicking.",
  remediation = "Add to MIDDLEWARE:\n\"django.middleware.clickjacking.XFrameOptionsMiddleware\",",
  docs = "https://docs.djangoproject.com/en/stable/ref/clickjacking/",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W002") then return end
    local present, middleware = django.has_middleware(facts, report, django.XFM)
    if present == nil then return end
    if present then return report.pass() end
    report.fail{
      message = "XFrameOptionsMiddleware is not in MIDDLEWARE: pages can be framed by any site",
      at = middleware.at,
    }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ 'MIDDLEWARE.remove("django.middleware.clickjacking.XFrameOptionsMiddleware")' } },
  },
}
