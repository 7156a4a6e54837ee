local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W025",
  title = "Every SECRET_KEY_FALLBACKS entry must be a strong key",
  severity = "high",
  references = { "django:security.W025", "owasp:A02:2021", "cwe:326" },
  rationale = "Fallback keys still validate sessions and tokens; a weak one is as bad as a weak "
    .. "SECRET_KEY.",
  remediation = "Remove old keys once sessions have rotated, or read them from the environment:\n"
    .. "SECRET_KEY_FALLBACKS = [os.environ[\"DJANGO_OLD_SECRET_KEY\"]]",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key-fallbacks",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W025") then return end
    if not django.at_least(facts, "4.1") then return report.not_applicable{ message = "Django before 4.1 has no W025" } end
    local fallbacks = django.setting(facts, "SECRET_KEY_FALLBACKS")
    if not fallbacks.known then return django.report_unknown(report, "SECRET_KEY_FALLBACKS", fallbacks) end
    if not fallbacks.node or fallbacks.kind ~= "list" then return report.pass() end
    local failed = false
    -- After an unknown part (zero or more items) the index of an item is not known.
    local counted = true
    for index, item in ipairs(fallbacks.node) do
      local label = counted and ("SECRET_KEY_FALLBACKS[" .. (index - 1) .. "]") or "an item of SECRET_KEY_FALLBACKS"
      if fact.many(item) then
        counted = false
        report.unknown{ message = "cannot verify items of SECRET_KEY_FALLBACKS: " .. tostring(fact.reason(item)), at = item }
      elseif not fact.known(item) then
        report.unknown{ message = "cannot verify " .. label .. ": " .. tostring(fact.reason(item)), at = item }
      elseif not django.key_is_strong(facts, fact.kind(item), fact.value(item)) then
        failed = true
        report.fail{ message = label .. " is a weak key" .. django.origin_note(facts, "SECRET_KEY_FALLBACKS"), at = item }
      end
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case(), ex.case{ 'SECRET_KEY_FALLBACKS = [os.environ["DJANGO_SECRET_KEY"]]' } },
    failing = {
      ex.case{ 'SECRET_KEY_FALLBACKS = [', '↓    "rotated-2023",', "]" },
    },
  },
}
