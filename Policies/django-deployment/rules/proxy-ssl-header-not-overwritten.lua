local deploy = import("deploy")

return {
  id = "DEP-PROXY-SSL-HEADER",
  title = "SECURE_PROXY_SSL_HEADER needs a proxy that overwrites X-Forwarded-Proto",
  severity = "high",
  references = { "owasp:A05:2021", "cwe:348" },
  rationale = "Django trusts the header named by SECURE_PROXY_SSL_HEADER completely. Its docs require "
    .. "that the proxy always sets (or strips) it: nginx forwards the client's X-Forwarded-Proto "
    .. "unchanged unless told otherwise, and `$http_x_forwarded_proto` passes the client's value on. "
    .. "A client can then make plain HTTP look like HTTPS to Django.",
  remediation = "In every nginx location that proxies to Django: proxy_set_header X-Forwarded-Proto $scheme;",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#secure-proxy-ssl-header",
  evidence = { "django.settings" },
  check = function(facts, report)
    local header = deploy.setting(facts, "SECURE_PROXY_SSL_HEADER")
    if header == nil or (fact.known(header) and fact.value(header) == nil) then
      return report.not_applicable{ message = "SECURE_PROXY_SSL_HEADER is not set" }
    end
    if not fact.known(header) then
      return report.unknown{ message = "SECURE_PROXY_SSL_HEADER depends on the environment: " .. tostring(fact.reason(header)), at = header }
    end
    if facts.nginx == nil or facts.nginx.servers == nil then
      return report.unknown{ at = header,
        message = "SECURE_PROXY_SSL_HEADER is set but no proxy configuration is in the evidence to show it overwrites the header" }
    end
    local proxied = 0
    for _, server in ipairs(deploy.children(facts.nginx.servers)) do
      for _, location in ipairs(deploy.children(server.node.locations)) do
        local node = location.node
        if fact.value(node.proxies) == true and node.x_forwarded_proto then
          proxied = proxied + 1
          local mode = fact.value(node.x_forwarded_proto.mode)
          if mode ~= "overwrite" then
            local why = mode == "passthrough" and "passes the client's X-Forwarded-Proto on ($http_x_forwarded_proto)"
              or "does not set X-Forwarded-Proto, so the client's header reaches Django"
            local set_at = fact.get(node.x_forwarded_proto, "value")
            report.fail{ at = (set_at and fact.kind(set_at) ~= "null") and set_at or node.path,
              result = "x-forwarded-proto-" .. mode,
              message = string.format("location %s %s while Django trusts it (SECURE_PROXY_SSL_HEADER at %s); layer to fix: nginx",
                fact.value(node.path), why, tostring(fact.where(header))) }
          end
        end
      end
    end
    if proxied == 0 then report.unknown{ message = "no nginx location proxies to the app", at = header } end
  end,
  examples = {
    passing = {
      { facts = { django = { settings = { SECURE_PROXY_SSL_HEADER = { "HTTP_X_FORWARDED_PROTO", "https" } } },
        nginx = { servers = { { locations = { { path = "/", proxies = true,
          x_forwarded_proto = { mode = "overwrite", value = "$scheme" } } } } } } } },
    },
    failing = {
      { facts = { django = { settings = { SECURE_PROXY_SSL_HEADER = { "HTTP_X_FORWARDED_PROTO", "https" } } },
        nginx = { servers = { { locations = { { path = "/api/", proxies = true,
          x_forwarded_proto = { mode = "unset" } } } } } } },
        expect = { result = "x-forwarded-proto-unset" } },
    },
  },
}
