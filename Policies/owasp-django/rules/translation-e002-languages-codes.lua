local ex = import("examples")
local languages = import("languages")

return {
  id = "DJ-TRANSLATION-E002",
  title = "Every code in LANGUAGES must be a valid language tag",
  severity = "low",
  references = { "django:translation.E002", "owasp:A05:2021", "cwe:1188" },
  rationale = "Django (3.0 and later) checks each code of LANGUAGES against its language-tag syntax; "
    .. "a locale name (pt_BR) or a code that is not a string is reported as translation.E002.",
  remediation = 'LANGUAGES = [("en", "English"), ("pt-br", "Brazilian Portuguese")]',
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#languages",
  evidence = { "django.settings" },
  check = function(facts, report)
    languages.check_codes(facts, report, "LANGUAGES", "translation.E002", function(entry)
      return type(entry) == "table" and entry[1] or nil
    end)
  end,
  examples = {
    passing = { ex.case{ 'LANGUAGES = [("en", "English"), ("pt-br", "Brazilian Portuguese")]' } },
    failing = { ex.case{ '↓LANGUAGES = [("en", "English"), ("pt_BR", "Brazilian Portuguese")]' } },
  },
}
