local django = import("django")
local ex = import("examples")

local PROTECTIONS = { "axes", "defender", "django_ratelimit", "ratelimit", "brutebuster" }

return {
  id = "DJ-BRUTE-FORCE",
  title = "Logins should be protected against brute force",
  severity = "low",
  references = { "owasp:A07:2021", "cwe:307" },
  rationale = "Django does not limit login attempts. django-axes, django-defender or "
    .. "django-ratelimit lock out or slow down password guessing.",
  remediation = "INSTALLED_APPS += [\"axes\"]\nMIDDLEWARE += [\"axes.middleware.AxesMiddleware\"]",
  docs = "https://cheatsheetseries.owasp.org/cheatsheets/Django_Security_Cheat_Sheet.html",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local apps = django.setting(facts, "INSTALLED_APPS")
    if not apps.known then return django.report_unknown(report, "INSTALLED_APPS", apps) end
    local auth, why = django.contains(apps, "django.contrib.auth")
    if auth == nil then return django.report_unknown(report, "INSTALLED_APPS", { reason = why, at = apps.at }) end
    if not auth then return report.pass{ message = "django.contrib.auth is not installed" } end
    local items, unknown = django.items(apps)
    for _, item in ipairs(items) do
      local app = item.value
      for _, name in ipairs(PROTECTIONS) do
        if item.known and (app == name or string.sub(tostring(app), 1, #name + 1) == name .. ".") then return report.pass() end
      end
    end
    -- No known protection; an app Parapet cannot list may be one.
    if unknown then return django.report_unknown(report, "INSTALLED_APPS", { reason = unknown, at = apps.at }) end
    report.fail{ message = "no brute-force protection (django-axes, django-defender, django-ratelimit) is installed", at = apps.at }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ 'INSTALLED_APPS.remove("axes")' } },
  },
}
