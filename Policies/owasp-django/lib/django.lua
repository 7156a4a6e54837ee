-- Shared helpers for the owasp-django pack: Django's defaults by version, Python truthiness,
-- `is True`, middleware and app membership, and messages for values that depend on the
-- environment. Every function is pure; facts come from the django-settings reader
-- (docs/facts/django.md).

local M = {}

-- Django's own defaults (global_settings) in 6.1, and the releases where one changed.
local DEFAULTS = {
  DEBUG = false,
  ALLOWED_HOSTS = {},
  SECRET_KEY = "",
  SECRET_KEY_FALLBACKS = {},
  MIDDLEWARE = {},
  INSTALLED_APPS = {},
  SECURE_HSTS_SECONDS = 0,
  SECURE_HSTS_INCLUDE_SUBDOMAINS = false,
  SECURE_HSTS_PRELOAD = false,
  SECURE_CONTENT_TYPE_NOSNIFF = true,
  SECURE_SSL_REDIRECT = false,
  SECURE_REFERRER_POLICY = "same-origin",
  SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin",
  SESSION_COOKIE_SECURE = false,
  SESSION_COOKIE_HTTPONLY = true,
  SESSION_COOKIE_SAMESITE = "Lax",
  CSRF_COOKIE_SECURE = false,
  CSRF_COOKIE_HTTPONLY = false,
  CSRF_COOKIE_SAMESITE = "Lax",
  CSRF_USE_SESSIONS = false,
  X_FRAME_OPTIONS = "DENY",
  SECURE_CSP = {},
  SECURE_CSP_REPORT_ONLY = {},
  CSRF_FAILURE_VIEW = "django.views.csrf.csrf_failure",
  CACHES = { default = { BACKEND = "django.core.cache.backends.locmem.LocMemCache" } },
  MEDIA_ROOT = "",
  STATICFILES_DIRS = {},
  TEMPLATES = {},
  PASSWORD_HASHERS = {
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
  },
  AUTH_PASSWORD_VALIDATORS = {},
  DEBUG_PROPAGATE_EXCEPTIONS = false,
  FILE_UPLOAD_PERMISSIONS = 420, -- 0o644
  DATA_UPLOAD_MAX_MEMORY_SIZE = 2621440,
  DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000,
  DATA_UPLOAD_MAX_NUMBER_FILES = 100,
  USE_X_FORWARDED_HOST = false,
  USE_X_FORWARDED_PORT = false,
  SESSION_ENGINE = "django.contrib.sessions.backends.db",
  SESSION_SERIALIZER = "django.contrib.sessions.serializers.JSONSerializer",
  CSRF_TRUSTED_ORIGINS = {},
  LANGUAGE_COOKIE_SECURE = false,
  SILENCED_SYSTEM_CHECKS = {},
  AUTHENTICATION_BACKENDS = { "django.contrib.auth.backends.ModelBackend" },
}
M.DEFAULTS = DEFAULTS

-- Settings that are None by default (nil cannot sit in a Lua table).
local NONE_DEFAULTS = {
  SECURE_PROXY_SSL_HEADER = true, STATIC_ROOT = true, SESSION_COOKIE_DOMAIN = true,
  CSRF_COOKIE_DOMAIN = true, FILE_UPLOAD_DIRECTORY_PERMISSIONS = true, MAILERS = true,
}

-- Settings whose (possibly empty) default is a dict.
local MAP_DEFAULTS = { SECURE_CSP = true, SECURE_CSP_REPORT_ONLY = true, CACHES = true }

M.SM = "django.middleware.security.SecurityMiddleware"
M.XFM = "django.middleware.clickjacking.XFrameOptionsMiddleware"
M.CSRFM = "django.middleware.csrf.CsrfViewMiddleware"
M.SESSM = "django.contrib.sessions.middleware.SessionMiddleware"
M.SESSA = "django.contrib.sessions"
M.CSPM = "django.middleware.csp.ContentSecurityPolicyMiddleware"

local function parse_series(text)
  if type(text) ~= "string" then return nil end
  local major, minor = string.match(text, "^(%d+)%.(%d+)")
  if not major then return nil end
  return { tonumber(major), tonumber(minor) }
end

--- The Django series the checks follow: the one the project pins, else 6.1.
function M.series(facts)
  local django = facts.django
  local pinned = django and django.version and django.version.series
  if pinned and fact.known(pinned) and type(fact.value(pinned)) == "string" and parse_series(fact.value(pinned)) then
    return fact.value(pinned)
  end
  return "6.1"
end

