-- j: no debugging or profiling apps in the production INSTALLED_APPS.
local settings = import("settings")

-- The list is the pack's data (data/debug-apps.json): replace it per project with
-- `[data.org-rules] debug-apps = "…"` in parapet.toml.
local function debug_apps()
  local list = {}
  local apps = data("debug-apps").apps
  for _, app in ipairs(apps) do list[#list + 1] = fact.value(app) end
  return list
end

-- The debug app an entry installs ("debug_toolbar" for "debug_toolbar.apps.DebugToolbarConfig").
local function match(entry, names)
  for _, name in ipairs(names) do
    if entry == name or entry:sub(1, #name + 1) == name .. "." then return name end
  end
  return nil
end

return {
  id = "org-django-no-debug-apps",
  title = "No debugging apps are installed in production",
  severity = "high",
  references = { "owasp:A05:2021", "cwe:489" },
  rationale = "Debugging and profiling apps (django-debug-toolbar, django-extensions, "
    .. "django-silk, …) expose SQL, settings, request data and sometimes a Python shell; "
    .. "they belong in the development settings only.",
  remediation = "Add these apps in the development settings only (for example "
    .. "`if DEBUG: INSTALLED_APPS += [\"debug_toolbar\"]` in settings/local.py).",
  docs = "https://django-debug-toolbar.readthedocs.io/en/latest/installation.html",
  evidence = { "django.settings" },
  check = function(facts, report)
    local django = settings.ready(facts, report)
    if not django then return end
    local apps, unseen = settings.setting(django, "INSTALLED_APPS")
    if apps == nil then
      if unseen ~= nil then return settings.unknown(report, "INSTALLED_APPS", unseen) end
      return report.pass{ message = "INSTALLED_APPS is not set" }
    end
    if not fact.known(apps) then return settings.unknown(report, "INSTALLED_APPS", apps) end
    if fact.kind(apps) ~= "list" then return report.pass{ message = "INSTALLED_APPS is not a list" } end
    local names = debug_apps()
    local failed, unknown = false, nil
    for _, app in ipairs(apps) do
      if not fact.known(app) then
        unknown = unknown or app
      elseif fact.kind(app) == "string" then
        local found = match(fact.value(app), names)
        if found then
          failed = true
          report.fail{ message = "INSTALLED_APPS contains the debugging app " .. fact.value(app), at = app }
        end
      end
    end
    if not failed and unknown then return settings.unknown(report, "an entry of INSTALLED_APPS", unknown) end
  end,
  examples = {
    passing = {
      { files = { ["mysite/settings.py"] = [[
DEBUG = False
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "rest_framework"]
if DEBUG:
    INSTALLED_APPS += ["debug_toolbar"]
]] } },
    },
    failing = {
      { files = { ["mysite/settings.py"] = [[
INSTALLED_APPS = [
    "django.contrib.auth",
↓    "debug_toolbar",
]
]] } },
      -- an AppConfig path, added later in the module
      { files = { ["mysite/settings.py"] = [[
INSTALLED_APPS = ["django.contrib.auth"]
↓INSTALLED_APPS += ["django_extensions.apps.DjangoExtensionsConfig"]
]] }, expect = { message = "django_extensions" } },
    },
  },
}
