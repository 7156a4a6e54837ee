local django = import("django")
local ex = import("examples")

return {
  id = "DJ-SESSION-PICKLE",
  title = "Sessions must not be serialized with pickle",
  severity = "high",
  references = { "owasp:A08:2021", "cwe:502" },
  rationale = "With PickleSerializer, anyone who learns SECRET_KEY (or can write session data) "
    .. "runs code on the server; with the signed_cookies engine the data also comes from the client.",
  remediation = "SESSION_SERIALIZER = \"django.contrib.sessions.serializers.JSONSerializer\"",
  docs = "https://docs.djangoproject.com/en/stable/topics/http/sessions/#session-serialization",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local serializer = django.setting(facts, "SESSION_SERIALIZER")
    if serializer.known and serializer.kind == "string" and string.find(serializer.value, "Pickle", 1, true) then
      return report.fail{ message = "SESSION_SERIALIZER is " .. serializer.value, at = serializer.at }
    end
    report.pass()
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ '↓SESSION_SERIALIZER = "django.contrib.sessions.serializers.PickleSerializer"' } },
  },
}
