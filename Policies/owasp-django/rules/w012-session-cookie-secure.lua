local django = import("django")
local ex = import("examples")

-- Django reports one of three ids for the same setting, depending on whether the sessions app
-- and SessionMiddleware are installed; this one covers the case where both the sessions app and SessionMiddleware are installed.
return {
  id = "DJ-W012",
  title = "The session cookie must be Secure (SESSION_COOKIE_SECURE = True)",
  severity = "medium",
  references = { "mozilla:cookies", "django:security.W012", "owasp:A02:2021", "cwe:614" },
  rationale = "With SESSION_COOKIE_SECURE not True, the session cookie may be sent over HTTP, where it can be sniffed.",
  remediation = "SESSION_COOKIE_SECURE = True",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W012") then return end
    django.session_cookie(facts, report, "both", "SESSION_COOKIE_SECURE", "the session cookie may be sent over HTTP, where it can be sniffed")
  end,
  examples = {
    passing = {
      ex.case(),
      -- Django 4.0 and older tested truthiness: the string "false" passed.
      ex.case({ "SESSION_COOKIE_SECURE = 'false'" }, nil, { ["requirements.txt"] = "Django==3.2.25\npsycopg2==2.9.9\n" }),
    },
    failing = {
      ex.case{
        "↓SESSION_COOKIE_SECURE = False",
      },
      -- Apps and middleware extended with plugins: the sessions app and middleware are known
      -- items, so the check applies.
      ex.case{
        "from importlib import metadata",
        'INSTALLED_APPS += [ep.value for ep in metadata.entry_points(group="plugins")]',
        'MIDDLEWARE = [*MIDDLEWARE, *[ep.value for ep in metadata.entry_points(group="mw")]]',
        "↓SESSION_COOKIE_SECURE = False",
      },
    },
  },
}
