local django = import("django")
local ex = import("examples")

-- Django reports one of three ids for the same setting, depending on whether the sessions app
-- and SessionMiddleware are installed; this one covers the case where SessionMiddleware is installed without the sessions app.
return {
  id = "DJ-W014",
  title = "The session cookie must be HttpOnly (SESSION_COOKIE_HTTPONLY = True)",
  severity = "low",
  references = { "mozilla:cookies", "django:security.W014", "owasp:A05:2021", "cwe:1004" },
  rationale = "With SESSION_COOKIE_HTTPONLY not True, JavaScript can read the session cookie (SessionMiddleware installed).",
  remediation = "SESSION_COOKIE_HTTPONLY = True",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W014") then return end
    django.session_cookie(facts, report, "middleware", "SESSION_COOKIE_HTTPONLY", "JavaScript can read the session cookie (SessionMiddleware installed)")
  end,
  examples = {
    passing = {
      ex.case(),
      ex.case{ "SESSION_COOKIE_HTTPONLY = False" },  -- both installed: DJ-W015 reports it
    },
    failing = {
      ex.case{
        "INSTALLED_APPS.remove(\"django.contrib.sessions\")",
        "SESSION_ENGINE = \"django.contrib.sessions.backends.signed_cookies\"",
        "↓SESSION_COOKIE_HTTPONLY = False",
      },
    },
  },
}
