local deploy = import("deploy")

return {
  id = "DEP-FORWARDED-ALLOW-ALL",
  title = "gunicorn must trust X-Forwarded-* headers only from the proxy",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:348" },
  rationale = "`forwarded_allow_ips = \"*\"` makes gunicorn (and uvicorn) believe X-Forwarded-Proto "
    .. "and X-Forwarded-For from any client, so whoever reaches the app port can claim HTTPS or "
    .. "another IP. It is only safe when nothing but the proxy can connect (Heroku's router, a "
    .. "private network), which the rule cannot see: check that before waiving it.",
  remediation = "Name the proxy: forwarded_allow_ips = \"10.0.0.5\" in gunicorn.conf.py (or "
    .. "--forwarded-allow-ips=10.0.0.5)",
  docs = "https://docs.gunicorn.org/en/stable/settings.html#forwarded-allow-ips",
  evidence = { any = { "gunicorn.instances", "deploy.commands" } },
  check = function(facts, report)
    local seen = false
    local gunicorn = facts.gunicorn
    for _, instance in ipairs(deploy.children(gunicorn and gunicorn.instances)) do
      seen = true
      local allowed = instance.node.forwarded_allow_ips
      if allowed and fact.known(allowed) and fact.value(allowed) == "*" and deploy.production(instance.node.role) then
        report.fail{ at = allowed, result = fact.value(instance.node.origin),
          message = string.format("%s (%s): forwarded_allow_ips is \"*\"", fact.value(instance.node.path), fact.value(instance.node.origin)) }
      end
    end
    local commands = facts.deploy and facts.deploy.commands
    for _, entry in ipairs(deploy.children(commands)) do
      local command = entry.node
      if fact.value(command.program) == "uvicorn" then
        seen = true
        if command.forwarded_allow_ips and fact.value(command.forwarded_allow_ips) == "*" and deploy.production(command.role) then
          report.fail{ at = command.forwarded_allow_ips, result = "uvicorn",
            message = fact.value(command.origin) .. " " .. fact.value(command.name) .. ": uvicorn --forwarded-allow-ips=*" }
        end
      end
    end
    if not seen then report.not_applicable{ message = "no gunicorn or uvicorn configuration" } end
  end,
  examples = {
    passing = {
      { files = { ["gunicorn.conf.py"] = "bind = \"0.0.0.0:8000\"\nforwarded_allow_ips = \"10.0.0.5\"\n" } },
    },
    failing = {
      { files = { ["gunicorn.conf.py"] = "bind = \"0.0.0.0:8000\"\n↓forwarded_allow_ips = \"*\"\n" } },
      { files = { ["Procfile"] = "↓web: gunicorn app.wsgi --forwarded-allow-ips='*'\n" } },
    },
  },
}
