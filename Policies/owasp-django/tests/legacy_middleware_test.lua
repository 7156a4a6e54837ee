-- Django before 2.0 reads MIDDLEWARE_CLASSES: only it before 1.10, either it or MIDDLEWARE in
-- 1.10 and 1.11 (lib/django.lua has_middleware; defaults from the engine's global-settings
-- table). The admin's dependency checks exist from 1.10, its middleware checks from 2.2
-- (lib/admin.lua). Measured on cla_backend (Django 1.8).
local SM = '"django.middleware.security.SecurityMiddleware"'

local function project(pin, lines)
  return {
    ["mysite/settings.py"] = table.concat({
      'SECRET_KEY = "' .. string.rep("k7", 30) .. '"',
      "DEBUG = False",
      'ALLOWED_HOSTS = ["shop.example.com"]',
      "INSTALLED_APPS = [",
      '    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",',
      '    "django.contrib.sessions", "django.contrib.messages",',
      "]",
      table.concat(lines, "\n"),
    }, "\n") .. "\n",
    ["requirements.txt"] = "Django==" .. pin .. "\n",
  }
end

local function case(name, rule, pin, lines, expect)
  return {
    name = name, rule = rule, files = project(pin, lines),
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" }, expect = expect,
  }
end

return {
  case("Django 1.8 finds SecurityMiddleware in MIDDLEWARE_CLASSES", "DJ-W001", "1.8.19",
    { "MIDDLEWARE_CLASSES = [" .. SM .. "]" }, { status = "pass" }),
  case("Django 1.8 does not read MIDDLEWARE", "DJ-W001", "1.8.19",
    { "MIDDLEWARE = [" .. SM .. "]" }, { status = "fail" }),
  case("so with SecurityMiddleware only in MIDDLEWARE HSTS is not checked", "DJ-W004", "1.8.19",
    { "MIDDLEWARE = [" .. SM .. "]" }, { status = "pass" }),
  case("with it in MIDDLEWARE_CLASSES HSTS is", "DJ-W004", "1.8.19",
    { "MIDDLEWARE_CLASSES = [" .. SM .. "]" }, { status = "fail" }),
  case("Django 1.8's default MIDDLEWARE_CLASSES holds CsrfViewMiddleware", "DJ-W003", "1.8.19",
    {}, { status = "pass" }),
  case("Django 1.11 takes MIDDLEWARE", "DJ-W001", "1.11.29",
    { "MIDDLEWARE = [" .. SM .. "]" }, { status = "pass" }),
  case("Django 1.11 takes MIDDLEWARE_CLASSES too", "DJ-W001", "1.11.29",
    { "MIDDLEWARE_CLASSES = [" .. SM .. "]", "MIDDLEWARE = []" }, { status = "pass" }),
  case("Django 1.11 with neither fails", "DJ-W001", "1.11.29",
    { "MIDDLEWARE = ['django.middleware.common.CommonMiddleware']" }, { status = "fail" }),
  case("Django 2.0 no longer reads MIDDLEWARE_CLASSES", "DJ-W001", "2.0.13",
    { "MIDDLEWARE_CLASSES = [" .. SM .. "]" }, { status = "fail" }),
  case("the admin's middleware checks do not exist before Django 2.2", "DJ-ADMIN-E408", "1.8.19",
    { "MIDDLEWARE = []" }, { status = "not_applicable", message = "exists from Django 2.2" }),
  case("from 2.2 they do", "DJ-ADMIN-E408", "2.2.28",
    { "MIDDLEWARE = []" }, { status = "fail" }),
  case("no admin dependency check exists before Django 1.10", "DJ-ADMIN-E401", "1.9.13",
    {}, { status = "not_applicable" }),
}
