local django = import("django")
local ex = import("examples")

return {
  id = "DJ-PASSWORD-VALIDATORS",
  title = "Password validators must be configured (minimum length at least 8)",
  severity = "medium",
  references = { "owasp:A07:2021", "cwe:521" },
  rationale = "Django's default is no validation at all: users may choose '1' or 'password'.",
  remediation = "AUTH_PASSWORD_VALIDATORS = [{\"NAME\": \"django.contrib.auth.password_validation."
    .. "MinimumLengthValidator\", \"OPTIONS\": {\"min_length\": 12}}, ...]",
  docs = "https://docs.djangoproject.com/en/stable/topics/auth/passwords/#password-validation",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local validators = django.setting(facts, "AUTH_PASSWORD_VALIDATORS")
    if not validators.known then return django.report_unknown(report, "AUTH_PASSWORD_VALIDATORS", validators) end
    local items, unknown = django.items(validators)
    local nonempty = validators.kind == "list" and django.truthy(validators)
    if nonempty == nil then
      -- Only an unknown part: whether any validator is configured is not known.
      return django.report_unknown(report, "AUTH_PASSWORD_VALIDATORS", { reason = unknown, at = validators.at })
    end
    if validators.kind ~= "list" or not nonempty then
      return report.fail{ message = "AUTH_PASSWORD_VALIDATORS is " .. django.describe(validators)
        .. ": any password is accepted", at = validators.at }
    end
    for _, item in ipairs(items) do
      local validator = item.value
      if type(validator) == "table" and validator.NAME == "django.contrib.auth.password_validation.MinimumLengthValidator" then
        local minimum = validator.OPTIONS and validator.OPTIONS.min_length or 8
        if type(minimum) == "number" and minimum < 8 then
          return report.fail{ message = "MinimumLengthValidator allows " .. minimum .. "-character passwords", at = validators.at }
        end
      end
    end
    -- An unknown item may be a MinimumLengthValidator with a smaller minimum.
    if unknown then return django.report_unknown(report, "AUTH_PASSWORD_VALIDATORS", { reason = unknown, at = validators.at }) end
    report.pass()
  end,
  examples = {
    passing = { ex.case() },
    failing = { ex.case{ "↓AUTH_PASSWORD_VALIDATORS = []" } },
  },
}
