local django = import("django")
local ex = import("examples")

return {
  id = "DJ-HARDCODED-CREDENTIALS",
  title = "Passwords and keys must not be written in the settings",
  severity = "high",
  references = { "owasp:A07:2021", "cwe:798" },
  rationale = "Database, mail and API credentials in the repository are readable by everyone "
    .. "with access to it, and stay in its history. A literal default for a password variable "
    .. "silently replaces a missing one in production.",
  remediation = "\"PASSWORD\": os.environ[\"DB_PASSWORD\"],",
  docs = "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local found = facts.django.hardcoded_secrets
    local failed = false
    for _, entry in ipairs(found or {}) do
      local setting = fact.value(entry.setting)
      if setting ~= "SECRET_KEY" and string.sub(setting, 1, 21) ~= "SECRET_KEY_FALLBACKS." then
        failed = true
        local how = fact.value(entry.origin) == "literal" and "is written in the settings"
          or ("falls back to a value in the code because $" .. fact.value(entry.variable) .. " is not set")
        report.fail{ message = setting .. " " .. how, at = entry }
      end
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case() },
    failing = {
      ex.case{ 'DATABASES["default"]["PASSWORD"] = "Sup3rS3cret!"' },
      ex.case{ '↓AWS_SECRET_ACCESS_KEY = "hunter2hunter2"' },
    },
  },
}
