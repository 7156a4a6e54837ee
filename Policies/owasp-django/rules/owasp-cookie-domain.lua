local django = import("django")
local ex = import("examples")

return {
  id = "DJ-COOKIE-DOMAIN",
  title = "Session and CSRF cookies should not be shared with every subdomain",
  severity = "low",
  references = { "owasp:A05:2021", "cwe:668" },
  rationale = "A parent-domain cookie (\".example.com\") is readable and writable by every "
    .. "subdomain, so one weak subdomain can steal or fix sessions.",
  remediation = "SESSION_COOKIE_DOMAIN = None  (host-only cookie)",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-domain",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local failed = false
    for _, name in ipairs({ "SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_DOMAIN" }) do
      local s = django.setting(facts, name)
      if s.known and s.kind == "string" and string.sub(s.value, 1, 1) == "." then
        failed = true
        report.fail{ message = name .. " is " .. django.show(s.value) .. ": every subdomain shares the cookie", at = s.at }
      end
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ '↓SESSION_COOKIE_DOMAIN = ".example.com"' } },
  },
}
