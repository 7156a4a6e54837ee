local django = import("django")
local admin = import("admin")
local ex = import("examples")

local MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"

return {
  id = "DJ-ADMIN-E408",
  title = "The admin needs AuthenticationMiddleware",
  severity = "medium",
  references = { "django:admin.E408", "owasp:A07:2021", "cwe:1188" },
  rationale = "The admin identifies its users through this middleware; without it (or a "
    .. "subclass) in MIDDLEWARE Django reports admin.E408.",
  remediation = "Add \"" .. MIDDLEWARE .. "\" to MIDDLEWARE.",
  docs = "https://docs.djangoproject.com/en/stable/ref/checks/#admin",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "admin.E408") then return end
    if not admin.admin_installed(facts, report, "admin.E408") then return end
    local found, reason, middleware = admin.contains_subclass(facts, "MIDDLEWARE", MIDDLEWARE)
    if found == nil then return django.report_unknown(report, "MIDDLEWARE", { reason = reason, at = middleware.at }) end
    if found then return report.pass() end
    report.fail{ message = MIDDLEWARE .. " is not in MIDDLEWARE, but the admin is installed", at = middleware.at }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ '↓MIDDLEWARE = [m for m in MIDDLEWARE if m != "django.contrib.auth.middleware.AuthenticationMiddleware"]' } },
  },
}
