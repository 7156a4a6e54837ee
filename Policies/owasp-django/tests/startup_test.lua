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

return {
  {
    name = "an empty SECRET_KEY read by simplejwt at import makes the load unknown",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = SIMPLEJWT_EMPTY_KEY },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "unknown", message = "rest_framework_simplejwt" },
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
    name = "a file the scan cannot see may be missing where Django runs",
    rule = "DJ-LOAD",
    files = { ["mysite/settings.py"] = settings{
      'CONFIG = open("/etc/mysite/config.ini").read()', 'SECRET_KEY = "x"' } },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = { status = "unknown", message = "/etc/mysite/config.ini" },
  },
}
