local django = import("django")
local ex = import("examples")

return {
  id = "DJ-E102",
  title = "CSRF_FAILURE_VIEW must be importable",
  severity = "high",
  references = { "django:security.E102", "owasp:A05:2021", "cwe:755" },
  rationale = "If the CSRF failure view cannot be imported, every CSRF failure becomes a server "
    .. "error instead of a 403.",
  remediation = "Point it at a view that exists:\nCSRF_FAILURE_VIEW = \"mysite.views.csrf_failure\"",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#csrf-failure-view",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.E102") then return end
    if not django.at_least(facts, "3.2") then return report.not_applicable{ message = "E102 exists from Django 3.2" } end
    local view = facts.django.csrf_failure_view
    if not view then return report.pass{ message = "CSRF_FAILURE_VIEW is Django's default" } end
    local status = fact.value(view.status)
    if status == "import_error" then
      return report.fail{ message = "CSRF_FAILURE_VIEW cannot be imported: " .. fact.value(view.detail), at = view }
    end
    if status == "crash" then
      -- Django's check itself raises here (ViewDoesNotExist): the command dies without E102.
      return report.unknown{ message = "CSRF_FAILURE_VIEW: " .. fact.value(view.detail), at = view }
    end
    if status == "unknown" or status == "external" then
      return report.unknown{ message = "cannot verify CSRF_FAILURE_VIEW: " .. fact.value(view.detail), at = view }
    end
    report.pass()
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ '↓CSRF_FAILURE_VIEW = "core.views.csrf_failure"' } },
  },
}
