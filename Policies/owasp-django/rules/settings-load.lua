local ex = import("examples")

return {
  id = "DJ-LOAD",
  title = "The settings module must load in the production environment",
  severity = "high",
  references = { "owasp:A05:2021", "cwe:248" },
  rationale = "If importing the settings raises (a required variable missing, a syntax error), "
    .. "Django does not start and manage.py check --deploy runs no check at all.",
  remediation = "Provide every required variable in the production environment, e.g.\n"
    .. "DJANGO_SECRET_KEY=… in the env file passed with --env-file.",
  docs = "https://docs.djangoproject.com/en/stable/topics/settings/",
  evidence = { "django.settings_module" },
  check = function(facts, report)
    local django = facts.django
    if django.loaded and fact.value(django.loaded) == true then
      -- Code Parapet could not follow (dynaconf hooks and validators, exec) may still raise.
      local unseen = django.unseen_settings
      if unseen ~= nil then
        return report.unknown{ message = "cannot verify that the settings load: " .. tostring(fact.reason(unseen)), at = unseen }
      end
      local possible = django.possible_load_errors
      if possible ~= nil and #possible > 0 then
        local first = possible[1]
        return report.unknown{
          message = "cannot verify that the settings load: " .. fact.value(first.type) .. " (" .. fact.value(first.message)
            .. ") is raised under a condition Parapet cannot decide",
          at = first,
        }
      end
      return report.pass()
    end
    local errors = django.load_errors
    if errors and #errors > 0 then
      for _, problem in ipairs(errors) do
        report.fail{ message = "importing " .. fact.value(django.settings_module) .. " raises "
          .. fact.value(problem.type) .. " (" .. fact.value(problem.message) .. ")", at = problem }
      end
      return
    end
    report.fail{ message = "the settings module " .. fact.value(django.settings_module)
      .. " is not in the evidence", at = django.settings_module }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.only('import os\n↓SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n') },
  },
}
