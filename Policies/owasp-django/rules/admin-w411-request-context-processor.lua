local django = import("django")
local admin = import("admin")
local ex = import("examples")

local PROCESSOR = "django.template.context_processors.request"

return {
  id = "DJ-ADMIN-W411",
  title = "The admin sidebar needs the request context processor",
  severity = "low",
  references = { "django:admin.W411", "owasp:A05:2021", "cwe:1188" },
  rationale = "The admin navigation sidebar needs the request in its templates, from this context processor of the first "
    .. "DjangoTemplates engine; without it Django reports admin.W411 (a warning).",
  remediation = "Add \"" .. PROCESSOR .. "\" to TEMPLATES[0][\"OPTIONS\"][\"context_processors\"].",
  docs = "https://docs.djangoproject.com/en/stable/ref/checks/#admin",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "admin.W411") then return end
    if not admin.admin_installed(facts, report, "admin.W411") then return end
    local processors, reason, templates = admin.django_templates(facts)
    if processors == nil then return django.report_unknown(report, "TEMPLATES", { reason = reason, at = templates.at }) end
    if processors == false then return report.pass{ message = "no DjangoTemplates engine (DJ-ADMIN-E403 reports it)" } end
    local found, why = admin.has_processor(processors, PROCESSOR)
    if found == nil then return django.report_unknown(report, "TEMPLATES", { reason = why, at = templates.at }) end
    if found then return report.pass() end
    report.fail{ message = PROCESSOR .. " is not among the DjangoTemplates context processors", at = fact.kind(processors) and processors or templates.at }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ 'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates",',
      '↓    "OPTIONS": {"context_processors": ["django.contrib.auth.context_processors.auth", "django.contrib.messages.context_processors.messages"]}}]' } },
  },
}
