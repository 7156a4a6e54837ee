local deploy = import("deploy")

return {
  id = "DEP-NGINX-SERVER-TOKENS",
  title = "nginx must not announce its version",
  severity = "low",
  references = { "owasp:A05:2021", "cwe:200" },
  rationale = "With server_tokens on (nginx's default) every response's Server header and error "
    .. "page carry the exact nginx version, which tells attackers which published flaws to try.",
  remediation = "In the http block of nginx.conf: server_tokens off;",
  docs = "https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens",
  evidence = { "nginx.servers" },
  check = function(facts, report)
    for _, server in ipairs(deploy.children(facts.nginx.servers)) do
      local tokens = server.node.server_tokens
      if fact.value(tokens) ~= "off" then
        local explicit = fact.value(server.node.server_tokens_explicit)
        report.fail{ at = tokens, result = explicit and "server-tokens-on" or "server-tokens-default",
          message = explicit and ("server_tokens is " .. tostring(fact.value(tokens)))
            or "server_tokens is not set, and nginx's default is on" }
      end
    end
  end,
  examples = {
    passing = {
      { files = { ["nginx/nginx.conf"] = "http {\n  server_tokens off;\n  server {\n    listen 80;\n    server_name a.example;\n  }\n}\n" } },
    },
    failing = {
      { files = { ["nginx/nginx.conf"] = "http {\n  ↓server_tokens on;\n  server {\n    listen 80;\n    server_name a.example;\n  }\n}\n" } },
    },
  },
}
