-- Shared helpers for the owasp-django pack: Django's defaults by version, Python truthiness,
-- `is True`, middleware and app membership, and messages for values that depend on the
-- environment. Every function is pure; facts come from the django-settings reader
-- (docs/facts/django.md).

local M = {}

-- Django's defaults are not kept here: the engine's built-in data set
-- `django-global-settings` is the one table of them (the Python evaluator uses it too), with
-- the releases where a default changed. See M.default and docs/facts/views.md.

M.SM = "django.middleware.security.SecurityMiddleware"
M.XFM = "django.middleware.clickjacking.XFrameOptionsMiddleware"
M.CSRFM = "django.middleware.csrf.CsrfViewMiddleware"
M.SESSM = "django.contrib.sessions.middleware.SessionMiddleware"
M.SESSA = "django.contrib.sessions"
M.CSPM = "django.middleware.csp.ContentSecurityPolicyMiddleware"

-- A series ("6.0") is a PEP 440 version; pep440.* is the engine's one implementation.
local function parse_series(text)
  return type(text) == "string" and pep440.valid(text)
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
  return pep440.compare(M.series(facts), wanted) >= 0
end

--- The node findings point at when a setting is not assigned: the settings module.
function M.settings_node(facts)
  local django = facts.django
  if not django then return nil end
  return django.settings_file or django.settings_module
end

--- Django's default for `name` under the project's Django version, and its kind ("null"
--- for None and for names Django does not define), from `data("django-global-settings")`.
function M.default(facts, name)
  local entry = data("django-global-settings").settings[name]
  if entry == nil then return nil, "null" end
  local chosen = entry.default
  if entry.earlier then
    for _, change in ipairs(entry.earlier) do
      if not M.at_least(facts, fact.value(change.before)) then
        chosen = change.default
        break
      end
    end
  end
  return fact.value(chosen), fact.kind(chosen)
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
    local value, kind = M.default(facts, name)
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

--- Python truthiness of a setting (s.known must be true): true or false; nil for a list
--- whose only items are unknown parts (`fact.many`), which may hold no item at all.
function M.truthy(s)
  local value, kind = s.value, s.kind
  if kind == "null" or value == nil then return false end
  if kind == "bool" then return value == true end
  if kind == "integer" or kind == "number" then return value ~= 0 end
  if kind == "string" then return value ~= "" end
  if kind == "list" then
    -- Count the node's items: an unknown item (ALLOWED_HOSTS = [unknown_domain]) has no plain
    -- value, but the list is still not empty. An unknown part (`fact.many`: zero or more items
    -- from something Parapet cannot know) alone does not make it non-empty: nil (not known).
    if s.node then
      local parts = 0
      for _, item in ipairs(s.node) do
        if not fact.many(item) then return true end
        parts = parts + 1
      end
      if parts > 0 then return nil end
      return false
    end
    return next(value) ~= nil
  end
  if kind == "map" then return next(value) ~= nil end
  if kind == "secret" then return value.length > 0 end
  return true
end