--- True when the Django the project pins is at least `wanted` ("6.0").
function M.at_least(facts, wanted)
  local have = parse_series(M.series(facts))
  local need = parse_series(wanted)
  if have[1] ~= need[1] then return have[1] > need[1] end
  return have[2] >= need[2]
end

--- The node findings point at when a setting is not assigned: the settings module.
function M.settings_node(facts)
  local django = facts.django
  if not django then return nil end
  return django.settings_file or django.settings_module
end

--- Django's default for `name` under the project's Django version.
function M.default(facts, name)
  if name == "SECURE_CONTENT_TYPE_NOSNIFF" and not M.at_least(facts, "3.0") then return false end
  if name == "X_FRAME_OPTIONS" and not M.at_least(facts, "3.0") then return "SAMEORIGIN" end
  if name == "SECURE_REFERRER_POLICY" and not M.at_least(facts, "3.1") then return nil end
  return DEFAULTS[name]
end

--- A setting as the checks see it: { known, value, kind, node, at, assigned, reason,
--- variables }. An unassigned setting takes Django's default and points at the settings file.
function M.setting(facts, name)
  local settings = facts.django and facts.django.settings
  local node = settings and settings[name]
  local unseen = facts.django and facts.django.unseen_settings
  if node == nil and unseen ~= nil then
    -- The module may set names Parapet cannot see (dynaconf, exec, globals()): not assigned
    -- where Parapet looked is not the same as left at Django's default.
    return { known = false, node = unseen, at = unseen, assigned = false, reason = fact.reason(unseen),
      variables = {}, kind = "unknown" }
  end
  if node == nil then
    local value = M.default(facts, name)
    local kind = "null"
    if type(value) == "boolean" then kind = "bool"
    elseif type(value) == "number" then kind = "integer"
    elseif type(value) == "string" then kind = "string"
    elseif type(value) == "table" then
      kind = (MAP_DEFAULTS[name] or (next(value) ~= nil and value[1] == nil)) and "map" or "list"
    end
    if value == nil and not NONE_DEFAULTS[name] and DEFAULTS[name] == nil then kind = "null" end
    return { known = true, value = value, kind = kind, node = nil, at = M.settings_node(facts),
      assigned = false }
  end
  if not fact.known(node) then
    return { known = false, node = node, at = node, assigned = true, reason = fact.reason(node),
      variables = fact.variables(node), kind = "unknown" }
  end
  return { known = true, value = fact.value(node), kind = fact.kind(node), node = node, at = node, assigned = true }
end

--- Provenance of a setting (nil when not assigned).
function M.provenance(facts, name)
  local provenance = facts.django and facts.django.provenance
  return provenance and provenance[name]
end

