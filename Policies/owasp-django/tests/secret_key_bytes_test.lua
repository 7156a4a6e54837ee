-- A SECRET_KEY read as bytes (AWX reads /etc/tower/SECRET_KEY with open(..., 'rb').read().strip()):
-- from Django 3.2 the W009 test ends with bytes.startswith(str), a TypeError once the key has 50
-- characters and 5 distinct ones, and `check --deploy` stops without any result. Shorter keys
-- stop the test before it: W009 is printed.
local LONG = string.rep("aB3dE5fG7h", 7)

local function case(name, key, requirements, expect)
  return {
    name = name, rule = "DJ-W009",
    files = {
      ["mysite/settings.py"] = table.concat({
        "import os",
        "SECRET_KEY = open(os.path.join(os.path.dirname(__file__), 'SECRET_KEY'), 'rb').read().strip()",
        "DEBUG = False",
        'ALLOWED_HOSTS = ["example.com"]',
      }, "\n") .. "\n",
      ["mysite/SECRET_KEY"] = key .. "\n",
      ["requirements.txt"] = requirements,
    },
    env = { DJANGO_SETTINGS_MODULE = "mysite.settings" },
    expect = expect,
  }
end

return {
  case("a long key read as bytes makes Django's check crash: not decided", LONG, "Django==4.2.16\n",
    { status = "unknown", message = "TypeError" }),
  case("a short key read as bytes is weak, as Django says", string.rep("aB3d", 8), "Django==4.2.16\n",
    { status = "fail" }),
  case("before 3.2 Django's test has no prefix check and passes a long bytes key", LONG, "Django==3.1.14\n",
    { status = "pass" }),
}
