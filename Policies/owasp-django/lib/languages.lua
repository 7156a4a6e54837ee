-- Django's language tags (django.utils.translation): the one place the pack reads them.

local django = import("django")

local M = {}

--- The settings' LANGUAGE_CODE for the translation check `id` that Django `since` added: the
--- setting (`django.setting`), or nil after reporting not_applicable (an older release), what
--- `django.ready` reports, or unknown (a value Parapet does not know).
function M.language_code(facts, report, id, since)
  if not django.at_least(facts, since) then
    report.not_applicable{ message = "Django " .. since .. " added " .. id }
    return nil
  end
  if not django.ready(facts, report, id) then return nil end
  local code = django.setting(facts, "LANGUAGE_CODE")
  if not code.known then
    django.report_unknown(report, "LANGUAGE_CODE", code)
    return nil
  end
  return code
end

--- Django's language_code_re, `^[a-z]{1,8}(?:-[a-z0-9]{1,8})*(?:@[a-z0-9]{1,20})?$` in any
--- case; like Python's `$`, one trailing newline is allowed.
function M.valid_tag(tag)
  if tag:sub(-1) == "\n" then tag = tag:sub(1, -2) end
  local main, variant = tag, nil
  local at = tag:find("@", 1, true)
  if at then main, variant = tag:sub(1, at - 1), tag:sub(at + 1) end
  if variant ~= nil and not (variant:match("^[%a%d]+$") and #variant <= 20) then return false end
  local first = true
  for part in (main .. "-"):gmatch("([^-]*)-") do
    local pattern = first and "^%a+$" or "^[%a%d]+$"
    if not (part:match(pattern) and #part <= 8) then return false end
    first = false
  end
  return true
end

--- translation.E002/E003 (Django 3.0 and later): every code of the list setting `name` (each
--- entry's code as `code_of` gives it) must be a string and a valid tag. Left unassigned, the
--- setting keeps Django's default, whose codes are all valid.
function M.check_codes(facts, report, name, id, code_of)
  if not django.at_least(facts, "3.0") then
    return report.not_applicable{ message = "Django 3.0 added " .. id }
  end
  if not django.ready(facts, report, id) then return end
  local setting = django.setting(facts, name)
  if not setting.known then return django.report_unknown(report, name, setting) end
  if not setting.assigned then return report.pass() end
  if setting.kind ~= "list" then
    return report.unknown{ message = name .. " is a " .. setting.kind .. ", not a list", at = setting.at }
  end
  for _, entry in ipairs(setting.value) do
    local code = code_of(entry)
    if code == nil then
      return report.unknown{ message = name .. " holds an entry Parapet does not know", at = setting.at }
    end
    if type(code) ~= "string" or not M.valid_tag(code) then
      return report.fail{ message = name .. " holds " .. django.show(code) .. ", which is not a language tag "
        .. "(letters, then hyphen-separated subtags: en-us, pt-br)", at = setting.at }
    end
  end
  report.pass()
end

-- django.conf.locale.LANG_INFO's fallbacks (unchanged from 2.0 to 6.1).
local FALLBACKS = {
  ["zh-cn"] = { "zh-hans" }, ["zh-hk"] = { "zh-hant" }, ["zh-mo"] = { "zh-hant" },
  ["zh-my"] = { "zh-hans" }, ["zh-sg"] = { "zh-hans" }, ["zh-tw"] = { "zh-hant" },
}

--- The codes get_supported_language_variant tries for `code`, in order: itself, its LANG_INFO
--- fallbacks, then each shorter prefix ("zh-hant-tw", "zh-hant", "zh").
function M.candidates(code)
  local found = { code }
  for _, fallback in ipairs(FALLBACKS[code] or {}) do found[#found + 1] = fallback end
  local prefix = code
  while true do
    local cut = prefix:match("^(.*)%-[^-]*$")
    if not cut then break end
    found[#found + 1] = cut
    prefix = cut
  end
  return found
end

--- Django's to_locale: "pt-br" -> "pt_BR", "sr-latn" -> "sr_Latn", "de" -> "de".
function M.to_locale(code)
  local lang, country = code:lower():match("^([^-]+)-(.+)$")
  if not lang then return code:sub(1, 3):lower() .. code:sub(4) end
  local first, tail = country:match("^([^-]+)(.*)$")
  if #first > 2 then first = first:sub(1, 1):upper() .. first:sub(2) else first = first:upper() end
  return lang .. "_" .. first .. tail
end

--- True when Django (its own catalogs, the pack's django-locale-catalogs.json: the release that
--- added each, `since`, and for the few it dropped, `before`, the first without it) or
--- the scanned tree (django.locale_catalogs) has a message catalog for the language code `code`
--- ("pt-br": pt_BR, or its language pt, as gettext looks them up); false when neither has
--- one that Parapet can see.
function M.catalog_seen(facts, code)
  local locale = M.to_locale(code):lower()
  local language = locale:match("^([^_]+)") or locale
  for _, entry in ipairs(data("django-locale-catalogs").locales) do
    local name = fact.value(entry.locale):lower()
    local before = entry.before and fact.value(entry.before)
    if (name == locale or name == language) and django.at_least(facts, fact.value(entry.since))
      and (before == nil or not django.at_least(facts, before)) then
      return true
    end
  end
  for _, name in ipairs(facts.django.locale_catalogs or {}) do
    local text = fact.value(name):lower()
    if text == locale or text == language then return true end
  end
  return false
end

return M
