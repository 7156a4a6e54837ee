local django = import("django")
local ex = import("examples")

local VALID = { ["same-origin"] = true, ["same-origin-allow-popups"] = true, ["unsafe-none"] = true }

return {
  id = "DJ-E024",
  title = "SECURE_CROSS_ORIGIN_OPENER_POLICY must be a valid value",
  severity = "high",
  references = { "mozilla:cross-origin-opener-policy", "django:security.E024", "owasp:A05:2021", "cwe:1021" },
  rationale = "An invalid Cross-Origin-Opener-Policy is ignored by browsers, leaving windows "
    .. "open to cross-origin attacks (XS-Leaks); Django treats it as an error.",
  remediation = "SECURE_CROSS_ORIGIN_OPENER_POLICY = \"same-origin\"",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#secure-cross-origin-opener-policy",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.E024") then return end
    if not django.at_least(facts, "4.0") then return report.not_applicable{ message = "Django before 4.0 has no E024" } end
    if not django.security_middleware(facts, report) then return end
    local coop = django.setting(facts, "SECURE_CROSS_ORIGIN_OPENER_POLICY")
    if not coop.known then return django.report_unknown(report, "SECURE_CROSS_ORIGIN_OPENER_POLICY", coop) end
    if coop.kind == "null" or (coop.kind == "string" and VALID[coop.value]) then return report.pass() end
    report.fail{ message = "SECURE_CROSS_ORIGIN_OPENER_POLICY is " .. django.describe(coop)
      .. ", not one of same-origin, same-origin-allow-popups, unsafe-none"
      .. django.origin_note(facts, "SECURE_CROSS_ORIGIN_OPENER_POLICY"), at = coop.at }
  end,
  examples = {
    passing = { ex.case(), ex.case{ "SECURE_CROSS_ORIGIN_OPENER_POLICY = None" } },
    failing = { ex.case{ '↓SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin-allow-popup"' } },
  },
}
