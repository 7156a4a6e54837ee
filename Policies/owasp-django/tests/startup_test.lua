-- Whether Django gets through start-up (lib/startup.lua): DJ-LOAD and the Django checks.
local function settings(lines)
  return "import os\n" .. table.concat(lines, "\n") .. "\n"
end

local SIMPLEJWT_EMPTY_KEY = settings{
  'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")',
  "DEBUG = False",
  'ALLOWED_HOSTS = ["example.com"]',
  'SIMPLE_JWT = {"ACCESS_TOKEN_LIFETIME": 300}',
}

local EMPTY_KEY = settings{
  'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")',
  "DEBUG = False",
  'ALLOWED_HOSTS = ["example.com"]',
}

local function backend(engine)
  return settings{
    'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    "DEBUG = False",
    'DATABASES = {"default": {"ENGINE": "' .. engine .. '", "NAME": "app"}}',
  }
end
local KEY = string.rep("k7", 30)

-- A start-up test of a DATABASES default `engine`, with the project's other `files`.
local function engine_case(name, rule, engine, files, expect)
  local all = { ["mysite/settings.py"] = backend(engine) }
  for path, text in pairs(files) do all[path] = text end
  return { name = name, rule = rule, files = all,
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY }, expect = expect }
end

-- The project's own database backend package (AWX's awx/main/db/profiled_pg/base.py).
local OWN_BACKEND = {
  ["requirements.txt"] = "Django==5.2.8\npsycopg==3.2.3\n",
  ["mysite/__init__.py"] = "",
  ["mysite/db/__init__.py"] = "",
  ["mysite/db/profiled_pg/__init__.py"] = "",
  ["mysite/db/profiled_pg/base.py"] = "from django.db.backends.postgresql.base import *  # noqa\n",
}

-- An empty key with apps whose modules Django itself imports while it starts.
local function empty_key_with_apps(apps)
  return settings{
    'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")',
    "DEBUG = False",
    "INSTALLED_APPS = [" .. table.concat(apps, ", ") .. "]",
  }
end
local BLACKLIST_WITH_ADMIN = empty_key_with_apps{
  '"django.contrib.admin"', '"django.contrib.auth"', '"rest_framework_simplejwt.token_blacklist"' }
local BLACKLIST_WITHOUT_ADMIN = empty_key_with_apps{
  '"django.contrib.auth"', '"rest_framework_simplejwt.token_blacklist"' }

-- The admin with the auth app and an empty key, under Django `pin` (Open Humans on 3.2).
local function admin_with_django(pin)
  return {
    ["mysite/settings.py"] = empty_key_with_apps{ '"django.contrib.admin"', '"django.contrib.auth"' },
    ["requirements.txt"] = "Django==" .. pin .. "\n",
  }
end

