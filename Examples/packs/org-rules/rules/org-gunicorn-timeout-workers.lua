-- k: gunicorn.conf.py gives a worker timeout of at most 60 s and at least 2 workers, evaluated
-- under the production environment (`int(os.environ.get("WORKERS", "4"))`).
local raw = import("raw")

local function number(node)
  local kind = fact.kind(node)
  if kind == "integer" or kind == "number" then return fact.value(node) end
  if kind == "string" then return tonumber(fact.value(node)) end -- gunicorn converts strings
  return nil
end

local function unknown(report, path, name, node)
  local variables = fact.variables(node) or {}
  local reason = tostring(fact.reason(node) or "not known")
  local message = path .. ": cannot verify " .. name .. ": " .. reason
  if #variables > 0 and not reason:find("$" .. variables[1], 1, true) then
    message = message .. " (set $" .. table.concat(variables, ", $") .. " in the production environment)"
  end
  report.unknown{ message = message, at = node, target = path }
end

return {
  id = "org-gunicorn-timeout-workers",
  title = "gunicorn runs at least 2 workers with a timeout of at most 60 s",
  severity = "medium",
  references = { "owasp:A05:2021", "cwe:400" },
  rationale = "One worker is one request at a time: a single slow client stops the site. A long "
    .. "(or 0, unlimited) timeout lets slow requests hold every worker. gunicorn's defaults are "
    .. "timeout 30 and one worker (or $WEB_CONCURRENCY): this pack requires workers to be set.",
  remediation = 'In gunicorn.conf.py: workers = int(os.environ.get("GUNICORN_WORKERS", "4")) and '
    .. 'timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30")), and set the variables in production.',
  docs = "https://docs.gunicorn.org/en/stable/settings.html#timeout",
  evidence = { "raw.gunicorn" },
  check = function(facts, report, options)
    local max_timeout = options.max_gunicorn_timeout or 60
    local min_workers = options.min_gunicorn_workers or 2
    local files = raw.files(facts, "gunicorn")
    local any = false
    for _, file in ipairs(files) do
      local values = raw.child(file.entry, "settings")
      if values ~= nil then
        any = true
        local timeout = raw.child(values, "timeout")
        if timeout ~= nil then
          if not fact.known(timeout) then
            unknown(report, file.path, "timeout", timeout)
          else
            local seconds = number(timeout)
            if seconds == nil then
              report.fail{ message = file.path .. ": timeout is not a number", at = timeout, target = file.path }
            elseif seconds <= 0 then
              report.fail{ message = file.path .. ": timeout " .. tostring(fact.value(timeout))
                .. " turns the worker timeout off", at = timeout, target = file.path }
            elseif seconds > max_timeout then
              report.fail{ message = file.path .. ": timeout is " .. tostring(fact.value(timeout)) .. " s, above "
                .. tostring(max_timeout) .. " s", at = timeout, target = file.path }
            end
          end
        end
        local workers = raw.child(values, "workers")
        if workers == nil then
          report.fail{ message = file.path .. ": workers is not set (gunicorn runs 1 worker unless "
            .. "$WEB_CONCURRENCY says otherwise)", at = values, target = file.path }
        elseif not fact.known(workers) then
          unknown(report, file.path, "workers", workers)
        else
          local count = number(workers)
          if count == nil then
            report.fail{ message = file.path .. ": workers is not a number", at = workers, target = file.path }
          elseif count < min_workers then
            report.fail{ message = file.path .. ": workers is " .. tostring(fact.value(workers)) .. ", below "
              .. tostring(min_workers), at = workers, target = file.path }
          end
        end
      end
    end
    if not any then
      return report.not_applicable{ message = "no gunicorn configuration file in the evidence" }
    end
  end,
  examples = {
    passing = {
      { files = { ["gunicorn.conf.py"] = [[
import os
bind = "0.0.0.0:8000"
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
]] } },
      -- the environment decides, and it is within the limits
      { files = { ["gunicorn.conf.py"] = [[
import os
workers = int(os.environ.get("GUNICORN_WORKERS", "1"))
timeout = int(os.environ["GUNICORN_TIMEOUT"])
]] }, env = { GUNICORN_WORKERS = "3", GUNICORN_TIMEOUT = "45" } },
    },
    failing = {
      -- the production environment raises the timeout
      { files = { ["gunicorn.conf.py"] = [[
import os
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
↓timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
]] }, env = { GUNICORN_TIMEOUT = "300" }, expect = { message = "above 60" } },
      -- the code's default: one worker
      { files = { ["gunicorn.conf.py"] = [[
import os
↓workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
timeout = 30
]] }, expect = { message = "below 2" } },
    },
  },
}
