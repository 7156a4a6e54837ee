-- h: session cookies live at most 8 hours.
local settings = import("settings")

local function hours(seconds)
  return string.format("%g h", seconds / 3600)
end

return {
  id = "org-django-session-age",
  title = "Sessions expire within 8 hours",
  severity = "medium",
  references = { "owasp:A07:2021", "cwe:613", "asvs:3.3.2" },
  rationale = "A stolen session cookie works until the session expires. Django's default "
    .. "SESSION_COOKIE_AGE is two weeks (1209600 s), so leaving it unset fails.",
  remediation = "SESSION_COOKIE_AGE = 8 * 60 * 60  # or less",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-age",
  evidence = { "django.settings" },
  check = function(facts, report, options)
    local limit = math.tointeger(options.max_session_cookie_age or 28800) or 28800
    local django = settings.ready(facts, report)
    if not django then return end
    local node, unseen = settings.setting(django, "SESSION_COOKIE_AGE")
    if node == nil then
      if unseen ~= nil then return settings.unknown(report, "SESSION_COOKIE_AGE", unseen) end
      return report.fail{ message = "SESSION_COOKIE_AGE is not set: Django's default is 2 weeks (1209600 s), above "
        .. hours(limit), at = settings.anchor(django) }
    end
    if not fact.known(node) then return settings.unknown(report, "SESSION_COOKIE_AGE", node) end
    local kind, value = fact.kind(node), fact.value(node)
    if kind ~= "integer" and kind ~= "number" then
      return report.fail{ message = "SESSION_COOKIE_AGE is a " .. kind .. ", not a number of seconds", at = node }
    end
    if value > limit then
      return report.fail{ message = "SESSION_COOKIE_AGE is " .. tostring(value) .. " s (" .. hours(value)
        .. "), above " .. hours(limit), at = node }
    end
    report.pass{ message = "SESSION_COOKIE_AGE is " .. tostring(value) .. " s" }
  end,
  examples = {
    passing = {
      { files = { ["mysite/settings.py"] = "SESSION_COOKIE_AGE = 8 * 60 * 60\n" } },
      { files = { ["mysite/settings.py"] =
        'import os\nSESSION_COOKIE_AGE = int(os.environ.get("SESSION_AGE", "3600"))\n' } },
    },
    failing = {
      { files = { ["mysite/settings.py"] = "DEBUG = False\n↓SESSION_COOKIE_AGE = 60 * 60 * 24\n" },
        expect = { message = "24 h" } },
      -- from the environment
      { files = { ["mysite/settings.py"] =
        'import os\n↓SESSION_COOKIE_AGE = int(os.environ.get("SESSION_AGE", "3600"))\n' },
        env = { SESSION_AGE = "86400" } },
    },
  },
}
