local django = import("django")
local ex = import("examples")

local NONCE = "<CSP_NONCE_SENTINEL>"
local PROCESSOR = "django.template.context_processors.csp"

-- Django tests `CSP.NONCE in value` for each directive value: a list or tuple holds it as an
-- item, a string contains it as a substring. Returns true, false, or nil with a reason.
local function uses_nonce(csp)
  if not csp.known then return nil, csp.reason end
  if csp.kind ~= "map" then return false end
  local undecided
  for _, directive in pairs(csp.node or {}) do
    if not fact.known(directive) then
      undecided = fact.reason(directive)
    elseif fact.kind(directive) == "string" then
      if string.find(fact.value(directive), NONCE, 1, true) then return true end
    elseif fact.kind(directive) == "list" then
      for _, source in ipairs(directive) do
        if not fact.known(source) then
          undecided = fact.reason(source)
        elseif fact.value(source) == NONCE then
          return true
        end
      end
    end
  end
  if undecided then return nil, undecided end
  return false
end

-- Whether any engine lists the processor: true, false, or nil and a reason when an engine,
-- its options or a processor is not known (an unknown one may be it).
local function has_processor(templates)
  if not templates.known or templates.kind ~= "list" or not templates.node then return false end
  local undecided
  for _, engine in ipairs(templates.node) do
    if not fact.known(engine) then undecided = fact.reason(engine) end
    local options = fact.kind(engine) == "map" and engine.OPTIONS
    if options and not fact.known(options) then undecided = fact.reason(options) end
    local processors = options and fact.kind(options) == "map" and options.context_processors
    if processors and not fact.known(processors) then undecided = fact.reason(processors) end
    if processors and fact.kind(processors) == "list" then
      for _, item in ipairs(processors) do
        if not fact.known(item) then
          undecided = fact.reason(item)
        elseif fact.value(item) == PROCESSOR then
          return true
        end
      end
    end
  end
  if undecided then return nil, undecided end
  return false
end

return {
  id = "DJ-W027",
  title = "CSP.NONCE needs the csp template context processor",
  severity = "medium",
  references = { "mozilla:csp", "django:security.W027", "owasp:A03:2021", "cwe:79" },
  rationale = "The nonce goes into the header but never reaches templates, so inline scripts "
    .. "are blocked, and teams then loosen the policy with 'unsafe-inline'.",
  remediation = "Add to TEMPLATES[0][\"OPTIONS\"][\"context_processors\"]:\n"
    .. "\"django.template.context_processors.csp\",",
  docs = "https://docs.djangoproject.com/en/stable/ref/csp/#nonce-usage",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W027") then return end
    if not django.at_least(facts, "6.1") then return report.not_applicable{ message = "W027 exists from Django 6.1" } end
    local middleware = django.has_middleware(facts, report, django.CSPM)
    if middleware == nil then return end
    if not middleware then return report.pass{ message = "the CSP middleware is not installed" } end
    local enforce = django.setting(facts, "SECURE_CSP")
    local report_only = django.setting(facts, "SECURE_CSP_REPORT_ONLY")
    local enforced, why_enforced = uses_nonce(enforce)
    local reported, why_reported = uses_nonce(report_only)
    if not enforced and not reported then
      if enforced == nil then return django.report_unknown(report, "SECURE_CSP", { reason = why_enforced, at = enforce.at }) end
      if reported == nil then return django.report_unknown(report, "SECURE_CSP_REPORT_ONLY", { reason = why_reported, at = report_only.at }) end
      return report.pass()
    end
    local templates = django.setting(facts, "TEMPLATES")
    if not templates.known then return django.report_unknown(report, "TEMPLATES", templates) end
    local found, undecided = has_processor(templates)
    if found then return report.pass() end
    if found == nil then return django.report_unknown(report, "TEMPLATES", { reason = undecided, at = templates.at }) end
    local at = enforced and enforce.at or report_only.at
    report.fail{ message = "the CSP uses CSP.NONCE but no TEMPLATES engine has " .. PROCESSOR, at = at }
  end,
  examples = {
    passing = { ex.case() },
    failing = {
      ex.case{ "from django.utils.csp import CSP",
        '↓SECURE_CSP = {"default-src": [CSP.SELF], "script-src": [CSP.SELF, CSP.NONCE]}' },
      -- `CSP.NONCE in "…"` is a substring test on a string directive value.
      ex.case{ "from django.utils.csp import CSP",
        '↓SECURE_CSP_REPORT_ONLY = {"script-src": "\'self\' " + CSP.NONCE}' },
    },
  },
}
