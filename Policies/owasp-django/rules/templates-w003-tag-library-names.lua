local django = import("django")
local admin = import("admin")
local ex = import("examples")

local TABLE = "django-template-libraries"

-- Django's own libraries for an INSTALLED_APPS entry of Django (the app or one of its AppConfig
-- classes), under the project's series.
local function django_libraries(facts, entry)
  local found = {}
  for app, libraries in pairs(data(TABLE).apps) do
    if app ~= "django" and (entry == app or entry:sub(1, #app + 1) == app .. ".") then
      for _, library in ipairs(libraries) do
        if library.since == nil or django.at_least(facts, fact.value(library.since)) then found[#found + 1] = library end
      end
    end
  end
  return found
end

-- The OPTIONS["libraries"] of the engines the check reads, added to `add`; nil and why when one
-- is not known. From 5.1 each DjangoTemplates engine checks itself; before, every entry counted.
-- Also returns how many engines run the check.
local function custom_libraries(facts, add, modern)
  local templates = django.setting(facts, "TEMPLATES")
  if not templates.known then return nil, django.unknown_message("TEMPLATES", templates) end
  if templates.kind ~= "list" then return nil, "TEMPLATES is not a list" end
  local engines = 0
  for _, engine in ipairs(templates.node or {}) do
    if not fact.known(engine) then return nil, "a TEMPLATES entry is not known: " .. tostring(fact.reason(engine)) end
    if fact.kind(engine) ~= "map" then return nil, "a TEMPLATES entry is not a dict" end
    local backend = engine.BACKEND
    if modern and (backend == nil or not fact.known(backend)) then
      return nil, "a TEMPLATES entry's BACKEND is not known"
    end
    if not modern or fact.value(backend) == admin.DJANGO_TEMPLATES then
      engines = engines + 1
      local options = engine.OPTIONS
      if options ~= nil and not fact.known(options) then return nil, "OPTIONS of a TEMPLATES entry is not known" end
      local libraries = options and fact.kind(options) == "map" and options.libraries
      if libraries then
        if not fact.known(libraries) or fact.kind(libraries) ~= "map" then return nil, "OPTIONS['libraries'] is not a known dict" end
        for name, path in pairs(libraries) do
          if not fact.known(path) then return nil, "OPTIONS['libraries'][" .. name .. "] is not known" end
          add(name, fact.value(path), path)
        end
      end
    end
  end
  return engines
end

return {
  id = "DJ-TEMPLATES-W003",
  title = "Template tag libraries must have distinct names",
  severity = "low",
  references = { "django:templates.W003", "django:templates.E003", "owasp:A05:2021" },
  rationale = "`{% load name %}` loads one library: when two installed apps (or TEMPLATES' OPTIONS['libraries']) "
    .. "provide a template tag module of the same name, templates get whichever Django registered last, "
    .. "silently. Django warns: templates.W003 from 5.1, templates.E003 (a warning despite its id) in 4.1 to 5.0.",
  remediation = "Rename one of the modules (and its {% load %} tags), or map a distinct name to it in "
    .. "TEMPLATES[...]['OPTIONS']['libraries'].",
  docs = "https://docs.djangoproject.com/en/stable/ref/checks/#templates",
  evidence = { "django.settings", "django.template_libraries" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    if not django.at_least(facts, "4.1") then
      return report.not_applicable{ message = "Django " .. django.series(facts) .. " does not check template tag library names (from 4.1)" }
    end
    local modern = django.at_least(facts, "5.1")
    local id = modern and "templates.W003" or "templates.E003"
    if not django.ready(facts, report, id) then return end
    local found = facts.django.template_libraries
    if not found then
      return report.unknown{ message = "cannot verify " .. id .. ": the apps were not read (no settings module was evaluated)",
        at = django.settings_node(facts) }
    end
    local modules, places, names = {}, {}, {}
    local function add(name, module, at)
      if modules[name] == nil then
        modules[name] = {}
        names[#names + 1] = name
      end
      if not modules[name][module] then
        modules[name][module] = true
        if at and places[name] == nil then places[name] = at end
      end
    end
    local engines, why = custom_libraries(facts, add, modern)
    if engines == nil then
      return report.unknown{ message = "cannot verify " .. id .. ": " .. why, at = django.setting(facts, "TEMPLATES").at }
    end
    if modern and engines == 0 then
      return report.not_applicable{ message = "TEMPLATES has no DjangoTemplates engine, and from Django 5.1 each such engine runs the check" }
    end
    for _, library in ipairs(data(TABLE).apps.django) do add(fact.value(library.name), fact.value(library.module)) end
    local doubts = {}
    for _, app in ipairs(found.apps) do
      local entry, source = fact.value(app.entry), fact.value(app.source)
      if source == "django" then
        for _, library in ipairs(django_libraries(facts, entry)) do add(fact.value(library.name), fact.value(library.module)) end
      elseif source == "declared" then
        -- Libraries every release of a package holds (the pack's data) are certain; others may exist.
        for _, package in ipairs(data(TABLE).packages) do
          local app_name = fact.value(package.app)
          if entry == app_name or entry:sub(1, #app_name + 1) == app_name .. "." then
            for _, library in ipairs(package.libraries) do
              add(fact.value(library.name), fact.value(library.module), app)
            end
          end
        end
        doubts[#doubts + 1] = { message = "cannot verify " .. id .. " for app '" .. entry .. "': its template tag libraries are not "
          .. "among the scanned files (scan the package's code with the project, or waive this finding once its library names are known to be distinct)", at = app }
      end
    end
    for _, library in ipairs(found.libraries) do add(fact.value(library.name), fact.value(library.module), library) end
    for _, item in ipairs(found.unknowns) do
      doubts[#doubts + 1] = { message = "cannot verify " .. id .. ": " .. fact.value(item.reason), at = item }
    end
    table.sort(names)
    local failed = false
    for _, name in ipairs(names) do
      local list = {}
      for module in pairs(modules[name]) do list[#list + 1] = module end
      if #list > 1 then
        table.sort(list)
        failed = true
        report.fail{ message = "'" .. name .. "' is used for multiple template tag modules: " .. table.concat(list, ", ") .. " (" .. id .. ")",
          at = places[name] or django.settings_node(facts), django_check = id, severity = "low" }
      end
    end
    if failed then return end
    if #doubts == 0 then return report.pass{ message = "every template tag library name is used by one module" } end
    django.report_doubts(report, doubts)
  end,
  examples = {
    passing = {
      ex.case({ 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.admin", "shop"]' }, nil, {
        ["shop/__init__.py"] = "",
        ["shop/templatetags/__init__.py"] = "",
        ["shop/templatetags/shop_tags.py"] = "from django import template\n\nregister = template.Library()\n",
        -- A module without `register` is no library.
        ["shop/templatetags/log.py"] = "HELPER = 1\n",
      }),
    },
    failing = {
      -- Two packages whose every release provides `thumbnail` (django-oscar's sandbox).
      ex.case({ '↓INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "sorl.thumbnail", "easy_thumbnails"]' }, nil, {
        ["requirements.txt"] = "Django==5.2.8\ndjango-axes==6.5.1\nsorl-thumbnail==12.10.0\neasy-thumbnails==2.10\n",
      }),
      ex.case({ 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.humanize", "shop"]' }, nil, {
        ["shop/__init__.py"] = "",
        ["shop/templatetags/__init__.py"] = "",
        ["shop/templatetags/humanize.py"] = "↓from django import template\n\nregister = template.Library()\n",
      }),
      ex.case({ 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop", "blog"]' }, nil, {
        ["shop/__init__.py"] = "", ["blog/__init__.py"] = "",
        ["shop/templatetags/__init__.py"] = "", ["blog/templatetags/__init__.py"] = "",
        ["shop/templatetags/common.py"] = "↓from django import template\n\nregister = template.Library()\n",
        ["blog/templatetags/common.py"] = "from django import template\n\nregister = template.Library()\n",
      }),
    },
  },
}
