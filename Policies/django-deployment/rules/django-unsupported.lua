local deploy = import("deploy")

return {
  id = "DEP-DJANGO-EOL",
  title = "The Django series in use must still receive security fixes",
  severity = "high",
  references = { "owasp:A06:2021", "cwe:1104" },
  rationale = "Once a series reaches the end of its support, Django publishes no more fixes for it: "
    .. "every later vulnerability stays open. The dates come with the pack's data "
    .. "(data/django-security.json, `as_of` gives the date they were checked against).",
  remediation = "Move to a supported series, e.g. the LTS: Django==5.2.19",
  docs = "https://www.djangoproject.com/download/#supported-versions",
  evidence = { "python.django" },
  check = function(facts, report)
    local django = facts.python.django
    local text = (django.version and fact.value(django.version)) or (django.minimum and fact.value(django.minimum))
    local series = deploy.series(text)
    if series == nil then
      return report.unknown{ message = "the Django series cannot be told from the requirement", at = django }
    end
    local dataset = data("django-security")
    local as_of = fact.value(dataset.as_of)
    local entry = dataset.series[series]
    local ends = entry and fact.value(entry.end_of_support)
    if ends == nil then
      -- Not in the support table: older than every series that still has a date.
      return report.fail{ at = django.version or django,
        message = "Django " .. series .. " is long past its end of support" }
    end
    if ends < as_of then
      report.fail{ at = django.version or django,
        message = string.format("Django %s lost security support on %s (data as of %s)", series, ends, as_of) }
    else
      report.pass{ message = string.format("Django %s is supported until %s", series, ends) }
    end
  end,
  examples = {
    passing = {
      { files = { ["requirements.txt"] = "Django==5.2.19\n" } },
    },
    failing = {
      { files = { ["requirements.txt"] = "↓Django==4.2.30\n" } },
      { files = { ["requirements.txt"] = "↓Django==3.2.25\n" } },
    },
  },
}
