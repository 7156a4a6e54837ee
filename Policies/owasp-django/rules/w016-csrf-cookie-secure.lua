local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W016",
  title = "The CSRF cookie must be Secure (CSRF_COOKIE_SECURE = True)",
  severity = "medium",
  references = { "mozilla:cookies", "django:security.W016", "owasp:A02:2021", "cwe:614" },
  rationale = "A CSRF cookie sent over plain HTTP can be read by a network attacker, who can "
    .. "then forge requests with the matching token.",
  remediation = "CSRF_COOKIE_SECURE = True",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#csrf-cookie-secure",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W016") then return end
    local csrf = django.has_middleware(facts, report, django.CSRFM)
    if csrf == nil then return end
    if not csrf then return report.pass{ message = "CsrfViewMiddleware is absent (DJ-W003 reports it)" } end
    local sessions = django.setting(facts, "CSRF_USE_SESSIONS")
    if not sessions.known then return django.report_unknown(report, "CSRF_USE_SESSIONS", sessions) end
    if django.truthy(sessions) then
      return report.pass{ message = "the CSRF token is kept in the session (CSRF_USE_SESSIONS)" }
    end
    -- Before 4.1 Django tested the setting's truthiness, as for the session cookie.
    django.check_true(facts, report, "CSRF_COOKIE_SECURE", "the CSRF cookie may be sent over HTTP", "4.1")
  end,
  examples = {
    passing = {
      ex.case(), ex.case{ "CSRF_COOKIE_SECURE = False", "CSRF_USE_SESSIONS = True" },
      -- Django 4.0 and older: any true value passes.
      ex.case({ "CSRF_COOKIE_SECURE = 'false'" }, nil, { ["requirements.txt"] = "Django==4.0.10\npsycopg2==2.9.9\n" }),
    },
    failing = { ex.case{ "↓CSRF_COOKIE_SECURE = False" } },
  },
}
