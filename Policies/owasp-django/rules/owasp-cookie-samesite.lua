local django = import("django")
local ex = import("examples")

return {
  id = "DJ-COOKIE-SAMESITE",
  title = "Session and CSRF cookies must keep SameSite (Lax or Strict)",
  severity = "low",
  references = { "mozilla:cookies", "owasp:A01:2021", "cwe:1275" },
  rationale = "SameSite=None sends the cookies on every cross-site request, removing a layer of "
    .. "CSRF defence.",
  remediation = "SESSION_COOKIE_SAMESITE = \"Lax\"\nCSRF_COOKIE_SAMESITE = \"Lax\"",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-samesite",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local failed = false
    for _, name in ipairs({ "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE" }) do
      local s = django.setting(facts, name)
      if not s.known then
        django.report_unknown(report, name, s)
        failed = true
      elseif s.kind == "null" or s.value == "None" or s.value == false then
        failed = true
        report.fail{ message = name .. " is " .. django.describe(s), at = s.at }
      end
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ "↓SESSION_COOKIE_SAMESITE = None" } },
  },
}