--- Where an environment-dependent value came from, for failure messages: " (from
--- $DJANGO_DEBUG set at prod.env:3)", " (the code's default, because the production environment
--- does not set $X)", or both; "" for values that do not depend on the environment. Under a
--- runtime target (no --env-file), the unset case names the runtime instead.
function M.origin_note(facts, name)
  local provenance = M.provenance(facts, name)
  local source = provenance and provenance.source and fact.value(provenance.source)
  if source ~= "default" and source ~= "environment" then return "" end
  local set, unset = {}, {}
  local environment = provenance.environment
  if environment then
    for variable, detail in pairs(environment) do
      local flag = detail.set and fact.value(detail.set)
      if flag == false then
        unset[#unset + 1] = "$" .. variable
      elseif flag == true then
        local from = detail.from and fact.value(detail.from)
        set[#set + 1] = "$" .. variable .. (from and (" set at " .. from) or " set")
      end
    end
  end
  table.sort(set)
  table.sort(unset)
  local parts = {}
  if #set > 0 then parts[#parts + 1] = "from " .. table.concat(set, ", ") end
  if #unset > 0 then
    local mode = facts.django.environment_source and fact.value(facts.django.environment_source)
    local who = "the production environment does not set "
    if mode == "runtime" then
      who = "this runtime does not set "
    elseif mode == "defaults" then
      who = "no production environment was given, so nothing sets "
    end
    parts[#parts + 1] = "the code's default, because " .. who .. table.concat(unset, ", ")
  end
  if #parts == 0 then return "" end
  return " (" .. table.concat(parts, "; ") .. ")"
end

--- "cannot verify NAME: reason (depends on $A, $B)".
function M.unknown_message(name, s)
  local message = "cannot verify " .. name .. ": " .. tostring(s.reason or "not known")
  local variables = s.variables
  if variables and #variables > 0 then
    local names = {}
    for index = 1, #variables do names[#names + 1] = "$" .. tostring(variables[index]) end
    message = message .. " (depends on " .. table.concat(names, ", ") .. ")"
  end
  return message
end

--- Reports `unknown` for a setting that could not be evaluated.
function M.report_unknown(report, name, s)
  return report.unknown{ message = M.unknown_message(name, s), at = s.at }
end

--- Python truthiness of a setting (s.known must be true).
function M.truthy(s)
  local value, kind = s.value, s.kind
  if kind == "null" or value == nil then return false end
  if kind == "bool" then return value == true end
  if kind == "integer" or kind == "number" then return value ~= 0 end
  if kind == "string" then return value ~= "" end
  if kind == "list" then
    -- Count the node's items: an unknown item (ALLOWED_HOSTS = [unknown_domain]) has no plain
    -- value, but the list is still not empty.
    if s.node then return #s.node > 0 end
    return next(value) ~= nil
  end
  if kind == "map" then return next(value) ~= nil end
  if kind == "secret" then return value.length > 0 end
  return true
end

--- `value is True`: only the bool True.
function M.is_true(s)
  return s.known and s.kind == "bool" and s.value == true
end

--- Python's `wanted in s` for a setting: exact membership in a list or tuple, a key of a
--- dict, a substring of a string. Returns true, false, or nil with a reason when the container
--- (or one of its items) is not known.
function M.contains(s, wanted)
  if not s.known then return nil, s.reason end
  if s.kind == "string" then
    return string.find(s.value, wanted, 1, true) ~= nil
  end
  if s.kind == "map" then
    if s.node then return s.node[wanted] ~= nil end
    return s.value[wanted] ~= nil
  end
  if s.kind ~= "list" then
    if s.kind == "null" or s.kind == "bool" or s.kind == "integer" or s.kind == "number" then
      return nil, "`in` on a " .. s.kind .. " raises TypeError (Django's check crashes)"
    end
    return false
  end
  local undecided
  if s.node then
    for _, item in ipairs(s.node) do
      if not fact.known(item) then
        undecided = fact.reason(item)
      elseif fact.kind(item) == "string" and fact.value(item) == wanted then
        return true
      end
    end
  else
    for _, item in ipairs(s.value) do
      if item == wanted then return true end
    end
  end
  if undecided then return nil, undecided end
  return false
end

--- Whether Django's check `id` is listed in SILENCED_SYSTEM_CHECKS (`id in setting`): true,
--- false, or nil with a reason.
function M.silenced(facts, id)
  return M.contains(M.setting(facts, "SILENCED_SYSTEM_CHECKS"), id)
end

--- The django facts are usable: the settings module was found and loaded. Otherwise reports
--- not_applicable (no settings) and returns false; a load error is DJ-LOAD's finding.
--- With `id` (a Django check id such as "security.W008"), an id listed in
--- SILENCED_SYSTEM_CHECKS is reported as a pass (Django leaves it out of the listing) and the
--- function returns false.
function M.ready(facts, report, id)
  local django = facts.django
  if not django or not django.settings then
    report.not_applicable{ message = "no Django settings in the evidence" }
    return false
  end
  if django.loaded and fact.value(django.loaded) == false then
    local errors = django.load_errors
    local first = errors and errors[1]
    local why = first and (fact.value(first.type) .. ": " .. fact.value(first.message)) or "the settings module is missing"
    report.not_applicable{ message = "the settings do not load (" .. why .. "), so Django runs no check" }
    return false
  end
  if id then
    local silenced, reason = M.silenced(facts, id)
    if silenced == nil then
      local s = M.setting(facts, "SILENCED_SYSTEM_CHECKS")
      report.unknown{ message = "cannot verify whether " .. id .. " is silenced: "
        .. tostring(reason), at = s.at }
      return false
    end
    if silenced then
      local s = M.setting(facts, "SILENCED_SYSTEM_CHECKS")
      report.pass{ message = id .. " is silenced (SILENCED_SYSTEM_CHECKS)", at = s.at }
      return false
    end
  end
  return true
end

--- Membership helpers with unknown handling: returns the boolean, or reports unknown and
--- returns nil.
function M.has_middleware(facts, report, path)
  local middleware = M.setting(facts, "MIDDLEWARE")
  local found, reason = M.contains(middleware, path)
  if found == nil then
    report.unknown{ message = "cannot verify MIDDLEWARE: " .. tostring(reason), at = middleware.at }
  end
  return found, middleware
end

function M.has_app(facts, report, path)
  local apps = M.setting(facts, "INSTALLED_APPS")
  local found, reason = M.contains(apps, path)
  if found == nil then
    report.unknown{ message = "cannot verify INSTALLED_APPS: " .. tostring(reason), at = apps.at }
  end
  return found, apps
end

--- Django's secret-key rule: at least 50 characters, at least 5 distinct, and not the
--- `django-insecure-` prefix startproject writes. `s` is a setting or a list item node.
--- Returns true (strong), false (weak) or nil (not known).
function M.key_is_strong(kind, value)
  if kind == "secret" then
    return value.strength == "strong"
  end
  if kind == "string" then
    -- len() and set() count code points, not bytes.
    local length, distinct, seen = 0, 0, {}
    for character in string.gmatch(value, "[%z\1-\127\194-\244][\128-\191]*") do
      length = length + 1
      if not seen[character] then
        seen[character] = true
        distinct = distinct + 1
      end
    end
    return length >= 50 and distinct >= 5 and string.sub(value, 1, 16) ~= "django-insecure-"
  end
  return false
end

--- `apps.is_installed(name)`: an INSTALLED_APPS entry is the app's module or one of the
--- app's own AppConfig classes (`django.contrib.admin.apps.SimpleAdminConfig`, whose `name`
--- is the module). True, false, or nil after reporting unknown.
function M.app_installed(facts, report, name)
  local apps = M.setting(facts, "INSTALLED_APPS")
  if not apps.known then
    report.unknown{ message = "cannot verify INSTALLED_APPS: " .. tostring(apps.reason), at = apps.at }
    return nil, apps
  end
  if apps.kind ~= "list" then return false, apps end
  local undecided
  local prefix = name .. ".apps."
  for _, item in ipairs(apps.node or {}) do
    if not fact.known(item) then
      undecided = fact.reason(item)
    elseif fact.kind(item) == "string" then
      local value = fact.value(item)
      if value == name or (string.sub(value, 1, #prefix) == prefix and not string.find(value, ".", #prefix + 1, true)) then
        return true, apps
      end
    end
  end
  if undecided then
    report.unknown{ message = "cannot verify INSTALLED_APPS: " .. tostring(undecided), at = apps.at }
    return nil, apps
  end
  return false, apps
end

--- Python-like string of a plain value for messages (never used on secrets).
function M.show(value)
  if value == nil then return "None" end
  if value == true then return "True" end
  if value == false then return "False" end
  if type(value) == "string" then return "'" .. value .. "'" end
  if type(value) == "table" then
    local parts = {}
    for _, item in ipairs(value) do parts[#parts + 1] = M.show(item) end
    return "[" .. table.concat(parts, ", ") .. "]"
  end
  return tostring(value)
end

--- How a setting reads in a message: its value, or "not set (Django's default …)".
function M.describe(s)
  if not s.assigned then return "not set (Django's default is " .. M.show(s.value) .. ")" end
  if s.kind == "secret" then return "a secret" end
  return M.show(s.value)
end

--- The SecurityMiddleware gate: true when present; false after reporting a pass (the check is
--- masked, as in Django); nil after reporting unknown.
function M.security_middleware(facts, report)
  local present = M.has_middleware(facts, report, M.SM)
  if present == false then
    report.pass{ message = "SecurityMiddleware is not installed, so Django skips this check (DJ-W001 reports it)" }
  end
  return present
end

--- Fails unless the setting `is True` (Django's identity test: 1, "True" and "1" fail).
function M.check_true(facts, report, name, consequence)
  local s = M.setting(facts, name)
  if not s.known then return M.report_unknown(report, name, s) end
  if M.is_true(s) then return report.pass() end
  return report.fail{
    message = name .. " is " .. M.describe(s) .. ", not True: " .. consequence .. M.origin_note(facts, name),
    at = s.at,
  }
end

--- Which of the sessions app and middleware are present: "app", "middleware", "both",
--- "none", or nil (unknown, already reported).
function M.sessions(facts, report)
  local app = M.has_app(facts, report, M.SESSA)
  if app == nil then return nil end
  local middleware = M.has_middleware(facts, report, M.SESSM)
  if middleware == nil then return nil end
  if app and middleware then return "both" end
  if app then return "app" end
  if middleware then return "middleware" end
  return "none"
end

--- A session-cookie check (W010–W015): fails when `name` is not True and the sessions
--- app/middleware combination is `wanted`.
function M.session_cookie(facts, report, wanted, name, consequence)
  local which = M.sessions(facts, report)
  if which == nil then return end
  if which ~= wanted then
    return report.pass{ message = "sessions: " .. which .. " (this id covers " .. wanted .. ")" }
  end
  return M.check_true(facts, report, name, consequence)
end

return M
