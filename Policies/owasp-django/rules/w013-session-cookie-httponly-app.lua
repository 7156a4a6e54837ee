local django = import("django")
local ex = import("examples")

-- Django reports one of three ids for the same setting, depending on whether the sessions app
-- and SessionMiddleware are installed; this one covers the case where only the sessions app is installed (no SessionMiddleware).
return {
  id = "DJ-W013",
  title = "The session cookie must be HttpOnly (SESSION_COOKIE_HTTPONLY = True)",
  severity = "low",
  references = { "mozilla:cookies", "django:security.W013", "owasp:A05:2021", "cwe:1004" },
  rationale = "With SESSION_COOKIE_HTTPONLY not True, JavaScript can read the session cookie (sessions app installed).",
  remediation = "SESSION_COOKIE_HTTPONLY = True",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W013") then return end
    django.session_cookie(facts, report, "app", "SESSION_COOKIE_HTTPONLY", "JavaScript can read the session cookie (sessions app installed)")
  end,
  examples = {
    passing = {
      ex.case(),
      ex.case{ "SESSION_COOKIE_HTTPONLY = False" },  -- both installed: DJ-W015 reports it
    },
    failing = {
      ex.case{
        "MIDDLEWARE.remove(\"django.contrib.sessions.middleware.SessionMiddleware\")",
        "MIDDLEWARE.remove(\"django.contrib.messages.middleware.MessageMiddleware\")",
        "MIDDLEWARE.remove(\"django.contrib.auth.middleware.AuthenticationMiddleware\")",
        "↓SESSION_COOKIE_HTTPONLY = False",
      },
    },
  },
}
