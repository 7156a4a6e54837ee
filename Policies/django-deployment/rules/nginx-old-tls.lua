local deploy = import("deploy")

local OLD = { SSLv2 = true, SSLv3 = true, TLSv1 = true, ["TLSv1.1"] = true }

return {
  id = "DEP-NGINX-OLD-TLS",
  title = "nginx must not accept TLS 1.0 or 1.1",
  severity = "medium",
  references = { "mozilla:tls", "owasp:A02:2021", "cwe:326" },
  rationale = "TLS 1.0 and 1.1 are deprecated (RFC 8996): their cipher suites and handshakes have "
    .. "known weaknesses and no current browser needs them.",
  remediation = "ssl_protocols TLSv1.2 TLSv1.3;",
  docs = "https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_protocols",
  evidence = { "nginx.servers" },
  check = function(facts, report)
    local tls = 0
    for _, server in ipairs(deploy.children(facts.nginx.servers)) do
      if fact.value(server.node.ssl) == true then
        tls = tls + 1
        local protocols = server.node.ssl_protocols
        if fact.known(protocols) then
          local old = {}
          for _, item in ipairs(deploy.children(protocols)) do
            if OLD[fact.value(item.node)] then old[#old + 1] = fact.value(item.node) end
          end
          if #old > 0 then
            report.fail{ at = protocols, message = "ssl_protocols enables " .. table.concat(old, ", ") }
          end
        end
      end
    end
    if tls == 0 then report.not_applicable{ message = "no nginx server terminates TLS" } end
  end,
  examples = {
    passing = {
      { files = { ["nginx.conf"] = "http {\n  server {\n    listen 443 ssl;\n    server_name a.example;\n    ssl_protocols TLSv1.2 TLSv1.3;\n  }\n}\n" } },
    },
    failing = {
      { files = { ["nginx.conf"] = "http {\n  ↓ssl_protocols TLSv1 TLSv1.1 TLSv1.2;\n  server {\n    listen 443 ssl;\n    server_name a.example;\n  }\n}\n" } },
    },
  },
}
