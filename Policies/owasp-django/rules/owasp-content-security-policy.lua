local django = import("django")
local ex = import("examples")

local function sources_of(policy, directive)
  local node = policy and policy[directive]
  if not node then return nil end
  if fact.kind(node) == "string" then return { fact.value(node) } end
  if fact.kind(node) == "list" then
    local out = {}
    local undecided
    for _, item in ipairs(node) do
      if fact.known(item) then out[#out + 1] = fact.value(item) else undecided = fact.reason(item) end
    end
    return out, undecided
  end
  return nil
end

return {
  id = "DJ-CSP",
  title = "A Content-Security-Policy must be configured, without unsafe script sources",
  severity = "medium",
  references = { "mozilla:csp", "owasp:A03:2021", "cwe:79" },
  rationale = "CSP is the main defence in depth against XSS. None of Django 6's built-in CSP, "
    .. "django-csp 4 (CONTENT_SECURITY_POLICY) or django-csp 3 (CSP_*) is configured, or the "
    .. "policy allows 'unsafe-inline', 'unsafe-eval' or * for scripts.",
  remediation = "MIDDLEWARE += [\"django.middleware.csp.ContentSecurityPolicyMiddleware\"]\n"
    .. "SECURE_CSP = {\"default-src\": [CSP.SELF], \"object-src\": [CSP.NONE], \"frame-ancestors\": [CSP.NONE]}",
  docs = "https://docs.djangoproject.com/en/stable/ref/csp/",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local settings = facts.django.settings
    local builtin = django.contains(django.setting(facts, "MIDDLEWARE"), django.CSPM)
    local third_party = django.contains(django.setting(facts, "MIDDLEWARE"), "csp.middleware.CSPMiddleware")
    local policy, at
    if builtin and settings.SECURE_CSP and fact.kind(settings.SECURE_CSP) == "map" and #settings.SECURE_CSP > 0 then
      policy, at = settings.SECURE_CSP, settings.SECURE_CSP
    elseif third_party and settings.CONTENT_SECURITY_POLICY and fact.kind(settings.CONTENT_SECURITY_POLICY) == "map" then
      local directives = settings.CONTENT_SECURITY_POLICY.DIRECTIVES
      policy, at = directives, settings.CONTENT_SECURITY_POLICY
    elseif third_party then
      return report.pass{ message = "django-csp 3 settings (CSP_*) are not analysed further" }
    end
    if not policy and (builtin == nil or third_party == nil) then
      -- MIDDLEWARE has items Parapet cannot know: one may be a CSP middleware.
      local middleware = django.setting(facts, "MIDDLEWARE")
      local _, why = django.items(middleware)
      return django.report_unknown(report, "MIDDLEWARE", { reason = why or middleware.reason, at = middleware.at })
    end
    if not policy then
      return report.fail{ message = "no Content-Security-Policy is configured", at = django.setting(facts, "MIDDLEWARE").at }
    end
    local scripts, undecided = sources_of(policy, "script-src")
    if not scripts then scripts, undecided = sources_of(policy, "default-src") end
    for _, source in ipairs(scripts or {}) do
      if source == "'unsafe-inline'" or source == "'unsafe-eval'" or source == "*" then
        return report.fail{ message = "the CSP allows " .. source .. " for scripts", at = at }
      end
    end
    if undecided then return django.report_unknown(report, "the CSP script sources", { reason = undecided, at = at }) end
    report.pass()
  end,
  examples = {
    passing = { ex.case() },
    failing = {
      ex.case{ "SECURE_CSP = {}" },
      ex.case{ "↓SECURE_CSP = {\"default-src\": [\"'self'\"], \"script-src\": [\"'self'\", \"'unsafe-inline'\"]}" },
    },
  },
}
