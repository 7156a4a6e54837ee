local django = import("django")
local ex = import("examples")

return {
  id = "DJ-E101",
  title = "CSRF_FAILURE_VIEW must accept (request, reason=...)",
  severity = "high",
  references = { "django:security.E101", "owasp:A05:2021", "cwe:628" },
  rationale = "Django calls the CSRF failure view as view(request, reason=...); a view without "
    .. "the reason argument raises TypeError on every CSRF failure.",
  remediation = "def csrf_failure(request, reason=\"\"):\n    ...",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#csrf-failure-view",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.E101") then return end
    if not django.at_least(facts, "3.2") then return report.not_applicable{ message = "E101 exists from Django 3.2" } end
    local view = facts.django.csrf_failure_view
    if not view then return report.pass{ message = "CSRF_FAILURE_VIEW is Django's default" } end
    local status = fact.value(view.status)
    if status == "bad_signature" then
      return report.fail{ message = "CSRF_FAILURE_VIEW: " .. fact.value(view.detail), at = view["function"] or view }
    end
    if status == "unknown" or status == "external" then
      return report.unknown{ message = "cannot verify CSRF_FAILURE_VIEW: " .. fact.value(view.detail), at = view }
    end
    report.pass{ message = fact.value(view.detail) }
  end,
  examples = {
    passing = { ex.case({ 'CSRF_FAILURE_VIEW = "mysite.views.failed"' }, nil,
      { ["mysite/views.py"] = "def failed(request, reason=''):\n    return None\n" }) },
    failing = { ex.case({ 'CSRF_FAILURE_VIEW = "mysite.views.failed"' }, nil,
      { ["mysite/views.py"] = "↓def failed(request):\n    return None\n" }) },
  },
}
