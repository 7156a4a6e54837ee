local django = import("django")
local ex = import("examples")

local OLD_DJANGO = { ["requirements.txt"] = "Django==2.2.28\npsycopg2==2.8.6\n" }

return {
  id = "DJ-W007",
  title = "Before Django 3.0: the X-XSS-Protection header must be sent (SECURE_BROWSER_XSS_FILTER)",
  severity = "low",
  references = { "django:security.W007", "owasp:A05:2021", "cwe:79" },
  rationale = "Django 1.8 to 2.2 warn when SecurityMiddleware does not send `X-XSS-Protection: 1; "
    .. "mode=block`. Django 3.0 removed the check, because browsers dropped their XSS auditors; "
    .. "the check applies only to projects that still run an older series.",
  remediation = "Upgrade to a supported Django; until then, SECURE_BROWSER_XSS_FILTER = True",
  docs = "https://docs.djangoproject.com/en/2.2/ref/settings/#secure-browser-xss-filter",
  evidence = { "django.settings" },
  check = function(facts, report)
    if django.at_least(facts, "3.0") then
      return report.not_applicable{ message = "Django 3.0 removed security.W007" }
    end
    if not django.ready(facts, report, "security.W007") then return end
    if not django.security_middleware(facts, report) then return end
    local setting = django.setting(facts, "SECURE_BROWSER_XSS_FILTER")
    if setting.known and not setting.assigned then
      -- The engine's defaults follow the current series, which no longer has this setting.
      return report.fail{ at = setting.at,
        message = "SECURE_BROWSER_XSS_FILTER is not set (Django's default before 4.0 is False): no X-XSS-Protection header" }
    end
    django.check_true(facts, report, "SECURE_BROWSER_XSS_FILTER",
      "no X-XSS-Protection header")
  end,
  examples = {
    passing = { ex.case({ "SECURE_BROWSER_XSS_FILTER = True" }, nil, OLD_DJANGO) },
    failing = {
      ex.case({ "↓SECURE_BROWSER_XSS_FILTER = False" }, nil, OLD_DJANGO),
      ex.case({ "# SECURE_BROWSER_XSS_FILTER left at its default" }, nil, OLD_DJANGO),
    },
  },
}
