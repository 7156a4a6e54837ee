local deploy = import("deploy")

return {
  id = "DEP-HSTS-NOT-OBSERVED",
  title = "HSTS configured in Django must reach the browser",
  severity = "high",
  references = { "mozilla:hsts", "owasp:A05:2021", "cwe:319" },
  rationale = "SECURE_HSTS_SECONDS only works when SecurityMiddleware runs, the request is seen as "
    .. "secure (behind a proxy: SECURE_PROXY_SSL_HEADER) and no proxy drops the header. When the "
    .. "settings ask for HSTS but the captured HTTPS response has none, one of those layers is "
    .. "wrong, or the scanned settings are not the ones running.",
  remediation = "Fix the layer named in the finding: keep \"django.middleware.security.SecurityMiddleware\" "
    .. "first in MIDDLEWARE; behind nginx set SECURE_PROXY_SSL_HEADER = (\"HTTP_X_FORWARDED_PROTO\", \"https\") "
    .. "with proxy_set_header X-Forwarded-Proto $scheme; or send it from nginx: "
    .. "add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" always;",
  docs = "https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security",
  evidence = { "django.settings", "http.sites" },
  check = function(facts, report)
    local seconds = deploy.setting(facts, "SECURE_HSTS_SECONDS")
    if seconds == nil or not fact.known(seconds) or type(fact.value(seconds)) ~= "number" or fact.value(seconds) <= 0 then
      return report.not_applicable{ message = "SECURE_HSTS_SECONDS is not set in the settings" }
    end
    local secure_header = deploy.setting(facts, "SECURE_PROXY_SSL_HEADER")
    local https_sites = 0
    for _, site in ipairs(deploy.children(facts.http.sites)) do
      local node = site.node
      if node.scheme and fact.value(node.scheme) == "https" and node.hsts then
        https_sites = https_sites + 1
        if fact.value(node.hsts.present) ~= true then
          local layer = "Django (SecurityMiddleware missing, or the live settings differ)"
          if facts.nginx ~= nil and (secure_header == nil or fact.value(secure_header) == nil) then
            layer = "Django behind a proxy: without SECURE_PROXY_SSL_HEADER the request looks like HTTP, so no HSTS is sent"
          end
          report.fail{ at = seconds, result = "hsts-missing-in-response",
            message = string.format("SECURE_HSTS_SECONDS = %d but %s answered without Strict-Transport-Security; layer to fix: %s",
              fact.value(seconds), tostring(node.host and fact.value(node.host)), layer),
            data = { layer = layer } }
        end
      end
    end
    if https_sites == 0 then report.not_applicable{ message = "no HTTPS response was captured" } end
  end,
  examples = {
    passing = {
      { facts = { django = { settings = { SECURE_HSTS_SECONDS = 31536000 } },
        http = { sites = { { host = "shop.example.com", scheme = "https", hsts = { present = true } } } } } },
    },
    failing = {
      { facts = { django = { settings = { SECURE_HSTS_SECONDS = 31536000 } },
        http = { sites = { { host = "shop.example.com", scheme = "https", hsts = { present = false } } } } },
        expect = { result = "hsts-missing-in-response" } },
    },
  },
}
