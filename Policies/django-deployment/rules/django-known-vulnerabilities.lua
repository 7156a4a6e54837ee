local deploy = import("deploy")

local SEVERITY = { low = "low", moderate = "medium", medium = "medium", high = "high", critical = "critical" }
local RANK = { low = 1, moderate = 2, medium = 2, high = 3, critical = 4 }

return {
  id = "DEP-DJANGO-CVE",
  title = "The Django version in use must not have known vulnerabilities",
  severity = "high",
  references = { "owasp:A06:2021", "cwe:1395" },
  rationale = "Django publishes every security fix as a point release of each supported series. "
    .. "A pinned or locked release older than the fix on its series is exposed to the issue; "
    .. "the advisories say how. Data: Django's security archive and release notes "
    .. "(data/django-security.json, refreshed by scripts/refresh-django-security.py).",
  remediation = "Upgrade to the newest point release of your series, e.g. in requirements.txt: Django==5.2.19",
  docs = "https://docs.djangoproject.com/en/stable/releases/security/",
  evidence = { "python.django" },
  check = function(facts, report, options)
    local django = facts.python.django
    local version = django.version
    if version == nil or not fact.known(version) or fact.value(version) == nil then
      return report.not_applicable{ message = "Django is not pinned to one version (see DEP-DJANGO-UNPINNED)" }
    end
    local installed = fact.value(version)
    local series = deploy.series(installed)
    local minimum = RANK[(options and options.minimum_cve_severity) or "low"] or 1
    local dataset = data("django-security")
    local found = 0
    for _, cve in ipairs(dataset.cves) do
      local fixed = cve.fixed_in[series]
      if fixed ~= nil and deploy.compare(installed, fact.value(fixed)) == -1 then
        local level = fact.value(cve.severity)
        if level == nil or (RANK[level] or 2) >= minimum then
          found = found + 1
          report.fail{
            at = version,
            result = fact.value(cve.cve),
            severity = SEVERITY[level or "moderate"] or "medium",
            message = string.format("Django %s: %s (%s, %s) is fixed in %s", installed, fact.value(cve.cve),
              fact.value(cve.summary) or "security issue", level or "severity not rated", fact.value(fixed)),
            data = { cve = fact.value(cve.cve), fixed_in = fact.value(fixed), published = fact.value(cve.date),
              advisory = fact.value(cve.advisory_url) },
          }
        end
      end
    end
    if found == 0 then report.pass{ message = "no known CVE affects Django " .. installed } end
  end,
  examples = {
    passing = {
      { files = { ["requirements.txt"] = "Django==6.1.3\n" } },
    },
    failing = {
      { files = { ["requirements.txt"] = "↓Django==4.2.7\ngunicorn==21.2.0\n" } },
      { facts = { python = { django = { version = "5.2.18", pinned = true } } },
        expect = { result = "CVE-2026-114582" } },
    },
  },
}
