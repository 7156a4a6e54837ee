return {
  id = "DEP-DJANGO-UNPINNED",
  title = "Django must be pinned (or locked) to an exact version",
  severity = "medium",
  references = { "owasp:A06:2021", "cwe:1104" },
  rationale = "With a range (`Django>=4.2`) or a bare name, what is installed depends on the day of "
    .. "the build: nobody can tell whether a security release is in, and builds are not "
    .. "reproducible. A lock file (poetry.lock, uv.lock, Pipfile.lock) or an `==` pin answers it.",
  remediation = "Pin the release in requirements.txt: Django==5.2.19 (or commit the lock file)",
  docs = "https://pip.pypa.io/en/stable/topics/repeatable-installs/",
  evidence = { "python.django" },
  check = function(facts, report)
    local django = facts.python.django
    if django.pinned and fact.value(django.pinned) == true then
      return report.pass{ message = "Django " .. tostring(fact.value(django.version)) .. " is pinned" }
    end
    local specifier = django.specifier and fact.value(django.specifier) or ""
    report.fail{
      at = django.specifier or django,
      message = specifier == "" and "Django is required without a version: any release may be installed"
        or ("Django is required as '" .. specifier .. "': the installed release is not fixed"),
    }
  end,
  examples = {
    passing = {
      { files = { ["requirements.txt"] = "Django==5.2.19\n" } },
    },
    failing = {
      { files = { ["requirements.txt"] = "↓Django>=4.2,<6\n" } },
      { files = { ["pyproject.toml"] = "[project]\nname = \"shop\"\ndependencies = [\n  ↓\"django\",\n]\n" } },
    },
  },
}
