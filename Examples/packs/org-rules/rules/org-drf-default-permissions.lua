-- i: Django REST framework denies by default: DEFAULT_PERMISSION_CLASSES is set and has no AllowAny.
local settings = import("settings")

local ALLOW_ANY = "rest_framework.permissions.AllowAny"

-- Is Django REST framework installed? true, false, or nil (INSTALLED_APPS not known).
local function drf_installed(django)
  local apps = django.settings.INSTALLED_APPS
  if apps == nil then return false end
  if not fact.known(apps) then return nil, apps end
  if fact.kind(apps) ~= "list" then return false end
  local unknown = nil
  for _, app in ipairs(apps) do
    if not fact.known(app) then
      unknown = unknown or app
    elseif fact.value(app) == "rest_framework" or fact.value(app) == "rest_framework.apps.RestFrameworkConfig" then
      return true
    end
  end
  if unknown then return nil, unknown end
  return false
end

return {
  id = "org-drf-default-permissions",
  title = "Django REST framework requires permissions by default",
  severity = "high",
  references = { "owasp:A01:2021", "cwe:862", "cwe:1188" },
  rationale = "DRF's default DEFAULT_PERMISSION_CLASSES is AllowAny: every view that does not "
    .. "set permission_classes itself is open to anonymous users. An empty list allows everyone too.",
  remediation = 'REST_FRAMEWORK = {"DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"]} '
    .. "and open individual views explicitly with permission_classes = [AllowAny].",
  docs = "https://www.django-rest-framework.org/api-guide/permissions/#setting-the-permission-policy",
  evidence = { "django.settings" },
  check = function(facts, report)
    local django = settings.ready(facts, report)
    if not django then return end
    local installed, why = drf_installed(django)
    if installed == nil then return settings.unknown(report, "whether rest_framework is installed", why) end
    if not installed then
      return report.not_applicable{ message = "rest_framework is not in INSTALLED_APPS" }
    end
    local rf, unseen = settings.setting(django, "REST_FRAMEWORK")
    if rf == nil then
      if unseen ~= nil then return settings.unknown(report, "REST_FRAMEWORK", unseen) end
      return report.fail{ message = "REST_FRAMEWORK is not set: DRF's default permission is AllowAny",
        at = settings.anchor(django) }
    end
    if not fact.known(rf) then return settings.unknown(report, "REST_FRAMEWORK", rf) end
    if fact.kind(rf) ~= "map" then
      return report.fail{ message = "REST_FRAMEWORK is a " .. fact.kind(rf) .. ", not a dict", at = rf }
    end
    local classes = rf.DEFAULT_PERMISSION_CLASSES
    if classes == nil then
      return report.fail{ message = 'REST_FRAMEWORK has no "DEFAULT_PERMISSION_CLASSES": DRF\'s default is AllowAny',
        at = rf }
    end
    if not fact.known(classes) then
      return settings.unknown(report, 'REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]', classes)
    end
    if fact.kind(classes) ~= "list" then
      return report.fail{ message = 'REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] is a ' .. fact.kind(classes)
        .. ", not a list of classes", at = classes }
    end
    if #classes == 0 then
      return report.fail{ message = 'REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] is empty: every request is allowed',
        at = classes }
    end
    local unknown = nil
    for _, class in ipairs(classes) do
      if not fact.known(class) then
        unknown = unknown or class
      elseif fact.value(class) == ALLOW_ANY then
        return report.fail{ message = 'REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] contains ' .. ALLOW_ANY,
          at = class }
      end
    end
    if unknown then
      return settings.unknown(report, 'REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]', unknown)
    end
    report.pass()
  end,
  examples = {
    passing = {
      { files = { ["mysite/settings.py"] = [[
INSTALLED_APPS = ["django.contrib.auth", "rest_framework"]
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
    ],
}
]] } },
    },
    failing = {
      { files = { ["mysite/settings.py"] = [[
INSTALLED_APPS = ["django.contrib.auth", "rest_framework"]
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": (
        "rest_framework.permissions.IsAuthenticated",
↓        "rest_framework.permissions.AllowAny",
    ),
}
]] }, expect = { message = "AllowAny" } },
      { files = { ["mysite/settings.py"] = [[
INSTALLED_APPS = ["django.contrib.auth", "rest_framework"]
↓REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
}
]] }, expect = { message = "no \"DEFAULT_PERMISSION_CLASSES\"" } },
    },
  },
}
