local django = import("django")
local admin = import("admin")
local ex = import("examples")

local PROCESSOR = "django.contrib.auth.context_processors.auth"
local MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
-- Django's own subclasses of ModelBackend.
local MODEL_BACKENDS = {
  [MODEL_BACKEND] = true,
  ["django.contrib.auth.backends.AllowAllUsersModelBackend"] = true,
  ["django.contrib.auth.backends.RemoteUserBackend"] = true,
  ["django.contrib.auth.backends.AllowAllUsersRemoteUserBackend"] = true,
}

-- `_contains_subclass(ModelBackend, AUTHENTICATION_BACKENDS)`: true, false, or nil and a reason.
local function uses_model_backend(facts)
  local backends = django.setting(facts, "AUTHENTICATION_BACKENDS")
  if not backends.known then return nil, backends.reason, backends end
  if backends.kind ~= "list" then return nil, "AUTHENTICATION_BACKENDS is not a list", backends end
  local undecided
  for _, item in ipairs(backends.node or { }) do
    if not fact.known(item) then undecided = fact.reason(item)
    elseif MODEL_BACKENDS[fact.value(item)] then return true, nil, backends
    elseif type(fact.value(item)) == "string" and string.sub(fact.value(item), 1, 7) ~= "django." then
      undecided = fact.value(item) .. " may subclass ModelBackend"
    end
  end
  if not backends.node then
    for _, value in ipairs(backends.value or {}) do
      if MODEL_BACKENDS[value] then return true, nil, backends end
    end
  end
  if undecided then return nil, undecided, backends end
  return false, nil, backends
end

return {
  id = "DJ-ADMIN-E402",
  title = "The admin needs the auth context processor",
  severity = "medium",
  references = { "django:admin.E402", "owasp:A05:2021", "cwe:1188" },
  rationale = "With ModelBackend authentication the admin templates need the user and "
    .. "permissions from this context processor; without it Django reports admin.E402.",
  remediation = "Add \"" .. PROCESSOR .. "\" to TEMPLATES[0][\"OPTIONS\"][\"context_processors\"].",
  docs = "https://docs.djangoproject.com/en/stable/ref/checks/#admin",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "admin.E402") then return end
    if not admin.admin_installed(facts, report, "admin.E402") then return end
    local processors, reason, templates = admin.django_templates(facts)
    if processors == nil then return django.report_unknown(report, "TEMPLATES", { reason = reason, at = templates.at }) end
    if processors == false then return report.pass{ message = "no DjangoTemplates engine (DJ-ADMIN-E403 reports it)" } end
    local found, why = admin.has_processor(processors, PROCESSOR)
    if found == nil then return django.report_unknown(report, "TEMPLATES", { reason = why, at = templates.at }) end
    if found then return report.pass() end
    local model, why_backend, backends = uses_model_backend(facts)
    if model == nil then return django.report_unknown(report, "AUTHENTICATION_BACKENDS", { reason = why_backend, at = backends.at }) end
    if not model then return report.pass{ message = "no ModelBackend in AUTHENTICATION_BACKENDS" } end
    report.fail{ message = PROCESSOR .. " is not among the DjangoTemplates context processors", at = fact.kind(processors) and processors or templates.at }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ 'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates",',
      '↓    "OPTIONS": {"context_processors": ["django.template.context_processors.request", "django.contrib.messages.context_processors.messages"]}}]' } },
  },
}
