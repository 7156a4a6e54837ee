local django = import("django")
local ex = import("examples")

local VALID = {
  ["no-referrer"] = true, ["no-referrer-when-downgrade"] = true, ["origin"] = true,
  ["origin-when-cross-origin"] = true, ["same-origin"] = true, ["strict-origin"] = true,
  ["strict-origin-when-cross-origin"] = true, ["unsafe-url"] = true,
}

-- Django splits a string on "," and strips each part; any other iterable is used as it is
-- (so " b" from "a, b".split(",") is invalid). Tokens are case-sensitive.
local function tokens(policy)
  local out = {}
  if policy.kind == "string" then
    for part in string.gmatch(policy.value .. ",", "([^,]*),") do
      out[#out + 1] = string.match(part, "^%s*(.-)%s*$")
    end
  elseif policy.kind == "list" then
    for _, item in ipairs(policy.node or {}) do
      if not fact.known(item) then return nil, fact.reason(item) end
      out[#out + 1] = fact.kind(item) == "string" and fact.value(item) or false
    end
  elseif policy.kind == "map" then
    for key in pairs(policy.value) do out[#out + 1] = key end
  else
    -- set() of a bool, int or float raises TypeError: Django's check crashes, no E023.
    return nil, "set() of a " .. tostring(policy.kind) .. " raises TypeError, so Django's check crashes"
  end
  return out
end

return {
  id = "DJ-E023",
  title = "SECURE_REFERRER_POLICY must hold valid policy values",
  severity = "high",
  references = { "mozilla:referrer-policy", "django:security.E023", "owasp:A05:2021", "cwe:200" },
  rationale = "An invalid value makes browsers ignore the Referrer-Policy header; Django treats "
    .. "it as an error.",
  remediation = "SECURE_REFERRER_POLICY = \"strict-origin-when-cross-origin\"",
  docs = "https://docs.djangoproject.com/en/stable/ref/middleware/#referrer-policy",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.E023") then return end
    if not django.at_least(facts, "3.0") then return report.not_applicable{ message = "Django before 3.0 has no E023" } end
    if not django.security_middleware(facts, report) then return end
    local policy = django.setting(facts, "SECURE_REFERRER_POLICY")
    if not policy.known then return django.report_unknown(report, "SECURE_REFERRER_POLICY", policy) end
    if policy.kind == "null" then return report.pass{ message = "no policy (DJ-W022 reports it)" } end
    local values, reason = tokens(policy)
    if values == nil then
      return report.unknown{ message = "cannot verify SECURE_REFERRER_POLICY: " .. tostring(reason), at = policy.at }
    end
    local bad = {}
    for _, token in ipairs(values) do
      if token == false then
        bad[#bad + 1] = "(not a string)"
      elseif not VALID[token] then
        bad[#bad + 1] = "'" .. token .. "'"
      end
    end
    if #bad == 0 then return report.pass() end
    report.fail{ message = "SECURE_REFERRER_POLICY has invalid values: " .. table.concat(bad, ", ")
      .. django.origin_note(facts, "SECURE_REFERRER_POLICY"),
      at = policy.at }
  end,
  examples = {
    passing = {
      ex.case{ 'SECURE_REFERRER_POLICY = "same-origin, strict-origin"' },
      ex.case{ 'SECURE_REFERRER_POLICY = ["no-referrer", "strict-origin-when-cross-origin"]' },
    },
    failing = {
      ex.case{ '↓SECURE_REFERRER_POLICY = "no-referer"' },
      ex.case{ '↓SECURE_REFERRER_POLICY = "same-origin, strict-origin".split(",")' },
      ex.case{ '↓SECURE_REFERRER_POLICY = ""' },
      ex.case{ '↓SECURE_REFERRER_POLICY = "Same-Origin"' },
    },
  },
}
