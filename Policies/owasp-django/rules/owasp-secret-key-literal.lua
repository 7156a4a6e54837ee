local django = import("django")
local ex = import("examples")

return {
  id = "DJ-SECRET-KEY-LITERAL",
  title = "SECRET_KEY must come from the environment, not the code",
  severity = "high",
  references = { "owasp:A02:2021", "cwe:798" },
  rationale = "A key in the repository is known to everyone who can read it (and to its history "
    .. "forever). A key generated at start-up (get_random_secret_key()) hides a missing variable "
    .. "and logs everyone out on each restart. Django only checks strength.",
  remediation = "SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]",
  docs = "https://cheatsheetseries.owasp.org/cheatsheets/Django_Security_Cheat_Sheet.html",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local key = django.setting(facts, "SECRET_KEY")
    if not key.assigned then return report.pass{ message = "SECRET_KEY is not set (DJ-W009 reports it)" } end
    local provenance = django.provenance(facts, "SECRET_KEY")
    local source = provenance and provenance.source and fact.value(provenance.source)
    if source == "generated" then
      return report.fail{ severity = "medium", at = key.at,
        message = "SECRET_KEY is generated at start-up: sessions and tokens break on every restart, and a missing variable goes unnoticed" }
    end
    if source == "literal" then
      return report.fail{ message = "SECRET_KEY is written in the settings file", at = key.at }
    end
    if source == "default" and key.known and (key.kind == "null"
        or (key.kind == "secret" and key.value.length == 0) or key.value == "") then
      -- `os.environ.get("SECRET_KEY") or None`: no key is written in the code; the missing key
      -- is DJ-W009's finding.
      return report.pass{ message = "SECRET_KEY has no value in the code (DJ-W009 reports the missing key)" }
    end
    if source == "default" then
      return report.fail{ at = key.at, message = "SECRET_KEY is the code's fallback value"
        .. django.origin_note(facts, "SECRET_KEY") }
    end
    if not key.known then return django.report_unknown(report, "SECRET_KEY", key) end
    report.pass()
  end,
  examples = {
    passing = {
      ex.case(),
      ex.case{ 'SECRET_KEY = os.environ.get("NOT_SET") or None' },
    },
    failing = {
      ex.case{ '↓SECRET_KEY = "' .. ex.STRONG_KEY .. '"' },
      ex.case{ '↓SECRET_KEY = os.environ.get("NOT_SET", "' .. ex.STRONG_KEY .. '")' },
    },
  },
}
