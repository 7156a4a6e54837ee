local django = import("django")
local ex = import("examples")

-- Django reports one of three ids for the same setting, depending on whether the sessions app
-- and SessionMiddleware are installed; this one covers the case where only the sessions app is installed (no SessionMiddleware).
return {
  id = "DJ-W010",
  title = "The session cookie must be Secure (SESSION_COOKIE_SECURE = True)",
  severity = "low",
  references = { "mozilla:cookies", "django:security.W010", "owasp:A02:2021", "cwe:614" },
  rationale = "With SESSION_COOKIE_SECURE not True, the session cookie may be sent over HTTP (sessions app installed).",
  remediation = "SESSION_COOKIE_SECURE = True",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W010") then return end
    django.session_cookie(facts, report, "app", "SESSION_COOKIE_SECURE", "the session cookie may be sent over HTTP (sessions app installed)")
  end,
  examples = {
    passing = {
      ex.case(),
      ex.case{ "SESSION_COOKIE_SECURE = False" },  -- both installed: DJ-W012 reports it
    },
    failing = {
      ex.case{
        "MIDDLEWARE.remove(\"django.contrib.sessions.middleware.SessionMiddleware\")",
        "MIDDLEWARE.remove(\"django.contrib.messages.middleware.MessageMiddleware\")",
        "MIDDLEWARE.remove(\"django.contrib.auth.middleware.AuthenticationMiddleware\")",
        "↓SESSION_COOKIE_SECURE = False",
      },
    },
  },
}
