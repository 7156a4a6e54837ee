local django = import("django")
local ex = import("examples")
local languages = import("languages")

return {
  id = "DJ-TRANSLATION-E001",
  title = "LANGUAGE_CODE must be a valid language tag",
  severity = "low",
  references = { "django:translation.E001", "owasp:A05:2021", "cwe:1188" },
  rationale = "Django (2.2 and later) checks LANGUAGE_CODE against its language-tag syntax "
    .. "(letters, then hyphen-separated subtags, such as en-us or pt-br); a locale name such as "
    .. "pt_BR is not a tag, and Django reports translation.E001.",
  remediation = 'LANGUAGE_CODE = "pt-br"   # a language tag, not a locale name (pt_BR)',
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#language-code",
  evidence = { "django.settings" },
  check = function(facts, report)
    local code = languages.language_code(facts, report, "translation.E001", "2.2")
    if not code then return end
    if code.kind ~= "string" then
      if not django.at_least(facts, "3.0") then
        -- Django 2.2 matches the value with a regular expression and crashes on a non-string.
        return report.unknown{ message = "LANGUAGE_CODE is not a string, and Django 2.2's check raises on it", at = code.at }
      end
      return report.fail{ message = "LANGUAGE_CODE is a " .. code.kind .. ", not a language tag", at = code.at }
    end
    if languages.valid_tag(code.value) then return report.pass() end
    report.fail{ message = "LANGUAGE_CODE is " .. django.show(code.value) .. ", which is not a language tag "
      .. "(letters, then hyphen-separated subtags: en-us, pt-br)", at = code.at }
  end,
  examples = {
    passing = { ex.case{ 'LANGUAGE_CODE = "pt-br"' }, ex.case{ 'LANGUAGE_CODE = "sr-latn"' } },
    failing = { ex.case{ '↓LANGUAGE_CODE = "pt_BR"' }, ex.case{ '↓LANGUAGE_CODE = "en_US"' } },
  },
}
