-- Lists whose items are partly known (docs/facts/django.md, "Lists with an unknown part"):
-- settings extended with plugin entries Parapet cannot list keep their known items and hold an
-- unknown part (`fact.many`). A membership test is decided by a known item; an absence, an
-- emptiness or a "no bad item" judgement stays unknown while the unknown part could change it.
local PLUGINS = 'PLUGINS = [ep.value for ep in metadata.entry_points(group="plugins")]'

local function settings(lines)
  return table.concat({
    "from importlib import metadata",
    PLUGINS,
    'SECRET_KEY = "' .. string.rep("k7", 30) .. '"',
    "DEBUG = False",
    'ALLOWED_HOSTS = ["shop.example.com"]',
    "INSTALLED_APPS = [",
    '    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",',
    '    "django.contrib.sessions", "django.contrib.messages",',
    "] + PLUGINS",
    "MIDDLEWARE = [",
    '    "django.middleware.security.SecurityMiddleware",',
    '    "django.contrib.sessions.middleware.SessionMiddleware",',
    '    "django.middleware.csrf.CsrfViewMiddleware",',
    '    "django.contrib.auth.middleware.AuthenticationMiddleware",',
    '    "django.contrib.messages.middleware.MessageMiddleware",',
    "]",
    "MIDDLEWARE.extend(PLUGINS)",
    "SESSION_COOKIE_SECURE = False",
  }, "\n") .. "\n" .. table.concat(lines or {}, "\n") .. "\n"
end

local function case(name, rule, lines, expect)
  return {
    name = name, rule = rule,
    files = { ["mysite/settings.py"] = settings(lines) },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = expect,
  }
end

return {
  case("a known SecurityMiddleware is present", "DJ-W001", {}, { status = "pass" }),
  case("a middleware that is no known item may be in the unknown part", "DJ-W002", {},
    { status = "unknown", message = "entry_points" }),
  case("the sessions app and middleware are known items: W012 decides", "DJ-W012", {}, { status = "fail" }),
  case("W010 (app only) does not apply when both are known items", "DJ-W010", {}, { status = "pass" }),
  case("admin.E410: SessionMiddleware is a known item", "DJ-ADMIN-E410", {}, { status = "pass" }),
  case("a known host makes ALLOWED_HOSTS non-empty", "DJ-W020", { "ALLOWED_HOSTS += PLUGINS" }, { status = "pass" }),
  case("an unknown part alone may be empty", "DJ-W020", { "ALLOWED_HOSTS = [*PLUGINS]" },
    { status = "unknown", message = "ALLOWED_HOSTS" }),
  case("a known wildcard host fails", "DJ-ALLOWED-HOSTS-WILDCARD", { 'ALLOWED_HOSTS = ["*"] + PLUGINS' }, { status = "fail" }),
  case("no known wildcard, but the unknown part may hold one", "DJ-ALLOWED-HOSTS-WILDCARD", { "ALLOWED_HOSTS += PLUGINS" },
    { status = "unknown" }),
  case("a weak known fallback key fails", "DJ-W025", { 'SECRET_KEY_FALLBACKS = PLUGINS + ["short"]' }, { status = "fail" }),
  case("strong known fallbacks with an unknown part are unknown", "DJ-W025",
    { 'SECRET_KEY_FALLBACKS = ["' .. string.rep("q9", 30) .. '"] + PLUGINS' }, { status = "unknown" }),
  case("a known silenced id is silenced", "DJ-W012", { 'SILENCED_SYSTEM_CHECKS = ["security.W012"] + PLUGINS' },
    { status = "pass", message = "silenced" }),
  case("an unknown part may silence any other check", "DJ-W018", { 'SILENCED_SYSTEM_CHECKS = ["security.W012"] + PLUGINS' },
    { status = "unknown", message = "silenced" }),
  case("an unknown first hasher decides nothing", "DJ-PASSWORD-HASHERS",
    { 'PASSWORD_HASHERS = [*PLUGINS, "django.contrib.auth.hashers.MD5PasswordHasher"]' }, { status = "unknown" }),
  case("a known protection app is installed", "DJ-BRUTE-FORCE", { 'INSTALLED_APPS += ["axes"]' }, { status = "pass" }),
  case("no known protection app, but a plugin may be one", "DJ-BRUTE-FORCE", {}, { status = "unknown" }),
  case("no known CSP middleware, but a plugin may be one", "DJ-CSP", {}, { status = "unknown" }),
  case("a known origin without a scheme fails, named without an index after the unknown part", "DJ-4_0-E001",
    { 'CSRF_TRUSTED_ORIGINS = PLUGINS + ["shop.example.com"]' },
    { status = "fail", message = "an item of CSRF_TRUSTED_ORIGINS is 'shop.example.com'" }),
}
