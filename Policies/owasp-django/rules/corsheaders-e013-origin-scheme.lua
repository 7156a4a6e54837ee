local django = import("django")
local admin = import("admin")
local ex = import("examples")

-- corsheaders' own check (it runs when the app is installed): each allowed origin other than
-- "null" and "file://" must have a scheme and a host after urlsplit().
return {
  id = "DJ-CORSHEADERS-E013",
  title = "CORS_ALLOWED_ORIGINS entries must have a scheme and a host",
  severity = "medium",
  references = { "django:corsheaders.E013", "owasp:A05:2021", "cwe:942" },
  rationale = "django-cors-headers compares allowed origins with the Origin header, which always "
    .. "has a scheme; \"example.com\" never matches (corsheaders.E013).",
  remediation = "CORS_ALLOWED_ORIGINS = [\"https://app.example.com\"]",
  docs = "https://github.com/adamchainz/django-cors-headers#cors_allowed_origins-sequencestr",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "corsheaders.E013") then return end
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
        if parts.scheme == "" or parts.netloc == "" then
          failed = true
          report.fail{ message = "origin '" .. fact.value(item) .. "' in " .. name .. " has no scheme or host", at = item }
        end
      end
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case{ 'INSTALLED_APPS += ["corsheaders"]', 'CORS_ALLOWED_ORIGINS = ["https://app.example.com", "null"]' } },
    failing = { ex.case{ 'INSTALLED_APPS += ["corsheaders"]', "CORS_ALLOWED_ORIGINS = [", '↓    "app.example.com",', "]" } },
  },
}
