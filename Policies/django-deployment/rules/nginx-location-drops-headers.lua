local deploy = import("deploy")

return {
  id = "DEP-NGINX-HEADERS-DROPPED",
  title = "An nginx block with its own add_header must repeat the security headers",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:693" },
  rationale = "nginx inherits add_header from the enclosing level only when a level has none of "
    .. "its own. One `add_header Cache-Control …` in `location /static/` silently removes the "
    .. "server's HSTS, CSP and X-Frame-Options from every response of that location.",
  remediation = "Repeat the headers in that block, e.g. include /etc/nginx/snippets/security-headers.conf; "
    .. "(or, on nginx 1.29.3+, add_header_inherit merge;)",
  docs = "https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header",
  evidence = { "nginx.servers" },
  check = function(facts, report)
    for _, server in ipairs(deploy.children(facts.nginx.servers)) do
      local dropped_here = {}
      for _, name in ipairs(deploy.children(server.node.dropped_headers)) do
        if deploy.SECURITY_HEADERS[fact.value(name.node)] then dropped_here[#dropped_here + 1] = fact.value(name.node) end
      end
      if #dropped_here > 0 then
        report.fail{ at = server.node, result = "server-drops-http-headers",
          message = "this server block's add_header drops the http block's " .. table.concat(dropped_here, ", ") }
      end
      for _, location in ipairs(deploy.children(server.node.locations)) do
        local node = location.node
        if fact.value(node.declares_headers) == true then
          local lost = {}
          for _, name in ipairs(deploy.children(node.dropped_headers)) do
            if deploy.SECURITY_HEADERS[fact.value(name.node)] then lost[#lost + 1] = fact.value(name.node) end
          end
          if #lost > 0 then
            report.fail{ at = node.path, result = "location-drops-server-headers",
              message = string.format("location %s has its own add_header, so it no longer sends %s; layer to fix: nginx",
                fact.value(node.path), table.concat(lost, ", ")) }
          end
        end
      end
    end
  end,
  examples = {
    passing = {
      { files = { ["nginx.conf"] = "server {\n  listen 443 ssl;\n  server_name a.example;\n  add_header X-Frame-Options DENY always;\n  location / {\n    proxy_pass http://app:8000;\n  }\n}\n" } },
    },
    failing = {
      { files = { ["nginx.conf"] = "server {\n  listen 443 ssl;\n  server_name a.example;\n  add_header X-Frame-Options DENY always;\n  ↓location /static/ {\n    add_header Cache-Control public;\n  }\n}\n" } },
    },
  },
}
