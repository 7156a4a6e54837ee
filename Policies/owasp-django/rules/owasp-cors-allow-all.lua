local django = import("django")
local ex = import("examples")

return {
  id = "DJ-CORS-ALLOW-ALL",
  title = "CORS must not allow every origin (django-cors-headers)",
  severity = "high",
  references = { "mozilla:cors", "owasp:A01:2021", "cwe:942" },
  rationale = "CORS_ALLOW_ALL_ORIGINS lets any site read responses. With CORS_ALLOW_CREDENTIALS "
    .. "the middleware echoes the caller's Origin, so any site can read logged-in users' data.",
  remediation = "CORS_ALLOWED_ORIGINS = [\"https://app.example.com\"]",
  docs = "https://github.com/adamchainz/django-cors-headers#configuration",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local failed = false
    for _, name in ipairs({ "CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL" }) do
      local s = django.setting(facts, name)
      if s.assigned and s.known and django.truthy(s) then
        local credentials = django.setting(facts, "CORS_ALLOW_CREDENTIALS")
        failed = true
        if credentials.assigned and credentials.known and django.truthy(credentials) then
          report.fail{ severity = "critical", at = s.at,
            message = name .. " with CORS_ALLOW_CREDENTIALS: any site can make credentialed reads" }
        else
          report.fail{ message = name .. " is on: any site can read responses", at = s.at }
        end
      end
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case() },
    failing = {
      ex.case{ "↓CORS_ALLOW_ALL_ORIGINS = True" },
      ex.case{ "↓CORS_ORIGIN_ALLOW_ALL = True", "CORS_ALLOW_CREDENTIALS = True" },
    },
  },
}
