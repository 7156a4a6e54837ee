local ex = import("examples")
local startup = import("startup")

return {
  id = "DJ-LOAD",
  title = "The settings module must load in the production environment",
  severity = "high",
  references = { "owasp:A05:2021", "cwe:248" },
  rationale = "If importing the settings raises (a required variable missing, a syntax error), "
    .. "Django does not start and manage.py check --deploy runs no check at all.",
  remediation = "Provide every required variable in the production environment, e.g.\n"
    .. "DJANGO_SECRET_KEY=… in the env file passed with --env-file. A settings module the checkout\n"
    .. "does not hold (git-ignored, written by the deployment) must be in the scanned tree too.",
  docs = "https://docs.djangoproject.com/en/stable/topics/settings/",
  evidence = { any = { "django.settings_module", "django.entry_stop" } },
  check = function(facts, report)
    local django = facts.django
    if django.entry_stop ~= nil then
      local failure, where = startup.certain_failure(facts)
      return report.fail{ message = failure, at = where }
    end
    if django.loaded and fact.value(django.loaded) == true then
      -- The module imports, but Django itself refuses the values (Django <3.2, empty key; an
      -- empty key read by an installed app while Django starts).
      local failure, where = startup.certain_failure(facts)
      if failure then
        return report.fail{ message = "the settings import, but Django stops loading them: " .. failure,
          at = where }
      end
      -- Code Parapet could not follow, a raise it cannot decide, a file it cannot see, an empty
      -- SECRET_KEY read while Django starts: the load may still fail.
      local doubt, at = startup.doubt(facts)
      if doubt then
        return report.unknown{ message = "cannot verify that the settings load: " .. doubt, at = at }
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
    -- A settings module the scan cannot see (a symbolic link it does not follow) may load.
    local possible = django.possible_load_errors
    if possible and #possible > 0 then
      return report.unknown{ message = "cannot verify that the settings load: "
        .. fact.value(possible[1].message), at = possible[1] }
    end
    report.fail{ message = "the settings module " .. fact.value(django.settings_module)
      .. " is not in the evidence", at = django.settings_module }
  end,
  examples = {
    passing = { ex.case() },
    failing = {
      ex.only('import os\n↓SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n'),
      -- No SECRET_KEY, and an installed app whose models read it while Django starts.
      ex.only('↓INSTALLED_APPS = ["django.contrib.auth", "rest_framework_simplejwt"]\n'),
    },
  },
}
