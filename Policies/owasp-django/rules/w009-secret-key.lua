local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W009",
  title = "SECRET_KEY must be long and random",
  severity = "high",
  references = { "django:security.W009", "owasp:A02:2021", "cwe:326" },
  rationale = "The secret key signs sessions, password-reset tokens and messages. A short, "
    .. "low-entropy or startproject-generated (django-insecure-) key can be guessed or is known.",
  remediation = "Generate one with get_random_secret_key() and read it from the environment:\n"
    .. "SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W009") then return end
    local key = django.setting(facts, "SECRET_KEY")
    local provenance = django.provenance(facts, "SECRET_KEY")
    if provenance and provenance.source and fact.value(provenance.source) == "generated" then
      -- A random key is as strong as Django's test says: its length decides (a random string
      -- of 50 or more characters has 5 distinct ones beyond any practical doubt).
      local length = provenance.generated_length and fact.value(provenance.generated_length)
      if length == nil then
        return report.unknown{
          message = "cannot verify SECRET_KEY: it is generated at start-up with a length Parapet cannot tell",
          at = key.at,
        }
      end
      if django.key_measures_strong(facts, length, nil, false) then
        return report.pass{ message = "SECRET_KEY is generated at start-up (" .. length .. " random characters)" }
      end
      return report.fail{
        message = "SECRET_KEY is generated at start-up but only " .. length .. " characters long; Django "
          .. "wants at least 50",
        at = key.at,
      }
    end
    if not key.known then return django.report_unknown(report, "SECRET_KEY", key) end
    if django.key_check_crashes(facts, django.python_type(facts, "SECRET_KEY"), key.kind, key.value) then
      return report.unknown{
        message = "cannot verify SECRET_KEY the way Django does: it is bytes of " .. key.value.length
          .. " characters, and Django's own security.W009 check raises TypeError on it "
          .. "(bytes.startswith(str)), so `check --deploy` stops without any result; decode the key "
          .. "(.decode()) or read the file in text mode",
        at = key.at,
      }
    end
    if django.key_is_strong(facts, key.kind, key.value) then return report.pass() end
    local why = "empty or missing"
    if key.kind == "secret" and key.value.length > 0 then
      why = key.value.length .. " characters, " .. key.value.distinct_characters .. " distinct"
    end
    report.fail{
      message = "SECRET_KEY is weak (" .. why .. "; Django wants at least 50 characters, 5 distinct, "
        .. "and no django-insecure- prefix)" .. django.origin_note(facts, "SECRET_KEY"),
      at = key.at,
    }
  end,
  examples = {
    passing = {
      ex.case(),
      ex.case{ 'SECRET_KEY = "changeme" * 8' },
      -- A generated fallback is a strong random key at every start.
      ex.case{ "from django.core.management.utils import get_random_secret_key",
        'SECRET_KEY = os.environ.get("UNSET_KEY") or get_random_secret_key()' },
      ex.case{ "import secrets", 'SECRET_KEY = secrets.token_urlsafe(64)' },
    },
    failing = {
      ex.case{ '↓SECRET_KEY = "my-super-secret-key-2024!"' },
      ex.case{ '↓SECRET_KEY = "0123" * 13' },
      ex.case{ '↓SECRET_KEY = "django-insecure-' .. string.rep("x9", 30) .. '"' },
      ex.only("DEBUG = False\n"),
      -- token_urlsafe(32) is 43 characters: random, but shorter than Django accepts.
      ex.case{ "import secrets", '↓SECRET_KEY = secrets.token_urlsafe(32)' },
      -- A short key read as bytes: Django's test stops at the length and prints W009.
      ex.case{ '↓SECRET_KEY = b"' .. string.rep("k7", 10) .. '"' },
    },
  },
}
