local ex = import("examples")
local languages = import("languages")

return {
  id = "DJ-TRANSLATION-E003",
  title = "Every code in LANGUAGES_BIDI must be a valid language tag",
  severity = "low",
  references = { "django:translation.E003", "owasp:A05:2021", "cwe:1188" },
  rationale = "Django (3.0 and later) checks each code of LANGUAGES_BIDI (the right-to-left "
    .. "languages) against its language-tag syntax and reports translation.E003 for one that is not.",
  remediation = 'LANGUAGES_BIDI = ["he", "ar", "fa"]',
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#languages-bidi",
  evidence = { "django.settings" },
  check = function(facts, report)
    languages.check_codes(facts, report, "LANGUAGES_BIDI", "translation.E003", function(entry) return entry end)
  end,
  examples = {
    passing = { ex.case{ 'LANGUAGES_BIDI = ["he", "ar"]' } },
    failing = { ex.case{ '↓LANGUAGES_BIDI = ["he", "ar_EG"]' } },
  },
}
