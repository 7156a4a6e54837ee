local django = import("django")
local admin = import("admin")
local ex = import("examples")

-- corsheaders' own check: an allowed origin with a scheme and host must have no path, query or
-- fragment ("https://example.com/" has the path "/").
return {
  id = "DJ-CORSHEADERS-E014",
  title = "CORS_ALLOWED_ORIGINS entries must be bare origins (no path)",
  severity = "medium",
  references = { "django:corsheaders.E014", "owasp:A05:2021", "cwe:942" },
  rationale = "An origin is scheme://host[:port]; with a path (even a trailing slash) it never "
    .. "matches the Origin header (corsheaders.E014).",
  remediation = "CORS_ALLOWED_ORIGINS = [\"https://app.example.com\"]",
  docs = "https://github.com/adamchainz/django-cors-headers#cors_allowed_origins-sequencestr",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "corsheaders.E014") then return end
    local installed = django.app_installed(facts, report, "corsheaders")
    if installed == nil then return end
    if not installed then return report.pass{ message = "corsheaders is not installed" } end
    local origins, name = admin.cors_origins(facts)
    if origins == nil then return report.pass() end
    if not origins.known then return django.report_unknown(report, name, origins) end
    if origins.kind ~= "list" then return report.pass{ message = name .. " is not a sequence (corsheaders.E006)" } end
    local failed = false
    local label = django.item_labels(name)
    for index, item in ipairs(origins.node or {}) do
      if not fact.known(item) then
        report.unknown{ message = "cannot verify " .. label(index, item) .. ": " .. tostring(fact.reason(item)), at = item }
      elseif fact.kind(item) == "string" and fact.value(item) ~= "null" and fact.value(item) ~= "file://" then
        local parts = admin.urlsplit(fact.value(item))
        if parts.scheme ~= "" and parts.netloc ~= "" then
          for _, part in ipairs({ "path", "query", "fragment" }) do
            if parts[part] ~= "" then
              failed = true
              report.fail{ message = "origin '" .. fact.value(item) .. "' in " .. name .. " has a " .. part, at = item }
              break
            end
          end
        end
      end
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case{ 'INSTALLED_APPS += ["corsheaders"]', 'CORS_ALLOWED_ORIGINS = ["https://app.example.com:8443"]' } },
    failing = { ex.case{ 'INSTALLED_APPS += ["corsheaders"]', "CORS_ALLOWED_ORIGINS = [", '↓    "https://app.example.com/",', "]" } },
  },
}
