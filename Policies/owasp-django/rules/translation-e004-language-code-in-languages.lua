local django = import("django")
local ex = import("examples")
local languages = import("languages")

return {
  id = "DJ-TRANSLATION-E004",
  title = "LANGUAGE_CODE must be one of LANGUAGES (or a variant of one)",
  severity = "low",
  references = { "django:translation.E004", "owasp:A05:2021", "cwe:1188" },
  rationale = "Django (3.0 and later) looks LANGUAGE_CODE up in LANGUAGES the way it picks a "
    .. "request's language: the code, its fallbacks and shorter prefixes (with a message catalog), "
    .. "then any listed variant of its language. When none is listed, Django reports translation.E004.",
  remediation = 'LANGUAGES = [("en", "English"), ("pt-br", "Brazilian Portuguese")]\n'
    .. 'LANGUAGE_CODE = "pt-br"',
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#languages",
  evidence = { "django.settings" },
  check = function(facts, report)
    local code = languages.language_code(facts, report, "translation.E004", "3.0")
    if not code then return end
    if code.kind ~= "string" then
      return report.unknown{ message = "LANGUAGE_CODE is not a string: Django's lookup of it raises", at = code.at }
    end
    local listed = django.setting(facts, "LANGUAGES")
    if not listed.known then return django.report_unknown(report, "LANGUAGES", listed) end
    if listed.kind ~= "list" then
      return report.unknown{ message = "LANGUAGES is not a list of (code, name) pairs", at = listed.at }
    end
    local supported, keys = {}, {}
    for _, pair in ipairs(listed.value) do
      local tag = type(pair) == "table" and pair[1]
      if type(tag) ~= "string" then
        return report.unknown{ message = "LANGUAGES holds an entry whose code is not known", at = listed.at }
      end
      supported[#supported + 1] = tag
      keys[tag] = true
    end
    local wanted = code.value
    local candidates = languages.candidates(wanted)
    local undecided = nil
    for _, candidate in ipairs(candidates) do
      -- Django compares the candidate as given before 4.1, lower-cased from 4.1 (the keys of
      -- LANGUAGES as written in both); where the two differ in 4.1 itself, not decided.
      local exact, lowered = keys[candidate] == true, keys[candidate:lower()] == true
      local listed_here = django.at_least(facts, "4.1") and lowered or exact
      if exact ~= lowered and django.series(facts) == "4.1" then
        undecided = undecided or candidate
        listed_here = false
      end
      if listed_here then
        -- Listed: Django takes it when a message catalog exists for it (check_for_language).
        if languages.catalog_seen(facts, candidate) then return report.pass() end
        undecided = undecided or candidate
      end
    end
    local generic = candidates[#candidates]
    for _, tag in ipairs(supported) do
      if tag:sub(1, #generic + 1) == generic .. "-" then return report.pass() end
    end
    if undecided then
      return report.unknown{ message = "LANGUAGES lists " .. undecided .. " (or a spelling of it in another case, "
        .. "which Django 4.1 compares differently across its releases), and Django takes it only if a message "
        .. "catalog for it exists: neither Django nor the scanned tree has one (an installed package or a "
        .. "LOCALE_PATHS folder outside the scan may)", at = code.at }
    end
    report.fail{ message = "LANGUAGE_CODE is " .. django.show(wanted) .. ", and LANGUAGES lists neither it, "
      .. "nor a fallback or shorter prefix of it, nor another variant of " .. generic, at = code.at }
  end,
  examples = {
    passing = {
      ex.case{ 'LANGUAGE_CODE = "en-us"' },
      ex.case{ 'LANGUAGE_CODE = "fr-ca"', 'LANGUAGES = [("fr", "French")]' },
      ex.case{ 'LANGUAGE_CODE = "de"', 'LANGUAGES = [("de-at", "Austrian German")]' },
    },
    failing = {
      ex.case{ '↓LANGUAGE_CODE = "pt_BR"' },
      ex.case{ '↓LANGUAGE_CODE = "de-at"', 'LANGUAGES = [("en", "English")]' },
    },
  },
}