-- A project app whose models import a module that reads the key (joanie's core/models).
local function app_importing(models)
  return {
    ["mysite/settings.py"] = empty_key_with_apps{ '"django.contrib.auth"', '"shop"' },
    ["shop/__init__.py"] = "",
    ["shop/models/__init__.py"] = "from .accounts import *\n",
    ["shop/models/accounts.py"] = models,
  }
end

-- An app only a development group provides (glitchtip's sslserver), under settings named `name`.
local function dev_group_app(name)
  return {
    [name] = settings{
      'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', "DEBUG = False",
      'INSTALLED_APPS = ["django.contrib.auth", "sslserver"]' },
    ["pyproject.toml"] = '[project]\nname = "site"\nversion = "1"\ndependencies = ["Django==5.2.8"]\n'
      .. '[dependency-groups]\ndev = ["django-sslserver~=0.22"]\n',
  }
end

-- An app only another environment's requirements file provides: the project's requirements.txt
-- installs requirements/production.txt, not requirements/dev.txt (Open edX Credentials'
-- debug_toolbar), under settings named `name`.
-- `debug`: true, or the Python text of DEBUG's value.
local function dev_requirements_app(name, debug, file)
  file = file or "requirements/dev.txt"
  return {
    [name] = settings{
      'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
      "DEBUG = " .. (debug == true and "True" or debug or "False"),
      'INSTALLED_APPS = ["django.contrib.auth", "debug_toolbar"]' },
    ["requirements.txt"] = "-r requirements/production.txt\n",
    ["requirements/production.txt"] = "Django==5.2.8\n",
    [file] = "django-debug-toolbar==6.0.0\n",
  }
end

-- A log file in a folder of the project that no scanned file is in (OpenREM's source release
-- has no logs/): whether the folder exists where Django runs is not known.
local LOG_IN_PROJECT_FOLDER = {
  ["mysite/settings.py"] = settings{
    "from pathlib import Path", "BASE_DIR = Path(__file__).resolve().parent.parent",
    'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', "DEBUG = False",
    'LOGGING = {"version": 1, "handlers": {"file": {"class": "logging.FileHandler", '
      .. '"filename": BASE_DIR / "logs" / "app.log"}}}' },
  ["requirements.txt"] = "Django==5.2.8\n",
}

-- A plugin folder the settings put on sys.path, whose models import what only its own
-- requirements declare (misago's plugins).
local PLUGIN = {
  ["mysite/settings.py"] = settings{
    "import sys", 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', "DEBUG = False",
    "from pathlib import Path", "APPS = []",
    'for found in sorted(Path("plugins").glob("*/*/plugin.py")):',
    "    APPS.append(found.parent.name)",
    "    if str(found.parent.parent) not in sys.path:",
    "        sys.path.append(str(found.parent.parent))",
    'INSTALLED_APPS = ["django.contrib.auth", *APPS]' },
  ["requirements.txt"] = "Django==5.2.8\n",
  ["plugins/pay-plugin/requirements.txt"] = "stripe==11.4.1\n",
  ["plugins/pay-plugin/pay_plugin/__init__.py"] = "",
  ["plugins/pay-plugin/pay_plugin/plugin.py"] = "",
  ["plugins/pay-plugin/pay_plugin/models.py"] = "import stripe\n",
}

-- An app whose models read the key when Django imports them (ecommerce's drf-jwt use).
local KEY_READING_APP = {
  ["mysite/settings.py"] = settings{
    'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")', "DEBUG = False",
    'INSTALLED_APPS = ["django.contrib.auth", "shop"]' },
  ["shop/__init__.py"] = "",
  ["shop/models.py"] = "from django.conf import settings\nSIGNING = settings.SECRET_KEY\n",
}

-- An app whose `apps` module imports a package that reads a required variable while it is
-- imported (Socorro: crashstats/crashstats/apps.py -> socorro/__init__.py ->
-- socorro/mozilla_settings.py). Django 5.2.17 stops with `KeyError: 'SEARCH_URL'` raised at
-- conf/values.py:2 and prints no check (checked with a copy of these files); with SEARCH_URL set
-- it prints its warnings.
local REQUIRED_VARIABLE_APP = {
  ["mysite/settings.py"] = settings{
    'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', "DEBUG = False", 'ALLOWED_HOSTS = ["example.com"]',
    'INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "search"]' },
  ["requirements.txt"] = "Django==5.2.17\n",
  ["search/__init__.py"] = "",
  ["search/apps.py"] = "from django.apps import AppConfig\nfrom conf import values\n"
    .. "class SearchConfig(AppConfig):\n    name = 'search'\n",
  ["conf/__init__.py"] = "",
  ["conf/values.py"] = "import os\nSEARCH_URL = os.environ['SEARCH_URL']\n",
}

-- cg-django-uaa's uaa_client validates its settings in AppConfig.ready() (Tock).
local function uaa(lines)
  local all = {
    'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
    'ALLOWED_HOSTS = ["example.com"]',
    'INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "uaa_client"]',
    'AUTHENTICATION_BACKENDS = ["uaa_client.authentication.UaaBackend"]',
  }
  for _, line in ipairs(lines) do all[#all + 1] = line end
  return { ["mysite/settings.py"] = settings(all) }
end
local UAA_ENV = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY }
local UAA_URLS = {
  'UAA_AUTH_URL = "https://login.example.gov/oauth/authorize"',
  'UAA_TOKEN_URL = "https://uaa.example.gov/oauth/token"',
}
local UAA_CLIENT = { 'UAA_CLIENT_ID = "tock"', 'UAA_CLIENT_SECRET = os.environ["DJANGO_SECRET_KEY"]' }
-- A start-up test of `rule` on uaa settings made of `lines`.
local function uaa_case(name, rule, lines, expect)
  return { name = name, rule = rule, files = uaa(lines), env = UAA_ENV, expect = expect }
end
local function join(...)
  local out = {}
  for _, list in ipairs({ ... }) do
    for _, item in ipairs(list) do out[#out + 1] = item end
  end
  return out
end

-- An INSTALLED_APPS entry that no distribution of a compiled requirements file provides
-- (Open Forms' extensions, installed by an image build argument).
local function extension_app(header)
  return {
    ["requirements.txt"] = header .. "django==5.2.8\ndjango-solo==2.4.0\n",
    ["mysite/settings.py"] = settings{
      'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', "DEBUG = False", 'ALLOWED_HOSTS = ["example.com"]',
      'INSTALLED_APPS = ["django.contrib.contenttypes", "solo", "token_exchange"]',
    },
  }
end
local COMPILED = "# This file was autogenerated by uv via the following command:\n#    uv pip compile\n"

-- A project whose LANGUAGE_CODE is `code` under Django `pin`: Django raises OSError at start-up
-- when no message catalog exists for it (lib/startup.lua missing_catalog).
local function language_case(name, code, pin, expect)
  return {
    name = name,
    rule = "DJ-LOAD",
    files = {
      ["mysite/settings.py"] = settings{ 'SECRET_KEY = "' .. KEY .. '"', 'LANGUAGE_CODE = "' .. code .. '"' },
      ["requirements.txt"] = "Django==" .. pin .. "\n",
    },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = expect,
  }
end

return {
  {
    name = "an app no distribution of a complete dependency list provides may be missing",
    rule = "DJ-LOAD",
    files = extension_app(COMPILED),
    env = UAA_ENV,
    expect = { status = "unknown", message = "INSTALLED_APPS names token_exchange" },
  },
  {
    name = "but the checks stay decided",
    rule = "DJ-W001",
    files = extension_app(COMPILED),
    env = UAA_ENV,
    expect = { status = "fail" },
  },
  {
    name = "a hand-written requirements file may leave transitive distributions out: no doubt",
    rule = "DJ-LOAD",
    files = extension_app(""),
    env = UAA_ENV,
    expect = { status = "pass" },
  },
  uaa_case("an installed app whose ready() requires a setting that is not set stops Django", "DJ-LOAD",
    join({ "DEBUG = False", 'UAA_CLIENT_SECRET = "x"' }, UAA_URLS),
    { status = "fail",
      message = "raises ImproperlyConfigured (\"settings.UAA_CLIENT_ID must be defined as a non-empty string\") because UAA_CLIENT_ID is not set" }),
  uaa_case("then Django prints no check", "DJ-W004",
    join({ "DEBUG = False", 'UAA_CLIENT_SECRET = "x"' }, UAA_URLS),
    { status = "not_applicable" }),
  uaa_case("a number where the app wants a string stops Django too", "DJ-LOAD",
    join({ "DEBUG = False", "UAA_CLIENT_ID = 40912", 'UAA_CLIENT_SECRET = "x"' }, UAA_URLS),
    { status = "fail", message = "because UAA_CLIENT_ID is an integer, not a str" }),
  uaa_case("with every setting a non-empty string and https URLs the app starts", "DJ-LOAD",
    join({ "DEBUG = False" }, UAA_CLIENT, UAA_URLS),
    { status = "pass" }),
  uaa_case("the fake provider with DEBUG off is refused", "DJ-LOAD",
    join({ "DEBUG = False", 'UAA_AUTH_URL = "fake:"', 'UAA_TOKEN_URL = "fake:"' }, UAA_CLIENT),
    { status = "fail", message = "In production, UAA_AUTH_URL and UAA_TOKEN_URL must both use https." }),
  uaa_case("the fake provider with DEBUG on starts", "DJ-LOAD",
    join({ "DEBUG = True", 'UAA_AUTH_URL = "fake:"', 'UAA_TOKEN_URL = "fake:"' }, UAA_CLIENT),
    { status = "pass" }),
  uaa_case("one fake URL without the other is refused whatever DEBUG is", "DJ-LOAD",
    join({ "DEBUG = True", 'UAA_AUTH_URL = "fake:"', 'UAA_TOKEN_URL = "https://uaa.example.gov/oauth/token"' }, UAA_CLIENT),
    { status = "fail", message = "the other must also be set to" }),
  uaa_case("a value Parapet cannot know leaves the start in doubt", "DJ-LOAD",
    join({ "DEBUG = False", "import socket", "UAA_CLIENT_ID = socket.gethostname()", 'UAA_CLIENT_SECRET = "x"' }, UAA_URLS),
    { status = "unknown", message = "which may raise ImproperlyConfigured: UAA_CLIENT_ID is not known" }),
  {
    name = "an app Django does not install is never run",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]', "DEBUG = False",
      'ALLOWED_HOSTS = ["example.com"]' } },
    env = UAA_ENV,
    expect = { status = "pass" },
  },
  {
    name = "a required variable that an app's apps module reads through its imports stops Django",
    rule = "DJ-LOAD",
    files = REQUIRED_VARIABLE_APP,
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "fail",
      message = "django.setup() imports search.apps (then the imports at search/apps.py:2:1), whose code raises KeyError (KeyError: 'SEARCH_URL') at conf/values.py:2" },
  },
  {
    name = "then Django prints no check: the checks are not applicable",
    rule = "DJ-W001",
    files = REQUIRED_VARIABLE_APP,
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "not_applicable" },
  },
  {
    name = "with the variable set the app loads",
    rule = "DJ-LOAD",
    files = REQUIRED_VARIABLE_APP,
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY, SEARCH_URL = "http://search:9200" },
    expect = { status = "pass" },
  },
  {
    name = "an app's code that reads an empty SECRET_KEY when Django imports it stops Django",
    rule = "DJ-LOAD",
    files = KEY_READING_APP,
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail", message = "django.setup() imports shop.models" },
  },
  {
    name = "with a key the same app loads",
    rule = "DJ-LOAD",
    files = KEY_READING_APP,
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "pass" },
  },
  {
    name = "an app only a development dependency group provides may be missing where Django runs",
    rule = "DJ-LOAD",
    files = dev_group_app("mysite/settings.py"),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "unknown", message = "only in the dependency group 'dev' of pyproject.toml" },
  },
  {
    name = "but the checks stay decided: a development group is often installed",
    rule = "DJ-W004",
    files = dev_group_app("mysite/settings.py"),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "pass" },
  },
  {
    name = "settings named for development run where the development dependencies are installed",
    rule = "DJ-LOAD",
    files = dev_group_app("mysite/settings/local.py"),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings.local", DJANGO_SECRET_KEY = KEY },
    expect = { status = "pass" },
  },
  {
    name = "an app only a requirements file the project's requirements.txt does not install provides is likely missing",
    rule = "DJ-LOAD",
    files = dev_requirements_app("mysite/settings.py"),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "unknown", message = "requirements/dev.txt, which the project's requirements.txt does not install" },
  },
  {
    name = "and then Django most likely prints no check",
    rule = "DJ-W004",
    files = dev_requirements_app("mysite/settings.py"),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "unknown", message = "Django may stop while it starts" },
  },
  {
    name = "with DEBUG on, the development requirements are installed",
    rule = "DJ-LOAD",
    files = dev_requirements_app("mysite/settings.py", true),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "pass" },
  },
  {
    name = "DEBUG is on as Python tests it: the string 'False' is true (Tactical RMM's edge case)",
    rule = "DJ-LOAD",
    files = dev_requirements_app("mysite/settings.py", '"False"'),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "pass" },
  },
  {
    name = "another requirements file (optional plugins) is installed by whoever enables them: only DJ-LOAD doubts",
    rule = "DJ-LOAD",
    files = dev_requirements_app("mysite/settings.py", false, "requirements-contribs.in"),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "unknown", message = "requirements-contribs.in" },
  },
  {
    name = "and the checks stay decided",
    rule = "DJ-W004",
    files = dev_requirements_app("mysite/settings.py", false, "requirements-contribs.in"),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "pass" },
  },
  {
    name = "settings named for development run where the development requirements are installed",
    rule = "DJ-LOAD",
    files = dev_requirements_app("mysite/settings/local.py"),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings.local", DJANGO_SECRET_KEY = KEY },
    expect = { status = "pass" },
  },
  {
    name = "a log file in a project folder the scan does not show may not be openable",
    rule = "DJ-W004",
    files = LOG_IN_PROJECT_FOLDER,
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "unknown", message = "whose folder may not exist" },
  },
  {
    name = "a module a plugin's models import, declared only by the plugin's own requirements, may be missing",
    rule = "DJ-LOAD",
    files = PLUGIN,
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "unknown", message = "plugins/pay-plugin/requirements.txt, the dependency file of a plugin" },
  },
  {
    name = "nothing installs a plugin's own requirements with the project: the checks are not decided",
    rule = "DJ-W004",
    files = PLUGIN,
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "unknown", message = "may stop while it starts" },
  },
  {
    name = "the same module declared with the project's dependencies loads",
    rule = "DJ-LOAD",
    files = (function()
      local files = {}
      for path, text in pairs(PLUGIN) do files[path] = text end
      files["requirements.txt"] = "Django==5.2.8\nstripe==11.4.1\n"
      return files
    end)(),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "pass" },
  },
  {
    name = "an empty SECRET_KEY read by an installed app's module while Django starts fails the load",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = BLACKLIST_WITH_ADMIN },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail", message = "admin autodiscovery" },
  },
  {
    name = "django_q's Conf reads an empty SECRET_KEY while Django imports its app (Django Packages)",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = empty_key_with_apps{ '"django.contrib.auth"', '"django_q"' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail", message = "django_q.conf" },
  },
  {
    name = "then Django prints no check at all: the checks are not applicable",
    rule = "DJ-W004",
    files = { ["mysite/settings.py"] = BLACKLIST_WITH_ADMIN },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "not_applicable" },
  },
  {
    name = "without the admin nothing imports token_blacklist.admin: only a doubt (unknown)",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = BLACKLIST_WITHOUT_ADMIN },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "unknown", message = "rest_framework_simplejwt" },
  },
  {
    name = "an empty SECRET_KEY read by a module the project's app models import fails the load",
    rule = "DJ-LOAD",
    files = app_importing("from django.db import models\nfrom rest_framework_simplejwt.settings import api_settings\n"),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail", message = "shop/models/accounts.py:2" },
  },
  {
    name = "an import under try, or inside a function, is not a certain one: nothing stops the load",
    rule = "DJ-LOAD",
    files = app_importing("try:\n    from rest_framework_simplejwt.tokens import RefreshToken\nexcept ImportError:\n    pass\n"
      .. "def token():\n    from rest_framework_simplejwt import tokens\n"),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "pass" },
  },
  {
    name = "a LOGGING file handler whose folder certainly does not exist stops Django while it starts",
    rule = "DJ-LOAD",
    files = {
      ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
        'LOGGING = {"version": 1, "handlers": {"file": {"class": "logging.FileHandler", "filename": "logs/app.log"}}}' },
      ["manage.py"] = "",
      [".gitignore"] = "logs/\n",
    },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail", message = "Unable to configure handler 'file'" },
  },
  {
    name = "a handler that delays opening its file does not",
    rule = "DJ-LOAD",
    files = {
      ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
        'LOGGING = {"version": 1, "handlers": {"file": {"class": "logging.FileHandler", "filename": "logs/app.log", "delay": True}}}' },
      ["manage.py"] = "",
      [".gitignore"] = "logs/\n",
    },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "pass" },
  },
  {
    name = "a manage.py that exits before Django starts fails the load",
    rule = "DJ-LOAD",
    files = {
      ["manage.py"] = "import os, sys\nif not os.path.exists('conf/app.ini'):\n    sys.exit(1)\n"
        .. "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
      ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30' },
    },
    env = {},
    expect = { status = "fail", message = "stops before Django starts: SystemExit" },
  },
  {
    name = "with a key set, the installed app does not stop Django",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = BLACKLIST_WITH_ADMIN },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = string.rep("k7", 30) },
    expect = { status = "pass" },
  },
  {
    name = "a database backend no dependency file installs makes the load unknown",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = backend("django_cockroachdb"), ["requirements.txt"] = "Django==5.2.8\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "unknown", message = "looked for django-cockroachdb" },
  },
  {
    name = "then Django may print no check: the checks are not decided either",
    rule = "DJ-W004",
    files = { ["mysite/settings.py"] = backend("django_cockroachdb"), ["requirements.txt"] = "Django==5.2.8\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "unknown", message = "may stop while it starts" },
  },
  {
    name = "a backend the dependencies install loads (names compared as PEP 503 normalises them)",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = backend("django_cockroachdb"),
      ["requirements.txt"] = "Django==5.2.8\nDjango_CockroachDB==5.2\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "pass" },
  },
  {
    name = "a backend whose distribution has another name is found through the pack's data",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = backend("mysql.connector.django"),
      ["requirements.txt"] = "Django==5.2.8\nmysql-connector-python==9.1.0\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "pass" },
  },
  {
    name = "without dependency files nothing is concluded about the backend",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = backend("django_cockroachdb") },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = KEY },
    expect = { status = "pass" },
  },
  engine_case("a backend a Dockerfile installs with pip loads", "DJ-LOAD", "django_cockroachdb", {
    ["requirements.txt"] = "Django==5.2.8\n",
    ["Dockerfile"] = "FROM python:3.12-slim\nRUN pip install -r requirements.txt && pip install django-cockroachdb==5.2\n",
  }, { status = "pass" }),
  engine_case("a backend that is a module of the project itself is installed with it (AWX's profiled_pg)", "DJ-LOAD",
    "mysite.db.profiled_pg", OWN_BACKEND, { status = "pass" }),
  engine_case("a backend named after the project's package that the project lacks is not (no base module)", "DJ-LOAD",
    "mysite.db.missing", OWN_BACKEND, { status = "unknown" }),
  engine_case("Django's SQLite backend needs no driver", "DJ-LOAD", "django.db.backends.sqlite3",
    { ["requirements.txt"] = "Django==5.2.8\n" }, { status = "pass" }),
  engine_case("Django's MySQL backend without its driver in the dependencies makes the load unknown (pontoon)",
    "DJ-LOAD", "django.db.backends.mysql", { ["requirements.txt"] = "Django==5.2.8\npsycopg2==2.9.10\n" },
    { status = "unknown", message = "whose driver (MySQLdb) no dependency file or Dockerfile" }),
  engine_case("and the checks are not decided", "DJ-W004", "django.db.backends.mysql",
    { ["requirements.txt"] = "Django==5.2.8\npsycopg2==2.9.10\n" },
    { status = "unknown", message = "looked for mysqlclient" }),
  engine_case("the MySQL driver declared as mysqlclient loads", "DJ-LOAD", "django.contrib.gis.db.backends.mysql",
    { ["requirements.txt"] = "Django==5.2.8\nmysqlclient==2.2.7\n" }, { status = "pass" }),
  engine_case("a driver a Dockerfile installs with pip counts as declared: the checks are decided", "DJ-W004",
    "django.db.backends.mysql", {
      ["requirements.txt"] = "Django==5.2.8\npsycopg2==2.9.10\n",
      ["docker/Dockerfile"] = "FROM python:3.12-slim\nRUN apt-get update \\\n"
        .. " && /venv/bin/pip --no-cache-dir install --user \"mysqlclient>=2.2\"\n",
    }, { status = "pass" }),
  engine_case("so does a driver the image's system packages install", "DJ-LOAD", "django.db.backends.mysql", {
    ["requirements.txt"] = "Django==5.2.8\npsycopg2==2.9.10\n",
    ["Dockerfile"] = "FROM debian:12\nRUN apt-get install -y --no-install-recommends python3-mysqldb=1.4.6-2\n",
  }, { status = "pass" }),
  engine_case("a Dockerfile that installs the driver's C library only does not", "DJ-LOAD", "django.db.backends.mysql", {
    ["requirements.txt"] = "Django==5.2.8\npsycopg2==2.9.10\n",
    ["Dockerfile"] = "FROM python:3.12-slim\nRUN apt-get install -y default-libmysqlclient-dev && pip install gunicorn\n",
  }, { status = "unknown", message = "looked for mysqlclient" }),
  engine_case("without dependency files nothing is concluded about Django's backend either", "DJ-LOAD",
    "django.db.backends.mysql", {}, { status = "pass" }),
  engine_case("PostgreSQL without psycopg or psycopg2, where the project declares MySQL's driver, makes the load unknown",
    "DJ-LOAD", "django.db.backends.postgresql", { ["requirements.txt"] = "Django==5.2.8\nmysqlclient==2.2.7\n" },
    { status = "unknown", message = "whose driver (psycopg or psycopg2)" }),
  engine_case("a project that declares no database driver leaves it to the deployment (mailman-web)", "DJ-W004",
    "django.db.backends.postgresql_psycopg2", {
      ["pyproject.toml"] = '[project]\nname = "site"\nversion = "1"\ndependencies = ["django>=4.0,<4.3", "whoosh"]\n',
    }, { status = "pass" }),
  engine_case("from Django 4.2 psycopg 3 is a PostgreSQL driver", "DJ-LOAD", "django.contrib.gis.db.backends.postgis", {
    ["pyproject.toml"] = '[project]\nname = "site"\nversion = "1"\n'
      .. 'dependencies = ["Django==4.2.16", "psycopg[binary]>=3.1"]\n',
  }, { status = "pass" }),
  engine_case("before 4.2 Django imports psycopg2 only", "DJ-LOAD", "django.db.backends.postgresql_psycopg2",
    { ["requirements.txt"] = "Django==3.2.25\npsycopg==3.1.18\n" },
    { status = "unknown", message = "whose driver (psycopg2)" }),
  engine_case("psycopg2-binary provides psycopg2", "DJ-LOAD", "django.db.backends.postgresql",
    { ["requirements.txt"] = "Django==3.2.25\npsycopg2-binary==2.9.9\n" }, { status = "pass" }),
  engine_case("Django 5.2 still accepts cx_Oracle for Oracle", "DJ-LOAD", "django.db.backends.oracle",
    { ["requirements.txt"] = "Django==5.2.8\ncx_Oracle==8.3.0\n" }, { status = "pass" }),
  engine_case("Django 6.0 imports oracledb only", "DJ-LOAD", "django.db.backends.oracle",
    { ["requirements.txt"] = "Django==6.0.7\ncx_Oracle==8.3.0\n" },
    { status = "unknown", message = "whose driver (oracledb)" }),
  {
    name = "Django before 3.2 refuses an empty SECRET_KEY while loading the settings",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = EMPTY_KEY, ["requirements.txt"] = "Django==3.1.14\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail", message = "before 3.2 it checks the key on load" },
  },
  {
    name = "so under Django 3.1 it runs no check: W009 is not reported",
    rule = "DJ-W009",
    files = { ["mysite/settings.py"] = EMPTY_KEY, ["requirements.txt"] = "Django==3.1.14\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "not_applicable", message = "the settings do not load" },
  },
  {
    name = "Django 3.2 reads the key lazily: the empty key is W009's finding",
    rule = "DJ-W009",
    files = { ["mysite/settings.py"] = EMPTY_KEY, ["requirements.txt"] = "Django==3.2.19\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail" },
  },
  {
    name = "a one-element tuple without its comma is a string: Django refuses INSTALLED_APPS",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      'INSTALLED_APPS = ("django.contrib.sessions")' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail", message = "INSTALLED_APPS is a str" },
  },
  {
    name = "then Django runs no check",
    rule = "DJ-W018",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30', "DEBUG = True",
      'LOCALE_PATHS = {"/srv/locale"}' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "not_applicable", message = "LOCALE_PATHS is a set" },
  },
  {
    name = "a tuple and a list load",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      'INSTALLED_APPS = ("django.contrib.sessions",)', 'LOCALE_PATHS = ["/srv/locale"]',
      'ALLOWED_HOSTS = ("example.com",)' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "pass" },
  },
  {
    name = "ALLOWED_HOSTS joined the list in Django 4.0: a string passes the load before",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30', 'ALLOWED_HOSTS = "example.com"' },
      ["requirements.txt"] = "Django==3.2.19\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "pass" },
  },
  {
    name = "and fails it from Django 4.0",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30', 'ALLOWED_HOSTS = "example.com"' },
      ["requirements.txt"] = "Django==4.0.10\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail", message = "ALLOWED_HOSTS is a str" },
  },
  {
    name = "a value from the environment that is unknown decides nothing",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      'INSTALLED_APPS = os.environ["APPS"].split(",")' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", APPS = "django.contrib.sessions" },
    expect = { status = "pass" },
  },
  {
    name = "Django 4.2 refuses STATICFILES_STORAGE next to STORAGES",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      'STORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}',
      'STATICFILES_STORAGE = os.environ.get("STATIC_BACKEND")' },
      ["requirements.txt"] = "Django==4.2.30\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail", message = "STATICFILES_STORAGE/STORAGES are mutually exclusive" },
  },
  {
    name = "a lower-case LOGGING level stops Django while it configures logging",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      'LOGGING = {"version": 1, "loggers": {"django": {"level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")}}}' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_LOG_LEVEL = "info" },
    expect = { status = "fail", message = "Unable to configure logger 'django'" },
  },
  {
    name = "a level name logging may have registered decides nothing",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      'LOGGING = {"version": 1, "root": {"level": "TRACE"}, "loggers": {"django": {"level": "INFO"}}}' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "pass" },
  },
  {
    name = "a DATABASE_URL stored unparsed as DATABASES['default'] stops django.setup()",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      'INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth"]',
      'DATABASES = {"default": os.environ["DATABASE_URL"]}' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DATABASE_URL = "postgres://db/app" },
    expect = { status = "fail", message = "object has no attribute 'setdefault'" },
  },
  {
    name = "DATABASES without a 'default' alias stops django.setup()",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      'INSTALLED_APPS = ["django.contrib.contenttypes"]',
      'DATABASES = {"replica": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db"}}' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail", message = "You must define a 'default' database." },
  },
  {
    name = "an empty DATABASES is Django's dummy backend: it loads",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      'INSTALLED_APPS = ["django.contrib.contenttypes"]', 'DATABASES = {}' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "pass" },
  },
  {
    name = "Django 6.1 refuses deprecated EMAIL_ settings next to MAILERS",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      'MAILERS = {}', 'EMAIL_PORT = 587', 'EMAIL_HOST = "smtp.example.org"' },
      ["requirements.txt"] = "Django==6.1\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail",
      message = "allowed when MAILERS is defined: EMAIL_HOST, EMAIL_PORT." },
  },
  {
    name = "Django 6.0 has no MAILERS: EMAIL_ settings beside one load",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      'MAILERS = {}', 'EMAIL_PORT = 587' },
      ["requirements.txt"] = "Django==6.0.1\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "pass" },
  },
  {
    name = "Django 5.1 dropped STATICFILES_STORAGE: the pair loads",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      'STORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}',
      'STATICFILES_STORAGE = "x"' },
      ["requirements.txt"] = "Django==5.1.4\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "pass" },
  },
  {
    name = "Django 3.2 refuses PASSWORD_RESET_TIMEOUT_DAYS next to PASSWORD_RESET_TIMEOUT",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "k7" * 30',
      "PASSWORD_RESET_TIMEOUT_DAYS = 3", "PASSWORD_RESET_TIMEOUT = 3600" },
      ["requirements.txt"] = "Django==3.2.19\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail", message = "PASSWORD_RESET_TIMEOUT_DAYS/PASSWORD_RESET_TIMEOUT" },
  },
  {
    name = "Django 3.1 with a key set loads",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = EMPTY_KEY, ["requirements.txt"] = "Django==3.1.14\n" },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = string.rep("k7", 30) },
    expect = { status = "pass" },
  },
  {
    name = "an empty SECRET_KEY read by simplejwt at import makes the load unknown",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = SIMPLEJWT_EMPTY_KEY },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "unknown", message = "rest_framework_simplejwt" },
  },
  {
    name = "a setting naming the package is the evidence the message gives",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{
      'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")',
      'REST_FRAMEWORK = {"DEFAULT_AUTHENTICATION_CLASSES": '
        .. '["rest_framework_simplejwt.authentication.JWTAuthentication"]}' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "unknown", message = "the settings use rest_framework_simplejwt (REST_FRAMEWORK)" },
  },
  {
    name = "only the package's setting: the message says so, a project copy reads it the same way",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = SIMPLEJWT_EMPTY_KEY },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "unknown", message = "the settings define SIMPLE_JWT, the settings of rest_framework_simplejwt" },
  },
  {
    name = "then Django may print no check: the checks are not decided either",
    rule = "DJ-W004",
    files = { ["mysite/settings.py"] = SIMPLEJWT_EMPTY_KEY },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "unknown", message = "may stop while it starts" },
  },
  {
    name = "with a key set, simplejwt does not stop Django",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = SIMPLEJWT_EMPTY_KEY },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings", DJANGO_SECRET_KEY = string.rep("k7", 30) },
    expect = { status = "pass" },
  },
  {
    name = "an empty SECRET_KEY without such a package is only W009's finding (Django checks it)",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = ""', "DEBUG = False" } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "pass" },
  },
  {
    name = "before Django 4.1 the admin's autodiscovery imports auth.tokens, which reads an empty key",
    rule = "DJ-LOAD",
    files = admin_with_django("3.2.25"),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "fail", message = "django.contrib.auth.tokens" },
  },
  {
    name = "from Django 4.1 auth.tokens reads the key lazily: the admin alone does not stop the load",
    rule = "DJ-LOAD",
    files = admin_with_django("4.2.16"),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "pass" },
  },
  {
    name = "a file the scan cannot see may be missing where Django runs",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{
      'CONFIG = open("/etc/mysite/config.ini").read()', 'SECRET_KEY = "x"' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "unknown", message = "/etc/mysite/config.ini" },
  },
  {
    name = "a TIME_ZONE the tz database does not name stops Django where /usr/share/zoneinfo exists",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "' .. KEY .. '"', "TIME_ZONE = \"'Asia/Kolkata'\"" } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "unknown", message = "Incorrect timezone setting" },
  },
  {
    name = "a zone of the tz database loads",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{ 'SECRET_KEY = "' .. KEY .. '"', 'TIME_ZONE = "Asia/Kolkata"' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "pass" },
  },
  language_case("Django 1.8 ships an en_GB catalog", "en-gb", "1.8.19", { status = "pass" }),
  language_case("Django 1.8 ships zh_CN", "zh-cn", "1.8.19", { status = "pass" }),
  language_case("Django 1.9 dropped zh_CN (zh_Hans took its place)", "zh-cn", "1.11.29",
    { status = "unknown", message = "for which neither Django 1.11 nor the scanned tree has a message catalog" }),
  language_case("before Django 1.8 the table cannot say", "en-gb", "1.7.11",
    { status = "unknown", message = "starts at Django 1.8, so whether Django 1.7 ships one is not known" }),
  language_case("a language no release of Django translates", "tlh", "5.2.8",
    { status = "unknown", message = "No translation files found for default language" }),
}
