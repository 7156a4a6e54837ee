local django = import("django")
local admin = import("admin")
local ex = import("examples")

return {
  id = "DJ-ADMIN-E406",
  title = "The admin needs django.contrib.messages in INSTALLED_APPS",
  severity = "medium",
  references = { "django:admin.E406", "owasp:A05:2021", "cwe:1188" },
  rationale = "django.contrib.admin reports the result of every action as a message; without the app "
    .. "Django reports admin.E406 and the admin cannot work.",
  remediation = "Add \"django.contrib.messages\" to INSTALLED_APPS.",
  docs = "https://docs.djangoproject.com/en/stable/ref/checks/#admin",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "admin.E406") then return end
    if not admin.admin_installed(facts, report, "admin.E406") then return end
    local installed, apps = django.app_installed(facts, report, "django.contrib.messages")
    if installed == nil then return end
    if installed then return report.pass() end
    report.fail{ message = "django.contrib.admin is installed without django.contrib.messages", at = apps.at }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ '↓INSTALLED_APPS = [a for a in INSTALLED_APPS if a != "django.contrib.messages"]' } },
  },
}
