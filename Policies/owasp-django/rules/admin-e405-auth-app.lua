local django = import("django")
local admin = import("admin")
local ex = import("examples")

return {
  id = "DJ-ADMIN-E405",
  title = "The admin needs django.contrib.auth in INSTALLED_APPS",
  severity = "medium",
  references = { "django:admin.E405", "owasp:A05:2021", "cwe:1188" },
  rationale = "django.contrib.admin uses the auth app for its users and permissions; without the app "
    .. "Django reports admin.E405 and the admin cannot work.",
  remediation = "Add \"django.contrib.auth\" to INSTALLED_APPS.",
  docs = "https://docs.djangoproject.com/en/stable/ref/checks/#admin",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "admin.E405") then return end
    if not admin.admin_installed(facts, report, "admin.E405") then return end
    local installed, apps = django.app_installed(facts, report, "django.contrib.auth")
    if installed == nil then return end
    if installed then return report.pass() end
    report.fail{ message = "django.contrib.admin is installed without django.contrib.auth", at = apps.at }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ '↓INSTALLED_APPS = [a for a in INSTALLED_APPS if a != "django.contrib.auth"]' } },
  },
}
