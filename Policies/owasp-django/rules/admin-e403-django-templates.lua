local django = import("django")
local admin = import("admin")
local ex = import("examples")

return {
  id = "DJ-ADMIN-E403",
  title = "The admin needs a DjangoTemplates engine in TEMPLATES",
  severity = "medium",
  references = { "django:admin.E403", "owasp:A05:2021", "cwe:1188" },
  rationale = "The admin renders Django templates; without a DjangoTemplates engine Django "
    .. "reports admin.E403.",
  remediation = "TEMPLATES = [{\"BACKEND\": \"" .. admin.DJANGO_TEMPLATES .. "\", \"APP_DIRS\": True, ...}]",
  docs = "https://docs.djangoproject.com/en/stable/ref/checks/#admin",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "admin.E403") then return end
    if not admin.admin_installed(facts, report, "admin.E403") then return end
    local processors, reason, templates = admin.django_templates(facts)
    if processors == nil then return django.report_unknown(report, "TEMPLATES", { reason = reason, at = templates.at }) end
    if processors then return report.pass() end
    report.fail{ message = "django.contrib.admin is installed but TEMPLATES has no DjangoTemplates engine", at = templates.at }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ "↓TEMPLATES = []" } },
  },
}
