local django = import("django")
local ex = import("examples")

local FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"

return {
  id = "DJ-CACHES-W003",
  title = "A file-based cache LOCATION must be an absolute path",
  severity = "low",
  references = { "django:caches.W003", "owasp:A05:2021", "cwe:73" },
  rationale = "A relative LOCATION depends on the working directory of each process, so "
    .. "workers may write their cache files to different, unexpected places.",
  remediation = "CACHES = {\"default\": {\"BACKEND\": \"" .. FILE_CACHE .. "\", \"LOCATION\": \"/var/tmp/django_cache\"}}",
  docs = "https://docs.djangoproject.com/en/stable/topics/cache/#filesystem-caching",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "caches.W003") then return end
    if not django.at_least(facts, "3.2") then return report.not_applicable{ message = "caches.W003 exists from Django 3.2" } end
    local caches = django.setting(facts, "CACHES")
    if not caches.known then return django.report_unknown(report, "CACHES", caches) end
    if caches.kind ~= "map" or not caches.node then return report.pass() end
    local failed = false
    for alias, cache in pairs(caches.node) do
      local backend = fact.kind(cache) == "map" and cache.BACKEND
      if backend and not fact.known(backend) then
        report.unknown{ message = "cannot verify CACHES['" .. alias .. "']['BACKEND']: " .. tostring(fact.reason(backend)), at = backend }
      elseif backend and fact.value(backend) == FILE_CACHE then
        local location = cache.LOCATION
        if location == nil then
          report.unknown{ message = "CACHES['" .. alias .. "'] has no LOCATION: Django's check raises KeyError", at = cache }
        elseif not fact.known(location) then
          report.unknown{ message = "cannot verify CACHES['" .. alias .. "']['LOCATION']: " .. tostring(fact.reason(location)), at = location }
        elseif type(fact.value(location)) == "string" and string.sub(fact.value(location), 1, 1) ~= "/" then
          failed = true
          report.fail{ message = "the '" .. alias .. "' file cache LOCATION '" .. fact.value(location) .. "' is relative", at = location }
        end
      end
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case{ 'CACHES = {"default": {"BACKEND": "' .. FILE_CACHE .. '", "LOCATION": "/var/tmp/cache"}}' } },
    failing = { ex.case{ 'CACHES = {"default": {"BACKEND": "' .. FILE_CACHE .. '",', '↓    "LOCATION": "django_cache"}}' } },
  },
}
