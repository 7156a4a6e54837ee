local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W018",
  title = "DEBUG must be off in production",
  severity = "high",
  references = { "django:security.W018", "owasp:A05:2021", "cwe:489" },
  rationale = "With DEBUG on, error pages show stack traces, settings, SQL and local variables "
    .. "to anyone, and Django keeps every query in memory.",
  remediation = "DEBUG = False  (or DEBUG = os.environ.get(\"DJANGO_DEBUG\") == \"1\" with the "
    .. "variable unset in production)",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#debug",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W018") then return end
    local debug = django.setting(facts, "DEBUG")
    if not debug.known then return django.report_unknown(report, "DEBUG", debug) end
    if not django.truthy(debug) then return report.pass() end
    report.fail{
      message = "DEBUG is " .. django.describe(debug) .. django.origin_note(facts, "DEBUG"),
      at = debug.at,
    }
  end,
  examples = {
    passing = { ex.case(), ex.case{ 'DEBUG = os.environ.get("DJANGO_DEBUG") == "1"' } },
    failing = {
      ex.case{ "↓DEBUG = True" },
      -- A string is truthy: "False" turns debug mode on.
      ex.case{ '↓DEBUG = os.environ.get("DJANGO_DEBUG", "False")' },
      ex.case({ '↓DEBUG = os.environ.get("DJANGO_DEBUG") == "1"' }, { DJANGO_DEBUG = "1" }),
    },
  },
}
