local django = import("django")
local ex = import("examples")

return {
  id = "DJ-4_0-E001",
  title = "CSRF_TRUSTED_ORIGINS entries must include a scheme",
  severity = "high",
  references = { "django:4_0.E001", "owasp:A01:2021", "cwe:352" },
  rationale = "Since Django 4.0 each trusted origin is compared with the full Origin header "
    .. "(scheme included); an entry without \"://\" never matches, and Django reports 4_0.E001.",
  remediation = "CSRF_TRUSTED_ORIGINS = [\"https://shop.example.com\"]",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#csrf-trusted-origins",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "4_0.E001") then return end
    if not django.at_least(facts, "4.0") then return report.not_applicable{ message = "4_0.E001 exists from Django 4.0" } end
    local origins = django.setting(facts, "CSRF_TRUSTED_ORIGINS")
    if not origins.known then return django.report_unknown(report, "CSRF_TRUSTED_ORIGINS", origins) end
    if origins.kind == "string" then
      -- Iterating a string gives its characters, none of which contains "://".
      if origins.value == "" then return report.pass() end
      return report.fail{ message = "CSRF_TRUSTED_ORIGINS is a string: each character is an origin without a scheme", at = origins.at }
    end
    if origins.kind ~= "list" then
      if origins.kind == "map" then
        -- Iterating a dict gives its keys.
        local failed = false
        for key in pairs(origins.value or {}) do
          if not string.find(key, "://", 1, true) then failed = true end
        end
        if failed then return report.fail{ message = "a CSRF_TRUSTED_ORIGINS key has no scheme", at = origins.at } end
        return report.pass()
      end
      return django.report_unknown(report, "CSRF_TRUSTED_ORIGINS", { reason = "iterating a " .. origins.kind .. " raises TypeError (the check crashes)", at = origins.at })
    end
    local failed = false
    local label = django.item_labels("CSRF_TRUSTED_ORIGINS")
    for index, item in ipairs(origins.node or {}) do
      if not fact.known(item) then
        report.unknown{ message = "cannot verify " .. label(index, item) .. ": " .. tostring(fact.reason(item)), at = item }
      elseif fact.kind(item) == "string" and not string.find(fact.value(item), "://", 1, true) then
        failed = true
        report.fail{ message = label(index, item) .. " is '" .. fact.value(item)
          .. "', without a scheme (since Django 4.0 it must read like https://example.com)"
          .. django.origin_note(facts, "CSRF_TRUSTED_ORIGINS"), at = item }
      end
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case{ 'CSRF_TRUSTED_ORIGINS = ["https://shop.example.com", "https://*.example.com"]' } },
    failing = { ex.case{ "CSRF_TRUSTED_ORIGINS = [", '↓    "shop.example.com",', "]" } },
  },
}
