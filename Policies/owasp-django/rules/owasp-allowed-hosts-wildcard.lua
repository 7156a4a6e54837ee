local django = import("django")
local ex = import("examples")

return {
  id = "DJ-ALLOWED-HOSTS-WILDCARD",
  title = "ALLOWED_HOSTS must name the site's hosts, not '*'",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:644" },
  rationale = "With '*' Django trusts any Host header, which poisons password-reset links and "
    .. "caches. (An empty entry, from splitting an unset variable, matches no host at all: "
    .. "Django then refuses every request, which is not this weakness.)",
  remediation = "ALLOWED_HOSTS = [\"shop.example.com\", \"www.shop.example.com\"]",
  docs = "https://docs.djangoproject.com/en/stable/topics/security/#host-headers-virtual-hosting",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local hosts = django.setting(facts, "ALLOWED_HOSTS")
    if not hosts.known then return django.report_unknown(report, "ALLOWED_HOSTS", hosts) end
    if hosts.kind ~= "list" then return report.pass() end
    local items, unknown = django.items(hosts)
    for _, item in ipairs(items) do
      local host = item.value
      if item.known and host == "*" then
        return report.fail{ message = "ALLOWED_HOSTS contains " .. django.show(host)
          .. django.origin_note(facts, "ALLOWED_HOSTS"), at = hosts.at }
      end
    end
    -- No known wildcard; an unknown item may be one.
    if unknown then return django.report_unknown(report, "ALLOWED_HOSTS", { reason = unknown, at = hosts.at }) end
    report.pass()
  end,
  examples = {
    passing = { ex.case(), ex.case{ 'ALLOWED_HOSTS = os.environ.get("H", "").split(",")' } },
    failing = { ex.case{ '↓ALLOWED_HOSTS = ["*"]' }, ex.case{ '↓ALLOWED_HOSTS = os.environ.get("H", "*").split(",")' } },
  },
}
