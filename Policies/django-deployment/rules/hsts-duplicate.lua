local deploy = import("deploy")

return {
  id = "DEP-HSTS-DUPLICATE",
  title = "HSTS must be sent by one layer only",
  severity = "medium",
  references = { "mozilla:hsts", "owasp:A05:2021", "cwe:16" },
  rationale = "When nginx adds Strict-Transport-Security and Django's SecurityMiddleware sends it "
    .. "too, responses carry two HSTS headers. RFC 6797 says to process only the first, and the "
    .. "Mozilla Observatory scores a repeated header as invalid HSTS.",
  remediation = "Keep one: either remove the nginx line (add_header Strict-Transport-Security …) or "
    .. "set SECURE_HSTS_SECONDS = 0 and let nginx send it",
  docs = "https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring",
  evidence = { "nginx.servers" },
  check = function(facts, report)
    local seconds = deploy.setting(facts, "SECURE_HSTS_SECONDS")
    local django_sends = seconds ~= nil and fact.known(seconds) and type(fact.value(seconds)) == "number" and fact.value(seconds) > 0
    local observed_twice = nil
    for _, site in ipairs(deploy.children(facts.http and facts.http.sites)) do
      local hsts = site.node.hsts
      if hsts and hsts.count and fact.value(hsts.count) and fact.value(hsts.count) > 1 then observed_twice = hsts end
    end
    local found = false
    for _, server in ipairs(deploy.children(facts.nginx.servers)) do
      for _, location in ipairs(deploy.children(server.node.locations)) do
        if fact.value(location.node.proxies) == true then
          for _, header in ipairs(deploy.children(location.node.headers)) do
            if fact.value(header.node.name) == "strict-transport-security" and (django_sends or observed_twice) then
              found = true
              report.fail{ at = header.node.name, result = "hsts-sent-twice",
                message = string.format("nginx adds Strict-Transport-Security to %s, which proxies to Django%s; layer to fix: one of nginx or Django",
                  fact.value(location.node.path),
                  django_sends and (" where SECURE_HSTS_SECONDS = " .. tostring(fact.value(seconds))) or " (two HSTS headers were observed)") }
            end
          end
        end
      end
    end
    if not found and observed_twice then
      report.fail{ at = observed_twice, result = "hsts-observed-twice",
        message = "the captured response carries Strict-Transport-Security twice" }
    end
  end,
  examples = {
    passing = {
      { facts = { django = { settings = { SECURE_HSTS_SECONDS = 0 } },
        nginx = { servers = { { locations = { { path = "/", proxies = true,
          headers = { { name = "strict-transport-security", value = "max-age=63072000" } } } } } } } } },
    },
    failing = {
      { facts = { django = { settings = { SECURE_HSTS_SECONDS = 31536000 } },
        nginx = { servers = { { locations = { { path = "/", proxies = true,
          headers = { { name = "strict-transport-security", value = "max-age=63072000" } } } } } } } },
        expect = { result = "hsts-sent-twice" } },
    },
  },
}
