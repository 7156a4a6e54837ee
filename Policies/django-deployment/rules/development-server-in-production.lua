local deploy = import("deploy")

return {
  id = "DEP-RUNSERVER",
  title = "Production must not start Django's development server or auto-reload",
  severity = "high",
  references = { "owasp:A05:2021", "cwe:489" },
  rationale = "`manage.py runserver` is not built for hostile traffic (Django's docs say so) and, "
    .. "with DEBUG, shows tracebacks; `--reload` / `py-autoreload` watch the code and restart on "
    .. "change, which belongs on a developer's machine. Files named for development "
    .. "(docker-compose.override.yml, compose/local/…) are skipped.",
  remediation = "Start a production server: CMD [\"gunicorn\", \"config.wsgi:application\", \"--bind\", \"0.0.0.0:8000\"] (no --reload)",
  docs = "https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver",
  evidence = { "deploy.commands" },
  check = function(facts, report)
    for _, entry in ipairs(deploy.children(facts.deploy.commands)) do
      local command = entry.node
      if deploy.production(command.role) then
        local where = fact.value(command.origin) .. " " .. fact.value(command.name)
        if fact.value(command.program) == "runserver" then
          report.fail{ at = command.program, result = "runserver",
            message = where .. " starts Django's development server: " .. fact.value(command.text) }
        elseif fact.value(command.reload) == true then
          report.fail{ at = command.reload, result = "auto-reload", severity = "medium",
            message = where .. " runs " .. fact.value(command.program) .. " with code reloading: " .. fact.value(command.text) }
        end
      end
    end
    for _, file in ipairs(deploy.files(facts, "uwsgi")) do
      local reload = file.node.py_autoreload
      if reload and fact.known(reload) and fact.value(reload) ~= "0" and deploy.production(file.node.role) then
        report.fail{ at = reload, result = "auto-reload", severity = "medium",
          message = file.key .. ": py-autoreload = " .. tostring(fact.value(reload)) .. " reloads code in production" }
      end
    end
  end,
  examples = {
    passing = {
      { files = { ["Procfile"] = "web: gunicorn config.wsgi --bind 0.0.0.0:$PORT\n" } },
      { files = { ["docker-compose.override.yml"] = "services:\n  web:\n    command: python manage.py runserver 0.0.0.0:8000\n" } },
    },
    failing = {
      { files = { ["Dockerfile"] = "FROM python:3.12\nUSER app\n↓CMD python manage.py runserver 0.0.0.0:8000\n" } },
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    command: ↓gunicorn app.wsgi --reload\n" } },
    },
  },
}
