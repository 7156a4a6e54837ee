local django = import("django")
local ex = import("examples")

return {
  id = "DJ-CACHES-E001",
  title = "CACHES must define a 'default' cache",
  severity = "medium",
  references = { "django:caches.E001", "owasp:A05:2021", "cwe:1188" },
  rationale = "Sessions, rate limits and the cache framework use the 'default' alias; without "
    .. "it Django reports caches.E001.",
  remediation = "CACHES = {\"default\": {\"BACKEND\": \"django.core.cache.backends.redis.RedisCache\", \"LOCATION\": \"redis://cache:6379\"}}",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#caches",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "caches.E001") then return end
    local caches = django.setting(facts, "CACHES")
    if not caches.known then return django.report_unknown(report, "CACHES", caches) end
    local found, reason = django.contains(caches, "default")
    if found == nil then return django.report_unknown(report, "CACHES", { reason = reason, at = caches.at }) end
    if found then return report.pass() end
    report.fail{ message = "CACHES has no 'default' cache", at = caches.at }
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ '↓CACHES = {"main": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}' } },
  },
}
