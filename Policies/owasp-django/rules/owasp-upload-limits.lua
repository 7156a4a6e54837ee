local django = import("django")
local ex = import("examples")

local LIMITS = {
  { "DATA_UPLOAD_MAX_MEMORY_SIZE", 100 * 1024 * 1024 },
  { "DATA_UPLOAD_MAX_NUMBER_FIELDS", 100000 },
  { "DATA_UPLOAD_MAX_NUMBER_FILES", 10000 },
}

return {
  id = "DJ-UPLOAD-LIMITS",
  title = "Request body limits must stay on",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:770" },
  rationale = "None (or a huge value) lets one request exhaust memory or CPU: Django's "
    .. "multipart DoS fixes rely on these limits.",
  remediation = "DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440  (Django's default; raise it per view instead)",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#data-upload-max-memory-size",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local failed = false
    for _, limit in ipairs(LIMITS) do
      local s = django.setting(facts, limit[1])
      if s.assigned and s.known and (s.kind == "null" or (s.kind == "integer" and s.value > limit[2])) then
        failed = true
        report.fail{ message = limit[1] .. " is " .. django.describe(s), at = s.at }
      end
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ "↓DATA_UPLOAD_MAX_MEMORY_SIZE = None" } },
  },
}
