local django = import("django")
local ex = import("examples")

local FILE_CACHE = "django.core.cache.backends.filebased.FileBasedCache"

local function inside(child, parent)
  return parent == "/" or string.sub(child, 1, #parent + 1) == parent .. "/"
end

return {
  id = "DJ-CACHES-W002",
  title = "A file-based cache must not live in MEDIA_ROOT, STATIC_ROOT or STATICFILES_DIRS",
  severity = "medium",
  references = { "django:caches.W002", "owasp:A05:2021", "cwe:538" },
  rationale = "Cache files there can be served to anyone (they are pickles with session and "
    .. "page data) or clobbered by collectstatic and uploads.",
  remediation = "CACHES = {\"default\": {\"BACKEND\": \"" .. FILE_CACHE .. "\", "
    .. "\"LOCATION\": \"/var/tmp/django_cache\"}}",
  docs = "https://docs.djangoproject.com/en/stable/topics/cache/#filesystem-caching",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "caches.W002") then return end
    if not django.at_least(facts, "3.2") then return report.not_applicable{ message = "caches.W002 exists from Django 3.2" } end
    local caches = django.setting(facts, "CACHES")
    if not caches.known then return django.report_unknown(report, "CACHES", caches) end
    if caches.kind ~= "map" or not caches.node then return report.pass() end
    local roots = {}
    for _, name in ipairs({ "MEDIA_ROOT", "STATIC_ROOT" }) do
      local s = django.setting(facts, name)
      if not s.known then return django.report_unknown(report, name, s) end
      if s.kind == "string" and s.value ~= "" then roots[#roots + 1] = { name, django.abspath(facts, s.value) } end
    end
    local dirs = django.setting(facts, "STATICFILES_DIRS")
    if not dirs.known then return django.report_unknown(report, "STATICFILES_DIRS", dirs) end
    -- A folder Parapet cannot know may be the cache's: decided only by a known clash.
    local unknown_dir
    for _, item in ipairs(dirs.node or {}) do
      if not fact.known(item) then unknown_dir = fact.reason(item) end
      local path = fact.kind(item) == "list" and item[2] and fact.value(item[2]) or fact.value(item)
      if type(path) == "string" then roots[#roots + 1] = { "STATICFILES_DIRS", django.abspath(facts, path) } end
    end
    local failed, located = false, false
    for alias, cache in pairs(caches.node) do
      local backend = fact.kind(cache) == "map" and cache.BACKEND
      if backend and fact.value(backend) == FILE_CACHE then
        local location = cache.LOCATION
        if location and not fact.known(location) then
          report.unknown{ message = "cannot verify CACHES['" .. alias .. "']['LOCATION']: " .. tostring(fact.reason(location)), at = location }
        elseif location and type(fact.value(location)) == "string" then
          located = true
          local path = django.abspath(facts, fact.value(location))
          for _, root in ipairs(roots) do
            local relation
            if path == root[2] then relation = "matches"
            elseif inside(path, root[2]) then relation = "is inside"
            elseif inside(root[2], path) then relation = "contains"
            end
            if relation then
              failed = true
              report.fail{ message = "the '" .. alias .. "' cache location " .. relation .. " " .. root[1], at = location }
              break
            end
          end
        end
      end
    end
    if not failed and located and unknown_dir then
      return django.report_unknown(report, "STATICFILES_DIRS", { reason = unknown_dir, at = dirs.at })
    end
    if not failed then report.pass() end
  end,
  examples = {
    passing = { ex.case{ 'CACHES = {"default": {"BACKEND": "' .. FILE_CACHE .. '", "LOCATION": "/var/tmp/cache"}}' } },
    failing = {
      ex.case{ 'CACHES = {"default": {"BACKEND": "' .. FILE_CACHE .. '",',
        '↓    "LOCATION": BASE_DIR / "staticfiles" / "cache"}}' },
    },
  },
}
