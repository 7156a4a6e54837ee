local django = import("django")
local ex = import("examples")

-- Django's checks of deprecated and removed field classes (Field._check_deprecation_details): a
-- class with system_check_removed_details gives an error (fields.E9xx), else one with
-- system_check_deprecated_details a warning (fields.W9xx), for every field of every installed
-- concrete model. Which class has which id in which release is data/deprecated-model-fields.json.
local TABLE = "deprecated-model-fields"
local FAMILY = "the deprecated field class checks (fields.W9xx, fields.E9xx)"

-- The class -> check id map of the project's Django series, and the series; or nil and why.
local function series_checks(facts)
  local version = facts.django.version
  if version ~= nil and (version.series == nil or not fact.known(version.series)) then
    local why = version.series and fact.reason(version.series) or "no Django series fits its requirement"
    return nil, "the Django release the project installs is not known (" .. tostring(why) .. ")"
  end
  local series = django.series(facts)
  local checks = data(TABLE).series[series]
  if checks == nil then
    return nil, "Parapet's table of deprecated field classes (read in Django 1.11 to 6.1) has no entry for Django " .. series
  end
  return checks, series
end

-- The warnings (fields.W9xx) of the series, sorted, and the classes they are for.
local function series_warnings(checks)
  local ids, classes = {}, {}
  for class, id in pairs(checks) do
    local name = fact.value(id)
    if name:find("^fields%.W") then
      ids[#ids + 1] = name
      classes[#classes + 1] = class
    end
  end
  table.sort(ids)
  table.sort(classes)
  return ids, classes
end

-- The data/deprecated-model-fields.json package whose `key` list ("apps": INSTALLED_APPS
-- entries; "abstract": abstract models of a field) holds `name`, and that field; or nil.
local function package_of(key, name)
  for _, package in ipairs(data(TABLE).packages) do
    if key == "apps" then
      for _, app in ipairs(package.apps) do
        if fact.value(app) == name then return package end
      end
    else
      for _, field in ipairs(package.fields) do
        for _, class in ipairs(field.abstract or {}) do
          if fact.value(class) == name then return package, field end
        end
      end
    end
  end
  return nil
end

-- True when the list node holds the string `name`.
local function listed(list, name)
  for _, item in ipairs(list or {}) do
    if fact.value(item) == name then return true end
  end
  return false
end

-- The release of the package's distribution the project pins (python.packages) when the field is
-- among its models there, with a description of the field; false when the release has none;
-- nil after reporting through `doubt` that the release is not known.
local function installed(facts, package, field, doubt, at, id, subject)
  local name = fact.value(package.distribution)
  local pin = facts.python and facts.python.packages and facts.python.packages[name]
  local version = pin and pin.version and fact.known(pin.version) and fact.value(pin.version)
  local label = fact.value(field.model) .. "." .. fact.value(field.field) .. " (" .. fact.value(field.file)
    .. " of " .. name .. " " .. fact.value(field.versions) .. ") is a " .. fact.value(field.class)
  local affected = type(version) == "string" and pep440.satisfies(version, fact.value(field.versions))
  if type(version) ~= "string" or affected == nil then
    doubt("cannot verify " .. id .. " for " .. subject .. ": the release of " .. name
      .. " the project installs is not pinned, and " .. label, at)
    return nil
  end
  if not affected then return false end
  return version, label
end

-- Whether the project swaps the package's model out (its swappable setting names another
-- model: Django then checks that one, not this): true, false, or nil after reporting a doubt.
local function swapped_out(facts, field, version, doubt, id, entry)
  local swappable = field.swappable
  if not swappable or pep440.compare(version, fact.value(swappable.since)) < 0 then return false end
  local name = fact.value(swappable.setting)
  local setting = django.setting(facts, name)
  if setting.assigned and not setting.known then
    doubt("cannot verify " .. id .. " for app '" .. entry .. "': " .. fact.value(field.model) .. "." .. fact.value(field.field)
      .. " is a " .. fact.value(field.class) .. ", and whether " .. name .. " swaps that model out is not known: "
      .. tostring(setting.reason), setting.at)
    return nil
  end
  return setting.assigned and setting.value ~= fact.value(swappable.default)
end

-- At most this many undecided places are reported one by one; beyond, one finding names them.
local MAX_DOUBTS = 5

return {
  id = "DJ-FIELDS-DEPRECATED",
  title = "Models must not use field classes Django has deprecated or removed",
  severity = "medium",
  references = {
    "django:fields.E900", "django:fields.W901", "django:fields.E901", "django:fields.W902",
    "django:fields.W903", "django:fields.E903", "django:fields.W904", "django:fields.E904",
    "django:fields.W905", "django:fields.E905", "django:fields.W906", "django:fields.E906",
    "django:fields.W907", "django:fields.E907", "owasp:A06:2021",
  },
  rationale = "Django checks each model field against its class's deprecation details: a class Django "
    .. "has removed except for historical migrations (IPAddressField in every release from 1.11, "
    .. "CommaSeparatedIntegerField from 2.0, "
    .. "NullBooleanField and django.contrib.postgres.fields.JSONField from 4.0, the CI*Field classes from "
    .. "5.1) is an error (fields.E9xx) that stops migrate and runserver; a class it deprecates (NullBooleanField "
    .. "and the PostgreSQL JSONField in 3.1 and 3.2, the CI*Field classes in 4.2 and 5.0) is a warning "
    .. "(fields.W9xx) that the next release turns into that error. Each finding names Django's id.",
  remediation = "Replace the field class as Django's hint says (BooleanField(null=True) for "
    .. "NullBooleanField, django.db.models.JSONField for the PostgreSQL JSONField, GenericIPAddressField for "
    .. "IPAddressField, a db_collation for the CI*Field classes) and make a migration; for a third-party app, "
    .. "upgrade the package to a release that no longer uses the class.",
  docs = "https://docs.djangoproject.com/en/stable/ref/checks/#fields",
  evidence = { "django.settings", "django.models" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    if not django.starts(facts, report, FAMILY) then return end
    local apps = django.setting(facts, "INSTALLED_APPS")
    if not apps.known then return django.report_unknown(report, "INSTALLED_APPS", apps) end
    local models = facts.django.models
    if not models then
      return report.unknown{ message = "cannot verify " .. FAMILY .. ": the models were not read (no settings module was evaluated)",
        at = django.settings_node(facts) }
    end
    local checks, series = series_checks(facts)
    if not checks then
      return report.unknown{ message = "cannot verify " .. FAMILY .. ": " .. series, at = django.settings_node(facts) }
    end
    local reported = false
    -- A field Django reports under `id`, unless SILENCED_SYSTEM_CHECKS lists the id.
    local function judge(id, message, at)
      reported = true
      local silenced, why = django.silenced(facts, id)
      if silenced == nil then
        report.unknown{ message = "cannot verify whether " .. id .. " is silenced: " .. tostring(why),
          at = django.setting(facts, "SILENCED_SYSTEM_CHECKS").at, django_check = id }
      elseif silenced then
        report.pass{ message = id .. " is silenced (SILENCED_SYSTEM_CHECKS): " .. message, at = at, django_check = id }
      else
        local warning = id:find("^fields%.W") ~= nil
        local hint = data(TABLE).hints[id]
        report.fail{ message = message .. (warning and " (a warning in Django " or " (an error in Django ") .. series .. ", "
          .. id .. ")" .. (hint and (": " .. fact.value(hint)) or ""), at = at, django_check = id,
          severity = warning and "low" or nil }
      end
    end
    -- Doubts are gathered: a project with dozens of other packages' apps gets one finding that
    -- names them all, not one per app.
    local doubts = {}
    local function doubt(message, at)
      reported = true
      doubts[#doubts + 1] = { message = message, at = at }
    end

    for _, field in ipairs(models.deprecated_fields) do
      local class = fact.value(field.class)
      local id = checks[class]
      if id ~= nil then
        local subclass = field.subclass and (" (through " .. fact.value(field.subclass) .. ")") or ""
        judge(fact.value(id), fact.value(field.model) .. "." .. fact.value(field.field) .. " is a " .. class .. subclass, field)
      end
    end
    for _, item in ipairs(models.deprecated_field_unknowns) do
      doubt("cannot verify " .. FAMILY .. ": " .. fact.value(item.reason), item)
    end

    -- Other packages' apps are not scanned: a deprecation warning of the series may come from their
    -- models unless the pack's data records the package. Removed classes (errors) are taken to be
    -- absent from them, as for fields.E120: a release that kept one would stop the package's own users.
    local warnings, warned = series_warnings(checks)
    for _, app in ipairs(models.apps) do
      local entry = fact.value(app.entry)
      if fact.value(app.source) == "declared" then
        local package = package_of("apps", entry)
        if package then
          for _, field in ipairs(package.fields) do
            local id = checks[fact.value(field.class)]
            if id ~= nil then
              local version, label = installed(facts, package, field, doubt, app, fact.value(id), "app '" .. entry .. "'")
              if version and swapped_out(facts, field, version, doubt, fact.value(id), entry) == false then
                judge(fact.value(id), label .. " in " .. fact.value(package.distribution) .. " " .. version, app)
              end
            end
          end
        elseif #warnings > 0 then
          doubt("cannot verify " .. table.concat(warnings, ", ") .. " for app '" .. entry .. "': its models are not among "
            .. "the scanned files, and Django " .. series .. " warns for each field that is a " .. table.concat(warned, " or a ")
            .. " (scan the package's code with the project, or waive this finding once its models are known to use none)", app)
        end
      end
    end
    -- A model of the scan that derives from such a package's abstract model has its fields.
    for _, item in ipairs(models.external_bases) do
      local base = fact.value(item.base)
      local package, field = package_of("abstract", base)
      local id = field and checks[fact.value(field.class)]
      if id ~= nil and not listed(item.assigned, fact.value(field.field)) then
        local model = fact.value(item.model)
        local version = installed(facts, package, field, doubt, item, fact.value(id), model)
        if version then
          judge(fact.value(id), model .. "." .. fact.value(field.field) .. " (inherited from " .. base .. ", "
            .. fact.value(field.file) .. " of " .. fact.value(package.distribution) .. " " .. version .. ") is a "
            .. fact.value(field.class), item)
        end
      end
    end
    django.report_doubts(report, doubts, MAX_DOUBTS)
    if not reported then
      report.pass{ message = "no model of the installed apps has a field whose class Django " .. series .. " deprecates or has removed" }
    end
  end,
  examples = {
    passing = {
      ex.case({ 'INSTALLED_APPS += ["shop"]' }, nil, {
        ["requirements.txt"] = "Django==3.2.25\ndjango-axes==5.40.0\n",
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = "from django.db import models\n\n\nclass Product(models.Model):\n"
          .. "    data = models.JSONField(default=dict)\n    flag = models.BooleanField(null=True)\n",
      }),
      -- Django 4.1 deprecates no class: another package's models are taken to use no removed one.
      ex.case({ 'INSTALLED_APPS += ["shop", "waffle"]' }, nil, {
        ["requirements.txt"] = "Django==4.1.13\ndjango-axes==5.40.0\ndjango-waffle==3.0.0\n",
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = "from django.db import models\n\n\nclass Product(models.Model):\n    ip = models.GenericIPAddressField()\n",
      }),
      -- Silenced: Django leaves the warning out.
      ex.case({ 'INSTALLED_APPS += ["shop"]', 'SILENCED_SYSTEM_CHECKS = ["fields.W903"]' }, nil, {
        ["requirements.txt"] = "Django==3.2.25\ndjango-axes==5.40.0\n",
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = "from django.db import models\n\n\nclass Product(models.Model):\n    flag = models.NullBooleanField()\n",
      }),
    },
    failing = {
      -- A field inherited from an abstract model is checked on each concrete child.
      ex.case({ 'INSTALLED_APPS += ["shop"]' }, nil, {
        ["requirements.txt"] = "Django==3.2.25\ndjango-axes==5.40.0\n",
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = "from django.contrib.postgres.fields import JSONField\nfrom django.db import models\n\n\n"
          .. "class Stamped(models.Model):\n↓    extra = JSONField(default=dict)\n\n    class Meta:\n        abstract = True\n\n\n"
          .. "class Product(Stamped):\n    name = models.CharField(max_length=80)\n",
      }),
      -- Removed from Django 4.0: an error.
      ex.case({ 'INSTALLED_APPS += ["shop"]' }, nil, {
        ["requirements.txt"] = "Django==4.2.16\ndjango-axes==6.5.1\n",
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = "from django.db import models\n\n\nclass Product(models.Model):\n↓    on_sale = models.NullBooleanField()\n",
      }),
      -- django-waffle before 2.0 declares Flag.everyone a NullBooleanField (Open Humans on 3.2).
      ex.case({ 'INSTALLED_APPS += ["waffle"]' }, nil, {
        ["requirements.txt"] = "Django==3.2.25\ndjango-axes==5.40.0\ndjango-waffle==0.20.0\n",
      }),
    },
  },
}
