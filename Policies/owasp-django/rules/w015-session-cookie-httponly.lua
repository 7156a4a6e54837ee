local django = import("django")
local ex = import("examples")

-- Django reports one of three ids for the same setting, depending on whether the sessions app
-- and SessionMiddleware are installed; this one covers the case where both the sessions app and SessionMiddleware are installed.
return {
  id = "DJ-W015",
  title = "The session cookie must be HttpOnly (SESSION_COOKIE_HTTPONLY = True)",
  severity = "medium",
  references = { "mozilla:cookies", "django:security.W015", "owasp:A05:2021", "cwe:1004" },
  rationale = "With SESSION_COOKIE_HTTPONLY not True, JavaScript can read the session cookie, so an XSS can steal sessions.",
  remediation = "SESSION_COOKIE_HTTPONLY = True",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W015") then return end
    django.session_cookie(facts, report, "both", "SESSION_COOKIE_HTTPONLY", "JavaScript can read the session cookie, so an XSS can steal sessions")
  end,
  examples = {
    passing = {
      ex.case(),
    },
    failing = {
      ex.case{
        "↓SESSION_COOKIE_HTTPONLY = False",
      },
    },
  },
}
