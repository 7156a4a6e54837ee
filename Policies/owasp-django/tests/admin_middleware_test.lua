-- admin.E408–E410 accept a subclass of the middleware Django wants (`_contains_subclass`). A
-- class Parapet does not read may be one: project code, or any class outside Django named
-- like the wanted one (PeeringDB's `peeringdb_server.middleware.PDBSessionMiddleware`,
-- django-user-sessions' `user_sessions.middleware.SessionMiddleware`). Django's other
-- middleware is not.
local function settings(middleware)
  return table.concat({
    'SECRET_KEY = "' .. string.rep("k7", 30) .. '"',
    "DEBUG = False",
    'ALLOWED_HOSTS = ["shop.example.com"]',
    "INSTALLED_APPS = [",
    '    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",',
    '    "django.contrib.sessions", "django.contrib.messages",',
    "]",
    "MIDDLEWARE = [",
    '    "django.middleware.security.SecurityMiddleware",',
    "    " .. middleware .. ",",
    '    "django.contrib.auth.middleware.AuthenticationMiddleware",',
    '    "django.contrib.messages.middleware.MessageMiddleware",',
    "]",
  }, "\n") .. "\n"
end

local function case(name, rule, middleware, expect)
  return {
    name = name, rule = rule,
    files = { ["mysite/settings.py"] = settings(middleware) },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = expect,
  }
end

return {
  case("a session middleware of another package may subclass Django's", "DJ-ADMIN-E410",
    '"user_sessions.middleware.SessionMiddleware"', { status = "unknown", message = "named like" }),
  case("a project class named like it may subclass it", "DJ-ADMIN-E410",
    '"peeringdb_server.middleware.PDBSessionMiddleware"', { status = "unknown", message = "may subclass" }),
  case("another middleware of Django is no subclass", "DJ-ADMIN-E410",
    '"django.middleware.common.CommonMiddleware"', { status = "fail" }),
  case("a class named otherwise is no subclass", "DJ-ADMIN-E410",
    '"corsheaders.middleware.CorsMiddleware"', { status = "fail" }),
}
