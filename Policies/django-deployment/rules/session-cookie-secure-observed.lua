local deploy = import("deploy")

return {
  id = "DEP-SESSION-COOKIE-OBSERVED",
  title = "A session cookie seen without Secure contradicts SESSION_COOKIE_SECURE = True",
  severity = "high",
  references = { "mozilla:cookies", "owasp:A05:2021", "cwe:614" },
  rationale = "When the settings say SESSION_COOKIE_SECURE = True but the captured response sets the "
    .. "session cookie without Secure, the running site is not using the scanned settings (another "
    .. "settings module is live, or an environment variable overrides it), or something between "
    .. "Django and the browser rewrites Set-Cookie. The browser will send that cookie over HTTP.",
  remediation = "Make the running settings match: check DJANGO_SETTINGS_MODULE in the deployment "
    .. "environment, then SESSION_COOKIE_SECURE = True in that module; if a proxy rewrites cookies "
    .. "(proxy_cookie_flags), add: proxy_cookie_flags ~ secure;",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure",
  evidence = { "django.settings", "http.sites" },
  check = function(facts, report)
    local secure = deploy.setting(facts, "SESSION_COOKIE_SECURE")
    if secure == nil or not fact.known(secure) or fact.value(secure) ~= true then
      return report.not_applicable{ message = "SESSION_COOKIE_SECURE is not True in the settings" }
    end
    local name_node = deploy.setting(facts, "SESSION_COOKIE_NAME")
    local name = (name_node and fact.known(name_node) and fact.value(name_node)) or "sessionid"
    local seen = false
    for _, site in ipairs(deploy.children(facts.http.sites)) do
      local jar = site.node.cookies and site.node.cookies.jar
      for _, cookie in ipairs(deploy.children(jar)) do
        if fact.value(cookie.node.name) == name then
          seen = true
          if fact.value(cookie.node.secure) ~= true then
            report.fail{ at = cookie.node.name, result = "session-cookie-not-secure",
              message = string.format("%s set %s without Secure although SESSION_COOKIE_SECURE = True (%s); layer to fix: the live settings module or the proxy",
                tostring(site.node.host and fact.value(site.node.host)), name, tostring(fact.where(secure))) }
          end
        end
      end
    end
    if not seen then report.not_applicable{ message = "no " .. name .. " cookie was captured" } end
  end,
  examples = {
    passing = {
      { facts = { django = { settings = { SESSION_COOKIE_SECURE = true } },
        http = { sites = { { host = "shop.example.com", cookies = { jar = { { name = "sessionid", secure = true } } } } } } } },
    },
    failing = {
      { facts = { django = { settings = { SESSION_COOKIE_SECURE = true } },
        http = { sites = { { host = "shop.example.com", cookies = { jar = { { name = "sessionid", secure = false } } } } } } },
        expect = { result = "session-cookie-not-secure" } },
    },
  },
}
