local django = import("django")
local ex = import("examples")

return {
  id = "DJ-PROXY-SSL-HEADER",
  title = "SECURE_PROXY_SSL_HEADER must be a ('HTTP_…', value) pair",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:348" },
  rationale = "Django trusts this header to decide a request is HTTPS. Anything but a 2-tuple "
    .. "naming an HTTP_ header is a mistake (True, a header string); it must only be set when the "
    .. "proxy always sets or strips the header, or a client can spoof HTTPS.",
  remediation = "SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\")",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local header = django.setting(facts, "SECURE_PROXY_SSL_HEADER")
    if not header.assigned or (header.known and header.kind == "null") then return report.pass() end
    if not header.known then return django.report_unknown(report, "SECURE_PROXY_SSL_HEADER", header) end
    local value = header.value
    if header.kind == "list" and #value == 2 and type(value[1]) == "string"
      and string.sub(value[1], 1, 5) == "HTTP_" and type(value[2]) == "string" then
      return report.pass()
    end
    report.fail{ message = "SECURE_PROXY_SSL_HEADER is " .. django.describe(header)
      .. django.origin_note(facts, "SECURE_PROXY_SSL_HEADER"), at = header.at }
  end,
  examples = {
    passing = { ex.case{ 'SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")' } },
    failing = { ex.case{ "↓SECURE_PROXY_SSL_HEADER = True" }, ex.case{ '↓SECURE_PROXY_SSL_HEADER = ("X-Forwarded-Proto", "https")' } },
  },
}
