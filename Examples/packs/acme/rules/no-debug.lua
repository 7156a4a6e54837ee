-- acme/rules/no-debug.lua
return {
  id = "ACME-001",
  title = "DEBUG must be off in production",
  severity = "high",                       -- info | low | medium | high | critical
  references = { "owasp:A05:2021", "cwe:489" },
  remediation = "Set DEBUG = False in the production settings.",
  rationale = "With DEBUG on, Django shows stack traces, settings and SQL to anyone who hits an error.",
  evidence = { "django.settings" },
  check = function(facts, report)
    local debug = facts.django.settings.DEBUG
    if debug == nil then
      return report.pass{ message = "DEBUG is not set (Django's default is False)" }
    end
    if not fact.known(debug) then
      return report.unknown{ message = "cannot verify DEBUG: " .. fact.reason(debug), at = debug }
    end
    if fact.value(debug) then
      report.fail{ message = "DEBUG is " .. tostring(fact.value(debug)), at = debug }
    else
      report.pass()
    end
  end,
  examples = {
    failing = {
      { facts = { django = { settings = { DEBUG = located(true, 3) } } }, expect = { line = 3 } },
    },
    passing = {
      { facts = { django = { settings = { DEBUG = false } } } },
      { facts = { django = { settings = {} } } },
    },
  },
}
