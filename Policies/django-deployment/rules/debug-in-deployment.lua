local deploy = import("deploy")

local NAMES = { "DEBUG", "DJANGO_DEBUG" }

return {
  id = "DEP-DEBUG-ENV",
  title = "Deployment files must not switch DEBUG on",
  severity = "high",
  references = { "owasp:A05:2021", "cwe:489" },
  rationale = "Settings usually read DEBUG from the environment, so the value that runs is the one a "
    .. "Dockerfile ENV, a compose `environment:` or a Kubernetes `env:` sets. With DEBUG on, Django "
    .. "shows tracebacks, settings and SQL to anyone who triggers an error. Development files are skipped.",
  remediation = "Set it off where the environment is defined, e.g. in docker-compose.yml: DEBUG: \"False\"",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#debug",
  evidence = { any = { "deploy.environment", "uwsgi.files" } },
  check = function(facts, report)
    local seen = false
    for _, name in ipairs(NAMES) do
      local variable = deploy.env(facts, name)
      for _, candidate in ipairs(deploy.children(variable and variable.candidates)) do
        local node = candidate.node
        seen = true
        -- `value` is a reserved name on fact nodes: read the child with :get.
        local value = fact.get(node, "value")
        if fact.value(node.role) ~= "development" and fact.known(value) and deploy.truthy(fact.value(value)) then
          report.fail{ at = value, result = fact.value(node.source_kind),
            message = string.format("%s sets %s=%s", fact.value(node.source), name, tostring(fact.value(value))) }
        end
      end
    end
    for _, file in ipairs(deploy.files(facts, "uwsgi")) do
      for _, name in ipairs(NAMES) do
        local value = file.node.env and file.node.env[name]
        if value then
          seen = true
          if fact.known(value) and deploy.truthy(fact.value(value)) and deploy.production(file.node.role) then
            report.fail{ at = value, result = "uwsgi", message = file.key .. " sets env " .. name .. "=" .. fact.value(value) }
          end
        end
      end
    end
    if not seen then report.not_applicable{ message = "no deployment file sets DEBUG" } end
  end,
  examples = {
    passing = {
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    environment:\n      DEBUG: \"False\"\n" } },
      { files = { ["docker-compose.override.yml"] = "services:\n  web:\n    environment:\n      DEBUG: \"True\"\n" } },
    },
    failing = {
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    environment:\n      - ↓DEBUG=True\n" } },
      { files = { ["Dockerfile"] = "FROM python:3.12\n↓ENV DJANGO_DEBUG=1\nUSER app\n" } },
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    environment:\n      ↓DEBUG: ${DJANGO_DEBUG:-True}\n" } },
    },
  },
}
