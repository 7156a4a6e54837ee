-- Whether Django gets through start-up with these settings when nothing certainly raises:
-- code Parapet could not follow, a raise under a condition it cannot decide, a file it cannot
-- see, or an empty SECRET_KEY that a package in use reads while Django starts. One place for
-- the question, used by DJ-LOAD and by every Django check (lib/django.lua `ready`).

local M = {}

-- An empty SECRET_KEY: unassigned (Django's default is ""), None, "" or an empty secret.
local function secret_key_empty(settings)
  local key = settings.SECRET_KEY
  if key == nil then return true end
  if not fact.known(key) then return false end
  local kind = fact.kind(key)
  if kind == "null" then return true end
  if kind == "string" then return fact.value(key) == "" end
  if kind == "secret" then return fact.value(key).length == 0 end
  return false
end

-- True when a plain value (strings, nested lists and maps) holds a string that names
-- `package` or one of its modules.
local function mentions(value, package, depth)
  if type(value) == "string" then
    return value == package or value:sub(1, #package + 1) == package .. "."
  end
  if type(value) ~= "table" or depth > 6 then return false end
  for _, item in pairs(value) do
    if mentions(item, package, depth + 1) then return true end
  end
  return false
end

-- The entries of data/startup-secret-key-readers.json that read the key under the project's
-- Django (an entry with `before` stops reading it at import from that release on).
local function readers_for(facts)
  local versions = import("django")
  local entries = {}
  for _, entry in ipairs(data("startup-secret-key-readers").packages) do
    if entry.before == nil or not versions.at_least(facts, fact.value(entry.before)) then
      entries[#entries + 1] = entry
    end
  end
  return entries
end

-- The first package of data/startup-secret-key-readers.json the settings use, or nil, and how
-- the settings show it: a setting that names the package, or a setting of the package's own
-- (which a project's copy of the package's settings module reads the same way).
local function startup_reader(facts, settings)
  for _, entry in ipairs(readers_for(facts)) do
    local package = fact.value(entry.package)
    local names = {}
    for name, node in pairs(settings) do
      if fact.known(node) and mentions(fact.value(node), package, 0) then names[#names + 1] = name end
    end
    if #names > 0 then
      table.sort(names)
      return entry, "the settings use " .. package .. " (" .. names[1] .. ")"
    end
    for _, name in ipairs(entry.settings) do
      local setting = fact.value(name)
      if settings[setting] ~= nil then
        return entry, "the settings define " .. setting .. ", the settings of " .. package
          .. " (or of a copy of its settings module in the project)"
      end
    end
  end
  return nil
end

-- True when the known list INSTALLED_APPS holds the string `name`.
local function in_installed_apps(apps, name)
  for _, item in ipairs(apps) do
    if fact.known(item) and fact.kind(item) == "string" and fact.value(item) == name then return true end
  end
  return false
end

-- The first `startup_apps` entry of a reader whose app (and, when it says so, one of its
-- `requires` apps) INSTALLED_APPS certainly holds, with its reader, or nil. Django imports these
-- modules while it starts, whatever the project's own code does.
local function startup_app(facts, settings)
  local apps = settings.INSTALLED_APPS
  if apps == nil or not fact.known(apps) or fact.kind(apps) ~= "list" then return nil end
  for _, entry in ipairs(readers_for(facts)) do
    for _, app in ipairs(entry.startup_apps or {}) do
      local satisfied = app.requires == nil
      for _, other in ipairs(app.requires or {}) do
        if in_installed_apps(apps, fact.value(other)) then satisfied = true end
      end
      if satisfied and in_installed_apps(apps, fact.value(app.app)) then return entry, app end
    end
  end
  return nil
end

-- The first module of a reader's `modules` that the project's own apps certainly import while
-- Django starts (facts.django.startup_imports, read by the Django reader from the app
-- modules), with its reader and the import's place; or nil.
local function startup_import(facts, django)
  local imports = django.startup_imports
  if imports == nil or not fact.known(imports) then return nil end
  for _, entry in ipairs(readers_for(facts)) do
    for _, module in ipairs(entry.modules or {}) do
      local wanted = fact.value(module)
      for _, imported in ipairs(imports) do
        if fact.value(imported.module) == wanted then return entry, wanted, imported end
      end
    end
  end
  return nil
end

-- A LOGGING file handler whose folder does not exist (django.logging_files, with the folder's
-- existence in django.folders): Django configures LOGGING while it starts
-- (logging.config.dictConfig, unless LOGGING_CONFIG is None), which opens the file and raises
-- ValueError ("Unable to configure handler") before any check. With `possibly`, a folder whose
-- existence is not known counts too (OpenREM's source release has no `logs` folder). The
-- reason and node, or nil.
local function missing_log_folder(django, possibly)
  local files = django.logging_files
  if files == nil or not fact.known(files) then return nil end
  local config = django.settings.LOGGING_CONFIG
  if config ~= nil then
    if not fact.known(config) or fact.kind(config) == "null" or fact.value(config) == "" then return nil end
  end
  -- dictConfig configures the handlers in sorted order: the first to fail is the one named.
  local ordered = {}
  for _, file in ipairs(files) do ordered[#ordered + 1] = file end
  table.sort(ordered, function(a, b) return tostring(fact.value(a.handler)) < tostring(fact.value(b.handler)) end)
  for _, file in ipairs(ordered) do
    local folder = django.folders and django.folders[fact.value(file.folder)]
    local exists = folder and folder.exists
    if exists ~= nil and fact.known(exists) and fact.value(exists) == false then
      local handler = fact.value(file.handler)
      local why = folder.why and (" (" .. fact.value(folder.why) .. ")") or ""
      return "Django configures LOGGING while it starts, and the handler '" .. handler .. "' opens "
        .. fact.value(file.filename) .. ", whose folder does not exist" .. why
        .. ": logging raises ValueError (\"Unable to configure handler '" .. handler .. "'\")", file.filename
    elseif possibly and exists ~= nil and not fact.known(exists) and folder.path ~= nil
        and string.sub(tostring(fact.value(folder.path)), 1, 1) ~= "/" then
      -- Only a folder of the project: a server folder (/var/log/app) is the deployment's to make.
      local handler = fact.value(file.handler)
      return "Django configures LOGGING while it starts, and the handler '" .. handler .. "' opens "
        .. fact.value(file.filename) .. ", whose folder may not exist (" .. tostring(fact.reason(exists))
        .. "); if it does not, logging raises ValueError (\"Unable to configure handler '" .. handler .. "'\")", file.filename
    end
  end
  return nil
end

-- Python's logging level names (logging._nameToLevel): `_checkLevel` refuses any other string.
local LEVEL_NAMES = { CRITICAL = true, FATAL = true, ERROR = true, WARN = true, WARNING = true,
  INFO = true, DEBUG = true, NOTSET = true }

-- A LOGGING level logging.config.dictConfig refuses while Django starts: a standard level name
-- in the wrong case ('info') or an empty one. Other names may have been registered with
-- logging.addLevelName and decide nothing. The reason and node, or nil.
local function invalid_log_level(django)
  local logging = django.settings.LOGGING
  if logging == nil or fact.kind(logging) ~= "map" then return nil end
  local config = django.settings.LOGGING_CONFIG
  if config ~= nil and (not fact.known(config) or fact.value(config) ~= "logging.config.dictConfig") then return nil end
  local function refused(level)
    if level == nil or fact.kind(level) ~= "string" then return false end
    local name = fact.value(level)
    return name == "" or (LEVEL_NAMES[string.upper(name)] and not LEVEL_NAMES[name])
  end
  local function sorted_names(section)
    local names = {}
    if section == nil or fact.kind(section) ~= "map" then return names end
    for name in pairs(section) do names[#names + 1] = name end
    table.sort(names)
    return names
  end
  local sections = { { "handlers", "handler" }, { "loggers", "logger" } }
  for _, entry in ipairs(sections) do
    local section = logging[entry[1]]
    for _, name in ipairs(sorted_names(section)) do
      local item = section[name]
      local level = fact.kind(item) == "map" and item.level or nil
      if refused(level) then
        return "LOGGING's " .. entry[2] .. " '" .. name .. "' has level '" .. fact.value(level) .. "', which is not a "
          .. "level name (they are upper case): Django configures LOGGING while it starts, and logging raises "
          .. "ValueError (\"Unable to configure " .. entry[2] .. " '" .. name .. "'\")", level
      end
    end
  end
  local root = logging.root
  local level = root ~= nil and fact.kind(root) == "map" and root.level or nil
  if refused(level) then
    return "LOGGING's root logger has level '" .. fact.value(level) .. "', which is not a level name (they are "
      .. "upper case): logging raises ValueError (\"Unable to configure root logger\") while Django starts", level
  end
  return nil
end

-- What Django's Settings.__init__ refuses while it builds the settings object, by release:
-- the engine's one table of it (DjangoSettingsChecks, which the Python evaluator applies too):
-- `sequences` (settings that must be a list or a tuple, from `since`), `exclusive` (pairs
-- refused together in [since, before)), `exclusive_groups` (deprecated settings refused next to
-- their replacement, listed sorted after `message`), `empty_secret_key_refused_before`.
-- ", which imports at a.py:3, b.py:7" for a start-up error raised below the app's module.
local function import_chain(err)
  if err.chain == nil or #err.chain == 0 then return "" end
  local sites = {}
  for _, site in ipairs(err.chain) do sites[#sites + 1] = fact.value(site) end
  return " (then the imports at " .. table.concat(sites, ", ") .. ")"
end

-- Apps of Django whose concrete models django.setup() defines (each asks the default connection
-- for its table name's length limit).
local CONTRIB_MODEL_APPS = {
  "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
  "django.contrib.sessions", "django.contrib.sites", "django.contrib.flatpages",
  "django.contrib.redirects",
}

-- What Django's ConnectionHandler refuses in DATABASES when the first model is defined: no
-- 'default' alias (ImproperlyConfigured), or an entry that is not a dict (it calls setdefault()
-- on each: AttributeError, as with a DATABASE_URL string stored unparsed). The reason and the
-- node, or nil; unknown keys or entries decide nothing.
local function unusable_databases(django)
  local databases = django.settings.DATABASES
  local apps = django.settings.INSTALLED_APPS
  if databases == nil or fact.kind(databases) ~= "map" or apps == nil or fact.kind(apps) ~= "list" then
    return nil
  end
  local defines_models = false
  for _, app in ipairs(CONTRIB_MODEL_APPS) do
    if in_installed_apps(apps, app) then defines_models = true end
  end
  if not defines_models then return nil end
  local aliases = {}
  for alias in pairs(databases) do aliases[#aliases + 1] = alias end
  if #aliases == 0 then return nil end
  table.sort(aliases)
  local python_types = { string = "str", secret = "str", list = "list", integer = "int", number = "float",
    bool = "bool", null = "NoneType" }
  for _, alias in ipairs(aliases) do
    local type_name = python_types[fact.kind(databases[alias])]
    if type_name then
      return "DATABASES['" .. alias .. "'] is a " .. type_name .. ", not a dict: Django's connection handler "
        .. "calls setdefault() on it when django.setup() defines the first model, and stops with AttributeError "
        .. "('" .. type_name .. "' object has no attribute 'setdefault') before any check runs", databases[alias]
    end
  end
  if databases.default == nil then
    return "DATABASES has no 'default' alias: Django raises ImproperlyConfigured (\"You must define a 'default' "
      .. "database.\") when django.setup() defines the first model", databases
  end
  return nil
end

local function construction()
  return data("django-global-settings").construction
end

--- What Django itself refuses while it loads settings that import fine, so that every command
--- stops before any check runs: a setting of SEQUENCE_SETTINGS that is neither a list nor a
--- tuple (a string from a one-element "tuple" without its comma, a set), a pair of
--- EXCLUSIVE_SETTINGS both assigned (a deprecated setting next to its replacement), an installed
--- app whose ready() refuses its settings (lib/startup_apps.lua), or, before Django 3.2,
--- an empty SECRET_KEY (Settings.__init__ checked the key on load; from 3.2 on only a read of
--- the key raises, see likely_failure, unless an installed app's module that Django itself
--- imports while it starts reads it: data startup_apps, or one the project's own apps import at
--- their top level: data modules against django.startup_imports). The reason and the node, or nil. Unknown
--- values and types decide nothing.
function M.certain_failure(facts)
  local django = facts.django
  if django and django.entry_stop ~= nil then
    -- The entry point ends before it hands control to Django (a missing configuration file).
    local stop = django.entry_stop
    return fact.value(stop.entry) .. " stops before Django starts: " .. fact.value(stop.type)
      .. " (" .. fact.value(stop.message) .. ")", stop
  end
  if not django or not django.settings or django.unseen_settings ~= nil then return nil end
  local versions = import("django")
  if django.python_types ~= nil then
    local types = {}
    for _, item in ipairs(django.python_types) do types[fact.value(item.name)] = item end
    for _, entry in ipairs(construction().sequences) do
      local name = fact.value(entry.name)
      local type_node = types[name]
      local type_name = type_node and fact.value(type_node.type)
      if type_name and type_name ~= "list" and type_name ~= "tuple"
          and versions.at_least(facts, fact.value(entry.since)) then
        return name .. " is a " .. type_name .. ", and Django raises ImproperlyConfigured (\"The "
          .. name .. " setting must be a list or a tuple.\") when it loads the settings",
          django.settings[name] or type_node
      end
    end
  end
  for _, pair in ipairs(construction().exclusive) do
    local old_name, new_name = fact.value(pair.old), fact.value(pair.new)
    local old, new = django.settings[old_name], django.settings[new_name]
    if old ~= nil and new ~= nil and versions.at_least(facts, fact.value(pair.since))
        and not versions.at_least(facts, fact.value(pair.before)) then
      return "both " .. old_name .. " and " .. new_name .. " are set, and Django "
        .. versions.series(facts) .. " (the pinned series) raises ImproperlyConfigured (\"" .. old_name
        .. "/" .. new_name .. " are mutually exclusive.\") when it loads the settings", old
    end
  end
  for _, group in ipairs(construction().exclusive_groups) do
    local new_name = fact.value(group.new)
    if django.settings[new_name] ~= nil and versions.at_least(facts, fact.value(group.since))
        and not versions.at_least(facts, fact.value(group.before)) then
      local set = {}
      for _, old in ipairs(group.old) do
        local old_name = fact.value(old)
        if django.settings[old_name] ~= nil then set[#set + 1] = old_name end
      end
      table.sort(set)
      if #set > 0 then
        return new_name .. " is set along with " .. table.concat(set, ", ") .. ", and Django "
          .. versions.series(facts) .. " (the pinned series) raises ImproperlyConfigured (\""
          .. fact.value(group.message) .. table.concat(set, ", ") .. ".\") when it loads the settings", django.settings[set[1]]
      end
    end
  end
  local level_failure, level_at = invalid_log_level(django)
  if level_failure then return level_failure, level_at end
  local database_failure, database_at = unusable_databases(django)
  if database_failure then return database_failure, database_at end
  local handler_failure, handler_at = missing_log_folder(django)
  if handler_failure then return handler_failure, handler_at end
  if django.startup_errors ~= nil and #django.startup_errors > 0 then
    -- An app module Django imports while it starts certainly raises (its own code or what it
    -- imports): the finding is at the raise, and names the imports that led there.
    local first = django.startup_errors[1]
    local where = fact.where(first)
    return "django.setup() imports " .. fact.value(first.module) .. import_chain(first)
      .. ", whose code raises " .. fact.value(first.type) .. " (" .. fact.value(first.message)
      .. ")" .. (where and (" at " .. where) or "") .. " before any check runs", first
  end
  -- An installed app's ready() that refuses its settings (data/startup-app-checks.json).
  local refused, refusal, refused_at = import("startup_apps").refusal(facts)
  if refused == "fail" then return refusal, refused_at end
  if not secret_key_empty(django.settings) then return nil end
  -- From 3.2 on only a read raises: certain when Django itself imports a reading module while
  -- it starts (an installed app's models, or its admin module under admin autodiscovery).
  local reader, app = startup_app(facts, django.settings)
  if reader then
    return "SECRET_KEY is empty; " .. fact.value(app.why) .. "; " .. fact.value(reader.why)
      .. ", and Django raises ImproperlyConfigured (\"The SECRET_KEY setting must not be empty.\") "
      .. "on that read", django.settings.INSTALLED_APPS or django.settings.SECRET_KEY
      or django.settings_file or django.settings_module
  end
  local importer, module, imported = startup_import(facts, django)
  if importer then
    return "SECRET_KEY is empty; the project's apps import " .. module .. " while Django starts ("
      .. fact.value(imported.at) .. "); " .. fact.value(importer.why) .. ", and Django raises "
      .. "ImproperlyConfigured (\"The SECRET_KEY setting must not be empty.\") on that read",
      imported.module
  end
  local refused_before = fact.value(construction().empty_secret_key_refused_before)
  if versions.at_least(facts, refused_before) then return nil end
  return "SECRET_KEY is empty, and Django " .. versions.series(facts) .. " (the pinned series) raises "
    .. "ImproperlyConfigured (\"The SECRET_KEY setting must not be empty.\") when it loads such "
    .. "settings: before " .. refused_before .. " it checks the key on load", django.settings.SECRET_KEY
    or django.settings_file or django.settings_module
end

-- PEP 503 normalised distribution name.
local function normalise(name)
  return (name:lower():gsub("[-_.]+", "-"))
end

-- The distributions that may provide the top-level module `top` of a database backend:
-- data/database-backend-distributions.json, else the module's own name as a distribution.
local function backend_distributions(top)
  for _, entry in ipairs(data("database-backend-distributions").backends) do
    if fact.value(entry.module) == top then
      local names = {}
      for _, name in ipairs(entry.distributions) do names[#names + 1] = fact.value(name) end
      return names
    end
  end
  return { normalise(top) }
end

-- The words the Dockerfile reader keeps apart as the shell's command separators.
local SEPARATORS = { ["&&"] = true, ["||"] = true, [";"] = true, ["|"] = true, ["&"] = true }

-- The words of a Dockerfile RUN instruction, split into commands at the shell's separators;
-- nil when the words are not known (text too clever to split).
local function run_commands(instruction)
  local words = instruction.words
  if words == nil or not fact.known(words) then return nil end
  local commands, current = {}, {}
  for _, word in ipairs(words) do
    local text = fact.known(word) and fact.value(word)
    if type(text) ~= "string" then text = "" end
    if SEPARATORS[text] then
      if #current > 0 then commands[#commands + 1] = current end
      current = {}
    else
      current[#current + 1] = text
    end
  end
  if #current > 0 then commands[#commands + 1] = current end
  return commands
end

-- The last path component of a command word (`/venv/bin/pip3` -> `pip3`).
local function basename(word)
  return word:match("([^/]*)$")
end

-- pip options whose value is the next word (not a package to install).
local PIP_VALUE_OPTIONS = {
  ["-r"] = true, ["--requirement"] = true, ["-c"] = true, ["--constraint"] = true, ["-t"] = true,
  ["--target"] = true, ["-i"] = true, ["--index-url"] = true, ["--extra-index-url"] = true,
  ["--prefix"] = true, ["--root"] = true, ["-f"] = true, ["--find-links"] = true,
  ["--trusted-host"] = true, ["--platform"] = true, ["--python-version"] = true,
  ["--implementation"] = true, ["--abi"] = true, ["--src"] = true, ["--cache-dir"] = true,
  ["--python"] = true, ["-p"] = true, ["--upgrade-strategy"] = true, ["--log"] = true,
  ["--timeout"] = true, ["--retries"] = true, ["--proxy"] = true, ["-e"] = true, ["--editable"] = true,
}

-- The names a command installs: pip's requirement names (`pip install`, also `python -m pip`,
-- `uv pip`, any `pip*` word before `install`), PEP 503-normalised, into `pip`; a system package
-- manager's package names (apt-get/apt/yum/dnf/microdnf `install`, apk `add`) into `system`.
local function command_installs(words, pip, system)
  local install
  for index = 2, #words do
    local tool = basename(words[index])
    if tool == "install" or tool == "add" then install = index break end
  end
  if install == nil then return end
  local is_pip, is_system = false, false
  for index = 1, install - 1 do
    local tool = basename(words[index])
    if tool:sub(1, 3) == "pip" then is_pip = true end
    if words[install] == "install" and (tool == "apt-get" or tool == "apt" or tool == "yum"
        or tool == "dnf" or tool == "microdnf") then is_system = true end
    if words[install] == "add" and tool == "apk" then is_system = true end
  end
  if not is_pip and not is_system then return end
  local skip = false
  for index = install + 1, #words do
    local word = words[index]
    if skip then
      skip = false
    elseif word:sub(1, 1) == "-" then
      skip = is_pip and PIP_VALUE_OPTIONS[word] == true
    elseif is_pip then
      local name = word:match("^([%w][%w._-]*)")
      if name and not word:find("/", 1, true) then pip[normalise(name)] = true end
    else
      local name = word:match("^([%w][%w.+_-]*)")
      if name then system[name:lower()] = true end
    end
  end
end

-- The packages the project declares: the distributions of its dependency files
-- (python.packages) and those its Dockerfiles install with pip, PEP 503-normalised, and the
-- system packages its Dockerfiles install (any stage, any Dockerfile: an image may carry the
-- driver). nil when the project has no dependency file: then nothing is concluded.
local function declared_packages(facts)
  local python = facts.python
  local packages = python and python.packages
  if packages == nil or not fact.known(packages) or next(fact.value(packages)) == nil then return nil end
  local pip, system = {}, {}
  for key, _ in pairs(fact.value(packages)) do pip[normalise(key)] = true end
  local docker = facts.raw and facts.raw.docker
  for _, file in pairs(docker or {}) do
    for _, instruction in ipairs(file.instructions or {}) do
      if fact.value(instruction.instruction) == "RUN" then
        for _, words in ipairs(run_commands(instruction) or {}) do command_installs(words, pip, system) end
      end
    end
  end
  return pip, system
end

-- The drivers of Django's own backend `name` that the pinned Django series tries, from
-- data/database-backend-distributions.json `django_backends`; nil when the backend needs none
-- (sqlite3, spatialite, dummy) or is not one the data knows.
local function django_backend_drivers(facts, name)
  local versions = import("django")
  for _, entry in ipairs(data("database-backend-distributions").django_backends) do
    for _, engine in ipairs(entry.engines) do
      if fact.value(engine) == name then
        local drivers = {}
        for _, driver in ipairs(entry.drivers) do
          local since = driver.since and fact.value(driver.since)
          local before = driver.before and fact.value(driver.before)
          if (since == nil or versions.at_least(facts, since))
              and (before == nil or not versions.at_least(facts, before)) then
            drivers[#drivers + 1] = driver
          end
        end
        return drivers
      end
    end
  end
  return nil
end

-- True when the project declares `driver` (one of its distributions, or of its system packages
-- in a Dockerfile).
local function driver_declared(driver, pip, system)
  for _, distribution in ipairs(driver.distributions) do
    if pip[normalise(fact.value(distribution))] then return true end
  end
  for _, package in ipairs(driver.system_packages) do
    if system[fact.value(package)] then return true end
  end
  return false
end

-- True when the project declares a driver of any of Django's backends, in any release: it has
-- chosen its database. A project that declares none leaves the driver to whoever deploys it
-- (mailman-web names none; its PostgreSQL set-up was recorded with psycopg2-binary installed).
local function chose_database(pip, system)
  for _, entry in ipairs(data("database-backend-distributions").django_backends) do
    for _, driver in ipairs(entry.drivers) do
      if driver_declared(driver, pip, system) then return true end
    end
  end
  return false
end

-- Why none of a Django backend's `drivers` is declared (the reason), or nil when one is.
local function missing_driver(name, drivers, pip, system)
  local looked = {}
  local modules = {}
  for _, driver in ipairs(drivers) do
    if driver_declared(driver, pip, system) then return nil end
    for _, distribution in ipairs(driver.distributions) do looked[#looked + 1] = fact.value(distribution) end
    modules[#modules + 1] = fact.value(driver.module)
  end
  if #modules == 0 then return nil end
  return "DATABASES['default']['ENGINE'] is " .. name .. ", whose driver (" .. table.concat(modules, " or ")
    .. ") no dependency file or Dockerfile of the project installs (looked for "
    .. table.concat(looked, ", ") .. "); Django imports it with the backend while it sets up the "
    .. "models and raises ImproperlyConfigured if it is missing: add the driver to the "
    .. "dependencies, or check the database URL"
end

--- The default database's ENGINE when neither its package nor, for Django's own backends,
--- its driver is declared by the project (its dependency files, a Dockerfile's pip or system
--- package install): the reason and the node, or nil. Django imports the backend, and the
--- backend its driver, while it sets up the models (a table name is truncated to the backend's
--- limit) and raises ImproperlyConfigured when one is missing. Without dependency files
--- nothing is concluded, nor for Django's backends when the project declares no database
--- driver at all (then the deployment installs the one it needs: mailman-web); pontoon declares
--- psycopg2, and its default mysql:// URL selects a backend whose driver it lacks. A backend
--- that is a module of the scanned project (`django.database_backends`) is installed with it.
local function missing_database_backend(facts)
  local databases = facts.django.settings.DATABASES
  if databases == nil or not fact.known(databases) then return nil end
  local default = databases.default
  if default == nil or not fact.known(default) then return nil end
  local engine = default.ENGINE
  if engine == nil or not fact.known(engine) or fact.kind(engine) ~= "string" then return nil end
  local name = fact.value(engine)
  local top = name:match("^([^.]+)")
  if top == nil then return nil end
  -- A backend the project itself holds (AWX's awx.main.db.profiled_pg) comes with it: the
  -- reader says whether `<ENGINE>.base` is a module of the scan.
  local backends = facts.django.database_backends
  local own = backends and backends.default and backends.default.in_scan
  if own ~= nil and fact.known(own) and fact.value(own) == true then return nil end
  local pip, system = declared_packages(facts)
  if pip == nil then return nil end
  if top == "django" then
    local drivers = django_backend_drivers(facts, name)
    if drivers == nil or not chose_database(pip, system) then return nil end
    local why = missing_driver(name, drivers, pip, system)
    if why then return why, engine end
    return nil
  end
  local wanted = backend_distributions(top)
  for _, distribution in ipairs(wanted) do
    if pip[normalise(distribution)] then return nil end
  end
  return "DATABASES['default']['ENGINE'] is " .. name .. ", and no dependency file or Dockerfile of "
    .. "the project installs it (looked for " .. table.concat(wanted, ", ") .. "); Django imports the backend "
    .. "while it sets up the models and raises ImproperlyConfigured if it is missing: add it to "
    .. "the dependencies, or check the database URL", engine
end

-- True when the bundle path `path` lies in one of `folders` (bundle folders, "." the root).
local function inside_any(path, folders)
  for _, folder in ipairs(folders) do
    if folder == "." or path:sub(1, #folder + 1) == folder .. "/" then return true end
  end
  return false
end

-- Dependency groups a plain install of the project installs.
local MAIN_GROUPS = { default = true, main = true }

-- Where a declared package is declared only for some installs, and so is not known to be
-- installed where Django runs: the declaration that shows it (a group other than the main one,
-- unless `groups_installed`, a requirements file the project's requirements.txt does not
-- install, unless `groups_installed`, or a plugin's own dependency file in a folder the settings
-- put on sys.path), or nil; and true when only plugins' files or requirements files the install
-- leaves out show it (nothing installs those with the project). A lock file's entry without a
-- group records a resolution of every group and shows nothing either way.
local function optional_declaration(package, plugin_folders, groups_installed, debug)
  local sources = package.sources
  if sources == nil or #sources == 0 then sources = { package } end
  local optional
  local plugin_only = true
  -- Left-out requirements files: a development one among them (requirements/dev.txt next to an
  -- aggregate all.txt) says what they are for.
  local left_out_development, left_out_other = false, false
  for _, source in ipairs(sources) do
    local group = source.group and fact.value(source.group)
    local locked = source.locked ~= nil and fact.value(source.locked) == true
    local path = source.path and fact.value(source.path) or ""
    local installed = source.installed_by_requirements_txt
    if inside_any(path, plugin_folders) then
      optional = optional or ("only in " .. path .. ", the dependency file of a plugin the settings put on sys.path")
    elseif installed ~= nil and fact.value(installed) == false then
      -- Another requirements file than the one the project's requirements.txt installs. A
      -- development one (requirements/dev.txt) is installed where settings are for development
      -- or run with DEBUG on (styleguide's debug_toolbar under DEBUG), else not: Open edX
      -- Credentials' production settings add debug_toolbar from it. Any other (taiga's
      -- requirements-contribs.in of optional plugins) is installed by whoever enables what it
      -- brings: as for an extra, only DJ-LOAD doubts it.
      local development = source.role ~= nil and fact.value(source.role) == "development"
      if groups_installed or (development and debug) then return nil end
      optional = optional or ("only in " .. path .. ", which the project's requirements.txt does not install")
      if development then left_out_development = true else left_out_other = true end
    elseif group ~= nil and not MAIN_GROUPS[group] and not groups_installed then
      optional = optional or ("only in the dependency group '" .. group .. "' of " .. path)
      plugin_only = false
    elseif group ~= nil or not locked then
      return nil
    end
  end
  if left_out_other and not left_out_development then plugin_only = false end
  return optional, optional ~= nil and plugin_only
end

--- A module Django certainly imports while it starts (django.startup_imports) that only
--- packages declared for some installs provide: an INSTALLED_APPS entry whose package is only in
--- a development group or an extra, or any module only a plugin's own dependency file declares.
--- A deployment that installs only the main dependencies lacks it, and Django raises
--- ModuleNotFoundError (measured on glitchtip's dev-only sslserver and misago's plugin). Not
--- concluded: a module an app's code imports from a development group (another package may
--- bring it: netbox's `packaging`); a group under settings whose name says development
--- (`settings.local`), which run where the development dependencies are installed; a module no
--- declared package provides (distribution and module names differ too often); one the installed
--- packages given with --site-packages hold (`installed`). The reason, the
--- node, and true when only plugins' own files declare it (nothing installs those with the
--- project), or nil.
local function optional_startup_module(facts)
  local django = facts.django
  local imports = django.startup_imports
  local packages = facts.python and facts.python.packages
  if imports == nil or not fact.known(imports) or packages == nil or not fact.known(packages) then return nil end
  local plugin_folders = {}
  for _, folder in ipairs(django.added_module_folders or {}) do plugin_folders[#plugin_folders + 1] = fact.value(folder) end
  local development = django.settings_role ~= nil and fact.value(django.settings_role) == "development"
  -- DEBUG as Django tests it (`if settings.DEBUG:`): Python truthiness, so "False" is on.
  local debug_setting = import("django").setting(facts, "DEBUG")
  local debug = debug_setting.known and import("django").truthy(debug_setting) == true
  for _, imported in ipairs(imports) do
    -- In the installed packages the user gave (--site-packages): installed, whatever declares it.
    local providers = imported.installed == nil and imported.packages or {}
    local groups_installed = development or not imported.app
    local reasons = {}
    local plugins_only = true
    for _, name in ipairs(providers) do
      local package = packages[fact.value(name)]
      local why, plugin = nil, false
      if package then why, plugin = optional_declaration(package, plugin_folders, groups_installed, debug) end
      if not why then reasons = nil break end
      plugins_only = plugins_only and plugin
      reasons[#reasons + 1] = fact.value(name) .. " (" .. why .. ")"
    end
    if reasons and #reasons > 0 then
      local module = fact.value(imported.module)
      local how = imported.app and "INSTALLED_APPS names " .. module or "an app's module imports " .. module
      return how .. " (" .. fact.value(imported.at) .. "), which Django imports while it starts; only "
        .. table.concat(reasons, ", ") .. " provides it, so a deployment that installs the main "
        .. "dependencies does not have it and Django raises ModuleNotFoundError: declare it with the main "
        .. "dependencies, or say how the server installs it", imported.module, plugins_only
    end
  end
  return nil
end

-- True when the project's dependency declarations list every installed distribution, the
-- transitive ones too: a lock file, or a requirements file pip-compile or uv compiled.
local function declarations_complete(facts)
  local python = facts.python
  if python == nil then return false end
  for _, file in pairs(python.files or {}) do
    if file.compiled_by ~= nil then return true end
  end
  for _, package in pairs(python.packages or {}) do
    if package.locked ~= nil and fact.value(package.locked) == true then return true end
  end
  return false
end

--- An INSTALLED_APPS entry outside the scan whose module no declared distribution's name
--- matches (django.startup_imports: `app`, no `packages`), when the declarations are complete
--- (declarations_complete): Django imports it while it starts and raises ModuleNotFoundError
--- unless the server installs it some other way (Open Forms' extensions, installed by an image
--- build argument). Distribution and module names differ, so only DJ-LOAD doubts it; one the
--- installed packages given with --site-packages hold (`installed`) is installed. The reason and
--- node, or nil.
local function undeclared_app(facts)
  local imports = facts.django.startup_imports
  if imports == nil or not fact.known(imports) or not declarations_complete(facts) then return nil end
  for _, imported in ipairs(imports) do
    if imported.app ~= nil and imported.installed == nil and #(imported.packages or {}) == 0 then
      local module = fact.value(imported.module)
      return "INSTALLED_APPS names " .. module .. " (" .. fact.value(imported.at) .. "), which Django imports while "
        .. "it starts, and neither the scanned files nor, by its name, a distribution of the project's complete "
        .. "dependency list provide it: Django raises ModuleNotFoundError unless the server installs it another "
        .. "way (scan its code, or declare its distribution)", imported.module
    end
  end
  return nil
end

--- LANGUAGE_CODE with no Django message catalog anywhere Parapet can see (USE_I18N on): Django
--- raises OSError ("No translation files found for default language") the first time it
--- translates while it starts (measured on misago). Django's own catalogs are the pack's data
--- (django-locale-catalogs.json, by the release that added each, read by
--- languages.catalog_seen); the project's are django.locale_catalogs. A LOCALE_PATHS folder
--- outside the scan may hold one, and an installed package may ship one: so this is a doubt,
--- never a failure. The reason and node.
local function missing_catalog(facts)
  local settings = facts.django.settings
  local i18n = settings.USE_I18N
  if i18n ~= nil and (not fact.known(i18n) or fact.value(i18n) ~= true) then return nil end
  local code = settings.LANGUAGE_CODE
  if code == nil or not fact.known(code) or fact.kind(code) ~= "string" then return nil end
  local paths = settings.LOCALE_PATHS
  if paths ~= nil then
    if not fact.known(paths) or fact.kind(paths) ~= "list" then return nil end
    for _, entry in ipairs(paths) do
      local text = fact.known(entry) and fact.kind(entry) == "string" and fact.value(entry)
      if not text or text:sub(1, 9) ~= "/project/" then return nil end
    end
  end
  local languages = import("languages")
  if languages.catalog_seen(facts, fact.value(code)) then return nil end
  local locale = languages.to_locale(fact.value(code))
  local versions = import("django")
  if not versions.at_least(facts, "1.8") then
    -- The table starts at Django 1.8: an older release may ship the catalog.
    return "LANGUAGE_CODE is " .. fact.value(code) .. " (locale " .. locale .. "): Parapet's table of Django's own "
      .. "message catalogs starts at Django 1.8, so whether Django " .. versions.series(facts) .. " ships one is not "
      .. "known, and without one Django raises OSError (\"No translation files found for default language\") "
      .. "when it first translates while it starts", code
  end
  return "LANGUAGE_CODE is " .. fact.value(code) .. " (locale " .. locale .. "), for which neither Django "
    .. versions.series(facts) .. " nor the scanned tree has a message catalog: Django raises OSError (\"No "
    .. "translation files found for default language\") when it first translates while it starts, unless "
    .. "an installed package ships one", code
end

-- TIME_ZONE naming no zone of the tz database: Django joins it to /usr/share/zoneinfo and
-- raises ValueError ("Incorrect timezone setting") while it loads the settings, wherever that
-- folder exists (it does in most images; whether it does where Django runs is not in the
-- evidence, so this is a doubt, not a certain failure). A name the recorded tz database lacks
-- may be a newer zone: a doubt as well, never a failure.
local function unknown_time_zone(facts)
  local zone = facts.django.settings.TIME_ZONE
  if zone == nil or not fact.known(zone) or fact.kind(zone) ~= "string" then return nil end
  local name = fact.value(zone)
  if name == "" then return nil end
  for _, known in ipairs(data("time-zones").zones) do
    if fact.value(known) == name then return nil end
  end
  return "TIME_ZONE is " .. string.format("%q", name) .. ", which names no zone of the tz database: Django "
    .. "raises ValueError (\"Incorrect timezone setting\") while it loads the settings wherever "
    .. "/usr/share/zoneinfo exists", zone
end

--- An empty SECRET_KEY with a package in use that reads it while Django starts, or a database
--- backend the project does not install: the reason and the node to point at, or nil. Django
--- then most likely stops before running any check, so the checks themselves are not decided
--- either (lib/django.lua `ready`).
function M.likely_failure(facts)
  local django = facts.django
  if not django or not django.settings or django.unseen_settings ~= nil then return nil end
  if M.certain_failure(facts) then return nil end
  local backend, at = missing_database_backend(facts)
  if backend then return backend, at end
  local optional, node, plugins_only = optional_startup_module(facts)
  if optional and plugins_only then return optional, node end
  local catalog, where = missing_catalog(facts)
  if catalog then return catalog, where end
  local zone, zone_at = unknown_time_zone(facts)
  if zone then return zone, zone_at end
  local log_folder, log_at = missing_log_folder(django, true)
  if log_folder then return log_folder, log_at end
  if not secret_key_empty(django.settings) then return nil end
  local reader, use = startup_reader(facts, django.settings)
  if not reader then return nil end
  return "SECRET_KEY is empty and " .. use .. ": "
    .. fact.value(reader.why) .. ", and Django raises ImproperlyConfigured on that read if it "
    .. "happens while Django starts", django.settings.SECRET_KEY or django.settings_file
    or django.settings_module
end

--- Why the settings may not load although nothing certainly raises, and the node to point
--- at; nil when there is no doubt (or no settings). Only DJ-LOAD reports these doubts: a raise
--- under a condition Parapet cannot decide, or a file it cannot see, is usually not taken on
--- a working deployment (measured in docs/conformance.md), so the checks stay decided.
function M.doubt(facts)
  local django = facts.django
  if not django or not django.settings then return nil end
  local command_stop = django.command_stop
  if command_stop ~= nil then
    -- The entry exits for `check` after reading its command (an allow-list of commands):
    -- `manage.py check --deploy` runs no check, the deployment's commands may start Django.
    return fact.value(command_stop.entry) .. " exits before Django starts for the `check` command: "
      .. fact.value(command_stop.type) .. " (" .. fact.value(command_stop.message)
      .. "); the deployment's own commands and its WSGI server may still start Django", command_stop
  end
  local unseen = django.unseen_settings
  if unseen ~= nil then return fact.reason(unseen), unseen end
  local possible = django.possible_load_errors
  if possible ~= nil and #possible > 0 then
    local first = possible[1]
    local kind = fact.value(first.type)
    local message = fact.value(first.message)
    if kind == "FileNotFoundError" then return kind .. ": " .. message, first end
    return kind .. " (" .. message .. ") is raised under a condition Parapet cannot decide", first
  end
  local likely, at = M.likely_failure(facts)
  if likely then return likely, at end
  local untyped = {}
  for _, item in ipairs(django.untyped_objects or {}) do untyped[fact.value(item)] = item end
  for _, entry in ipairs(construction().sequences) do
    -- An object of a class Parapet does not see whole, or what a library Parapet does not
    -- model returned, may or may not pass Django's isinstance(value, (list, tuple)).
    local name = fact.value(entry.name)
    if untyped[name] ~= nil and import("django").at_least(facts, fact.value(entry.since)) then
      return "whether " .. name .. " is a list or a tuple is not known (an object of a class Parapet does not see whole, or a value of a library it does not model); "
        .. "if it is not, Django raises ImproperlyConfigured (\"The " .. name .. " setting must be a list or a tuple.\")",
        django.settings[name] or untyped[name]
    end
  end
  local refused, refusal, refused_at = import("startup_apps").refusal(facts)
  if refused == "unknown" then return refusal, refused_at end
  local app_errors = django.startup_possible_errors
  if app_errors ~= nil and #app_errors > 0 then
    local first = app_errors[1]
    return "django.setup() imports " .. fact.value(first.module) .. import_chain(first)
      .. ", whose code may raise " .. fact.value(first.type) .. " (" .. fact.value(first.message) .. ")", first
  end
  -- A development group or an extra is often installed (a developer's setup, `app[all]`):
  -- measured on uMap and Weblate, so only DJ-LOAD doubts it.
  local optional, node = optional_startup_module(facts)
  if optional then return optional, node end
  return undeclared_app(facts)
end

return M
