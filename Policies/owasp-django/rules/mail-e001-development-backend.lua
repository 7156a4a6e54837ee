local django = import("django")
local ex = import("examples")

local DEVELOPMENT = {
  ["django.core.mail.backends.console.EmailBackend"] = true,
  ["django.core.mail.backends.dummy.EmailBackend"] = true,
  ["django.core.mail.backends.filebased.EmailBackend"] = true,
  ["django.core.mail.backends.locmem.EmailBackend"] = true,
}

return {
  id = "DJ-MAIL-E001",
  title = "The default mailer must not be a development backend",
  severity = "high",
  references = { "django:mail.E001", "owasp:A05:2021", "cwe:1188" },
  rationale = "The console, dummy, file and locmem backends never deliver mail: password "
    .. "resets and error reports are lost (or written to logs and disk).",
  remediation = "MAILERS = {\"default\": {\"BACKEND\": \"django.core.mail.backends.smtp.EmailBackend\", ...}}",
  docs = "https://docs.djangoproject.com/en/stable/topics/email/",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "mail.E001") then return end
    if not django.at_least(facts, "6.1") then return report.not_applicable{ message = "MAILERS and mail.E001 exist from Django 6.1" } end
    local mailers = django.setting(facts, "MAILERS")
    if not mailers.known then return django.report_unknown(report, "MAILERS", mailers) end
    if mailers.kind ~= "map" or not mailers.node then return report.pass() end
    local default = mailers.node.default
    local backend = default and fact.kind(default) == "map" and default.BACKEND
    if not backend then return report.pass() end
    if not fact.known(backend) then
      return report.unknown{ message = "cannot verify MAILERS['default']['BACKEND']: " .. tostring(fact.reason(backend)), at = backend }
    end
    if DEVELOPMENT[fact.value(backend)] then
      return report.fail{ message = "MAILERS['default'] uses " .. fact.value(backend), at = backend }
    end
    report.pass()
  end,
  examples = {
    passing = { ex.case() },
    failing = {
      ex.case{ 'MAILERS = {"default": {', '↓    "BACKEND": "django.core.mail.backends.console.EmailBackend"}}' },
    },
  },
}
