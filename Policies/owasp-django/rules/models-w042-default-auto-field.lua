local django = import("django")
local ex = import("examples")

-- Whether the app's config class sets default_auto_field under the project's Django: 3.2 and
-- 4.0 follow a package's default_app_config instead of the class the apps module offers.
local function config_sets(facts, app)
  local legacy = app.default_auto_field_before_4_1
  if legacy ~= nil and not django.at_least(facts, "4.1") then return legacy end
  return app.default_auto_field
end

-- Django 5.2: the last series with the check (6.0 made BigAutoField the default).
local APP_WITH_AUTO_KEY = {
  ["shop/__init__.py"] = "",
  ["shop/models.py"] = "from django.db import models\n\n\n↓class Product(models.Model):\n    name = models.CharField(max_length=80)\n",
  ["requirements.txt"] = "Django==5.2.8\n",
}

return {
  id = "DJ-MODELS-W042",
  title = "Models must not leave their primary key type to an implicit default",
  severity = "low",
  references = { "django:models.W042" },
  rationale = "A model without a declared primary key gets an auto-created one whose type comes from "
    .. "DEFAULT_AUTO_FIELD or its app's AppConfig.default_auto_field. When neither is set, Django "
    .. "(3.2 to 5.2; 6.0 made BigAutoField the default) warns (models.W042): the type is Django's historical default AutoField, a 32-bit "
    .. "integer that a busy table can exhaust, and a later change of the default would silently ask "
    .. "for migrations of every such table.",
  remediation = "Set DEFAULT_AUTO_FIELD = \"django.db.models.BigAutoField\" in the settings (or "
    .. "\"django.db.models.AutoField\" to keep existing tables unchanged), or set default_auto_field on "
    .. "each app's AppConfig.",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#default-auto-field",
  evidence = { "django.settings", "django.models" },
  check = function(facts, report)
    if not django.ready(facts, report, "models.W042") then return end
    if not django.at_least(facts, "3.2") then
      return report.not_applicable{ message = "models.W042 exists from Django 3.2" }
    end
    if django.at_least(facts, "6.0") then
      -- Django 6.0 made BigAutoField the default and removed the check.
      return report.not_applicable{ message = "models.W042 exists up to Django 5.2: from 6.0 DEFAULT_AUTO_FIELD defaults to BigAutoField" }
    end
    local setting = django.setting(facts, "DEFAULT_AUTO_FIELD")
    if setting.assigned and setting.known then
      return report.pass{ message = "DEFAULT_AUTO_FIELD is set, so no model relies on Django's implicit default", at = setting.at }
    end
    local models = facts.django.models
    local apps = django.setting(facts, "INSTALLED_APPS")
    if not apps.known then return django.report_unknown(report, "INSTALLED_APPS", apps) end
    if not models then
      return report.unknown{ message = "cannot verify models.W042: the models were not read (no settings module was evaluated)",
        at = django.settings_node(facts) }
    end
    -- Settings Parapet cannot see may set DEFAULT_AUTO_FIELD: then no model is named.
    local doubt = not setting.known and ("cannot verify whether DEFAULT_AUTO_FIELD is set: " .. tostring(setting.reason)) or nil
    local configs = {}
    local undecided = {}
    for _, app in ipairs(models.apps) do
      local entry = fact.value(app.entry)
      local source = fact.value(app.source)
      if source == "scan" then
        configs[entry] = config_sets(facts, app)
      elseif source ~= "django" then
        -- Django's own apps set default_auto_field; another package's apps are not scanned.
        undecided[#undecided + 1] = { message = "cannot verify models.W042 for app '" .. entry
          .. "': its models and AppConfig are not among the scanned files (set DEFAULT_AUTO_FIELD, or scan the package)", at = app }
      end
    end
    local failed = false
    for _, model in ipairs(models.auto_primary_keys) do
      local app = fact.value(model.app)
      local sets = configs[app]
      local name = fact.value(model.model)
      if sets ~= nil and not fact.known(sets) then
        undecided[#undecided + 1] = { message = "cannot verify models.W042 for " .. name .. ": whether its app's AppConfig sets default_auto_field is not known: "
          .. tostring(fact.reason(sets)), at = sets }
      elseif sets ~= nil and fact.value(sets) == false then
        if doubt then
          undecided[#undecided + 1] = { message = "cannot verify models.W042 for " .. name .. ": " .. doubt, at = model }
        else
          failed = true
          report.fail{ message = name .. " gets an auto-created primary key, and neither DEFAULT_AUTO_FIELD nor the AppConfig of '"
            .. app .. "' sets its type (Django " .. django.series(facts) .. " uses AutoField)", at = model }
        end
      end
    end
    for _, item in ipairs(models.primary_key_unknowns) do
      local sets = configs[fact.value(item.app)]
      if not (sets ~= nil and fact.known(sets) and fact.value(sets) == true) then
        undecided[#undecided + 1] = { message = "cannot verify models.W042: " .. fact.value(item.reason), at = item }
      end
    end
    -- A model Django names decides the check; doubts about other apps do not change that.
    if failed then return end
    for _, item in ipairs(undecided) do report.unknown(item) end
    if #undecided == 0 then
      report.pass{ message = "no installed model gets an auto-created primary key of an unset type" }
    end
  end,
  examples = {
    passing = {
      ex.case({ 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]',
        'DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"' }, nil, APP_WITH_AUTO_KEY),
      -- The app's config sets the type, or the model declares its key.
      ex.case({ 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]' }, nil, {
        ["shop/__init__.py"] = "",
        ["shop/apps.py"] = "from django.apps import AppConfig\n\n\nclass ShopConfig(AppConfig):\n"
          .. "    name = 'shop'\n    default_auto_field = 'django.db.models.BigAutoField'\n",
        ["shop/models.py"] = "from django.db import models\n\n\nclass Product(models.Model):\n    name = models.CharField(max_length=80)\n\n\n"
          .. "class Code(models.Model):\n    code = models.CharField(max_length=8, primary_key=True)\n",
      }),
      ex.case({ 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]' }, nil, {
        ["shop/__init__.py"] = "",
        ["shop/models.py"] = "from django.db import models\n\n\nclass Stamped(models.Model):\n"
          .. "    uid = models.UUIDField(primary_key=True)\n\n    class Meta:\n        abstract = True\n\n\n"
          .. "class Product(Stamped):\n    name = models.CharField(max_length=80)\n",
      }),
    },
    failing = {
      ex.case({ 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop"]' }, nil, APP_WITH_AUTO_KEY),
      -- A proxy of Django's User has User's auto-created key, checked under the proxy's app.
      ex.case({ 'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "shop.apps.ShopConfig"]' }, nil, {
        ["shop/__init__.py"] = "",
        ["shop/apps.py"] = "from django.apps import AppConfig\n\n\nclass ShopConfig(AppConfig):\n    name = 'shop'\n",
        ["shop/models.py"] = "from django.contrib.auth.models import User\n\n\n↓class Staff(User):\n    class Meta:\n        proxy = True\n",
        ["requirements.txt"] = "Django==5.2.8\n",
      }),
    },
  },
}
