local django = import("django")
local ex = import("examples")

return {
  id = "DJ-W020",
  title = "ALLOWED_HOSTS must not be empty",
  severity = "medium",
  references = { "django:security.W020", "owasp:A05:2021", "cwe:20" },
  rationale = "With an empty ALLOWED_HOSTS and DEBUG off, Django rejects every request; the "
    .. "usual fix under pressure is ['*'], which opens Host-header attacks.",
  remediation = "ALLOWED_HOSTS = [\"shop.example.com\"]",
  docs = "https://docs.djangoproject.com/en/stable/ref/settings/#allowed-hosts",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report, "security.W020") then return end
    local hosts = django.setting(facts, "ALLOWED_HOSTS")
    if not hosts.known then return django.report_unknown(report, "ALLOWED_HOSTS", hosts) end
    local truthy = django.truthy(hosts)
    if truthy then return report.pass() end
    if truthy == nil then
      -- Only an unknown part (zero or more items): whether it is empty is not known.
      local _, why = django.items(hosts)
      return django.report_unknown(report, "ALLOWED_HOSTS", { reason = why, at = hosts.at })
    end
    report.fail{ message = "ALLOWED_HOSTS is " .. django.describe(hosts)
      .. django.origin_note(facts, "ALLOWED_HOSTS"), at = hosts.at }
  end,
  examples = {
    passing = {
      ex.case(),
      -- "".split(",") is [""], which is not empty.
      ex.case{ 'ALLOWED_HOSTS = os.environ.get("HOSTS", "").split(",")' },
      -- A known host makes the list non-empty, whatever the plugins add.
      ex.case{ "from importlib import metadata", 'ALLOWED_HOSTS += [ep.value for ep in metadata.entry_points(group="hosts")]' },
    },
    failing = {
      ex.case{ "↓ALLOWED_HOSTS = []" },
      ex.case{ '↓ALLOWED_HOSTS = [h for h in os.environ.get("HOSTS", "").split(",") if h]' },
    },
  },
}
