local django = import("django")
local ex = import("examples")

local WEAK = {
  ["django.contrib.auth.hashers.MD5PasswordHasher"] = true,
  ["django.contrib.auth.hashers.UnsaltedMD5PasswordHasher"] = true,
  ["django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher"] = true,
  ["django.contrib.auth.hashers.SHA1PasswordHasher"] = true,
  ["django.contrib.auth.hashers.CryptPasswordHasher"] = true,
}

return {
  id = "DJ-PASSWORD-HASHERS",
  title = "New passwords must be hashed with a slow algorithm",
  severity = "high",
  references = { "owasp:A02:2021", "cwe:916" },
  rationale = "The first entry of PASSWORD_HASHERS hashes every new password. MD5, SHA1, "
    .. "unsalted and crypt hashes are cracked at billions of guesses per second.",
  remediation = "PASSWORD_HASHERS = [\"django.contrib.auth.hashers.Argon2PasswordHasher\", "
    .. "\"django.contrib.auth.hashers.PBKDF2PasswordHasher\"]",
  docs = "https://docs.djangoproject.com/en/stable/topics/auth/passwords/",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local hashers = django.setting(facts, "PASSWORD_HASHERS")
    if not hashers.known then return django.report_unknown(report, "PASSWORD_HASHERS", hashers) end
    local head = hashers.kind == "list" and hashers.node and hashers.node[1]
    if head and not fact.known(head) then
      -- The first hasher (or an unknown part before the known ones) is not known.
      return django.report_unknown(report, "PASSWORD_HASHERS", { reason = fact.reason(head), at = hashers.at })
    end
    local first = hashers.kind == "list" and hashers.value[1]
    if type(first) == "string" and WEAK[first] then
      return report.fail{ message = "new passwords are hashed with " .. first, at = hashers.at }
    end
    report.pass()
  end,
  examples = {
    passing = { ex.case(), ex.case{ 'PASSWORD_HASHERS = ["django.contrib.auth.hashers.ScryptPasswordHasher", "django.contrib.auth.hashers.MD5PasswordHasher"]' } },
    failing = { ex.case{ '↓PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]' } },
  },
}
