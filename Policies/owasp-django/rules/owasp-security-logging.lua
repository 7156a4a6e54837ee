local django = import("django")
local ex = import("examples")

-- Django logs DisallowedHost and the other SuspiciousOperations at ERROR, CSRF failures
-- (django.security.csrf) at WARNING: ERROR hides only the CSRF ones, CRITICAL hides all.
local function silences(name, level)
  if level == "CRITICAL" then return true end
  return level == "ERROR" and (name == "django.security" or name == "django.security.csrf")
end

return {
  id = "DJ-SECURITY-LOGGING",
  title = "Logging must not silence django.security",
  severity = "medium",
  references = { "owasp:A09:2021", "cwe:778" },
  rationale = "DisallowedHost, SuspiciousOperation and CSRF failures are logged under "
    .. "django.security (CSRF failures at WARNING, the others at ERROR); a NullHandler, "
    .. "propagate=False without handlers, or a level above what an event is logged at hides attacks.",
  remediation = "LOGGING[\"loggers\"][\"django.security\"] = {\"handlers\": [\"console\"], \"level\": \"WARNING\"}",
  docs = "https://docs.djangoproject.com/en/stable/ref/logging/#django-security",
  evidence = { "django.settings" },
  check = function(facts, report)
    if not django.ready(facts, report) then return end
    local logging = django.setting(facts, "LOGGING")
    if not logging.assigned then return report.pass() end
    if not logging.known then return django.report_unknown(report, "LOGGING", logging) end
    local config = logging.value
    local loggers = type(config) == "table" and config.loggers or {}
    local handlers = type(config) == "table" and config.handlers or {}
    for name, logger in pairs(loggers) do
      if type(logger) == "table" and (name == "django.security" or string.sub(name, 1, 16) == "django.security.") then
        local silent = silences(name, logger.level)
        local targets = logger.handlers or {}
        local real = 0
        for _, handler in ipairs(targets) do
          local spec = handlers[handler]
          if not (type(spec) == "table" and spec.class == "logging.NullHandler") then real = real + 1 end
        end
        if #targets > 0 and real == 0 then silent = true end
        if logger.propagate == false and real == 0 then silent = true end
        if silent then
          return report.fail{ message = "LOGGING silences " .. name, at = logging.at }
        end
      end
    end
    report.pass()
  end,
  examples = {
    passing = {
      ex.case(),
      -- DisallowedHost is logged at ERROR: an ERROR level hides nothing there.
      ex.case{ 'LOGGING = {"version": 1, "handlers": {"console": {"class": "logging.StreamHandler"}},',
        '  "loggers": {"django.security.DisallowedHost": {"handlers": ["console"], "level": "ERROR"}}}' },
    },
    failing = {
      ex.case{ 'LOGGING = {"version": 1, "handlers": {"null": {"class": "logging.NullHandler"}},',
        '  "loggers": {"django.security.DisallowedHost": {"handlers": ["null"], "propagate": False}}}' },
      ex.case{ 'LOGGING = {"version": 1, "handlers": {"console": {"class": "logging.StreamHandler"}},',
        '  "loggers": {"django.security.csrf": {"handlers": ["console"], "level": "ERROR"}}}' },
    },
  },
}
