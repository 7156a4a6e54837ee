local django = import("django")
local ex = import("examples")

return {
  id = "DJ-ASYNC-E001",
  title = "DJANGO_ALLOW_ASYNC_UNSAFE must not be set in production",
  severity = "high",
  references = { "django:async.E001", "owasp:A05:2021", "cwe:362" },
  rationale = "The variable turns off Django's protection against calling the ORM from async "
    .. "code, which can corrupt data under concurrency. It is meant for notebooks and tests.",
  remediation = "Remove DJANGO_ALLOW_ASYNC_UNSAFE from the production environment.",
  docs = "https://docs.djangoproject.com/en/stable/topics/async/#envvar-DJANGO_ALLOW_ASYNC_UNSAFE",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "async.E001") then return end
    if not django.at_least(facts, "3.1") then return report.not_applicable{ message = "async.E001 exists from Django 3.1" } end
    local environment = facts.django.environment
    local value = environment and environment.DJANGO_ALLOW_ASYNC_UNSAFE
    if value ~= nil and fact.known(value) == false then
      return report.unknown{ message = "cannot verify DJANGO_ALLOW_ASYNC_UNSAFE: " .. tostring(fact.reason(value)), at = value }
    end
    if value == nil or fact.value(value) == "" then return report.pass() end
    report.fail{ message = "DJANGO_ALLOW_ASYNC_UNSAFE is set in the environment", at = value }
  end,
  examples = {
    passing = { ex.case(), ex.case({}, { DJANGO_ALLOW_ASYNC_UNSAFE = "" }) },
    failing = { ex.case({}, { DJANGO_ALLOW_ASYNC_UNSAFE = "true" }) },
  },
}
