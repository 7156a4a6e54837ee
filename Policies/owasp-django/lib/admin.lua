-- Django's admin.E4xx dependency checks (django.contrib.admin.checks.check_dependencies), which
-- run on every `check` (so also under --deploy) once the admin app is installed, and the
-- django-cors-headers origin checks. Pure functions over the django facts.

local django = import("django")

local M = {}

M.DJANGO_TEMPLATES = "django.template.backends.django.DjangoTemplates"

-- The release that added each admin dependency check (read from Django's
-- contrib/admin/checks.py, 1.8 to 3.2): before 1.10 the admin checked nothing, 2.2 added the
-- middleware, template-engine and app checks, 3.1 admin.W411.
local SINCE = {
  ["admin.E401"] = "1.10", ["admin.E402"] = "1.10", ["admin.E403"] = "2.2", ["admin.E404"] = "2.2",
  ["admin.E405"] = "2.2", ["admin.E406"] = "2.2", ["admin.E408"] = "2.2", ["admin.E409"] = "2.2",
  ["admin.E410"] = "2.2", ["admin.W411"] = "3.1",
}

--- Check `id` exists in the project's Django series and the admin is installed
--- (apps.is_installed): true, or false after a pass or not applicable, or nil after an
--- unknown.
function M.admin_installed(facts, report, id)
  local since = id and SINCE[id]
  if since and not django.at_least(facts, since) then
    report.not_applicable{ message = id .. " exists from Django " .. since }
    return false
  end
  local installed = django.app_installed(facts, report, "django.contrib.admin")
  if installed == false then
    report.pass{ message = "django.contrib.admin is not installed, so its checks do not run" }
  end
  return installed
end

--- The context processors of the first DjangoTemplates engine in TEMPLATES (engines.all()
--- order). Returns the list node, false when there is no such engine, or nil and a reason.
function M.django_templates(facts)
  local templates = django.setting(facts, "TEMPLATES")
  if not templates.known then return nil, templates.reason, templates end
  if templates.kind ~= "list" then return false, nil, templates end
  for _, engine in ipairs(templates.node or {}) do
    if not fact.known(engine) then return nil, fact.reason(engine), templates end
    if fact.kind(engine) ~= "map" then return nil, "a TEMPLATES entry is not a dict", templates end
    local backend = engine.BACKEND
    if backend == nil then return nil, "a TEMPLATES entry has no BACKEND (Django raises)", templates end
    if not fact.known(backend) then return nil, fact.reason(backend), templates end
    if fact.value(backend) == M.DJANGO_TEMPLATES then
      local options = engine.OPTIONS
      if options == nil then return {}, nil, templates end
      if not fact.known(options) then return nil, fact.reason(options), templates end
      local processors = fact.kind(options) == "map" and options.context_processors
      if not processors then return {}, nil, templates end
      if not fact.known(processors) then return nil, fact.reason(processors), templates end
      return processors, nil, templates
    end
  end
  return false, nil, templates
end

--- `name in processors` for a context_processors node: true, false or nil and a reason.
function M.has_processor(processors, name)
  local undecided
  for _, item in ipairs(processors) do
    if not fact.known(item) then undecided = fact.reason(item)
    elseif fact.value(item) == name then return true end
  end
  if undecided then return nil, undecided end
  return false
end

local function ends_with(text, suffix)
  return suffix ~= "" and string.sub(text, -#suffix) == suffix
end

--- Django's `_contains_subclass(path, candidates)`: the exact path is present, or an entry
--- might subclass it. Entries from the project's own package could be subclasses we cannot
--- see, and so could any class outside Django named like the wanted one
--- (`peeringdb_server.middleware.PDBSessionMiddleware`, `user_sessions.middleware.SessionMiddleware`);
--- Django's other middleware is not. Returns true, false, or nil and a reason.
function M.contains_subclass(facts, setting, path)
  local wanted_class = string.match(path, "([^%.]+)$")
  local s = django.setting(facts, setting)
  if not s.known then return nil, s.reason, s end
  if s.kind ~= "list" then return nil, setting .. " is not a list", s end
  local module = facts.django.settings_module and fact.value(facts.django.settings_module) or ""
  local package = string.match(module, "^([^%.]+)") or module
  local undecided
  for _, item in ipairs(s.node or {}) do
    if not fact.known(item) then
      undecided = fact.reason(item)
    elseif fact.value(item) == path then
      return true, nil, s
    elseif type(fact.value(item)) == "string" and package ~= "" and string.match(fact.value(item), "^([^%.]+)") == package then
      undecided = fact.value(item) .. " is project code and may subclass " .. path
    elseif type(fact.value(item)) == "string" and string.sub(fact.value(item), 1, 7) ~= "django."
      and ends_with(fact.value(item), wanted_class) then
      undecided = fact.value(item) .. " is named like " .. path .. " and may subclass it (its code is not read)"
    end
  end
  if undecided then return nil, undecided, s end
  return false, nil, s
end

-- Python's urllib.parse.urlsplit, for the parts corsheaders looks at.
function M.urlsplit(url)
  url = string.gsub(url, "^[%z\1-\32]+", "")
  url = string.gsub(url, "[\t\r\n]", "")
  local parts = { scheme = "", netloc = "", path = "", query = "", fragment = "" }
  local colon = string.find(url, ":", 1, true)
  if colon and colon > 1 then
    local scheme = string.sub(url, 1, colon - 1)
    if string.match(scheme, "^[A-Za-z][A-Za-z0-9%+%-%.]*$") then
      parts.scheme = string.lower(scheme)
      url = string.sub(url, colon + 1)
    end
  end
  if string.sub(url, 1, 2) == "//" then
    local stop = string.find(url, "[/%?#]", 3) or (#url + 1)
    parts.netloc = string.sub(url, 3, stop - 1)
    url = string.sub(url, stop)
  end
  local hash = string.find(url, "#", 1, true)
  if hash then parts.fragment = string.sub(url, hash + 1); url = string.sub(url, 1, hash - 1) end
  local question = string.find(url, "?", 1, true)
  if question then parts.query = string.sub(url, question + 1); url = string.sub(url, 1, question - 1) end
  parts.path = url
  return parts
end

--- The origins corsheaders checks: CORS_ALLOWED_ORIGINS when the setting exists, else the old
--- CORS_ORIGIN_WHITELIST. Returns the setting, its name.
function M.cors_origins(facts)
  local settings = facts.django.settings
  if settings and settings.CORS_ALLOWED_ORIGINS ~= nil then
    return django.setting(facts, "CORS_ALLOWED_ORIGINS"), "CORS_ALLOWED_ORIGINS"
  end
  if settings and settings.CORS_ORIGIN_WHITELIST ~= nil then
    return django.setting(facts, "CORS_ORIGIN_WHITELIST"), "CORS_ORIGIN_WHITELIST"
  end
  return nil, "CORS_ALLOWED_ORIGINS"
end

return M