--- The items of a list setting as { node, known, value, many } in order, unknown ones
--- included (`s.value` has holes where items are unknown, so `ipairs(s.value)` stops at the
--- first). `unknown` is the reason of the first unknown item, nil when every item is known.
--- A rule that finds a bad known item decides; one that finds none must say unknown when
--- `unknown` is set: the unknown items (an unknown part stands for zero or more) may hold it.
function M.items(s)
  local out, unknown = {}, nil
  if s.node then
    for _, item in ipairs(s.node) do
      local known = fact.known(item)
      if not known and unknown == nil then unknown = fact.reason(item) or "an item is not known" end
      out[#out + 1] = { node = item, known = known, value = known and fact.value(item) or nil, many = fact.many(item) }
    end
  elseif type(s.value) == "table" then
    for _, value in ipairs(s.value) do out[#out + 1] = { known = true, value = value, many = false } end
  end
  return out, unknown
end

--- A function naming the items of list setting `name` in messages, called in order for each
--- item: `NAME[i]` (0-based, as in Python) until an unknown part (`fact.many`), after which
--- the index is not known ("an item of NAME"); the unknown part itself is "items of NAME".
function M.item_labels(name)
  local counted = true
  return function(index, item)
    if fact.many(item) then
      counted = false
      return "items of " .. name
    end
    if counted then return name .. "[" .. (index - 1) .. "]" end
    return "an item of " .. name
  end
end

--- `value is True`: only the bool True.
function M.is_true(s)
  return s.known and s.kind == "bool" and s.value == true
end

--- True when an unknown list item cannot be anything `matches` accepts: an unknown part
--- (`fact.many`) whose candidates (`fact.candidates`, the only strings its items can be) all
--- fail `matches`. Any other unknown item may be anything. The part may also be empty, so a
--- matching candidate never decides that the item is there.
local function ruled_out(item, matches)
  if not fact.many(item) then return false end
  local candidates = fact.candidates(item)
  if candidates == nil then return false end
  for _, candidate in ipairs(candidates) do
    if matches(candidate) then return false end
  end
  return true
end

--- Python's `wanted in s` for a setting: exact membership in a list or tuple, a key of a
--- dict, a substring of a string. Returns true, false, or nil with a reason when the container
--- (or one of its items) is not known. An unknown part whose candidates are all other strings
--- leaves the answer decided.
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
    local function equal(candidate) return candidate == wanted end
    for _, item in ipairs(s.node) do
      if not fact.known(item) then
        if not ruled_out(item, equal) then undecided = fact.reason(item) end
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
    local possible = django.possible_load_errors
    if not first and possible and #possible > 0 then
      -- A settings module the scan cannot see (a symbolic link it does not follow): unknown.
      report.unknown{ message = "cannot verify: the settings cannot be read ("
        .. fact.value(possible[1].message) .. ")", at = possible[1] }
      return false
    end
    local why = first and (fact.value(first.type) .. ": " .. fact.value(first.message)) or "the settings module is missing"
    report.not_applicable{ message = "the settings do not load (" .. why .. "), so Django runs no check" }
    return false
  end
  local failure = import("startup").certain_failure(facts)
  if failure then
    report.not_applicable{ message = "the settings do not load (" .. failure .. "), so Django runs no check" }
    return false
  end
  if id then
    if not M.starts(facts, report, id) then return false end
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

--- Whether Django gets through start-up as far as Parapet can tell: if it most likely stops while
--- it starts, it prints no check, so the checks `label` names (an id, or several) are reported
--- unknown and the function returns false. `ready` asks it for one id; a rule covering several
--- checks calls `ready(facts, report)`, then this, and decides silencing per check (M.silenced).
function M.starts(facts, report, label)
  local doubt, at = import("startup").likely_failure(facts)
  if doubt then
    report.unknown{ message = "cannot verify " .. label .. ": Django may stop while it starts ("
      .. doubt .. "), and then it runs no check", at = at }
    return false
  end
  return true
end

--- Membership helpers with unknown handling: returns the boolean, or reports unknown and
--- returns nil.
local function member(facts, report, name, path)
  local s = M.setting(facts, name)
  local found, reason = M.contains(s, path)
  if found == nil then
    report.unknown{ message = "cannot verify " .. name .. ": " .. tostring(reason), at = s.at }
  end
  return found, s
end

--- Middleware is tested as Django's own checks test it in the project's series: `path in
--- MIDDLEWARE` from 2.0; before 1.10 `path in MIDDLEWARE_CLASSES`; in 1.10 and 1.11 either
--- (`path in MIDDLEWARE_CLASSES or MIDDLEWARE and path in MIDDLEWARE`, MIDDLEWARE None by
--- default). The node returned is the setting the answer rests on.
function M.has_middleware(facts, report, path)
  if M.at_least(facts, "2.0") then return member(facts, report, "MIDDLEWARE", path) end
  local classes = M.setting(facts, "MIDDLEWARE_CLASSES")
  local found, reason = M.contains(classes, path)
  local chosen = classes
  if found ~= true and M.at_least(facts, "1.10") then
    local modern = M.setting(facts, "MIDDLEWARE")
    local in_modern, modern_reason
    if not modern.known then
      in_modern, modern_reason = nil, modern.reason
    elseif modern.kind == "null" or (modern.kind == "list" and #(modern.node or modern.value or {}) == 0) then
      in_modern = false
    else
      in_modern, modern_reason = M.contains(modern, path)
    end
    if in_modern == true then
      found, reason, chosen = true, nil, modern
    elseif in_modern == nil then
      found, reason, chosen = nil, modern_reason, modern
    end
  end
  if found == nil then
    report.unknown{ message = "cannot verify the middleware (" .. (M.at_least(facts, "1.10") and "MIDDLEWARE_CLASSES "
      .. "and MIDDLEWARE" or "MIDDLEWARE_CLASSES") .. " in Django " .. M.series(facts) .. "): " .. tostring(reason),
      at = chosen.at }
  end
  return found, chosen
end

function M.has_app(facts, report, path)
  return member(facts, report, "INSTALLED_APPS", path)
end

--- Django's secret-key test (security.W009, W025), the one secret-strength judgement of
--- Parapet: at least 50 characters, at least 5 distinct, and, from Django 3.2, not the
--- `django-insecure-` prefix startproject writes. Readers only measure a secret (length,
--- distinct_characters, insecure_prefix); this decides. `distinct` nil: a random key whose
--- distinct characters were not counted (50 random ones have 5 beyond any practical doubt).
function M.key_measures_strong(facts, length, distinct, insecure_prefix)
  if length < 50 then return false end
  if distinct ~= nil and distinct < 5 then return false end
  return not (insecure_prefix and M.at_least(facts, "3.2"))
end

--- The Python type of setting `name` as `django.python_types` records it (`str`, `bytes`,
--- `list`, …), or nil when not recorded.
function M.python_type(facts, name)
  local types = facts.django and facts.django.python_types
  if types == nil then return nil end
  for _, item in ipairs(types) do
    if fact.value(item.name) == name then return fact.value(item.type) end
  end
  return nil
end

--- Whether Django's own secret-key test crashes on a key of this kind and value: from 3.2 it
--- ends with `secret_key.startswith("django-insecure-")`, which raises TypeError for bytes, and
--- it gets there only for a key of at least 50 characters with at least 5 distinct ones (the
--- test short-circuits before). `check --deploy` then stops with no result at all.
function M.key_check_crashes(facts, python_type, kind, value)
  if python_type ~= "bytes" or kind ~= "secret" or not M.at_least(facts, "3.2") then return false end
  return value.length >= 50 and value.distinct_characters >= 5
end

--- `key_measures_strong` for a setting's or list item's kind and value: a `secret` (judged on
--- its measurements) or a plain string. Returns true (strong) or false (weak).
function M.key_is_strong(facts, kind, value)
  if kind == "secret" then
    return M.key_measures_strong(facts, value.length, value.distinct_characters, value.insecure_prefix)
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
    return M.key_measures_strong(facts, length, distinct, string.sub(value, 1, 16) == "django-insecure-")
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
  local function names_app(value)
    return value == name or (string.sub(value, 1, #prefix) == prefix and not string.find(value, ".", #prefix + 1, true))
  end
  for _, item in ipairs(apps.node or {}) do
    if not fact.known(item) then
      if not ruled_out(item, names_app) then undecided = fact.reason(item) end
    elseif fact.kind(item) == "string" then
      if names_app(fact.value(item)) then return true, apps end
    end
  end
  if undecided then
    report.unknown{ message = "cannot verify INSTALLED_APPS: " .. tostring(undecided), at = apps.at }
    return nil, apps
  end
  return false, apps
end

--- `os.path.abspath(path)` as Django sees it: a relative path starts in Django's working
--- directory (`django.working_directory`, the folder of manage.py), then "." and ".." are
--- collapsed. Paths are Parapet's virtual ones (the scanned folder is /project).
function M.abspath(facts, path)
  local cwd = facts.django and facts.django.working_directory and fact.value(facts.django.working_directory) or "/project"
  if string.sub(path, 1, 1) ~= "/" then path = cwd .. "/" .. path end
  local parts = {}
  for part in string.gmatch(path, "[^/]+") do
    if part == ".." then
      parts[#parts] = nil
    elseif part ~= "." then
      parts[#parts + 1] = part
    end
  end
  return "/" .. table.concat(parts, "/")
end

--- The folders STATICFILES_DIRS names, as Django's FileSystemFinder reads them: for each item,
--- { node = the path's fact, prefix = the prefix's fact or nil }. Returns nil and reports
--- unknown when the setting is not known; returns false when it is not a list or tuple.
function M.staticfiles_dirs(facts, report)
  local dirs = M.setting(facts, "STATICFILES_DIRS")
  if not dirs.known then
    M.report_unknown(report, "STATICFILES_DIRS", dirs)
    return nil, dirs
  end
  if dirs.kind ~= "list" then return false, dirs end
  local items = {}
  for _, item in ipairs(dirs.node or {}) do
    if fact.known(item) and fact.kind(item) == "list" then
      items[#items + 1] = { node = item[2], prefix = item[1], item = item }
    else
      items[#items + 1] = { node = item, item = item }
    end
  end
  return items, dirs
end

--- Whether Django runs the FileSystemFinder's check (staticfiles.E001-E003, W004):
--- django.contrib.staticfiles is installed and STATICFILES_FINDERS lists the finder. True,
--- or false after reporting not_applicable / unknown.
function M.filesystem_finder_runs(facts, report)
  local installed = M.app_installed(facts, report, "django.contrib.staticfiles")
  if installed == nil then return false end
  if not installed then
    report.not_applicable{ message = "django.contrib.staticfiles is not installed, so Django runs no static files check" }
    return false
  end
  local finders = M.setting(facts, "STATICFILES_FINDERS")
  local listed, reason = M.contains(finders, "django.contrib.staticfiles.finders.FileSystemFinder")
  if listed == nil then
    report.unknown{ message = "cannot verify STATICFILES_FINDERS: " .. tostring(reason), at = finders.at }
    return false
  end
  if listed then return true end
  for _, item in ipairs(finders.node or finders.value or {}) do
    local name = finders.node and fact.value(item) or item
    if type(name) == "string" and string.sub(name, 1, 7) ~= "django." then
      -- A finder of another package may subclass FileSystemFinder and inherit its check.
      report.unknown{ message = "cannot verify: STATICFILES_FINDERS lists " .. name
        .. " and not Django's FileSystemFinder; whether it checks STATICFILES_DIRS depends on its code", at = finders.at }
      return false
    end
  end
  report.not_applicable{ message = "STATICFILES_FINDERS does not list FileSystemFinder, so Django checks no STATICFILES_DIRS folder", at = finders.at }
  return false
end

--- The STATICFILES_DIRS items a FileSystemFinder check `id` walks, after `ready`, the finder
--- and the setting's type: the items and the setting, or nil after reporting why there is
--- nothing to walk (not_applicable for a setting that is not a list: that is E001's finding).
function M.staticfiles_items(facts, report, id)
  if not M.ready(facts, report, id) then return nil end
  if not M.filesystem_finder_runs(facts, report) then return nil end
  local items, dirs = M.staticfiles_dirs(facts, report)
  if items == nil then return nil end
  if items == false then
    report.not_applicable{ message = "STATICFILES_DIRS is not a list or tuple (staticfiles.E001), so Django checks no folder", at = dirs.at }
    return nil
  end
  return items, dirs
end

--- The end of a check over several items: nothing more when one failed, unknown (the first
--- undecided item's { message, at }) when one could not be decided, else pass.
function M.conclude(report, failed, undecided)
  if failed then return end
  if undecided then return report.unknown(undecided) end
  report.pass()
end

--- Reports gathered doubts ({ message, at } each) as unknown findings: one each up to `most`
--- (5 by default), else one finding that names the first and where the others are, so a
--- project with dozens of other packages' apps gets one finding, not one per app.
function M.report_doubts(report, doubts, most)
  most = most or 5
  if #doubts <= most then
    for _, item in ipairs(doubts) do report.unknown(item) end
    return
  end
  local places = {}
  for index = 2, math.min(#doubts, most + 1) do places[#places + 1] = tostring(fact.where(doubts[index].at)) end
  local more = #doubts - 1 - #places
  report.unknown{ at = doubts[1].at, message = doubts[1].message .. "; and " .. (#doubts - 1)
    .. " more undecided places like it (" .. table.concat(places, ", ") .. (more > 0 and (", and " .. more .. " more") or "") .. ")" }
end

--- Whether the folder a setting names exists where Django runs (the reader's
--- `django.folders`): true, false and why, or nil and why not known.
function M.folder_exists(facts, node)
  if not fact.known(node) then return nil, fact.reason(node) end
  local path = fact.value(node)
  if type(path) ~= "string" then return nil, "the path is not a string Parapet can follow" end
  local folders = facts.django and facts.django.folders
  local entry = folders and folders[path]
  if not entry then return nil, "Parapet cannot see the folders of the server these values come from" end
  local exists = entry.exists
  if not fact.known(exists) then return nil, fact.reason(exists) end
  if fact.value(exists) then return true end
  return false, entry.why and fact.value(entry.why) or "it is not in the checkout"
end

--- How a folder fact is shown: its place in the scanned tree, else the value.
function M.folder_name(facts, node)
  if not fact.known(node) then return "a folder whose path is not known" end
  local folders = facts.django and facts.django.folders
  local entry = folders and fact.known(node) and folders[fact.value(node)]
  if entry and entry.path then return fact.value(entry.path) .. "/" end
  return tostring(fact.value(node))
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

--- Fails unless the setting `is True` (Django's identity test: 1, "True" and "1" fail). Before
--- the release `truthy_before` ("4.1" for the cookie checks), Django tested truthiness instead
--- (`if not settings.SESSION_COOKIE_SECURE`): there any true value passes, and "false" too.
function M.check_true(facts, report, name, consequence, truthy_before)
  local s = M.setting(facts, name)
  if not s.known then return M.report_unknown(report, name, s) end
  if truthy_before and not M.at_least(facts, truthy_before) then
    local truth = M.truthy(s)
    if truth == nil then return M.report_unknown(report, name, s) end
    if truth then return report.pass() end
    return report.fail{
      message = name .. " is " .. M.describe(s) .. ", which is false: " .. consequence .. M.origin_note(facts, name),
      at = s.at,
    }
  end
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
  -- Django tested these settings by truthiness before 4.1.
  return M.check_true(facts, report, name, consequence, "4.1")
end

return M
