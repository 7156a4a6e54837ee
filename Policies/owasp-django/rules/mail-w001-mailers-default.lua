local django = import("django")
local ex = import("examples")

return {
  id = "DJ-MAIL-W001",
  title = "MAILERS must have a 'default' entry",
  severity = "medium",
  references = { "django:mail.W001", "owasp:A05:2021", "cwe:1188" },
  rationale = "Django sends password resets, error reports and every send_mail() without "
    .. "`using` through MAILERS['default']: without that entry, sending mail fails and those "
    .. "messages are lost.",
  remediation = "MAILERS = {\"default\": {\"BACKEND\": \"django.core.mail.backends.smtp.EmailBackend\", "
    .. "\"OPTIONS\": {...}}}, or leave MAILERS out to use Django's default.",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#mailers",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "mail.W001") then return end
    if not django.at_least(facts, "6.1") then
      return report.not_applicable{ message = "MAILERS and mail.W001 exist from Django 6.1" }
    end
    local mailers = django.setting(facts, "MAILERS")
    -- Django warns only when the project sets MAILERS itself (settings.is_overridden).
    if not mailers.assigned then return report.pass() end
    if not mailers.known then return django.report_unknown(report, "MAILERS", mailers) end
    if mailers.kind ~= "map" then
      return report.unknown{
        message = "cannot verify MAILERS: it is a " .. tostring(mailers.kind) .. ", not a dict",
        at = mailers.at,
      }
    end
    if mailers.node.default ~= nil then return report.pass() end
    local empty = next(mailers.value or {}) == nil
    report.fail{
      message = "MAILERS has no 'default' entry" .. (empty and " (it is empty)" or "")
        .. django.origin_note(facts, "MAILERS"),
      at = mailers.at,
    }
  end,
  examples = {
    passing = {
      ex.case(),
      ex.case{ 'MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}' },
    },
    failing = {
      ex.case{ '↓MAILERS = {}' },
      ex.case{ '↓MAILERS = {"bulk": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}' },
    },
  },
}
