local deploy = import("deploy")

return {
  id = "DEP-APP-PORT-PUBLIC",
  title = "The app server's port must not be published past the reverse proxy",
  severity = "high",
  references = { "owasp:A05:2021", "cwe:668" },
  rationale = "When nginx terminates TLS and sets X-Forwarded-Proto, a request that reaches "
    .. "gunicorn directly skips TLS, the proxy's headers and limits, and can forge X-Forwarded-* "
    .. "headers that Django trusts (SECURE_PROXY_SSL_HEADER). A compose `ports: \"8000:8000\"` "
    .. "publishes the port on every interface of the host. Databases published the same way are "
    .. "reported too.",
  remediation = "Publish only the proxy; give the app `expose: [\"8000\"]` or bind the host side "
    .. "to loopback: ports: [\"127.0.0.1:8000:8000\"]",
  docs = "https://docs.docker.com/reference/compose-file/services/#ports",
  evidence = { "compose.files" },
  check = function(facts, report)
    local has_proxy = facts.nginx ~= nil and facts.nginx.servers ~= nil
    for _, file in ipairs(deploy.files(facts, "compose")) do
      for _, service in ipairs(deploy.children(file.node.services)) do
        if fact.value(service.node.category) == "proxy" then has_proxy = true end
      end
    end
    for _, file in ipairs(deploy.files(facts, "compose")) do
      if deploy.production(file.node.role) then
        for _, service in ipairs(deploy.children(file.node.services)) do
          local kind = fact.value(service.node.category)
          for _, port in ipairs(deploy.children(service.node.ports)) do
            local public = port.node.public
            if public and fact.value(public) == true then
              if kind == "app" and has_proxy then
                report.fail{ at = port.node, result = "app-port",
                  message = string.format("%s: service %s publishes port %s on all interfaces, bypassing the proxy",
                    file.key, service.key, tostring(fact.value(port.node.published) or fact.value(port.node.target))) }
              elseif kind == "data" then
                report.fail{ at = port.node, result = "data-port",
                  message = string.format("%s: database service %s publishes port %s on all interfaces",
                    file.key, service.key, tostring(fact.value(port.node.published) or fact.value(port.node.target))) }
              end
            end
          end
        end
      end
    end
  end,
  examples = {
    passing = {
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    expose: [\"8000\"]\n  nginx:\n    image: nginx:1.27\n    ports: [\"443:443\"]\n" } },
    },
    failing = {
      { files = { ["docker-compose.yml"] = "services:\n  web:\n    build: .\n    ports:\n      - ↓\"8000:8000\"\n  nginx:\n    image: nginx:1.27\n    ports: [\"443:443\"]\n" } },
    },
  },
}
