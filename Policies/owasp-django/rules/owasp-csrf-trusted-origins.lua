local django = import("django")
local ex = import("examples")

return {
  id = "DJ-CSRF-TRUSTED-ORIGINS",
  title = "CSRF_TRUSTED_ORIGINS must be HTTPS origins without broad wildcards",
  severity = "medium",
  references = { "mozilla:csrf", "owasp:A01:2021", "cwe:352" },
  rationale = "A trusted http:// origin can be spoofed on the network; 'https://*' or "
    .. "'https://*.com' trusts every site for unsafe requests.",
  remediation = "CSRF_TRUSTED_ORIGINS = [\"https://shop.example.com\"]",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#csrf-trusted-origins",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local origins = django.setting(facts, "CSRF_TRUSTED_ORIGINS")
    if not origins.known then return django.report_unknown(report, "CSRF_TRUSTED_ORIGINS", origins) end
    if origins.kind ~= "list" then return report.pass() end
    local items, unknown = django.items(origins)
    for _, item in ipairs(items) do
      local origin = item.value
      if type(origin) == "string" then
        local host = string.match(origin, "^%a+://(.*)$") or origin
        local dots = select(2, string.gsub(host, "%.", ""))
        if string.sub(origin, 1, 7) == "http://" then
          return report.fail{ message = "CSRF_TRUSTED_ORIGINS trusts " .. origin .. " over plain HTTP"
            .. django.origin_note(facts, "CSRF_TRUSTED_ORIGINS"), at = origins.at }
        end
        if host == "*" or (string.sub(host, 1, 1) == "*" and dots < 2) then
          return report.fail{ message = "CSRF_TRUSTED_ORIGINS trusts " .. origin
            .. django.origin_note(facts, "CSRF_TRUSTED_ORIGINS"), at = origins.at }
        end
      end
    end
    if unknown then return django.report_unknown(report, "CSRF_TRUSTED_ORIGINS", { reason = unknown, at = origins.at }) end
    report.pass()
  end,
  examples = {
    passing = { ex.case{ 'CSRF_TRUSTED_ORIGINS = ["https://*.shop.example.com"]' } },
    failing = { ex.case{ '↓CSRF_TRUSTED_ORIGINS = ["http://shop.example.com"]' }, ex.case{ '↓CSRF_TRUSTED_ORIGINS = ["https://*"]' } },
  },
}
